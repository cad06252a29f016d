/*
 * mincore: a byte per page of a range, bit 0 set when the page is in
 * memory. A page is when the page table maps it; a file mapping's page
 * that this process has not touched is too when the file has it (Linux:
 * in the page cache; ramfs: the pages written, not holes, not past the
 * end). A file the caller could not open for writing and does not own
 * shows every page resident, as Linux does since 5.0, so mincore tells
 * nothing about others' use of shared files.
 *
 * The answer goes out through a small buffer on the stack, so the call
 * never needs memory and never fails with EAGAIN.
 *
 * Relies on mm/pgtable.c (translate_va), the VMA tree, mm/filemap.c
 * for file pages and kernel/fs/permission.c for the write check.
 */
#include <kernel/errno.h>
#include <kernel/uaccess.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/fs/fs.h>
#include <kernel/fs/permission.h>
#include <mm/filemap.h>
#include <mm/shmem.h>
#include <mm/memory.h>
#include <mm/mmap_lock.h>

/* Entries worked out per turn, between taking mmap_lock and copying out. */
#define MINCORE_BATCH 256

/* Linux's can_do_mincore: page-cache state only of files the caller could write. */
static bool can_do_mincore(struct vm_area_struct *vma)
{
	struct inode *inode;

	if (vma_is_anonymous(vma))
		return true;
	inode = vma->vm_file->f_inode;
	return inode_owner_or_capable(inode) || inode_permission(inode, MAY_WRITE) == 0;
}

static unsigned char page_resident(struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;
	bool present;

	spin_lock(&mm->page_table_lock);
	present = translate_va(mm->pgd, addr, NULL, NULL);
	spin_unlock(&mm->page_table_lock);
	if (present)
		return 1;
	/* A driver's pages are not the file's (no page cache behind them); an object's are. */
	return vma->vm_file && (!vma->vm_ops || vma_is_shmem(vma)) &&
	       filemap_page_cached(vma, addr);
}

/*
 * Up to pages entries from addr on, within the one VMA that holds addr:
 * how many were written, or -ENOMEM when nothing is mapped at addr.
 */
static long do_mincore(struct mm_struct *mm, unsigned long addr, unsigned long pages,
		       unsigned char *vec)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	unsigned long i, n;
	bool reveal;

	if (!vma || vma->vm_start > addr)
		return -ENOMEM;
	n = MIN(pages, (vma->vm_end - addr) >> PAGE_SHIFT);
	reveal = can_do_mincore(vma);
	for (i = 0; i < n; i++)
		vec[i] = reveal ? page_resident(vma, addr + (i << PAGE_SHIFT)) : 1;
	return (long)n;
}

long vm_mincore(struct mm_struct *mm, unsigned long start, size_t len, unsigned long vec)
{
	unsigned char buf[MINCORE_BATCH];
	unsigned long pages;
	long done;

	if (offset_in_page(start))
		return -EINVAL;
	if (!access_ok(start, len))
		return -ENOMEM;
	pages = (len >> PAGE_SHIFT) + (offset_in_page(len) != 0);
	if (!access_ok(vec, pages))
		return -EFAULT;
	while (pages) {
		/* A range of a terabyte takes minutes; a killed caller must not wait for it. */
		if (fatal_signal_pending(current))
			return -EINTR;
		mmap_read_lock(mm);
		done = do_mincore(mm, start, MIN(pages, MINCORE_BATCH), buf);
		mmap_read_unlock(mm);
		if (done < 0)
			return done;
		if (copy_to_user(vec, buf, (size_t)done))
			return -EFAULT;
		pages -= (unsigned long)done;
		vec += (unsigned long)done;
		start += (unsigned long)done << PAGE_SHIFT;
	}
	return 0;
}
