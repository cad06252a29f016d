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
#include <kernel/fs/fdtable.h>
#include <kernel/smp.h>
#include <kernel/uaccess.h>
#include <mm/memory.h>
#include <kernel/syscalls.h>
#include <kernel/time.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>
#include <kernel/lib/bitmap.h>
#include <kernel/printk.h>
#include <mm/vma.h>
#include <mm/mmap_lock.h>
#include <mm/slab.h>

#define QUIET_TRIES 1000
#define QUIET_SLEEPS 50	/* then ticks: a loaded machine may keep it on its CPU a while */
#define EXIT_SIGNAL SIGCHLD

typedef int (*quiet_fn)(struct task_struct *task, struct seq_buf *m, const void *arg);

struct quiet_call {
	int pid;
	quiet_fn fn;
	struct seq_buf *m;
	const void *arg;
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
		call->result = call->fn(task, call->m, call->arg);
}

/* fn(task of pid, m, arg) while the task cannot change; 0, or -ENOENT if it is gone. */
static int with_quiet_task(int pid, quiet_fn fn, struct seq_buf *m, const void *arg)
{
	struct quiet_call call = { .pid = pid, .fn = fn, .m = m, .arg = arg };
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
static int show_maps(struct seq_buf *m, long pid)
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

/* What the VMAs and their pages say, in pages, as Linux's counters: read under mmap_lock first. */
struct mm_stats {
	unsigned long data, stack, exec;
	unsigned long file, shmem;	/* present pages of files, of shared anonymous memory */
};

static void count_vmas(struct mm_struct *mm, struct mm_stats *st)
{
	struct vm_area_struct *vma;

	list_for_each_entry(vma, &mm->mmap, vm_list) {
		unsigned long pages = vma_pages(vma);

		if (vma->vm_flags & VM_GROWSDOWN)
			st->stack += pages;
		else if ((vma->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE)
			st->data += pages;
		else if (vma->vm_flags & VM_EXEC)
			st->exec += pages;
		proc_count_shared_pages(vma, &st->file, &st->shmem);
	}
}

/* The stats of pid's address space; -ENOENT when it has none. */
static int get_mm_stats(int pid, struct mm_stats *st)
{
	struct task_struct *task = find_get_task_by_pid(pid);
	struct mm_struct *mm = NULL;

	memset(st, 0, sizeof(*st));
	if (task && task->state != TASK_ZOMBIE)
		mm = get_task_mm(task);
	if (task)
		put_task_struct(task);
	if (!mm)
		return -ENOENT;
	mmap_read_lock(mm);
	count_vmas(mm, st);
	mmap_read_unlock(mm);
	mmput(mm);
	return 0;
}

static char state_char(const struct task_struct *task)
{
	switch (task->state) {
	case TASK_RUNNING:
		return 'R';
	case TASK_INTERRUPTIBLE:
		return task->jobctl & JOBCTL_STOPPED ? 'T' : 'S';
	case TASK_UNINTERRUPTIBLE:
		return 'D';
	case TASK_ZOMBIE:
		return 'Z';
	default:
		return 'X';
	}
}

static const char *state_name(char state)
{
	return state == 'R' ? "running" : state == 'S' ? "sleeping" : state == 'D' ? "disk sleep" :
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
static int task_stat(struct task_struct *task, struct seq_buf *m, const void *arg __unused)
{
	struct mm_struct *mm = task->mm;
	int ppid = task->parent ? task->parent->tgid : 0;

	seq_buf_printf(m, "%d (%s) %c %d %d %d 0 -1 0 %lu %lu %lu 0 %lu %lu %lu 0 %d %d %d 0 %llu %lu %ld ",
		       task->pid, task->comm, state_char(task), ppid, task->signal->pgrp,
		       task->signal->session, mm->min_flt, task->cmin_flt, mm->maj_flt,
		       task->user_ticks, task->ticks - task->user_ticks, task->cticks,
		       20 + task_nice(task), task_nice(task),
		       READ_ONCE(task->signal->nr_threads), (unsigned long long)task->start_time,
		       mm->total_vm << PAGE_SHIFT, (long)get_mm_rss(mm));
	seq_buf_printf(m, "%lu %lu %lu %lu 0 0 %llu %llu %llu %llu 0 0 0 %d %d 0 0 0 0 0 ",
		       RLIM_INFINITY, mm->start_code, mm->end_code, mm->start_stack,
		       (unsigned long long)task->sig_pending.signal,
		       (unsigned long long)task->sig_blocked,
		       (unsigned long long)handler_mask(task, true),
		       (unsigned long long)handler_mask(task, false), EXIT_SIGNAL, task_cpu(task));
	seq_buf_printf(m, "%lu %lu %lu %lu %lu %lu %lu 0\n", mm->start_data, mm->end_data,
		       mm->start_brk, mm->arg_start, mm->arg_end, mm->env_start, mm->env_end);
	return 0;
}

static int show_stat(struct seq_buf *m, long pid)
{
	return with_quiet_task((int)pid, task_stat, m, NULL);
}

/* size resident shared text lib data dt, in pages; lib and dt are always 0 on Linux too. */
static int task_statm(struct task_struct *task, struct seq_buf *m, const void *arg)
{
	const struct mm_stats *st = arg;
	struct mm_struct *mm = task->mm;
	unsigned long text = (PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK)) >> PAGE_SHIFT;

	seq_buf_printf(m, "%lu %ld %lu %lu 0 %lu 0\n", mm->total_vm, (long)get_mm_rss(mm),
		       st->file + st->shmem, text, st->data + st->stack);
	return 0;
}

static int show_statm(struct seq_buf *m, long pid)
{
	struct mm_stats st;
	int err = get_mm_stats((int)pid, &st);

	return err ? err : with_quiet_task((int)pid, task_statm, m, &st);
}

/* The Uid:, Gid: (real, effective, saved, fs), FDSize: and Groups: lines, as Linux prints them. */
static void show_cred(struct seq_buf *m, const struct cred *cred, unsigned int fdsize)
{
	int i;

	seq_buf_printf(m, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nFDSize:\t%u\nGroups:\t",
		       cred->uid, cred->euid, cred->suid, cred->fsuid, cred->gid, cred->egid,
		       cred->sgid, cred->fsgid, fdsize);
	for (i = 0; i < cred->ngroups; i++)
		seq_buf_printf(m, i ? " %u" : "%u", cred->groups[i]);
	seq_buf_printf(m, " \n");	/* Linux's trailing space, even with no groups */
}

#define KB_PER_PAGE (PAGE_SIZE / 1024)
#define CAP_FULL 0x000001ffffffffffULL	/* Linux 6.1's 41 capabilities */

/*
 * tkern keeps no high-water marks, pinned pages, or a split of
 * the resident pages by kind: VmPeak and VmHWM are the current sizes,
 * VmPin 0, and every resident page counts as anonymous. VmLck is the
 * memory in locked areas (mlock); VmSwap the pages whose entries point
 * to swap.
 */
/* Entries that point to swap; a fork's copy may count them a moment before their pages. */
static unsigned long swap_entries(struct mm_struct *mm)
{
	long n = get_mm_counter(mm, MM_SWAPENTS);

	return n > 0 ? (unsigned long)n : 0;
}

static void show_vm(struct seq_buf *m, struct mm_struct *mm, const struct mm_stats *st)
{
	unsigned long rss = get_mm_rss(mm);
	unsigned long text = (PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK)) >> PAGE_SHIFT;
	/* rss is read later than the walk: a page gone meanwhile must not make anon negative. */
	unsigned long anon = rss > st->file + st->shmem ? rss - st->file - st->shmem : 0;

	seq_buf_printf(m, "VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\nVmLck:\t%8lu kB\nVmPin:\t%8d kB\n"
		       "VmHWM:\t%8lu kB\nVmRSS:\t%8lu kB\nRssAnon:\t%8lu kB\n"
		       "RssFile:\t%8lu kB\nRssShmem:\t%8lu kB\n",
		       mm->total_vm * KB_PER_PAGE, mm->total_vm * KB_PER_PAGE,
		       mm->locked_vm * KB_PER_PAGE, 0, rss * KB_PER_PAGE, rss * KB_PER_PAGE,
		       anon * KB_PER_PAGE, st->file * KB_PER_PAGE, st->shmem * KB_PER_PAGE);
	seq_buf_printf(m, "VmData:\t%8lu kB\nVmStk:\t%8lu kB\nVmExe:\t%8lu kB\n"
		       "VmLib:\t%8lu kB\nVmPTE:\t%8lu kB\nVmSwap:\t%8lu kB\n",
		       st->data * KB_PER_PAGE, st->stack * KB_PER_PAGE, text * KB_PER_PAGE,
		       (st->exec > text ? st->exec - text : 0) * KB_PER_PAGE,
		       (unsigned long)atomic_long_read(&mm->pgtables_bytes) / 1024,
		       swap_entries(mm) * KB_PER_PAGE);
}

static void show_signals(struct seq_buf *m, struct task_struct *task)
{
	seq_buf_printf(m, "SigQ:\t%d/%d\nSigPnd:\t%016llx\nShdPnd:\t%016llx\nSigBlk:\t%016llx\n"
		       "SigIgn:\t%016llx\nSigCgt:\t%016llx\n",
		       READ_ONCE(task->signal->nr_queued), SIGQUEUE_MAX,
		       (unsigned long long)task->sig_pending.signal,
		       (unsigned long long)task->signal->shared_pending.signal,
		       (unsigned long long)task->sig_blocked,
		       (unsigned long long)handler_mask(task, true),
		       (unsigned long long)handler_mask(task, false));
}

/* Root has every capability, others none (no file capabilities, no ambient set). */
static void show_caps(struct seq_buf *m, const struct cred *cred)
{
	unsigned long long caps = cred->euid == 0 ? CAP_FULL : 0;

	seq_buf_printf(m, "CapInh:\t%016llx\nCapPrm:\t%016llx\nCapEff:\t%016llx\n"
		       "CapBnd:\t%016llx\nCapAmb:\t%016llx\nNoNewPrivs:\t0\nSeccomp:\t0\n"
		       "Seccomp_filters:\t0\n", 0ULL, caps, caps, CAP_FULL, 0ULL);
}

/* The mask as sched_setaffinity left it (offline CPUs included), over the possible CPUs. */
static void show_cpus_allowed(struct seq_buf *m, const struct task_struct *task)
{
	unsigned long mask = READ_ONCE(task->cpus_allowed) & cpu_possible_mask();

	seq_buf_printf(m, "Cpus_allowed:\t");
	seq_buf_bitmap_hex(m, mask, nr_cpus_possible);
	seq_buf_printf(m, "\nCpus_allowed_list:\t");
	seq_buf_bitmap_list(m, mask);
	seq_buf_printf(m, "\nMems_allowed:\t1\nMems_allowed_list:\t0\n");
}

static int task_status(struct task_struct *task, struct seq_buf *m, const void *arg)
{
	char state = state_char(task);

	seq_buf_printf(m, "Name:\t%s\nUmask:\t%04o\nState:\t%c (%s)\nTgid:\t%d\nNgid:\t0\n"
		       "Pid:\t%d\nPPid:\t%d\nTracerPid:\t0\n",
		       task->comm, task->fs ? task->fs->umask : 0, state, state_name(state),
		       task->tgid, task->pid, task->parent ? task->parent->tgid : 0);
	show_cred(m, &task->cred, task->files ? READ_ONCE(task->files->max_fds) : 0);
	seq_buf_printf(m, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", task->tgid,
		       task->pid, task->signal->pgrp, task->signal->session);
	show_vm(m, task->mm, arg);
	seq_buf_printf(m, "HugetlbPages:\t%8d kB\nCoreDumping:\t0\nTHP_enabled:\t0\nThreads:\t%d\n",
		       0, READ_ONCE(task->signal->nr_threads));
	show_signals(m, task);
	show_caps(m, &task->cred);
	show_cpus_allowed(m, task);
	seq_buf_printf(m, "voluntary_ctxt_switches:\t%lu\nnonvoluntary_ctxt_switches:\t%lu\n",
		       task->nvcsw, task->nivcsw);
	return 0;
}

static int show_status(struct seq_buf *m, long pid)
{
	struct mm_stats st;
	int err = get_mm_stats((int)pid, &st);

	return err ? err : with_quiet_task((int)pid, task_status, m, &st);
}

/* ---------------------------------------------------- cmdline, environ */

/*
 * The argv (or envp) strings as they are in the process's memory now,
 * NUL-separated, as Linux reads them; only what is present (a page never
 * touched ends it). environ is for the owner and root only.
 */
static int show_mm_strings(struct seq_buf *m, int pid, bool env)
{
	struct task_struct *task = find_get_task_by_pid(pid);
	struct mm_struct *mm = NULL;
	bool allowed = task && (!env || ptrace_may_access(task));
	unsigned long start, end;
	size_t got = 0;
	char *buf;

	if (allowed && task->state != TASK_ZOMBIE)
		mm = get_task_mm(task);
	if (task)
		put_task_struct(task);
	if (task && !allowed)
		return -EACCES;
	if (!mm)
		return task ? 0 : -ENOENT;	/* a zombie's is empty */
	mmap_read_lock(mm);
	start = env ? mm->env_start : mm->arg_start;
	end = env ? mm->env_end : mm->arg_end;
	buf = end > start ? kmalloc(end - start, GFP_KERNEL) : NULL;
	if (buf)
		got = access_remote_vm(mm, start, buf, end - start);
	mmap_read_unlock(mm);
	mmput(mm);
	seq_buf_putmem(m, buf, got);
	kfree(buf);
	return 0;
}

static int show_cmdline(struct seq_buf *m, long pid)
{
	return show_mm_strings(m, (int)pid, false);
}

static int show_environ(struct seq_buf *m, long pid)
{
	return show_mm_strings(m, (int)pid, true);
}

/* ---------------------------------------------------------------- comm */

static int show_comm(struct seq_buf *m, long pid)
{
	struct task_struct *task = find_get_task_by_pid((int)pid);
	char comm[TASK_COMM_LEN];

	if (!task)
		return -ENOENT;
	memcpy(comm, task->comm, sizeof(comm));
	comm[TASK_COMM_LEN - 1] = '\0';
	put_task_struct(task);
	seq_buf_printf(m, "%s\n", comm);
	return 0;
}

/*
 * As Linux: the first 15 bytes written become the name, taken as they
 * are (a newline too); only a thread of the same process may rename it.
 */
static long comm_write(struct file *file, unsigned long buf, size_t len, loff_t *pos __unused)
{
	struct task_struct *task = find_get_task_by_pid((int)(long)file->f_inode->i_private);
	char name[TASK_COMM_LEN] = { 0 };
	long ret = (long)len;

	if (copy_from_user(name, buf, MIN(len, sizeof(name) - 1)))
		ret = -EFAULT;
	else if (!task)
		ret = -ESRCH;
	else if (task->tgid != current->tgid)
		ret = -EINVAL;
	else
		memcpy(task->comm, name, sizeof(name));
	if (task)
		put_task_struct(task);
	return ret;
}

/* -------------------------------------------------------------- mounts */

static int show_mounts(struct seq_buf *m, long pid __unused)
{
	mounts_show(m);
	return 0;
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

static int statm_open(struct inode *inode, struct file *file)
{
	return proc_open_text(file, show_statm, pid_of(inode));
}

static int cmdline_open(struct inode *inode, struct file *file)
{
	return proc_open_text(file, show_cmdline, pid_of(inode));
}

static int environ_open(struct inode *inode, struct file *file)
{
	return proc_open_text(file, show_environ, pid_of(inode));
}

static int comm_open(struct inode *inode, struct file *file)
{
	return proc_open_text(file, show_comm, pid_of(inode));
}

static int mounts_open(struct inode *inode, struct file *file)
{
	return proc_open_text(file, show_mounts, pid_of(inode));
}

static const struct file_operations maps_fops = { .open = maps_open, PROC_TEXT_OPS };
static const struct file_operations stat_fops = { .open = stat_open, PROC_TEXT_OPS };
static const struct file_operations status_fops = { .open = status_open, PROC_TEXT_OPS };
static const struct file_operations statm_fops = { .open = statm_open, PROC_TEXT_OPS };
static const struct file_operations cmdline_fops = { .open = cmdline_open, PROC_TEXT_OPS };
static const struct file_operations environ_fops = { .open = environ_open, PROC_TEXT_OPS };
static const struct file_operations mounts_fops = { .open = mounts_open, PROC_TEXT_OPS };
static const struct file_operations comm_fops = {
	.open = comm_open, .write = comm_write, PROC_TEXT_OPS,
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
	umode_t mode;
};

static int add_files(struct inode *dir, int id, const struct proc_file *files, unsigned int n)
{
	struct inode *inode;
	unsigned int i;

	for (i = 0; i < n; i++) {
		inode = ramfs_add_child(dir, files[i].name, S_IFREG | files[i].mode);
		if (!inode)
			return -ENOMEM;
		inode->i_fop = files[i].fops;
		inode->i_private = (void *)(long)id;
	}
	return 0;
}

/* Every entry below dir belongs to uid and gid (task/ has its own owners, the same). */
static void set_owner(struct inode *dir, u32 uid, u32 gid)
{
	struct ramfs_dirent *d;

	dir->i_uid = uid;
	dir->i_gid = gid;
	list_for_each_entry(d, &dir->entries, list) {
		if (S_ISDIR(d->inode->i_mode))
			set_owner(d->inode, uid, gid);
		d->inode->i_uid = uid;
		d->inode->i_gid = gid;
	}
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
		{ "stat", &stat_fops, 0444 }, { "status", &status_fops, 0444 },
		{ "statm", &statm_fops, 0444 }, { "cmdline", &cmdline_fops, 0444 },
		{ "comm", &comm_fops, 0644 }, { "environ", &environ_fops, 0400 },
		{ "limits", &proc_pid_limits_fops, 0444 },
		{ "oom_score", &proc_oom_score_fops, 0444 },
		{ "oom_score_adj", &proc_oom_score_adj_fops, 0644 },
		{ "oom_adj", &proc_oom_adj_fops, 0644 },
		{ "make-it-fail", &proc_pid_make_it_fail_fops, 0644 },
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
	else
		set_owner(dir, task_dir->i_uid, task_dir->i_gid);
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

void proc_pid_set_owner(struct inode *dir, int pid)
{
	struct task_struct *task = find_get_task_by_pid(pid);

	if (!task)
		return;
	set_owner(dir, READ_ONCE(task->cred.euid), READ_ONCE(task->cred.egid));
	put_task_struct(task);
}

int proc_pid_fill(struct inode *dir, int pid)
{
	static const struct proc_file files[] = {
		{ "maps", &maps_fops, 0444 }, { "stat", &stat_fops, 0444 },
		{ "status", &status_fops, 0444 }, { "statm", &statm_fops, 0444 },
		{ "cmdline", &cmdline_fops, 0444 }, { "comm", &comm_fops, 0644 },
		{ "environ", &environ_fops, 0400 }, { "mounts", &mounts_fops, 0444 },
		{ "limits", &proc_pid_limits_fops, 0444 }, { "smaps", &proc_pid_smaps_fops, 0444 },
		{ "smaps_rollup", &proc_pid_smaps_rollup_fops, 0444 },
		{ "pagemap", &proc_pid_pagemap_fops, 0400 },
		{ "oom_score", &proc_oom_score_fops, 0444 },
		{ "oom_score_adj", &proc_oom_score_adj_fops, 0644 },
		{ "oom_adj", &proc_oom_adj_fops, 0644 },
		{ "make-it-fail", &proc_pid_make_it_fail_fops, 0644 },
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
	if (!inode->i_link || proc_fd_fill(dir, pid))
		return -ENOMEM;
	proc_pid_set_owner(dir, pid);
	return 0;
}
