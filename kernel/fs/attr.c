/*
 * Changing an inode's attributes: chmod (fchmod, fchmodat), chown
 * (fchown, fchownat) and the times (utimensat), with the permission
 * rules of Linux's setattr_prepare and notify_change (fs/attr.c there):
 *  - the mode: only the owner or uid 0; the setgid bit is dropped when
 *    the caller is not in the file's group (and is not uid 0);
 *  - the owner: only uid 0; the group: the owner may pick one of its
 *    own groups; changing either (even to the same ids) clears setuid,
 *    and setgid with group execute, on anything but a directory;
 *  - the times: setting both to now needs ownership or write
 *    permission, anything else ownership (EPERM);
 * and each change stamps ctime. Also file_remove_privs, which a write
 * or a truncation by someone but uid 0 calls, as Linux's does.
 * Paths come through user_path_at (kernel/fs/stat.c); the checks read
 * the caller's credentials (kernel/fs/permission.c) under vfs_lock.
 */
#include <kernel/fs/fs.h>
#include <kernel/fs/fdtable.h>
#include <kernel/fs/fs_syscalls.h>
#include <kernel/fs/permission.h>
#include <kernel/sched.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>

#define NO_ID 0xffffffffu		/* chown's -1: leave this id alone */
#define UTIME_NOW ((1L << 30) - 1)
#define UTIME_OMIT ((1L << 30) - 2)

/* The user's struct timespec as arm64 lays it out. */
struct user_timespec {
	s64 tv_sec;
	s64 tv_nsec;
};

/* ------------------------------------------------------------ chmod */

static int chmod_common(struct inode *inode, umode_t mode)
{
	int err = 0;

	mode &= S_IALLUGO;
	spin_lock(&vfs_lock);
	if (!inode_owner_or_capable(inode)) {
		err = -EPERM;
	} else {
		if (!in_group_p(inode->i_gid) && !capable_fs())
			mode &= ~S_ISGID;
		inode->i_mode = (inode->i_mode & S_IFMT) | mode;
		inode->i_ctime = current_time();
	}
	spin_unlock(&vfs_lock);
	return err;
}

long sys_fchmod(u64 fd, u64 mode, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
		u64 a5 __unused)
{
	struct file *file = (fd >> 31) ? NULL : fdget((int)fd);

	if (!file)
		return -EBADF;
	return chmod_common(file->f_inode, (umode_t)mode);
}

long sys_fchmodat(u64 dfd, u64 upath, u64 mode, u64 a3 __unused, u64 a4 __unused,
		  u64 a5 __unused)
{
	struct inode *inode;
	int err = user_path_at((int)dfd, upath, 0, &inode);

	if (err)
		return err;
	err = chmod_common(inode, (umode_t)mode);
	vfs_iput(inode);
	return err;
}

/* ------------------------------------------------------------ chown */

static bool chown_ok(struct inode *inode, u32 uid)
{
	return uid == NO_ID || (inode->i_uid == current->cred.fsuid && uid == inode->i_uid) ||
	       capable_fs();
}

static bool chgrp_ok(struct inode *inode, u32 gid)
{
	if (gid == NO_ID || capable_fs())
		return true;
	return inode->i_uid == current->cred.fsuid && (gid == inode->i_gid || in_group_p(gid));
}

/*
 * What a change of owner takes away: setuid always; setgid when group
 * execute is set (otherwise it marks mandatory locking), or when the
 * caller may not keep it (Linux's setattr_should_drop_sgid).
 */
static umode_t chown_kill_sxid(struct inode *inode)
{
	umode_t mode = inode->i_mode;

	if (S_ISDIR(mode))
		return mode;
	mode &= ~S_ISUID;
	if ((mode & S_ISGID) && ((mode & S_IXGRP) || (!in_group_p(inode->i_gid) && !capable_fs())))
		mode &= ~S_ISGID;
	return mode;
}

static int chown_common(struct inode *inode, u32 uid, u32 gid)
{
	int err = 0;

	spin_lock(&vfs_lock);
	if (!chown_ok(inode, uid) || !chgrp_ok(inode, gid)) {
		err = -EPERM;
	} else {
		inode->i_mode = chown_kill_sxid(inode);
		if (uid != NO_ID)
			inode->i_uid = uid;
		if (gid != NO_ID)
			inode->i_gid = gid;
		inode->i_ctime = current_time();
	}
	spin_unlock(&vfs_lock);
	return err;
}

long sys_fchown(u64 fd, u64 uid, u64 gid, u64 a3 __unused, u64 a4 __unused, u64 a5 __unused)
{
	struct file *file = (fd >> 31) ? NULL : fdget((int)fd);

	if (!file)
		return -EBADF;
	return chown_common(file->f_inode, (u32)uid, (u32)gid);
}

long sys_fchownat(u64 dfd, u64 upath, u64 uid, u64 gid, u64 flags, u64 a5 __unused)
{
	struct inode *inode;
	int err;

	if (flags & ~(u64)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = user_path_at((int)dfd, upath, (unsigned int)flags, &inode);
	if (err)
		return err;
	err = chown_common(inode, (u32)uid, (u32)gid);
	vfs_iput(inode);
	return err;
}

/* A write or truncation by someone without uid 0's rights disarms a setuid program. */
void file_remove_privs(struct inode *inode)
{
	if (!S_ISREG(inode->i_mode) || capable_fs())
		return;
	if (inode->i_mode & S_ISUID)
		inode->i_mode &= ~S_ISUID;
	if ((inode->i_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
		inode->i_mode &= ~S_ISGID;
}

/* -------------------------------------------------------- utimensat */

static bool nsec_valid(s64 nsec)
{
	return nsec == UTIME_OMIT || nsec == UTIME_NOW || (nsec >= 0 && nsec < (s64)NSEC_PER_SEC);
}

static void set_time(struct timespec64 *stamp, const struct user_timespec *t,
		     struct timespec64 now)
{
	if (t && t->tv_nsec == UTIME_OMIT)
		return;
	if (!t || t->tv_nsec == UTIME_NOW)
		*stamp = now;
	else
		*stamp = (struct timespec64){ .tv_sec = t->tv_sec, .tv_nsec = (long)t->tv_nsec };
}

/* times: atime and mtime, or NULL for both now. */
static int vfs_utimes(struct inode *inode, const struct user_timespec *times)
{
	struct timespec64 now;
	int err = 0;

	if (times && (!nsec_valid(times[0].tv_nsec) || !nsec_valid(times[1].tv_nsec)))
		return -EINVAL;
	if (times && times[0].tv_nsec == UTIME_NOW && times[1].tv_nsec == UTIME_NOW)
		times = NULL;
	spin_lock(&vfs_lock);
	if (!inode_owner_or_capable(inode))
		err = times ? -EPERM : inode_permission(inode, MAY_WRITE);
	if (!err) {
		now = current_time();
		set_time(&inode->i_atime, times ? &times[0] : NULL, now);
		set_time(&inode->i_mtime, times ? &times[1] : NULL, now);
		inode->i_ctime = now;
	}
	spin_unlock(&vfs_lock);
	return err;
}

/* A NULL path with a descriptor is futimens: then flags must be 0. */
long sys_utimensat(u64 dfd, u64 upath, u64 utimes, u64 flags, u64 a4 __unused,
		   u64 a5 __unused)
{
	struct user_timespec times[2];
	struct inode *inode;
	struct file *file;
	int err;

	if (utimes) {
		if (copy_from_user(times, utimes, sizeof(times)))
			return -EFAULT;
		if (times[0].tv_nsec == UTIME_OMIT && times[1].tv_nsec == UTIME_OMIT)
			return 0;	/* nothing to do: not even the path is looked at */
	}
	if (!upath && (int)dfd != AT_FDCWD) {
		if (flags)
			return -EINVAL;
		file = (dfd >> 31) ? NULL : fdget((int)dfd);
		if (!file)
			return -EBADF;
		return vfs_utimes(file->f_inode, utimes ? times : NULL);
	}
	if (flags & ~(u64)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = user_path_at((int)dfd, upath, (unsigned int)flags, &inode);
	if (err)
		return err;
	err = vfs_utimes(inode, utimes ? times : NULL);
	vfs_iput(inode);
	return err;
}
