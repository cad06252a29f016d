/*
 * The page-table walker over host memory: mappings that cross L3, L2 and
 * L1 boundaries, blocks and their splitting, protection changes, and
 * table pages given back when they empty.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <mm/pgtable.h>
#include <kernel/errno.h>
#include "htest.h"
#include "shim.h"

#define ARENA_SIZE (16UL << 20)
#define ARENA_PHYS 0x40000000UL
#define SZ_2M (2UL << 20)
#define SZ_1G (1UL << 30)

static struct mem_range arena;
static phys_addr_t free_tables[ARENA_SIZE / PAGE_SIZE];
static unsigned long nr_free_tables, tables_in_use;
/* While set, a table freed before any TLB flush since this count is an error. */
static bool flush_before_free;
static unsigned long flushes_at_unlink, tables_freed_early;

static phys_addr_t test_table_alloc(const pte_t *entry)
{
	phys_addr_t pa;

	(void)entry;
	if (nr_free_tables == 0)
		return 0;
	pa = free_tables[--nr_free_tables];
	memset(__va(pa), 0, PAGE_SIZE);
	tables_in_use++;
	return pa;
}

static void test_table_free(phys_addr_t pa)
{
	if (flush_before_free && host_tlb_flushes == flushes_at_unlink)
		tables_freed_early++;
	memset(__va(pa), 0x5a, PAGE_SIZE);	/* a stale walk would now see junk */
	free_tables[nr_free_tables++] = pa;
	tables_in_use--;
}

static void destroy_arena(void)
{
	host_arena_destroy(arena);
}

/* A fresh arena, every page of it a possible table, and an empty root. */
static pte_t *setup(void)
{
	phys_addr_t pa;

	if (arena.end)
		host_arena_destroy(arena);
	else
		atexit(destroy_arena);
	arena = host_arena_create(ARENA_SIZE, ARENA_PHYS);
	nr_free_tables = 0;
	tables_in_use = 0;
	for (pa = arena.end - PAGE_SIZE; pa >= arena.start; pa -= PAGE_SIZE)
		free_tables[nr_free_tables++] = pa;
	pgtable_alloc = test_table_alloc;
	pgtable_free = test_table_free;
	return __va(test_table_alloc(NULL));
}

static void check_maps(pte_t *pgd, unsigned long va, phys_addr_t pa, unsigned long size)
{
	unsigned long off;
	phys_addr_t got;

	for (off = 0; off < size; off += PAGE_SIZE) {
		CHECK(translate_va(pgd, va + off + 0x123, &got, NULL));
		CHECK_EQ(got, pa + off + 0x123);
	}
}

HTEST(map_across_every_level_boundary)
{
	pte_t *pgd = setup();
	/* 3 pages before a 512 GiB (L0) boundary to 3 pages after it. */
	unsigned long va = (1UL << 39) - 3 * PAGE_SIZE;

	CHECK_EQ(map_range(pgd, va, 0x80000000UL, 6 * PAGE_SIZE, PAGE_KERNEL, 0), 0);
	check_maps(pgd, va, 0x80000000UL, 6 * PAGE_SIZE);
	CHECK(!translate_va(pgd, va - PAGE_SIZE, NULL, NULL));
	CHECK(!translate_va(pgd, va + 6 * PAGE_SIZE, NULL, NULL));
	/* root + two L1, two L2, two L3 */
	CHECK_EQ(tables_in_use, 7);
	CHECK_EQ(unmap_range(pgd, 0, va, 6 * PAGE_SIZE), 0);
	CHECK(!translate_va(pgd, va, NULL, NULL));
	CHECK_EQ(tables_in_use, 1);
}

HTEST(upper_half_addresses_index_like_lower_half)
{
	pte_t *pgd = setup();
	unsigned long va = KIMAGE_VADDR + SZ_2M - PAGE_SIZE;

	CHECK_EQ(map_range(pgd, va, 0x41000000UL, 2 * PAGE_SIZE, PAGE_KERNEL_ROX, 0), 0);
	check_maps(pgd, va, 0x41000000UL, 2 * PAGE_SIZE);
	CHECK_EQ(pgd[511] & PTE_TYPE_MASK, PTE_TYPE_TABLE);
	CHECK_EQ(unmap_range(pgd, 0, va, 2 * PAGE_SIZE), 0);
	CHECK_EQ(tables_in_use, 1);
}

HTEST(blocks_used_where_aligned)
{
	pte_t *pgd = setup();
	unsigned long va = PAGE_OFFSET + SZ_1G - SZ_2M;
	pgprot_t prot;

	/* 2 MiB block, then a whole 1 GiB block, then 4 KiB pages. */
	CHECK_EQ(map_range(pgd, va, SZ_1G - SZ_2M, SZ_2M + SZ_1G + PAGE_SIZE, PAGE_KERNEL,
			   MAP_ALLOW_BLOCKS), 0);
	CHECK(translate_va(pgd, va + SZ_2M + 12345, NULL, &prot));
	CHECK_EQ(prot, PAGE_KERNEL);
	/* root, L1, L2 for the first gigabyte, L2 + L3 for the page after */
	CHECK_EQ(tables_in_use, 5);
	check_maps(pgd, va + SZ_1G + SZ_2M, 2 * SZ_1G, PAGE_SIZE);
}

HTEST(unmapping_inside_a_block_splits_it)
{
	pte_t *pgd = setup();
	unsigned long va = PAGE_OFFSET + SZ_1G;
	phys_addr_t pa;

	CHECK_EQ(map_range(pgd, va, SZ_1G, SZ_1G, PAGE_KERNEL, MAP_ALLOW_BLOCKS), 0);
	CHECK_EQ(unmap_range(pgd, 0, va + SZ_2M + 5 * PAGE_SIZE, PAGE_SIZE), 0);
	CHECK(!translate_va(pgd, va + SZ_2M + 5 * PAGE_SIZE, NULL, NULL));
	CHECK(translate_va(pgd, va + SZ_2M + 4 * PAGE_SIZE, &pa, NULL));
	CHECK_EQ(pa, SZ_1G + SZ_2M + 4 * PAGE_SIZE);
	CHECK(translate_va(pgd, va + SZ_1G - 1, &pa, NULL));
	CHECK_EQ(pa, 2 * SZ_1G - 1);
	CHECK(host_tlb_flushes > 0);
}

HTEST(protect_changes_only_the_range)
{
	pte_t *pgd = setup();
	unsigned long va = VMALLOC_START + SZ_2M - 2 * PAGE_SIZE;
	pgprot_t prot;

	CHECK_EQ(map_range(pgd, va, 0x50000000UL, 4 * PAGE_SIZE, PAGE_KERNEL, 0), 0);
	CHECK_EQ(protect_range(pgd, 0, va + PAGE_SIZE, 2 * PAGE_SIZE, PAGE_KERNEL_RO), 0);
	CHECK(translate_va(pgd, va, NULL, &prot));
	CHECK_EQ(prot, PAGE_KERNEL);
	CHECK(translate_va(pgd, va + PAGE_SIZE, NULL, &prot));
	CHECK_EQ(prot, PAGE_KERNEL_RO);
	CHECK(translate_va(pgd, va + 2 * PAGE_SIZE, NULL, &prot));
	CHECK_EQ(prot, PAGE_KERNEL_RO);
	CHECK(translate_va(pgd, va + 3 * PAGE_SIZE, NULL, &prot));
	CHECK_EQ(prot, PAGE_KERNEL);
	check_maps(pgd, va, 0x50000000UL, 4 * PAGE_SIZE);
}

HTEST(mapping_twice_fails_and_leaves_nothing_new)
{
	pte_t *pgd = setup();
	unsigned long va = VMALLOC_START;

	CHECK_EQ(map_range(pgd, va + 4 * PAGE_SIZE, 0x50000000UL, PAGE_SIZE, PAGE_KERNEL, 0), 0);
	CHECK_EQ(map_range(pgd, va, 0x60000000UL, 8 * PAGE_SIZE, PAGE_KERNEL, 0), -EEXIST);
	CHECK(!translate_va(pgd, va, NULL, NULL));
	CHECK(!translate_va(pgd, va + 3 * PAGE_SIZE, NULL, NULL));
	check_maps(pgd, va + 4 * PAGE_SIZE, 0x50000000UL, PAGE_SIZE);
}

/* A page inside a block: the block is in the way, and it stays as it was. */
HTEST(mapping_inside_a_block_fails_and_keeps_the_block)
{
	pte_t *pgd = setup();
	unsigned long va = PAGE_OFFSET + SZ_1G;

	CHECK_EQ(map_range(pgd, va, SZ_1G, SZ_2M, PAGE_KERNEL, MAP_ALLOW_BLOCKS), 0);
	CHECK_EQ(tables_in_use, 3);
	CHECK_EQ(map_range(pgd, va + 5 * PAGE_SIZE, 0x50000000UL, PAGE_SIZE, PAGE_KERNEL, 0),
		 -EEXIST);
	CHECK_EQ(tables_in_use, 3);
	check_maps(pgd, va, SZ_1G, SZ_2M);
}

HTEST(running_out_of_tables_unwinds)
{
	pte_t *pgd = setup();
	unsigned long saved = nr_free_tables;

	nr_free_tables = 2;	/* root is taken; room for L1 and L2 only */
	CHECK_EQ(map_range(pgd, VMALLOC_START, 0x50000000UL, PAGE_SIZE, PAGE_KERNEL, 0),
		 -ENOMEM);
	CHECK(!translate_va(pgd, VMALLOC_START, NULL, NULL));
	CHECK_EQ(tables_in_use, 1);
	nr_free_tables = saved;
}

HTEST(bad_arguments_are_refused)
{
	pte_t *pgd = setup();

	CHECK_EQ(map_range(pgd, VMALLOC_START + 1, 0, PAGE_SIZE, PAGE_KERNEL, 0), -EINVAL);
	CHECK_EQ(map_range(pgd, VMALLOC_START, 0, 0, PAGE_KERNEL, 0), -EINVAL);
	CHECK_EQ(map_range(pgd, -PAGE_SIZE, 0, 2 * PAGE_SIZE, PAGE_KERNEL, 0), -EINVAL);
	CHECK_EQ(unmap_range(pgd, 0, VMALLOC_START, 100), -EINVAL);
}

struct visit_log {
	unsigned long va[8];
	int nr;
};

static int log_and_protect(pte_t *entry, unsigned long va, int level, void *arg)
{
	struct visit_log *log = arg;

	if (level != 3 || log->nr == 8)
		return -EINVAL;
	log->va[log->nr++] = va;
	*entry |= PTE_RDONLY;
	return 0;
}

static int stop_at_second(pte_t *entry __attribute__((unused)),
			  unsigned long va __attribute__((unused)),
			  int level __attribute__((unused)), void *arg)
{
	return ++*(int *)arg == 2 ? -EINTR : 0;
}

HTEST(walk_visits_only_present_pages_in_order)
{
	pte_t *pgd = setup();
	unsigned long base = VMALLOC_START, far = base + 3 * SZ_1G + 5 * SZ_2M;
	struct visit_log log = { .nr = 0 };
	unsigned long tables;
	pgprot_t prot;
	int count = 0;

	CHECK_EQ(map_range(pgd, base + PAGE_SIZE, 0x50000000UL, PAGE_SIZE, PAGE_KERNEL, 0), 0);
	CHECK_EQ(map_range(pgd, far, 0x50001000UL, 2 * PAGE_SIZE, PAGE_KERNEL, 0), 0);
	tables = tables_in_use;
	CHECK_EQ(walk_page_range(pgd, base, base + 4 * SZ_1G, log_and_protect, &log), 0);
	CHECK_EQ(log.nr, 3);
	CHECK_EQ(log.va[0], base + PAGE_SIZE);
	CHECK_EQ(log.va[1], far);
	CHECK_EQ(log.va[2], far + PAGE_SIZE);
	CHECK(translate_va(pgd, far, NULL, &prot));
	CHECK_EQ(prot, PAGE_KERNEL | PTE_RDONLY);
	CHECK_EQ(tables_in_use, tables);	/* the walk allocates nothing */
	CHECK_EQ(walk_page_range(pgd, base, base + 4 * SZ_1G, stop_at_second, &count), -EINTR);
	CHECK_EQ(count, 2);
	log.nr = 0;
	CHECK_EQ(walk_page_range(pgd, far + PAGE_SIZE, far + 2 * PAGE_SIZE, log_and_protect, &log), 0);
	CHECK_EQ(log.nr, 1);
}

/* Page i goes to a frame far from page i - 1: nothing contiguous to exploit. */
static phys_addr_t scattered_pa(unsigned long i, void *arg)
{
	return *(phys_addr_t *)arg + ((i * 7) % 1000) * PAGE_SIZE;
}

HTEST(page_array_maps_across_tables_in_one_walk)
{
	pte_t *pgd = setup();
	phys_addr_t base = 0x50000000UL;
	unsigned long va = VMALLOC_START + SZ_2M - 100 * PAGE_SIZE, i;
	phys_addr_t pa;

	CHECK_EQ(map_page_array(pgd, va, 600, scattered_pa, &base, PAGE_KERNEL), 0);
	for (i = 0; i < 600; i++) {
		CHECK(translate_va(pgd, va + i * PAGE_SIZE, &pa, NULL));
		CHECK_EQ(pa, scattered_pa(i, &base));
	}
	CHECK(!translate_va(pgd, va + 600 * PAGE_SIZE, NULL, NULL));
	CHECK_EQ(map_page_array(pgd, va + 599 * PAGE_SIZE, 2, scattered_pa, &base, PAGE_KERNEL),
		 -EEXIST);
}

/* ------------------------------------------------ unmap_range_release */

#define RELEASE_PAGES 200	/* more than one batch of released pages */
#define RELEASE_VA (SZ_2M - 20 * PAGE_SIZE)
#define RELEASE_PA 0x60000000UL

static pte_t *release_pgd;
static unsigned long release_flushes_at_start, nr_released, released_early;
static unsigned char released[RELEASE_PAGES];

/* A page may be freed only once its entry is gone and a TLB flush has followed. */
static void note_release(pte_t leaf, void *arg)
{
	unsigned long i = ((leaf & PTE_ADDR_MASK) - RELEASE_PA) / PAGE_SIZE;

	CHECK(arg == &nr_released);
	CHECK(i < RELEASE_PAGES);
	if (i >= RELEASE_PAGES)
		return;
	released[i]++;
	nr_released++;
	if (translate_va(release_pgd, RELEASE_VA + i * PAGE_SIZE, NULL, NULL) ||
	    host_tlb_flushes == release_flushes_at_start)
		released_early++;
}

HTEST(unmap_releases_each_page_after_the_flush)
{
	unsigned long i;

	release_pgd = setup();
	nr_released = released_early = 0;
	memset(released, 0, sizeof(released));
	CHECK_EQ(map_range(release_pgd, RELEASE_VA, RELEASE_PA, RELEASE_PAGES * PAGE_SIZE,
			   PAGE_KERNEL, 0), 0);
	release_flushes_at_start = host_tlb_flushes;
	CHECK_EQ(unmap_range_release(release_pgd, 1, RELEASE_VA, RELEASE_PAGES * PAGE_SIZE,
				     note_release, &nr_released), 0);
	CHECK_EQ(nr_released, RELEASE_PAGES);
	CHECK_EQ(released_early, 0);
	for (i = 0; i < RELEASE_PAGES; i++)
		CHECK_EQ(released[i], 1);
	CHECK_EQ(tables_in_use, 1);
}

/* A table emptied by an unmap goes back only after the flush: a walker may still be in it. */
HTEST(unmap_frees_emptied_tables_after_the_flush)
{
	pte_t *pgd = setup();
	unsigned long tables;

	CHECK_EQ(map_range(pgd, RELEASE_VA, RELEASE_PA, RELEASE_PAGES * PAGE_SIZE, PAGE_KERNEL, 0),
		 0);
	tables = tables_in_use;
	flush_before_free = true;
	flushes_at_unlink = host_tlb_flushes;
	tables_freed_early = 0;
	CHECK_EQ(unmap_range(pgd, 1, RELEASE_VA, RELEASE_PAGES * PAGE_SIZE), 0);
	flush_before_free = false;
	/* Two last-level tables (the range crosses 2 MiB), their level-2 and level-1 tables. */
	CHECK_EQ(tables - tables_in_use, 4);
	CHECK_EQ(tables_freed_early, 0);
	CHECK_EQ(tables_in_use, 1);
}

/* ------------------------------------------------------------ swap entries */

#define SWAP_VA 0x7f0000200000UL

static int note_swap_entry(pte_t *entry, unsigned long va, int level, void *arg)
{
	unsigned long *seen = arg;

	CHECK_EQ(level, 3);
	CHECK_EQ(arch_pte_swp_offset(*entry), (va - SWAP_VA) / PAGE_SIZE + 1);
	(*seen)++;
	return 0;
}

static int count_present(pte_t *entry, unsigned long va __attribute__((unused)),
			 int level __attribute__((unused)), void *arg)
{
	unsigned long *seen = arg;

	CHECK(*entry & PTE_VALID);
	(*seen)++;
	return 0;
}

/*
 * Four pages, the middle two swapped out (their entries replaced by swap
 * entries): unmapping all four leaves the swap entries and the table
 * that holds them; the walk of swap entries finds exactly them; once
 * they are cleared, an unmap frees the table.
 */
HTEST(swap_entries_keep_their_table_and_are_walked)
{
	pte_t *pgd = setup();
	unsigned long tables, seen = 0, va;
	int err;
	pte_t *pte;

	CHECK_EQ(map_range(pgd, SWAP_VA, 0x40000000UL, 4 * PAGE_SIZE, PAGE_KERNEL, 0), 0);
	tables = tables_in_use;
	for (va = SWAP_VA + PAGE_SIZE; va < SWAP_VA + 3 * PAGE_SIZE; va += PAGE_SIZE) {
		pte = pte_alloc(pgd, va, NULL, &err);
		CHECK(pte);
		*pte = arch_swp_entry_to_pte(1, (va - SWAP_VA) / PAGE_SIZE + 1);
	}
	CHECK_EQ(walk_page_range(pgd, SWAP_VA, SWAP_VA + 4 * PAGE_SIZE, count_present, &seen), 0);
	CHECK_EQ(seen, 2);	/* the pages still present, not the swap entries */
	seen = 0;
	CHECK_EQ(walk_swap_entries(pgd, SWAP_VA, SWAP_VA + 4 * PAGE_SIZE, note_swap_entry, &seen),
		 0);
	CHECK_EQ(seen, 2);
	CHECK_EQ(unmap_range(pgd, 1, SWAP_VA, 4 * PAGE_SIZE), 0);
	CHECK_EQ(tables_in_use, tables);
	CHECK(!translate_va(pgd, SWAP_VA, NULL, NULL));
	pte = pte_alloc(pgd, SWAP_VA + PAGE_SIZE, NULL, &err);
	CHECK(arch_pte_is_swap(pte[0]) && arch_pte_is_swap(pte[1]));
	pte[0] = pte[1] = 0;
	CHECK_EQ(unmap_range(pgd, 1, SWAP_VA, 4 * PAGE_SIZE), 0);
	CHECK_EQ(tables_in_use, 1);
}

/* ------------------------------------------------------------ teardown */

static unsigned long teardown_released;

static void count_teardown_release(pte_t leaf, void *arg)
{
	(void)leaf;
	CHECK(arg == &teardown_released);
	teardown_released++;
}

/*
 * exit_mmap's two steps: each range's pages released with every table left
 * in place, then all the tables freed at once, each after a flush: a range
 * across an L0 boundary, a 1 GiB block region and a lone page.
 */
HTEST(teardown_releases_pages_then_frees_every_table)
{
	pte_t *pgd = setup();
	unsigned long l0 = 1UL << 39, tables;
	unsigned int i;

	CHECK_EQ(map_range(pgd, l0 - 3 * PAGE_SIZE, 0x80000000UL, 6 * PAGE_SIZE, PAGE_KERNEL, 0), 0);
	CHECK_EQ(map_range(pgd, SZ_1G, SZ_1G, SZ_1G, PAGE_KERNEL, MAP_ALLOW_BLOCKS), 0);
	CHECK_EQ(map_range(pgd, 5 * SZ_1G + SZ_2M, 0x90000000UL, PAGE_SIZE, PAGE_KERNEL, 0), 0);
	tables = tables_in_use;
	teardown_released = 0;
	CHECK_EQ(unmap_range_teardown(pgd, 1, l0 - 3 * PAGE_SIZE, 6 * PAGE_SIZE,
				      count_teardown_release, &teardown_released), 0);
	CHECK_EQ(unmap_range_teardown(pgd, 1, SZ_1G, SZ_1G, count_teardown_release,
				      &teardown_released), 0);
	CHECK_EQ(unmap_range_teardown(pgd, 1, 5 * SZ_1G + SZ_2M, PAGE_SIZE,
				      count_teardown_release, &teardown_released), 0);
	CHECK_EQ(teardown_released, 6 + 1 + 1);	/* the 1 GiB block is one leaf */
	CHECK_EQ(tables_in_use, tables);
	CHECK(!translate_va(pgd, l0, NULL, NULL));
	CHECK(!translate_va(pgd, SZ_1G, NULL, NULL));

	flush_before_free = true;
	flushes_at_unlink = host_tlb_flushes;
	tables_freed_early = 0;
	free_pgtables(pgd, 1);
	flush_before_free = false;
	CHECK_EQ(tables_freed_early, 0);
	CHECK_EQ(tables_in_use, 1);
	for (i = 0; i < PTRS_PER_TABLE; i++)
		CHECK_EQ(pgd[i], 0);
}

/* --------------------------------------------------------- prune_pgtables */

static phys_addr_t refused_table;
static unsigned long tables_asked;

static bool keep_all_but_refused(phys_addr_t table, void *arg)
{
	CHECK(arg == &tables_asked);
	tables_asked++;
	return table != refused_table;
}

/* The L2 table under the first L1 entry of the range at va. */
static phys_addr_t l2_table_of(pte_t *pgd, unsigned long va)
{
	pte_t *l1 = __va(pgd[(va >> 39) & 511] & PTE_ADDR_MASK);

	return l1[(va >> 30) & 511] & PTE_ADDR_MASK;
}

/*
 * page_table_check's pruning: a refused table is unlinked with its subtree
 * before the teardown, which then frees only the others; every table kept
 * is asked about, and nothing below a refused one.
 */
HTEST(prune_unlinks_a_refused_table_and_its_subtree)
{
	pte_t *pgd = setup();
	unsigned long tables;

	CHECK_EQ(map_range(pgd, SZ_1G, 0x80000000UL, PAGE_SIZE, PAGE_KERNEL, 0), 0);
	CHECK_EQ(map_range(pgd, 3 * SZ_1G, 0x90000000UL, PAGE_SIZE, PAGE_KERNEL, 0), 0);
	tables = tables_in_use;		/* root, one L1, two L2, two L3 */
	CHECK_EQ(tables, 6);
	refused_table = l2_table_of(pgd, 3 * SZ_1G);
	tables_asked = 0;
	prune_pgtables(pgd, keep_all_but_refused, &tables_asked);
	CHECK_EQ(tables_asked, 4);	/* the L1, both L2, the kept L2's L3 */
	CHECK(translate_va(pgd, SZ_1G, NULL, NULL));
	CHECK(!translate_va(pgd, 3 * SZ_1G, NULL, NULL));
	free_pgtables(pgd, 1);
	CHECK_EQ(tables_in_use, 1 + 2);	/* the root, the refused L2 and its L3 */
}

static unsigned long leaves_seen, leaf_vas[4];
static pte_t leaf_entries[4];

static void record_leaf(unsigned long va, pte_t entry, void *arg)
{
	(void)arg;
	if (leaves_seen < 4) {
		leaf_vas[leaves_seen] = va;
		leaf_entries[leaves_seen] = entry;
	}
	leaves_seen++;
}

HTEST(leaf_walk_reports_each_entry_with_its_address)
{
	pte_t *pgd = setup();
	pte_t *pte;

	CHECK_EQ(map_range(pgd, SZ_1G + 5 * PAGE_SIZE, 0x80000000UL, PAGE_SIZE, PAGE_KERNEL, 0), 0);
	CHECK_EQ(map_range(pgd, 3 * SZ_1G, 0x90000000UL, 2 * PAGE_SIZE, PAGE_KERNEL, 0), 0);
	pte = pte_lookup(pgd, 3 * SZ_1G + PAGE_SIZE);
	CHECK(pte != NULL);
	*pte = 0x1234500;	/* not valid, not empty: as a swap entry */
	leaves_seen = 0;
	for_each_leaf_entry(pgd, record_leaf, NULL);
	CHECK_EQ(leaves_seen, 3);
	CHECK_EQ(leaf_vas[0], SZ_1G + 5 * PAGE_SIZE);
	CHECK_EQ(leaf_entries[0] & PTE_ADDR_MASK, 0x80000000UL);
	CHECK_EQ(leaf_vas[1], 3 * SZ_1G);
	CHECK_EQ(leaf_vas[2], 3 * SZ_1G + PAGE_SIZE);
	CHECK_EQ(leaf_entries[2], 0x1234500);
	*pte = 0;
	CHECK_EQ(unmap_range(pgd, 1, SZ_1G + 5 * PAGE_SIZE, PAGE_SIZE), 0);
	CHECK_EQ(unmap_range(pgd, 1, 3 * SZ_1G, PAGE_SIZE), 0);
	leaves_seen = 0;
	for_each_leaf_entry(pgd, record_leaf, NULL);
	CHECK_EQ(leaves_seen, 0);
	free_pgtables(pgd, 1);
}

/* ------------------------------------------------- pte_alloc in parallel */

#define RACE_THREADS 8
#define RACE_SLOTS 64		/* 2 MiB apart: 64 last-level tables under one L2 */
#define RACE_VA SZ_1G

static pthread_mutex_t table_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t race_go;
static spinlock_t race_ptl;
static pte_t *race_pgd;
static pte_t *race_ptes[RACE_THREADS][RACE_SLOTS];

static phys_addr_t locked_table_alloc(const pte_t *entry)
{
	phys_addr_t pa;

	pthread_mutex_lock(&table_mutex);
	pa = test_table_alloc(entry);
	pthread_mutex_unlock(&table_mutex);
	return pa;
}

static void locked_table_free(phys_addr_t pa)
{
	pthread_mutex_lock(&table_mutex);
	test_table_free(pa);
	pthread_mutex_unlock(&table_mutex);
}

/* Every thread asks for the same entries in the same order: they race for each table. */
static void *race_for_tables(void *arg)
{
	long id = (long)arg;
	int slot, err;

	pthread_barrier_wait(&race_go);
	for (slot = 0; slot < RACE_SLOTS; slot++)
		race_ptes[id][slot] = pte_alloc(race_pgd, RACE_VA + slot * SZ_2M, &race_ptl, &err);
	return NULL;
}

#define RACE_REPEATS 20	/* the window is small: race many times */

static void race_once(void)
{
	pthread_t threads[RACE_THREADS];
	long id;
	int slot;

	race_pgd = setup();
	pgtable_alloc = locked_table_alloc;
	pgtable_free = locked_table_free;
	spin_lock_init(&race_ptl);
	pthread_barrier_init(&race_go, NULL, RACE_THREADS);
	for (id = 0; id < RACE_THREADS; id++)
		CHECK_EQ(pthread_create(&threads[id], NULL, race_for_tables, (void *)id), 0);
	for (id = 0; id < RACE_THREADS; id++)
		pthread_join(threads[id], NULL);
	pthread_barrier_destroy(&race_go);
	/* All got the same entry; the losers' tables went back (none leaked). */
	for (slot = 0; slot < RACE_SLOTS; slot++)
		for (id = 0; id < RACE_THREADS; id++)
			CHECK(race_ptes[id][slot] && race_ptes[id][slot] == race_ptes[0][slot]);
	CHECK_EQ(tables_in_use, 1 + 1 + 1 + RACE_SLOTS);	/* root, L1, L2, the L3s */
	CHECK_EQ(unmap_range(race_pgd, 1, RACE_VA, RACE_SLOTS * SZ_2M), 0);
	CHECK_EQ(tables_in_use, 1);
}

HTEST(pte_alloc_in_parallel_links_each_table_once)
{
	int i;

	for (i = 0; i < RACE_REPEATS; i++)
		race_once();
}
