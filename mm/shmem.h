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

/* Pages all objects hold now: Shmem in /proc/meminfo. */
unsigned long shmem_nr_pages(void);

#endif
