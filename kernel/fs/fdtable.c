/*
 * Per-process descriptor tables (see kernel/fs/fdtable.h). A table is two
 * kmalloc'd arrays, the files and the close-on-exec bits, grown together
 * by doubling when a descriptor past the end is wanted; file_lock guards
 * them once threads share the table.
 */
#include <kernel/fs/fdtable.h>
#include <kernel/fs/fs.h>
#include <kernel/fs/locks.h>
#include <kernel/sched.h>
#include <kernel/fs/fs_struct.h>
#include <kernel/resource.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>
#include <mm/slab.h>

#define BITS_PER_LONG 64

static void free_table(struct files_struct *files)
{
	kfree(files->fd);
	kfree(files->close_on_exec);
	kfree(files);
}

static struct files_struct *alloc_table(unsigned int max_fds)
{
	struct files_struct *files = kzalloc(sizeof(*files), GFP_KERNEL);

	if (!files)
		return NULL;
	files->count = 1;
	spin_lock_init(&files->file_lock);
	files->max_fds = max_fds;
	files->fd = kcalloc(max_fds, sizeof(*files->fd), GFP_KERNEL);
	files->close_on_exec = kcalloc(max_fds / BITS_PER_LONG, sizeof(long), GFP_KERNEL);
	if (!files->fd || !files->close_on_exec) {
		free_table(files);
		return NULL;
	}
	return files;
}

struct files_struct *files_alloc(void)
{
	return alloc_table(NR_OPEN_DEFAULT);
}

/*
 * Room for descriptor fd: 0, -EMFILE past the limit, -ENOMEM. Called and
 * returns with file_lock held, but drops it to allocate; another thread
 * may have grown the table meanwhile, so the caller looks again.
 */
static int expand_files(struct files_struct *files, unsigned int fd)
{
	unsigned int want = files->max_fds;
	struct file **fds;
	unsigned long *bits;

	if (fd < files->max_fds)
		return 0;
	if (fd >= NR_OPEN)
		return -EMFILE;
	while (want <= fd)
		want *= 2;
	spin_unlock(&files->file_lock);
	fds = kcalloc(want, sizeof(*fds), GFP_KERNEL);
	bits = kcalloc(want / BITS_PER_LONG, sizeof(long), GFP_KERNEL);
	spin_lock(&files->file_lock);
	if (!fds || !bits || want <= files->max_fds) {
		kfree(fds);
		kfree(bits);
		return fds && bits ? 0 : -ENOMEM;
	}
	memcpy(fds, files->fd, files->max_fds * sizeof(*fds));
	memcpy(bits, files->close_on_exec, files->max_fds / BITS_PER_LONG * sizeof(long));
	kfree(files->fd);
	kfree(files->close_on_exec);
	files->fd = fds;
	files->close_on_exec = bits;
	files->max_fds = want;
	return 0;
}

/* A private copy of old, for fork and for execve from a sharer. */
struct files_struct *dup_fd(struct files_struct *old)
{
	struct files_struct *files;
	unsigned int i, max_fds;

	for (;;) {
		max_fds = READ_ONCE(old->max_fds);
		files = alloc_table(max_fds);
		if (!files)
			return NULL;
		spin_lock(&old->file_lock);
		if (old->max_fds == max_fds)
			break;
		spin_unlock(&old->file_lock);	/* grown by another thread: again */
		free_table(files);
	}
	for (i = 0; i < max_fds; i++) {
		files->fd[i] = old->fd[i];
		if (files->fd[i])
			get_file(files->fd[i]);
	}
	memcpy(files->close_on_exec, old->close_on_exec, max_fds / BITS_PER_LONG * sizeof(long));
	spin_unlock(&old->file_lock);
	return files;
}

bool get_close_on_exec(struct files_struct *files, unsigned int fd)
{
	return (READ_ONCE(files->close_on_exec[fd / BITS_PER_LONG]) >> (fd % BITS_PER_LONG)) & 1;
}

static void __set_close_on_exec(struct files_struct *files, unsigned int fd, bool on)
{
	unsigned long bit = 1UL << (fd % BITS_PER_LONG);

	if (on)
		files->close_on_exec[fd / BITS_PER_LONG] |= bit;
	else
		files->close_on_exec[fd / BITS_PER_LONG] &= ~bit;
}

void set_close_on_exec(struct files_struct *files, unsigned int fd, bool on)
{
	spin_lock(&files->file_lock);
	if (fd < files->max_fds)
		__set_close_on_exec(files, fd, on);
	spin_unlock(&files->file_lock);
}

/* Empty slot fd, file_lock held: the file it held, for the caller to fput unlocked. */
static struct file *pick_file(struct files_struct *files, unsigned int fd)
{
	struct file *file;

	if (fd >= files->max_fds || !files->fd[fd])
		return NULL;
	file = files->fd[fd];
	files->fd[fd] = NULL;
	__set_close_on_exec(files, fd, false);
	return file;
}

int close_fd(struct files_struct *files, unsigned int fd)
{
	struct file *file;

	spin_lock(&files->file_lock);
	file = pick_file(files, fd);
	spin_unlock(&files->file_lock);
	if (!file)
		return -EBADF;
	locks_remove_posix(file, files);	/* POSIX: any close drops the process's locks */
	fput(file);
	return 0;
}

void put_files_struct(struct files_struct *files)
{
	unsigned int fd;

	if (__atomic_sub_fetch(&files->count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	/* The last user: no one installs meanwhile, so empty slots need no lock. */
	for (fd = 0; fd < files->max_fds; fd++)
		if (files->fd[fd])
			close_fd(files, fd);
	free_table(files);
}

void do_close_on_exec(struct files_struct *files)
{
	unsigned int fd;

	for (fd = 0; fd < files->max_fds; fd++)
		if (get_close_on_exec(files, fd))
			close_fd(files, fd);
}

int fd_install_from(struct files_struct *files, unsigned int start, struct file *file,
		    bool cloexec)
{
	unsigned long end = rlimit(RLIMIT_NOFILE);
	unsigned int fd;
	int err;

	spin_lock(&files->file_lock);
	do {
		for (fd = start; fd < files->max_fds && files->fd[fd]; fd++)
			;
		err = fd >= end ? -EMFILE : expand_files(files, fd);
	} while (!err && (fd >= files->max_fds || files->fd[fd]));
	if (!err) {
		files->fd[fd] = file;
		__set_close_on_exec(files, fd, cloexec);
	}
	spin_unlock(&files->file_lock);
	return err ? err : (int)fd;
}

int replace_fd(struct files_struct *files, unsigned int fd, struct file *file, bool cloexec)
{
	struct file *old;
	int err;

	spin_lock(&files->file_lock);
	err = expand_files(files, fd);
	if (err) {
		spin_unlock(&files->file_lock);
		return err == -EMFILE ? -EBADF : err;
	}
	old = pick_file(files, fd);
	files->fd[fd] = file;
	__set_close_on_exec(files, fd, cloexec);
	spin_unlock(&files->file_lock);
	if (old) {
		locks_remove_posix(old, files);
		fput(old);
	}
	return fd;
}

struct file *fdget_raw(int fd)
{
	struct files_struct *files = current->files;
	struct file *file = NULL;

	if (!files || fd < 0)
		return NULL;
	spin_lock(&files->file_lock);
	if ((unsigned int)fd < files->max_fds)
		file = files->fd[fd];
	spin_unlock(&files->file_lock);
	return file;
}

struct file *fdget(int fd)
{
	struct file *file = fdget_raw(fd);

	return file && !(file->f_mode & FMODE_PATH) ? file : NULL;
}

struct file *fget(int fd)
{
	struct files_struct *files = current->files;
	struct file *file = NULL;

	if (!files || fd < 0)
		return NULL;
	spin_lock(&files->file_lock);
	if ((unsigned int)fd < files->max_fds && files->fd[fd] &&
	    !(files->fd[fd]->f_mode & FMODE_PATH)) {
		file = files->fd[fd];
		get_file(file);
	}
	spin_unlock(&files->file_lock);
	return file;
}

/* ------------------------------------- the task's files through its life */

int copy_files(struct task_struct *child, struct task_struct *parent, bool share)
{
	struct files_struct *files = parent->files;

	if (files && share)
		__atomic_add_fetch(&files->count, 1, __ATOMIC_RELAXED);
	else if (files)
		files = dup_fd(files);
	if (parent->files && !files)
		return -ENOMEM;
	child->files = files;
	memcpy(child->exe_path, parent->exe_path, sizeof(child->exe_path));
	return 0;
}

void exit_files(struct task_struct *task)
{
	struct files_struct *files = task->files;

	task_lock(task);	/* against task_fd_apply */
	task->files = NULL;
	task_unlock(task);
	if (files)
		put_files_struct(files);
}

int task_fd_apply(struct task_struct *task, unsigned int fd,
		  int (*fn)(struct file *file, bool cloexec, void *arg), void *arg)
{
	struct files_struct *files;
	int err = -ENOENT;

	task_lock(task);
	files = task->files;
	if (files) {
		spin_lock(&files->file_lock);
		if (fd < files->max_fds && files->fd[fd])
			err = fn(files->fd[fd], get_close_on_exec(files, fd), arg);
		spin_unlock(&files->file_lock);
	}
	task_unlock(task);
	return err;
}

int task_open_fds(struct task_struct *task, int *fds, int max)
{
	struct files_struct *files;
	unsigned int fd;
	int n = 0;

	task_lock(task);
	files = task->files;
	if (files) {
		spin_lock(&files->file_lock);
		for (fd = 0; fd < files->max_fds && n < max; fd++)
			if (files->fd[fd])
				fds[n++] = (int)fd;
		spin_unlock(&files->file_lock);
	}
	task_unlock(task);
	return n;
}

int unshare_files(struct task_struct *task)
{
	struct files_struct *files = task->files, *copy;

	if (!files || READ_ONCE(files->count) == 1)
		return 0;
	copy = dup_fd(files);
	if (!copy)
		return -ENOMEM;
	task_lock(task);
	task->files = copy;
	task_unlock(task);
	put_files_struct(files);
	return 0;
}

void init_files(struct task_struct *task)
{
	struct file *console;
	int fd;

	if (task->files)
		return;
	if (init_fs_struct(task))
		return;
	task->files = files_alloc();
	if (!task->files)
		return;
	console = vfs_open_at(AT_FDCWD, "/dev/console", O_RDWR, 0);
	if (IS_ERR(console))
		return;	/* no console device: the program runs without 0, 1, 2 */
	for (fd = 0; fd < 3; fd++) {
		if (fd)
			get_file(console);
		fd_install_from(task->files, fd, console, false);
	}
}
