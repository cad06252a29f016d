/*
 * A process's file descriptors (kernel/fs/fdtable.c): an array of struct
 * file pointers indexed by descriptor, with a close-on-exec bit each.
 * The array starts small and doubles as descriptors are wanted, up to
 * the process's RLIMIT_NOFILE (at most NR_OPEN). Threads (and
 * clone(CLONE_FILES) children) share one table, counted by count, so its
 * slots are changed under file_lock; the files in it are counted by
 * f_count. Calls that may sleep hold a reference (fget); fdget's result is
 * borrowed, and a close of the same descriptor by another thread during
 * such a short call is the race left (see docs/threads.md).
 */
#ifndef KERNEL_FDTABLE_H
#define KERNEL_FDTABLE_H

#include <kernel/types.h>
#include <kernel/spinlock.h>

#define NR_OPEN_DEFAULT 64	/* slots a new table starts with */

struct file;
struct task_struct;

struct files_struct {
	int count;			/* tasks sharing the table */
	spinlock_t file_lock;		/* guards the slots, the bits and growing */
	unsigned int max_fds;		/* slots in fd and bits in close_on_exec */
	struct file **fd;
	unsigned long *close_on_exec;
};

struct files_struct *files_alloc(void);
/* fork: a table with the same files (each referenced once more) and bits. */
struct files_struct *dup_fd(struct files_struct *old);
/* Drop a task's share; the last closes every descriptor and frees the table. */
void put_files_struct(struct files_struct *files);
/* execve: close the descriptors marked close-on-exec. */
void do_close_on_exec(struct files_struct *files);

/*
 * Lowest free descriptor >= start, holding file (its reference moves in);
 * -EMFILE when none is below the caller's RLIMIT_NOFILE.
 */
int fd_install_from(struct files_struct *files, unsigned int start, struct file *file,
		    bool cloexec);
/*
 * The running process's file at fd, or NULL: borrowed, valid until it
 * closes fd. An O_PATH descriptor only names a file: fdget and fget
 * pass it over (NULL: -EBADF), fdget_raw gives it to the few calls that
 * take one (fstat, fchdir, dup, fcntl, a *at call's directory).
 */
struct file *fdget(int fd);
struct file *fdget_raw(int fd);
/*
 * fdget with a reference the caller drops with fput: for calls that may
 * sleep (read, write, ioctl), during which another thread may close fd.
 */
struct file *fget(int fd);
/* Put file at fd, closing what was there. */
int replace_fd(struct files_struct *files, unsigned int fd, struct file *file, bool cloexec);
int close_fd(struct files_struct *files, unsigned int fd);
bool get_close_on_exec(struct files_struct *files, unsigned int fd);

/*
 * Another task's descriptors, for /proc/<pid>/fd and fdinfo: fn(file,
 * its close-on-exec bit, arg) runs for descriptor fd under the task's
 * lock and the table's, so the file stays while fn looks at it (fn must
 * not sleep or drop references); its result, or -ENOENT when fd is not
 * open. And the open descriptors, lowest first, at most max of them.
 * Either may be called with vfs_lock held (vfs_lock comes first).
 */
int task_fd_apply(struct task_struct *task, unsigned int fd,
		  int (*fn)(struct file *file, bool cloexec, void *arg), void *arg);
int task_open_fds(struct task_struct *task, int *fds, int max);
void set_close_on_exec(struct files_struct *files, unsigned int fd, bool on);

/*
 * The task's files: fork copies them, clone(CLONE_FILES) shares them
 * (copy_files), exit drops them (exit_files), execve takes a private copy
 * of a shared table (unshare_files: 0 or -ENOMEM). The first process gets
 * descriptors 0, 1 and 2 on /dev/console and / as its directory (init_files).
 */
int copy_files(struct task_struct *child, struct task_struct *parent, bool share);
void exit_files(struct task_struct *task);
int unshare_files(struct task_struct *task);
void init_files(struct task_struct *task);

#endif
