/*
 * Signals: sending (kill, tkill, tgkill, the console's Ctrl-C, the kernel
 * itself), the per-process actions and mask (rt_sigaction,
 * rt_sigprocmask), and the default actions taken on the way back to user
 * space. See kernel/signal.h for what is not there yet.
 *
 * Relies on the scheduler for finding tasks by pid (with a reference, so
 * a task that exits meanwhile is not freed under us) and for waking them.
 */
#include <kernel/signal.h>
#include <kernel/pgrp.h>
#include <kernel/syscalls.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/slab.h>
#include <asm/signal.h>

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
#define MAX_KILL_TARGETS 1024

/* Signals whose default action is to do nothing (job control is not supported: stops too). */
static const u64 default_ignored = (1ULL << (SIGCHLD - 1)) | (1ULL << (SIGCONT - 1)) |
	(1ULL << (SIGURG - 1)) | (1ULL << (SIGWINCH - 1)) | (1ULL << (SIGSTOP - 1)) |
	(1ULL << (SIGTSTP - 1)) | (1ULL << (SIGTTIN - 1)) | (1ULL << (SIGTTOU - 1));

static bool valid_signal(u64 sig)
{
	return sig >= 1 && sig <= NSIG;
}

/*
 * Whether sending sig to task would do nothing. Init, like Linux's, gets
 * only the signals it has handlers for: nothing can kill it by accident.
 */
static bool sig_ignored(struct task_struct *task, int sig)
{
	unsigned long handler = task->sighand->action[sig - 1].handler;

	if (task == init_process)
		return handler == SIG_DFL || handler == SIG_IGN;
	if (sig == SIGKILL || sig == SIGSTOP)
		return sig == SIGSTOP;
	if (handler == SIG_IGN)
		return true;
	return handler == SIG_DFL && (default_ignored & sigmask(sig));
}

int send_signal(struct task_struct *task, int sig)
{
	if (!valid_signal((u64)sig))
		return -EINVAL;
	if (sig_ignored(task, sig))
		return 0;
	__atomic_or_fetch(&task->sig_pending, sigmask(sig), __ATOMIC_SEQ_CST);
	/* A sleeper checks signal_pending after marking itself asleep: it sees the bit or is woken. */
	wake_up_process(task);
	return 0;
}

/*
 * Linux's kill_ok_by_cred: the sender acts as root (euid 0, which is when
 * Linux's CAP_KILL is effective), or its real or effective uid is the
 * target's real or saved uid. The target's effective uid does not count:
 * a set-uid program cannot be killed by whoever started it, but a daemon
 * that dropped to a user's euid keeps its saved root id safe from them.
 */
static bool kill_ok_by_cred(const struct task_struct *task)
{
	const struct cred *cred = &current->cred, *tcred = &task->cred;

	return cred->euid == 0 || cred->euid == tcred->suid || cred->euid == tcred->uid ||
	       cred->uid == tcred->suid || cred->uid == tcred->uid;
}

/* May the caller send sig to task? SIGCONT may go anywhere in its session. */
static int check_kill_permission(int sig, struct task_struct *task)
{
	if (task->tgid == current->tgid || kill_ok_by_cred(task))
		return 0;
	if (sig == SIGCONT && task->signal->session == current->signal->session)
		return 0;
	return -EPERM;
}

/* kill() to one process: the permission check first, sig 0 stops there. */
static int group_send_sig_info(int sig, struct task_struct *task)
{
	int err = check_kill_permission(sig, task);

	return err || !sig ? err : send_signal(task, sig);
}

/* Send sig to the process pid; sig 0 only checks that it exists. */
static long kill_pid(int pid, int sig)
{
	struct task_struct *task = find_get_task_by_pid(pid);
	long err;

	if (!task || (!task->parent && task != init_process))
		err = -ESRCH;	/* kernel threads are not processes */
	else
		err = group_send_sig_info(sig, task);
	if (task)
		put_task_struct(task);
	return err;
}

/*
 * sig to every process in group pgrp: 0 if one got it, else the last
 * error (ESRCH for an empty group). The kernel's own sends (the
 * terminal's) skip the permission check.
 */
static long __kill_pgrp(int pgrp, int sig, bool from_user)
{
	struct task_struct **tasks = kmalloc(MAX_KILL_TARGETS * sizeof(*tasks), GFP_KERNEL);
	long err = -ESRCH;
	bool success = false;
	int i, n;

	if (!tasks)
		return -ENOMEM;
	n = find_get_processes(in_pgrp, pgrp, tasks, MAX_KILL_TARGETS);
	for (i = 0; i < n; i++) {
		err = from_user ? group_send_sig_info(sig, tasks[i]) : send_signal(tasks[i], sig);
		success |= !err;
	}
	put_processes(tasks, n);
	kfree(tasks);
	return success ? 0 : err;
}

void kill_pgrp(int pgrp, int sig)
{
	__kill_pgrp(pgrp, sig, false);
}

static bool others_but_init(struct task_struct *task, long tgid)
{
	return task->tgid > 1 && task->tgid != tgid;
}

/*
 * kill(-1, sig): every process but init and the caller. As on Linux,
 * EPERM from some targets is not an error: only when no process was
 * there to try (ESRCH), or a target failed otherwise.
 */
static long kill_all(int sig)
{
	struct task_struct **tasks = kmalloc(MAX_KILL_TARGETS * sizeof(*tasks), GFP_KERNEL);
	long ret = 0, err;
	int i, n;

	if (!tasks)
		return -ENOMEM;
	n = find_get_processes(others_but_init, current->tgid, tasks, MAX_KILL_TARGETS);
	for (i = 0; i < n; i++) {
		err = group_send_sig_info(sig, tasks[i]);
		if (err != -EPERM)
			ret = err;
	}
	put_processes(tasks, n);
	kfree(tasks);
	return n ? ret : -ESRCH;
}

/* kill(pid > 0): that process; 0: the caller's group; -1: all it may; < -1: group -pid. */
long sys_kill(u64 pid, u64 sig, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
	      u64 a5 __unused)
{
	int target = (int)pid;

	if (sig != 0 && !valid_signal(sig))
		return -EINVAL;
	if (target > 0)
		return kill_pid(target, (int)sig);
	if (target == 0)
		return __kill_pgrp(current->signal->pgrp, (int)sig, true);
	if (target == -1)
		return kill_all((int)sig);
	if (target == (int)0x80000000)
		return -ESRCH;	/* -INT_MIN is no group id */
	return __kill_pgrp(-target, (int)sig, true);
}

/* One thread per process: a thread id is the pid. */
long sys_tkill(u64 tid, u64 sig, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
	       u64 a5 __unused)
{
	if ((s64)tid <= 0 || (sig != 0 && !valid_signal(sig)))
		return -EINVAL;
	return kill_pid((int)tid, (int)sig);
}

long sys_tgkill(u64 tgid, u64 tid, u64 sig, u64 a3 __unused, u64 a4 __unused,
		u64 a5 __unused)
{
	if ((s64)tgid <= 0 || (s64)tid <= 0)
		return -EINVAL;
	if (tgid != tid)
		return -ESRCH;
	return sys_tkill(tid, sig, 0, 0, 0, 0);
}

long sys_rt_sigaction(u64 sig, u64 act, u64 oact, u64 sigsetsize, u64 a4 __unused,
		      u64 a5 __unused)
{
	struct k_sigaction *action, new;

	if (sigsetsize != sizeof(u64) || !valid_signal(sig))
		return -EINVAL;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	action = &current->sighand->action[sig - 1];
	if (act && copy_from_user(&new, act, sizeof(new)))
		return -EFAULT;
	if (oact && copy_to_user(oact, action, sizeof(*action)))
		return -EFAULT;
	if (act) {
		new.mask &= ~SIG_UNBLOCKABLE;
		*action = new;
		/* Ignoring a signal also discards it if it is already pending. */
		if (sig_ignored(current, (int)sig))
			__atomic_and_fetch(&current->sig_pending, ~sigmask((int)sig),
					   __ATOMIC_SEQ_CST);
	}
	return 0;
}

long sys_rt_sigprocmask(u64 how, u64 set, u64 oset, u64 sigsetsize, u64 a4 __unused,
			u64 a5 __unused)
{
	u64 old = current->sig_blocked, mask;

	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	if (set) {
		if (copy_from_user(&mask, set, sizeof(mask)))
			return -EFAULT;
		if (how == SIG_BLOCK)
			mask |= old;
		else if (how == SIG_UNBLOCK)
			mask = old & ~mask;
		else if (how != SIG_SETMASK)
			return -EINVAL;
		current->sig_blocked = mask & ~SIG_UNBLOCKABLE;
	}
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/*
 * Kernel threads share these; a process gets copies of its own when it
 * forks or when a kernel thread becomes init. The first reference is the
 * boot's and is never dropped.
 */
struct sighand_struct init_sighand = { .count = 1 };
struct signal_struct init_signals = { .count = 1 };

void share_init_signals(struct task_struct *task)
{
	__atomic_add_fetch(&init_sighand.count, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&init_signals.count, 1, __ATOMIC_RELAXED);
	task->sighand = &init_sighand;
	task->signal = &init_signals;
}

int copy_sighand(struct task_struct *child, struct task_struct *parent)
{
	struct sighand_struct *sighand = kmalloc(sizeof(*sighand), GFP_KERNEL);
	struct signal_struct *signal = kmalloc(sizeof(*signal), GFP_KERNEL);

	if (!sighand || !signal) {
		kfree(sighand);
		kfree(signal);
		return -ENOMEM;
	}
	memcpy(sighand->action, parent->sighand->action, sizeof(sighand->action));
	sighand->count = 1;
	*signal = *parent->signal;
	signal->count = 1;
	signal->shared_pending = 0;
	signal->leader = false;	/* the group and session are inherited, leading them is not */
	put_signals(child);
	child->sighand = sighand;
	child->signal = signal;
	child->sig_blocked = parent->sig_blocked;
	child->sig_pending = 0;
	return 0;
}

void put_signals(struct task_struct *task)
{
	struct sighand_struct *sighand = task->sighand;
	struct signal_struct *signal = task->signal;

	task->sighand = NULL;
	task->signal = NULL;
	if (sighand && __atomic_sub_fetch(&sighand->count, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(sighand);
	if (signal && __atomic_sub_fetch(&signal->count, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(signal);
}

/* After execve the old program's handlers are gone; ignored signals stay ignored. */
void flush_signal_handlers(struct task_struct *task)
{
	struct k_sigaction *action = task->sighand->action;
	int i;

	for (i = 0; i < NSIG; i++) {
		if (action[i].handler != SIG_IGN)
			memset(&action[i], 0, sizeof(action[i]));
	}
}

static int next_signal(struct task_struct *task)
{
	u64 deliverable = READ_ONCE(task->sig_pending) & (~task->sig_blocked | SIG_UNBLOCKABLE);

	return deliverable ? __builtin_ctzll(deliverable) + 1 : 0;
}

bool force_sig_fault(int sig, unsigned long addr)
{
	struct task_struct *task = current;
	unsigned long handler = task->sighand->action[sig - 1].handler;

	/* Ignored or blocked, a fault still kills, as Linux's force_sig does. */
	if (handler == SIG_DFL || handler == SIG_IGN || (task->sig_blocked & sigmask(sig)))
		return false;
	task->sig_fault_addr = addr;
	__atomic_or_fetch(&task->sig_pending, sigmask(sig), __ATOMIC_SEQ_CST);
	return true;
}

/* Run the handler: a frame on the user stack, the mask the action asks for. */
static void handle_signal(struct task_struct *task, int sig)
{
	struct k_sigaction *action = &task->sighand->action[sig - 1];
	unsigned long fault_addr = task->sig_fault_addr;

	task->sig_fault_addr = 0;
	syscall_restart(task_pt_regs(task), action->flags & SA_RESTART);
	if (!setup_rt_frame(sig, action, fault_addr, task_pt_regs(task))) {
		pr_info("%s[%d]: cannot write a signal frame for signal %d\n", task->comm,
			task->pid, sig);
		do_exit_user(EXIT_BY_SIGNAL | SIGSEGV);
	}
	task->sig_blocked |= action->mask & ~SIG_UNBLOCKABLE;
	if (!(action->flags & SA_NODEFER))
		task->sig_blocked |= sigmask(sig);
	if (action->flags & SA_RESETHAND)
		action->handler = SIG_DFL;
}

void do_signal(void)
{
	struct task_struct *task = current;
	int sig = next_signal(task);

	if (!sig)
		return;
	__atomic_and_fetch(&task->sig_pending, ~sigmask(sig), __ATOMIC_SEQ_CST);
	if (sig_ignored(task, sig))
		return;
	if (task->sighand->action[sig - 1].handler == SIG_DFL || sig == SIGKILL)
		do_group_exit(EXIT_BY_SIGNAL | sig);
	handle_signal(task, sig);
}
