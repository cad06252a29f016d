/*
 * The cache line size that structures are aligned to so that CPUs do not
 * share lines. Cortex-A53 and -A72, QEMU's usual models, have 64-byte
 * lines; so have most arm64 cores (CTR_EL0 reports the real size, which
 * only cache maintenance needs). Plain C: the host build uses it too.
 */
#ifndef ASM_CACHE_H
#define ASM_CACHE_H

#define L1_CACHE_SHIFT 6
#define L1_CACHE_BYTES (1 << L1_CACHE_SHIFT)

#endif
