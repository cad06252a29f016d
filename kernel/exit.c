/*
 * The end of a thread and of a process: do_exit_user gives back a task's
 * share of the address space, descriptors and working directory. A thread
 * that is not its group's leader is then freed at once; the leader waits
 * as a zombie, keeping the exit status, until its parent collects it with
 * wait4, which it may only do once every other thread has gone too (the
 * process has ended). The process's children then go to init.
 * do_group_exit (exit_group, fatal signals) ends every thread; de_thread
 * does the same for execve. docs/threads.md tells the story.
 *
 * The parent/child links and thread lists are guarded by tasklist_lock; an
 * exit wakes every waiting parent, and each looks for its own children.
 */
#include <kernel/syscalls.h>
#include <kernel/sched.h>
#include <kernel/wait.h>
#include <kernel/signal.h>
#include <kernel/rusage.h>
#include <kernel/fdtable.h>
#include <kernel/fs_struct.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <mm/memory.h>
#include <asm/irqflags.h>
#include <asm/mmu_context.h>
#include <asm/psci.h>

#define WNOHANG 0x1
#define WUNTRACED 0x2
#define WCONTINUED 0x8
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000
/* Accepted; with no stopped processes and one thread each, only WNOHANG acts. */
#define WAIT4_OPTIONS (WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE)

DEFINE_SPINLOCK(tasklist_lock);
static DECLARE_WAIT_QUEUE_HEAD(child_exit_wait);
struct task_struct *init_process;	/* pid 1: adopts orphans */

/* Children go to init; init cannot wait for itself. Each child's threads follow it. */
static void reparent_children(struct task_struct *task)
{
	struct task_struct *child, *next, *t;

	list_for_each_entry_safe(child, next, &task->children, sibling) {
		list_del(&child->sibling);
		child->parent = init_process;
		for_each_other_thread(child, t)
			t->parent = init_process;
		if (init_process && init_process != task)
			list_add_tail(&child->sibling, &init_process->children);
		else
			INIT_LIST_HEAD(&child->sibling);
	}
}

/*
 * The one place where a process's end is made known to its parent: its
 * leader is a zombie and its last thread has gone (tasklist_lock not held).
 */
static void tell_parent(struct task_struct *leader __unused)
{
	wake_up(&child_exit_wait);
}

/*
 * Leave the thread group, as a zombie leader or a thread about to be
 * freed; irqs off from here (see exit_to_zombie). The last thread out
 * hands the process's children to init.
 */
static void exit_notify(struct task_struct *task, int status, bool group_dead)
{
	struct task_struct *leader = task->group_leader;
	bool notify;

	local_irq_disable();
	spin_lock(&tasklist_lock);
	task->exit_code = status;
	if (thread_group_leader(task)) {
		task->state = TASK_ZOMBIE;
	} else {
		list_del_init(&task->thread_group);
	}
	notify = READ_ONCE(leader->state) == TASK_ZOMBIE && thread_group_empty(leader);
	if (group_dead)
		reparent_children(leader);
	spin_unlock(&tasklist_lock);
	if (notify && leader->parent)
		tell_parent(leader);
	else
		wake_up(&child_exit_wait);	/* a thread in de_thread may wait for this one */
}

/* The first process's last thread powers the machine off, as Linux panics. */
static void init_ended(struct task_struct *task, int status)
{
	if (task->signal->group_exit)
		status = task->signal->group_exit_code;
	if (status & EXIT_BY_SIGNAL)
		pr_info("init (%s) was killed by signal %d\n", task->group_leader->comm,
			status & 0xff);
	else
		pr_info("init (%s) exited with status %d\n", task->group_leader->comm, status);
	psci_system_off();
}

void __noreturn exit_to_zombie(int status)
{
	struct task_struct *task = current;
	bool group_dead;

	spin_lock(&tasklist_lock);
	group_dead = --task->signal->nr_threads == 0;
	spin_unlock(&tasklist_lock);
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
	exit_notify(task, status, group_dead);
	if (!thread_group_leader(task) || (!task->parent && group_dead))
		do_exit(status);
	schedule();
	panic("a zombie was scheduled again");
}

/* What wait reports: the group's status when exit_group or a signal ended it. */
static int exit_status(struct task_struct *p)
{
	return p->signal->group_exit ? p->signal->group_exit_code : p->exit_code;
}

/* A child wait4 may reap: a zombie whose threads have all gone. */
static bool reapable(struct task_struct *child)
{
	return READ_ONCE(child->state) == TASK_ZOMBIE && thread_group_empty(child);
}

/* Linux's wait status: exit code in bits 15:8, or the killing signal in 6:0. */
static int wait_status(int status)
{
	return status & EXIT_BY_SIGNAL ? status & 0x7f : (status & 0xff) << 8;
}

/*
 * A zombie child matching pid, taken off the children list; NULL if none.
 * *any says whether any matching child exists at all.
 */
static struct task_struct *find_dead_child(long pid, bool *any)
{
	struct task_struct *child;

	*any = false;
	spin_lock(&tasklist_lock);
	list_for_each_entry(child, &current->group_leader->children, sibling) {
		if (pid != -1 && child->pid != pid)
			continue;
		*any = true;
		if (reapable(child)) {
			list_del(&child->sibling);
			spin_unlock(&tasklist_lock);
			return child;
		}
	}
	spin_unlock(&tasklist_lock);
	return NULL;
}

/* The condition wait4 sleeps on: a matching zombie, or no matching child at all. */
static bool nothing_to_wait_for(long pid)
{
	struct task_struct *child;
	bool any = false, zombie = false;

	spin_lock(&tasklist_lock);
	list_for_each_entry(child, &current->group_leader->children, sibling) {
		if (pid != -1 && child->pid != pid)
			continue;
		any = true;
		zombie |= reapable(child);
	}
	spin_unlock(&tasklist_lock);
	return zombie || !any;
}

long sys_wait4(u64 pid, u64 wstatus, u64 options, u64 rusage, u64 a4 __unused,
	       u64 a5 __unused)
{
	long want = (long)pid;
	struct task_struct *child;
	bool any;
	int status, child_pid;
	long err;

	if (options & ~(u64)WAIT4_OPTIONS)
		return -EINVAL;
	if (want == 0 || want < -1)
		return -EINVAL;	/* process groups do not exist yet */
	for (;;) {
		child = find_dead_child(want, &any);
		if (child || !any)
			break;
		if (options & WNOHANG)
			return 0;
		err = wait_event_interruptible(child_exit_wait, nothing_to_wait_for(want));
		if (err)
			return err;
	}
	if (!child)
		return -ECHILD;
	/* It may still be switching away from its CPU, on its own stack. */
	while (READ_ONCE(child->on_cpu) >= 0)
		schedule();
	status = wait_status(exit_status(child));
	child_pid = child->pid;
	account_reaped_child(current, child);
	err = rusage ? put_child_rusage(child, rusage) : 0;
	sched_remove_task(child);
	if (!err && wstatus && copy_to_user(wstatus, &status, sizeof(status)))
		err = -EFAULT;
	return err ? err : child_pid;
}

/* Leave the address space, after what user space is owed (mm_release). */
static void exit_mm(struct task_struct *task)
{
	struct mm_struct *mm = task->mm;

	if (!mm)
		return;
	mm_release(task);
	task->mm = NULL;
	switch_mm(NULL);
	mm_put_user(task, mm);
}

void __noreturn do_exit_user(int status)
{
	struct task_struct *task = current;

	exit_mm(task);
	exit_files(task);
	exit_fs(task);
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
		__atomic_or_fetch(&t->sig_pending, sigmask(SIGKILL), __ATOMIC_SEQ_CST);
		wake_up_process(t);
	}
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
		status = signal->group_exit_code;
	} else if (!signal->group_exec_task) {
		signal->group_exit = true;
		signal->group_exit_code = status;
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
	list_del_init(&task->thread_group);
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
		   (READ_ONCE(task->sig_pending) & sigmask(SIGKILL)));
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
	if (leader != task)
		sched_remove_task(leader);	/* the old leader's pid is now task's */
	return 0;
}
