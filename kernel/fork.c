/*
 * Processes begetting processes: clone with fork's semantics, exit into a
 * zombie that keeps its exit status, and wait4 that collects it.
 *
 * The child gets a copy of the parent's address space in which every page
 * is shared copy-on-write (mm/memory.c), and the parent's registers with
 * x0 = 0, so it returns from the same clone call with 0. The parent/child
 * links are guarded by tasklist_lock; exits wake every waiting parent,
 * which each look for their own children.
 */
#include <kernel/syscalls.h>
#include <kernel/sched.h>
#include <kernel/wait.h>
#include <kernel/signal.h>
#include <kernel/rusage.h>
#include <kernel/fdtable.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/string.h>
#include <kernel/atomic.h>
#include <kernel/printk.h>
#include <mm/memory.h>
#include <asm/sysreg.h>
#include <asm/irqflags.h>

#define CSIGNAL 0x000000ff		/* the signal sent to the parent at exit */
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_CHILD_SETTID 0x01000000
#define CLONE_FORK_FLAGS (CSIGNAL | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID)
#define WNOHANG 0x1
#define WUNTRACED 0x2
#define WCONTINUED 0x8
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000
/* Accepted; with no stopped processes and one thread each, only WNOHANG acts. */
#define WAIT4_OPTIONS (WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE)

static DEFINE_SPINLOCK(tasklist_lock);
static DECLARE_WAIT_QUEUE_HEAD(child_exit_wait);
struct task_struct *init_process;	/* pid 1: adopts orphans */

/* In the child, before its first return to user space. */
void child_first_run(void)
{
	int pid = current->pid;

	if (current->set_child_tid)
		copy_to_user(current->set_child_tid, &pid, sizeof(pid));
}

static struct task_struct *copy_process(unsigned long newsp, unsigned long child_tid,
					unsigned long flags)
{
	struct task_struct *parent = current, *child = user_task_create(parent->comm);
	struct mm_struct *mm = child ? mm_create() : NULL;

	if (!mm || dup_mmap(mm, parent->mm) || copy_files(child, parent)) {
		if (mm)
			mm_destroy(mm);
		if (child)
			put_task_struct(child);
		return NULL;
	}
	child->mm = mm;
	copy_sighand(child, parent);
	/* The parent's user registers the kernel never saves: live in this CPU now. */
	child->tls = read_sysreg(tpidr_el0);
	fpsimd_save_state(&child->fpsimd);
	*task_pt_regs(child) = *task_pt_regs(parent);
	task_pt_regs(child)->regs[0] = 0;
	if (newsp)
		task_pt_regs(child)->sp = newsp;
	if (flags & CLONE_CHILD_SETTID)
		child->set_child_tid = child_tid;
	return child;
}

long sys_clone(u64 flags, u64 newsp, u64 parent_tid __unused, u64 tls __unused,
	       u64 child_tid, u64 a5 __unused)
{
	struct task_struct *child;

	if (flags & ~(u64)CLONE_FORK_FLAGS)
		return -EINVAL;	/* threads and shared tables are not supported yet */
	child = copy_process(newsp, child_tid, flags);
	if (!child)
		return -ENOMEM;
	child->parent = current;
	spin_lock(&tasklist_lock);
	list_add_tail(&child->sibling, &current->children);
	spin_unlock(&tasklist_lock);
	sched_add_task(child, false);
	wake_up_process(child);
	return child->pid;
}

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
		if (wait_event_interruptible(child_exit_wait, nothing_to_wait_for(want)))
			return -EINTR;
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
