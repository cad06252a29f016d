/*
 * Processes begetting processes: clone with fork's semantics (the end of
 * a process and wait4 are in kernel/exit.c).
 *
 * The child gets a copy of the parent's address space in which every page
 * is shared copy-on-write (mm/memory.c), and the parent's registers with
 * x0 = 0, so it returns from the same clone call with 0. The parent/child
 * links are guarded by tasklist_lock.
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
#include <mm/mmap_lock.h>
#include <asm/sysreg.h>
#include <asm/irqflags.h>

#define CSIGNAL 0x000000ff		/* the signal sent to the parent at exit */
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_CHILD_SETTID 0x01000000
#define CLONE_FORK_FLAGS (CSIGNAL | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID)

struct mm_struct *get_task_mm(struct task_struct *task)
{
	struct mm_struct *mm;

	task_lock(task);
	mm = task->mm;
	if (mm)
		mmget(mm);
	task_unlock(task);
	return mm;
}

/*
 * The child's copy of the parent's address space. The parent's mmap_lock
 * is held for writing: the copy write-protects the parent's pages, which
 * no fault of another of its threads may undo halfway.
 */
static struct mm_struct *dup_mm(struct mm_struct *oldmm)
{
	struct mm_struct *mm = mm_create();
	int err;

	if (!mm)
		return NULL;
	mmap_write_lock(oldmm);
	err = dup_mmap(mm, oldmm);
	mmap_write_unlock(oldmm);
	if (err) {
		mmput(mm);
		return NULL;
	}
	return mm;
}

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
	struct mm_struct *mm = child ? dup_mm(parent->mm) : NULL;

	if (!mm || copy_sighand(child, parent) || copy_files(child, parent)) {
		if (mm)
			mmput(mm);
		if (child) {
			exit_files(child);
			put_task_struct(child);
		}
		return NULL;
	}
	child->mm = mm;
	child->cred = parent->cred;
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
