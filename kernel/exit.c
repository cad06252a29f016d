/*
 * The end of a process: do_exit_user gives back its address space and
 * descriptors, then it waits as a zombie, keeping its exit status, until
 * its parent collects it with wait4. Its children go to init.
 *
 * The parent/child links are guarded by tasklist_lock; an exit wakes every
 * waiting parent, and each looks for its own children.
 */
#include <kernel/syscalls.h>
#include <kernel/sched.h>
#include <kernel/wait.h>
#include <kernel/signal.h>
#include <kernel/rusage.h>
#include <kernel/fdtable.h>
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

/* Children go to init; init cannot wait for itself. */
static void reparent_children(struct task_struct *task)
{
	struct task_struct *child, *next;

	list_for_each_entry_safe(child, next, &task->children, sibling) {
		list_del(&child->sibling);
		child->parent = init_process;
		if (init_process && init_process != task)
			list_add_tail(&child->sibling, &init_process->children);
		else
			INIT_LIST_HEAD(&child->sibling);
	}
}

void __noreturn exit_to_zombie(int status)
{
	struct task_struct *task = current;

	/*
	 * Once a zombie, this task must reach schedule() without being
	 * preempted: switched out as a zombie, it would never run again and
	 * never wake its parent.
	 */
	local_irq_disable();
	spin_lock(&tasklist_lock);
	reparent_children(task);
	task->exit_code = status;
	task->state = TASK_ZOMBIE;
	spin_unlock(&tasklist_lock);
	wake_up(&child_exit_wait);
	schedule();
	panic("a zombie was scheduled again");
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
	list_for_each_entry(child, &current->children, sibling) {
		if (pid != -1 && child->pid != pid)
			continue;
		*any = true;
		if (READ_ONCE(child->state) == TASK_ZOMBIE) {
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
	list_for_each_entry(child, &current->children, sibling) {
		if (pid != -1 && child->pid != pid)
			continue;
		any = true;
		zombie |= READ_ONCE(child->state) == TASK_ZOMBIE;
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
	status = wait_status(child->exit_code);
	child_pid = child->pid;
	account_reaped_child(current, child);
	err = rusage ? put_child_rusage(child, rusage) : 0;
	sched_remove_task(child);
	if (!err && wstatus && copy_to_user(wstatus, &status, sizeof(status)))
		err = -EFAULT;
	return err ? err : child_pid;
}

void __noreturn do_exit_user(int status)
{
	struct task_struct *task = current;
	struct mm_struct *mm = task->mm;

	task_lock(task);
	task->mm = NULL;
	switch_mm(NULL);
	task_unlock(task);
	if (mm) {
		account_mm_faults(task, mm);
		mmput(mm);
	}
	exit_files(task);
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
