/* User address spaces: page tables, ASIDs and demand paging (mm/memory.c). */
#ifndef MM_MEMORY_H
#define MM_MEMORY_H

#include <mm/vma.h>

struct page;

/*
 * A new, empty user address space with its root table and ASID; NULL when
 * out of memory. The caller holds its one user: mmput() ends it (the last
 * mmput unmaps everything; the root table and the ASID go with the last
 * mmdrop).
 */
struct mm_struct *mm_create(void);

/*
 * A fault at addr: map a page if a VMA allows the access. 0, or -EFAULT
 * (no VMA there), -EACCES (the VMA forbids it), -ENOMEM. Takes mmap_lock
 * for reading itself (unlike Linux's, whose caller takes it): the caller
 * must not hold it.
 */
int handle_mm_fault(struct mm_struct *mm, unsigned long addr, bool write, bool exec);

/*
 * MAP_POPULATE: fault in [addr, addr + len) now; failures are left for
 * later faults. Takes mmap_lock for reading.
 */
void mm_populate(struct mm_struct *mm, unsigned long addr, unsigned long len);

/*
 * Copy len bytes at addr of another task's address space into buf, as
 * far as the pages are present (a page never touched stops the copy:
 * /proc readers do not fault pages in). The caller holds mmap_lock for
 * reading. Returns the bytes copied.
 */
size_t access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf, size_t len);

/*
 * do_mmap for a caller that does not hold mmap_lock: takes it for
 * writing, and populates MAP_POPULATE mappings after letting it go
 * (Linux's vm_mmap).
 */
unsigned long vm_mmap(struct mm_struct *mm, struct file *file, unsigned long addr,
		      unsigned long len, unsigned long prot, unsigned long flags,
		      unsigned long pgoff);

/* Page faults handled since boot, all processes together. */
unsigned long vm_page_faults(void);

#endif
