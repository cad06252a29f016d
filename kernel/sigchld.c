/*
 * What a parent hears of its children: SIGCHLD (or the exit signal clone
 * asked for) with si_pid, si_uid, si_status and si_code CLD_EXITED or
 * CLD_KILLED when a child process ends, CLD_STOPPED or CLD_CONTINUED when
 * it stops or continues (not with SA_NOCLDSTOP). A parent that ignores
 * SIGCHLD, or set SA_NOCLDWAIT, leaves no zombies: its children are
 * reaped as they end (Linux's rule, POSIX's too).
 *
 * Called with tasklist_lock held (the parent link cannot change), it
 * takes the parent's siglock inside it. Waking the parent's wait4 is
 * kernel/exit.c's.
 */
#include <kernel/signal.h>
#include <kernel/syscalls.h>
#include <kernel/spinlock.h>
#include <kernel/lib/string.h>

static void fill_chld_info(kernel_siginfo_t *info, struct task_struct *task, int sig,
			   int code, int status)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = code;
	info->chld.pid = task->tgid;
	info->chld.uid = task->cred.uid;
	info->chld.status = status;
	info->chld.utime = (s64)task->group_leader->ticks;	/* HZ is USER_HZ: 100 */
}

bool do_notify_parent(struct task_struct *task, int sig)
{
	struct task_struct *parent = parent_of(task);
	struct sighand_struct *psig = parent->sighand;
	struct k_sigaction *action = &psig->action[SIGCHLD - 1];
	kernel_siginfo_t info;
	unsigned long flags;
	bool autoreap = false;

	if (task->exit_code & EXIT_BY_SIGNAL)
		fill_chld_info(&info, task, sig,
			       task->exit_code & EXIT_CORE_DUMPED ? CLD_DUMPED : CLD_KILLED,
			       task->exit_code & 0x7f);
	else
		fill_chld_info(&info, task, sig, CLD_EXITED, task->exit_code & 0xff);
	spin_lock_irqsave(&psig->siglock, flags);
	if (sig == SIGCHLD && (action->handler == SIG_IGN || (action->flags & SA_NOCLDWAIT))) {
		autoreap = true;
		if (action->handler == SIG_IGN)
			sig = 0;
	}
	if (sig > 0 && sig <= NSIG)
		send_signal_locked(sig, &info, parent, true);
	spin_unlock_irqrestore(&psig->siglock, flags);
	return autoreap;
}

void do_notify_parent_cldstop(struct task_struct *task, int why)
{
	struct task_struct *parent;
	kernel_siginfo_t info;
	unsigned long flags;

	spin_lock(&tasklist_lock);
	parent = parent_of(task);
	if (parent) {
		fill_chld_info(&info, task, SIGCHLD, why, why == CLD_CONTINUED ? SIGCONT :
			       READ_ONCE(task->signal->group_exit_code) & 0x7f);
		spin_lock_irqsave(&parent->sighand->siglock, flags);
		if (!(parent->sighand->action[SIGCHLD - 1].flags & SA_NOCLDSTOP))
			send_signal_locked(SIGCHLD, &info, parent, true);
		spin_unlock_irqrestore(&parent->sighand->siglock, flags);
	}
	spin_unlock(&tasklist_lock);
	wake_up_parent();
}
