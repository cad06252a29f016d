/*
 * Four-level page tables: map, unmap, protect, translate and explain.
 *
 * One walker serves the kernel's tables and every process's. Each level
 * is a 4 KiB table of 512 descriptors; level 0 splits the 48-bit address
 * at bit 39, level 1 at bit 30, level 2 at bit 21 and level 3 at bit 12.
 * Levels 1 and 2 may hold a block (1 GiB / 2 MiB) instead of a table.
 *
 * Relies on: the descriptor format in asm/pgtable-hwdef.h, __va to reach a
 * table through the linear map, TLB maintenance from asm/tlbflush.h, and
 * the pgtable_alloc / pgtable_free hooks for table pages.
 */
#include <mm/pgtable.h>
#include <asm/memory.h>
#include <asm/tlbflush.h>
#include <asm/barrier.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/lib/string.h>

pte_t *swapper_pg_dir;
phys_addr_t (*pgtable_alloc)(const pte_t *entry);
void (*pgtable_free)(phys_addr_t table);

/*
 * Table pages emptied by an unmap, and the pages it unmapped when the
 * caller wants them back, wait here until the TLB has forgotten them: a
 * CPU running a thread of the address space may use its TLB entries until
 * the flush, so nothing it can still reach is freed before.
 */
#define FREE_BATCH 16
#define LEAF_BATCH 64
struct table_batch {
	bool keep_leaves;	/* only give back tables that are already empty */
	bool fullmm;		/* a teardown: every table stays for free_pgtables */
	unsigned int asid;
	unsigned long flush_start, flush_end;
	unsigned int nr;
	phys_addr_t tables[FREE_BATCH];
	release_fn release;	/* NULL: the caller keeps no count of the pages */
	void *release_arg;
	unsigned int nr_leaves;
	pte_t leaves[LEAF_BATCH];
};

static unsigned int pt_index(unsigned long va, int level)
{
	/* LAB 3 BEGIN: which of the 512 descriptors of a level-@level table translates va */
	/* LAB 3 STUB: (void)va; (void)level; */
	/* LAB 3 STUB: return 0; */
	return (va >> LEVEL_SHIFT(level)) & (PTRS_PER_TABLE - 1);
	/* LAB 3 END */
}

static pte_t *table_at(pte_t desc)
{
	return __va(desc & PTE_ADDR_MASK);
}

static bool pte_is_table(pte_t desc, int level)
{
	return level < 3 && (desc & PTE_TYPE_MASK) == PTE_TYPE_TABLE;
}

static bool pte_is_leaf(pte_t desc, int level)
{
	if (!(desc & PTE_VALID))
		return false;
	return level == 3 || (desc & PTE_TYPE_MASK) == PTE_TYPE_BLOCK;
}

/* End of the level-sized slot holding va, clipped to end (and to 2^64). */
static unsigned long slot_end(unsigned long va, unsigned long end, int level)
{
	unsigned long next = (va & ~(LEVEL_SIZE(level) - 1)) + LEVEL_SIZE(level);

	return (next - 1 < end - 1) ? next : end;
}

/* A new table, to be linked into *entry. */
static pte_t *alloc_table(const pte_t *entry)
{
	phys_addr_t pa = pgtable_alloc ? pgtable_alloc(entry) : 0;

	return pa ? __va(pa) : NULL;
}

/* The table under *entry, made (empty) if there is none yet. */
static pte_t *next_table(pte_t *entry, int *err)
{
	/* LAB 3 BEGIN: follow a table descriptor, or make a table and link it (errors in *err) */
	/* LAB 3 STUB: (void)entry; */
	/* LAB 3 STUB: *err = -ENOSYS; */
	/* LAB 3 STUB: return NULL; */
	pte_t *table;

	if (pte_is_table(*entry, 0))
		return table_at(*entry);
	if (*entry & PTE_VALID) {
		*err = -EEXIST;		/* a block is in the way */
		return NULL;
	}
	table = alloc_table(entry);
	if (!table) {
		*err = -ENOMEM;
		return NULL;
	}
	/* The zeroed table must be visible to the walker before the link is. */
	dsb(ishst);
	WRITE_ONCE(*entry, __pa(table) | PTE_TYPE_TABLE);
	return table;
	/* LAB 3 END */
}

static bool block_fits(int level, unsigned long va, unsigned long next,
		       phys_addr_t pa, unsigned int flags)
{
	unsigned long size = LEVEL_SIZE(level);

	return (flags & MAP_ALLOW_BLOCKS) && (level == 1 || level == 2) &&
	       next - va == size && IS_ALIGNED(va, size) && IS_ALIGNED(pa, size);
}

static int map_level(pte_t *table, int level, unsigned long va, unsigned long end,
		     phys_addr_t pa, pgprot_t prot, unsigned int flags,
		     unsigned long *mapped_end)
{
	while (va < end) {
		unsigned long next = slot_end(va, end, level);
		pte_t *entry = &table[pt_index(va, level)];
		int err = 0;

		if (level == 3 || block_fits(level, va, next, pa, flags)) {
			if (*entry & PTE_VALID)
				return -EEXIST;
			WRITE_ONCE(*entry, pa | (prot & PTE_ATTR_MASK) |
				   (level == 3 ? PTE_TYPE_PAGE : PTE_TYPE_BLOCK));
			*mapped_end = next;
		} else {
			pte_t *sub = next_table(entry, &err);

			if (!sub)
				return err;
			err = map_level(sub, level + 1, va, next, pa, prot, flags,
					mapped_end);
			if (err)
				return err;
		}
		pa += next - va;
		va = next;
	}
	return 0;
}

/* End the batch: what it holds goes back only once no CPU can reach it. */
static void batch_flush(struct table_batch *batch)
{
	/* LAB 9 BEGIN: make every CPU forget [flush_start, flush_end) of the ASID, then free the tables and release the pages */
	/* LAB 9 STUB: flush_tlb_all(); */
	/* LAB 9 STUB: batch->nr = 0; */
	/* LAB 9 STUB: batch->nr_leaves = 0; */
	unsigned int i;

	if (batch->flush_end > batch->flush_start)
		flush_tlb_range(batch->asid, batch->flush_start, batch->flush_end);
	for (i = 0; i < batch->nr; i++)
		pgtable_free(batch->tables[i]);
	for (i = 0; i < batch->nr_leaves; i++)
		batch->release(batch->leaves[i], batch->release_arg);
	batch->nr = 0;
	batch->nr_leaves = 0;
	/* LAB 9 END */
}

static void batch_add_leaf(struct table_batch *batch, pte_t leaf)
{
	if (batch->nr_leaves == LEAF_BATCH)
		batch_flush(batch);
	batch->leaves[batch->nr_leaves++] = leaf;
}

static void batch_add_table(struct table_batch *batch, pte_t *table)
{
	if (batch->nr == FREE_BATCH)
		batch_flush(batch);
	batch->tables[batch->nr++] = __pa(table);
}

/*
 * Whether none of the eight entries from e is valid. The scans below pass
 * empty stretches of a table (most of a stack's, most of a sparse heap's)
 * eight entries per test.
 */
static bool eight_empty(const pte_t *e)
{
	return !(e[0] | e[1] | e[2] | e[3] | e[4] | e[5] | e[6] | e[7]);
}

/* Entry i starts a run of eight empty entries, all before end. */
static bool empty_run(const pte_t *table, unsigned int i, unsigned int end)
{
	return IS_ALIGNED(i, 8) && end - i >= 8 && eight_empty(&table[i]);
}

/*
 * Whether every entry of table is 0, after an unmap cleared entries
 * [first, end) of it. The two entries next to that range are looked at
 * first: the mappings an unmap leaves behind usually sit right there
 * (mmap places areas side by side, top-down, and the heap grows up from
 * the data), so a table still in use is told at once instead of after a
 * walk from entry 0 on every munmap and brk.
 */
static bool table_is_empty(const pte_t *table, unsigned int first, unsigned int end)
{
	unsigned int i;

	if (table[end % PTRS_PER_TABLE] || table[(first + PTRS_PER_TABLE - 1) % PTRS_PER_TABLE])
		return false;
	for (i = 0; i < PTRS_PER_TABLE; i += 8)
		if (!eight_empty(&table[i]))
			return false;
	return true;
}

static int split_block(pte_t *entry, int level, unsigned long va, unsigned int asid)
{
	pte_t *table = alloc_table(entry);
	pte_t block = *entry;
	phys_addr_t pa = block & PTE_ADDR_MASK;
	pte_t type = level + 1 == 3 ? PTE_TYPE_PAGE : PTE_TYPE_BLOCK;
	unsigned int i;

	if (!table)
		return -ENOMEM;
	for (i = 0; i < PTRS_PER_TABLE; i++)
		table[i] = (pa + i * LEVEL_SIZE(level + 1)) | (block & PTE_ATTR_MASK) | type;
	WRITE_ONCE(*entry, 0);
	flush_tlb_range(asid, va & ~(LEVEL_SIZE(level) - 1),
			(va & ~(LEVEL_SIZE(level) - 1)) + LEVEL_SIZE(level));
	WRITE_ONCE(*entry, __pa(table) | PTE_TYPE_TABLE);
	dsb(ishst);
	return 0;
}

/* Index one past the last-level entry that maps end - 1. */
static unsigned int pte_end_index(unsigned long end)
{
	return pt_index(end - 1, 3) + 1;
}

/*
 * The last level, entries [first, end) of table: a plain loop over the
 * entries, since most of a sparse range (the 8 MiB stack, a heap with
 * holes) is empty entries, which this passes eight at a time.
 */
static void unmap_ptes(pte_t *table, unsigned int first, unsigned int end,
		       struct table_batch *batch)
{
	unsigned int i;

	if (batch->keep_leaves)
		return;
	for (i = first; i < end; i++) {
		pte_t entry = table[i];

		if (empty_run(table, i, end)) {
			i += 7;
			continue;
		}
		if (!(entry & PTE_VALID))
			continue;
		WRITE_ONCE(table[i], 0);
		if (batch->release)
			batch_add_leaf(batch, entry);
	}
}

static int unmap_level(pte_t *table, int level, unsigned long va, unsigned long end,
		       struct table_batch *batch)
{
	if (level == 3) {
		unmap_ptes(table, pt_index(va, 3), pte_end_index(end), batch);
		return 0;
	}
	while (va < end) {
		unsigned long next = slot_end(va, end, level);
		pte_t *entry = &table[pt_index(va, level)];
		bool whole = next - va == LEVEL_SIZE(level);
		int err;

		if (pte_is_leaf(*entry, level) && batch->keep_leaves) {
			va = next;
			continue;
		}
		if (pte_is_leaf(*entry, level) && !whole) {
			err = split_block(entry, level, va, batch->asid);
			if (err)
				return err;
		}
		if (pte_is_leaf(*entry, level)) {
			pte_t leaf = *entry;

			WRITE_ONCE(*entry, 0);
			if (batch->release)
				batch_add_leaf(batch, leaf);
		} else if (pte_is_table(*entry, level)) {
			pte_t *sub = table_at(*entry);

			err = unmap_level(sub, level + 1, va, next, batch);
			if (err)
				return err;
			if (!batch->fullmm &&
			    table_is_empty(sub, pt_index(va, level + 1),
					   pt_index(next, level + 1))) {
				WRITE_ONCE(*entry, 0);
				batch_add_table(batch, sub);
			}
		}
		va = next;
	}
	return 0;
}

static int unmap_with_batch(pte_t *pgd, unsigned long va, unsigned long size,
			    struct table_batch *batch)
{
	int err;

	if (!IS_ALIGNED(va | size, PAGE_SIZE) || va + size < va)
		return -EINVAL;
	err = unmap_level(pgd, 0, va, va + size, batch);
	batch_flush(batch);
	return err;
}

int unmap_range_release(pte_t *pgd, unsigned int asid, unsigned long va, unsigned long size,
			release_fn release, void *arg)
{
	struct table_batch batch = { .asid = asid, .flush_start = va,
				     .flush_end = va + size, .release = release,
				     .release_arg = arg };

	return unmap_with_batch(pgd, va, size, &batch);
}

int unmap_range(pte_t *pgd, unsigned int asid, unsigned long va, unsigned long size)
{
	return unmap_range_release(pgd, asid, va, size, NULL, NULL);
}

/*
 * The whole address space goes, so the pages are released after one flush
 * of the ASID per batch rather than a TLBI per page, and no table is
 * checked for entries left: free_pgtables frees them all afterwards.
 */
int unmap_range_teardown(pte_t *pgd, unsigned int asid, unsigned long va, unsigned long size,
			 release_fn release, void *arg)
{
	struct table_batch batch = { .fullmm = true, .asid = asid, .flush_start = 0,
				     .flush_end = USER_SPACE_END, .release = release,
				     .release_arg = arg };

	return unmap_with_batch(pgd, va, size, &batch);
}

/*
 * Every table below table, a level-@level table already unlinked from the
 * root, then table itself, to the batch. Only levels 0-2 are read, eight
 * entries per test: a process uses a handful of their entries.
 */
static void free_table_tree(pte_t *table, int level, struct table_batch *batch)
{
	unsigned int i, j;

	for (i = 0; level < 3 && i < PTRS_PER_TABLE; i += 8) {
		if (eight_empty(&table[i]))
			continue;
		for (j = i; j < i + 8; j++)
			if (pte_is_table(table[j], level))
				free_table_tree(table_at(table[j]), level + 1, batch);
	}
	batch_add_table(batch, table);
}

/*
 * Each subtree is unlinked from the root before any of its tables is
 * queued: a batch that fills up is flushed and freed at once, and by then
 * no walk from the root can reach the tables in it.
 */
void free_pgtables(pte_t *pgd, unsigned int asid)
{
	struct table_batch batch = { .asid = asid, .flush_start = 0, .flush_end = USER_SPACE_END };
	unsigned int i, j;

	for (i = 0; i < PTRS_PER_TABLE; i += 8) {
		if (eight_empty(&pgd[i]))
			continue;
		for (j = i; j < i + 8; j++) {
			pte_t entry = pgd[j];

			if (!pte_is_table(entry, 0))
				continue;
			WRITE_ONCE(pgd[j], 0);
			free_table_tree(table_at(entry), 1, &batch);
		}
	}
	batch_flush(&batch);
}

/*
 * keep(table) for each table below table (a level-@level one): a table
 * kept is looked into in turn, one refused is unlinked with its subtree.
 */
static void prune_level(pte_t *table, int level, keep_fn keep, void *arg)
{
	unsigned int i;

	for (i = 0; i < PTRS_PER_TABLE; i++) {
		pte_t entry = table[i];

		if (empty_run(table, i, PTRS_PER_TABLE))
			i += 7;
		else if (pte_is_table(entry, level) && !keep(entry & PTE_ADDR_MASK, arg))
			WRITE_ONCE(table[i], 0);
		else if (pte_is_table(entry, level) && level + 1 < 3)
			prune_level(table_at(entry), level + 1, keep, arg);
	}
}

void prune_pgtables(pte_t *pgd, keep_fn keep, void *arg)
{
	prune_level(pgd, 0, keep, arg);
}

/* seen(va, entry, arg) for each non-empty entry of table, which maps from va. */
static void leaf_level(pte_t *table, int level, unsigned long va, leaf_fn seen, void *arg)
{
	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++) {
		unsigned long entry_va = va + ((unsigned long)i << LEVEL_SHIFT(level));

		if (empty_run(table, i, PTRS_PER_TABLE))
			i += 7;
		else if (pte_is_table(table[i], level))
			leaf_level(table_at(table[i]), level + 1, entry_va, seen, arg);
		else if (table[i])
			seen(entry_va, table[i], arg);
	}
}

void for_each_leaf_entry(pte_t *pgd, leaf_fn seen, void *arg)
{
	leaf_level(pgd, 0, 0, seen, arg);
}

/*
 * A failed map_range leaves no trace: what it mapped, [va, mapped_end), is
 * unmapped, and tables it made for the rest and left empty are freed,
 * while mappings that were there before stay.
 */
static void undo_partial_map(pte_t *pgd, unsigned long va, unsigned long mapped_end,
			     unsigned long end)
{
	struct table_batch batch = { .flush_start = va, .flush_end = mapped_end };

	unmap_level(pgd, 0, va, mapped_end, &batch);
	batch.keep_leaves = true;
	unmap_level(pgd, 0, mapped_end, end, &batch);
	batch_flush(&batch);
}

int map_range(pte_t *pgd, unsigned long va, phys_addr_t pa, unsigned long size,
	      pgprot_t prot, unsigned int flags)
{
	unsigned long mapped_end = va;
	int err;

	if (!IS_ALIGNED(va | pa | size, PAGE_SIZE) || size == 0 || va + size - 1 < va)
		return -EINVAL;
	err = map_level(pgd, 0, va, va + size, pa, prot, flags, &mapped_end);
	if (err)
		undo_partial_map(pgd, va, mapped_end, va + size);
	dsb(ishst);
	isb();
	return err;
}

/*
 * Link a new table under *entry unless another CPU's fault linked one
 * first: the table is allocated without the lock (the allocation is the
 * slow part), the slot checked again under it. The entry as it is then
 * (the table linked, by either), or 0 with -ENOMEM in *err.
 */
static __slowpath pte_t install_table(pte_t *entry, spinlock_t *ptl, int *err)
{
	pte_t *table = alloc_table(entry);

	if (!table) {
		*err = -ENOMEM;
		return 0;
	}
	/* The zeroed table must be visible to the walker before the link is. */
	dsb(ishst);
	spin_lock(ptl);
	if (!(READ_ONCE(*entry) & PTE_VALID)) {
		WRITE_ONCE(*entry, __pa(table) | PTE_TYPE_TABLE);
		table = NULL;
	}
	spin_unlock(ptl);
	if (table)
		pgtable_free(__pa(table));
	return READ_ONCE(*entry);
}

/* The walk again, making each missing table on the way (the first fault in a region). */
static __slowpath pte_t *pte_alloc_slow(pte_t *pgd, unsigned long va, spinlock_t *ptl, int *err)
{
	pte_t *table = pgd;
	int level;

	for (level = 0; level < 3; level++) {
		pte_t *entry = &table[pt_index(va, level)];
		pte_t desc = READ_ONCE(*entry);

		if (unlikely(!(desc & PTE_VALID))) {
			desc = install_table(entry, ptl, err);
			if (!desc)
				return NULL;
		}
		if (!pte_is_table(desc, level)) {
			*err = -EEXIST;		/* a block is in the way */
			return NULL;
		}
		table = table_at(desc);
	}
	return &table[pt_index(va, 3)];
}

/*
 * The last-level entry for va, or NULL where a table on the way is missing
 * (nothing is made). Forced inline into both its callers: pte_alloc's
 * common case is this walk, and a call would cost the fault a frame.
 */
static inline __attribute__((always_inline)) pte_t *walk_to_pte(pte_t *pgd, unsigned long va)
{
	pte_t *table = pgd;
	int level;

	for (level = 0; level < 3; level++) {
		pte_t desc = READ_ONCE(table[pt_index(va, level)]);

		if (!pte_is_table(desc, level))
			return NULL;
		table = table_at(desc);
	}
	return &table[pt_index(va, 3)];
}

pte_t *pte_lookup(pte_t *pgd, unsigned long va)
{
	return walk_to_pte(pgd, va);
}

/*
 * Every fault walks here. Nearly always the tables are all there: the walk
 * is then pte_lookup's (walk_to_pte), a leaf that reads each entry once, and anything
 * else (a table to make, a block in the way) starts over out of line.
 */
pte_t *pte_alloc(pte_t *pgd, unsigned long va, spinlock_t *ptl, int *err)
{
	pte_t *pte = walk_to_pte(pgd, va);

	if (likely(pte))
		return pte;
	return pte_alloc_slow(pgd, va, ptl, err);
}

void set_pte(pte_t *ptep, pte_t pte)
{
	WRITE_ONCE(*ptep, pte);
	dsb(ishst);
	isb();
}

/* The level-3 table for va, made with its parents where missing; NULL on error. */
static pte_t *last_level_table(pte_t *pgd, unsigned long va, int *err)
{
	pte_t *table = pgd;
	int level;

	for (level = 0; level < 3 && table; level++)
		table = next_table(&table[pt_index(va, level)], err);
	return table;
}

int map_page_array(pte_t *pgd, unsigned long va, unsigned long count,
		   phys_addr_t (*pa_of)(unsigned long i, void *arg), void *arg, pgprot_t prot)
{
	unsigned long i = 0;
	int err = 0;

	while (i < count) {
		pte_t *table = last_level_table(pgd, va + i * PAGE_SIZE, &err);

		if (!table)
			return err;
		/* Fill this table's entries until the range ends or the table does. */
		do {
			pte_t *entry = &table[pt_index(va + i * PAGE_SIZE, 3)];

			if (*entry & PTE_VALID)
				return -EEXIST;
			WRITE_ONCE(*entry, pa_of(i, arg) | (prot & PTE_ATTR_MASK) | PTE_TYPE_PAGE);
			i++;
		} while (i < count && pt_index(va + i * PAGE_SIZE, 3) != 0);
	}
	dsb(ishst);
	isb();
	return 0;
}

static int protect_level(pte_t *table, int level, unsigned long va, unsigned long end,
			 unsigned int asid, pgprot_t prot)
{
	while (va < end) {
		unsigned long next = slot_end(va, end, level);
		pte_t *entry = &table[pt_index(va, level)];
		int err;

		if (pte_is_leaf(*entry, level) && next - va != LEVEL_SIZE(level)) {
			err = split_block(entry, level, va, asid);
			if (err)
				return err;
		}
		if (pte_is_leaf(*entry, level)) {
			WRITE_ONCE(*entry, (*entry & (PTE_ADDR_MASK | PTE_TYPE_MASK)) |
				   (prot & PTE_ATTR_MASK));
		} else if (pte_is_table(*entry, level)) {
			err = protect_level(table_at(*entry), level + 1, va, next, asid, prot);
			if (err)
				return err;
		}
		va = next;
	}
	return 0;
}

int protect_range(pte_t *pgd, unsigned int asid, unsigned long va,
		  unsigned long size, pgprot_t prot)
{
	int err;

	if (!IS_ALIGNED(va | size, PAGE_SIZE) || va + size < va)
		return -EINVAL;
	err = protect_level(pgd, 0, va, va + size, asid, prot);
	flush_tlb_range(asid, va, va + size);
	return err;
}

/* The entries a walk visits: valid leaves, or (swap) swap entries, which are only at level 3. */
static int walk_level(pte_t *table, int level, unsigned long va, unsigned long end,
		      walk_leaf_fn fn, void *arg, bool swap)
{
	if (level == 3) {
		unsigned int i, last = pte_end_index(end);
		int err = 0;

		/* As unmap_ptes: empty entries are passed eight at a time. */
		for (i = pt_index(va, 3); i < last && !err; i++)
			if (empty_run(table, i, last))
				i += 7;
			else if (swap ? arch_pte_is_swap(table[i]) : (table[i] & PTE_VALID))
				err = fn(&table[i], ALIGN_DOWN(va, LEVEL_SIZE(2)) + i * PAGE_SIZE,
					 3, arg);
		return err;
	}
	while (va < end) {
		unsigned long next = slot_end(va, end, level);
		pte_t *entry = &table[pt_index(va, level)];
		int err = 0;

		if (pte_is_leaf(*entry, level) && !swap)
			err = fn(entry, va, level, arg);
		else if (pte_is_table(*entry, level))
			err = walk_level(table_at(*entry), level + 1, va, next, fn, arg, swap);
		if (err)
			return err;
		va = next;
	}
	return 0;
}

int walk_page_range(pte_t *pgd, unsigned long va, unsigned long end, walk_leaf_fn fn,
		    void *arg)
{
	return walk_level(pgd, 0, va, end, fn, arg, false);
}

int walk_swap_entries(pte_t *pgd, unsigned long va, unsigned long end, walk_leaf_fn fn,
		      void *arg)
{
	return walk_level(pgd, 0, va, end, fn, arg, true);
}

bool translate_va(pte_t *pgd, unsigned long va, phys_addr_t *pa, pgprot_t *prot)
{
	/* LAB 3 BEGIN: walk from the root to the leaf (page or block) that maps va */
	/* LAB 3 STUB: (void)pgd; (void)va; (void)pa; (void)prot; */
	/* LAB 3 STUB: return false; */
	pte_t *table = pgd;
	int level;

	for (level = 0; level < PT_LEVELS; level++) {
		pte_t desc = READ_ONCE(table[pt_index(va, level)]);

		if (pte_is_leaf(desc, level)) {
			unsigned long offset = va & (LEVEL_SIZE(level) - 1);

			if (pa)
				*pa = (desc & PTE_ADDR_MASK & ~(LEVEL_SIZE(level) - 1)) + offset;
			if (prot)
				*prot = desc & PTE_ATTR_MASK;
			return true;
		}
		if (!pte_is_table(desc, level))
			return false;
		table = table_at(desc);
	}
	return false;
	/* LAB 3 END */
}

static const char *memory_type_name(pgprot_t prot)
{
	switch ((prot & PTE_ATTRINDX_MASK) >> 2) {
	case MT_NORMAL:
		return "normal";
	case MT_DEVICE_nGnRE:
		return "device-nGnRE";
	case MT_NORMAL_NC:
		return "normal-uncached";
	case MT_DEVICE_nGnRnE:
		return "device-nGnRnE";
	default:
		return "unknown-type";
	}
}

void describe_prot(pgprot_t prot, bool block, char *buf, size_t size)
{
	snprintf(buf, size, "%s %s %s %s %s%s%s %s",
		 block ? "block" : "page",
		 prot & PTE_RDONLY ? "RO" : "RW",
		 prot & PTE_USER ? "user" : "kernel-only",
		 prot & PTE_PXN ? "PXN" : "kernel-exec",
		 prot & PTE_UXN ? "UXN" : "user-exec",
		 prot & PTE_AF ? " AF" : " no-AF",
		 prot & PTE_NG ? " nG" : " global",
		 memory_type_name(prot));
}

void dump_walk(pte_t *pgd, unsigned long va)
{
	pte_t *table = pgd;
	char words[96];
	int level;

	printk("Page table walk of %#018lx (root at pa %#llx):\n", va,
	       (unsigned long long)__pa(pgd));
	for (level = 0; level < PT_LEVELS; level++) {
		unsigned int index = pt_index(va, level);
		pte_t desc = READ_ONCE(table[index]);

		printk("  L%d[%3u] = %#018llx  ", level, index, (unsigned long long)desc);
		if (pte_is_table(desc, level)) {
			printk(KERN_CONT "table at pa %#llx\n",
			       (unsigned long long)(desc & PTE_ADDR_MASK));
			table = table_at(desc);
			continue;
		}
		if (!pte_is_leaf(desc, level)) {
			printk(KERN_CONT "invalid: not mapped\n");
			return;
		}
		describe_prot(desc & PTE_ATTR_MASK, level < 3, words, sizeof(words));
		printk(KERN_CONT "%s, pa %#llx\n", words,
		       (unsigned long long)((desc & PTE_ADDR_MASK &
					     ~(LEVEL_SIZE(level) - 1)) +
					    (va & (LEVEL_SIZE(level) - 1))));
		return;
	}
}

static bool leaf_is_wx(pte_t desc)
{
	bool writable = !(desc & PTE_RDONLY);
	bool kernel_exec = !(desc & PTE_PXN);
	bool user_exec = !(desc & PTE_UXN);
	bool user_writable = writable && (desc & PTE_USER);

	return (writable && kernel_exec) || (user_writable && user_exec);
}

static unsigned long count_wx_level(const pte_t *table, int level)
{
	unsigned long count = 0;
	unsigned int i;

	for (i = 0; i < PTRS_PER_TABLE; i++) {
		if (pte_is_leaf(table[i], level))
			count += leaf_is_wx(table[i]);
		else if (pte_is_table(table[i], level))
			count += count_wx_level(table_at(table[i]), level + 1);
	}
	return count;
}

unsigned long count_wx_leaves(pte_t *pgd)
{
	return count_wx_level(pgd, 0);
}
