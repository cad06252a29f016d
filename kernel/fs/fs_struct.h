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
/* The path of task's working directory into buf (vfs_lock held): its length or -errno. */
int task_cwd_path(struct task_struct *task, char *buf, size_t size);
/* The working directory, borrowed: the root when none was set. */
struct inode *fs_pwd(struct fs_struct *fs);

#endif
