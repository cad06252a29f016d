/*
 * The buddy page allocator: blocks of 2^order physically contiguous pages.
 *
 * Free blocks wait on one list per order. A request is served from the
 * smallest order that has a block, splitting a larger block when needed;
 * a freed block is merged with its buddy (the other half of the block it
 * was split from) for as long as that buddy is free too. Blocks of up to
 * PAGE_ALLOC_COSTLY_ORDER pages, single pages above all, the most common
 * requests by far, go through small lists per CPU first, so allocating
 * or freeing one takes no lock shared between CPUs.
 *
 * Relies on: the linear map (__va/__pa) covering all of RAM, spinlocks,
 * and smp_processor_id() working before the first allocation.
 * docs/buddy.md explains the design.
 */
#include <asm/cache.h>
#include <asm/irqflags.h>
#include <asm/memory.h>
#include <asm/page.h>
#include <asm/smp.h>
#include <asm/stacktrace.h>
#include <kernel/list.h>
#include <kernel/printk.h>
#include <kernel/lib/seq_buf.h>
#include <kernel/spinlock.h>
#include <kernel/lib/string.h>
#include <mm/gfp.h>
#include <mm/mm.h>
#include <mm/fault_inject.h>
#include <mm/vmscan.h>
#include <mm/lru.h>
#include <mm/rmap.h>

struct free_area {
	struct list_head free_list;	/* heads of free blocks of this order */
	unsigned long nr_free;		/* blocks on free_list */
};

/* All of RAM is one zone, like a machine that only has ZONE_NORMAL. */
struct zone {
	const char *name;
	spinlock_t lock;		/* guards free_area and free_pages */
	struct free_area free_area[MAX_ORDER];
	unsigned long free_pages;	/* pages on the buddy lists */
	unsigned long managed_pages;	/* pages given to the allocator at boot */
	/* Reclaim's marks on free_pages (docs/reclaim.md): WMARK_MIN, WMARK_LOW, WMARK_HIGH. */
	unsigned long watermark[NR_WMARK];
};

/*
 * A CPU's cache of free blocks of orders 0 .. PAGE_ALLOC_COSTLY_ORDER, a
 * list per order (Linux's pcp lists since 5.13). Only its own CPU uses
 * it, with IRQs off, except drain_all_pages(): the lock is for that rare
 * visitor, so it is almost never contended. A cache line apart from the
 * next CPU's, which also makes the size a power of two.
 */
#define NR_PCP_LISTS (PAGE_ALLOC_COSTLY_ORDER + 1)

struct per_cpu_pages {
	spinlock_t lock;
	int count;		/* pages on all lists, 2^order per block */
	int high;		/* at this many pages, give batch pages back */
	int batch;		/* pages moved to or from the buddy lists at once */
	struct list_head lists[NR_PCP_LISTS];	/* by order; most recently freed first */
} __aligned(L1_CACHE_BYTES);

struct page *mem_map;
unsigned long min_pfn, max_pfn;
unsigned long bad_page_reports;

static struct zone zone = { .name = "Normal" };
static struct per_cpu_pages pcp_lists[NR_CPUS];
static bool alloc_failure_logged;

/* ------------------------------------------------------------ free lists */

/* LAB 1 BEGIN: helpers: the buddy's pfn; does a page head a free block of this order? */
static inline unsigned long __find_buddy_pfn(unsigned long pfn, unsigned int order)
{
	return pfn ^ (1UL << order);
}

/* Is @page the head of a free block of exactly @order? */
static bool page_is_buddy(const struct page *page, unsigned int order)
{
	return PageFlag(page, PG_buddy) && page->private == order;
}
/* LAB 1 END */

static void add_to_free_list(struct page *page, unsigned int order)
{
	struct free_area *area = &zone.free_area[order];

	SetPageFlag(page, PG_buddy);
	page->private = order;
	list_add(&page->lru, &area->free_list);
	area->nr_free++;
}

static void del_page_from_free_list(struct page *page, unsigned int order)
{
	list_del(&page->lru);
	ClearPageFlag(page, PG_buddy);
	page->private = 0;
	zone.free_area[order].nr_free--;
}

/*
 * Give the block at @pfn back to the free lists, merging it with its
 * buddy, and the result with its buddy, and so on. Zone lock held.
 */
static void __free_one_page(unsigned long pfn, unsigned int order)
{
	zone.free_pages += 1UL << order;
	/* LAB 1 BEGIN: while the buddy is a free block of this order, take it off its list and merge */
	while (order < MAX_ORDER - 1) {
		unsigned long buddy_pfn = __find_buddy_pfn(pfn, order);

		if (!pfn_valid(buddy_pfn) || !page_is_buddy(pfn_to_page(buddy_pfn), order))
			break;
		del_page_from_free_list(pfn_to_page(buddy_pfn), order);
		pfn &= buddy_pfn;	/* the merged block starts at the lower half */
		order++;
	}
	/* LAB 1 END */
	add_to_free_list(pfn_to_page(pfn), order);
}

/*
 * @page heads a block of order @high of which only order @low is wanted:
 * free the upper half again and again until the lower part is @low.
 */
static void expand(struct page *page, unsigned int low, unsigned int high)
{
	/* LAB 1 BEGIN: split: free the upper half at its order, again, until order low is left */
	/* LAB 1 STUB: (void)page; */
	/* LAB 1 STUB: (void)low; */
	/* LAB 1 STUB: (void)high; */
	unsigned long size = 1UL << high;

	while (high > low) {
		high--;
		size >>= 1;
		add_to_free_list(&page[size], high);
	}
	/* LAB 1 END */
}

/* Take a block of @order from the smallest list that can serve it. Zone lock held. */
static struct page *__rmqueue_smallest(unsigned int order)
{
	unsigned int current_order;

	for (current_order = order; current_order < MAX_ORDER; current_order++) {
		struct free_area *area = &zone.free_area[current_order];
		struct page *page;

		if (list_empty(&area->free_list))
			continue;
		page = list_first_entry(&area->free_list, struct page, lru);
		del_page_from_free_list(page, current_order);
		expand(page, order, current_order);
		zone.free_pages -= 1UL << order;
		return page;
	}
	return NULL;
}

/*
 * The free pages an allocation must leave in the zone: the min watermark
 * for one that may sleep and reclaim, half of it for one that may not
 * (Linux's ALLOC_HARDER), none for reclaim itself (PF_MEMALLOC), whose
 * allocations are what gives memory back.
 */
static unsigned long alloc_reserve(gfp_t gfp)
{
	if (current_is_reclaiming())
		return 0;
	if (!(gfp & __GFP_DIRECT_RECLAIM))
		return zone.watermark[WMARK_MIN] / 2;
	return zone.watermark[WMARK_MIN];
}

/* Zone lock held: may 2^order pages go with reserve left behind? */
static bool above_reserve(unsigned int order, unsigned long reserve)
{
	return zone.free_pages >= reserve + (1UL << order);
}

static struct page *rmqueue_buddy(unsigned int order, gfp_t gfp)
{
	unsigned long flags, reserve = alloc_reserve(gfp);
	struct page *page = NULL;

	spin_lock_irqsave(&zone.lock, flags);
	if (above_reserve(order, reserve))
		page = __rmqueue_smallest(order);
	spin_unlock_irqrestore(&zone.lock, flags);
	return page;
}

/* -------------------------------------------------------- per-CPU lists */

/* The largest order whose block still fits in @count pages (count > 0). */
static unsigned int bulk_order(int count)
{
	unsigned int order = 0;

	while (order < MAX_ORDER - 1 && (2 << order) <= count)
		order++;
	return order;
}

/* @page heads a free block of @order on a per-CPU list (as PG_buddy does on the buddy lists). */
static void set_pcp_block(struct page *page, unsigned int order)
{
	SetPageFlag(page, PG_pcp);
	page->private = order;
}

/* Freed blocks go in front: the next allocation takes the one still warm in the cache. */
static void add_to_pcp_list(struct per_cpu_pages *pcp, struct page *page, unsigned int order)
{
	set_pcp_block(page, order);
	list_add(&page->lru, &pcp->lists[order]);
	pcp->count += 1 << order;
}

static void del_page_from_pcp_list(struct per_cpu_pages *pcp, struct page *page,
				   unsigned int order)
{
	list_del(&page->lru);
	ClearPageFlag(page, PG_pcp);
	page->private = 0;
	pcp->count -= 1 << order;
}

/*
 * Move up to @count pages, as blocks of @order, from the buddy lists to
 * @pcp; @count is a multiple of 2^order. pcp lock held. Single pages are
 * taken as whole blocks (32 + 16 + 8 + ... for a batch of 63) and cut up
 * here: taking them one at a time would split a block and put its halves
 * back on the free lists for nearly every page. Larger blocks come one
 * at a time, each from the smallest list that has one, as Linux takes
 * them: cutting them from one large block would use up large blocks
 * while small ones wait (the host tests' random mix then fails 40% more
 * often).
 */
static __slowpath int rmqueue_bulk(struct per_cpu_pages *pcp, unsigned int order, int count,
				   gfp_t gfp)
{
	unsigned int block = order ? order : bulk_order(count);
	unsigned long reserve = alloc_reserve(gfp);
	struct page *page;
	int i = 0, j;

	spin_lock(&zone.lock);
	while (i < count) {
		block = MIN(block, bulk_order(count - i));
		page = above_reserve(block, reserve) ? __rmqueue_smallest(block) : NULL;
		if (!page && block == order)
			break;
		if (!page) {
			block--;
			continue;
		}
		for (j = 0; j < 1 << block; j += 1 << order) {
			set_pcp_block(&page[j], order);
			list_add_tail(&page[j].lru, &pcp->lists[order]);
		}
		i += 1 << block;
	}
	spin_unlock(&zone.lock);
	pcp->count += i;
	return i;
}

/*
 * Give at least @count pages of @pcp back to the buddy lists, least
 * recently freed first: from the list of @order first, the one that
 * just grew, then from the next orders' lists in turn (as Linux 6.1).
 */
static void free_pcppages_bulk(struct per_cpu_pages *pcp, int count, unsigned int order)
{
	struct list_head *list;
	struct page *page;

	spin_lock(&zone.lock);
	while (count > 0 && pcp->count > 0) {
		list = &pcp->lists[order];
		while (count > 0 && !list_empty(list)) {
			page = list_entry(list->prev, struct page, lru);
			del_page_from_pcp_list(pcp, page, order);
			__free_one_page(page_to_pfn(page), order);
			count -= 1 << order;
		}
		order = (order + 1) % NR_PCP_LISTS;
	}
	spin_unlock(&zone.lock);
}

/*
 * With IRQs off this code cannot move to another CPU, so the list found
 * here stays ours until the IRQs are back on.
 */
static struct per_cpu_pages *lock_this_cpu_pcp(unsigned long *flags)
{
	struct per_cpu_pages *pcp;

	*flags = local_irq_save();
	pcp = &pcp_lists[smp_processor_id()];
	spin_lock(&pcp->lock);
	return pcp;
}

static void unlock_pcp(struct per_cpu_pages *pcp, unsigned long flags)
{
	spin_unlock_irqrestore(&pcp->lock, flags);
}

/* A refill brings a batch of pages, but at least two blocks (Linux's rule for orders above 0). */
static int pcp_refill_pages(const struct per_cpu_pages *pcp, unsigned int order)
{
	return MAX(pcp->batch >> order, 2) << order;
}

static struct page *rmqueue_pcplist(unsigned int order, gfp_t gfp)
{
	struct per_cpu_pages *pcp;
	struct list_head *list;
	struct page *page;
	unsigned long flags;

	pcp = lock_this_cpu_pcp(&flags);
	list = &pcp->lists[order];
	if (unlikely(list_empty(list)) &&
	    !rmqueue_bulk(pcp, order, pcp_refill_pages(pcp, order), gfp)) {
		unlock_pcp(pcp, flags);
		return NULL;
	}
	page = list_first_entry(list, struct page, lru);
	del_page_from_pcp_list(pcp, page, order);
	unlock_pcp(pcp, flags);
	return page;
}

static void free_unref_page(struct page *page, unsigned int order)
{
	struct per_cpu_pages *pcp;
	unsigned long flags;

	pcp = lock_this_cpu_pcp(&flags);
	add_to_pcp_list(pcp, page, order);
	/* A block of 8 pages can take the count well past high: back to a batch below it. */
	if (pcp->count >= pcp->high)
		free_pcppages_bulk(pcp, pcp->count - pcp->high + pcp->batch, order);
	unlock_pcp(pcp, flags);
}

void drain_all_pages(void)
{
	unsigned long flags;
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		struct per_cpu_pages *pcp = &pcp_lists[cpu];

		spin_lock_irqsave(&pcp->lock, flags);
		free_pcppages_bulk(pcp, pcp->count, 0);
		spin_unlock_irqrestore(&pcp->lock, flags);
	}
}

static bool pcp_allowed_order(unsigned int order)
{
	return order <= PAGE_ALLOC_COSTLY_ORDER;
}

/* ----------------------------------------------------------- allocation */

static inline __attribute__((always_inline)) struct page *
get_page_from_freelist(unsigned int order, gfp_t gfp)
{
	return pcp_allowed_order(order) ? rmqueue_pcplist(order, gfp) : rmqueue_buddy(order, gfp);
}

static void prep_compound_page(struct page *page, unsigned int order)
{
	unsigned long i;

	SetPageFlag(page, PG_head);
	for (i = 1; i < (1UL << order); i++) {
		SetPageFlag(&page[i], PG_tail);
		page[i].compound_head = page;
	}
}

static void prep_new_page(struct page *page, unsigned int order, gfp_t gfp)
{
	char *addr = page_address(page);
	unsigned long i;

	page->_refcount = 1;
	if (gfp & __GFP_ZERO)
		for (i = 0; i < (1UL << order); i++)
			clear_page(addr + i * PAGE_SIZE);
	if ((gfp & __GFP_COMP) && order > 0)
		prep_compound_page(page, order);
}

/* Only the first failure is logged: later ones are usually its echoes. */
static void warn_alloc(gfp_t gfp, unsigned int order, const void *caller)
{
	if ((gfp & __GFP_NOWARN) ||
	    __atomic_exchange_n(&alloc_failure_logged, true, __ATOMIC_RELAXED))
		return;
	pr_warn("page allocation failure: order %u, gfp %#x, %lu pages free, caller %pS\n",
		order, gfp, nr_free_pages(), caller);
	/* As Linux's warn_alloc: who asked matters more than what was left. */
	dump_stack();
}

/* Rounds of direct reclaim without progress before an allocation fails (Linux's MAX_RECLAIM_RETRIES). */
#define MAX_RECLAIM_RETRIES 16

/*
 * Nothing above the reserve: other CPUs' lists first, then, for a caller
 * that may sleep, reclaim a batch and try again, for as long as reclaim
 * brings pages back. NULL sends the caller to its out-of-memory path.
 */
static __slowpath struct page *__alloc_pages_slowpath(gfp_t gfp, unsigned int order)
{
	struct page *page;
	int no_progress = 0;

	drain_all_pages();
	page = get_page_from_freelist(order, gfp);
	if (gfp & __GFP_NORETRY)
		return page;
	while (!page && reclaim_allowed(gfp) && no_progress < MAX_RECLAIM_RETRIES) {
		wakeup_kswapd();
		no_progress = try_to_free_pages() ? 0 : no_progress + 1;
		drain_all_pages();
		page = get_page_from_freelist(order, gfp);
	}
	return page;
}

static struct page *alloc_pages_for(gfp_t gfp, unsigned int order, const void *caller)
{
	struct page *page;

	if (order >= MAX_ORDER) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("page allocation of order %u: largest is %u, caller %pS\n",
				order, MAX_ORDER - 1, caller);
		return NULL;
	}
	if (unlikely(should_fail_alloc_page(gfp, order)))
		return NULL;
	page = get_page_from_freelist(order, gfp);
	if (unlikely(!page))
		page = __alloc_pages_slowpath(gfp, order);
	if (!page) {
		warn_alloc(gfp, order, caller);
		return NULL;
	}
	if (unlikely(zone.free_pages < zone.watermark[WMARK_LOW]))
		wakeup_kswapd();
	prep_new_page(page, order, gfp);
	return page;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	return alloc_pages_for(gfp, order, __builtin_return_address(0));
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages_for(gfp, order, __builtin_return_address(0));

	return page ? (unsigned long)page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	struct page *page = alloc_pages_for(gfp | __GFP_ZERO, 0, __builtin_return_address(0));

	return page ? (unsigned long)page_address(page) : 0;
}

/* --------------------------------------------------------------- freeing */

/* What is wrong with a free, and at which page it was seen. */
struct bad_free {
	const char *problem;
	unsigned long pfn;
};

static struct bad_free bad_at(unsigned long pfn, const char *problem)
{
	return (struct bad_free){ problem, pfn };
}

static const struct bad_free no_problem = { NULL, 0 };

static void bad_page(unsigned long pfn, unsigned int order, struct bad_free bad,
		     const void *caller)
{
	const struct page *page = pfn_to_page(bad.pfn);

	__atomic_add_fetch(&bad_page_reports, 1, __ATOMIC_RELAXED);
	if (bad.pfn == pfn)
		pr_err("BUG: Bad page free: pfn %#lx order %u: %s (flags %#lx refcount %d), caller %pS\n",
		       pfn, order, bad.problem, page->flags, page->_refcount, caller);
	else
		pr_err("BUG: Bad page free: pfn %#lx order %u: pfn %#lx %s (flags %#lx refcount %d), caller %pS\n",
		       pfn, order, bad.pfn, bad.problem, page->flags, page->_refcount, caller);
}

static const char *head_problem(const struct page *page)
{
	const unsigned long wrong = 1UL << PG_reserved | 1UL << PG_buddy | 1UL << PG_pcp |
				    1UL << PG_tail | 1UL << PG_lru;

	/* The usual answer in one test, not five: every free takes this path. */
	if (likely(!(page->flags & wrong) && page->_refcount == 1))
		return NULL;
	if (PageFlag(page, PG_reserved))
		return "is reserved, never allocated";
	if (PageFlag(page, PG_buddy) || PageFlag(page, PG_pcp))
		return "is already free (double free)";
	if (PageFlag(page, PG_tail))
		return "is a tail page, not the head of its allocation";
	if (PageFlag(page, PG_lru))
		return "is still on an LRU list";
	if (page->_refcount == 0)
		return "is not allocated (refcount 0)";
	if (page->_refcount != 1)
		return "is still referenced";
	return NULL;
}

/* The pages after the head of a compound block must all point to it, and no more. */
static struct bad_free check_compound(unsigned long pfn, unsigned int order)
{
	const struct page *head = pfn_to_page(pfn);
	unsigned long i, n = 1UL << order;

	if (order == 0)
		return bad_at(pfn, "heads a compound page: order too small");
	for (i = 1; i < n; i++) {
		const struct page *tail = &head[i];

		if (!PageFlag(tail, PG_tail) || tail->compound_head != head)
			return bad_at(pfn + i, "is not a tail of this compound page: order too large");
	}
	if (pfn_valid(pfn + n) && PageFlag(&head[n], PG_tail) && head[n].compound_head == head)
		return bad_at(pfn + n, "is a tail of this compound page: order too small");
	return no_problem;
}

/*
 * The pages after the head of a plain block belong to nobody else. If
 * the order is too large, the first page past the real block heads some
 * other block (allocated, free or reserved), and is caught here.
 */
static struct bad_free check_block_body(unsigned long pfn, unsigned int order)
{
	const unsigned long owned = 1UL << PG_reserved | 1UL << PG_buddy |
				    1UL << PG_pcp | 1UL << PG_head | 1UL << PG_tail;
	const struct page *head = pfn_to_page(pfn);
	unsigned long i;

	for (i = 1; i < (1UL << order); i++) {
		if ((head[i].flags & owned) || head[i]._refcount != 0)
			return bad_at(pfn + i, "inside the block belongs to another block: order too large");
	}
	return no_problem;
}

/*
 * Check a block before it goes back. Read-only until the end, where the
 * head's reference is dropped atomically, so that of two CPUs freeing the
 * same page at once exactly one goes on and the other reports.
 */
static struct bad_free free_pages_check(unsigned long pfn, unsigned int order)
{
	struct page *page = pfn_to_page(pfn);
	struct bad_free bad = { head_problem(page), pfn };
	int one = 1;

	if (bad.problem)
		return bad;
	if (pfn + (1UL << order) > max_pfn || !IS_ALIGNED(pfn, 1UL << order))
		return bad_at(pfn, "does not start a block of this order");
	if (PageFlag(page, PG_head))
		bad = check_compound(pfn, order);
	else
		bad = check_block_body(pfn, order);
	if (bad.problem)
		return bad;
	if (!__atomic_compare_exchange_n(&page->_refcount, &one, 0, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		return bad_at(pfn, "is already free (double free)");
	return bad;
}

/* The block's owner is done with it: forget its flags and compound links. */
static void free_pages_prepare(struct page *page, unsigned int order)
{
	unsigned long i;

	for (i = 0; i < (1UL << order); i++) {
		page[i].flags = 0;
		page[i].compound_head = NULL;
	}
}

static void free_pages_for(struct page *page, unsigned int order, const void *caller)
{
	unsigned long pfn = page_to_pfn(page);
	struct bad_free bad;
	unsigned long flags;

	if (order >= MAX_ORDER) {
		bad_page(pfn, order, bad_at(pfn, "bad order"), caller);
		return;
	}
	bad = free_pages_check(pfn, order);
	if (bad.problem) {
		bad_page(pfn, order, bad, caller);
		return;
	}
	free_pages_prepare(page, order);
	if (pcp_allowed_order(order)) {
		free_unref_page(page, order);
		return;
	}
	spin_lock_irqsave(&zone.lock, flags);
	__free_one_page(pfn, order);
	spin_unlock_irqrestore(&zone.lock, flags);
}

static bool page_in_mem_map(const struct page *page)
{
	uintptr_t offset = (uintptr_t)page - (uintptr_t)mem_map;

	return offset < (max_pfn - min_pfn) * sizeof(struct page) &&
	       offset % sizeof(struct page) == 0;
}

void __free_pages(struct page *page, unsigned int order)
{
	const void *caller = __builtin_return_address(0);

	if (!page_in_mem_map(page)) {
		__atomic_add_fetch(&bad_page_reports, 1, __ATOMIC_RELAXED);
		pr_err("BUG: Bad page free: %p order %u is not a struct page in mem_map, caller %pS\n",
		       (void *)page, order, caller);
		return;
	}
	free_pages_for(page, order, caller);
}

void free_pages(unsigned long addr, unsigned int order)
{
	const void *caller = __builtin_return_address(0);
	unsigned long pfn = __pa(addr) >> PAGE_SHIFT;

	if (addr == 0)
		return;
	if (!pfn_valid(pfn) || !IS_ALIGNED(addr, PAGE_SIZE)) {
		__atomic_add_fetch(&bad_page_reports, 1, __ATOMIC_RELAXED);
		pr_err("BUG: Bad page free: address %#lx order %u is not a page of RAM in the linear map, caller %pS\n",
		       addr, order, caller);
		return;
	}
	free_pages_for(pfn_to_page(pfn), order, caller);
}

/* ---------------------------------------------------------------- set-up */

static bool ranges_overlap(phys_addr_t start, phys_addr_t end, const struct mem_range *r)
{
	return r->start < r->end && start < r->end && r->start < end;
}

/* The first page-aligned stretch of RAM of @size bytes that no reserved range touches. */
static phys_addr_t find_mem_map_space(struct mem_range ram, const struct mem_range *reserved,
				      unsigned int nr_reserved, phys_addr_t size)
{
	phys_addr_t start = PAGE_ALIGN(ram.start);
	unsigned int i = 0;

	while (i < nr_reserved) {
		if (ranges_overlap(start, start + size, &reserved[i])) {
			start = PAGE_ALIGN(reserved[i].end);
			i = 0;
		} else {
			i++;
		}
	}
	if (start + size > ram.end)
		panic("page_alloc: no room in RAM for mem_map (%llu KiB)",
		      (unsigned long long)size >> 10);
	return start;
}

/* Mark every page that [start, end) touches, within mem_map, as reserved. */
static void reserve_range(phys_addr_t start, phys_addr_t end)
{
	unsigned long pfn = MAX(start >> PAGE_SHIFT, min_pfn);
	unsigned long end_pfn = MIN(DIV_ROUND_UP(end, PAGE_SIZE), max_pfn);

	for (; pfn < end_pfn; pfn++)
		SetPageFlag(pfn_to_page(pfn), PG_reserved);
}

/* Free [pfn, end_pfn) in the largest naturally aligned blocks that fit. */
static void free_range(unsigned long pfn, unsigned long end_pfn)
{
	while (pfn < end_pfn) {
		unsigned int order = MAX_ORDER - 1;

		while (!IS_ALIGNED(pfn, 1UL << order) || pfn + (1UL << order) > end_pfn)
			order--;
		__free_one_page(pfn, order);
		pfn += 1UL << order;
	}
}

/* Hand every page that is not reserved to the buddy lists; returns how many. */
static unsigned long free_unreserved_pages(void)
{
	unsigned long pfn = min_pfn, start, total = 0;

	while (pfn < max_pfn) {
		while (pfn < max_pfn && PageFlag(pfn_to_page(pfn), PG_reserved))
			pfn++;
		start = pfn;
		while (pfn < max_pfn && !PageFlag(pfn_to_page(pfn), PG_reserved))
			pfn++;
		free_range(start, pfn);
		total += pfn - start;
	}
	return total;
}

static void init_free_lists(void)
{
	unsigned int order;

	spin_lock_init(&zone.lock);
	for (order = 0; order < MAX_ORDER; order++) {
		INIT_LIST_HEAD(&zone.free_area[order].free_list);
		zone.free_area[order].nr_free = 0;
	}
	zone.free_pages = 0;
}

/*
 * Like Linux's zone_batchsize(): move about a thousandth of memory at a
 * time, at most 63 pages, and keep at most a few batches per CPU.
 */
static void init_pcp_lists(void)
{
	/* nr_free_pages holds them all, in CPU order: a lock class each, for the lock validator. */
	static struct lock_class_key pcp_lock_keys[NR_CPUS];
	int batch = (int)MIN(MAX(zone.managed_pages / 1024, 1UL), 63UL);
	unsigned int cpu, order;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		struct per_cpu_pages *pcp = &pcp_lists[cpu];

		__spin_lock_init(&pcp->lock, "pcp_lists[cpu].lock", &pcp_lock_keys[cpu]);
		for (order = 0; order < NR_PCP_LISTS; order++)
			INIT_LIST_HEAD(&pcp->lists[order]);
		pcp->count = 0;
		pcp->batch = batch;
		pcp->high = 4 * batch;
	}
}

void page_alloc_init(struct mem_range ram, const struct mem_range *reserved,
		     unsigned int nr_reserved)
{
	phys_addr_t map_size, map_start, off;
	unsigned int i;

	min_pfn = ram.start >> PAGE_SHIFT;
	max_pfn = DIV_ROUND_UP(ram.end, PAGE_SIZE);
	map_size = PAGE_ALIGN((max_pfn - min_pfn) * sizeof(struct page));
	map_start = find_mem_map_space(ram, reserved, nr_reserved, map_size);
	mem_map = __va(map_start);
	/* Whole pages: clear_page's DC ZVA zeroes them far faster than memset's stores. */
	for (off = 0; off < map_size; off += PAGE_SIZE)
		clear_page((char *)mem_map + off);

	/* Pages only partly inside RAM cannot be handed out either. */
	reserve_range((phys_addr_t)min_pfn << PAGE_SHIFT, ram.start);
	reserve_range(ram.end, (phys_addr_t)max_pfn << PAGE_SHIFT);
	reserve_range(map_start, map_start + map_size);
	for (i = 0; i < nr_reserved; i++)
		reserve_range(reserved[i].start, reserved[i].end);

	init_free_lists();
	zone.managed_pages = free_unreserved_pages();
	init_pcp_lists();
	alloc_failure_logged = false;
	pr_info("page_alloc: %lu pages of RAM, %lu free, mem_map %llu KiB at %#llx\n",
		max_pfn - min_pfn, zone.managed_pages,
		(unsigned long long)map_size >> 10, (unsigned long long)map_start);
}

void adopt_reserved_pages(struct page *first, unsigned long nr)
{
	unsigned long flags, i;

	for (i = 0; i < nr; i++) {
		ClearPageFlag(first + i, PG_reserved);
		first[i]._refcount = 1;
	}
	spin_lock_irqsave(&zone.lock, flags);
	zone.managed_pages += nr;
	spin_unlock_irqrestore(&zone.lock, flags);
}

unsigned long free_reserved_area(phys_addr_t start, phys_addr_t end)
{
	unsigned long pfn = MAX(DIV_ROUND_UP(start, PAGE_SIZE), min_pfn);
	unsigned long end_pfn = MIN(end >> PAGE_SHIFT, max_pfn), freed = 0;

	for (; pfn < end_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (!PageFlag(page, PG_reserved))
			continue;
		adopt_reserved_pages(page, 1);
		__free_page(page);
		freed++;
	}
	return freed;
}

/* ------------------------------------------------------------ statistics */

/*
 * Pages move between the buddy lists and the per-CPU lists all the time,
 * so an exact count needs every list held still at once. The locks are
 * taken in the order the allocator itself nests them: per-CPU, then zone.
 */
unsigned long nr_free_pages(void)
{
	unsigned long flags, total;
	unsigned int cpu;

	flags = local_irq_save();
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		spin_lock(&pcp_lists[cpu].lock);
	spin_lock(&zone.lock);
	total = zone.free_pages;
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		total += pcp_lists[cpu].count;
	spin_unlock(&zone.lock);
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		spin_unlock(&pcp_lists[cpu].lock);
	local_irq_restore(flags);
	return total;
}

unsigned long nr_free_pages_order(unsigned int order)
{
	unsigned long flags, n;

	if (order >= MAX_ORDER)
		return 0;
	spin_lock_irqsave(&zone.lock, flags);
	n = zone.free_area[order].nr_free;
	spin_unlock_irqrestore(&zone.lock, flags);
	return n;
}

unsigned long zone_free_pages(void)
{
	return READ_ONCE(zone.free_pages);
}

unsigned long min_wmark_pages(void)
{
	return READ_ONCE(zone.watermark[WMARK_MIN]);
}

unsigned long low_wmark_pages(void)
{
	return READ_ONCE(zone.watermark[WMARK_LOW]);
}

unsigned long high_wmark_pages(void)
{
	return READ_ONCE(zone.watermark[WMARK_HIGH]);
}

/* The distance between the marks: at least 0.1% of the zone (Linux's watermark_scale_factor 10). */
#define WATERMARK_SCALE_FACTOR 10

/*
 * vm.min_free_kbytes sets the marks, as Linux's __setup_per_zone_wmarks:
 * min is that much memory, low and high lie one and two gaps above it.
 */
void setup_per_zone_wmarks(unsigned long min_free_kbytes)
{
	unsigned long min = min_free_kbytes >> (PAGE_SHIFT - 10), gap, flags;

	spin_lock_irqsave(&zone.lock, flags);
	gap = MAX(min / 4, zone.managed_pages * WATERMARK_SCALE_FACTOR / 10000);
	zone.watermark[WMARK_MIN] = min;
	zone.watermark[WMARK_LOW] = min + gap;
	zone.watermark[WMARK_HIGH] = min + 2 * gap;
	spin_unlock_irqrestore(&zone.lock, flags);
}

unsigned long totalram_pages(void)
{
	return zone.managed_pages;
}

/* The same text as Linux's /proc/buddyinfo: free blocks per order. */
void buddyinfo_show(struct seq_buf *s)
{
	unsigned long nr_free[MAX_ORDER];
	unsigned long flags;
	unsigned int order;

	spin_lock_irqsave(&zone.lock, flags);
	for (order = 0; order < MAX_ORDER; order++)
		nr_free[order] = zone.free_area[order].nr_free;
	spin_unlock_irqrestore(&zone.lock, flags);

	seq_buf_printf(s, "Node 0, zone %8s ", zone.name);
	for (order = 0; order < MAX_ORDER; order++)
		seq_buf_printf(s, "%6lu ", nr_free[order]);
	seq_buf_printf(s, "\n");
}

/* ---- references to a page shared by several users (mappings, files) ---- */

void get_page(struct page *page)
{
	__atomic_add_fetch(&page->_refcount, 1, __ATOMIC_RELAXED);
}

/*
 * Drop one reference; the last one frees the page. The count goes to zero
 * first, atomically, so that of several holders dropping at once exactly
 * one sees it reach zero; from then on the page is that one's alone
 * (reclaim takes no reference on a page at zero, mm/lru.c), and it takes
 * the page off its LRU list and lets go of its anon_vma. A put on a page
 * not allocated goes to the allocator's checks, which report it.
 */
void put_page(struct page *page)
{
	int count = __atomic_load_n(&page->_refcount, __ATOMIC_RELAXED);

	do {
		if (count <= 0) {
			__free_page(page);
			return;
		}
	} while (!__atomic_compare_exchange_n(&page->_refcount, &count, count - 1, false,
					      __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
	if (count > 1)
		return;
	if (PageFlag(page, PG_lru))
		lru_del(page);
	if (PageFlag(page, PG_anon))
		page_remove_anon_vma(page);
	/* The allocator takes back a page holding exactly one reference. */
	page->_refcount = 1;
	__free_page(page);
}
