/*
 * Reverse mapping of anonymous and shmem pages: from a page to the
 * page-table entries that map it, which reclaim needs to age a page (its
 * access flags) and to unmap it before it goes to swap. docs/reclaim.md
 * explains the scheme; mm/rmap.c has the code.
 */
#ifndef MM_RMAP_H
#define MM_RMAP_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/spinlock.h>
#include <mm/swap.h>

struct page;
struct vm_area_struct;

/*
 * The VMAs that may map a family of anonymous pages: one VMA's, and those
 * of its copies by fork, by splitting and by mremap, which keep the pages'
 * offsets (vm_pgoff). Linux 2.6's anon_vma, before its anon_vma_chain.
 */
struct anon_vma {
	spinlock_t lock;	/* guards head */
	struct list_head head;	/* the VMAs, by their anon_vma_node */
	int refcount;		/* the VMAs on head, and the pages that point here */
};

int anon_vma_prepare(struct vm_area_struct *vma);
void anon_vma_link(struct vm_area_struct *vma);
void anon_vma_unlink(struct vm_area_struct *vma);

void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long addr);
void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long addr);
void page_remove_anon_vma(struct page *page);

/*
 * page->mapping of a page with a reverse map: an anonymous page's
 * anon_vma with this bit set (Linux's PAGE_MAPPING_ANON), a shmem page's
 * inode as it is. One load then tells a walk which kind it has, however
 * the page changes hands meanwhile.
 */
#define PAGE_MAPPING_ANON 1UL

static inline bool mapping_is_anon(const void *mapping)
{
	return (unsigned long)mapping & PAGE_MAPPING_ANON;
}

int page_referenced(struct page *page);
bool try_to_unmap(struct page *page, swp_entry_t entry);
/* Clear every mapping of a shmem page (isolated, referenced by the caller): true when none is left. */
bool try_to_unmap_file(struct page *page);

#endif
