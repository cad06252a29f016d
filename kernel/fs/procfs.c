/*
 * The /proc tree on ramfs (see kernel/fs/procfs.h). /proc is a ramfs
 * directory with hooks (struct inode_operations): before a name is
 * looked up in it, the entry for that pid is made or dropped to match
 * the live processes, and before it is listed every pid entry is; "self"
 * and "thread-self" are symlinks whose target is computed for whoever
 * follows them. /proc/<pid>/task/ is kept in step with the process's
 * threads the same way (kernel/fs/proc_pid.c). A thread's entries go
 * when it leaves its address space (proc_flush_pid, from the exit path)
 * rather than wait for its pid to be looked up again. Names
 * in /proc and below cannot be created or removed by path (ramfs refuses
 * in directories with hooks). Only user processes (with an address
 * space) have a directory.
 *
 * A /proc file's text is made at open into a kmalloc'd buffer (doubled
 * until it fits) and read from there: the file is a snapshot, and its
 * size is 0 for stat, as on Linux.
 */
#include <kernel/fs/procfs.h>
#include <kernel/fs/mount.h>
#include <kernel/sched.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>
#include <kernel/printk.h>
#include <kernel/uaccess.h>
#include <kernel/ipc/shm.h>
#include <kernel/block/blkdev.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include <mm/swap.h>

#define PROC_TEXT_START 16384
#define PROC_TEXT_MAX (1024 * 1024)
#define PID_LEN 12
#define THREAD_SELF_LEN (2 * PID_LEN + 6)
#define MAX_LISTED_PIDS 1024

static struct inode *proc_root;	/* /proc, for proc_flush_pid */

struct proc_text {
	size_t len;
	char data[];
};

/* ------------------------------------------------------ text files */

int proc_open_text(struct file *file, proc_show_t show, long id)
{
	size_t size = PROC_TEXT_START;
	struct proc_text *text;
	struct seq_buf m;
	int err;

	for (;;) {
		text = kmalloc(sizeof(*text) + size, GFP_KERNEL);
		if (!text)
			return -ENOMEM;
		seq_buf_init(&m, text->data, size);
		err = show(&m, id);
		if (err || !m.overflowed || size >= PROC_TEXT_MAX)
			break;
		kfree(text);
		size *= 2;
	}
	if (err) {
		kfree(text);
		return err;
	}
	text->len = m.len;
	file->private_data = text;
	return 0;
}

long proc_text_read(struct file *file, unsigned long buf, size_t len, loff_t *pos)
{
	struct proc_text *text = file->private_data;
	size_t n;

	if (*pos >= (loff_t)text->len)
		return 0;
	n = MIN(len, text->len - (size_t)*pos);
	if (copy_to_user(buf, text->data + *pos, n))
		return -EFAULT;
	*pos += n;
	return (long)n;
}

loff_t proc_text_llseek(struct file *file, loff_t offset, int whence)
{
	struct proc_text *text = file->private_data;

	return generic_file_llseek(file, offset, whence, (loff_t)text->len);
}

void proc_text_release(struct file *file)
{
	kfree(file->private_data);
}

/* ------------------------------------------------ kernel-wide files */

struct proc_entry {
	const char *name;
	void (*show)(struct seq_buf *m);
};

static const struct proc_entry proc_entries[] = {
	{ "meminfo", meminfo_show },
	{ "buddyinfo", buddyinfo_show },
	{ "slabinfo", slabinfo_show },
	{ "vmallocinfo", vmallocinfo_show },
	{ "vmstat", vmstat_show },
	{ "uptime", uptime_show },
	{ "loadavg", loadavg_show },
	{ "version", version_show },
	{ "cpuinfo", cpuinfo_show },
	{ "stat", stat_show },
	{ "filesystems", filesystems_show },
	{ "devices", devices_show },
	{ "partitions", partitions_show },
	{ "swaps", swaps_show },
	{ "sysvipc/shm", sysvipc_shm_show },
};

static int show_entry(struct seq_buf *m, long index)
{
	proc_entries[index].show(m);
	return 0;
}

static int proc_entry_open(struct inode *inode, struct file *file)
{
	return proc_open_text(file, show_entry, (long)inode->i_private);
}

static const struct file_operations proc_entry_fops = {
	.open = proc_entry_open,
	.read = proc_text_read,
	.llseek = proc_text_llseek,
	.release = proc_text_release,
};

/* ------------------------------------------------------ /proc/self */

/* The process's directory, also from a thread (as Linux's). */
static int self_get_link(struct inode *link)
{
	snprintf(link->i_link, PID_LEN, "%d", current->tgid);
	link->i_size = strlen(link->i_link);
	return 0;
}

static const struct inode_operations proc_self_iops = {
	.get_link = self_get_link,
};

/* /proc/thread-self: the running thread's directory under its process's task/. */
static int thread_self_get_link(struct inode *link)
{
	snprintf(link->i_link, THREAD_SELF_LEN, "%d/task/%d", current->tgid, current->pid);
	link->i_size = strlen(link->i_link);
	return 0;
}

static const struct inode_operations proc_thread_self_iops = {
	.get_link = thread_self_get_link,
};

/* -------------------------------------------- the pid directories */

/* A decimal number without leading zeros ("0" itself is one: descriptor 0), or -1. */
static int parse_pid(const char *name, unsigned int len)
{
	int pid = 0;
	unsigned int i;

	if (len == 0 || len >= PID_LEN - 1 || (name[0] == '0' && len > 1))
		return -1;
	for (i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		pid = pid * 10 + (name[i] - '0');
	}
	return pid;
}

static bool is_user_process(struct inode *proc __unused, int pid)
{
	struct task_struct *task = find_get_task_by_pid(pid);
	bool alive = task && task->mm && task->state != TASK_ZOMBIE;

	if (task)
		put_task_struct(task);
	return alive;
}

/* No hooks: only marks the directory as the kernel's (see ramfs.h). */
static const struct inode_operations proc_pid_dir_iops;

static void make_pid_dir(struct inode *proc, int pid)
{
	char name[PID_LEN];
	struct inode *dir;

	snprintf(name, sizeof(name), "%d", pid);
	dir = ramfs_add_child(proc, name, S_IFDIR | 0555);
	if (!dir)
		return;
	dir->i_op = &proc_pid_dir_iops;
	if (proc_pid_fill(dir, pid))
		ramfs_remove_tree(proc, name);
}

void proc_sync_one(struct inode *dir, const char *name, unsigned int len,
		   bool (*alive)(struct inode *dir, int id),
		   void (*make)(struct inode *dir, int id))
{
	int id = parse_pid(name, len);
	char buf[PID_LEN];
	bool live;

	if (id < 0)
		return;
	snprintf(buf, sizeof(buf), "%d", id);
	live = alive(dir, id);
	if (live && !ramfs_find_child(dir, buf))
		make(dir, id);
	else if (!live)
		ramfs_remove_tree(dir, buf);
}

static bool listed(const int *ids, int n, int id)
{
	int i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

void proc_sync_all(struct inode *dir, const int *ids, int n,
		   void (*make)(struct inode *dir, int id))
{
	struct ramfs_dirent *d, *next;
	char name[PID_LEN];
	int i;

	list_for_each_entry_safe(d, next, &dir->entries, list) {
		int id = parse_pid(d->name, d->namelen);

		if (id >= 0 && !listed(ids, n, id)) {
			snprintf(name, sizeof(name), "%d", id);
			ramfs_remove_tree(dir, name);
		}
	}
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%d", ids[i]);
		if (!ramfs_find_child(dir, name))
			make(dir, ids[i]);
	}
}

/* A thread's directory is there when looked up by its tid, but only processes are listed. */
static void proc_revalidate(struct inode *proc, const char *name, unsigned int len)
{
	char buf[PID_LEN];
	struct inode *dir;
	int pid;

	proc_sync_one(proc, name, len, is_user_process, make_pid_dir);
	pid = parse_pid(name, len);
	if (pid <= 0)
		return;
	snprintf(buf, sizeof(buf), "%d", pid);
	dir = ramfs_find_child(proc, buf);
	if (dir)
		proc_pid_set_owner(dir, pid);
}

static void proc_revalidate_all(struct inode *proc)
{
	static int pids[MAX_LISTED_PIDS];	/* vfs_lock serialises its users */

	proc_sync_all(proc, pids, user_pids(pids, MAX_LISTED_PIDS), make_pid_dir);
}

static const struct inode_operations proc_root_iops = {
	.revalidate = proc_revalidate,
	.revalidate_all = proc_revalidate_all,
};

/*
 * Lookups only make entries and drop those of the pids they ask about, so
 * without this a process's entries would stay after it ended until
 * someone looked up its pid again or listed /proc. What is held (an open
 * file, a working directory) lives on without a name until let go.
 */
void proc_flush_pid(int tgid, int pid)
{
	char name[PID_LEN], leader[PID_LEN];
	struct inode *dir;

	snprintf(name, sizeof(name), "%d", pid);
	snprintf(leader, sizeof(leader), "%d", tgid);
	spin_lock(&vfs_lock);
	if (proc_root) {
		ramfs_remove_tree(proc_root, name);
		dir = ramfs_find_child(proc_root, leader);
		dir = dir ? ramfs_find_child(dir, "task") : NULL;
		if (dir)
			ramfs_remove_tree(dir, name);
	}
	spin_unlock(&vfs_lock);
}

/* ------------------------------------------------------------ setup */

/* No hooks: only marks a directory as the kernel's (see ramfs.h). */
static const struct inode_operations proc_dir_iops;

void proc_mark_kernel_dir(struct inode *dir)
{
	dir->i_op = &proc_dir_iops;
}

struct inode *proc_mkdir(struct inode *dir, const char *name, umode_t mode)
{
	struct inode *sub = ramfs_find_child(dir, name);

	if (!sub) {
		sub = ramfs_add_child(dir, name, S_IFDIR | mode);
		if (sub)
			proc_mark_kernel_dir(sub);
	}
	return sub;
}

struct inode *proc_create(struct inode *dir, const char *path, umode_t mode,
			  const struct file_operations *fops, long id)
{
	char name[NAME_MAX + 1];
	const char *slash;
	struct inode *inode;

	while (dir && (slash = strchr(path, '/'))) {
		strscpy(name, path, MIN((size_t)(slash - path + 1), sizeof(name)));
		dir = proc_mkdir(dir, name, 0555);
		path = slash + 1;
	}
	inode = dir ? ramfs_add_child(dir, path, mode) : NULL;
	if (inode) {
		inode->i_fop = fops;
		inode->i_private = (void *)(long)id;
	}
	return inode;
}

static void add_self_link(struct inode *proc, const char *name,
			  const struct inode_operations *iops, size_t len)
{
	struct inode *inode = ramfs_add_child(proc, name, S_IFLNK | 0777);

	if (!inode)
		return;
	inode->i_link = kzalloc(len, GFP_KERNEL);
	inode->i_op = iops;
	if (!inode->i_link)
		ramfs_remove_tree(proc, name);
}

void proc_init(void)
{
	struct inode *root = ramfs_root(), *proc;
	unsigned int i;
	int err = ramfs_mkdir(root, "/proc", 0555);

	if (err && err != -EEXIST)
		goto fail;
	err = ramfs_lookup(root, "/proc", LOOKUP_DIRECTORY, &proc);
	if (err)
		goto fail;
	proc_super_adopt(proc);
	for (i = 0; i < ARRAY_SIZE(proc_entries); i++)
		proc_create(proc, proc_entries[i].name, S_IFREG | 0444, &proc_entry_fops, (int)i);
	add_self_link(proc, "self", &proc_self_iops, PID_LEN);
	add_self_link(proc, "thread-self", &proc_thread_self_iops, THREAD_SELF_LEN);
	/* Linux's /proc/mounts: the reader's own view. */
	ramfs_symlink("self/mounts", proc, "mounts");
	proc_sys_init(proc);
	proc_fault_init(proc);
	proc->i_op = &proc_root_iops;
	proc_root = proc;
	return;
fail:
	pr_warn("proc: cannot make /proc (error %d)\n", err);
}
