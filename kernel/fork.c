/*
 * clone and clone3: a new task made from the caller (the end of a task
 * and wait4 are in kernel/exit.c).
 *
 * Without flags the child is a new process, as fork makes: a copy of the
 * address space in which every page is shared copy-on-write
 * (mm/memory.c), and copies of the descriptor table, the working
 * directory and the signal actions. Each CLONE_ flag shares one of those
 * instead, counted by its users; CLONE_THREAD makes the child a thread of
 * the caller's process (same tgid, in the leader's thread list). The child
 * starts with the caller's registers and x0 = 0, so it returns from the
 * same call with 0. docs/threads.md explains the flags.
 *
 * The parent/child links and the thread lists are guarded by tasklist_lock.
 */
#include <kernel/syscalls.h>
#include <kernel/sched.h>
#include <kernel/wait.h>
#include <kernel/signal.h>
#include <kernel/rusage.h>
#include <kernel/fs/fdtable.h>
#include <kernel/fs/fs_struct.h>
#include <kernel/futex.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/err.h>
#include <kernel/lib/string.h>
#include <kernel/atomic.h>
#include <kernel/printk.h>
#include <mm/memory.h>
#include <mm/slab.h>
#include <mm/mmap_lock.h>
#include <mm/oom.h>
#include <asm/sysreg.h>
#include <asm/irqflags.h>
#include <asm/page-def.h>

#define CSIGNAL			0x000000ffULL	/* the signal sent to the parent at exit */
#define CLONE_VM		0x00000100ULL
#define CLONE_FS		0x00000200ULL
#define CLONE_FILES		0x00000400ULL
#define CLONE_SIGHAND		0x00000800ULL
#define CLONE_PIDFD		0x00001000ULL
#define CLONE_PTRACE		0x00002000ULL
#define CLONE_VFORK		0x00004000ULL
#define CLONE_PARENT		0x00008000ULL
#define CLONE_THREAD		0x00010000ULL
#define CLONE_NEWNS		0x00020000ULL
#define CLONE_SYSVSEM		0x00040000ULL
#define CLONE_SETTLS		0x00080000ULL
#define CLONE_PARENT_SETTID	0x00100000ULL
#define CLONE_CHILD_CLEARTID	0x00200000ULL
#define CLONE_DETACHED		0x00400000ULL
#define CLONE_UNTRACED		0x00800000ULL
#define CLONE_CHILD_SETTID	0x01000000ULL
#define CLONE_NEWCGROUP		0x02000000ULL
#define CLONE_NEWUTS		0x04000000ULL
#define CLONE_NEWIPC		0x08000000ULL
#define CLONE_NEWUSER		0x10000000ULL
#define CLONE_NEWPID		0x20000000ULL
#define CLONE_NEWNET		0x40000000ULL
#define CLONE_IO		0x80000000ULL
#define CLONE_CLEAR_SIGHAND	0x100000000ULL	/* clone3 only */
#define CLONE_INTO_CGROUP	0x200000000ULL	/* clone3 only */
#define CLONE_NEWTIME		0x00000080ULL	/* clone3 only: inside CSIGNAL for clone */
#define CLONE_LEGACY_FLAGS	0xffffffffULL

/*
 * What tkern has not got: namespaces, pidfds and cgroups. Linux built
 * without namespace support refuses their flags with EINVAL, as here.
 */
#define CLONE_NOT_SUPPORTED (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | \
			     CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWTIME | \
			     CLONE_PIDFD | CLONE_INTO_CGROUP)

#define CLONE_ARGS_SIZE_VER0 64		/* the first struct clone_args: up to tls */

/* clone3's argument, Linux's struct clone_args (VER2, 88 bytes). */
struct clone_args {
	u64 flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	u64 set_tid, set_tid_size, cgroup;
};

/* What clone and clone3 both come down to (Linux's kernel_clone_args). */
struct kernel_clone_args {
	u64 flags;
	int exit_signal;
	unsigned long stack;		/* the child's sp, 0: the parent's */
	unsigned long tls, parent_tid, child_tid;
};

/* vfork parents sleep here until their child execs or exits. */
static DECLARE_WAIT_QUEUE_HEAD(vfork_wait);

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
 * no fault of another of its threads may undo halfway. copying_mm tells
 * reclaim, should the copy's own allocations need it, that this task
 * holds that lock and the parent's pages may be swapped out all the same
 * (mm/rmap.c).
 */
static struct mm_struct *dup_mm(struct mm_struct *oldmm)
{
	struct mm_struct *mm = mm_create();
	int err;

	if (!mm)
		return NULL;
	mmap_write_lock(oldmm);
	current->copying_mm = oldmm;
	err = dup_mmap(mm, oldmm);
	current->copying_mm = NULL;
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

/*
 * mmput for a task leaving the address space: the last user also adds the
 * space's page faults to its process's count (getrusage, /proc stat).
 */
void mm_put_user(struct task_struct *task, struct mm_struct *mm)
{
	if (!atomic_dec_and_test(&mm->mm_users))
		return;
	account_mm_faults(task->group_leader, mm);
	exit_mmap(mm);
	oom_forget_victim(mm);	/* an OOM victim's mm_struct goes now, not at the next OOM */
	mmdrop(mm);
}

void complete_vfork_done(struct task_struct *task)
{
	if (!READ_ONCE(task->in_vfork))
		return;
	WRITE_ONCE(task->in_vfork, false);
	wake_up(&vfork_wait);
}

void mm_release_futexes(struct task_struct *task)
{
	int zero = 0;

	exit_robust_list(task);
	/* Nobody else can be waiting when no other task has the memory. */
	if (task->clear_child_tid && atomic_read(&task->mm->mm_users) > 1 &&
	    !copy_to_user(task->clear_child_tid, &zero, sizeof(zero)))
		futex_wake_address(task->clear_child_tid);
	task->clear_child_tid = 0;
}

void mm_release(struct task_struct *task)
{
	mm_release_futexes(task);
	complete_vfork_done(task);
}

/* The refusals of Linux's copy_process, in its order; 0 if flags make sense. */
static int check_clone_flags(u64 flags)
{
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS) ||
	    (flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
		return -EINVAL;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	/* Init must not make siblings: nobody would reap them. */
	if ((flags & CLONE_PARENT) && current->group_leader == init_process)
		return -EINVAL;
	if ((flags & CLONE_THREAD) && (flags & (CLONE_NEWUSER | CLONE_NEWPID)))
		return -EINVAL;
	if ((flags & CLONE_PIDFD) && (flags & (CLONE_DETACHED | CLONE_THREAD)))
		return -EINVAL;
	return flags & CLONE_NOT_SUPPORTED ? -EINVAL : 0;
}

static int copy_mm(struct task_struct *child, struct task_struct *parent, u64 flags)
{
	if (flags & CLONE_VM) {
		mmget(parent->mm);
		child->mm = parent->mm;
		return 0;
	}
	child->mm = dup_mm(parent->mm);
	return child->mm ? 0 : -ENOMEM;
}

/* A thread shares both; CLONE_SIGHAND alone shares the actions but not the rest. */
static int copy_signal_state(struct task_struct *child, struct task_struct *parent, u64 flags)
{
	struct sighand_struct *own;
	int err;

	if (flags & CLONE_THREAD) {
		put_signals(child);
		__atomic_add_fetch(&parent->sighand->count, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&parent->signal->count, 1, __ATOMIC_RELAXED);
		child->sighand = parent->sighand;
		child->signal = parent->signal;
		child->sig_blocked = parent->sig_blocked;
		return 0;
	}
	err = copy_sighand(child, parent);
	if (err)
		return err;
	if (flags & CLONE_SIGHAND) {
		own = child->sighand;	/* a fresh copy nobody else has seen */
		__atomic_add_fetch(&parent->sighand->count, 1, __ATOMIC_RELAXED);
		child->sighand = parent->sighand;
		kfree(own);
	}
	if (flags & CLONE_CLEAR_SIGHAND)
		flush_signal_handlers(child);
	return 0;
}

int unshare_sighand(struct task_struct *task)
{
	struct sighand_struct *old = task->sighand, *own;

	if (READ_ONCE(old->count) == 1)
		return 0;
	own = kmalloc(sizeof(*own), GFP_KERNEL);
	if (!own)
		return -ENOMEM;
	memcpy(own->action, old->action, sizeof(own->action));
	own->count = 1;
	task->sighand = own;
	if (__atomic_sub_fetch(&old->count, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(old);
	return 0;
}

/* Undo copy_process's work on a child that never ran (its signal state and fs go with it). */
static void release_unstarted(struct task_struct *child)
{
	if (child->mm)
		mm_put_user(child, child->mm);
	child->mm = NULL;
	exit_files(child);
}

static struct task_struct *copy_process(const struct kernel_clone_args *args)
{
	struct task_struct *parent = current, *child;
	u64 flags = args->flags;
	int err = check_clone_flags(flags);

	if (err)
		return ERR_PTR(err);
	child = user_task_create(parent->comm);
	if (!child)
		return ERR_PTR(-ENOMEM);
	err = copy_mm(child, parent, flags);
	if (!err)
		err = copy_signal_state(child, parent, flags);
	if (!err)
		err = copy_files(child, parent, flags & CLONE_FILES);
	if (!err)
		err = copy_fs(child, parent, flags & CLONE_FS);
	if (err) {
		release_unstarted(child);
		put_task_struct(child);
		return ERR_PTR(err);
	}
	child->cred = parent->cred;
	child->personality = parent->personality;
	child->cpus_allowed = parent->cpus_allowed;
	child->static_prio = parent->static_prio;
	child->policy = parent->policy;
	child->sched_reset_on_fork = parent->sched_reset_on_fork;
	child->make_it_fail = parent->make_it_fail;
	sched_fork(child);
	/* The parent's user registers the kernel never saves: live in this CPU now. */
	child->tls = flags & CLONE_SETTLS ? args->tls : read_sysreg(tpidr_el0);
	fpsimd_save_state(&child->fpsimd);
	*task_pt_regs(child) = *task_pt_regs(parent);
	task_pt_regs(child)->regs[0] = 0;
	if (args->stack)
		task_pt_regs(child)->sp = args->stack;
	if (flags & CLONE_CHILD_SETTID)
		child->set_child_tid = args->child_tid;
	if (flags & CLONE_CHILD_CLEARTID)
		child->clear_child_tid = args->child_tid;
	if (flags & CLONE_THREAD) {
		child->group_leader = parent->group_leader;
		child->tgid = parent->tgid;
	}
	return child;
}

/*
 * Link the child to its parent (or, for a thread, into its group). Fails
 * with -EINTR when the caller's process is being killed or exec'd
 * meanwhile: a thread born now would escape that.
 */
static int attach_child(struct task_struct *child, const struct kernel_clone_args *args)
{
	struct task_struct *leader = current->group_leader;
	struct signal_struct *signal = current->signal;

	spin_lock(&tasklist_lock);
	if (signal->group_exit || signal->group_exec_task) {
		spin_unlock(&tasklist_lock);
		return -EINTR;
	}
	if (args->flags & (CLONE_THREAD | CLONE_PARENT)) {
		child->parent = leader->parent;
		child->exit_signal = args->flags & CLONE_THREAD ? 0 : leader->exit_signal;
	} else {
		child->parent = leader;	/* children belong to the process, not the thread */
		child->exit_signal = args->exit_signal;
	}
	if (args->flags & CLONE_THREAD) {
		thread_group_link(child, leader);
		signal->nr_threads++;
	} else if (child->parent) {
		list_add_tail(&child->sibling, &child->parent->children);
	}
	spin_unlock(&tasklist_lock);
	return 0;
}

/*
 * A vfork parent waits, not even for a signal's handler, until the child
 * has exec'd or exited: the child runs on its memory and stack meanwhile.
 * Only SIGKILL ends the wait (Linux's killable sleep).
 */
static void wait_for_vfork_done(struct task_struct *child)
{
	wait_event(vfork_wait, !READ_ONCE(child->in_vfork) ||
		   (READ_ONCE(current->sig_pending.signal) & sigmask(SIGKILL)));
}

static long kernel_clone(const struct kernel_clone_args *args)
{
	struct task_struct *child = copy_process(args);
	int pid, err;

	if (IS_ERR(child))
		return PTR_ERR(child);
	err = sched_add_child(child, nproc_limit());
	if (err) {
		release_unstarted(child);
		put_task_struct(child);
		return err;
	}
	err = attach_child(child, args);
	if (err) {
		release_unstarted(child);
		sched_remove_task(child);
		return err;
	}
	pid = child->pid;
	if (args->flags & CLONE_PARENT_SETTID)
		copy_to_user(args->parent_tid, &pid, sizeof(pid));	/* errors ignored, as Linux */
	if (args->flags & CLONE_VFORK) {
		child->in_vfork = true;
		get_task_struct(child);
	}
	wake_up_new_task(child);
	if (args->flags & CLONE_VFORK) {
		wait_for_vfork_done(child);
		put_task_struct(child);
	}
	return pid;
}

/* clone(flags, stack, parent_tid, tls, child_tid): AArch64's argument order. */
long sys_clone(u64 flags, u64 newsp, u64 parent_tid, u64 tls, u64 child_tid,
	       u64 a5 __unused)
{
	struct kernel_clone_args args = {
		/* Linux reads only the low 32 bits; CLONE_DETACHED is ignored there. */
		.flags = flags & CLONE_LEGACY_FLAGS & ~(CSIGNAL | CLONE_DETACHED),
		.exit_signal = (int)(flags & CSIGNAL),
		.stack = newsp, .tls = tls, .parent_tid = parent_tid, .child_tid = child_tid,
	};

	return kernel_clone(&args);
}

static bool all_zero(const u8 *bytes, size_t n)
{
	while (n && !bytes[n - 1])
		n--;
	return n == 0;
}

/* Linux's copy_struct_from_user: bytes past what we know must be zero (E2BIG). */
static int copy_clone_args(struct clone_args *args, u64 uargs, u64 size)
{
	u8 rest[64];
	u64 at, n;

	memset(args, 0, sizeof(*args));
	if (copy_from_user(args, uargs, MIN(size, sizeof(*args))))
		return -EFAULT;
	for (at = sizeof(*args); at < size; at += n) {
		n = MIN(size - at, sizeof(rest));
		if (copy_from_user(rest, uargs + at, n))
			return -EFAULT;
		if (!all_zero(rest, n))
			return -E2BIG;
	}
	return 0;
}

/* Linux's clone3_args_valid and the checks before it, in its order. */
static int check_clone3_args(const struct clone_args *args)
{
	if (args->set_tid_size > 32 || (!args->set_tid && args->set_tid_size) ||
	    (args->set_tid && !args->set_tid_size))
		return -EINVAL;
	if ((args->exit_signal & ~CSIGNAL) || args->exit_signal > NSIG)
		return -EINVAL;
	if (args->flags & ~(CLONE_LEGACY_FLAGS | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP))
		return -EINVAL;
	if (args->flags & (CLONE_DETACHED | (CSIGNAL & ~CLONE_NEWTIME)))
		return -EINVAL;
	if ((args->flags & CLONE_SIGHAND) && (args->flags & CLONE_CLEAR_SIGHAND))
		return -EINVAL;
	if ((args->flags & (CLONE_THREAD | CLONE_PARENT)) && args->exit_signal)
		return -EINVAL;
	if (!args->stack ? args->stack_size != 0 :
	    !args->stack_size || !access_ok(args->stack, args->stack_size))
		return -EINVAL;
	/* Choosing the child's pid (set_tid) is not supported. */
	return args->set_tid ? -EINVAL : 0;
}

long sys_clone3(u64 uargs, u64 size, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
		u64 a5 __unused)
{
	struct clone_args args;
	struct kernel_clone_args kargs;
	int err;

	if (size > PAGE_SIZE)
		return -E2BIG;
	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	err = copy_clone_args(&args, uargs, size);
	if (!err)
		err = check_clone3_args(&args);
	if (err)
		return err;
	kargs = (struct kernel_clone_args) {
		.flags = args.flags, .exit_signal = (int)args.exit_signal,
		/* The stack grows down: the child starts at its top. */
		.stack = args.stack ? args.stack + args.stack_size : 0,
		.tls = args.tls, .parent_tid = args.parent_tid, .child_tid = args.child_tid,
	};
	return kernel_clone(&kargs);
}
