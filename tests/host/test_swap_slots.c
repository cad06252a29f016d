/*
 * mm/swap_slots.c and the swap entries of asm/swap-entry.h: slots handed
 * out cluster by cluster, the header and bad pages never, counts up to
 * SWAP_MAP_MAX, clusters back on the free list when they empty, an area
 * filled to the last slot and refilled after frees, in random orders.
 */
#include <stdlib.h>
#include <string.h>
#include <mm/swap_slots.h>
#include <asm/swap-entry.h>
#include "htest.h"
#include "rng.h"

struct area {
	struct swap_slots s;
	unsigned char *map;
	struct swap_cluster_info *ci;
};

static void area_init(struct area *a, unsigned long max, const u32 *bad, unsigned long nr_bad)
{
	a->map = calloc(1, swap_slots_map_bytes(max));
	a->ci = calloc(1, swap_slots_cluster_bytes(max));
	CHECK(a->map && a->ci);
	swap_slots_init(&a->s, a->map, a->ci, max, bad, nr_bad);
}

static void area_free(struct area *a)
{
	free(a->map);
	free(a->ci);
}

HTEST(entry_encoding_round_trips)
{
	unsigned int type;
	unsigned long offset;
	u64 pte;

	for (type = 0; type < 32; type++) {
		for (offset = 1; offset < (1UL << 36); offset = offset * 3 + 1) {
			pte = arch_swp_entry_to_pte(type, offset);
			CHECK(arch_pte_is_swap(pte));
			CHECK(!(pte & PTE_VALID));
			CHECK_EQ(arch_pte_swp_type(pte), type);
			CHECK_EQ(arch_pte_swp_offset(pte), offset);
		}
	}
	CHECK_EQ(arch_swp_entry_to_pte(3, 0x12345), 0x1234500cUL);	/* the layout, bit by bit */
	CHECK(!arch_pte_is_swap(0));
	CHECK(!arch_pte_is_swap(0x40000000UL | PTE_TYPE_PAGE));
}

/* A 1000-slot area: clusters 0-2 whole, the last of 232 slots; the header in cluster 0. */
HTEST(slots_come_cluster_by_cluster)
{
	struct area a;
	unsigned long i, offset;

	area_init(&a, 1000, NULL, 0);
	CHECK_EQ(a.s.pages, 999);
	for (i = 0; i < SWAPFILE_CLUSTER; i++)
		CHECK_EQ(swap_slots_alloc(&a.s), SWAPFILE_CLUSTER + i);	/* cluster 1, in order */
	CHECK_EQ(swap_slots_alloc(&a.s), 2 * SWAPFILE_CLUSTER);		/* then cluster 2 */
	/* An emptied cluster goes to the end of the list: cluster 3 comes first. */
	for (i = 0; i < SWAPFILE_CLUSTER; i++)
		CHECK_EQ(swap_slots_put(&a.s, SWAPFILE_CLUSTER + i), 0);
	for (i = 1; i < SWAPFILE_CLUSTER; i++)
		swap_slots_alloc(&a.s);
	CHECK_EQ(swap_slots_alloc(&a.s), 3 * SWAPFILE_CLUSTER);
	for (offset = swap_slots_alloc(&a.s); offset < 1000 - 1; offset = swap_slots_alloc(&a.s))
		;
	CHECK_EQ(swap_slots_alloc(&a.s), SWAPFILE_CLUSTER);	/* cluster 1 again */
	area_free(&a);
}

HTEST(header_and_bad_pages_are_never_given)
{
	static const u32 bad[] = { 5, 300, 300, 999 };	/* a duplicate counts once */
	struct area a;
	unsigned long offset, n = 0;

	area_init(&a, 1000, bad, 4);
	CHECK_EQ(a.s.pages, 996);
	while ((offset = swap_slots_alloc(&a.s))) {
		CHECK(offset != 5 && offset != 300 && offset != 999 && offset < 1000);
		CHECK_EQ(a.map[offset], 1);
		n++;
	}
	CHECK_EQ(n, 996);
	CHECK_EQ(a.s.inuse, 996);
	CHECK_EQ(a.map[0], SWAP_MAP_BAD);
	CHECK_EQ(a.map[300], SWAP_MAP_BAD);
	area_free(&a);
}

HTEST(references_count_up_to_the_limit)
{
	struct area a;
	unsigned long offset, i;

	area_init(&a, 300, NULL, 0);
	offset = swap_slots_alloc(&a.s);
	for (i = 1; i < SWAP_MAP_MAX; i++)
		CHECK(swap_slots_dup(&a.s, offset));
	CHECK(!swap_slots_dup(&a.s, offset));
	for (i = SWAP_MAP_MAX - 1; i > 0; i--)
		CHECK_EQ(swap_slots_put(&a.s, offset), i);
	CHECK_EQ(a.s.inuse, 1);
	CHECK_EQ(swap_slots_put(&a.s, offset), 0);
	CHECK_EQ(a.s.inuse, 0);
	area_free(&a);
}

/* Fill, free at random, refill: every slot used once at a time, the counts consistent. */
HTEST(full_area_refills_after_random_frees)
{
	enum { MAX = 5000 };
	static unsigned long held[MAX];
	struct area a;
	unsigned long long rng = 18;
	unsigned long n = 0, round, i, offset, c, count;

	area_init(&a, MAX, NULL, 0);
	for (round = 0; round < 20; round++) {
		while ((offset = swap_slots_alloc(&a.s))) {
			CHECK_EQ(a.map[offset], 1);
			held[n++] = offset;
		}
		CHECK_EQ(n, MAX - 1);
		for (i = 0; i < MAX / 2; i++) {
			unsigned long j = rng_next(&rng) % n;

			CHECK_EQ(swap_slots_put(&a.s, held[j]), 0);
			held[j] = held[--n];
		}
		CHECK_EQ(a.s.inuse, n);
		for (c = 0; c * SWAPFILE_CLUSTER < MAX; c++) {
			for (count = 0, i = c * SWAPFILE_CLUSTER;
			     i < (c + 1) * SWAPFILE_CLUSTER && i < MAX; i++)
				count += a.map[i] != 0;
			CHECK_EQ(a.ci[c].count, count);
		}
	}
	area_free(&a);
}
