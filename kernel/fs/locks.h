/*
 * Record locks on byte ranges of files (fcntl F_GETLK/F_SETLK/F_SETLKW and
 * the open-file-description F_OFD_* variants) and flock(2)'s whole-file
 * locks, with Linux's names.
 *
 * A lock is owned by a process's descriptor table (POSIX locks: every
 * thread sharing it, and gone when the owner closes ANY descriptor of the
 * file) or by one open file (OFD and flock locks: gone with its last
 * descriptor).
 * Locks of one owner on one file never overlap, and those of one type
 * never touch: a new lock merges with, cuts or replaces its owner's old
 * ones (posix_lock_apply, kernel/fs/lock_ranges.c: no allocation, no lock,
 * so the host tests run it as it is). kernel/fs/locks.c keeps every lock
 * of the system on one list under one spinlock and does the waiting.
 */
#ifndef KERNEL_FS_LOCKS_H
#define KERNEL_FS_LOCKS_H

#include <kernel/types.h>
#include <kernel/list.h>

#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2

#define FL_POSIX 1
#define FL_OFDLCK 2
#define FL_FLOCK 4	/* flock(2): the whole file, apart from the record locks */

typedef s64 loff_t;

struct file;
struct files_struct;
struct inode;

struct file_lock {
	struct list_head fl_list;	/* on the list of every lock */
	void *fl_owner;			/* files_struct (POSIX) or struct file (OFD) */
	struct inode *fl_inode;		/* the file locked */
	int fl_pid;			/* what F_GETLK reports: the tgid, -1 for OFD */
	unsigned char fl_type;		/* F_RDLCK, F_WRLCK; a request may be F_UNLCK */
	unsigned char fl_flags;		/* FL_POSIX, FL_OFDLCK or FL_FLOCK */
	loff_t fl_start, fl_end;	/* bytes [start, end]; end OFFSET_MAX: to EOF and beyond */
};

/* ---- the range logic (kernel/fs/lock_ranges.c) ---- */

/*
 * A lock of another owner in locks that keeps req (on the same file) out,
 * or NULL. flock locks meet only flock locks; POSIX and OFD locks meet
 * each other.
 */
struct file_lock *posix_find_conflict(struct list_head *locks, const struct file_lock *req);

/*
 * Take req (F_RDLCK, F_WRLCK or F_UNLCK), which conflicts with nothing in
 * locks, for its owner: the owner's locks on the file that overlap it are
 * cut to what lies outside it (a lock around it becomes two), those of
 * the same type that overlap or touch it are merged into it. spare holds
 * two unused locks: each one used (at most both) is set to NULL; locks no
 * longer needed move to freed, for the caller to free.
 */
void posix_lock_apply(struct list_head *locks, const struct file_lock *req,
		      struct file_lock *spare[2], struct list_head *freed);

/* ---- the calls (kernel/fs/locks.c) ---- */

/* fcntl's lock commands (F_GETLK ... F_OFD_SETLKW) on file with the user's struct flock. */
long fcntl_lock(struct file *file, unsigned int cmd, unsigned long uflock);
/* A close by the owner files of a descriptor of file: its POSIX locks on the file go. */
void locks_remove_posix(struct file *file, struct files_struct *files);
/* The last reference to file is gone: its OFD and flock locks go. */
void locks_remove_file(struct file *file);

#endif
