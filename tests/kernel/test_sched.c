/*
 * The scheduler: kernel threads run on every CPU, more busy threads than
 * CPUs all make progress (the tick preempts them), sleeping on a wait
 * queue and being woken, and every finished thread's memory comes back.
 */
#include <kernel/ktest.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/wait.h>
#include <kernel/atomic.h>
#include <kernel/errno.h>
#include <asm/timer.h>

/* Generous: with more virtual CPUs than host cores, threads wait for the host. */
#define WAIT_LIMIT_NS 30000000000ull

static DECLARE_WAIT_QUEUE_HEAD(done_wait);
static atomic_t threads_done;

/* Sleep until `count` threads have finished (or a generous time passed). */
static bool wait_for_threads(int count)
{
	u64 deadline = ktime_get_ns() + WAIT_LIMIT_NS;

	while (atomic_read(&threads_done) < count) {
		if (ktime_get_ns() > deadline)
			return false;
		schedule();
	}
	return true;
}

/*
 * Wait until only `count` tasks are alive: the dead ones have been freed.
 * Every test that starts threads ends with it, so that the threads are
 * not freed during a later test that counts the memory in use.
 */
static bool wait_for_tasks(unsigned long count)
{
	u64 deadline = ktime_get_ns() + WAIT_LIMIT_NS;

	while (nr_tasks() > count) {
		if (ktime_get_ns() > deadline)
			return false;
		schedule();
	}
	return true;
}

static void thread_finished(void)
{
	atomic_inc(&threads_done);
	wake_up(&done_wait);
}

static unsigned long cpus_seen;

static unsigned int bits_set(unsigned long mask)
{
	unsigned int n = 0;

	for (; mask; mask &= mask - 1)
		n++;
	return n;
}

/*
 * Work until every CPU has run one of these threads (or 2 s pass): on a
 * loaded host a virtual CPU can stall for a while, and a fixed amount of
 * work could then finish before that CPU got a turn.
 */
static int note_cpu(void *arg __unused)
{
	u64 until = ktime_get_ns() + 2000000000ULL;

	while (bits_set(READ_ONCE(cpus_seen)) < num_online_cpus() && ktime_get_ns() < until)
		__atomic_or_fetch(&cpus_seen, 1UL << smp_processor_id(), __ATOMIC_RELAXED);
	thread_finished();
	return 0;
}

KTEST(sched, threads_run_on_every_cpu)
{
	unsigned long tasks_before = nr_tasks();
	int i, n = 2 * (int)num_online_cpus();

	atomic_set(&threads_done, 0);
	cpus_seen = 0;
	for (i = 0; i < n; i++)
		KT_ASSERT(kthread_run(note_cpu, NULL, "note_cpu"));
	KT_EXPECT(wait_for_threads(n));
	KT_EXPECT_EQ(bits_set(cpus_seen), num_online_cpus());
	KT_EXPECT(wait_for_tasks(tasks_before));
}

#define BUSY_THREADS_PER_CPU 3

static volatile bool stop_spinning;
static unsigned long spins[NR_CPUS * BUSY_THREADS_PER_CPU];

/* Never sleeps, never yields: only the timer tick can take the CPU away. */
static int spin_until_stopped(void *arg)
{
	unsigned long *count = arg;

	while (!READ_ONCE(stop_spinning))
		(*(volatile unsigned long *)count)++;
	thread_finished();
	return 0;
}

KTEST(sched, busy_threads_all_progress)
{
	unsigned long tasks_before = nr_tasks();
	int i, n = BUSY_THREADS_PER_CPU * (int)num_online_cpus();

	atomic_set(&threads_done, 0);
	stop_spinning = false;
	for (i = 0; i < n; i++) {
		spins[i] = 0;
		KT_ASSERT(kthread_run(spin_until_stopped, &spins[i], "spinner"));
	}
	udelay(300000);
	for (i = 0; i < n; i++)
		KT_EXPECT(READ_ONCE(spins[i]) > 0);
	stop_spinning = true;
	KT_EXPECT(wait_for_threads(n));
	KT_EXPECT(wait_for_tasks(tasks_before));
}

static DECLARE_WAIT_QUEUE_HEAD(flag_wait);
static volatile bool flag;
static volatile bool saw_flag;

static int wait_for_flag(void *arg __unused)
{
	wait_event(flag_wait, flag);
	saw_flag = true;
	thread_finished();
	return 0;
}

KTEST(sched, wait_queue_sleep_and_wake)
{
	unsigned long tasks_before = nr_tasks();
	struct task_struct *task;

	atomic_set(&threads_done, 0);
	flag = false;
	saw_flag = false;
	task = kthread_run(wait_for_flag, NULL, "waiter");
	KT_ASSERT(task);
	udelay(50000);
	KT_EXPECT(!saw_flag);
	KT_EXPECT_EQ(READ_ONCE(task->state), TASK_INTERRUPTIBLE);
	flag = true;
	wake_up(&flag_wait);
	KT_EXPECT(wait_for_threads(1));
	KT_EXPECT(saw_flag);
	KT_EXPECT(wait_for_tasks(tasks_before));
}

static int do_nothing(void *arg __unused)
{
	thread_finished();
	return 0;
}

KTEST(sched, finished_threads_leave_nothing)
{
	unsigned long tasks_before = nr_tasks(), pages_before, areas_before;
	unsigned long pages, areas;
	int i;

	ktest_memory_in_use(&pages_before, &areas_before);
	atomic_set(&threads_done, 0);
	for (i = 0; i < 100; i++)
		KT_ASSERT(kthread_run(do_nothing, NULL, "short"));
	KT_EXPECT(wait_for_threads(100));
	/* The last ones are freed by the next switch on their CPUs. */
	KT_EXPECT(wait_for_tasks(tasks_before));
	KT_EXPECT_EQ(nr_tasks(), tasks_before);
	ktest_memory_in_use(&pages, &areas);
	KT_EXPECT_EQ(pages, pages_before);
	KT_EXPECT_EQ(areas, areas_before);
}

static volatile unsigned long cpus_used;

/* Spin for a while with a switch now and then, noting every CPU it runs on. */
static int note_cpus_used(void *arg __unused)
{
	u64 until = ktime_get_ns() + 200000000ULL;

	while (ktime_get_ns() < until) {
		__atomic_or_fetch(&cpus_used, 1UL << smp_processor_id(), __ATOMIC_RELAXED);
		schedule();
	}
	thread_finished();
	return 0;
}

KTEST(sched, a_pinned_thread_runs_only_on_its_cpu)
{
	unsigned int cpu = num_online_cpus() - 1;
	unsigned long tasks_before = nr_tasks();
	struct task_struct *task;

	atomic_set(&threads_done, 0);
	cpus_used = 0;
	task = kthread_create(note_cpus_used, NULL, "pinned");
	KT_ASSERT(task);
	KT_EXPECT_EQ(set_cpus_allowed(task, 1UL << cpu), 0);
	wake_up_process(task);
	KT_EXPECT(wait_for_threads(1));
	KT_EXPECT_EQ(cpus_used, 1UL << cpu);
	KT_EXPECT_EQ(set_cpus_allowed(current, 1UL << 40), -EINVAL);
	/* Gone before the next test counts the tasks (it said it finished before exiting). */
	KT_EXPECT(wait_for_tasks(tasks_before));
}

KTEST(sched, the_caller_moves_at_once)
{
	unsigned int cpu = num_online_cpus() - 1;

	KT_EXPECT_EQ(set_cpus_allowed(current, 1UL << cpu), 0);
	KT_EXPECT_EQ(smp_processor_id(), cpu);
	KT_EXPECT_EQ(set_cpus_allowed(current, 1UL), 0);
	KT_EXPECT_EQ(smp_processor_id(), 0);
	KT_EXPECT_EQ(set_cpus_allowed(current, ~0UL), 0);
}

static int spin_and_finish(void *arg __unused)
{
	while (!READ_ONCE(stop_spinning))
		cpu_relax();
	thread_finished();
	return 0;
}

/*
 * Two busy threads on one CPU, nice 0 and nice 5: their CPU time goes by
 * their weights, 1024 to 336 (3 to 1). Shares, not speeds: both are on
 * the same virtual CPU, so a slow host slows both alike. But a host that
 * takes the virtual CPU away charges the guest time it lost to whichever
 * thread was running then, so on a busy host the ratio wanders: the check
 * asks for clearly more than equal shares and clearly less than all.
 */
KTEST(sched, cpu_time_follows_nice)
{
	unsigned long tasks_before = nr_tasks();
	unsigned int cpu = num_online_cpus() - 1;
	struct task_struct *spinner[2];
	u64 a, b;
	int i;

	atomic_set(&threads_done, 0);
	stop_spinning = false;
	for (i = 0; i < 2; i++) {
		spinner[i] = kthread_create(spin_and_finish, NULL, "nice");
		KT_ASSERT(spinner[i]);
		get_task_struct(spinner[i]);
		set_cpus_allowed(spinner[i], 1UL << cpu);
		set_user_nice(spinner[i], i * 5);
	}
	KT_EXPECT_EQ(task_nice(spinner[1]), 5);
	for (i = 0; i < 2; i++)
		wake_up_process(spinner[i]);
	udelay(600000);
	stop_spinning = true;
	KT_EXPECT(wait_for_threads(2));
	a = spinner[0]->se.sum_exec_runtime;
	b = spinner[1]->se.sum_exec_runtime;
	KT_EXPECT(2 * a > 3 * b && a < 6 * b);
	for (i = 0; i < 2; i++)
		put_task_struct(spinner[i]);
	KT_EXPECT(wait_for_tasks(tasks_before));
}
