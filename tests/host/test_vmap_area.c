/*
 * The vmalloc address-range allocator (mm/vmap_area.c) on its own: after
 * every operation the busy and free trees are checked as red-black trees,
 * the augmented subtree_max_size of every free node is recomputed, the
 * lists are compared with the trees, busy and free ranges must tile the
 * space exactly with no two free ranges touching, and every descriptor
 * must be either in a tree or handed back. Each allocation must land at
 * the lowest free range that fits, found here by a plain scan.
 */
#include <stdlib.h>
#include <mm/vmap_area.h>
#include "htest.h"
#include "rbcheck.h"
#include "rng.h"

static struct vmap_space space;
static unsigned long space_start, space_end;
static long live_descriptors;
static unsigned long long rng_state;

static unsigned long rng(void)
{
	return rng_next(&rng_state);
}

static struct vmap_area *new_descriptor(void)
{
	live_descriptors++;
	return calloc(1, sizeof(struct vmap_area));
}

static void free_unused(struct list_head *unused)
{
	struct vmap_area *va, *next;

	list_for_each_entry_safe(va, next, unused, list) {
		list_del(&va->list);
		free(va);
		live_descriptors--;
	}
}

static void setup(unsigned long start, unsigned long end)
{
	live_descriptors = 0;
	rng_state = 0x2545f4914f6cdd1dULL;
	space_start = start;
	space_end = end;
	vmap_space_init(&space, new_descriptor(), start, end);
}

static struct vmap_area *alloc_pages_of_space(unsigned long nr_pages)
{
	struct vmap_area *va = new_descriptor();
	LIST_HEAD(unused);
	bool ok = alloc_vmap_area(&space, va, nr_pages * PAGE_SIZE, &unused);

	free_unused(&unused);
	if (ok)
		return va;
	free(va);
	live_descriptors--;
	return NULL;
}

static void free_area(struct vmap_area *va)
{
	LIST_HEAD(unused);

	detach_vmap_area(&space, va);
	free_vmap_area(&space, va, &unused);
	free_unused(&unused);
}

/* Frees every busy area; the space must be one free range again. */
static void free_everything(void)
{
	while (!list_empty(&space.busy_list))
		free_area(list_first_entry(&space.busy_list, struct vmap_area, list));
	CHECK_EQ(live_descriptors, 1);
	CHECK_EQ(list_first_entry(&space.free_list, struct vmap_area, list)->va_start, space_start);
	CHECK_EQ(list_first_entry(&space.free_list, struct vmap_area, list)->va_end, space_end);
	free_unused(&space.free_list);
}

static const struct vmap_area *node_va(const struct rb_node *node)
{
	return node ? rb_entry(node, struct vmap_area, rb_node) : NULL;
}

static bool va_less(const struct rb_node *a, const struct rb_node *b)
{
	return node_va(a)->va_end <= node_va(b)->va_start;
}

static void check_range(const struct rb_node *node)
{
	const struct vmap_area *va = node_va(node);

	CHECK(va->va_start < va->va_end);
	CHECK(IS_ALIGNED(va->va_start | va->va_end, PAGE_SIZE));
	CHECK(va->va_start >= space_start && va->va_end <= space_end);
}

static unsigned long max_below(const struct rb_node *node)
{
	return node ? node_va(node)->subtree_max_size : 0;
}

static void check_free_node(const struct rb_node *node)
{
	const struct vmap_area *va = node_va(node);

	check_range(node);
	CHECK_EQ(va->subtree_max_size, MAX(va->va_end - va->va_start,
					   MAX(max_below(node->rb_left), max_below(node->rb_right))));
}

/* The list holds the tree's nodes in the same order. */
static int check_list_matches_tree(const struct list_head *head, const struct rb_root *root)
{
	const struct rb_node *node = rb_first(root);
	const struct vmap_area *va;
	int n = 0;

	list_for_each_entry(va, head, list) {
		CHECK(node_va(node) == va);
		node = rb_next(node);
		n++;
	}
	CHECK(node == NULL);
	return n;
}

/* Busy and free ranges, merged by address, tile the space; free ones never touch. */
static void check_tiling(void)
{
	const struct rb_node *busy = rb_first(&space.busy_root);
	const struct rb_node *free = rb_first(&space.free_root);
	unsigned long at = space_start;
	bool last_was_free = false;

	while (busy || free) {
		bool take_free = !busy || (free && node_va(free)->va_start < node_va(busy)->va_start);
		const struct rb_node **pick = take_free ? &free : &busy;

		CHECK_EQ(node_va(*pick)->va_start, at);
		CHECK(!(take_free && last_was_free));
		at = node_va(*pick)->va_end;
		last_was_free = take_free;
		*pick = rb_next(*pick);
	}
	CHECK_EQ(at, space_end);
}

static void check_space(void)
{
	const struct rbcheck busy_check = { va_less, check_range };
	const struct rbcheck free_check = { va_less, check_free_node };
	int nr_busy = rbcheck_tree(&space.busy_root, &busy_check);
	int nr_free = rbcheck_tree(&space.free_root, &free_check);

	CHECK_EQ(check_list_matches_tree(&space.busy_list, &space.busy_root), nr_busy);
	CHECK_EQ(check_list_matches_tree(&space.free_list, &space.free_root), nr_free);
	check_tiling();
	CHECK_EQ(live_descriptors, nr_busy + nr_free);
}

/* Where the lowest fit is, by scanning every free range; 0 if none. */
static unsigned long reference_lowest_fit(unsigned long size)
{
	const struct vmap_area *va;

	list_for_each_entry(va, &space.free_list, list)
		if (va->va_end - va->va_start >= size)
			return va->va_start;
	return 0;
}

static unsigned long page_addr(unsigned long index)
{
	return space_start + index * PAGE_SIZE;
}

HTEST(areas_are_packed_from_the_bottom)
{
	struct vmap_area *a, *b, *c;

	setup(VMALLOC_START, VMALLOC_END);
	a = alloc_pages_of_space(1);
	b = alloc_pages_of_space(2);
	c = alloc_pages_of_space(3);
	CHECK(a && b && c);
	CHECK_EQ(a->va_start, page_addr(0));
	CHECK_EQ(b->va_start, page_addr(1));
	CHECK_EQ(c->va_start, page_addr(3));
	CHECK_EQ(c->va_end, page_addr(6));
	check_space();
	free_everything();
}

HTEST(find_returns_the_area_holding_an_address)
{
	struct vmap_area *a, *b;

	setup(VMALLOC_START, VMALLOC_END);
	a = alloc_pages_of_space(2);
	b = alloc_pages_of_space(1);
	CHECK(find_vmap_area(&space, page_addr(0)) == a);
	CHECK(find_vmap_area(&space, page_addr(2) - 1) == a);
	CHECK(find_vmap_area(&space, page_addr(2)) == b);
	CHECK(find_vmap_area(&space, page_addr(3)) == NULL);
	CHECK(find_vmap_area(&space, space_start - 1) == NULL);
	free_area(a);
	CHECK(find_vmap_area(&space, page_addr(0)) == NULL);
	free_everything();
}

HTEST(exact_fit_hands_back_the_free_descriptor)
{
	struct vmap_area *all;

	setup(page_addr(0), page_addr(0) + 8 * PAGE_SIZE);
	all = alloc_pages_of_space(8);
	CHECK(all != NULL);
	CHECK(RB_EMPTY_ROOT(&space.free_root));
	CHECK_EQ(live_descriptors, 1);
	check_space();
	CHECK(alloc_pages_of_space(1) == NULL);
	CHECK_EQ(live_descriptors, 1);
	free_area(all);
	check_space();
	free_everything();
}

HTEST(freed_space_is_reused_lowest_first)
{
	struct vmap_area *va[6];

	setup(VMALLOC_START, VMALLOC_END);
	for (int i = 0; i < 6; i++)
		va[i] = alloc_pages_of_space(1);
	free_area(va[4]);
	free_area(va[1]);
	check_space();
	va[1] = alloc_pages_of_space(1);
	CHECK_EQ(va[1]->va_start, page_addr(1));
	va[4] = alloc_pages_of_space(1);
	CHECK_EQ(va[4]->va_start, page_addr(4));
	check_space();
	free_everything();
}

HTEST(neighbours_coalesce_on_free)
{
	struct vmap_area *va[5];

	setup(VMALLOC_START, VMALLOC_END);
	for (int i = 0; i < 5; i++)
		va[i] = alloc_pages_of_space(1);
	free_area(va[1]);
	free_area(va[3]);
	check_space();
	/* Holes at 1 and 3, plus the rest above 5. */
	CHECK_EQ(live_descriptors, 3 + 3);
	free_area(va[2]);	/* joins both holes: 1..3 */
	check_space();
	CHECK_EQ(live_descriptors, 2 + 2);
	CHECK_EQ(alloc_pages_of_space(3)->va_start, page_addr(1));
	free_area(va[4]);	/* joins the free space above */
	check_space();
	free_everything();
}

HTEST(fragmented_space_finds_the_first_hole_large_enough)
{
	struct vmap_area *va[400];
	struct vmap_area *big;

	setup(VMALLOC_START, VMALLOC_END);
	for (int i = 0; i < 400; i++)
		va[i] = alloc_pages_of_space(1);
	for (int i = 0; i < 400; i += 2)
		free_area(va[i]);
	check_space();
	/* 200 one-page holes: two pages fit only above the last area. */
	big = alloc_pages_of_space(2);
	CHECK_EQ(big->va_start, page_addr(400));
	/* Open one two-page hole high up: the next two pages go there. */
	free_area(va[301]);
	CHECK_EQ(alloc_pages_of_space(2)->va_start, page_addr(300));
	CHECK_EQ(alloc_pages_of_space(3)->va_start, page_addr(402));
	CHECK_EQ(alloc_pages_of_space(1)->va_start, page_addr(0));
	check_space();
	free_everything();
}

HTEST(exhaustion_fails_and_leaks_no_descriptor)
{
	unsigned long used = 0;
	struct vmap_area *va;

	setup(page_addr(0), page_addr(0) + 64 * PAGE_SIZE);
	while ((va = alloc_pages_of_space(1 + rng() % 5)) != NULL)
		used += (va->va_end - va->va_start) / PAGE_SIZE;
	check_space();
	CHECK(used > 59);
	CHECK(alloc_pages_of_space(65) == NULL);
	CHECK(alloc_pages_of_space(64 - used + 1) == NULL);
	while (used < 64) {
		CHECK(alloc_pages_of_space(1) != NULL);
		used++;
	}
	CHECK(RB_EMPTY_ROOT(&space.free_root));
	CHECK(alloc_pages_of_space(1) == NULL);
	check_space();
	free_everything();
}

HTEST(whole_vmalloc_range_in_one_area)
{
	unsigned long pages = (VMALLOC_END - VMALLOC_START) / PAGE_SIZE;
	struct vmap_area *half;

	setup(VMALLOC_START, VMALLOC_END);
	CHECK(alloc_pages_of_space(pages + 1) == NULL);
	half = alloc_pages_of_space(pages / 2);
	CHECK(half != NULL);
	CHECK(alloc_pages_of_space(pages / 2 + 1) == NULL);
	CHECK(alloc_pages_of_space(pages - pages / 2) != NULL);
	check_space();
	free_area(half);
	CHECK_EQ(alloc_pages_of_space(pages / 2)->va_start, VMALLOC_START);
	free_everything();
}

/* Random sizes and frees against the scan; sizes mostly small, now and then large. */
HTEST(random_allocations_match_a_linear_scan)
{
	struct vmap_area *busy[300] = { NULL };

	setup(VMALLOC_START, VMALLOC_START + 4096 * PAGE_SIZE);
	for (int op = 0; op < 20000; op++) {
		int slot = rng() % ARRAY_SIZE(busy);
		unsigned long pages = rng() % 8 == 0 ? 1 + rng() % 200 : 1 + rng() % 8;

		if (busy[slot]) {
			free_area(busy[slot]);
			busy[slot] = NULL;
		} else {
			unsigned long expect = reference_lowest_fit(pages * PAGE_SIZE);

			busy[slot] = alloc_pages_of_space(pages);
			CHECK_EQ(busy[slot] ? busy[slot]->va_start : 0, expect);
		}
		check_space();
	}
	free_everything();
}
