/*
 * What the VFS keeps up to date in every inode besides its contents: the
 * owner and mode of a new inode (inode_init_owner), and the three times
 * (current_time, file_update_time, touch_atime), with Linux's rules:
 *  - mtime: the contents changed (a write, a truncation, a name added to
 *    or removed from a directory); ctime: the contents or the attributes
 *    changed (also chmod, chown, link, unlink, utimensat);
 *  - atime: read, as Linux's default "relatime" mount option has it:
 *    only when the old atime is not later than mtime or ctime, or is a
 *    day old, so that a file read over and over is not rewritten each
 *    time but "read since last changed?" can still be answered.
 * The clock is CLOCK_REALTIME (kernel/timekeeping.c) read for each stamp,
 * to the nanosecond; Linux reads a coarser clock, updated at each tick.
 * Callers hold vfs_lock.
 */
#include <kernel/fs/fs.h>
#include <kernel/fs/permission.h>
#include <kernel/sched.h>
#include <kernel/time.h>

#define RELATIME_MAX_AGE (24 * 60 * 60)	/* seconds after which a read stamps atime anyway */

struct timespec64 current_time(void)
{
	u64 ns = ktime_get_real_ns();

	return (struct timespec64){ .tv_sec = (s64)(ns / NSEC_PER_SEC),
				    .tv_nsec = (long)(ns % NSEC_PER_SEC) };
}

/* A new file keeps the setgid bit only if its group is the creator's, as Linux's mode_strip_sgid. */
void inode_init_owner(struct inode *inode, const struct inode *dir, umode_t mode)
{
	inode->i_uid = current->cred.fsuid;
	if (dir && (dir->i_mode & S_ISGID)) {
		inode->i_gid = dir->i_gid;
		if (S_ISDIR(mode))
			mode |= S_ISGID;
		else if ((mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) &&
			 !in_group_p(dir->i_gid) && !capable_fs())
			mode &= ~S_ISGID;
	} else {
		inode->i_gid = current->cred.fsgid;
	}
	inode->i_mode = mode;
}

void file_update_time(struct inode *inode)
{
	inode->i_mtime = inode->i_ctime = current_time();
}

static bool not_after(struct timespec64 a, struct timespec64 b)
{
	return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec <= b.tv_nsec);
}

void touch_atime(struct inode *inode)
{
	struct timespec64 now = current_time();

	if (not_after(inode->i_atime, inode->i_mtime) || not_after(inode->i_atime, inode->i_ctime) ||
	    now.tv_sec - inode->i_atime.tv_sec >= RELATIME_MAX_AGE)
		inode->i_atime = now;
}
