/*
 * Changing a file's size and its allocation: truncate, ftruncate and
 * fallocate, with Linux's checks and errnos (fs/open.c's do_sys_truncate,
 * do_sys_ftruncate and vfs_fallocate). The data side is ramfs's
 * (ramfs_truncate, ramfs_fallocate); what this file adds is the rule that
 * a file shrinking under its mappings takes the pages past the new end
 * out of every process that maps them (unmap_mapping_range, mm/filemap.c),
 * so a later access there raises SIGBUS as on Linux.
 */
#include <kernel/fs/fs.h>
#include <kernel/fs/fdtable.h>
#include <kernel/fs/fs_syscalls.h>
#include <kernel/fs/permission.h>
#include <kernel/errno.h>
#include <kernel/sched.h>
#include <mm/filemap.h>
#include <mm/slab.h>

#define FALLOC_FL_KEEP_SIZE 0x01
#define FALLOC_FL_PUNCH_HOLE 0x02
#define FALLOC_FL_NO_HIDE_STALE 0x04
#define FALLOC_FL_COLLAPSE_RANGE 0x08
#define FALLOC_FL_ZERO_RANGE 0x10
#define FALLOC_FL_INSERT_RANGE 0x20
#define FALLOC_FL_UNSHARE_RANGE 0x40
#define FALLOC_FL_SUPPORTED_MASK 0x7f

/*
 * Set inode's size to length (0 <= length), unmapping what lies beyond a
 * smaller one. As tmpfs: setuid and setgid go, and mtime and ctime move
 * when the size changes or, for ftruncate (stamp), always. Growing past
 * RLIMIT_FSIZE is -EFBIG with SIGXFSZ (Linux's inode_newsize_ok).
 */
int do_truncate(struct inode *inode, loff_t length, bool stamp)
{
	bool too_big;
	loff_t old;
	int err;

	spin_lock(&vfs_lock);
	old = inode->i_size;
	too_big = length > old && (unsigned long)length > rlimit(RLIMIT_FSIZE);
	err = too_big ? -EFBIG : ramfs_truncate(inode, length);
	if (!err) {
		file_remove_privs(inode);
		if (stamp || length != old)
			file_update_time(inode);
	}
	spin_unlock(&vfs_lock);
	if (too_big)
		return check_fsize(length);
	if (!err && length < old)
		unmap_mapping_range(inode, length);
	return err;
}

/* truncate(2) by path needs write permission on the file (ftruncate: a writable descriptor). */
static int truncate_permission(struct inode *inode)
{
	int err;

	spin_lock(&vfs_lock);
	err = inode_permission(inode, MAY_WRITE);
	spin_unlock(&vfs_lock);
	return err;
}

long sys_truncate(u64 upath, u64 length, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
		  u64 a5 __unused)
{
	struct inode *inode;
	char *path;
	int err;

	if ((s64)length < 0)
		return -EINVAL;
	path = getname(upath, &err);
	if (!path)
		return err;
	err = vfs_lookup_at(AT_FDCWD, path, LOOKUP_FOLLOW, &inode);
	kfree(path);
	if (err)
		return err;
	if (S_ISDIR(inode->i_mode))
		err = -EISDIR;
	else if (!S_ISREG(inode->i_mode) || inode->i_fop)
		err = -EINVAL;	/* devices, fifos, /proc files */
	else
		err = truncate_permission(inode);
	if (!err)
		err = do_truncate(inode, (loff_t)length, false);
	vfs_iput(inode);
	return err;
}

/* A ramfs regular file's own operations: not /proc, not a device. */
static bool is_ramfs_file(struct file *file)
{
	return file->f_op == &ramfs_file_operations;
}

long sys_ftruncate(u64 fd, u64 length, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
		   u64 a5 __unused)
{
	struct file *file;
	long err;

	if ((s64)length < 0)
		return -EINVAL;
	file = (fd >> 31) ? NULL : fget((int)fd);
	if (!file)
		return -EBADF;
	/* Linux: a directory, pipe or read-only descriptor is EINVAL here, not EISDIR or EBADF. */
	if (!is_ramfs_file(file) || !(file->f_mode & FMODE_WRITE))
		err = -EINVAL;
	else
		err = do_truncate(file->f_inode, (loff_t)length, true);
	fput(file);
	return err;
}

/* vfs_fallocate's checks of mode alone, in Linux's order. */
static int check_falloc_mode(int mode)
{
	if (mode & ~FALLOC_FL_SUPPORTED_MASK)
		return -EOPNOTSUPP;
	if ((mode & (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE)) ==
	    (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE))
		return -EOPNOTSUPP;
	if ((mode & FALLOC_FL_PUNCH_HOLE) && !(mode & FALLOC_FL_KEEP_SIZE))
		return -EOPNOTSUPP;
	if ((mode & FALLOC_FL_COLLAPSE_RANGE) && (mode & ~FALLOC_FL_COLLAPSE_RANGE))
		return -EINVAL;
	if ((mode & FALLOC_FL_INSERT_RANGE) && (mode & ~FALLOC_FL_INSERT_RANGE))
		return -EINVAL;
	if ((mode & FALLOC_FL_UNSHARE_RANGE) &&
	    (mode & ~(FALLOC_FL_UNSHARE_RANGE | FALLOC_FL_KEEP_SIZE)))
		return -EINVAL;
	return 0;
}

static long vfs_fallocate(struct file *file, int mode, loff_t offset, loff_t len)
{
	struct inode *inode = file->f_inode;
	long err;

	if (offset < 0 || len <= 0)
		return -EINVAL;
	err = check_falloc_mode(mode);
	if (err)
		return err;
	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (S_ISFIFO(inode->i_mode))
		return -ESPIPE;
	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode->i_mode))
		return -ENODEV;
	if (offset > RAMFS_MAX_FILE_SIZE - len)
		return -EFBIG;
	/* Only allocating is supported, as on most file systems (Linux's ramfs has none). */
	if (!is_ramfs_file(file) || (mode & ~FALLOC_FL_KEEP_SIZE))
		return -EOPNOTSUPP;
	spin_lock(&vfs_lock);
	err = ramfs_fallocate(inode, mode & FALLOC_FL_KEEP_SIZE, offset, len);
	spin_unlock(&vfs_lock);
	return err;
}

long sys_fallocate(u64 fd, u64 mode, u64 offset, u64 len, u64 a4 __unused, u64 a5 __unused)
{
	struct file *file = (fd >> 31) ? NULL : fget((int)fd);
	long err;

	if (!file)
		return -EBADF;
	err = vfs_fallocate(file, (int)mode, (loff_t)offset, (loff_t)len);
	fput(file);
	return err;
}
