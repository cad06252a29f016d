/*
 * Host stand-in for asm/memory.h: "physical memory" is an arena that the
 * test allocated with malloc, and __va/__pa shift by the arena's offset.
 */
#ifndef ASM_MEMORY_H
#define ASM_MEMORY_H

#include <asm/page-def.h>
#include <kernel/types.h>

extern uintptr_t host_va_offset;
extern u64 kimage_voffset;

#define __va(pa) ((void *)((uintptr_t)(pa) + host_va_offset))
#define __pa(va) ((phys_addr_t)((uintptr_t)(va) - host_va_offset))
#define __pa_symbol(sym) __pa(sym)

#endif
