/* User address spaces: page tables, ASIDs and demand paging (mm/memory.c). */
#ifndef MM_MEMORY_H
#define MM_MEMORY_H

#include <mm/vma.h>

struct page;

/* A new, empty user address space with its root table and ASID; NULL when out of memory. */
struct mm_struct *mm_create(void);
/* Unmap everything, free every page and table, give the ASID back. */
void mm_destroy(struct mm_struct *mm);

/*
 * A fault at addr: map a page if a VMA allows the access. 0, or -EFAULT
 * (no VMA there), -EACCES (the VMA forbids it), -ENOMEM.
 */
int handle_mm_fault(struct mm_struct *mm, unsigned long addr, bool write, bool exec);

/* References to a page shared by several address spaces (fork). */
void get_page(struct page *page);
void put_page(struct page *page);

#endif
