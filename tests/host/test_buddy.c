/*
 * The buddy allocator (mm/page_alloc.c) over a 64 MiB arena standing in
 * for RAM. After every kind of workload the free lists are checked from
 * the outside, through mem_map and the public counters only: blocks are
 * aligned, marked, disjoint, fully merged, and each list is one ring
 * holding exactly nr_free blocks of its order.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <kernel/lib/seq_buf.h>
#include <asm/smp.h>
#include <mm/mm.h>
#include "htest.h"
#include "shim.h"

#define RAM_BASE 0x40000000UL
#define RAM_SIZE (64UL << 20)

/* A kernel image and a device tree, as the boot code would reserve them. */
static const struct mem_range boot_reserved[] = {
	{ RAM_BASE + 0x80000, RAM_BASE + 0x80000 + 0x1a3456 },
	{ RAM_BASE + 0x3000123, RAM_BASE + 0x3005000 },
};

static struct mem_range ram;
static char buddyinfo_at_boot[256];

static void buddyinfo_text(char *buf, size_t size)
{
	struct seq_buf s;

	seq_buf_init(&s, buf, size);
	buddyinfo_show(&s);
}

static void shutdown(void)
{
	host_arena_destroy(ram);
	ram = (struct mem_range){ 0, 0 };
}

/* A fresh allocator over a fresh arena; tidies up after a failed test too. */
static void boot(void)
{
	if (ram.end)
		shutdown();
	ram = host_arena_create(RAM_SIZE, RAM_BASE);
	page_alloc_init(ram, boot_reserved, ARRAY_SIZE(boot_reserved));
	buddyinfo_text(buddyinfo_at_boot, sizeof(buddyinfo_at_boot));
	bad_page_reports = 0;
}

static unsigned long nr_pfns(void)
{
	return max_pfn - min_pfn;
}

static bool is_page_in_mem_map(const void *p)
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)mem_map;

	return off < nr_pfns() * sizeof(struct page);
}

/* Follow the ring that @page is on: every member a free block of @order. */
static unsigned long count_ring(struct page *page, unsigned int order)
{
	struct list_head *node = page->lru.next;
	unsigned long pages = 1, heads = 0, steps = 0;

	for (; node != &page->lru; node = node->next) {
		CHECK(++steps <= nr_pfns() + 1);
		if (!is_page_in_mem_map(node)) {
			heads++;
			continue;
		}
		struct page *p = list_entry(node, struct page, lru);

		CHECK(PageFlag(p, PG_buddy));
		CHECK_EQ(p->private, order);
		CHECK(p->lru.next->prev == &p->lru);
		pages++;
	}
	CHECK_EQ(heads, 1);
	return pages;
}

/*
 * A free block headed by @pfn, on the buddy lists or a per-CPU list (the
 * head's @list_flag): its pages are free and in no other block, and no
 * buddy of the same order on the free lists was left unmerged.
 */
static void check_block(unsigned long pfn, unsigned int order, unsigned char *covered,
			enum pageflags list_flag)
{
	struct page *page = pfn_to_page(pfn);
	unsigned long i, buddy_pfn = pfn ^ (1UL << order);

	CHECK(order < MAX_ORDER);
	CHECK_EQ(pfn & ((1UL << order) - 1), 0);
	CHECK(pfn + (1UL << order) <= max_pfn);
	for (i = 0; i < (1UL << order); i++) {
		CHECK(!covered[pfn + i - min_pfn]);
		covered[pfn + i - min_pfn] = 1;
		CHECK(!PageFlag(&page[i], PG_reserved));
		CHECK_EQ(page[i]._refcount, 0);
		if (i > 0)
			CHECK(!PageFlag(&page[i], PG_buddy) && !PageFlag(&page[i], PG_pcp));
	}
	if (list_flag == PG_buddy && order < MAX_ORDER - 1 && pfn_valid(buddy_pfn)) {
		struct page *buddy = pfn_to_page(buddy_pfn);

		CHECK(!(PageFlag(buddy, PG_buddy) && buddy->private == order));
	}
}

/*
 * The whole-allocator invariant; returns the pages on per-CPU lists.
 * Every buddy-list page and every pcp page is counted in nr_free_pages().
 */
static unsigned long check_free_lists(void)
{
	unsigned char *covered = calloc(nr_pfns(), 1);
	unsigned long blocks[MAX_ORDER] = { 0 };
	struct page *sample[MAX_ORDER] = { 0 };
	unsigned long pfn, buddy_pages = 0, pcp_pages = 0;
	unsigned int order;

	CHECK(covered);
	for (pfn = min_pfn; pfn < max_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (PageFlag(page, PG_pcp)) {
			CHECK(!PageFlag(page, PG_buddy));
			CHECK(page->private <= PAGE_ALLOC_COSTLY_ORDER);
			check_block(pfn, page->private, covered, PG_pcp);
			pcp_pages += 1UL << page->private;
		}
		if (!PageFlag(page, PG_buddy))
			continue;
		order = page->private;
		check_block(pfn, order, covered, PG_buddy);
		blocks[order]++;
		buddy_pages += 1UL << order;
		sample[order] = page;
	}
	free(covered);
	for (order = 0; order < MAX_ORDER; order++) {
		CHECK_EQ(nr_free_pages_order(order), blocks[order]);
		if (sample[order])
			CHECK_EQ(count_ring(sample[order], order), blocks[order]);
	}
	CHECK_EQ(nr_free_pages(), buddy_pages + pcp_pages);
	return pcp_pages;
}

static void check_back_to_boot(void)
{
	char now[256];

	drain_all_pages();
	CHECK_EQ(check_free_lists(), 0);
	CHECK_EQ(nr_free_pages(), totalram_pages());
	buddyinfo_text(now, sizeof(now));
	if (strcmp(now, buddyinfo_at_boot) != 0)
		htest_fail(__FILE__, __LINE__, "buddyinfo\n# now:  %s# boot: %s", now,
			   buddyinfo_at_boot);
}

static u64 rng_state;

static u64 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

HTEST(init_reserves_boot_ranges_and_mem_map)
{
	unsigned long pfn, reserved = 0, map_pfn;

	boot();
	map_pfn = __pa(mem_map) >> PAGE_SHIFT;
	CHECK_EQ(min_pfn, RAM_BASE >> PAGE_SHIFT);
	CHECK_EQ(max_pfn, (RAM_BASE + RAM_SIZE) >> PAGE_SHIFT);
	/* The first gap that fits 1 MiB of struct pages is right after the image. */
	CHECK_EQ(__pa(mem_map), PAGE_ALIGN(boot_reserved[0].end));
	CHECK(PageFlag(pfn_to_page(map_pfn), PG_reserved));
	CHECK(PageFlag(pfn_to_page(map_pfn + 255), PG_reserved));
	CHECK(!PageFlag(pfn_to_page(map_pfn + 256), PG_reserved));
	CHECK(PageFlag(pfn_to_page(boot_reserved[1].start >> PAGE_SHIFT), PG_reserved));
	CHECK(PageFlag(pfn_to_page((boot_reserved[1].end >> PAGE_SHIFT) - 1), PG_reserved));
	CHECK(!PageFlag(pfn_to_page(boot_reserved[1].end >> PAGE_SHIFT), PG_reserved));
	CHECK(!PageFlag(pfn_to_page(min_pfn), PG_reserved));
	for (pfn = min_pfn; pfn < max_pfn; pfn++)
		reserved += PageFlag(pfn_to_page(pfn), PG_reserved);
	CHECK_EQ(reserved, 0x1a4 + 256 + 5);
	CHECK_EQ(totalram_pages(), nr_pfns() - reserved);
	CHECK_EQ(nr_free_pages(), totalram_pages());
	check_free_lists();
	shutdown();
}

HTEST(init_frees_in_large_blocks)
{
	unsigned long smaller = 0;

	boot();
	/* 16 blocks of 4 MiB, minus the two holding the image + mem_map and the DTB. */
	CHECK_EQ(nr_free_pages_order(MAX_ORDER - 1), 14);
	/* The three gaps around them are 1 + 5 + 9 naturally aligned blocks. */
	for (unsigned int order = 0; order < MAX_ORDER - 1; order++)
		smaller += nr_free_pages_order(order);
	CHECK_EQ(smaller, 15);
	shutdown();
}

HTEST(unaligned_ram_edges_are_reserved)
{
	struct mem_range odd;

	boot();
	odd = (struct mem_range){ ram.start + 0x800, ram.end - 0x100 };
	page_alloc_init(odd, NULL, 0);
	CHECK(PageFlag(pfn_to_page(min_pfn), PG_reserved));
	CHECK(PageFlag(pfn_to_page(max_pfn - 1), PG_reserved));
	CHECK_EQ(__pa(mem_map), ram.start + PAGE_SIZE);
	CHECK_EQ(totalram_pages(), nr_pfns() - 2 - 256);
	check_free_lists();
	shutdown();
}

/*
 * RAM that ends 64 pages short of a largest block: the top free block's buddy
 * lies past the end, and its struct page would sit just past mem_map, in a
 * page of RAM. The test makes that memory look like a free block of the
 * right order; an allocator that asks pfn_valid() first never looks at it.
 */
HTEST(buddy_past_the_end_of_ram_is_never_looked_at)
{
	struct mem_range short_ram;
	unsigned long total, i = 0, top_buddy;
	struct page **pages, *fake;

	boot();
	short_ram = (struct mem_range){ ram.start, ram.end - 64 * PAGE_SIZE };
	page_alloc_init(short_ram, NULL, 0);
	buddyinfo_text(buddyinfo_at_boot, sizeof(buddyinfo_at_boot));
	top_buddy = max_pfn;
	CHECK_EQ(top_buddy % 64, 0);
	CHECK(PageFlag(pfn_to_page(top_buddy - 64), PG_buddy));
	CHECK_EQ(pfn_to_page(top_buddy - 64)->private, 6);
	total = totalram_pages();
	pages = calloc(total + 1, sizeof(*pages));
	CHECK(pages);
	while ((pages[i] = alloc_pages(__GFP_NOWARN, 0)) != NULL)
		i++;
	fake = mem_map + (top_buddy - min_pfn);
	memset(fake, 0, sizeof(*fake));
	SetPageFlag(fake, PG_buddy);
	fake->private = 6;
	INIT_LIST_HEAD(&fake->lru);
	while (i > 0)
		__free_page(pages[--i]);
	free(pages);
	check_back_to_boot();
	shutdown();
}

HTEST(buddyinfo_has_linux_format)
{
	char expect[256];
	int n;

	boot();
	n = snprintf(expect, sizeof(expect), "Node 0, zone   Normal ");
	for (unsigned int order = 0; order < MAX_ORDER; order++)
		n += snprintf(expect + n, sizeof(expect) - n, "%6lu ", nr_free_pages_order(order));
	snprintf(expect + n, sizeof(expect) - n, "\n");
	CHECK(strcmp(buddyinfo_at_boot, expect) == 0);
	CHECK_EQ(strlen(buddyinfo_at_boot), 22 + 7 * MAX_ORDER + 1);
	CHECK(strncmp(buddyinfo_at_boot + 22, "     ", 5) == 0);
	shutdown();
}

/* Pages waiting on this CPU's lists: free, but not on the buddy lists. */
static unsigned long pcp_pages(void)
{
	return nr_free_pages() - zone_free_pages();
}

/*
 * A block of up to 8 pages goes to this CPU's list for its order, and the
 * next request of that order gets it back, still warm; order 4 goes to
 * the buddy lists at once. A drain gives the small block back too.
 */
HTEST(small_blocks_wait_on_this_cpus_list)
{
	struct page *small, *again, *big;
	unsigned long waiting;

	boot();
	small = alloc_pages(GFP_KERNEL, PAGE_ALLOC_COSTLY_ORDER);
	big = alloc_pages(GFP_KERNEL, PAGE_ALLOC_COSTLY_ORDER + 1);
	CHECK(small && big);
	__free_pages(small, PAGE_ALLOC_COSTLY_ORDER);
	CHECK(PageFlag(small, PG_pcp));
	CHECK(!PageFlag(small, PG_buddy));
	CHECK_EQ(small->private, PAGE_ALLOC_COSTLY_ORDER);
	check_free_lists();
	again = alloc_pages(GFP_KERNEL, PAGE_ALLOC_COSTLY_ORDER);
	CHECK(again == small);
	CHECK(!PageFlag(again, PG_pcp));
	CHECK_EQ(again->private, 0);
	waiting = pcp_pages();
	__free_pages(big, PAGE_ALLOC_COSTLY_ORDER + 1);
	CHECK(!PageFlag(big, PG_pcp));
	CHECK_EQ(pcp_pages(), waiting);
	__free_pages(again, PAGE_ALLOC_COSTLY_ORDER);
	check_free_lists();
	CHECK(pcp_pages() > 0);
	check_back_to_boot();
	CHECK_EQ(bad_page_reports, 0);
	shutdown();
}

/*
 * Freeing many 8-page blocks: the lists give blocks back whenever they
 * reach high (4 batches of a thousandth of memory, docs/buddy.md), so
 * they never hold more than high plus the block just freed.
 */
HTEST(full_cpu_lists_give_blocks_back)
{
	enum { BLOCKS = 200 };
	unsigned long batch, most = 0;
	static struct page *blocks[BLOCKS];

	boot();
	batch = MIN(MAX(totalram_pages() / 1024, 1UL), 63UL);
	for (int i = 0; i < BLOCKS; i++) {
		blocks[i] = alloc_pages(GFP_KERNEL, 3);
		CHECK(blocks[i]);
	}
	for (int i = 0; i < BLOCKS; i++) {
		__free_pages(blocks[i], 3);
		CHECK(pcp_pages() < 4 * batch + 8);
		most = MAX(most, pcp_pages());
	}
	CHECK(most >= 4 * batch - 8);
	check_free_lists();
	check_back_to_boot();
	CHECK_EQ(bad_page_reports, 0);
	shutdown();
}

HTEST(split_and_merge_one_block)
{
	struct page *page;

	boot();
	page = alloc_pages(GFP_KERNEL, 3);
	CHECK(page);
	CHECK_EQ(page_to_pfn(page) & 7, 0);
	CHECK_EQ(page->_refcount, 1);
	CHECK_EQ(nr_free_pages(), totalram_pages() - 8);
	check_free_lists();
	__free_pages(page, 3);
	check_back_to_boot();
	CHECK_EQ(bad_page_reports, 0);
	shutdown();
}

/*
 * With every free block from order 4 up to below the largest taken away,
 * an order-4 request must split a largest block: one free half is left
 * at each order in between, and freeing the pair merges all of them
 * back. Order 4 is the smallest that no per-CPU list serves, so the
 * request and the free go straight to the buddy lists.
 */
HTEST(split_of_a_largest_block_and_merge_back)
{
	enum { FIRST = PAGE_ALLOC_COSTLY_ORDER + 1 };
	static struct page *taken[4096];
	static unsigned int taken_order[4096];
	unsigned int order, n = 0;
	struct page *page;

	boot();
	for (order = FIRST; order < MAX_ORDER - 1; order++) {
		while (nr_free_pages_order(order) > 0) {
			CHECK(n < ARRAY_SIZE(taken));
			taken_order[n] = order;
			taken[n++] = alloc_pages(GFP_KERNEL, order);
		}
	}
	page = alloc_pages(GFP_KERNEL, FIRST);
	CHECK(page);
	CHECK_EQ(page_to_pfn(page) & ((1UL << (MAX_ORDER - 1)) - 1), 0);
	for (order = FIRST; order < MAX_ORDER - 1; order++)
		CHECK_EQ(nr_free_pages_order(order), 1);
	check_free_lists();
	__free_pages(page, FIRST);
	for (order = FIRST; order < MAX_ORDER - 1; order++)
		CHECK_EQ(nr_free_pages_order(order), 0);
	check_free_lists();
	while (n > 0) {
		n--;
		__free_pages(taken[n], taken_order[n]);
	}
	check_back_to_boot();
	CHECK_EQ(bad_page_reports, 0);
	shutdown();
}

struct block {
	struct page *page;
	unsigned int order;
	u64 stamp;
};

static void stamp_block(struct block *b)
{
	for (unsigned long i = 0; i < (1UL << b->order); i++)
		*(u64 *)page_address(&b->page[i]) = b->stamp + i;
}

static bool stamp_intact(const struct block *b)
{
	for (unsigned long i = 0; i < (1UL << b->order); i++)
		if (*(u64 *)page_address(&b->page[i]) != b->stamp + i)
			return false;
	return true;
}

static unsigned int random_order(void)
{
	unsigned int r = rng() % 100;

	if (r < 60)
		return 0;
	if (r < 90)
		return 1 + rng() % 4;
	return 5 + rng() % (MAX_ORDER - 5);
}

HTEST(random_alloc_free_keeps_invariants)
{
	enum { OPS = 200000, LIVE = 2048 };
	struct block *live = calloc(LIVE, sizeof(*live));
	unsigned long n = 0, failures = 0;

	CHECK(live);
	boot();
	rng_state = 0x9e3779b97f4a7c15ULL;
	for (unsigned long op = 0; op < OPS; op++) {
		if (n < LIVE && (n == 0 || rng() % 100 < 55)) {
			struct block *b = &live[n];

			b->order = random_order();
			b->page = alloc_pages(__GFP_NOWARN, b->order);
			if (!b->page) {
				failures++;
				continue;
			}
			b->stamp = op << 12;
			stamp_block(b);
			n++;
		} else {
			unsigned long victim = rng() % n;

			CHECK(stamp_intact(&live[victim]));
			__free_pages(live[victim].page, live[victim].order);
			live[victim] = live[--n];
		}
		if (op % 4096 == 0)
			check_free_lists();
	}
	check_free_lists();
	while (n > 0) {
		n--;
		CHECK(stamp_intact(&live[n]));
		__free_pages(live[n].page, live[n].order);
	}
	free(live);
	printf("# %d ops, %lu failed allocations\n", OPS, failures);
	check_back_to_boot();
	CHECK_EQ(bad_page_reports, 0);
	shutdown();
}

HTEST(exhaustion_returns_null_then_recovers)
{
	unsigned long total, i = 0;
	struct page **pages;

	boot();
	total = totalram_pages();
	pages = calloc(total + 1, sizeof(*pages));
	CHECK(pages);
	/* Leave some pages on another CPU's list: the allocator must drain them. */
	host_cpu_id = 3;
	__free_pages(alloc_pages(GFP_KERNEL, 0), 0);
	host_cpu_id = 0;
	while ((pages[i] = alloc_pages(__GFP_NOWARN, 0)) != NULL)
		i++;
	CHECK_EQ(i, total);
	CHECK_EQ(nr_free_pages(), 0);
	CHECK(alloc_pages(__GFP_NOWARN, 0) == NULL);
	CHECK(alloc_pages(__GFP_NOWARN, 4) == NULL);
	check_free_lists();
	while (i > 0)
		__free_page(pages[--i]);
	free(pages);
	check_back_to_boot();
	CHECK_EQ(bad_page_reports, 0);
	shutdown();
}

HTEST(exhaustion_of_large_blocks_leaves_small_ones)
{
	struct page *blocks[64], *page;
	unsigned long n = 0;

	boot();
	while ((blocks[n] = alloc_pages(__GFP_NOWARN, MAX_ORDER - 1)) != NULL)
		n++;
	CHECK_EQ(n, 14);
	CHECK(nr_free_pages() > 0);
	page = alloc_page(GFP_KERNEL);
	CHECK(page);
	__free_page(page);
	while (n > 0)
		__free_pages(blocks[--n], MAX_ORDER - 1);
	check_back_to_boot();
	CHECK_EQ(bad_page_reports, 0);
	shutdown();
}

HTEST(impossible_order_fails_cleanly)
{
	boot();
	CHECK(alloc_pages(GFP_KERNEL, MAX_ORDER) == NULL);
	CHECK(alloc_pages(GFP_KERNEL, MAX_ORDER) == NULL);
	CHECK(__get_free_pages(__GFP_NOWARN, MAX_ORDER) == 0);
	CHECK_EQ(nr_free_pages(), totalram_pages());
	shutdown();
}

/* A bad free is counted and reported with its pfn, and changes nothing. */
static void expect_bad_free(void (*do_free)(void *arg), void *arg, const char *words)
{
	unsigned long reports = bad_page_reports, errors = host_printk_errors;
	unsigned long free_before = nr_free_pages();
	char info[256];

	drain_all_pages();
	buddyinfo_text(info, sizeof(info));
	do_free(arg);
	CHECK_EQ(bad_page_reports, reports + 1);
	CHECK_EQ(host_printk_errors, errors + 1);
	if (!strstr(host_last_report, words))
		htest_fail(__FILE__, __LINE__, "report lacks \"%s\": %s", words,
			   host_last_report);
	CHECK(strstr(host_last_report, "caller"));
	CHECK_EQ(nr_free_pages(), free_before);
	check_free_lists();
	{
		char now[256];

		drain_all_pages();
		buddyinfo_text(now, sizeof(now));
		CHECK(strcmp(now, info) == 0);
	}
}

static void free_order0(void *page)
{
	__free_pages(page, 0);
}

HTEST(double_free_is_reported)
{
	struct page *page, *big;

	boot();
	page = alloc_page(GFP_KERNEL);
	__free_page(page);
	/* Still on this CPU's list (PG_pcp) ... */
	expect_bad_free(free_order0, page, "already free");
	/* ... and, after the drain above, on the buddy lists or inside a block. */
	expect_bad_free(free_order0, page, "0x");
	big = alloc_pages(GFP_KERNEL, 2);
	__free_pages(big, 2);
	expect_bad_free(free_order0, big + 1, "not allocated");
	check_back_to_boot();
	shutdown();
}

static unsigned int bad_order_arg;

static void free_with_order(void *page)
{
	__free_pages(page, bad_order_arg);
}

/* An order-2 block that starts an order-3 one, so order 3 is merely too large. */
static struct page *alloc_order2_at_order3_boundary(void)
{
	struct page *tries[4], *found = NULL;
	int i;

	for (i = 0; i < 4 && !found; i++) {
		tries[i] = alloc_pages(GFP_KERNEL, 2);
		if (IS_ALIGNED(page_to_pfn(tries[i]), 8))
			found = tries[i];
	}
	while (--i >= 0)
		if (tries[i] != found)
			__free_pages(tries[i], 2);
	CHECK(found);
	return found;
}

HTEST(wrong_order_and_non_head_are_reported)
{
	struct page *block, *comp, *single, *other;

	boot();
	block = alloc_order2_at_order3_boundary();
	comp = alloc_pages(__GFP_COMP, 3);
	single = alloc_page(GFP_KERNEL);
	other = alloc_page(GFP_KERNEL);
	expect_bad_free(free_order0, block + 1, "not allocated");
	expect_bad_free(free_order0, comp + 2, "tail page");
	bad_order_arg = MAX_ORDER;
	expect_bad_free(free_with_order, single, "bad order");
	bad_order_arg = 3;
	expect_bad_free(free_with_order, block, "order too large");
	bad_order_arg = 2;
	expect_bad_free(free_with_order, comp, "order too small");
	bad_order_arg = 4;
	expect_bad_free(free_with_order, comp, "0x");
	bad_order_arg = 1;
	expect_bad_free(free_with_order, single, "0x");
	__free_pages(block, 2);
	__free_pages(comp, 3);
	__free_page(single);
	__free_page(other);
	check_back_to_boot();
	shutdown();
}

static void free_address(void *addr)
{
	free_pages((unsigned long)addr, 0);
}

HTEST(foreign_and_reserved_pointers_are_reported)
{
	char *heap = malloc(64);
	struct page fake;
	char needle[64];

	boot();
	CHECK(heap);
	expect_bad_free(free_address, heap, "not a page of RAM");
	expect_bad_free(free_address, (char *)page_address(pfn_to_page(min_pfn)) + 8,
			"not a page of RAM");
	expect_bad_free(free_order0, &fake, "not a struct page");
	expect_bad_free(free_order0, (char *)pfn_to_page(min_pfn) + 8, "not a struct page");
	expect_bad_free(free_address, mem_map, "reserved");
	snprintf(needle, sizeof(needle), "pfn %#lx", boot_reserved[0].start >> PAGE_SHIFT);
	expect_bad_free(free_address, __va(boot_reserved[0].start), needle);
	free_pages(0, 0);
	CHECK_EQ(bad_page_reports, 6);
	free(heap);
	check_back_to_boot();
	shutdown();
}

HTEST(gfp_zero_clears_recycled_pages)
{
	unsigned long addr;
	struct page *page;

	boot();
	for (unsigned int order = 0; order < 4; order++) {
		page = alloc_pages(GFP_KERNEL, order);
		memset(page_address(page), 0xff, PAGE_SIZE << order);
		__free_pages(page, order);
		page = alloc_pages(__GFP_ZERO, order);
		for (unsigned long i = 0; i < (PAGE_SIZE << order); i++)
			CHECK_EQ(((unsigned char *)page_address(page))[i], 0);
		__free_pages(page, order);
	}
	addr = __get_free_page(GFP_KERNEL);
	memset((void *)addr, 0x5a, PAGE_SIZE);
	free_page(addr);
	addr = get_zeroed_page(GFP_KERNEL);
	CHECK(addr);
	for (unsigned long i = 0; i < PAGE_SIZE; i++)
		CHECK_EQ(((unsigned char *)addr)[i], 0);
	free_page(addr);
	check_back_to_boot();
	CHECK_EQ(bad_page_reports, 0);
	shutdown();
}

HTEST(compound_pages_are_marked_and_unmarked)
{
	struct page *page;

	boot();
	page = alloc_pages(__GFP_COMP, 4);
	CHECK(page);
	CHECK(PageFlag(page, PG_head));
	CHECK(!PageFlag(page, PG_tail));
	CHECK(compound_head(page) == page);
	for (int i = 1; i < 16; i++) {
		CHECK(PageFlag(&page[i], PG_tail));
		CHECK(compound_head(&page[i]) == page);
	}
	CHECK(!PageFlag(&page[16], PG_tail));
	__free_pages(page, 4);
	for (int i = 0; i < 16; i++) {
		CHECK(!PageFlag(&page[i], PG_head));
		CHECK(!PageFlag(&page[i], PG_tail));
		CHECK(page[i].compound_head == NULL);
	}
	page = alloc_pages(__GFP_COMP, 0);
	CHECK(!PageFlag(page, PG_head));
	__free_page(page);
	check_back_to_boot();
	CHECK_EQ(bad_page_reports, 0);
	shutdown();
}

HTEST(single_pages_go_through_the_cpu_list)
{
	struct page *a, *b;

	boot();
	a = alloc_page(GFP_KERNEL);
	/* The refill took a batch from the buddy lists to this CPU. */
	CHECK(check_free_lists() > 0);
	__free_page(a);
	b = alloc_page(GFP_KERNEL);
	CHECK(a == b);	/* the most recently freed page is handed out first */
	__free_page(b);
	check_back_to_boot();
	shutdown();
}

enum { THREADS = 4, THREAD_OPS = 40000, THREAD_LIVE = 64 };

static int workers_running;

struct worker {
	pthread_t thread;
	unsigned int cpu;
	unsigned long corrupted, failed;
};

static void *hammer(void *arg)
{
	struct worker *w = arg;
	struct block live[THREAD_LIVE];
	u64 state = 0x12345678ULL * (w->cpu + 1);
	unsigned int n = 0;

	host_cpu_id = w->cpu;
	for (unsigned long op = 0; op < THREAD_OPS; op++) {
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		if (n < THREAD_LIVE && (n == 0 || state % 2)) {
			struct block *b = &live[n];

			b->order = state % 16 == 0 ? (state >> 8) % 4 : 0;
			b->page = alloc_pages(__GFP_NOWARN, b->order);
			if (!b->page) {
				w->failed++;
				continue;
			}
			b->stamp = ((u64)w->cpu << 56) | (op << 8);
			stamp_block(b);
			n++;
		} else {
			unsigned int victim = (state >> 16) % n;

			w->corrupted += !stamp_intact(&live[victim]);
			__free_pages(live[victim].page, live[victim].order);
			live[victim] = live[--n];
		}
	}
	while (n > 0) {
		n--;
		w->corrupted += !stamp_intact(&live[n]);
		__free_pages(live[n].page, live[n].order);
	}
	__atomic_sub_fetch(&workers_running, 1, __ATOMIC_RELEASE);
	return NULL;
}

HTEST(cpus_hammering_their_lists_in_parallel)
{
	struct worker workers[THREADS];
	unsigned long overcounted = 0;

	boot();
	workers_running = THREADS;
	for (unsigned int i = 0; i < THREADS; i++) {
		workers[i] = (struct worker){ .cpu = i + 1 };
		CHECK_EQ(pthread_create(&workers[i].thread, NULL, hammer, &workers[i]), 0);
	}
	/* CPU 0 keeps emptying everybody's lists under their feet. */
	while (__atomic_load_n(&workers_running, __ATOMIC_ACQUIRE) > 0) {
		drain_all_pages();
		overcounted += nr_free_pages() > totalram_pages();
	}
	for (unsigned int i = 0; i < THREADS; i++) {
		pthread_join(workers[i].thread, NULL);
		CHECK_EQ(workers[i].corrupted, 0);
		CHECK_EQ(workers[i].failed, 0);
	}
	CHECK_EQ(overcounted, 0);
	check_free_lists();
	check_back_to_boot();
	CHECK_EQ(bad_page_reports, 0);
	shutdown();
}

enum { RACE_ROUNDS = 2000 };

static struct page *contested;
static pthread_barrier_t race_start, race_end;

static void *free_contested(void *arg)
{
	host_cpu_id = (unsigned int)(uintptr_t)arg;
	for (int round = 0; round < RACE_ROUNDS; round++) {
		pthread_barrier_wait(&race_start);
		__free_page(contested);
		pthread_barrier_wait(&race_end);
	}
	return NULL;
}

HTEST(racing_double_free_is_caught_exactly_once)
{
	pthread_t threads[2];

	boot();
	pthread_barrier_init(&race_start, NULL, 3);
	pthread_barrier_init(&race_end, NULL, 3);
	for (uintptr_t i = 0; i < 2; i++)
		CHECK_EQ(pthread_create(&threads[i], NULL, free_contested, (void *)(i + 1)), 0);
	for (int round = 0; round < RACE_ROUNDS; round++) {
		contested = alloc_pages(GFP_KERNEL, 0);
		pthread_barrier_wait(&race_start);
		pthread_barrier_wait(&race_end);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(threads[i], NULL);
	pthread_barrier_destroy(&race_start);
	pthread_barrier_destroy(&race_end);
	CHECK_EQ(bad_page_reports, RACE_ROUNDS);
	check_back_to_boot();
	shutdown();
}
