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

/* Send sig to the process pid; sig 0 only checks that it exists. */
static long kill_pid(int pid, int sig)
{
	struct task_struct *task = find_get_task_by_pid(pid);
	long err = 0;

	if (!task || (!task->mm && task->state != TASK_ZOMBIE))
		err = -ESRCH;	/* kernel threads are not processes */
	else if (sig)
		err = send_signal(task, sig);
	if (task)
		put_task_struct(task);
	return err;
}

/* kill(-1, sig): every process but init and the caller. */
static long kill_all(int sig, bool include_self)
{
	int *pids = kmalloc(MAX_KILL_TARGETS * sizeof(*pids), GFP_KERNEL);
	int i, n, sent = 0;

	if (!pids)
		return -ENOMEM;
	n = user_pids(pids, MAX_KILL_TARGETS);
	for (i = 0; i < n; i++) {
		if (pids[i] == 1 || (!include_self && pids[i] == current->pid))
			continue;
		if (kill_pid(pids[i], sig) == 0)
			sent++;
	}
	kfree(pids);
	return sent ? 0 : -ESRCH;
}

void kill_foreground(int sig)
{
	kill_all(sig, true);
}

/* Without process groups, a group means every process: kill(0) and kill(-pgid) as kill(-1). */
long sys_kill(u64 pid, u64 sig, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
	      u64 a5 __unused)
{
	int target = (int)pid;

	if (sig != 0 && !valid_signal(sig))
		return -EINVAL;
	if (target > 0)
		return kill_pid(target, (int)sig);
	if (target == (int)0x80000000)
		return -ESRCH;
	return kill_all((int)sig, target == 0 || target < -1);
}

/* A thread id is a task's pid: kill_pid finds threads too. */
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
	struct task_struct *task;
	bool in_group;

	if ((s64)tgid <= 0 || (s64)tid <= 0)
		return -EINVAL;
	task = find_get_task_by_pid((int)tid);
	in_group = task && task->tgid == (int)tgid;
	if (task)
		put_task_struct(task);
	if (!in_group)
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
		do_group_exit(EXIT_BY_SIGNAL | SIGSEGV);
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
	/* A SIGKILL that got here ends the thread, even init's (its process is ending). */
	if (sig != SIGKILL && sig_ignored(task, sig))
		return;
	if (task->sighand->action[sig - 1].handler == SIG_DFL || sig == SIGKILL)
		do_group_exit(EXIT_BY_SIGNAL | sig);
	handle_signal(task, sig);
}
