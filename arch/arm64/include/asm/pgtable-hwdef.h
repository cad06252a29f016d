/*
 * The AArch64 stage-1 translation table descriptor format, 4 KiB granule
 * (Arm ARM D8.3). Every level uses the same 64-bit descriptor: bits 1:0
 * say invalid, block (levels 1-2) or table/page, bits 47:12 hold the next
 * table or the output address, and the rest are attributes.
 * Plain constants, shared with the host build of mm/.
 */
#ifndef ASM_PGTABLE_HWDEF_H
#define ASM_PGTABLE_HWDEF_H

#include <asm/page-def.h>

#define PT_LEVELS 4
#define PTRS_PER_TABLE 512
#define LEVEL_SHIFT(level) (12 + 9 * (3 - (level)))	/* L0 39, L1 30, L2 21, L3 12 */
#define LEVEL_SIZE(level) (UL(1) << LEVEL_SHIFT(level))

#define PTE_VALID (UL(1) << 0)
#define PTE_TABLE (UL(1) << 1)	/* levels 0-2: next-level table; clear = block */
#define PTE_PAGE (UL(1) << 1)	/* level 3: must be set for a page */
#define PTE_TYPE_MASK UL(3)
#define PTE_TYPE_BLOCK UL(1)
#define PTE_TYPE_TABLE UL(3)
#define PTE_TYPE_PAGE UL(3)

#define PTE_ATTRINDX(i) (UL(i) << 2)	/* index into MAIR_EL1 */
#define PTE_ATTRINDX_MASK (UL(7) << 2)
#define PTE_USER (UL(1) << 6)	/* AP[1]: EL0 may access */
#define PTE_RDONLY (UL(1) << 7)	/* AP[2]: read-only at every EL */
#define PTE_SH_INNER (UL(3) << 8)	/* inner shareable */
#define PTE_AF (UL(1) << 10)	/* access flag; clear = fault on first access */
#define PTE_NG (UL(1) << 11)	/* not global: tagged with the ASID */
#define PTE_CONT (UL(1) << 52)
#define PTE_PXN (UL(1) << 53)	/* never executable at EL1 */
#define PTE_UXN (UL(1) << 54)	/* never executable at EL0 */
#define PTE_ADDR_MASK UL(0x0000fffffffff000)

/* MAIR_EL1 slots, in the order mmu.c programs them. */
#define MT_NORMAL 0		/* 0xff: write-back, read/write allocate */
#define MT_DEVICE_nGnRE 1	/* 0x04: MMIO */
#define MT_NORMAL_NC 2		/* 0x44: non-cacheable */
#define MT_DEVICE_nGnRnE 3	/* 0x00: strongly ordered */
#define MAIR_EL1_VALUE UL(0x0000000000004404ff)

#define PROT_NORMAL (PTE_AF | PTE_SH_INNER | PTE_ATTRINDX(MT_NORMAL))
#define PAGE_KERNEL (PROT_NORMAL | PTE_PXN | PTE_UXN)
#define PAGE_KERNEL_RO (PROT_NORMAL | PTE_RDONLY | PTE_PXN | PTE_UXN)
#define PAGE_KERNEL_ROX (PROT_NORMAL | PTE_RDONLY | PTE_UXN)
#define PAGE_KERNEL_EXEC (PROT_NORMAL | PTE_UXN)
#define PAGE_DEVICE (PTE_AF | PTE_ATTRINDX(MT_DEVICE_nGnRE) | PTE_PXN | PTE_UXN)

/* The attribute bits a pgprot_t may carry. */
#define PTE_ATTR_MASK (~PTE_ADDR_MASK & ~PTE_TYPE_MASK)

#endif
