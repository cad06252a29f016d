/*
 * Per-process descriptor tables (see kernel/fdtable.h), and the working
 * directory and umask that travel with them through fork and exit.
 * A table is two kmalloc'd arrays, the files and the close-on-exec bits,
 * grown together by doubling when a descriptor past the end is wanted.
 */
#include <kernel/fdtable.h>
#include <kernel/fs.h>
#include <kernel/sched.h>
#include <kernel/errno.h>
#include <kernel/string.h>
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

/* Room for descriptor fd: 0, -EMFILE past the limit, -ENOMEM. */
static int expand_files(struct files_struct *files, unsigned int fd)
{
	unsigned int want = files->max_fds;
	struct file **fds;
	unsigned long *bits;

	if (fd < files->max_fds)
		return 0;
	if (fd >= NR_OPEN_MAX)
		return -EMFILE;
	while (want <= fd)
		want *= 2;
	fds = kcalloc(want, sizeof(*fds), GFP_KERNEL);
	bits = kcalloc(want / BITS_PER_LONG, sizeof(long), GFP_KERNEL);
	if (!fds || !bits) {
		kfree(fds);
		kfree(bits);
		return -ENOMEM;
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

struct files_struct *dup_fd(struct files_struct *old)
{
	struct files_struct *files = alloc_table(old->max_fds);
	unsigned int i;

	if (!files)
		return NULL;
	for (i = 0; i < old->max_fds; i++) {
		files->fd[i] = old->fd[i];
		if (files->fd[i])
			get_file(files->fd[i]);
	}
	memcpy(files->close_on_exec, old->close_on_exec,
	       old->max_fds / BITS_PER_LONG * sizeof(long));
	return files;
}

bool get_close_on_exec(struct files_struct *files, unsigned int fd)
{
	return (files->close_on_exec[fd / BITS_PER_LONG] >> (fd % BITS_PER_LONG)) & 1;
}

void set_close_on_exec(struct files_struct *files, unsigned int fd, bool on)
{
	unsigned long bit = 1UL << (fd % BITS_PER_LONG);

	if (on)
		files->close_on_exec[fd / BITS_PER_LONG] |= bit;
	else
		files->close_on_exec[fd / BITS_PER_LONG] &= ~bit;
}

int close_fd(struct files_struct *files, unsigned int fd)
{
	struct file *file;

	if (fd >= files->max_fds || !files->fd[fd])
		return -EBADF;
	file = files->fd[fd];
	files->fd[fd] = NULL;
	set_close_on_exec(files, fd, false);
	fput(file);
	return 0;
}

void put_files_struct(struct files_struct *files)
{
	unsigned int fd;

	for (fd = 0; fd < files->max_fds; fd++)
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
	unsigned int fd = start;
	int err;

	while (fd < files->max_fds && files->fd[fd])
		fd++;
	err = expand_files(files, fd);
	if (err)
		return err;
	files->fd[fd] = file;
	set_close_on_exec(files, fd, cloexec);
	return fd;
}

int replace_fd(struct files_struct *files, unsigned int fd, struct file *file, bool cloexec)
{
	int err = expand_files(files, fd);

	if (err)
		return err == -EMFILE ? -EBADF : err;
	if (files->fd[fd])
		close_fd(files, fd);
	files->fd[fd] = file;
	set_close_on_exec(files, fd, cloexec);
	return fd;
}

struct file *fdget(int fd)
{
	struct files_struct *files = current->files;

	if (!files || fd < 0 || (unsigned int)fd >= files->max_fds)
		return NULL;
	return files->fd[fd];
}

/* ------------------------------------- the task's files through its life */

static void set_cwd(struct task_struct *task, struct inode *dir)
{
	struct inode *old = task->cwd;

	if (dir)
		vfs_iget(dir);
	task->cwd = dir;
	if (old)
		vfs_iput(old);
}

int copy_files(struct task_struct *child, struct task_struct *parent)
{
	if (parent->files) {
		child->files = dup_fd(parent->files);
		if (!child->files)
			return -ENOMEM;
	}
	set_cwd(child, parent->cwd);
	child->umask = parent->umask;
	memcpy(child->exe_path, parent->exe_path, sizeof(child->exe_path));
	return 0;
}

void exit_files(struct task_struct *task)
{
	struct files_struct *files = task->files;

	task->files = NULL;
	if (files)
		put_files_struct(files);
	set_cwd(task, NULL);
}

void init_files(struct task_struct *task)
{
	struct file *console;
	int fd;

	if (task->files)
		return;
	task->umask = 022;
	set_cwd(task, ramfs_root());
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
