/*
 * Shared memory objects, Linux's shmem without swap: what shared
 * anonymous memory (MAP_SHARED|MAP_ANONYMOUS, MAP_SHARED of /dev/zero)
 * and System V segments (kernel/ipc/shm.c) map.
 *
 * An object is a ramfs regular file with no name, in an instance of its
 * own (shm_sb, Linux's internal shm mount) so that its pages can be told
 * apart and counted (Shmem in /proc/meminfo). Its size is fixed when it
 * is made. A page is found by its offset in the file (ramfs_get_page), so
 * every mapping of the object, in any process, before or after a fork,
 * maps the same page at the same offset: whoever touches it first makes
 * it, everyone sees it. A page past the end raises SIGBUS, as on Linux.
 *
 * References: each VMA mapping the object holds its file (mm/filemap.c's
 * link hooks), a System V segment holds it too while it exists; the last
 * fput frees the inode and with it the pages the object still holds
 * (mappings hold their own page references until they are unmapped).
 * The object's pages are charged to the commit when it is made, once
 * however many mappings it gets, and uncharged by its release.
 *
 * Relies on ramfs (kernel/fs/ramfs.h, under vfs_lock), the VFS's files,
 * mm/filemap.c for the page under a fault and mm/overcommit.c.
 */
#include <mm/shmem.h>
#include <mm/filemap.h>
#include <mm/overcommit.h>
#include <mm/slab.h>
#include <kernel/fs/mount.h>
#include <kernel/sched.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>

#define SHMEM_DEV 1	/* st_dev 00:01, which Linux's internal shm mount has */

static struct super_block shm_sb = {
	.s_magic = TMPFS_MAGIC, .s_dev = SHMEM_DEV, .s_type = "tmpfs",
};

/* A new regular file of size bytes in shm_sb, held once; NULL when memory runs out. */
static struct inode *shmem_new_inode(loff_t size)
{
	struct inode *inode = NULL;

	spin_lock(&vfs_lock);
	if (!shm_sb.s_root)
		ramfs_new_root(S_ISVTX | S_IRWXUGO, &shm_sb);
	if (shm_sb.s_root && !ramfs_tmpfile(shm_sb.s_root, S_IRWXUGO, false, &inode)) {
		ramfs_iget(inode);
		inode->i_size = size;
	}
	spin_unlock(&vfs_lock);
	return inode;
}

static char *copy_name(const char *name)
{
	size_t len = strlen(name) + 1;
	char *copy = kmalloc(len, GFP_KERNEL);

	if (copy)
		memcpy(copy, name, len);
	return copy;
}

int shmem_fault(struct vm_fault *vmf)
{
	int err = 0;

	vmf->page = filemap_get_page(vmf->vma, vmf->address, &err);
	return vmf->page ? 0 : err;
}

static const struct vm_operations_struct shmem_vm_ops = {
	.fault = shmem_fault,
};

/* mremap moving a mapping makes a new VMA of the object: it faults the same way. */
static int shmem_mmap(struct file *file __unused, struct vm_area_struct *vma)
{
	vma->vm_ops = &shmem_vm_ops;
	return 0;
}

/* The last reference to the object's file: its pages go with the inode, its charge here. */
static void shmem_release(struct file *file)
{
	vm_unacct_memory((long)file->private_data);
}

static const struct file_operations shmem_file_operations = {
	.mmap = shmem_mmap,
	.release = shmem_release,
};

struct file *shmem_file_setup(const char *name, loff_t size, unsigned long vm_flags)
{
	unsigned long pages = vm_flags & VM_NORESERVE ? 0 : DIV_ROUND_UP(size, PAGE_SIZE);
	struct inode *inode;
	struct file *file = NULL;
	char *path;

	if (pages && vm_enough_memory_mm(current->mm, pages))
		return ERR_PTR(-ENOMEM);
	inode = shmem_new_inode(size);
	path = copy_name(name);
	if (inode && path)
		file = alloc_file(inode, O_RDWR, &shmem_file_operations);
	if (!file) {
		kfree(path);
		if (inode)
			vfs_iput(inode);
		vm_unacct_memory((long)pages);
		return ERR_PTR(-ENOMEM);
	}
	file->f_path = path;
	file->private_data = (void *)pages;	/* the charge, given back at release */
	return file;
}

int shmem_zero_setup(struct vm_area_struct *vma)
{
	struct file *file = shmem_file_setup("/dev/zero (deleted)", vma->vm_end - vma->vm_start,
					     vma->vm_flags);

	if (IS_ERR(file))
		return (int)PTR_ERR(file);
	if (vma->vm_file)
		filemap_unlink_vma(vma);
	vma->vm_file = file;
	filemap_link_vma(vma);
	fput(file);	/* the VMA's reference is the one left */
	vma->vm_ops = &shmem_vm_ops;
	return 0;
}

bool vma_is_shmem(const struct vm_area_struct *vma)
{
	return vma->vm_file && vma->vm_file->f_inode && vma->vm_file->f_inode->i_sb == &shm_sb;
}

unsigned long shmem_nr_pages(void)
{
	return READ_ONCE(shm_sb.s_nr_pages);
}
