/*
 * Job control's half of signals: the default action of SIGSTOP, SIGTSTP,
 * SIGTTIN and SIGTTOU stops the whole process (a group stop: every thread
 * stops, and the last to do so tells the parent), and SIGCONT resumes it
 * at the moment it is sent, even when SIGCONT is ignored or handled. A
 * stop signal discards a pending SIGCONT and SIGCONT the pending stops,
 * as Linux's prepare_signal. SIGKILL ends a stopped process too.
 *
 * The stop state lives in the signal_struct (SIGNAL_STOP_STOPPED, the
 * stop signal in group_exit_code until wait4 reports it) and each
 * thread's jobctl bits, all under the siglock. The parent hears of it
 * through kernel/sigchld.c.
 */
#include <kernel/signal.h>
#include <kernel/spinlock.h>
#include <asm/barrier.h>

#define STOP_SIGNALS (sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU))

bool sig_kernel_stop(int sig)
{
	return sig < SIGRTMIN && (STOP_SIGNALS & sigmask(sig));
}

static void set_stop_flags(struct signal_struct *signal, unsigned int flags)
{
	signal->flags = (signal->flags & ~SIGNAL_STOP_MASK) | flags;
}

void prepare_stop_signal(struct task_struct *p, int sig)
{
	struct signal_struct *signal = p->signal;
	struct task_struct *leader = p->group_leader, *t;
	unsigned int why = 0;

	if (sig_kernel_stop(sig)) {
		flush_process_signals(p, sigmask(SIGCONT));
		return;
	}
	if (sig != SIGCONT)
		return;
	flush_process_signals(p, STOP_SIGNALS);
	for (t = leader; t; t = next_thread(leader, t)) {
		t->jobctl &= ~(JOBCTL_STOP_PENDING | JOBCTL_STOPPED | JOBCTL_STOP_DEQUEUED);
		signal_wake_up(t);
	}
	/* The parent is told by the process itself, once running (lock order). */
	if (signal->flags & SIGNAL_STOP_STOPPED)
		why = SIGNAL_CLD_CONTINUED;
	else if (signal->group_stop_count)
		why = SIGNAL_CLD_STOPPED;
	if (why) {
		set_stop_flags(signal, why | SIGNAL_STOP_CONTINUED);
		signal->group_stop_count = 0;
		signal->group_exit_code = 0;
	}
}

/* Start a group stop: every live thread is to stop. siglock held. */
static void start_group_stop(struct task_struct *task, int sig)
{
	struct task_struct *leader = task->group_leader, *t;
	struct signal_struct *signal = task->signal;

	signal->group_exit_code = sig;
	signal->group_stop_count = 0;
	for (t = leader; t; t = next_thread(leader, t)) {
		if (t != task && !t->mm)
			continue;	/* on its way out */
		t->jobctl |= JOBCTL_STOP_PENDING;
		signal->group_stop_count++;
		if (t != task)
			signal_wake_up(t);
	}
}

/* Sleep while stopped: until SIGCONT clears JOBCTL_STOPPED, or SIGKILL comes. */
static void stopped_sleep(void)
{
	struct task_struct *task = current;

	for (;;) {
		task->state = TASK_INTERRUPTIBLE;
		smp_mb();	/* the state is seen before we look at the flags */
		if (!(READ_ONCE(task->jobctl) & JOBCTL_STOPPED) || fatal_signal_pending(task))
			break;
		schedule();
	}
	task->state = TASK_RUNNING;
}

void do_signal_stop(int sig)
{
	struct task_struct *task = current;
	struct signal_struct *signal = task->signal;
	spinlock_t *siglock = &task->sighand->siglock;
	unsigned long flags;
	bool last;

	spin_lock_irqsave(siglock, flags);
	if (!(task->jobctl & JOBCTL_STOP_PENDING)) {
		/* A SIGCONT sent since the stop signal was taken cancels it. */
		if (!sig || !(task->jobctl & JOBCTL_STOP_DEQUEUED)) {
			spin_unlock_irqrestore(siglock, flags);
			return;
		}
		start_group_stop(task, sig);
	}
	task->jobctl &= ~(JOBCTL_STOP_PENDING | JOBCTL_STOP_DEQUEUED);
	task->jobctl |= JOBCTL_STOPPED;
	last = --signal->group_stop_count == 0;
	if (last)
		set_stop_flags(signal, SIGNAL_STOP_STOPPED);
	spin_unlock_irqrestore(siglock, flags);
	if (last)
		do_notify_parent_cldstop(task, CLD_STOPPED);
	stopped_sleep();
}

void notify_cld_changes(void)
{
	struct signal_struct *signal = current->signal;
	spinlock_t *siglock = &current->sighand->siglock;
	unsigned long flags;
	unsigned int why;

	spin_lock_irqsave(siglock, flags);
	why = signal->flags & SIGNAL_CLD_MASK;
	signal->flags &= ~SIGNAL_CLD_MASK;
	spin_unlock_irqrestore(siglock, flags);
	if (why)
		do_notify_parent_cldstop(current, why & SIGNAL_CLD_CONTINUED ? CLD_CONTINUED :
					 CLD_STOPPED);
}
