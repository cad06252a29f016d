/*
 * Open files: struct file, made by open() or pipe(), shared by every
 * descriptor that dup() or fork() copies from it and counted by f_count.
 * The last fput() drops the file's OFD and flock locks, calls the file
 * type's release and drops the inode.
 * Also vfs_lock, the one lock around every call into ramfs.
 */
#include <kernel/fs/fs.h>
#include <kernel/fs/locks.h>
#include <kernel/fs/mount.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <mm/slab.h>

DEFINE_SPINLOCK(vfs_lock);

static struct kmem_cache *filp_cache;

void files_cache_init(void)
{
	filp_cache = kmem_cache_create("filp", sizeof(struct file), 0, 0, NULL);
	if (!filp_cache)
		panic("vfs: no memory for the file cache");
}

static unsigned int open_mode(unsigned int flags)
{
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		return FMODE_READ;
	case O_WRONLY:
		return FMODE_WRITE;
	case O_RDWR:
		return FMODE_READ | FMODE_WRITE;
	default:
		return 0;
	}
}

struct file *alloc_file(struct inode *inode, unsigned int flags,
			const struct file_operations *fop)
{
	struct file *file = kmem_cache_zalloc(filp_cache, GFP_KERNEL);

	if (!file)
		return NULL;
	file->f_op = fop;
	file->f_inode = inode;
	file->f_flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	file->f_mode = open_mode(flags);
	if (fop->llseek)
		file->f_mode |= FMODE_LSEEK;
	atomic_set(&file->f_count, 1);
	return file;
}

void get_file(struct file *file)
{
	atomic_inc(&file->f_count);
}

void fput(struct file *file)
{
	if (!atomic_dec_and_test(&file->f_count))
		return;
	locks_remove_file(file);
	if (file->f_op->release)
		file->f_op->release(file);
	vfs_iput(file->f_inode);
	kfree(file->f_path);
	kmem_cache_free(filp_cache, file);
}

void vfs_iget(struct inode *inode)
{
	spin_lock(&vfs_lock);
	ramfs_iget(inode);
	spin_unlock(&vfs_lock);
}

void vfs_iput(struct inode *inode)
{
	spin_lock(&vfs_lock);
	ramfs_iput(inode);
	spin_unlock(&vfs_lock);
}

void file_maps_info(struct file *file, unsigned int *major, unsigned int *minor,
		    unsigned long *ino, const char **path)
{
	*major = 0;
	*minor = inode_dev(file->f_inode);
	*ino = file->f_inode->i_ino;
	*path = file->f_path;
}
