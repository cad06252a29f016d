/*
 * The end of a process: do_exit_user gives back its address space and
 * descriptors, then it waits as a zombie, keeping its exit status, until
 * its parent collects it with wait4 or waitid (or at once, if the parent
 * ignores SIGCHLD). Its children go to init. wait4 and waitid also report
 * a child's stops and continuations (kernel/jobctl.c), once each.
 *
 * The parent/child links are guarded by tasklist_lock; an exit, stop or
 * continuation wakes every waiting parent, and each looks for its own
 * children.
 */
#include <kernel/syscalls.h>
#include <kernel/sched.h>
#include <kernel/wait.h>
#include <kernel/signal.h>
#include <kernel/tty.h>
#include <kernel/rusage.h>
#include <kernel/fdtable.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/itimer.h>
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

/*
 * Children go to init (init cannot wait for itself). A child that is
 * already a zombie is announced to init as if it had just exited, and if
 * init ignores SIGCHLD it is released here (Linux's forget_original_parent).
 */
static void forget_original_parent(struct task_struct *task)
{
	struct task_struct *child, *next;
	LIST_HEAD(dead);

	spin_lock(&tasklist_lock);
	list_for_each_entry_safe(child, next, &task->children, sibling) {
		list_del(&child->sibling);
		child->parent = init_process;
		if (!init_process || init_process == task)
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
 * The parent is told (kernel/sigchld.c); unless it ignores SIGCHLD, the
 * process stays a zombie holding its status until the parent waits.
 */
void __noreturn exit_to_zombie(int status)
{
	struct task_struct *task = current;
	bool autoreap;

	/*
	 * Once a zombie, this task must reach schedule() without being
	 * preempted: switched out as a zombie, it would never run again and
	 * never wake its parent.
	 */
	local_irq_disable();
	spin_lock(&tasklist_lock);
	task->exit_code = status;
	autoreap = do_notify_parent(task, task->exit_signal);
	if (autoreap)
		list_del_init(&task->sibling);
	else
		task->state = TASK_ZOMBIE;
	spin_unlock(&tasklist_lock);
	wake_up_parent();
	if (autoreap)
		do_exit(status);
	schedule();
	panic("a zombie was scheduled again");
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

	if (READ_ONCE(p->state) == TASK_ZOMBIE)
		return wo->options & WEXITED ? CHILD_EXITED : CHILD_NONE;
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
	list_for_each_entry(child, &current->children, sibling) {
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
	int code = p->exit_code;

	if (event == CHILD_STOPPED && !claim_stop(wo, p))
		return false;
	if (event == CHILD_CONTINUED && !claim_continued(wo, p))
		return false;
	if (event == CHILD_EXITED) {
		/* Linux's wait status: exit code in bits 15:8, or the killing signal in 6:0. */
		if (code & EXIT_BY_SIGNAL)
			set_report(wo, p, CLD_KILLED, code & 0x7f, code & 0x7f);
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

void __noreturn do_exit_user(int status)
{
	struct task_struct *task = current;
	struct mm_struct *mm = task->mm;

	task->mm = NULL;
	switch_mm(NULL);
	if (mm) {
		account_mm_faults(task, mm);
		mm_destroy(mm);
	}
	exit_files(task);
	exit_session(task);
	exit_itimers(task);
	forget_original_parent(task);
	if (task->pid == 1) {
		if (status & EXIT_BY_SIGNAL)
			pr_info("init (%s) was killed by signal %d\n", task->comm,
				status & 0xff);
		else
			pr_info("init (%s) exited with status %d\n", task->comm, status);
		psci_system_off();
	}
	if (task->parent)
		exit_to_zombie(status);
	do_exit(status);
}

/* A process has one thread so far: its end is the group's. */
void __noreturn do_group_exit(int status)
{
	do_exit_user(status);
}
