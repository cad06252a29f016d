/*
 * The end of a thread and of a process: do_exit_user gives back a task's
 * share of the address space, descriptors and working directory. A thread
 * that is not its group's leader is then freed at once; the leader waits
 * as a zombie, keeping the exit status, until its parent collects it with
 * wait4 or waitid, which it may only do once every other thread has gone
 * too (the process has ended). Then the parent is told (SIGCHLD, or the
 * process is reaped at once if the parent ignores SIGCHLD) and the
 * process's children go to init. wait4 and waitid also report a child's
 * stops and continuations (kernel/jobctl.c), once each. do_group_exit
 * (exit_group, fatal signals) ends every thread; de_thread does the same
 * for execve. docs/threads.md and docs/signals.md tell the story.
 *
 * The parent/child links and thread lists are guarded by tasklist_lock; an
 * exit, stop or continuation wakes every waiting parent, and each looks
 * for its own children.
 */
#include <kernel/syscalls.h>
#include <kernel/sched.h>
#include <kernel/wait.h>
#include <kernel/signal.h>
#include <kernel/fs/tty.h>
#include <kernel/rusage.h>
#include <kernel/fs/fdtable.h>
#include <kernel/fs/fs_struct.h>
#include <kernel/fs/procfs.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/lib/string.h>
#include <kernel/itimer.h>
#include <kernel/orphan.h>
#include <kernel/resource.h>
#include <mm/memory.h>
#include <asm/irqflags.h>
#include <asm/mmu_context.h>
#include <asm/psci.h>

#define WNOHANG 0x1
#define WUNTRACED 0x2
#define WSTOPPED WUNTRACED
#define WEXITED 0x4
#define WCONTINUED 0x8
#define WNOWAIT 0x01000000
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000U
#define WAIT4_OPTIONS (WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE)
#define WAITID_OPTIONS (WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD | \
			__WALL | __WCLONE)
#define P_ALL 0
#define P_PID 1
#define P_PGID 2

DEFINE_SPINLOCK(tasklist_lock);
static DECLARE_WAIT_QUEUE_HEAD(child_exit_wait);
struct task_struct *init_process;	/* pid 1: adopts orphans */

void wake_up_parent(void)
{
	wake_up(&child_exit_wait);
}

/* A zombie may still be switching away from its CPU, on its own stack. */
static void wait_off_cpu(struct task_struct *p)
{
	while (READ_ONCE(p->on_cpu) >= 0)
		schedule();
}

/* A task that asked with prctl(PR_SET_PDEATHSIG) hears that its parent has gone. */
static void send_pdeath_signal(struct task_struct *t)
{
	if (t->pdeath_signal && READ_ONCE(t->state) != TASK_ZOMBIE)
		send_signal(t, t->pdeath_signal);
}

/*
 * The process whose last thread is ending leaves its children to init
 * (init cannot wait for itself); each child's threads follow it. A child
 * that is already a zombie is announced to init as if it had just exited,
 * and if init ignores SIGCHLD it is released here (Linux's
 * forget_original_parent). Whatever exit signal clone gave a child, init
 * hears SIGCHLD, as on Linux (reparent_leader).
 */
static void forget_original_parent(struct task_struct *leader)
{
	struct task_struct *child, *next, *t;
	LIST_HEAD(dead);

	spin_lock(&tasklist_lock);
	list_for_each_entry_safe(child, next, &leader->children, sibling) {
		list_del(&child->sibling);
		child->parent = init_process;
		/* init waits with a plain wait(), and must not be slain by a child's end */
		child->exit_signal = SIGCHLD;
		send_pdeath_signal(child);
		for_each_other_thread(child, t) {
			t->parent = init_process;
			send_pdeath_signal(t);
		}
		if (!init_process || init_process == leader)
			INIT_LIST_HEAD(&child->sibling);
		else if (READ_ONCE(child->state) == TASK_ZOMBIE &&
			 do_notify_parent(child, child->exit_signal))
			list_add_tail(&child->sibling, &dead);
		else
			list_add_tail(&child->sibling, &init_process->children);
	}
	spin_unlock(&tasklist_lock);
	wake_up_parent();
	list_for_each_entry_safe(child, next, &dead, sibling) {
		list_del(&child->sibling);
		wait_off_cpu(child);
		sched_remove_task(child);
	}
}

/*
 * The end of a process is made known to its parent when its leader is a
 * zombie and its last thread has gone (tasklist_lock held): SIGCHLD, or
 * true when the parent ignores it and the process is to be released at
 * once instead of waiting as a zombie.
 */
static bool tell_parent(struct task_struct *leader)
{
	if (!leader->parent || !do_notify_parent(leader, leader->exit_signal))
		return false;
	list_del_init(&leader->sibling);
	return true;
}

/*
 * Leave the thread group, as a zombie leader or a thread about to be
 * freed. The leader's irqs go off here (see exit_to_zombie). Returns
 * whether the process was released at once (its parent ignores SIGCHLD).
 */
static bool exit_notify(struct task_struct *task, int status)
{
	struct task_struct *leader = task->group_leader;
	bool released = false;

	if (thread_group_leader(task))
		local_irq_disable();
	spin_lock(&tasklist_lock);
	task->exit_code = status;
	if (thread_group_leader(task))
		task->state = TASK_ZOMBIE;
	else
		thread_group_unlink(task);
	if (READ_ONCE(leader->state) == TASK_ZOMBIE && thread_group_empty(leader))
		released = tell_parent(leader);
	spin_unlock(&tasklist_lock);
	wake_up_parent();	/* the parent, or a thread in de_thread waiting for this one */
	return released;
}

/* The first process's last thread powers the machine off, as Linux panics. */
static void init_ended(struct task_struct *task, int status)
{
	if (task->signal->group_exit)
		status = task->signal->group_exit_status;
	if (status & EXIT_BY_SIGNAL)
		pr_info("init (%s) was killed by signal %d\n", task->group_leader->comm,
			status & 0x7f);
	else
		pr_info("init (%s) exited with status %d\n", task->group_leader->comm, status);
	psci_system_off();
}

/*
 * A session leader's end hangs up its controlling terminal: its
 * foreground group gets SIGHUP (the default ends it: nobody is left to
 * type at it) and the terminal is free for another session.
 */
static void exit_session(struct task_struct *task)
{
	if (task->signal->leader)
		disassociate_ctty(true);
}

/*
 * What belongs to the process rather than the thread ends with its last
 * thread. Its children go to init, which may orphan their groups and its
 * own (kernel/orphan.c).
 */
static void exit_group_state(struct task_struct *task)
{
	struct task_struct *leader = task->group_leader;
	int *child_pgrps, n;

	exit_session(task);
	exit_itimers(task);
	n = child_pgrps_linked_by(leader, &child_pgrps);
	forget_original_parent(leader);
	kill_orphaned_pgrps(leader, READ_ONCE(leader->parent), child_pgrps, n);
}

void __noreturn exit_to_zombie(int status)
{
	struct task_struct *task = current, *leader = task->group_leader;
	bool group_dead, released;

	spin_lock(&tasklist_lock);
	group_dead = --task->signal->nr_threads == 0;
	spin_unlock(&tasklist_lock);
	if (group_dead)
		exit_group_state(task);
	if (group_dead && task->tgid == 1)
		init_ended(task, status);
	/*
	 * Once a zombie, this task must reach schedule() without being
	 * preempted: switched out as a zombie, it would never run again and
	 * never wake its parent. A thread that is not the leader is freed by
	 * do_exit instead, and so is a process nobody waits for (started by
	 * the kernel, not forked) once it is the last: with threads left, its
	 * leader stays a zombie, since they still use it.
	 */
	released = exit_notify(task, status);
	if (released && leader != task) {
		wait_off_cpu(leader);
		sched_remove_task(leader);	/* the last thread releases the zombie leader */
	}
	if (!thread_group_leader(task) || released || (!task->parent && group_dead))
		do_exit(status);
	schedule();
	panic("a zombie was scheduled again");
}

/* What wait reports: the group's status when exit_group or a signal ended it. */
static int exit_status(struct task_struct *p)
{
	return p->signal->group_exit ? p->signal->group_exit_status : p->exit_code;
}

/* A child wait may reap: a zombie whose threads have all gone. */
static bool reapable(struct task_struct *child)
{
	return READ_ONCE(child->state) == TASK_ZOMBIE && thread_group_empty(child);
}

/* What a wait4 or waitid is looking for, and what it found. */
struct wait_opts {
	int type;		/* P_ALL, P_PID or P_PGID */
	int id;			/* the pid or process group */
	unsigned int options;
	kernel_siginfo_t info;	/* the child's change, as waitid reports it */
	int status;		/* the same as wait4 reports it */
	unsigned long rusage;	/* user address for the child's rusage, or 0 */
};

enum child_event { CHILD_NONE, CHILD_EXITED, CHILD_STOPPED, CHILD_CONTINUED };

static bool eligible_child(const struct wait_opts *wo, struct task_struct *p)
{
	if (wo->type == P_PID && p->tgid != wo->id)
		return false;
	if (wo->type == P_PGID && p->signal->pgrp != wo->id)
		return false;
	/* __WCLONE waits for the children that send no SIGCHLD, its absence for the others. */
	if (wo->options & __WALL)
		return true;
	return (p->exit_signal != SIGCHLD) == !!(wo->options & __WCLONE);
}

/* What p has to report to wo, its end first. */
static enum child_event child_event(const struct wait_opts *wo, struct task_struct *p)
{
	unsigned int flags = READ_ONCE(p->signal->flags);

	if (reapable(p))
		return wo->options & WEXITED ? CHILD_EXITED : CHILD_NONE;
	if (READ_ONCE(p->state) == TASK_ZOMBIE)
		return CHILD_NONE;	/* its other threads still run */
	if ((wo->options & WSTOPPED) && (flags & SIGNAL_STOP_STOPPED) &&
	    READ_ONCE(p->signal->group_exit_code))
		return CHILD_STOPPED;
	if ((wo->options & WCONTINUED) && (flags & SIGNAL_STOP_CONTINUED))
		return CHILD_CONTINUED;
	return CHILD_NONE;
}

/*
 * tasklist_lock held: the first matching child with something to report
 * (*event says what), or NULL; *any says whether any child matches.
 */
static struct task_struct *find_child_event(const struct wait_opts *wo,
					    enum child_event *event, bool *any)
{
	struct task_struct *child;

	*any = false;
	list_for_each_entry(child, &current->group_leader->children, sibling) {
		if (!eligible_child(wo, child))
			continue;
		*any = true;
		*event = child_event(wo, child);
		if (*event != CHILD_NONE)
			return child;
	}
	return NULL;
}

/* The condition the wait sleeps on: something to report, or no matching child at all. */
static bool child_waitable(const struct wait_opts *wo)
{
	enum child_event event;
	bool any;
	struct task_struct *child;

	spin_lock(&tasklist_lock);
	child = find_child_event(wo, &event, &any);
	spin_unlock(&tasklist_lock);
	return child || !any;
}

static void set_report(struct wait_opts *wo, struct task_struct *p, int code, int status,
		       int wstatus)
{
	memset(&wo->info, 0, sizeof(wo->info));
	wo->info.si_signo = SIGCHLD;
	wo->info.si_code = code;
	wo->info.chld.pid = p->tgid;
	wo->info.chld.uid = p->cred.uid;
	wo->info.chld.status = status;
	wo->status = wstatus;
}

/* A stop is reported once: the stop signal is taken from group_exit_code (unless WNOWAIT). */
static bool claim_stop(struct wait_opts *wo, struct task_struct *p)
{
	struct signal_struct *signal = p->signal;
	unsigned long flags;
	int sig;

	spin_lock_irqsave(&p->sighand->siglock, flags);
	sig = signal->group_exit_code;
	if (sig && (signal->flags & SIGNAL_STOP_STOPPED) && !(wo->options & WNOWAIT))
		signal->group_exit_code = 0;
	spin_unlock_irqrestore(&p->sighand->siglock, flags);
	if (!sig || !(signal->flags & SIGNAL_STOP_STOPPED))
		return false;
	set_report(wo, p, CLD_STOPPED, sig, (sig << 8) | 0x7f);
	return true;
}

static bool claim_continued(struct wait_opts *wo, struct task_struct *p)
{
	struct signal_struct *signal = p->signal;
	unsigned long flags;
	bool continued;

	spin_lock_irqsave(&p->sighand->siglock, flags);
	continued = signal->flags & SIGNAL_STOP_CONTINUED;
	if (!(wo->options & WNOWAIT))
		signal->flags &= ~SIGNAL_STOP_CONTINUED;
	spin_unlock_irqrestore(&p->sighand->siglock, flags);
	if (continued)
		set_report(wo, p, CLD_CONTINUED, SIGCONT, 0xffff);
	return continued;
}

/*
 * tasklist_lock held: take the event for this wait, or false if another
 * waiter took it first. A zombie being reaped leaves the children list;
 * any other child found gets a reference for the caller.
 */
static bool claim_event(struct wait_opts *wo, struct task_struct *p, enum child_event event)
{
	int code = exit_status(p);

	if (event == CHILD_STOPPED && !claim_stop(wo, p))
		return false;
	if (event == CHILD_CONTINUED && !claim_continued(wo, p))
		return false;
	if (event == CHILD_EXITED) {
		/* Linux's wait status: exit code in bits 15:8, or the killing signal in 6:0. */
		if (code & EXIT_BY_SIGNAL)
			set_report(wo, p, code & EXIT_CORE_DUMPED ? CLD_DUMPED : CLD_KILLED,
				   code & 0x7f, code & 0xff);
		else
			set_report(wo, p, CLD_EXITED, code & 0xff, (code & 0xff) << 8);
	}
	if (event == CHILD_EXITED && !(wo->options & WNOWAIT))
		list_del(&p->sibling);
	else
		get_task_struct(p);
	return true;
}

/* Report the child claimed: its rusage; a zombie reaped unless WNOWAIT. */
static long finish_wait_report(struct wait_opts *wo, struct task_struct *child,
			       enum child_event event)
{
	long err;

	if (event != CHILD_EXITED || (wo->options & WNOWAIT)) {
		err = wo->rusage ? put_child_rusage(child, wo->rusage) : 0;
		put_task_struct(child);
		return err;
	}
	wait_off_cpu(child);
	account_reaped_child(current, child);
	err = wo->rusage ? put_child_rusage(child, wo->rusage) : 0;
	sched_remove_task(child);
	return err;
}

/* Linux's do_wait: the pid of the child reported, 0 (WNOHANG, nothing yet), or -errno. */
static long do_wait(struct wait_opts *wo)
{
	struct task_struct *child;
	enum child_event event = CHILD_NONE;
	bool any, claimed;
	long err;

	for (;;) {
		spin_lock(&tasklist_lock);
		child = find_child_event(wo, &event, &any);
		claimed = child && claim_event(wo, child, event);
		spin_unlock(&tasklist_lock);
		if (claimed)
			break;
		if (child)
			continue;	/* another waiter was first */
		if (!any)
			return -ECHILD;
		if (wo->options & WNOHANG)
			return 0;
		err = wait_event_interruptible(child_exit_wait, child_waitable(wo));
		if (err)
			return err;
	}
	err = finish_wait_report(wo, child, event);
	return err ? err : wo->info.chld.pid;
}

long sys_wait4(u64 upid, u64 wstatus, u64 options, u64 rusage, u64 a4 __unused,
	       u64 a5 __unused)
{
	struct wait_opts wo = { .options = (unsigned int)options | WEXITED, .rusage = rusage };
	int pid = (int)upid;
	long ret;

	/* An int in Linux's prototype: the register's upper half is not ours to look at. */
	if ((unsigned int)options & ~WAIT4_OPTIONS)
		return -EINVAL;
	if (pid == (int)0x80000000)
		return -ESRCH;	/* -INT_MIN is no process group */
	if (pid == -1) {
		wo.type = P_ALL;
	} else if (pid <= 0) {
		wo.type = P_PGID;
		wo.id = pid ? -pid : current->signal->pgrp;
	} else {
		wo.type = P_PID;
		wo.id = pid;
	}
	ret = do_wait(&wo);
	if (ret > 0 && wstatus && copy_to_user(wstatus, &wo.status, sizeof(wo.status)))
		ret = -EFAULT;
	return ret;
}

/* waitid writes only these fields of the siginfo (as Linux): signo, errno, code, pid, uid, status. */
static long put_waitid_info(unsigned long uinfo, const kernel_siginfo_t *info)
{
	if (copy_to_user(uinfo, info, offsetof(kernel_siginfo_t, pad)) ||
	    copy_to_user(uinfo + offsetof(kernel_siginfo_t, chld.pid), &info->chld.pid,
			 offsetof(kernel_siginfo_t, chld.pad) -
			 offsetof(kernel_siginfo_t, chld.pid)))
		return -EFAULT;
	return 0;
}

long sys_waitid(u64 which, u64 upid, u64 infop, u64 options, u64 rusage, u64 a5 __unused)
{
	struct wait_opts wo = { .options = (unsigned int)options, .rusage = rusage };
	long ret;

	if (wo.options & ~WAITID_OPTIONS)
		return -EINVAL;
	if (!(wo.options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	wo.type = (int)which;
	wo.id = (int)upid;
	if (wo.type != P_ALL && wo.type != P_PID && wo.type != P_PGID)
		return -EINVAL;	/* P_PIDFD too: there are no pidfds */
	if ((wo.type == P_PID && wo.id <= 0) || (wo.type == P_PGID && wo.id < 0))
		return -EINVAL;
	if (wo.type == P_PGID && wo.id == 0)
		wo.id = current->signal->pgrp;
	ret = do_wait(&wo);
	if (ret < 0)
		return ret;
	if (ret == 0)
		memset(&wo.info, 0, sizeof(wo.info));	/* WNOHANG, nothing yet */
	return infop ? put_waitid_info(infop, &wo.info) : 0;
}

/* Leave the address space, after what user space is owed (mm_release). */
static void exit_mm(struct task_struct *task)
{
	struct mm_struct *mm = task->mm;

	if (!mm)
		return;
	mm_release(task);
	task_lock(task);	/* get_task_mm readers see the mm or NULL, never a freed one */
	task->mm = NULL;
	switch_mm(NULL);
	task_unlock(task);
	mm_put_user(task, mm);
}

void __noreturn do_exit_user(int status)
{
	struct task_struct *task = current;

	exit_mm(task);
	exit_files(task);
	exit_fs(task);
	proc_flush_pid(task->tgid, task->pid);	/* without an mm it is gone from /proc */
	exit_to_zombie(status);
}

/* SIGKILL to every other live thread of task's group (tasklist_lock held). */
static void zap_other_threads(struct task_struct *task)
{
	struct task_struct *t;

	/* Not send_signal: even init's threads go when their process ends. */
	for_each_other_thread(task, t) {
		if (READ_ONCE(t->state) == TASK_ZOMBIE)
			continue;
		__atomic_or_fetch(&t->sig_pending.signal, sigmask(SIGKILL), __ATOMIC_SEQ_CST);
		signal_wake_up(t);
	}
}

/*
 * Linux writes a core file for a death by a signal whose default action
 * is "core" when RLIMIT_CORE leaves room for one (at least a page: ELF's
 * min_coredump), and then sets the wait status's core bit. tkern writes no
 * file but reports the death as Linux would (docs/signals.md).
 */
static bool would_dump_core(int status)
{
	const u64 core_signals = sigmask(SIGQUIT) | sigmask(SIGILL) | sigmask(SIGTRAP) |
				 sigmask(SIGABRT) | sigmask(SIGBUS) | sigmask(SIGFPE) |
				 sigmask(SIGSEGV) | sigmask(SIGXCPU) | sigmask(SIGXFSZ) |
				 sigmask(SIGSYS);

	if (!(status & EXIT_BY_SIGNAL) || !(core_signals & sigmask(status & 0x7f)))
		return false;
	return rlimit(RLIMIT_CORE) >= PAGE_SIZE;
}

/*
 * Every thread ends with status. The first to get here sets the group's
 * status and kills the others; each of them comes back here from its
 * SIGKILL and leaves with the same status. While a thread execs, the
 * others just go (de_thread).
 */
void __noreturn do_group_exit(int status)
{
	struct signal_struct *signal = current->signal;

	spin_lock(&tasklist_lock);
	if (signal->group_exit) {
		status = signal->group_exit_status;
	} else if (!signal->group_exec_task) {
		if (would_dump_core(status))
			status |= EXIT_CORE_DUMPED;
		signal->group_exit = true;
		signal->group_exit_status = status;
		zap_other_threads(current);
	}
	spin_unlock(&tasklist_lock);
	do_exit_user(status);
}

/* de_thread's condition: only task and (if it is not the leader) the zombie leader remain. */
static bool others_gone(struct task_struct *task)
{
	struct task_struct *leader = task->group_leader;

	if (task == leader)
		return thread_group_empty(task);
	return READ_ONCE(leader->state) == TASK_ZOMBIE &&
	       READ_ONCE(leader->thread_group.next) == &task->thread_group &&
	       READ_ONCE(task->thread_group.next) == &leader->thread_group;
}

/* task, not the leader, becomes it: its pid, parent, children and place (tasklist_lock held). */
static void take_leader_place(struct task_struct *task, struct task_struct *leader)
{
	struct task_struct *child, *next;
	int tid = task->pid;

	task->pid = leader->pid;
	leader->pid = tid;
	task->exit_signal = leader->exit_signal;
	task->parent = leader->parent;
	if (leader->parent)
		list_add(&task->sibling, &leader->sibling);
	list_del_init(&leader->sibling);
	list_for_each_entry_safe(child, next, &leader->children, sibling) {
		list_move_tail(&child->sibling, &task->children);
		child->parent = task;
	}
	thread_group_unlink(task);
	task->group_leader = task;
	if (init_process == leader)
		init_process = task;
}

int de_thread(struct task_struct *task)
{
	struct signal_struct *signal = task->signal;
	struct task_struct *leader;

	spin_lock(&tasklist_lock);
	if (signal->group_exit || signal->group_exec_task) {
		spin_unlock(&tasklist_lock);
		return -EAGAIN;
	}
	if (thread_group_leader(task) && thread_group_empty(task)) {
		spin_unlock(&tasklist_lock);
		return 0;
	}
	signal->group_exec_task = task;
	zap_other_threads(task);
	spin_unlock(&tasklist_lock);
	wait_event(child_exit_wait, others_gone(task) ||
		   (READ_ONCE(task->sig_pending.signal) & sigmask(SIGKILL)));
	if (!others_gone(task)) {
		WRITE_ONCE(signal->group_exec_task, NULL);
		return -EAGAIN;	/* killed itself: it dies on its way out */
	}
	leader = task->group_leader;
	/* It may still be switching away from its CPU, on its own stack. */
	while (leader != task && READ_ONCE(leader->on_cpu) >= 0)
		schedule();
	spin_lock(&tasklist_lock);
	if (leader != task)
		take_leader_place(task, leader);
	signal->group_exec_task = NULL;
	spin_unlock(&tasklist_lock);
	if (leader != task) {
		proc_flush_pid(task->tgid, leader->pid);	/* task's old tid, now unused */
		sched_remove_task(leader);	/* the old leader's pid is now task's */
	}
	return 0;
}
