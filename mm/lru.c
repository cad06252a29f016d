/*
 * LRU lists: every anonymous page with a reverse map (mm/rmap.c) is on
 * one of two lists, inactive or active, as Linux keeps them per node
 * (tkern has one node). A new page goes to the head of the inactive
 * list; reclaim (mm/vmscan.c) takes pages off the tails, looks at whether
 * they were used, and moves them on or sends them to swap.
 *
 * A page on a list has PG_lru set, under lru_lock. The lists hold no
 * reference: put_page drops the last reference to zero and then takes the
 * page off its list (lru_del). Reclaim "isolates" pages: it takes them
 * off a list with a reference of its own, under the same lock, so a page
 * is never freed while reclaim works on it, and put back or freed when it
 * is done. Isolation never takes a page already at zero (Linux's
 * folio_try_get): that page is being freed, and the one freeing it alone
 * may touch its PG_lru, so the flag cannot change under it.
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

/* put_page dropped the last reference to a page with PG_lru: off its list. */
void lru_del(struct page *page)
{
	unsigned long flags;

	spin_lock_irqsave(&node_lruvec.lru_lock, flags);
	del_page_from_lru_list(&node_lruvec, page);
	spin_unlock_irqrestore(&node_lruvec.lru_lock, flags);
}

/* A reference, unless the page is at zero already: on its way to being freed. */
static bool get_page_unless_zero(struct page *page)
{
	int count = __atomic_load_n(&page->_refcount, __ATOMIC_RELAXED);

	do {
		if (count == 0)
			return false;
	} while (!__atomic_compare_exchange_n(&page->_refcount, &count, count + 1, false,
					      __ATOMIC_ACQUIRE, __ATOMIC_RELAXED));
	return true;
}

/*
 * Up to nr pages from the tail of lru onto dst, each with a reference for
 * the caller. A page being freed goes to the head, for its put_page to
 * take off; each page on the list is looked at once at most.
 */
unsigned int isolate_lru_pages(enum lru_list lru, unsigned int nr, struct list_head *dst)
{
	struct list_head *list = &node_lruvec.lists[lru];
	unsigned int taken = 0;
	unsigned long to_scan;
	struct page *page;
	unsigned long flags;

	spin_lock_irqsave(&node_lruvec.lru_lock, flags);
	to_scan = node_lruvec.nr_pages[lru];
	while (taken < nr && to_scan--) {
		page = list_entry(list->prev, struct page, lru);
		if (!get_page_unless_zero(page)) {
			list_move(&page->lru, list);
			continue;
		}
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
