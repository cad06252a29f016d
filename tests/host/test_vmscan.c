/*
 * The LRU lists (mm/lru.c) and reclaim's choice of victims (mm/vmscan.c)
 * on the host, over the real page allocator. What the kernel gets from
 * the reverse map and the swap layer is played by this file: a page's
 * access flag is a bit here that "touch" sets and page_referenced reads
 * and clears, and pageout's steps (a slot, the unmap, the write, the
 * cache) succeed or fail as a test asks.
 *
 * A test page stands for one mapped anonymous page: one reference for the
 * mapping, on the LRU from the start, as a fault leaves it.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kernel/errno.h>
#include <kernel/sched.h>
#include <mm/mm.h>
#include <mm/lru.h>
#include <mm/rmap.h>
#include <mm/swap.h>
#include <mm/vmscan.h>
#include "htest.h"
#include "shim.h"

#define RAM_BASE 0x40000000UL
#define RAM_SIZE (64UL << 20)
#define MAX_PAGES 4096

static __thread struct task_struct host_task;

struct thread_info *host_current_thread_info(void)
{
	return &host_task.thread_info;
}

/* ---- what the reverse map and the swap layer would answer ---- */

#define PROGRAM_PAGES 640
static struct page *program_page[PROGRAM_PAGES];	/* the working-set program's, resident */
static bool accessed[RAM_SIZE / PAGE_SIZE];	/* the software access flag, by pfn */
static bool mapped[RAM_SIZE / PAGE_SIZE];	/* the mapping's reference still held */
static bool locked[RAM_SIZE / PAGE_SIZE];	/* in a VM_LOCKED VMA: always counts as used */
/* The working-set program's page each frame holds, + 1 (0: not one of its pages). */
static unsigned long owner[RAM_SIZE / PAGE_SIZE];
static bool unmap_fails, write_fails;
static unsigned long writes, slots_in_use, next_slot = 1;

static int page_ref_count(struct page *page)
{
	return __atomic_load_n(&page->_refcount, __ATOMIC_RELAXED);
}

static unsigned long index_of(struct page *page)
{
	return page_to_pfn(page) - min_pfn;
}

int page_referenced(struct page *page)
{
	unsigned long i = index_of(page);
	int young = accessed[i] || locked[i];

	accessed[i] = false;
	return young;
}

/* The mapping's entry becomes the swap entry: its reference to the page goes. */
bool try_to_unmap(struct page *page, swp_entry_t entry __attribute__((unused)))
{
	unsigned long i = index_of(page);

	if (unmap_fails)
		return false;
	if (mapped[i]) {
		mapped[i] = false;
		put_page(page);
	}
	if (owner[i]) {
		program_page[owner[i] - 1] = NULL;
		owner[i] = 0;
	}
	return true;
}

swp_entry_t add_to_swap(struct page *page)
{
	get_page(page);		/* the swap cache's reference */
	SetPageFlagAtomic(page, PG_swapcache);
	SetPageFlagAtomic(page, PG_dirty);
	page->private = next_slot++;
	slots_in_use++;
	return page->private;
}

int swap_duplicate(swp_entry_t entry __attribute__((unused)))
{
	return 0;
}

void swap_free(swp_entry_t entry __attribute__((unused)))
{
}

int swap_write_page(swp_entry_t entry __attribute__((unused)), struct page *page __attribute__((unused)))
{
	writes++;
	return write_fails ? -EIO : 0;
}

/* As mm/swapfile.c: only the cache's and the caller's references left, or it stays. */
bool remove_mapping(swp_entry_t entry __attribute__((unused)), struct page *page)
{
	if (page_ref_count(page) != 2)
		return false;
	ClearPageFlagAtomic(page, PG_swapcache);
	page->private = 0;
	put_page(page);
	return true;
}

unsigned long nr_swap_pages(void)
{
	return 1UL << 20;
}

/* ---- the test's pages ---- */


static struct page *pages[MAX_PAGES];
static unsigned long nr_pages, free_at_start;

/* The working-set program's pages (at the end of this file) go. */
static void release_program(void)
{
	for (unsigned long v = 0; v < PROGRAM_PAGES; v++) {
		struct page *page = program_page[v];

		if (!page)
			continue;
		owner[index_of(page)] = 0;
		mapped[index_of(page)] = false;
		program_page[v] = NULL;
		put_page(page);
	}
}

static void release_pages(void);

/* A fresh start: whatever a failed test before left goes first. */
static void boot(void)
{
	static bool booted;

	if (!booted) {
		setenv("HOST_TEST_QUIET", "1", 0);
		page_alloc_init(host_arena_create(RAM_SIZE, RAM_BASE), NULL, 0);
		booted = true;
	}
	unmap_fails = write_fails = false;
	release_pages();
	release_program();
	free_at_start = nr_free_pages();
}

/* n mapped anonymous pages, each the youngest of the inactive list when made. */
static void map_pages(unsigned long n)
{
	for (nr_pages = 0; nr_pages < n; nr_pages++) {
		struct page *page = alloc_page(GFP_KERNEL);

		CHECK(page);
		SetPageFlag(page, PG_anon);
		mapped[index_of(page)] = true;
		accessed[index_of(page)] = true;	/* the fault that mapped it set AF */
		locked[index_of(page)] = false;
		lru_cache_add(page);
		pages[nr_pages] = page;
	}
}

static bool resident(unsigned long i)
{
	return mapped[index_of(pages[i])];
}

static void touch(unsigned long first, unsigned long n)
{
	for (unsigned long i = first; i < first + n; i++)
		if (resident(i))
			accessed[index_of(pages[i])] = true;
}

/* The processes exit: every mapping still held goes, and swap-cached pages with it. */
static void release_pages(void)
{
	for (unsigned long i = 0; i < nr_pages; i++) {
		struct page *page = pages[i];

		locked[index_of(page)] = false;
		if (PageFlag(page, PG_swapcache)) {
			ClearPageFlagAtomic(page, PG_swapcache);
			put_page(page);
		}
		if (resident(i)) {
			mapped[index_of(page)] = false;
			put_page(page);
		}
	}
	nr_pages = 0;
}

static void unmap_all(void)
{
	release_pages();
	CHECK_EQ(lru_pages(LRU_INACTIVE_ANON) + lru_pages(LRU_ACTIVE_ANON), 0);
	CHECK_EQ(nr_free_pages(), free_at_start);
}

static unsigned long count_resident(unsigned long first, unsigned long n)
{
	unsigned long found = 0;

	for (unsigned long i = first; i < first + n; i++)
		found += resident(i);
	return found;
}

static unsigned long lru_total(void)
{
	return lru_pages(LRU_INACTIVE_ANON) + lru_pages(LRU_ACTIVE_ANON);
}

HTEST(new_pages_are_inactive_and_isolated_oldest_first)
{
	LIST_HEAD(isolated);
	struct page *page;
	unsigned long i = 0;

	boot();
	map_pages(100);
	CHECK_EQ(lru_pages(LRU_INACTIVE_ANON), 100);
	CHECK_EQ(lru_pages(LRU_ACTIVE_ANON), 0);
	CHECK_EQ(isolate_lru_pages(LRU_INACTIVE_ANON, 10, &isolated), 10);
	list_for_each_entry(page, &isolated, lru) {
		CHECK(page == pages[i++]);
		CHECK(!PageFlag(page, PG_lru));
		CHECK_EQ(page_ref_count(page), 2);
	}
	CHECK_EQ(lru_pages(LRU_INACTIVE_ANON), 90);
	while (!list_empty(&isolated)) {
		page = list_entry(isolated.next, struct page, lru);
		list_del(&page->lru);
		putback_lru_page(page);
		CHECK(PageFlag(page, PG_lru));
		CHECK_EQ(page_ref_count(page), 1);
	}
	CHECK_EQ(lru_pages(LRU_INACTIVE_ANON), 100);
	unmap_all();
}

/* Every page used once at its fault, then never: the oldest go first. */
HTEST(cold_pages_go_oldest_first)
{
	unsigned long got;

	boot();
	map_pages(512);
	for (unsigned long i = 0; i < nr_pages; i++)
		accessed[index_of(pages[i])] = false;
	/* A batch or so more than asked for, as Linux's reclaim may bring back. */
	got = shrink_node_pages(64, false);
	CHECK(got >= 64 && got < 64 + 32);
	CHECK_EQ(count_resident(0, got), 0);
	CHECK_EQ(count_resident(got, nr_pages - got), nr_pages - got);
	CHECK_EQ(writes, got);
	CHECK_EQ(lru_total(), nr_pages - got);
	unmap_all();
	writes = 0;
}

/*
 * A working set touched between every round of reclaim stays whole
 * while there are unused pages to take instead: the second chance at
 * the inactive tail and the active list's aging never prefer a used page.
 * (With nothing else left, reclaim takes used pages too, as Linux does:
 * that is thrashing, and the working set's owner pays in major faults.)
 */
HTEST(a_working_set_survives_pressure)
{
	unsigned long hot_first = 1000, hot = 300, cold_left = 256, reclaimed = 0;

	boot();
	map_pages(2048);
	while (reclaimed < nr_pages - hot - cold_left) {
		unsigned long got;

		touch(hot_first, hot);
		got = shrink_node_pages(32, false);
		CHECK(got > 0);
		reclaimed += got;
	}
	CHECK_EQ(count_resident(hot_first, hot), hot);
	CHECK_EQ(count_resident(0, nr_pages), nr_pages - reclaimed);
	CHECK_EQ(lru_total(), nr_pages - reclaimed);
	unmap_all();
}

/* Pages used again while inactive move to the active list; once nobody uses them, they age out. */
HTEST(active_pages_that_stop_being_used_age_out)
{
	unsigned long reclaimed, rounds;

	boot();
	map_pages(256);
	/* Found used twice at the tail (the fault's use, then one more): active. */
	for (rounds = 0, reclaimed = 0; !lru_pages(LRU_ACTIVE_ANON) && rounds < 10; rounds++) {
		touch(0, nr_pages);
		reclaimed += shrink_node_pages(32, false);
	}
	CHECK(lru_pages(LRU_ACTIVE_ANON) > 0);
	for (rounds = 0; reclaimed < nr_pages && rounds < 100; rounds++)
		reclaimed += shrink_node_pages(32, false);
	CHECK_EQ(reclaimed, nr_pages);
	CHECK_EQ(lru_total(), 0);
	unmap_all();
}

/* mlocked pages count as used, always: reclaim passes them by. */
HTEST(locked_pages_are_never_taken)
{
	boot();
	map_pages(128);
	for (unsigned long i = 0; i < nr_pages; i++) {
		accessed[index_of(pages[i])] = false;
		locked[index_of(pages[i])] = i % 2 == 0;
	}
	for (int round = 0; round < 20; round++)
		shrink_node_pages(32, false);
	for (unsigned long i = 0; i < nr_pages; i++)
		CHECK_EQ(resident(i), i % 2 == 0);
	for (unsigned long i = 0; i < nr_pages; i++)
		locked[index_of(pages[i])] = false;
	unmap_all();
}

/* A failed write keeps the page and its data; the cache holds it for its faults. */
HTEST(a_failed_write_keeps_the_page)
{
	boot();
	map_pages(64);
	for (unsigned long i = 0; i < nr_pages; i++)
		accessed[index_of(pages[i])] = false;
	write_fails = true;
	CHECK_EQ(shrink_node_pages(32, false), 0);
	for (unsigned long i = 0; i < nr_pages; i++) {
		struct page *page = pages[i];

		if (PageFlag(page, PG_swapcache)) {
			/* Unmapped but alive: in the swap cache, still dirty, back on a list. */
			CHECK(PageFlag(page, PG_dirty));
			CHECK(PageFlag(page, PG_lru));
			CHECK_EQ(page_ref_count(page), 1);
		}
	}
	CHECK_EQ(lru_total(), 64);
	/* The disk works again: the cached pages go without a new slot. */
	write_fails = false;
	for (int round = 0; round < 10 && lru_total(); round++)
		shrink_node_pages(64, false);
	CHECK_EQ(lru_total(), 0);
	unmap_all();
}

/* An mm that could not be locked: the page stays mapped and in memory. */
HTEST(a_busy_mapping_keeps_the_page)
{
	boot();
	map_pages(64);
	for (unsigned long i = 0; i < nr_pages; i++)
		accessed[index_of(pages[i])] = false;
	unmap_fails = true;
	CHECK_EQ(shrink_node_pages(32, false), 0);
	CHECK_EQ(count_resident(0, nr_pages), nr_pages);
	CHECK_EQ(lru_total(), 64);
	unmap_fails = false;
	unmap_all();
}

/* Direct reclaim marks the task for the reserve while it runs, and not after. */
HTEST(direct_reclaim_flags_the_task)
{
	boot();
	map_pages(64);
	for (unsigned long i = 0; i < nr_pages; i++)
		accessed[index_of(pages[i])] = false;
	CHECK(reclaim_allowed(GFP_KERNEL));
	CHECK(!reclaim_allowed(GFP_ATOMIC));
	CHECK(try_to_free_pages() >= 32);
	CHECK(!current_is_reclaiming());
	host_task.flags |= PF_MEMALLOC;
	CHECK(!reclaim_allowed(GFP_KERNEL));
	host_task.flags &= ~PF_MEMALLOC;
	unmap_all();
}

/*
 * Faults adding pages and exits freeing them while reclaim isolates and
 * puts back: the lists' counts stay true and nothing is freed twice
 * (AddressSanitizer watches the pages' memory).
 */
static void *churn(void *arg)
{
	struct page *mine[64];

	(void)arg;
	for (int round = 0; round < 2000; round++) {
		for (int i = 0; i < 64; i++) {
			mine[i] = alloc_page(GFP_KERNEL);
			if (!mine[i])
				abort();
			lru_cache_add(mine[i]);
		}
		for (int i = 0; i < 64; i++)
			put_page(mine[i]);
	}
	return NULL;
}

HTEST(lists_stay_consistent_under_concurrent_frees)
{
	pthread_t thread;
	LIST_HEAD(isolated);
	struct page *page, *next;

	boot();
	nr_pages = 0;
	CHECK_EQ(pthread_create(&thread, NULL, churn, NULL), 0);
	for (int round = 0; round < 20000; round++) {
		isolate_lru_pages(round % 2 ? LRU_ACTIVE_ANON : LRU_INACTIVE_ANON, 8, &isolated);
		list_for_each_entry_safe(page, next, &isolated, lru) {
			list_del(&page->lru);
			if (round % 3)
				SetPageFlagAtomic(page, PG_active);
			else
				ClearPageFlagAtomic(page, PG_active);
			putback_lru_page(page);
		}
	}
	pthread_join(thread, NULL);
	CHECK_EQ(lru_total(), 0);
	CHECK_EQ(nr_free_pages(), free_at_start);
}

/* ---- a working-set program under memory pressure ---- */

/*
 * One access by the program: a resident page gets its access flag set
 * (the hardware, or the access-flag fault); a page not resident is a
 * major fault, read back from swap into a new page at the inactive head.
 * Memory holds frames pages of the program: a fault with all of them in
 * use reclaims a batch first, as direct reclaim at the min watermark does.
 */
#define WORKING_SET 160	/* pages, used every round */
#define SCAN_PER_ROUND 40	/* pages of the rest, read once each round */
#define ROUNDS 400
static unsigned long resident_pages, major_faults, working_set_faults;

static void program_access(unsigned long vpage, unsigned long frames)
{
	struct page *page = program_page[vpage];

	if (page) {
		accessed[index_of(page)] = true;
		return;
	}
	major_faults++;
	if (vpage < WORKING_SET)
		working_set_faults++;
	while (resident_pages >= frames) {
		unsigned long got = shrink_node_pages(32, false);

		CHECK(got > 0);
		resident_pages -= got;
	}
	page = alloc_page(GFP_KERNEL);
	CHECK(page);
	SetPageFlag(page, PG_anon);
	mapped[index_of(page)] = true;
	accessed[index_of(page)] = true;
	locked[index_of(page)] = false;
	owner[index_of(page)] = vpage + 1;
	program_page[vpage] = page;
	resident_pages++;
	lru_cache_add(page);
}

/*
 * A loop over a working set that fits in memory, each round also reading
 * a stretch of a larger array once (a scan, as a join or a checksum
 * does). The pages the scan brought in are not used again for a long
 * time; the working set is used every round. Major faults counted.
 */
static unsigned long run_working_set_program(unsigned long frames)
{
	const unsigned long scan = PROGRAM_PAGES - WORKING_SET;
	unsigned long next_scan = 0;

	major_faults = working_set_faults = resident_pages = 0;
	for (int round = 0; round < ROUNDS; round++) {
		for (unsigned long i = 0; i < WORKING_SET; i++)
			program_access(i, frames);
		for (unsigned long i = 0; i < SCAN_PER_ROUND; i++) {
			program_access(WORKING_SET + next_scan, frames);
			next_scan = (next_scan + 1) % scan;
		}
	}
	return major_faults;
}

static void program_exit(void)
{
	release_program();
	CHECK_EQ(lru_total(), 0);
	CHECK_EQ(nr_free_pages(), free_at_start);
}

/*
 * What keeping the working set costs: every page the scan reads (the
 * scan is longer than the memory left beside the working set) and each
 * page of the working set once. A policy that tells used pages from
 * unused ones comes near it: the reference pays about 15% more. One that
 * takes the oldest page whatever its use (FIFO) pays 2.4 times as much,
 * one that activates a page at its first use 1.7 times.
 */
HTEST(working_set_program_faults_near_the_minimum)
{
	unsigned long kept = ROUNDS * SCAN_PER_ROUND + WORKING_SET;
	unsigned long faults;

	boot();
	faults = run_working_set_program(256);
	printf("# major faults: %lu, %lu of them on the working set (keeping it: %lu)\n",
	       faults, working_set_faults, kept);
	CHECK(faults <= kept * 5 / 4);
	program_exit();
}
