/*
 * Page size and the layout of the kernel's virtual address space
 * (4 KiB granule, 48-bit VA). Plain constants: the host build of mm/ uses
 * this file too. docs/memory-layout.md draws the picture.
 */
#ifndef ASM_PAGE_DEF_H
#define ASM_PAGE_DEF_H

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x) (((x) + PAGE_SIZE - 1) & PAGE_MASK)

#define VA_BITS 48

/*
 * TTBR1 half, from the bottom:
 *   linear map   0xffff000000000000  every byte of RAM at PA + PAGE_OFFSET
 *   vmalloc      0xffff800000000000  vmalloc, vmap, ioremap, kernel stacks
 *   kernel image 0xffffff8000000000  the kernel's own sections
 */
#define PAGE_OFFSET 0xffff000000000000UL
#define LINEAR_MAP_END 0xffff800000000000UL
#define VMALLOC_START 0xffff800000000000UL
#define VMALLOC_END 0xffffff0000000000UL
#define KIMAGE_VADDR 0xffffff8000000000UL

#endif
