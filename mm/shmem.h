/* Shared memory objects (mm/shmem.c): what shared anonymous memory and System V segments map. */
#ifndef MM_SHMEM_H
#define MM_SHMEM_H

#include <mm/vma.h>
#include <kernel/fs/fs.h>

/*
 * A new object of size bytes, with no name in any directory: a file
 * open for reading and writing, /proc/<pid>/maps showing name. Its pages
 * are charged to the commit (docs/overcommit.md) now, unless vm_flags has
 * VM_NORESERVE, and uncharged when the last reference to the file goes.
 * ERR_PTR(-ENOMEM) when the charge is refused or memory runs out.
 */
struct file *shmem_file_setup(const char *name, loff_t size, unsigned long vm_flags);

/*
 * mm_ops.shmem_zero_setup: MAP_SHARED|MAP_ANONYMOUS and MAP_SHARED of
 * /dev/zero. vma, not in the tree yet, maps a new object of its size from
 * offset 0 instead of what vm_file was (/dev/zero, or none).
 */
int shmem_zero_setup(struct vm_area_struct *vma);

/* The fault method of objects' mappings: the object's page at vmf->pgoff. */
int shmem_fault(struct vm_fault *vmf);

/* Whether vma maps an object (shared anonymous memory, a System V segment). */
bool vma_is_shmem(const struct vm_area_struct *vma);

/* Pages all objects hold now, in memory: Shmem in /proc/meminfo. */
unsigned long shmem_nr_pages(void);

/* ---- swap (docs/shmem.md) ---- */

/*
 * Reclaim (mm/vmscan.c): write a shmem page (isolated from the LRU, with
 * the caller's reference) to swap and let it go, Linux's shmem_writeout.
 * true when the caller's reference is the last; false when the page
 * stays (mapped where it cannot be unmapped, locked, taken meanwhile, no
 * free slot, or the write failed).
 */
struct page;
bool shmem_pageout(struct page *page);

/*
 * The inode of the object page belongs to, with a reference for the
 * caller (vfs_iput); NULL when it belongs to none now (swapped out, or
 * the object is being released).
 */
struct inode *shmem_page_inode_get(struct page *page);

/* swapoff: read back every page of every object that went to area type. 0, -ENOMEM or -EIO. */
int shmem_unuse(unsigned int type);

/* SHM_LOCK / SHM_UNLOCK: whether the object's pages must stay in memory. */
void shmem_lock(struct file *file, bool lock);

/* The object's pages in memory and in swap (shmctl's shm_rss and shm_swp). */
void shmem_count_pages(struct file *file, unsigned long *resident, unsigned long *swapped);

#endif
