/* Pages of file mappings (mm/filemap.c). */
#ifndef MM_FILEMAP_H
#define MM_FILEMAP_H

#include <mm/vma.h>

/*
 * The file page backing addr in the file mapping vma, with a reference
 * for the mapping; NULL with *err = VM_FAULT_SIGBUS past the end of the
 * file, or -ENOMEM.
 */
struct page *filemap_get_page(struct vm_area_struct *vma, unsigned long addr, int *err);

/*
 * Fault-around (mm/memory.c): the nr file pages under addr and after it
 * in vma that the file already has, each with a reference for the
 * mapping, into pages[]; NULL for a hole or a page past the end of the
 * file (nothing is allocated, as Linux's filemap_map_pages looks only in
 * the page cache). Returns how many were found.
 */
unsigned int filemap_get_present_pages(struct vm_area_struct *vma, unsigned long addr,
				       unsigned int nr, struct page **pages);

/*
 * The address in vma where the file's pages end now (vm_start when the
 * file ends before the mapping's offset, vm_end when past the mapping).
 */
unsigned long filemap_end_address(struct vm_area_struct *vma);

/*
 * mincore: whether the file page under addr of vma is in memory (Linux:
 * in the page cache). A ramfs file has its written pages; holes and
 * pages past the end are not there.
 */
bool filemap_page_cached(struct vm_area_struct *vma, unsigned long addr);

/*
 * Whether file may be mapped with prot and the VMA flags *vm_flags (a
 * regular file or one with an mmap method, opened for reading; for a
 * writable shared mapping, also for writing): 0, -ENODEV or -EACCES.
 * Takes away VM_MAYWRITE from a shared mapping of a file not open for
 * writing.
 */
int filemap_check(struct file *file, unsigned long prot, unsigned long *vm_flags);

/*
 * Whether page, mapped at addr of the file mapping vma, is the file's own
 * page there (not a private copy made at a write): /proc/<pid>/smaps and
 * pagemap tell the file's pages from anonymous ones by it.
 */
bool filemap_is_file_page(struct vm_area_struct *vma, unsigned long addr, struct page *page);

/*
 * The file's own mmap method (a driver's, file_operations.mmap) on a new
 * VMA: 0 or its -errno. Files without one (ramfs's) are mapped by
 * filemap_get_page.
 */
int call_mmap(struct file *file, struct vm_area_struct *vma);

/*
 * Call fn for each VMA mapping inode (the reverse map of shmem pages,
 * mm/rmap.c), under the spinlock that keeps the list: fn must not sleep,
 * and may only try an mm's mmap_lock.
 */
struct inode;
void i_mmap_for_each(struct inode *inode, void (*fn)(struct vm_area_struct *vma, void *arg),
		     void *arg);

/* A VMA of a file comes / goes: its file reference and its place on the inode's i_mmap. */
void filemap_link_vma(struct vm_area_struct *vma);
void filemap_unlink_vma(struct vm_area_struct *vma);

/*
 * Whether addr's page in vma is wholly past the end of the file now: the
 * fault path asks again after mapping a page, in case a truncation ran
 * between its first look and the mapping.
 */
bool filemap_page_beyond_eof(struct vm_area_struct *vma, unsigned long addr);

/*
 * After a file shrank to holebegin bytes: unmap its pages from that
 * offset on (rounded up to a page) from every process mapping it, private
 * copies included (Linux's unmap_mapping_range with even_cows). Takes
 * each mm's mmap_lock for reading: the caller holds none of them.
 */
struct inode;
void unmap_mapping_range(struct inode *inode, s64 holebegin);

#endif
