/*
 * The page allocator's interface (mm/page_alloc.c): blocks of 2^order
 * physically contiguous pages, and the flags that say how to allocate.
 */
#ifndef MM_GFP_H
#define MM_GFP_H

#include <kernel/types.h>

typedef unsigned int gfp_t;

#define __GFP_ZERO 0x1u		/* fill the memory with zeroes */
#define __GFP_COMP 0x2u		/* mark head and tail pages of the block */
#define __GFP_NOWARN 0x4u	/* failure is expected: do not log it */
#define __GFP_DIRECT_RECLAIM 0x400u	/* the caller may sleep for memory (Linux's value) */
#define __GFP_NORETRY 0x10000u	/* may sleep, but fail rather than reclaim (a cheaper way exists) */

/*
 * A caller of GFP_KERNEL may reclaim (mm/vmscan.c) when free pages run
 * short; GFP_ATOMIC may not, and in exchange may take half of the
 * reserve below the min watermark. The flag also tells fault injection's
 * ignore-gfp-wait filter which is which.
 */
#define GFP_KERNEL __GFP_DIRECT_RECLAIM
#define GFP_ATOMIC 0u

#define MAX_ORDER 11	/* orders 0 .. MAX_ORDER - 1: 4 KiB .. 4 MiB */
/* Above this order a block is rare and hard to find: no per-CPU list, no retry for slabs. */
#define PAGE_ALLOC_COSTLY_ORDER 3

struct page;

struct page *alloc_pages(gfp_t gfp, unsigned int order);
void __free_pages(struct page *page, unsigned int order);
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
unsigned long get_zeroed_page(gfp_t gfp);
void free_pages(unsigned long addr, unsigned int order);

/*
 * nr pages reserved at boot (the initramfs image's), from first on in
 * mem_map, that their user now owns as if allocated: one reference each,
 * counted in the memory the allocator manages, freed with put_page like
 * any other. One zone lock for the whole run.
 */
void adopt_reserved_pages(struct page *first, unsigned long nr);

/*
 * Give the allocator the reserved pages wholly inside [start, end) that
 * nobody adopted (Linux's free_reserved_area, as it frees the initrd).
 * Returns how many.
 */
unsigned long free_reserved_area(phys_addr_t start, phys_addr_t end);

#define alloc_page(gfp) alloc_pages(gfp, 0)
#define __get_free_page(gfp) __get_free_pages(gfp, 0)
#define __free_page(page) __free_pages(page, 0)
#define free_page(addr) free_pages(addr, 0)

#endif
