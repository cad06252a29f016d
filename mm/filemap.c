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
 * Relies on the VFS (kernel/fs/fs.h: the file's inode, vfs_lock, which ramfs
 * calls must hold) and on the page references of mm/page_alloc.c.
 */
#include <kernel/fs/fs.h>
#include <kernel/fs/ramfs.h>
#include <kernel/errno.h>
#include <kernel/spinlock.h>
#include <mm/filemap.h>
#include <mm/mm.h>

struct page *filemap_get_page(struct vm_area_struct *vma, unsigned long addr, int *err)
{
	struct inode *inode = vma->vm_file->f_inode;
	unsigned long pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
	struct page *page = NULL;

	spin_lock(&vfs_lock);
	if (pgoff >= DIV_ROUND_UP((unsigned long)inode->i_size, PAGE_SIZE)) {
		*err = VM_FAULT_SIGBUS;	/* past the end of the file */
	} else {
		page = ramfs_get_page(inode, pgoff);
		if (page)
			get_page(page);	/* the mapping's own reference */
		else
			*err = -ENOMEM;
	}
	spin_unlock(&vfs_lock);
	return page;
}

int filemap_check(struct file *file, unsigned long prot, unsigned long *vm_flags)
{
	bool shared = *vm_flags & VM_SHARED;

	if (!file->f_inode || !S_ISREG(file->f_inode->i_mode))
		return -ENODEV;	/* pipes, directories, /proc and devices cannot be mapped */
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
