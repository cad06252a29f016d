/*
 * Page reclaim (docs/reclaim.md): when free memory runs low, anonymous
 * pages that have not been used lately go to swap, as Linux's
 * mm/vmscan.c sends them.
 *
 * Who reclaims: kswapd (mm/kswapd.c), woken when free pages fall below
 * the zone's low watermark; and an allocation that finds them at min,
 * which reclaims a batch itself here (direct reclaim, try_to_free_pages)
 * before it tries again. Only when reclaim makes no progress does the
 * caller fail, and the page fault path calls the OOM killer.
 *
 * Which pages: the two LRU lists of mm/lru.c are aged with the access
 * flag (mm/rmap.c's page_referenced). A page at the tail of the inactive
 * list that was used since it got there is moved to the active list; one
 * that was not is written to swap and freed. The active list is kept no
 * longer than the inactive one by moving its oldest pages down, their
 * access flags cleared, so that each has to be used again to stay.
 *
 * The lists hold anonymous pages and shmem pages (SysV shared memory,
 * shared anonymous mappings), the pages swap can take, as Linux's "anon"
 * lists hold every swap-backed page. Without a swap area they cannot go
 * anywhere, so nothing is scanned. Files in ramfs are never on the lists:
 * their pages are the only copy and have nowhere to go.
 *
 * Relies on mm/lru.c, mm/rmap.c, mm/swapfile.c (slots and the swap cache)
 * and mm/page_io.c for the writes; the allocator (mm/page_alloc.c) for
 * the watermarks and the calls.
 */
#include <mm/vmscan.h>
#include <mm/lru.h>
#include <mm/rmap.h>
#include <mm/swap.h>
#include <mm/shmem.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include <kernel/sched.h>
#include <kernel/printk.h>
#include <kernel/lockdep.h>
#include <asm/preempt.h>
#include <asm/irqflags.h>

/* Pages a pass tries to take back at once (Linux's SWAP_CLUSTER_MAX). */
#define SWAP_CLUSTER_MAX 32
/* The first pass looks at 1/4096 of a list, each later one at twice as much. */
#define DEF_PRIORITY 12

struct scan_control {
	unsigned long nr_to_reclaim;
	unsigned long nr_reclaimed;
	unsigned long nr_scanned;
	int priority;
	bool kswapd;		/* counted as kswapd's, not direct */
};

static struct {
	unsigned long pgscan_kswapd, pgscan_direct, pgsteal_kswapd, pgsteal_direct;
	unsigned long pgactivate, pgdeactivate, allocstall;
} vm_events;

static void count_event(unsigned long *counter, unsigned long n)
{
	__atomic_add_fetch(counter, n, __ATOMIC_RELAXED);
}

enum page_references {
	PAGEREF_RECLAIM,	/* not used since it was last looked at: swap it out */
	PAGEREF_KEEP,		/* used once: one more trip down the inactive list */
	PAGEREF_ACTIVATE,	/* used again: to the active list */
};

/*
 * The page-replacement choice for a page at the tail of the inactive
 * list, Linux's folio_check_references. Every page starts with its
 * access flag set by the fault that mapped it, so one use says little: a
 * page found used is marked PG_referenced and kept on the inactive list
 * for one more trip, and activated only when it is found used again (or
 * through two mappings at once). A page not used since the last look
 * goes to swap.
 */
static enum page_references page_check_references(struct page *page)
{
	/* LAB 10 BEGIN: from the page's access flags and PG_referenced: reclaim, keep or activate */
	/* LAB 10 STUB: (void)page; */
	/* LAB 10 STUB: return PAGEREF_RECLAIM; */
	int referenced_ptes = page_referenced(page);
	bool referenced_page = TestClearPageFlag(page, PG_referenced);

	if (!referenced_ptes)
		return PAGEREF_RECLAIM;
	SetPageFlagAtomic(page, PG_referenced);
	if (referenced_page || referenced_ptes > 1)
		return PAGEREF_ACTIVATE;
	return PAGEREF_KEEP;
	/* LAB 10 END */
}

/*
 * Write page (isolated, anonymous or shmem) to swap and free it: true
 * when it is gone. A shmem page is mm/shmem.c's to write. Otherwise it
 * stays in memory, perhaps in the swap cache with some of its mappings
 * turned into swap entries: faults find it there.
 */
static bool pageout(struct page *page)
{
	void *mapping = READ_ONCE(page->mapping);
	swp_entry_t entry;
	bool freed = false;

	if (mapping && !mapping_is_anon(mapping))
		return shmem_pageout(page);

	if (PageFlag(page, PG_swapcache)) {
		entry = page->private;
		if (swap_duplicate(entry))
			return false;
	} else {
		entry = add_to_swap(page);
		if (!entry)
			return false;
	}
	if (try_to_unmap(page, entry) &&
	    (!PageFlag(page, PG_dirty) || !swap_write_page(entry, page))) {
		ClearPageFlagAtomic(page, PG_dirty);
		freed = remove_mapping(entry, page);
	}
	swap_free(entry);
	return freed;
}

/* The oldest inactive pages: to swap, or to the active list if they were used. */
static void shrink_inactive_list(unsigned long nr_to_scan, struct scan_control *sc)
{
	LIST_HEAD(isolated);
	struct page *page, *next;
	unsigned int taken = isolate_lru_pages(LRU_INACTIVE_ANON, nr_to_scan, &isolated);
	enum page_references references;
	unsigned long reclaimed = 0;

	sc->nr_scanned += taken;
	count_event(sc->kswapd ? &vm_events.pgscan_kswapd : &vm_events.pgscan_direct, taken);
	list_for_each_entry_safe(page, next, &isolated, lru) {
		list_del(&page->lru);
		references = page_check_references(page);
		if (references == PAGEREF_RECLAIM && pageout(page)) {
			put_page(page);		/* the isolation's reference: the last */
			reclaimed++;
			continue;
		}
		/*
		 * Used again: to the active list. Used once (KEEP): back to the
		 * inactive head. Not freed by pageout (its slot or disk failed
		 * it, or a mapping was busy): active, to be tried later.
		 */
		if (references != PAGEREF_KEEP)
			SetPageFlagAtomic(page, PG_active);
		if (references == PAGEREF_ACTIVATE)
			count_event(&vm_events.pgactivate, 1);
		putback_lru_page(page);
	}
	sc->nr_reclaimed += reclaimed;
	count_event(sc->kswapd ? &vm_events.pgsteal_kswapd : &vm_events.pgsteal_direct, reclaimed);
}

/* The oldest active pages down to the inactive list, their access flags cleared on the way. */
static void shrink_active_list(unsigned long nr_to_scan)
{
	LIST_HEAD(isolated);
	struct page *page, *next;
	unsigned int taken = isolate_lru_pages(LRU_ACTIVE_ANON, nr_to_scan, &isolated);

	list_for_each_entry_safe(page, next, &isolated, lru) {
		list_del(&page->lru);
		page_referenced(page);
		ClearPageFlagAtomic(page, PG_active);
		putback_lru_page(page);
	}
	count_event(&vm_events.pgdeactivate, taken);
}

/* On a machine under 1 GiB Linux keeps the two lists the same size (inactive_ratio 1). */
static bool inactive_is_low(void)
{
	return lru_pages(LRU_INACTIVE_ANON) < lru_pages(LRU_ACTIVE_ANON);
}

/*
 * How much of a list one pass looks at: 1/4096 of it at first, all of it
 * at priority 0, as Linux's get_scan_count. A small list is not looked at
 * by the first passes at all: each pass that finds too little makes the
 * next look further, and used pages get the time between passes to be
 * used again before they are looked at twice.
 */
static unsigned long scan_size(enum lru_list lru, int priority)
{
	return lru_pages(lru) >> priority;
}

/*
 * One pass at sc->priority over both lists, as Linux's shrink_lruvec:
 * each list is scanned in proportion to its size, in batches taken in
 * turn, the active one only while the inactive one is the shorter (its
 * pages are then moved down, not reclaimed). Afterwards the lists are
 * rebalanced by one batch if the inactive one is still short.
 */
static void shrink_lruvec(struct scan_control *sc)
{
	unsigned long nr_inactive = scan_size(LRU_INACTIVE_ANON, sc->priority);
	unsigned long nr_active = scan_size(LRU_ACTIVE_ANON, sc->priority), batch;

	while ((nr_inactive || nr_active) && sc->nr_reclaimed < sc->nr_to_reclaim) {
		batch = MIN(nr_active, (unsigned long)SWAP_CLUSTER_MAX);
		if (batch && inactive_is_low())
			shrink_active_list(batch);
		nr_active -= batch;
		batch = MIN(nr_inactive, (unsigned long)SWAP_CLUSTER_MAX);
		if (batch)
			shrink_inactive_list(batch, sc);
		nr_inactive -= batch;
	}
	if (inactive_is_low())
		shrink_active_list(SWAP_CLUSTER_MAX);
}

/* Passes of growing size until sc->nr_to_reclaim pages are back, or all was looked at. */
static void shrink_node(struct scan_control *sc)
{
	if (!nr_swap_pages())
		return;
	for (sc->priority = DEF_PRIORITY; sc->priority >= 0; sc->priority--) {
		shrink_lruvec(sc);
		if (sc->nr_reclaimed >= sc->nr_to_reclaim)
			break;
	}
}

unsigned long shrink_node_pages(unsigned long nr_to_reclaim, bool kswapd)
{
	struct scan_control sc = { .nr_to_reclaim = nr_to_reclaim, .kswapd = kswapd };

	shrink_node(&sc);
	return sc.nr_reclaimed;
}

bool current_is_reclaiming(void)
{
	return current->flags & PF_MEMALLOC;
}

/*
 * May this allocation reclaim for itself? It must be allowed to sleep
 * (the writes to swap wait): its gfp says so, and it holds no spinlock
 * and has interrupts on, which a caller of GFP_KERNEL should not but the
 * allocator does not trust. Reclaim's own allocations never reclaim.
 */
bool reclaim_allowed(gfp_t gfp)
{
	return (gfp & __GFP_DIRECT_RECLAIM) && !current_is_reclaiming() && !preempt_count() &&
	       !irqs_disabled();
}

/*
 * Direct reclaim, for an allocation that found too little free: a batch
 * of pages back, or what could be had. The caller may sleep (the writes
 * to swap wait); PF_MEMALLOC lets reclaim's own allocations through and
 * keeps them from reclaiming in turn.
 */
unsigned long try_to_free_pages(void)
{
	unsigned long reclaimed;

	might_sleep();
	count_event(&vm_events.allocstall, 1);
	current->flags |= PF_MEMALLOC;
	reclaimed = shrink_node_pages(SWAP_CLUSTER_MAX, false);
	current->flags &= ~PF_MEMALLOC;
	return reclaimed;
}

void reclaim_vmstat_show(struct seq_buf *m)
{
	seq_buf_printf(m, "nr_inactive_anon %lu\n", lru_pages(LRU_INACTIVE_ANON));
	seq_buf_printf(m, "nr_active_anon %lu\n", lru_pages(LRU_ACTIVE_ANON));
	seq_buf_printf(m, "pgactivate %lu\n", READ_ONCE(vm_events.pgactivate));
	seq_buf_printf(m, "pgdeactivate %lu\n", READ_ONCE(vm_events.pgdeactivate));
	seq_buf_printf(m, "pgsteal_kswapd %lu\n", READ_ONCE(vm_events.pgsteal_kswapd));
	seq_buf_printf(m, "pgsteal_direct %lu\n", READ_ONCE(vm_events.pgsteal_direct));
	seq_buf_printf(m, "pgscan_kswapd %lu\n", READ_ONCE(vm_events.pgscan_kswapd));
	seq_buf_printf(m, "pgscan_direct %lu\n", READ_ONCE(vm_events.pgscan_direct));
	seq_buf_printf(m, "allocstall %lu\n", READ_ONCE(vm_events.allocstall));
}
