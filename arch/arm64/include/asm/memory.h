/*
 * Conversions between physical addresses and kernel virtual addresses.
 * RAM is reached through the linear map at PA + PAGE_OFFSET; the kernel
 * image itself runs at KIMAGE_VADDR, wherever it was loaded physically.
 */
#ifndef ASM_MEMORY_H
#define ASM_MEMORY_H

#include <asm/page-def.h>
#include <kernel/types.h>

/* KIMAGE_VADDR minus the physical address the image was loaded at. */
extern u64 kimage_voffset;

#define __va(pa) ((void *)((phys_addr_t)(pa) + PAGE_OFFSET))
#define __pa(va) ((phys_addr_t)(va) - PAGE_OFFSET)
#define __pa_symbol(sym) ((phys_addr_t)(sym) - kimage_voffset)

/*
 * The address without the tag the CPU ignores in its top byte (TBI):
 * bit 55 copied into bits 56-63, as Linux's untagged_addr.
 */
static inline unsigned long untagged_addr(unsigned long addr)
{
	return (unsigned long)((long)(addr << 8) >> 8);
}

#endif
