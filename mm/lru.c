/*
 * LRU lists: every anonymous page with a reverse map (mm/rmap.c) is on
 * one of two lists, inactive or active, as Linux keeps them per node
 * (tkern has one node). A new page goes to the head of the inactive
 * list; reclaim (mm/vmscan.c) takes pages off the tails, looks at whether
 * they were used, and moves them on or sends them to swap.
 *
 * A page on a list has PG_lru set, under lru_lock. The lists hold no
 * reference: the last put_page of a page on a list takes it off first
 * (lru_del_last). Reclaim "isolates" pages: it takes them off a list with
 * a reference of its own, under the same lock, so a page is never freed
 * while reclaim works on it, and put back or freed when it is done.
 *
 * The lock is taken with interrupts off: the last reference to a page
 * may be dropped where interrupts are off already.
 */
#include <mm/lru.h>
#include <mm/mm.h>
#include <kernel/spinlock.h>

struct lruvec {
	spinlock_t lru_lock;
	struct list_head lists[NR_LRU_LISTS];
	unsigned long nr_pages[NR_LRU_LISTS];
};

static struct lruvec node_lruvec = {
	.lru_lock = SPINLOCK_INIT(node_lruvec.lru_lock),
	.lists = { LIST_HEAD_INIT(node_lruvec.lists[LRU_INACTIVE_ANON]),
		   LIST_HEAD_INIT(node_lruvec.lists[LRU_ACTIVE_ANON]) },
};

static enum lru_list page_lru(const struct page *page)
{
	return PageFlag(page, PG_active) ? LRU_ACTIVE_ANON : LRU_INACTIVE_ANON;
}

static void add_page_to_lru_list(struct lruvec *lruvec, struct page *page)
{
	enum lru_list lru = page_lru(page);

	list_add(&page->lru, &lruvec->lists[lru]);
	lruvec->nr_pages[lru]++;
	SetPageFlagAtomic(page, PG_lru);
}

static void del_page_from_lru_list(struct lruvec *lruvec, struct page *page)
{
	list_del(&page->lru);
	lruvec->nr_pages[page_lru(page)]--;
	ClearPageFlagAtomic(page, PG_lru);
}

/* A newly mapped anonymous page: the youngest of the inactive list. */
void lru_cache_add(struct page *page)
{
	unsigned long flags;

	spin_lock_irqsave(&node_lruvec.lru_lock, flags);
	add_page_to_lru_list(&node_lruvec, page);
	spin_unlock_irqrestore(&node_lruvec.lru_lock, flags);
}

/*
 * put_page's last reference, on a page with PG_lru: off its list, true.
 * false when reclaim isolated it meanwhile: reclaim holds a reference
 * now, so the caller's is not the last any more.
 */
bool lru_del_last(struct page *page)
{
	unsigned long flags;
	bool on_list;

	spin_lock_irqsave(&node_lruvec.lru_lock, flags);
	on_list = PageFlag(page, PG_lru);
	if (on_list)
		del_page_from_lru_list(&node_lruvec, page);
	spin_unlock_irqrestore(&node_lruvec.lru_lock, flags);
	return on_list;
}

/* Up to nr pages from the tail of lru onto dst, each with a reference for the caller. */
unsigned int isolate_lru_pages(enum lru_list lru, unsigned int nr, struct list_head *dst)
{
	struct list_head *list = &node_lruvec.lists[lru];
	unsigned int taken = 0;
	struct page *page;
	unsigned long flags;

	spin_lock_irqsave(&node_lruvec.lru_lock, flags);
	while (taken < nr && !list_empty(list)) {
		page = list_entry(list->prev, struct page, lru);
		get_page(page);
		del_page_from_lru_list(&node_lruvec, page);
		list_add_tail(&page->lru, dst);
		taken++;
	}
	spin_unlock_irqrestore(&node_lruvec.lru_lock, flags);
	return taken;
}

/* An isolated page back on the list PG_active names, and the isolation's reference dropped. */
void putback_lru_page(struct page *page)
{
	lru_cache_add(page);
	put_page(page);
}

unsigned long lru_pages(enum lru_list lru)
{
	return READ_ONCE(node_lruvec.nr_pages[lru]);
}
