/*
 * The LRU lists of anonymous pages that reclaim picks its victims from
 * (mm/lru.c; Linux keeps these in mm/swap.c and mm_inline.h).
 */
#ifndef MM_LRU_H
#define MM_LRU_H

#include <kernel/types.h>
#include <kernel/list.h>

struct page;

enum lru_list {
	LRU_INACTIVE_ANON,	/* reclaim's candidates, oldest at the tail */
	LRU_ACTIVE_ANON,	/* used again while inactive */
	NR_LRU_LISTS
};

void lru_cache_add(struct page *page);
void lru_del(struct page *page);
unsigned int isolate_lru_pages(enum lru_list lru, unsigned int nr, struct list_head *dst);
void putback_lru_page(struct page *page);
unsigned long lru_pages(enum lru_list lru);

#endif
