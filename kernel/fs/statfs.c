/*
 * statfs and fstatfs: what df shows about the file system a path or a
 * descriptor is on, in arm64's struct statfs (the generic layout, every
 * count a 64-bit word). A tmpfs instance counts its pages against its
 * size= limit; the root file system (the initramfs) has no limit of its
 * own and reports, as Linux's tmpfs rootfs does, half of RAM as its size.
 * tmpfs reports inodes against Linux's default limit (half as many as
 * RAM pages); ramfs, /proc and pipes report no blocks and no inodes.
 */
#include <kernel/fs/fs.h>
#include <kernel/fs/mount.h>
#include <kernel/fs/fdtable.h>
#include <kernel/fs/fs_syscalls.h>
#include <kernel/sched.h>
#include <kernel/errno.h>
#include <kernel/uaccess.h>
#include <kernel/lib/string.h>
#include <mm/mm.h>
#include <mm/slab.h>

#define ST_VALID 0x20		/* f_flags is filled in */
#define ST_RDONLY 0x1
#define ST_NOSUID 0x2
#define ST_NODEV 0x4
#define ST_NOEXEC 0x8
#define ST_NOATIME 0x400
#define ST_RELATIME 0x1000

struct statfs {
	s64 f_type;
	s64 f_bsize;
	u64 f_blocks;
	u64 f_bfree;
	u64 f_bavail;
	u64 f_files;
	u64 f_ffree;
	s32 f_fsid[2];
	s64 f_namelen;
	s64 f_frsize;
	s64 f_flags;
	s64 f_spare[4];
};

_Static_assert(sizeof(struct statfs) == 120, "arm64 struct statfs");

/* The statfs flags of a mount's MS_* flags (Linux's flags_by_mnt). */
static s64 statfs_flags(const struct vfsmount *mnt)
{
	s64 flags = ST_VALID;

	if (!mnt)
		return flags;
	if (mnt->mnt_flags & MS_NOSUID)
		flags |= ST_NOSUID;
	if (mnt->mnt_flags & MS_NODEV)
		flags |= ST_NODEV;
	if (mnt->mnt_flags & MS_NOEXEC)
		flags |= ST_NOEXEC;
	if (mnt->mnt_flags & MS_NOATIME)
		flags |= ST_NOATIME;
	if (mnt->mnt_flags & MS_RELATIME)
		flags |= ST_RELATIME;
	return flags;
}

/* Blocks and inodes of a tmpfs-like instance (the root file system's too). */
static void tmpfs_counts(const struct super_block *sb, struct statfs *st)
{
	u64 blocks = sb->s_max_pages ? sb->s_max_pages : totalram_pages() / 2;
	u64 files = totalram_pages() / 2;

	st->f_blocks = blocks;
	st->f_bfree = st->f_bavail = blocks > sb->s_nr_pages ? blocks - sb->s_nr_pages : 0;
	st->f_files = files;
	st->f_ffree = files > sb->s_nr_inodes ? files - sb->s_nr_inodes : 0;
}

/* vfs_lock held. */
static void vfs_statfs(struct inode *inode, struct statfs *st)
{
	const struct super_block *sb = inode->i_sb;

	memset(st, 0, sizeof(*st));
	st->f_type = sb ? (s64)sb->s_magic : PIPEFS_MAGIC;
	st->f_bsize = st->f_frsize = PAGE_SIZE;
	st->f_namelen = NAME_MAX;
	st->f_flags = statfs_flags(inode_mount(inode));
	if (sb && sb->s_magic == TMPFS_MAGIC)
		tmpfs_counts(sb, st);
}

static long copy_statfs(struct inode *inode, u64 ubuf)
{
	struct statfs st;

	spin_lock(&vfs_lock);
	vfs_statfs(inode, &st);
	spin_unlock(&vfs_lock);
	return copy_to_user(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

long sys_statfs(u64 upath, u64 ubuf, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
		u64 a5 __unused)
{
	struct inode *inode;
	char *path;
	int err;

	path = getname(upath, &err);
	if (!path)
		return err;
	err = vfs_lookup_at(AT_FDCWD, path, LOOKUP_FOLLOW, &inode);
	kfree(path);
	if (err)
		return err;
	err = (int)copy_statfs(inode, ubuf);
	vfs_iput(inode);
	return err;
}

long sys_fstatfs(u64 fd, u64 ubuf, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
		 u64 a5 __unused)
{
	struct file *file = fdget((int)fd);

	if (!file)
		return -EBADF;
	return copy_statfs(file->f_inode, ubuf);
}
