/*
 * The page array (mem_map) and conversions between struct page, page
 * frame numbers and kernel virtual addresses, plus the page allocator's
 * set-up and statistics. Everything here lives in mm/page_alloc.c.
 */
#ifndef MM_MM_H
#define MM_MM_H

#include <asm/memory.h>
#include <kernel/lib/seq_buf.h>
#include <mm/gfp.h>
#include <mm/mm_types.h>

/* A physical range [start, end). */
struct mem_range {
	phys_addr_t start;
	phys_addr_t end;
};

extern struct page *mem_map;		/* page of pfn = mem_map[pfn - min_pfn] */
extern unsigned long min_pfn, max_pfn;	/* RAM spans [min_pfn, max_pfn) */

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - mem_map) + min_pfn;
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return mem_map + (pfn - min_pfn);
}

static inline bool pfn_valid(unsigned long pfn)
{
	return pfn >= min_pfn && pfn < max_pfn;
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return (phys_addr_t)page_to_pfn(page) << PAGE_SHIFT;
}

static inline void *page_address(const struct page *page)
{
	return __va(page_to_phys(page));
}

static inline struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(__pa(addr) >> PAGE_SHIFT);
}

static inline struct page *compound_head(struct page *page)
{
	return PageFlag(page, PG_tail) ? page->compound_head : page;
}

/*
 * Build mem_map for RAM [ram.start, ram.end), keep the reserved ranges
 * out of the allocator, and free everything else into the buddy lists.
 * mem_map itself is carved out of RAM here.
 */
void page_alloc_init(struct mem_range ram, const struct mem_range *reserved,
		     unsigned int nr_reserved);

unsigned long nr_free_pages(void);		/* in the buddy lists and per-CPU lists */
unsigned long nr_free_pages_order(unsigned int order);	/* free blocks of that order */
unsigned long totalram_pages(void);		/* pages the allocator manages */
enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, NR_WMARK };
/* Reclaim's view of the zone (docs/reclaim.md): buddy pages free, and the watermarks. */
unsigned long zone_free_pages(void);
unsigned long min_wmark_pages(void);
unsigned long low_wmark_pages(void);
unsigned long high_wmark_pages(void);
void setup_per_zone_wmarks(unsigned long min_free_kbytes);
void drain_all_pages(void);			/* per-CPU lists back to the buddy lists */
void buddyinfo_show(struct seq_buf *s);		/* /proc/buddyinfo format */

/* Count of bad frees reported (double free, foreign pointer); tests read it. */
extern unsigned long bad_page_reports;

/*
 * References to a page shared by several users: address spaces after
 * fork, a file and the mappings of it. put_page() frees it with the last.
 */
void get_page(struct page *page);
void put_page(struct page *page);

#endif
