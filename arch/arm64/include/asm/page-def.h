/*
 * Page size and the layout of the kernel's virtual address space
 * (4 KiB granule, 48-bit VA). Plain constants: the host build of mm/ uses
 * this file too. docs/memory-layout.md draws the picture.
 */
#ifndef ASM_PAGE_DEF_H
#define ASM_PAGE_DEF_H

/* Constants usable from assembly too, where the UL suffix is not allowed. */
#ifdef __ASSEMBLER__
#define UL(x) x
#else
#define UL(x) x##UL
#endif

#define PAGE_SHIFT 12
#define PAGE_SIZE (UL(1) << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x) (((x) + PAGE_SIZE - 1) & PAGE_MASK)

#define VA_BITS 48
/* The end of the TTBR0 half: user addresses are below it. */
#define USER_SPACE_END (UL(1) << VA_BITS)

/*
 * TTBR1 half, from the bottom:
 *   linear map   0xffff000000000000  every byte of RAM at PA + PAGE_OFFSET
 *   vmalloc      0xffff800000000000  vmalloc, vmap, ioremap, kernel stacks
 *   kernel image 0xffffff8000000000  the kernel's own sections
 */
#define PAGE_OFFSET UL(0xffff000000000000)
#define LINEAR_MAP_END UL(0xffff800000000000)
#define VMALLOC_START UL(0xffff800000000000)
#define VMALLOC_END UL(0xffffff0000000000)
#define KIMAGE_VADDR UL(0xffffff8000000000)

#endif
