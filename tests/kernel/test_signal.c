/*
 * The pending sets of kernel/signal.c, on a task that never runs (it has
 * no address space, so nothing wakes it): standard signals coalesce,
 * real-time ones queue in order with their info, the thread's own set is
 * taken before the process's and faults before anything else, ignored
 * signals are dropped unless blocked, SIGCONT and the stop signals cancel
 * each other, a full queue refuses sigqueue but not kill, and every
 * sigqueue entry is given back.
 */
#include <kernel/ktest.h>
#include <kernel/signal.h>
#include <kernel/spinlock.h>
#include <kernel/lib/string.h>
#include <kernel/errno.h>
#include <mm/slab.h>

#define QUEUE_LIMIT 1024	/* kernel/signal.c's SIGQUEUE_MAX */

/* A task with its own (copied) actions and signal state, and nothing else. */
static struct task_struct *fake_task(void)
{
	struct task_struct *task = kzalloc(sizeof(*task), GFP_KERNEL);

	if (!task)
		return NULL;
	task->group_leader = task;
	spin_lock_init(&task->pi_lock);	/* a signal wakes it */
	INIT_LIST_HEAD(&task->thread_group);
	task->state = TASK_INTERRUPTIBLE;
	if (copy_sighand(task, current)) {
		kfree(task);
		return NULL;
	}
	return task;
}

static void free_fake_task(struct task_struct *task)
{
	put_signals(task);
	kfree(task);
}

static int send(struct task_struct *task, int sig, int code, int value, bool group)
{
	kernel_siginfo_t info;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = code;
	info.rt.value = (u64)value;
	return group ? group_send_sig_info(sig, &info, task) : send_sig_info(sig, &info, task);
}

/* The next signal not in mask (0 if none); its sigqueue value in *value. */
static int take(struct task_struct *task, u64 mask, int *value)
{
	kernel_siginfo_t info;
	unsigned long flags;
	int sig;

	spin_lock_irqsave(&task->sighand->siglock, flags);
	sig = dequeue_signal(task, mask, &info);
	spin_unlock_irqrestore(&task->sighand->siglock, flags);
	*value = (int)info.rt.value;
	return sig;
}

KTEST(signal, standard_signals_coalesce)
{
	struct task_struct *task = fake_task();
	int value;

	KT_ASSERT(task);
	KT_EXPECT_EQ(send(task, SIGUSR1, SI_QUEUE, 1, true), 0);
	KT_EXPECT_EQ(send(task, SIGUSR1, SI_QUEUE, 2, true), 0);
	KT_EXPECT_EQ(task->signal->nr_queued, 1);
	KT_EXPECT_EQ(take(task, 0, &value), SIGUSR1);
	KT_EXPECT_EQ(value, 1);
	KT_EXPECT_EQ(take(task, 0, &value), 0);
	KT_EXPECT_EQ(task->signal->nr_queued, 0);
	free_fake_task(task);
}

KTEST(signal, realtime_signals_queue_in_order)
{
	struct task_struct *task = fake_task();
	int value;

	KT_ASSERT(task);
	send(task, SIGRTMIN + 3, SI_QUEUE, 1, true);
	send(task, SIGRTMIN + 2, SI_QUEUE, 2, true);
	send(task, SIGRTMIN + 3, SI_QUEUE, 3, true);
	send(task, SIGRTMIN + 2, SI_QUEUE, 4, true);
	KT_EXPECT_EQ(take(task, 0, &value), SIGRTMIN + 2);
	KT_EXPECT_EQ(value, 2);
	KT_EXPECT_EQ(take(task, 0, &value), SIGRTMIN + 2);
	KT_EXPECT_EQ(value, 4);
	KT_EXPECT(!(task->signal->shared_pending.signal & sigmask(SIGRTMIN + 2)));
	KT_EXPECT_EQ(take(task, 0, &value), SIGRTMIN + 3);
	KT_EXPECT_EQ(value, 1);
	KT_EXPECT(task->signal->shared_pending.signal & sigmask(SIGRTMIN + 3));
	KT_EXPECT_EQ(take(task, 0, &value), SIGRTMIN + 3);
	KT_EXPECT_EQ(value, 3);
	KT_EXPECT_EQ(task->signal->shared_pending.signal, 0);
	free_fake_task(task);
}

KTEST(signal, own_set_first_faults_first_mask_respected)
{
	struct task_struct *task = fake_task();
	int value;

	KT_ASSERT(task);
	send(task, SIGHUP, SI_USER, 0, true);
	send(task, SIGUSR2, SI_TKILL, 0, false);
	send(task, SIGSEGV, 1, 0, false);
	KT_EXPECT_EQ(take(task, 0, &value), SIGSEGV);
	KT_EXPECT_EQ(take(task, sigmask(SIGUSR2), &value), SIGHUP);
	KT_EXPECT_EQ(take(task, sigmask(SIGUSR2), &value), 0);
	KT_EXPECT_EQ(take(task, 0, &value), SIGUSR2);
	free_fake_task(task);
}

KTEST(signal, ignored_dropped_unless_blocked)
{
	struct task_struct *task = fake_task();
	int value;

	KT_ASSERT(task);
	send(task, SIGCHLD, CLD_EXITED, 0, true);
	KT_EXPECT_EQ(task->signal->shared_pending.signal, 0);
	task->sighand->action[SIGUSR1 - 1].handler = SIG_IGN;
	send(task, SIGUSR1, SI_USER, 0, true);
	KT_EXPECT_EQ(task->signal->shared_pending.signal, 0);
	task->sig_blocked = sigmask(SIGCHLD);
	send(task, SIGCHLD, CLD_EXITED, 0, true);
	KT_EXPECT_EQ(take(task, 0, &value), SIGCHLD);
	free_fake_task(task);
}

KTEST(signal, stop_and_continue_cancel_each_other)
{
	struct task_struct *task = fake_task();
	int value;

	KT_ASSERT(task);
	task->sig_blocked = sigmask(SIGCONT) | sigmask(SIGTSTP);
	send(task, SIGCONT, SI_USER, 0, true);
	send(task, SIGTSTP, SI_USER, 0, true);
	KT_EXPECT_EQ(task->signal->shared_pending.signal, sigmask(SIGTSTP));
	send(task, SIGCONT, SI_USER, 0, true);
	KT_EXPECT_EQ(task->signal->shared_pending.signal, sigmask(SIGCONT));
	KT_EXPECT_EQ(take(task, 0, &value), SIGCONT);
	KT_EXPECT_EQ(task->signal->nr_queued, 0);
	free_fake_task(task);
}

KTEST(signal, full_queue_refuses_sigqueue_not_kill)
{
	struct task_struct *task = fake_task();
	int i, value, taken = 0;

	KT_ASSERT(task);
	for (i = 0; i < QUEUE_LIMIT; i++)
		KT_ASSERT_EQ(send(task, SIGRTMIN, SI_QUEUE, i, false), 0);
	KT_EXPECT_EQ(send(task, SIGRTMIN + 1, SI_QUEUE, 0, false), -EAGAIN);
	KT_EXPECT_EQ(send(task, SIGRTMIN + 1, SI_USER, 0, false), 0);
	KT_EXPECT(task->sig_pending.signal & sigmask(SIGRTMIN + 1));
	while (take(task, 0, &value) == SIGRTMIN)
		KT_EXPECT_EQ(value, taken++);
	KT_EXPECT_EQ(taken, QUEUE_LIMIT);
	KT_EXPECT_EQ(task->signal->nr_queued, 0);
	KT_EXPECT_EQ(task->sig_pending.signal, 0);
	free_fake_task(task);
}

/*
 * Both queues' entries go with the task. Counted as entries: the slab
 * totals also move with whatever the other CPUs free meanwhile.
 */
KTEST(signal, pending_entries_freed_with_the_task)
{
	int before = nr_sigqueues(), i;
	struct task_struct *task = fake_task();

	KT_ASSERT(task);
	for (i = 0; i < 100; i++) {
		send(task, SIGRTMIN, SI_QUEUE, i, false);
		send(task, SIGRTMIN + 1, SI_QUEUE, i, true);
	}
	KT_EXPECT_EQ(task->signal->nr_queued, 200);
	KT_EXPECT_EQ(nr_sigqueues(), before + 200);
	free_fake_task(task);
	KT_EXPECT_EQ(nr_sigqueues(), before);
}
