/*
 * Waiting for signals: rt_sigsuspend (sleep with another mask until a
 * signal is taken), rt_sigtimedwait (take a signal of a set from the
 * pending ones, sleeping for it at most a while) and rt_sigpending (the
 * blocked ones waiting). The sets are Linux's 64-bit sigset_t.
 *
 * rt_sigsuspend's own mask stays until the handler's frame has recorded
 * the old one (restore_sigmask, see do_signal); rt_sigtimedwait unblocks
 * its set while it sleeps, keeping the real mask in real_blocked so that
 * a signal sent meanwhile is not taken for ignored.
 */
#include <kernel/signal.h>
#include <kernel/spinlock.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/time.h>
#include <asm/barrier.h>

long sys_rt_sigpending(u64 uset, u64 sigsetsize, u64 a2 __unused, u64 a3 __unused,
		       u64 a4 __unused, u64 a5 __unused)
{
	u64 pending = pending_signals(current) & current->sig_blocked;

	if (sigsetsize > sizeof(u64))
		return -EINVAL;
	return copy_to_user(uset, &pending, sigsetsize) ? -EFAULT : 0;
}

long sys_rt_sigsuspend(u64 unewset, u64 sigsetsize, u64 a2 __unused, u64 a3 __unused,
		       u64 a4 __unused, u64 a5 __unused)
{
	struct task_struct *task = current;
	u64 newset;

	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	if (copy_from_user(&newset, unewset, sizeof(newset)))
		return -EFAULT;
	task->saved_sigmask = task->sig_blocked;
	set_current_blocked(newset);
	for (;;) {
		task->state = TASK_INTERRUPTIBLE;
		smp_mb();	/* the state is seen before we look at the pending sets */
		if (signal_pending(task))
			break;
		schedule();
	}
	task->state = TASK_RUNNING;
	task->restore_sigmask = true;
	return -ERESTARTNOHAND;
}

/* A signal of these, waiting for one until deadline: its number, -EAGAIN or -EINTR. */
static long do_sigtimedwait(u64 these, kernel_siginfo_t *info, u64 deadline)
{
	struct task_struct *task = current;
	spinlock_t *siglock = &task->sighand->siglock;
	unsigned long flags;
	int sig, slept;

	spin_lock_irqsave(siglock, flags);
	sig = dequeue_signal(task, ~these, info);
	if (sig) {
		spin_unlock_irqrestore(siglock, flags);
		return sig;
	}
	task->real_blocked = task->sig_blocked;
	task->sig_blocked &= ~these;
	spin_unlock_irqrestore(siglock, flags);
	slept = sleep_until_interruptible(deadline);
	spin_lock_irqsave(siglock, flags);
	task->sig_blocked = task->real_blocked;
	task->real_blocked = 0;
	sig = dequeue_signal(task, ~these, info);
	spin_unlock_irqrestore(siglock, flags);
	if (sig)
		return sig;
	return slept ? -EINTR : -EAGAIN;
}

long sys_rt_sigtimedwait(u64 uthese, u64 uinfo, u64 uts, u64 sigsetsize, u64 a4 __unused,
			 u64 a5 __unused)
{
	kernel_siginfo_t info;
	u64 these, deadline = ~0ULL;
	long ret;

	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	if (copy_from_user(&these, uthese, sizeof(these)))
		return -EFAULT;
	if (uts) {
		ret = timespec_deadline(uts, &deadline);
		if (ret)
			return ret;
	}
	ret = do_sigtimedwait(these & ~SIG_UNBLOCKABLE, &info, deadline);
	if (ret > 0 && uinfo && copy_to_user(uinfo, &info, sizeof(info)))
		return -EFAULT;
	return ret;
}
