/* Pages of file mappings (mm/filemap.c). */
#ifndef MM_FILEMAP_H
#define MM_FILEMAP_H

#include <kernel/errno.h>
#include <mm/vma.h>

/* handle_mm_fault's answer for an access past the end of a mapped file. */
#define VM_FAULT_SIGBUS (-EIO)

/*
 * The file page backing addr in the file mapping vma, with a reference
 * for the mapping; NULL with *err = VM_FAULT_SIGBUS past the end of the
 * file, or -ENOMEM.
 */
struct page *filemap_get_page(struct vm_area_struct *vma, unsigned long addr, int *err);

/*
 * Whether file may be mapped with prot and the VMA flags *vm_flags (a
 * regular file, opened for reading; for a writable shared mapping, also
 * for writing): 0, -ENODEV or -EACCES. Takes away
 * VM_MAYWRITE from a shared mapping of a file not open for writing.
 */
int filemap_check(struct file *file, unsigned long prot, unsigned long *vm_flags);

#endif
