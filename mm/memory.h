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

/* MAP_POPULATE: fault in [addr, addr + len) now; failures are left for later faults. */
void mm_populate(struct mm_struct *mm, unsigned long addr, unsigned long len);

/* Page faults handled since boot, all processes together. */
unsigned long vm_page_faults(void);

#endif
