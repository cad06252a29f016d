/*
 * A task's place in the file system (kernel/fs/fs_struct.c): its working
 * directory and umask, in a counted struct that clone(CLONE_FS) shares
 * (a chdir or umask in one sharer is seen by all) and fork copies, as
 * Linux's struct fs_struct. Kernel threads share init_fs.
 */
#ifndef KERNEL_FS_STRUCT_H
#define KERNEL_FS_STRUCT_H

#include <kernel/types.h>
#include <kernel/spinlock.h>

struct inode;
struct task_struct;

struct fs_struct {
	int users;			/* tasks sharing it */
	spinlock_t lock;		/* guards pwd against a concurrent chdir */
	struct inode *pwd;		/* working directory, held; NULL: the root */
	unsigned int umask;
};

extern struct fs_struct init_fs;

/* A new task starts on init_fs; fork gives it a copy (or, with CLONE_FS, a share). */
void share_init_fs(struct task_struct *task);
int copy_fs(struct task_struct *child, struct task_struct *parent, bool share);
/* The first process gets its own, at / with umask 022. 0 or -ENOMEM. */
int init_fs_struct(struct task_struct *task);
void exit_fs(struct task_struct *task);
/* dir is held by the caller; that reference becomes the working directory's. */
void set_fs_pwd(struct fs_struct *fs, struct inode *dir);
/*
 * Another task's working directory, with vfs_lock held (/proc/<pid>/cwd):
 * its path into buf (its length or -errno), or the inode itself, borrowed
 * while the lock is held (0 or -ENOENT once the task has exited).
 */
int task_cwd_path(struct task_struct *task, char *buf, size_t size);
int task_cwd_inode(struct task_struct *task, struct inode **dir);
/* The working directory, borrowed: the root when none was set. */
struct inode *fs_pwd(struct fs_struct *fs);

#endif
