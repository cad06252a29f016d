/*
 * In-kernel tests of the buddy allocator (group `buddy`), on the real RAM
 * the kernel booted with: take every free page and give it all back, use
 * each order, and make a double free. The per-CPU lists are drained before
 * each comparison, so that every free page is on the buddy lists.
 * Relies on page_alloc_init() having run at boot.
 */
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/lib/seq_buf.h>
#include <kernel/lib/string.h>
#include <mm/gfp.h>
#include <mm/mm.h>
#include <kernel/sched.h>

#define BUDDYINFO_LEN 128

static void buddyinfo_text(char *buf)
{
	struct seq_buf s;

	seq_buf_init(&s, buf, BUDDYINFO_LEN);
	buddyinfo_show(&s);
}

/* A block we hold, chained through its own first bytes: no memory needed. */
struct held_block {
	struct held_block *next;
	unsigned int order;
};

/* Take every free page, largest blocks first; returns the chain. */
static struct held_block *take_all_memory(unsigned long *pages)
{
	struct held_block *held = NULL, *b;
	int order;

	*pages = 0;
	/* As reclaim itself (PF_MEMALLOC): the watermarks' reserve is taken too. */
	current->flags |= PF_MEMALLOC;
	for (order = MAX_ORDER - 1; order >= 0; order--) {
		while ((b = (void *)__get_free_pages(__GFP_NOWARN, order)) != NULL) {
			b->next = held;
			b->order = order;
			held = b;
			*pages += 1UL << order;
		}
	}
	current->flags &= ~PF_MEMALLOC;
	return held;
}

static void give_back(struct held_block *held)
{
	while (held) {
		struct held_block *next = held->next;

		free_pages((unsigned long)held, held->order);
		held = next;
	}
}

KTEST(buddy, all_memory_then_free)
{
	char at_start[BUDDYINFO_LEN], at_end[BUDDYINFO_LEN];
	unsigned long free_at_start, taken, reports = bad_page_reports;
	struct held_block *held;

	drain_all_pages();
	free_at_start = nr_free_pages();
	buddyinfo_text(at_start);
	held = take_all_memory(&taken);
	KT_EXPECT_EQ(nr_free_pages(), 0);
	KT_EXPECT_EQ(taken, free_at_start);
	KT_EXPECT(alloc_page(__GFP_NOWARN) == NULL);
	give_back(held);
	drain_all_pages();
	buddyinfo_text(at_end);
	KT_EXPECT_EQ(nr_free_pages(), free_at_start);
	KT_EXPECT(strcmp(at_start, at_end) == 0);
	KT_EXPECT_EQ(bad_page_reports, reports);
	pr_info("buddyinfo: %s", at_end);
}

/* Fill the block and read it back, so a wrong mapping or overlap shows up. */
static bool block_holds_pattern(struct page *page, unsigned int order)
{
	unsigned long words = (PAGE_SIZE << order) / sizeof(unsigned long);
	unsigned long *p = page_address(page);
	unsigned long i, seed = page_to_pfn(page) * 0x9e3779b97f4a7c15UL;

	for (i = 0; i < words; i++)
		p[i] = seed + i;
	for (i = 0; i < words; i++)
		if (p[i] != seed + i)
			return false;
	return true;
}

KTEST(buddy, each_order_with_content)
{
	unsigned long free_at_start;
	unsigned int order;

	drain_all_pages();
	free_at_start = nr_free_pages();
	for (order = 0; order < MAX_ORDER; order++) {
		struct page *page = alloc_pages(GFP_KERNEL, order);

		KT_ASSERT(page != NULL);
		KT_EXPECT_EQ(page_to_pfn(page) & ((1UL << order) - 1), 0);
		KT_EXPECT_EQ(page->_refcount, 1);
		KT_EXPECT(block_holds_pattern(page, order));
		__free_pages(page, order);
	}
	drain_all_pages();
	KT_EXPECT_EQ(nr_free_pages(), free_at_start);
}

KTEST(buddy, zeroed_and_compound)
{
	unsigned long addr = get_zeroed_page(GFP_KERNEL);
	struct page *page;
	unsigned long i;

	KT_ASSERT(addr != 0);
	for (i = 0; i < PAGE_SIZE; i++)
		KT_EXPECT_EQ(((unsigned char *)addr)[i], 0);
	free_page(addr);

	page = alloc_pages(__GFP_COMP, 2);
	KT_ASSERT(page != NULL);
	KT_EXPECT(PageFlag(page, PG_head));
	for (i = 1; i < 4; i++)
		KT_EXPECT(compound_head(&page[i]) == page);
	__free_pages(page, 2);
	KT_EXPECT(!PageFlag(page, PG_head) && !PageFlag(&page[3], PG_tail));
}

/* Each bad free is reported (a "BUG: Bad page free" line) and counted. */
KTEST(buddy, double_free_reported)
{
	static char not_a_page[PAGE_SIZE] __aligned(PAGE_SIZE);
	unsigned long reports = bad_page_reports, free_before;
	struct page *page = alloc_page(GFP_KERNEL);

	KT_ASSERT(page != NULL);
	__free_page(page);
	free_before = nr_free_pages();
	__free_page(page);
	KT_EXPECT_EQ(bad_page_reports, reports + 1);
	KT_EXPECT_EQ(nr_free_pages(), free_before);

	free_page((unsigned long)not_a_page);
	KT_EXPECT_EQ(bad_page_reports, reports + 2);
	KT_EXPECT_EQ(nr_free_pages(), free_before);
}
