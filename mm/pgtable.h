/*
 * Four-level page tables (4 KiB granule, 48-bit VA): map, unmap, change
 * protection, translate and explain one address. The descriptor format
 * comes from asm/pgtable-hwdef.h; the walking logic is in mm/pgtable.c and
 * is the same for the kernel's tables (TTBR1) and a process's (TTBR0).
 */
#ifndef MM_PGTABLE_H
#define MM_PGTABLE_H

#include <kernel/types.h>
#include <kernel/spinlock.h>
#include <asm/pgtable-hwdef.h>
#include <asm/swap-entry.h>

typedef u64 pte_t;	/* a descriptor, at any level */
typedef u64 pgprot_t;	/* attribute bits of a leaf descriptor */

/* The kernel's root table, installed in TTBR1_EL1. */
extern pte_t *swapper_pg_dir;

/*
 * Where table pages come from. Early boot hands out pages of a static pool
 * inside the kernel image; once the buddy allocator runs, it takes over.
 * Returns the physical address of a zeroed page, or 0. entry is the
 * descriptor the new table will be linked into: its page tells whose
 * tree the new table joins (mm/page_table_check.c).
 */
extern phys_addr_t (*pgtable_alloc)(const pte_t *entry);
extern void (*pgtable_free)(phys_addr_t table);

#define MAP_ALLOW_BLOCKS 0x1u	/* use 1 GiB / 2 MiB blocks where aligned */

/*
 * Map [va, va + size) to [pa, pa + size) with prot. Existing mappings in
 * the range are an error (-EEXIST): remap through unmap_range first.
 * On failure nothing new stays mapped. Returns 0 or -ENOMEM / -EEXIST.
 */
int map_range(pte_t *pgd, unsigned long va, phys_addr_t pa, unsigned long size,
	      pgprot_t prot, unsigned int flags);

/*
 * Map count pages from va on, page i at the physical address pa_of(i,
 * arg): pages that are not contiguous (vmalloc's), in one walk that finds
 * each last-level table once rather than once per page. On failure the
 * caller unmaps the range. Returns 0 or -ENOMEM / -EEXIST.
 */
int map_page_array(pte_t *pgd, unsigned long va, unsigned long count,
		   phys_addr_t (*pa_of)(unsigned long i, void *arg), void *arg, pgprot_t prot);

/*
 * Remove every mapping in [va, va + size), flush the TLB for it (asid 0:
 * kernel) and free table pages that became empty. A block only partly
 * inside the range is split first.
 */
int unmap_range(pte_t *pgd, unsigned int asid, unsigned long va, unsigned long size);

/*
 * unmap_range for pages the caller counts references to (a process's):
 * release(leaf, arg) is called with the descriptor of each page (or block)
 * that was mapped in the range,
 * and only after the TLB flush, once no CPU can reach the page through it
 * any more, so release may free the page.
 */
typedef void (*release_fn)(pte_t leaf, void *arg);
int unmap_range_release(pte_t *pgd, unsigned int asid, unsigned long va, unsigned long size,
			release_fn release, void *arg);

/*
 * The teardown of a whole address space (exit_mmap), in two steps as
 * Linux's: unmap_range_teardown releases the pages of one range, as
 * unmap_range_release, but leaves every table in place; free_pgtables then
 * frees all the tables below pgd (pgd itself stays, empty), reading only
 * the upper three levels.
 */
int unmap_range_teardown(pte_t *pgd, unsigned int asid, unsigned long va, unsigned long size,
			 release_fn release, void *arg);
void free_pgtables(pte_t *pgd, unsigned int asid);

/*
 * Before free_pgtables: keep(table, arg) for the tables below pgd, top
 * down; one refused is unlinked from its parent with everything below it,
 * so that free_pgtables leaves it alone. No flush: free_pgtables's follows.
 */
typedef bool (*keep_fn)(phys_addr_t table, void *arg);
void prune_pgtables(pte_t *pgd, keep_fn keep, void *arg);

/*
 * seen(va, entry, arg) for every entry below pgd that is neither empty
 * nor a table: pages, blocks and swap entries, with the address each maps.
 */
typedef void (*leaf_fn)(unsigned long va, pte_t entry, void *arg);
void for_each_leaf_entry(pte_t *pgd, leaf_fn seen, void *arg);

/* A level-3 descriptor mapping the page at pa with the leaf attributes prot. */
static inline pte_t mk_pte(phys_addr_t pa, pgprot_t prot)
{
	return pa | (prot & PTE_ATTR_MASK) | PTE_TYPE_PAGE;
}

/*
 * The level-3 entry for va, with the tables above it made where missing,
 * for a fault that runs beside others in the same tables: each new table
 * is allocated first, then linked under ptl only if the slot is still
 * empty; if another CPU linked one meanwhile, ours is freed. NULL with
 * *err set (-ENOMEM, or -EEXIST when a block is in the way).
 */
pte_t *pte_alloc(pte_t *pgd, unsigned long va, spinlock_t *ptl, int *err);

/* The last-level entry for va without making tables: NULL where one is missing. */
pte_t *pte_lookup(pte_t *pgd, unsigned long va);

/* Store a valid entry and make it visible to every CPU's table walker. */
void set_pte(pte_t *ptep, pte_t pte);

/* Give every page mapped in the range the attributes prot, then flush. */
int protect_range(pte_t *pgd, unsigned int asid, unsigned long va,
		  unsigned long size, pgprot_t prot);

/*
 * Call fn for every valid leaf descriptor in [va, end), with a pointer to
 * it (fn may rewrite its attributes; flushing the TLB is then the
 * caller's job). Empty slots are skipped a whole table at a time, so the
 * cost follows what is mapped, not the size of the range. A non-zero
 * return from fn stops the walk and is returned.
 */
typedef int (*walk_leaf_fn)(pte_t *entry, unsigned long va, int level, void *arg);
int walk_page_range(pte_t *pgd, unsigned long va, unsigned long end, walk_leaf_fn fn,
		    void *arg);

/*
 * walk_page_range over the swap entries of [va, end) instead (non-present
 * level-3 entries that are not 0, asm/swap-entry.h): what unmapping,
 * fork and mremap must release, duplicate or move before the tables
 * change, since unmapping leaves such entries alone and an unmap never
 * frees a table that still holds one.
 */
int walk_swap_entries(pte_t *pgd, unsigned long va, unsigned long end, walk_leaf_fn fn,
		      void *arg);

/* Follow the tables for va; on a hit, return the physical address and leaf attributes. */
bool translate_va(pte_t *pgd, unsigned long va, phys_addr_t *pa, pgprot_t *prot);

/* Print the walk of va level by level: index, descriptor, meaning. */
void dump_walk(pte_t *pgd, unsigned long va);

/*
 * Count leaf mappings that are both writable and executable (at EL1, or
 * at EL0 for user pages). The kernel keeps this at zero (W^X).
 */
unsigned long count_wx_leaves(pte_t *pgd);

/* Describe a leaf's attributes in words ("RW NX normal"), for reports. */
void describe_prot(pgprot_t prot, bool block, char *buf, size_t size);

#endif
