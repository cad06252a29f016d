/*
 * /proc/<pid>/: maps, stat, status and the exe symlink of one process, and
 * task/<tid>/{stat,status} for each of its threads.
 *
 * maps is read as Linux does: with a user reference to the address space
 * (get_task_mm) and its mmap_lock held for reading, so the VMAs stay put
 * while any thread of the process runs. A task's stat and status text is
 * generated with the scheduler's lock held (for_each_task) and only while
 * it is off every CPU, which the lock keeps it. A task that is running is
 * retried after a yield. The running task reads its own without any of
 * that. The address space's counters may still move under the text while
 * another thread of the process runs: they are read once.
 */
#include <kernel/fs/procfs.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/cred.h>
#include <kernel/fs/fs_struct.h>
#include <kernel/syscalls.h>
#include <kernel/time.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>
#include <kernel/printk.h>
#include <mm/vma.h>
#include <mm/mmap_lock.h>
#include <mm/slab.h>

#define QUIET_TRIES 1000
#define QUIET_SLEEPS 50	/* then ticks: a loaded machine may keep it on its CPU a while */
#define EXIT_SIGNAL SIGCHLD

struct quiet_call {
	int pid;
	int (*fn)(struct task_struct *task, struct seq_buf *m);
	struct seq_buf *m;
	int result;		/* -ENOENT until found, -EBUSY while it runs */
};

static void call_if_quiet(struct task_struct *task, void *arg)
{
	struct quiet_call *call = arg;

	if (task->pid != call->pid || call->result != -ENOENT)
		return;
	if (task != current && task->on_cpu >= 0)
		call->result = -EBUSY;
	else if (!task->mm || task->state == TASK_ZOMBIE)
		call->result = -ENOENT;
	else
		call->result = call->fn(task, call->m);
}

/* fn(task of pid, m) while the task cannot change; 0, or -ENOENT if it is gone. */
static int with_quiet_task(int pid, int (*fn)(struct task_struct *, struct seq_buf *),
			   struct seq_buf *m)
{
	struct quiet_call call = { .pid = pid, .fn = fn, .m = m };
	size_t start = m->len;
	int tries;

	for (tries = 0; tries < QUIET_TRIES + QUIET_SLEEPS; tries++) {
		call.result = -ENOENT;
		m->len = start;
		for_each_task(call_if_quiet, &call);
		if (call.result != -EBUSY)
			return call.result;
		if (tries < QUIET_TRIES)
			schedule();
		else
			msleep(1);
	}
	return -EBUSY;
}

/* --------------------------------------------------------------- maps */

/* Another user's map would show where its secrets are: Linux's ptrace check guards it. */
static int show_maps(struct seq_buf *m, int pid)
{
	struct task_struct *task = find_get_task_by_pid(pid);
	struct mm_struct *mm = NULL;
	bool allowed = task && ptrace_may_access(task);

	if (allowed && task->state != TASK_ZOMBIE)
		mm = get_task_mm(task);
	if (task)
		put_task_struct(task);
	if (task && !allowed)
		return -EACCES;
	if (!mm)
		return -ENOENT;
	mmap_read_lock(mm);
	show_map(m, mm);
	mmap_read_unlock(mm);
	mmput(mm);
	return 0;
}

/* --------------------------------------------------------- stat, status */

static char state_char(const struct task_struct *task)
{
	switch (task->state) {
	case TASK_RUNNING:
		return 'R';
	case TASK_INTERRUPTIBLE:
		return task->jobctl & JOBCTL_STOPPED ? 'T' : 'S';
	case TASK_ZOMBIE:
		return 'Z';
	default:
		return 'X';
	}
}

static const char *state_name(char state)
{
	return state == 'R' ? "running" : state == 'S' ? "sleeping" :
	       state == 'T' ? "stopped" : state == 'Z' ? "zombie" : "dead";
}

static u64 handler_mask(const struct task_struct *task, bool ignored)
{
	u64 mask = 0;
	int sig;

	for (sig = 1; sig <= NSIG; sig++) {
		unsigned long h = task->sighand->action[sig - 1].handler;

		if (ignored ? h == SIG_IGN : h > SIG_IGN)
			mask |= sigmask(sig);
	}
	return mask;
}

/* Linux's 52 fields, in its order; what tkern does not keep is 0. */
static int task_stat(struct task_struct *task, struct seq_buf *m)
{
	struct mm_struct *mm = task->mm;
	int ppid = task->parent ? task->parent->tgid : 0;

	seq_buf_printf(m, "%d (%s) %c %d %d %d 0 -1 0 %lu 0 %lu 0 %lu 0 0 0 20 0 %d 0 0 %lu %ld ",
		       task->pid, task->comm, state_char(task), ppid, task->signal->pgrp,
		       task->signal->session, mm->min_flt, mm->maj_flt, task->ticks,
		       READ_ONCE(task->signal->nr_threads), mm->total_vm << PAGE_SHIFT,
		       atomic_long_read(&mm->rss));
	seq_buf_printf(m, "%lu %lu %lu %lu 0 0 %llu %llu %llu %llu 0 0 0 %d %d 0 0 0 0 0 ",
		       RLIM_INFINITY, mm->start_code, mm->end_code, mm->start_stack,
		       (unsigned long long)task->sig_pending.signal,
		       (unsigned long long)task->sig_blocked,
		       (unsigned long long)handler_mask(task, true),
		       (unsigned long long)handler_mask(task, false), EXIT_SIGNAL,
		       task->on_cpu >= 0 ? task->on_cpu : 0);
	seq_buf_printf(m, "%lu %lu %lu 0 0 0 0 0\n", mm->start_data, mm->end_data,
		       mm->start_brk);
	return 0;
}

static int show_stat(struct seq_buf *m, int pid)
{
	return with_quiet_task(pid, task_stat, m);
}

/* The Uid:, Gid: (real, effective, saved, fs) and Groups: lines, as Linux prints them. */
static void show_cred(struct seq_buf *m, const struct cred *cred)
{
	int i;

	seq_buf_printf(m, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nGroups:\t",
		       cred->uid, cred->euid, cred->suid, cred->fsuid, cred->gid, cred->egid,
		       cred->sgid, cred->fsgid);
	for (i = 0; i < cred->ngroups; i++)
		seq_buf_printf(m, i ? " %u" : "%u", cred->groups[i]);
	seq_buf_printf(m, " \n");	/* Linux's trailing space, even with no groups */
}

static int task_status(struct task_struct *task, struct seq_buf *m)
{
	struct mm_struct *mm = task->mm;
	char state = state_char(task);

	seq_buf_printf(m, "Name:\t%s\nUmask:\t%04o\nState:\t%c (%s)\nTgid:\t%d\nPid:\t%d\n"
		       "PPid:\t%d\n",
		       task->comm, task->fs ? task->fs->umask : 0, state, state_name(state),
		       task->tgid, task->pid, task->parent ? task->parent->tgid : 0);
	show_cred(m, &task->cred);
	seq_buf_printf(m, "VmSize:\t%8lu kB\nVmRSS:\t%8lu kB\nVmData:\t%8lu kB\n"
		       "Threads:\t%d\nSigPnd:\t%016llx\nSigBlk:\t%016llx\n",
		       mm->total_vm * (PAGE_SIZE / 1024),
		       atomic_long_read(&mm->rss) * (PAGE_SIZE / 1024),
		       (mm->brk - mm->start_brk) / 1024, READ_ONCE(task->signal->nr_threads),
		       (unsigned long long)task->sig_pending.signal,
		       (unsigned long long)task->sig_blocked);
	return 0;
}

static int show_status(struct seq_buf *m, int pid)
{
	return with_quiet_task(pid, task_status, m);
}

/* ------------------------------------------------------------ the files */

static int pid_of(struct inode *inode)
{
	return (int)(long)inode->i_private;
}

static int maps_open(struct inode *inode, struct file *file)
{
	return proc_open_text(file, show_maps, pid_of(inode));
}

static int stat_open(struct inode *inode, struct file *file)
{
	return proc_open_text(file, show_stat, pid_of(inode));
}

static int status_open(struct inode *inode, struct file *file)
{
	return proc_open_text(file, show_status, pid_of(inode));
}

static const struct file_operations maps_fops = {
	.open = maps_open, .read = proc_text_read, .llseek = proc_text_llseek,
	.release = proc_text_release,
};

static const struct file_operations stat_fops = {
	.open = stat_open, .read = proc_text_read, .llseek = proc_text_llseek,
	.release = proc_text_release,
};

static const struct file_operations status_fops = {
	.open = status_open, .read = proc_text_read, .llseek = proc_text_llseek,
	.release = proc_text_release,
};

/* ------------------------------------------------------------------ exe */

/* Only the task itself changes exe_path (at exec): no need to wait for it to stop. */
int proc_pid_exe(int pid, char *buf, size_t size)
{
	struct task_struct *task = find_get_task_by_pid(pid);

	if (!task)
		return -ENOENT;
	strscpy(buf, task->exe_path, size);
	put_task_struct(task);
	return 0;
}

static int exe_get_link(struct inode *link)
{
	int err = proc_pid_exe(pid_of(link), link->i_link, EXE_PATH_LEN);

	link->i_size = err ? 0 : strlen(link->i_link);
	return err;
}

static const struct inode_operations exe_iops = {
	.get_link = exe_get_link,
};

/* Text files in dir for task id, from the table; 0 or -ENOMEM. */
struct proc_file {
	const char *name;
	const struct file_operations *fops;
};

static int add_files(struct inode *dir, int id, const struct proc_file *files, unsigned int n)
{
	struct inode *inode;
	unsigned int i;

	for (i = 0; i < n; i++) {
		inode = ramfs_add_child(dir, files[i].name, S_IFREG | 0444);
		if (!inode)
			return -ENOMEM;
		inode->i_fop = files[i].fops;
		inode->i_private = (void *)(long)id;
	}
	return 0;
}

/* ----------------------------------------------------------------- task/ */

#define MAX_LISTED_TIDS 1024

/* The tids of tgid's live threads, the leader first; how many. */
static int group_tids(int tgid, int *tids, int max)
{
	struct task_struct *leader = find_get_task_by_pid(tgid), *t;
	int n = 0;

	if (!leader)
		return 0;
	spin_lock(&tasklist_lock);
	if (thread_group_leader(leader)) {
		if (leader->mm && n < max)
			tids[n++] = leader->pid;
		for_each_other_thread(leader, t)
			if (n < max)
				tids[n++] = t->pid;
	}
	spin_unlock(&tasklist_lock);
	put_task_struct(leader);
	return n;
}

static bool thread_alive(struct inode *task_dir, int tid)
{
	struct task_struct *task = find_get_task_by_pid(tid);
	bool alive = task && task->mm && task->tgid == (int)(long)task_dir->i_private;

	if (task)
		put_task_struct(task);
	return alive;
}

static const struct inode_operations proc_tid_dir_iops;

static void make_tid_dir(struct inode *task_dir, int tid)
{
	static const struct proc_file files[] = {
		{ "stat", &stat_fops }, { "status", &status_fops },
	};
	char name[16];
	struct inode *dir;

	snprintf(name, sizeof(name), "%d", tid);
	dir = ramfs_add_child(task_dir, name, S_IFDIR | 0555);
	if (!dir)
		return;
	dir->i_op = &proc_tid_dir_iops;
	dir->i_private = (void *)(long)tid;
	if (add_files(dir, tid, files, ARRAY_SIZE(files)))
		ramfs_remove_tree(task_dir, name);
}

static void task_revalidate(struct inode *dir, const char *name, unsigned int len)
{
	proc_sync_one(dir, name, len, thread_alive, make_tid_dir);
}

static void task_revalidate_all(struct inode *dir)
{
	static int tids[MAX_LISTED_TIDS];	/* vfs_lock serialises its users */

	proc_sync_all(dir, tids, group_tids((int)(long)dir->i_private, tids, MAX_LISTED_TIDS),
		      make_tid_dir);
}

static const struct inode_operations proc_task_dir_iops = {
	.revalidate = task_revalidate,
	.revalidate_all = task_revalidate_all,
};

int proc_pid_fill(struct inode *dir, int pid)
{
	static const struct proc_file files[] = {
		{ "maps", &maps_fops }, { "stat", &stat_fops }, { "status", &status_fops },
	};
	struct inode *inode;

	dir->i_private = (void *)(long)pid;
	if (add_files(dir, pid, files, ARRAY_SIZE(files)))
		return -ENOMEM;
	inode = ramfs_add_child(dir, "task", S_IFDIR | 0555);
	if (!inode)
		return -ENOMEM;
	inode->i_op = &proc_task_dir_iops;
	inode->i_private = (void *)(long)pid;
	inode = ramfs_add_child(dir, "exe", S_IFLNK | 0777);
	if (!inode)
		return -ENOMEM;
	inode->i_link = kzalloc(EXE_PATH_LEN, GFP_KERNEL);
	inode->i_op = &exe_iops;
	inode->i_private = (void *)(long)pid;
	return inode->i_link ? 0 : -ENOMEM;
}
