/*
 * stat and readlink: newfstatat, fstat, statx and readlinkat, with
 * arm64's struct stat (the generic layout) and struct statx filled from
 * ramfs_getattr(); and user_path_at, the path (or AT_EMPTY_PATH
 * descriptor) lookup of the *at calls that take AT_* flags.
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
#define AT_STATX_SYNC_TYPE 0x6000	/* FORCE_SYNC 0x2000, DONT_SYNC 0x4000: both is invalid */

/* statx's mask: what was asked for and what is filled in. */
#define STATX_BASIC_STATS 0x7ff	/* type, mode, nlink, uid, gid, times but btime, ino, size, blocks */
#define STATX__RESERVED 0x80000000u

struct statx_timestamp {
	s64 tv_sec;
	u32 tv_nsec;
	s32 __reserved;
};

/* Linux's struct statx: 256 bytes, the same on every architecture. */
struct statx {
	u32 stx_mask;
	u32 stx_blksize;
	u64 stx_attributes;
	u32 stx_nlink;
	u32 stx_uid;
	u32 stx_gid;
	u16 stx_mode;
	u16 __spare0;
	u64 stx_ino;
	u64 stx_size;
	u64 stx_blocks;
	u64 stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	u32 stx_rdev_major, stx_rdev_minor;
	u32 stx_dev_major, stx_dev_minor;
	u64 stx_mnt_id;
	u32 stx_dio_mem_align, stx_dio_offset_align;
	u64 __spare3[12];
};

_Static_assert(sizeof(struct statx) == 256, "struct statx");

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

static void vfs_getattr(struct inode *inode, struct kstat *k)
{
	spin_lock(&vfs_lock);
	ramfs_getattr(inode, k);
	spin_unlock(&vfs_lock);
}

static long copy_stat(struct inode *inode, u64 ustat)
{
	struct stat st;
	struct kstat k;

	vfs_getattr(inode, &k);
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
	st.st_atime = k.atime.tv_sec;
	st.st_atime_nsec = k.atime.tv_nsec;
	st.st_mtime = k.mtime.tv_sec;
	st.st_mtime_nsec = k.mtime.tv_nsec;
	st.st_ctime = k.ctime.tv_sec;
	st.st_ctime_nsec = k.ctime.tv_nsec;
	return copy_to_user(ustat, &st, sizeof(st)) ? -EFAULT : 0;
}

static struct statx_timestamp statx_time(struct timespec64 t)
{
	return (struct statx_timestamp){ .tv_sec = t.tv_sec, .tv_nsec = (u32)t.tv_nsec };
}

/* Device numbers split as new_encode_dev (MKDEV) packed them. */
static u32 dev_major(u32 dev)
{
	return (dev & 0xfff00) >> 8;
}

static u32 dev_minor(u32 dev)
{
	return (dev & 0xff) | ((dev >> 12) & 0xfff00);
}

/*
 * Everything is known at once, so every basic field is filled whatever
 * the mask asked, as Linux's file systems do. No birth time is kept.
 */
static long copy_statx(struct inode *inode, u64 ubuf)
{
	struct statx stx;
	struct kstat k;

	vfs_getattr(inode, &k);
	memset(&stx, 0, sizeof(stx));
	stx.stx_mask = STATX_BASIC_STATS;
	stx.stx_blksize = k.blksize;
	stx.stx_nlink = k.nlink;
	stx.stx_uid = k.uid;
	stx.stx_gid = k.gid;
	stx.stx_mode = (u16)k.mode;
	stx.stx_ino = k.ino;
	stx.stx_size = (u64)k.size;
	stx.stx_blocks = k.blocks;
	stx.stx_atime = statx_time(k.atime);
	stx.stx_mtime = statx_time(k.mtime);
	stx.stx_ctime = statx_time(k.ctime);
	stx.stx_rdev_major = dev_major(k.rdev);
	stx.stx_rdev_minor = dev_minor(k.rdev);
	stx.stx_dev_major = dev_major(RAMFS_DEV);
	stx.stx_dev_minor = dev_minor(RAMFS_DEV);
	return copy_to_user(ubuf, &stx, sizeof(stx)) ? -EFAULT : 0;
}

int user_path_at(int dfd, u64 upath, unsigned int at_flags, struct inode **result)
{
	struct file *file;
	char *path;
	int err;

	path = getname(upath, &err);
	if (!path)
		return err;
	if (path[0] == '\0' && (at_flags & AT_EMPTY_PATH)) {
		kfree(path);
		if (dfd == AT_FDCWD) {
			*result = fs_pwd(current->fs);
		} else {
			file = fdget_raw(dfd);
			if (!file)
				return -EBADF;
			*result = file->f_inode;
		}
		vfs_iget(*result);
		return 0;
	}
	err = vfs_lookup_at(dfd, path, at_flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW, result);
	kfree(path);
	return err;
}

long sys_fstat(u64 fd, u64 ustat, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
	       u64 a5 __unused)
{
	struct file *file = fdget_raw((int)fd);

	if (!file || (fd >> 31))
		return -EBADF;
	return copy_stat(file->f_inode, ustat);
}

long sys_newfstatat(u64 dfd, u64 upath, u64 ustat, u64 flags, u64 a4 __unused,
		    u64 a5 __unused)
{
	struct inode *inode;
	int err;
	long ret;

	if (flags & ~(u64)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	err = user_path_at((int)dfd, upath, (unsigned int)flags, &inode);
	if (err)
		return err;
	ret = copy_stat(inode, ustat);
	vfs_iput(inode);
	return ret;
}

long sys_statx(u64 dfd, u64 upath, u64 flags, u64 mask, u64 ubuf, u64 a5 __unused)
{
	struct inode *inode;
	int err;
	long ret;

	if ((u32)mask & STATX__RESERVED)
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if (flags & ~(u64)(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH |
			   AT_STATX_SYNC_TYPE))
		return -EINVAL;
	err = user_path_at((int)dfd, upath, (unsigned int)flags, &inode);
	if (err)
		return err;
	ret = copy_statx(inode, ubuf);
	vfs_iput(inode);
	return ret;
}

/*
 * The link readlinkat means. An empty path names dfd's own file (an
 * O_PATH descriptor of a symlink); if that is no symlink: -ENOENT, as Linux.
 */
static int readlink_lookup(int dfd, const char *path, struct inode **inode)
{
	int err;

	if (path[0] != '\0')
		return vfs_lookup_at(dfd, path, 0, inode);
	err = start_dir(dfd, path, inode);
	if (err)
		return err;
	if (!S_ISLNK((*inode)->i_mode))
		return -ENOENT;
	vfs_iget(*inode);
	return 0;
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
	err = readlink_lookup((int)dfd, path, &inode);
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
