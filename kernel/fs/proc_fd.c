/*
 * /proc/<pid>/fd, fdinfo, cwd and root. fd/ holds a symlink per open
 * descriptor whose target is what the descriptor is open on: the path it
 * was opened by (with " (deleted)" once the file has no name left), a
 * directory's path, or "pipe:[ino]"; following one leads to the
 * descriptor's inode itself (follow_inode), so opening /proc/self/fd/N or
 * /dev/stdin gives a new open file on the same file, deleted or not, as
 * Linux's magic links do. fdinfo/N has
 * Linux's pos, flags (octal, O_CLOEXEC included), mnt_id and ino lines.
 * Both directories follow the descriptor table through the hooks /proc
 * uses for pid directories (proc_sync_one, proc_sync_all); the table is
 * read under the task's lock and its own (task_fd_apply), never by
 * holding a file, so nothing is released under vfs_lock.
 *
 * Only the process's owner and root may look (Linux's ptrace check):
 * others get -EACCES.
 */
#include <kernel/fs/procfs.h>
#include <kernel/fs/fdtable.h>
#include <kernel/fs/fs_struct.h>
#include <kernel/fs/mount.h>
#include <kernel/sched.h>
#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/lib/string.h>
#include <mm/slab.h>

#define MAX_LISTED_FDS 4096	/* Linux's default hard RLIMIT_NOFILE */
#define FD_NAME_LEN 12

/* A fd/ or fdinfo/ entry's i_private: the pid and the descriptor. */
static long fd_key(int pid, int fd)
{
	return (long)(((unsigned long)pid << 32) | (unsigned int)fd);
}

static int key_pid(long key)
{
	return (int)((unsigned long)key >> 32);
}

static unsigned int key_fd(long key)
{
	return (unsigned int)((unsigned long)key & 0xffffffffUL);
}

static long inode_key(const struct inode *inode)
{
	return (long)inode->i_private;
}

/* The task of pid with a reference, when the reader may look at it. */
static struct task_struct *get_visible_task(int pid, int *err)
{
	struct task_struct *task = find_get_task_by_pid(pid);

	*err = 0;
	if (!task || !task->mm) {
		*err = -ENOENT;
	} else if (!ptrace_may_access(task)) {
		*err = -EACCES;
	}
	if (*err && task) {
		put_task_struct(task);
		task = NULL;
	}
	return task;
}

/* ---------------------------------------------------------------- links */

struct link_target {
	char *buf;
	size_t size;
};

/* What the descriptor's link names; vfs_lock held (a directory's path is built). */
static int file_target(struct file *file, bool cloexec __unused, void *arg)
{
	struct link_target *t = arg;
	struct inode *inode = file->f_inode;

	if ((inode->i_mode & S_IFMT) == S_IFIFO)
		snprintf(t->buf, t->size, "pipe:[%lu]", inode->i_ino);
	else if (S_ISDIR(inode->i_mode))
		return build_dir_path(inode, t->buf, t->size) < 0 ? -ENOENT : 0;
	else
		snprintf(t->buf, t->size, "%s%s", file->f_path ? file->f_path : "",
			 inode->i_nlink ? "" : " (deleted)");
	return 0;
}

/* Put a computed target into the link inode (vfs_lock held). */
static int set_link(struct inode *link, const char *target)
{
	size_t len = strlen(target);
	char *copy = kmalloc(len + 1, GFP_KERNEL);

	if (!copy)
		return -ENOMEM;
	memcpy(copy, target, len + 1);
	kfree(link->i_link);
	link->i_link = copy;
	link->i_size = (loff_t)len;
	return 0;
}

static int fd_get_link(struct inode *link)
{
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);
	struct link_target t = { buf, PATH_MAX };
	struct task_struct *task;
	int err = -ENOMEM;

	if (buf) {
		task = get_visible_task(key_pid(inode_key(link)), &err);
		if (task) {
			err = task_fd_apply(task, key_fd(inode_key(link)), file_target, &t);
			put_task_struct(task);
		}
		if (!err)
			err = set_link(link, buf);
	}
	kfree(buf);
	return err;
}

static int file_inode_of(struct file *file, bool cloexec __unused, void *arg)
{
	*(struct inode **)arg = file->f_inode;
	return 0;
}

/*
 * The descriptor's inode itself; vfs_lock held, which keeps it alive
 * until the caller holds it, even if the descriptor is closed meanwhile.
 */
static int fd_follow_inode(struct inode *link, struct inode **result)
{
	struct task_struct *task;
	int err;

	task = get_visible_task(key_pid(inode_key(link)), &err);
	if (!task)
		return err;
	err = task_fd_apply(task, key_fd(inode_key(link)), file_inode_of, result);
	put_task_struct(task);
	return err;
}

static const struct inode_operations fd_link_iops = {
	.get_link = fd_get_link,
	.follow_inode = fd_follow_inode,
};

static int cwd_get_link(struct inode *link)
{
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);
	struct task_struct *task;
	int err = -ENOMEM;

	if (buf) {
		task = get_visible_task(inode_key(link), &err);
		if (task) {
			err = task_cwd_path(task, buf, PATH_MAX);
			put_task_struct(task);
		}
		if (err >= 0)
			err = set_link(link, buf);
	}
	kfree(buf);
	return err;
}

static int cwd_follow_inode(struct inode *link, struct inode **result)
{
	struct task_struct *task;
	int err;

	task = get_visible_task(inode_key(link), &err);
	if (!task)
		return err;
	err = task_cwd_inode(task, result);
	put_task_struct(task);
	return err;
}

static const struct inode_operations cwd_link_iops = {
	.get_link = cwd_get_link,
	.follow_inode = cwd_follow_inode,
};

/* ---------------------------------------------------------------- fdinfo */

static int show_one_fdinfo(struct file *file, bool cloexec, void *arg)
{
	const struct vfsmount *mnt = inode_mount(file->f_inode);

	seq_buf_printf(arg, "pos:\t%lld\nflags:\t0%o\nmnt_id:\t%d\nino:\t%lu\n",
		       (long long)file->f_pos, file->f_flags | (cloexec ? O_CLOEXEC : 0),
		       mnt ? mnt->mnt_id : 0, file->f_inode->i_ino);
	return 0;
}

/* key packs the pid and the descriptor (fd_key). */
static int show_fdinfo(struct seq_buf *m, long key)
{
	struct task_struct *task;
	int err;

	task = get_visible_task(key_pid(key), &err);
	if (!task)
		return err;
	spin_lock(&vfs_lock);
	err = task_fd_apply(task, key_fd(key), show_one_fdinfo, m);
	spin_unlock(&vfs_lock);
	put_task_struct(task);
	return err;
}

static int fdinfo_open(struct inode *inode, struct file *file)
{
	return proc_open_text(file, show_fdinfo, inode_key(inode));
}

static const struct file_operations fdinfo_fops = {
	.open = fdinfo_open, .read = proc_text_read, .llseek = proc_text_llseek,
	.release = proc_text_release,
};

/* ------------------------------------------------- fd/ and fdinfo/ */

static int fd_exists(struct file *file __unused, bool cloexec __unused, void *arg __unused)
{
	return 0;
}

/* The directory's i_private is the pid. */
static bool fd_alive(struct inode *dir, int fd)
{
	struct task_struct *task = find_get_task_by_pid((int)(long)dir->i_private);
	bool open = task && task_fd_apply(task, (unsigned int)fd, fd_exists, NULL) == 0;

	if (task)
		put_task_struct(task);
	return open;
}

/* A link for fd/ has the owner's r and w bits of the descriptor's access, and x. */
static int link_mode(struct file *file, bool cloexec __unused, void *arg)
{
	umode_t *mode = arg;

	*mode = S_IFLNK | 0100 | ((file->f_mode & FMODE_READ) ? 0400 : 0) |
		((file->f_mode & FMODE_WRITE) ? 0200 : 0);
	return 0;
}

static void make_fd_link(struct inode *dir, int fd)
{
	int pid = (int)(long)dir->i_private;
	struct task_struct *task = find_get_task_by_pid(pid);
	umode_t mode = S_IFLNK | 0700;
	char name[FD_NAME_LEN];
	struct inode *link;

	if (task) {
		task_fd_apply(task, (unsigned int)fd, link_mode, &mode);
		put_task_struct(task);
	}
	snprintf(name, sizeof(name), "%d", fd);
	link = ramfs_add_child(dir, name, mode);
	if (!link)
		return;
	link->i_op = &fd_link_iops;
	link->i_private = (void *)fd_key(pid, fd);
	link->i_uid = dir->i_uid;
	link->i_gid = dir->i_gid;
	link->i_link = kzalloc(1, GFP_KERNEL);
	if (!link->i_link)
		ramfs_remove_tree(dir, name);
}

static void make_fdinfo_file(struct inode *dir, int fd)
{
	char name[FD_NAME_LEN];
	struct inode *file;

	snprintf(name, sizeof(name), "%d", fd);
	file = proc_create(dir, name, S_IFREG | 0444, &fdinfo_fops,
			   fd_key((int)(long)dir->i_private, fd));
	if (file) {
		file->i_uid = dir->i_uid;
		file->i_gid = dir->i_gid;
	}
}

/* Both directories list exactly the open descriptors. */
static void sync_fds(struct inode *dir, void (*make)(struct inode *dir, int fd))
{
	static int fds[MAX_LISTED_FDS];	/* vfs_lock serialises its users */
	struct task_struct *task = find_get_task_by_pid((int)(long)dir->i_private);
	int n = 0;

	if (task) {
		if (ptrace_may_access(task))
			n = task_open_fds(task, fds, MAX_LISTED_FDS);
		put_task_struct(task);
	}
	proc_sync_all(dir, fds, n, make);
}

static void fd_revalidate(struct inode *dir, const char *name, unsigned int len)
{
	proc_sync_one(dir, name, len, fd_alive, make_fd_link);
}

static void fd_revalidate_all(struct inode *dir)
{
	sync_fds(dir, make_fd_link);
}

static void fdinfo_revalidate(struct inode *dir, const char *name, unsigned int len)
{
	proc_sync_one(dir, name, len, fd_alive, make_fdinfo_file);
}

static void fdinfo_revalidate_all(struct inode *dir)
{
	sync_fds(dir, make_fdinfo_file);
}

static const struct inode_operations fd_dir_iops = {
	.revalidate = fd_revalidate,
	.revalidate_all = fd_revalidate_all,
};

static const struct inode_operations fdinfo_dir_iops = {
	.revalidate = fdinfo_revalidate,
	.revalidate_all = fdinfo_revalidate_all,
};

static struct inode *add_dir(struct inode *dir, const char *name, umode_t mode,
			     const struct inode_operations *iops, int pid)
{
	struct inode *sub = ramfs_add_child(dir, name, S_IFDIR | mode);

	if (sub) {
		sub->i_op = iops;
		sub->i_private = (void *)(long)pid;
	}
	return sub;
}

static struct inode *add_link(struct inode *dir, const char *name, const char *target,
			      const struct inode_operations *iops, int pid)
{
	struct inode *link = ramfs_add_child(dir, name, S_IFLNK | 0777);

	if (!link)
		return NULL;
	link->i_op = iops;
	link->i_private = (void *)(long)pid;
	link->i_link = kmalloc(strlen(target) + 1, GFP_KERNEL);
	if (!link->i_link)
		return NULL;
	strscpy(link->i_link, target, strlen(target) + 1);
	link->i_size = (loff_t)strlen(target);
	return link;
}

int proc_fd_fill(struct inode *dir, int pid)
{
	if (!add_dir(dir, "fd", 0500, &fd_dir_iops, pid) ||
	    !add_dir(dir, "fdinfo", 0555, &fdinfo_dir_iops, pid) ||
	    !add_link(dir, "cwd", "/", &cwd_link_iops, pid) ||
	    !add_link(dir, "root", "/", NULL, pid))
		return -ENOMEM;
	return 0;
}
