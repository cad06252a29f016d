/*
 * Pages of file mappings. ramfs keeps every file in memory, so the page a
 * mapping needs is the file's own page (ramfs_get_page), found from the
 * VMA's offset: there is no page cache to fill and nothing to read.
 * A shared mapping maps that page itself, so writes through it are the
 * file's contents at once (and msync has nothing to do); a private one
 * maps it read-only and copies it at the first write (copy-on-write, as
 * after fork). Each mapping of a page holds a reference to it, so a
 * truncated file's page lives on until it is unmapped.
 *
 * Every VMA of a file is on its inode's i_mmap list (Linux keeps an
 * interval tree in the address_space; a list is enough for the few
 * mappings a ramfs file has), under i_mmap_lock, one spinlock for all
 * files. Truncation walks it to find the address spaces that map the
 * file and unmaps the pages past the new end from each
 * (unmap_mapping_range), so the next access there raises SIGBUS as on
 * Linux. Lock order: mmap_lock before i_mmap_lock; i_mmap_lock is never
 * held while an mm is worked on, except by reclaim's reverse map
 * (mm/rmap.c), which only tries each mm's lock.
 *
 * Relies on the VFS (kernel/fs/fs.h: the file's inode, vfs_lock, which ramfs
 * calls must hold) and on the page references of mm/page_alloc.c.
 */
#include <kernel/fs/fs.h>
#include <kernel/fs/ramfs.h>
#include <kernel/errno.h>
#include <kernel/spinlock.h>
#include <mm/filemap.h>
#include <mm/mm.h>
#include <mm/mmap_lock.h>
#include <mm/slab.h>

static DEFINE_SPINLOCK(i_mmap_lock);

void filemap_link_vma(struct vm_area_struct *vma)
{
	get_file(vma->vm_file);
	spin_lock(&i_mmap_lock);
	list_add(&vma->shared, &vma->vm_file->f_inode->i_mmap);
	spin_unlock(&i_mmap_lock);
}

void filemap_unlink_vma(struct vm_area_struct *vma)
{
	spin_lock(&i_mmap_lock);
	list_del(&vma->shared);
	spin_unlock(&i_mmap_lock);
	fput(vma->vm_file);
}

void i_mmap_for_each(struct inode *inode, void (*fn)(struct vm_area_struct *vma, void *arg),
		     void *arg)
{
	struct vm_area_struct *vma;

	spin_lock(&i_mmap_lock);
	list_for_each_entry(vma, &inode->i_mmap, shared)
		fn(vma, arg);
	spin_unlock(&i_mmap_lock);
}

/* Pages of file the mapping needs beyond its end: pgoff >= this. */
static unsigned long file_pages(struct inode *inode)
{
	return DIV_ROUND_UP((unsigned long)inode->i_size, PAGE_SIZE);
}

/* The page of the file that addr of vma maps (Linux's linear_page_index). */
static unsigned long linear_page_index(struct vm_area_struct *vma, unsigned long addr)
{
	return vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
}

struct page *filemap_get_page(struct vm_area_struct *vma, unsigned long addr, int *err)
{
	struct inode *inode = vma->vm_file->f_inode;
	unsigned long pgoff = linear_page_index(vma, addr);
	struct page *page = NULL;

	spin_lock(&vfs_lock);
	if (pgoff >= file_pages(inode)) {
		*err = VM_FAULT_SIGBUS;	/* past the end of the file */
	} else if (pgoff >= RAMFS_MAX_FILE_SIZE / PAGE_SIZE) {
		/*
		 * Past what a ramfs file can hold (a segment or shared anonymous
		 * mapping may be larger): SIGBUS, not an OOM kill that could never help.
		 */
		*err = VM_FAULT_SIGBUS;
	} else {
		page = ramfs_get_page(inode, pgoff);
		if (page)
			get_page(page);	/* the mapping's own reference */
		else	/* a full tmpfs is SIGBUS, as Linux's shmem_fault: no OOM kill makes room */
			*err = ramfs_full(inode) ? VM_FAULT_SIGBUS : -ENOMEM;
	}
	spin_unlock(&vfs_lock);
	return page;
}

unsigned int filemap_get_present_pages(struct vm_area_struct *vma, unsigned long addr,
				       unsigned int nr, struct page **pages)
{
	struct inode *inode = vma->vm_file->f_inode;
	unsigned long pgoff = linear_page_index(vma, addr), end;
	unsigned int i, found = 0;

	spin_lock(&vfs_lock);
	end = S_ISREG(inode->i_mode) ? MIN(file_pages(inode), inode->nr_slots) : 0;
	for (i = 0; i < nr; i++) {
		pages[i] = pgoff + i < end ? ramfs_slot_page(inode->pages[pgoff + i]) : NULL;
		if (pages[i]) {
			get_page(pages[i]);
			found++;
		}
	}
	spin_unlock(&vfs_lock);
	return found;
}

unsigned long filemap_end_address(struct vm_area_struct *vma)
{
	unsigned long pages, end;

	spin_lock(&vfs_lock);
	pages = file_pages(vma->vm_file->f_inode);
	spin_unlock(&vfs_lock);
	if (pages <= vma->vm_pgoff)
		return vma->vm_start;
	end = vma->vm_start + ((pages - vma->vm_pgoff) << PAGE_SHIFT);
	return end < vma->vm_start || end > vma->vm_end ? vma->vm_end : end;
}

bool filemap_page_cached(struct vm_area_struct *vma, unsigned long addr)
{
	struct inode *inode = vma->vm_file->f_inode;
	unsigned long pgoff = linear_page_index(vma, addr);
	bool cached;

	spin_lock(&vfs_lock);
	cached = S_ISREG(inode->i_mode) && pgoff < file_pages(inode) &&
		 pgoff < inode->nr_slots && ramfs_slot_page(inode->pages[pgoff]);
	spin_unlock(&vfs_lock);
	return cached;
}

bool filemap_is_file_page(struct vm_area_struct *vma, unsigned long addr, struct page *page)
{
	struct inode *inode = vma->vm_file->f_inode;
	unsigned long pgoff = linear_page_index(vma, addr);
	bool ours;

	spin_lock(&vfs_lock);
	ours = S_ISREG(inode->i_mode) && pgoff < inode->nr_slots && inode->pages[pgoff] == page;
	spin_unlock(&vfs_lock);
	return ours;
}

int filemap_check(struct file *file, unsigned long prot, unsigned long *vm_flags)
{
	bool shared = *vm_flags & VM_SHARED;

	/* Pipes, directories, /proc and devices without an mmap method cannot be mapped. */
	if (!file->f_op->mmap && (!file->f_inode || !S_ISREG(file->f_inode->i_mode)))
		return -ENODEV;
	if (!(file->f_mode & FMODE_READ))
		return -EACCES;
	/* O_APPEND does not matter: Linux refuses only inodes marked append-only. */
	if (shared && (prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE))
		return -EACCES;
	/* Never writable later either (mprotect checks VM_MAYWRITE). */
	if (shared && !(file->f_mode & FMODE_WRITE))
		*vm_flags &= ~VM_MAYWRITE;
	return 0;
}

int call_mmap(struct file *file, struct vm_area_struct *vma)
{
	return file->f_op->mmap ? file->f_op->mmap(file, vma) : 0;
}

bool filemap_page_beyond_eof(struct vm_area_struct *vma, unsigned long addr)
{
	struct inode *inode = vma->vm_file->f_inode;
	unsigned long pgoff = linear_page_index(vma, addr);
	bool beyond;

	spin_lock(&vfs_lock);
	beyond = pgoff >= file_pages(inode);
	spin_unlock(&vfs_lock);
	return beyond;
}

/*
 * The address spaces mapping inode, each with a user taken (an mm whose
 * last user is gone is being torn down: skipped), once each, in a
 * kmalloc'd array; *nr of them. NULL when there are none or no memory.
 */
static struct mm_struct **mappers(struct inode *inode, unsigned int *nr)
{
	struct vm_area_struct *vma;
	struct mm_struct **mms;
	unsigned int max = 0, i;

	*nr = 0;
	spin_lock(&i_mmap_lock);
	list_for_each_entry(vma, &inode->i_mmap, shared)
		max++;
	mms = max ? kmalloc(max * sizeof(*mms), GFP_KERNEL) : NULL;
	list_for_each_entry(vma, &inode->i_mmap, shared) {
		if (!mms)
			break;
		for (i = 0; i < *nr && mms[i] != vma->vm_mm; i++)
			;
		if (i == *nr && atomic_inc_not_zero(&vma->vm_mm->mm_users))
			mms[(*nr)++] = vma->vm_mm;
	}
	spin_unlock(&i_mmap_lock);
	return mms;
}

/* Drop the pages at file page first and beyond from every VMA of mm mapping inode. */
static void unmap_mm_range(struct mm_struct *mm, struct inode *inode, unsigned long first)
{
	struct vm_area_struct *vma;
	unsigned long start;

	mmap_read_lock(mm);
	list_for_each_entry(vma, &mm->mmap, vm_list) {
		if (!vma->vm_file || vma->vm_file->f_inode != inode)
			continue;
		if (first >= vma->vm_pgoff + vma_pages(vma))
			continue;
		start = vma->vm_start;
		if (first > vma->vm_pgoff)
			start += (first - vma->vm_pgoff) << PAGE_SHIFT;
		mm->ops->zap_page_range(mm, start, vma->vm_end);
	}
	mmap_read_unlock(mm);
}

void unmap_mapping_range(struct inode *inode, s64 holebegin)
{
	unsigned long first = DIV_ROUND_UP((unsigned long)holebegin, PAGE_SIZE);
	unsigned int nr, i;
	struct mm_struct **mms = mappers(inode, &nr);

	for (i = 0; i < nr; i++) {
		unmap_mm_range(mms[i], inode, first);
		mmput(mms[i]);
	}
	kfree(mms);
}
