/*
 * What an address space gives back must be its own (issue #20), checked
 * as Linux checks it: the resident-page counters and the page-table bytes
 * of an mm are zero at its last mmdrop (check_mm, always), and, with
 * page_table_check=on, every page unmapped still has the reference its
 * mapping took ("Bad page map"), every table freed with the tree belongs
 * to that tree's mm ("Bad page state") and every VMA freed at exit points
 * back to it. docs/reliability.md says what is and is not checked.
 */
#ifndef MM_PAGE_TABLE_CHECK_H
#define MM_PAGE_TABLE_CHECK_H

#include <mm/vma.h>
#include <mm/mm_types.h>

extern bool page_table_check_enabled;		/* page_table_check=on */
extern unsigned long page_table_check_reports;	/* reports printed; tests read it */

/* A page becomes a table: of the tree entry is in (NULL: a tree's root is being made). */
void pagetable_ctor(struct page *page, const pte_t *entry);
void pagetable_dtor(struct page *page);
/* mm's root table: the tables linked below it are mm's. */
void pagetable_root_ctor(struct page *page, struct mm_struct *mm);

void check_mm(struct mm_struct *mm);

/* page (mapped by pte) leaves mm: false if it has no reference left to drop. */
bool page_table_check_unmap(struct mm_struct *mm, pte_t pte, struct page *page);
/* exit_mmap: vma must be mm's. */
void page_table_check_vma(struct mm_struct *mm, struct vm_area_struct *vma);
/* Before free_pgtables: a table of another mm is reported and unlinked, not freed. */
void page_table_check_pgtables(struct mm_struct *mm);

#endif
