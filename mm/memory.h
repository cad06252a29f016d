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
 * Fault in the pages of [start, start + len) (page aligned) now, as
 * Linux's __mm_populate: holes and VMAs locked on fault are skipped.
 * 0, or the first failure unless ignore_errors: -ENOMEM, or -EFAULT for
 * an area that allows no access or a page that would raise SIGBUS.
 * Takes mmap_lock for reading.
 */
int __mm_populate(struct mm_struct *mm, unsigned long start, unsigned long len,
		  bool ignore_errors);
/* MAP_POPULATE, MAP_LOCKED: the same for any range; failures are left for later faults. */
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

/*
 * The system calls that change the VMAs and may then have to fill pages
 * in: each takes mmap_lock for writing for the change, and populates
 * what became locked after letting it go. brk under mlockall(MCL_FUTURE)
 * (the new heap), mremap growing a locked mapping (the new part), mlock
 * and mlock2 (the range: 0 or the errno of mm/mlock.c, or -ENOMEM /
 * -EAGAIN when pages cannot be had, as Linux's), mlockall(MCL_CURRENT)
 * (everything, failures ignored).
 */
unsigned long mm_brk_populate(struct mm_struct *mm, unsigned long brk);
unsigned long vm_mremap(struct mm_struct *mm, unsigned long addr, unsigned long old_len,
			unsigned long new_len, unsigned long flags, unsigned long new_addr);
int vm_mlock(struct mm_struct *mm, unsigned long start, unsigned long len, int flags);
int vm_mlockall(struct mm_struct *mm, int flags);

/*
 * mincore(2) for the calling process (mm/mincore.c): vec, a user
 * address, gets a byte per page of [start, start + len). 0, -EINVAL,
 * -ENOMEM or -EFAULT, as Linux's.
 */
long vm_mincore(struct mm_struct *mm, unsigned long start, size_t len, unsigned long vec);

/* Page faults handled since boot, all processes together. */
unsigned long vm_page_faults(void);
unsigned long vm_major_faults(void);

#endif
