/*
 * stat and readlink: newfstatat, fstat and readlinkat, with arm64's
 * struct stat (the generic layout) filled from ramfs_getattr().
 */
#include <kernel/fs/fs.h>
#include <kernel/fs/mount.h>
#include <kernel/fs/fdtable.h>
#include <kernel/fs/fs_struct.h>
#include <kernel/fs/fs_syscalls.h>
#include <kernel/uaccess.h>
#include <kernel/sched.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>
#include <mm/slab.h>

#define AT_NO_AUTOMOUNT 0x800

/* The generic struct stat that arm64 uses: 128 bytes. */
struct stat {
	u64 st_dev;
	u64 st_ino;
	u32 st_mode;
	u32 st_nlink;
	u32 st_uid;
	u32 st_gid;
	u64 st_rdev;
	u64 __pad1;
	s64 st_size;
	s32 st_blksize;
	s32 __pad2;
	s64 st_blocks;
	s64 st_atime;
	u64 st_atime_nsec;
	s64 st_mtime;
	u64 st_mtime_nsec;
	s64 st_ctime;
	u64 st_ctime_nsec;
	u32 __unused4;
	u32 __unused5;
};

_Static_assert(sizeof(struct stat) == 128, "arm64 struct stat");

static long copy_stat(struct inode *inode, u64 ustat)
{
	struct stat st;
	struct kstat k;

	spin_lock(&vfs_lock);
	ramfs_getattr(inode, &k);
	spin_unlock(&vfs_lock);
	memset(&st, 0, sizeof(st));
	st.st_dev = inode_dev(inode);
	st.st_ino = k.ino;
	st.st_mode = k.mode;
	st.st_nlink = k.nlink;
	st.st_uid = k.uid;
	st.st_gid = k.gid;
	st.st_rdev = k.rdev;
	st.st_size = k.size;
	st.st_blksize = (s32)k.blksize;
	st.st_blocks = (s64)k.blocks;
	st.st_atime = st.st_mtime = st.st_ctime = k.mtime;
	return copy_to_user(ustat, &st, sizeof(st)) ? -EFAULT : 0;
}

long sys_fstat(u64 fd, u64 ustat, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
	       u64 a5 __unused)
{
	struct file *file = fdget((int)fd);

	if (!file || (fd >> 31))
		return -EBADF;
	return copy_stat(file->f_inode, ustat);
}

long sys_newfstatat(u64 dfd, u64 upath, u64 ustat, u64 flags, u64 a4 __unused,
		    u64 a5 __unused)
{
	struct inode *inode;
	char *path;
	int err;
	long ret;

	if (flags & ~(u64)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	path = getname(upath, &err);
	if (!path)
		return err;
	if (path[0] == '\0' && (flags & AT_EMPTY_PATH)) {
		kfree(path);
		if ((int)dfd == AT_FDCWD)
			return copy_stat(fs_pwd(current->fs), ustat);
		return sys_fstat(dfd, ustat, 0, 0, 0, 0);
	}
	err = vfs_lookup_at((int)dfd, path,
			    flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW, &inode);
	kfree(path);
	if (err)
		return err;
	ret = copy_stat(inode, ustat);
	vfs_iput(inode);
	return ret;
}

long sys_readlinkat(u64 dfd, u64 upath, u64 ubuf, u64 bufsiz, u64 a4 __unused,
		    u64 a5 __unused)
{
	struct inode *inode;
	char *path, *target;
	long len;
	int err;

	if ((s64)bufsiz <= 0 || (int)bufsiz <= 0)
		return -EINVAL;
	path = getname(upath, &err);
	if (!path)
		return err;
	err = vfs_lookup_at((int)dfd, path, 0, &inode);
	if (err) {
		kfree(path);
		return err;
	}
	target = path;	/* the path buffer is PATH_MAX bytes: room for any target */
	spin_lock(&vfs_lock);
	len = ramfs_readlink(inode, target, MIN(bufsiz, (u64)PATH_MAX));
	spin_unlock(&vfs_lock);
	vfs_iput(inode);
	if (len > 0 && copy_to_user(ubuf, target, len))
		len = -EFAULT;
	kfree(path);
	return len;
}
