/*
 * Both ways of waiting for a spinlock (asm/spinlock.h) keep it exclusive
 * under contention from every CPU: two threads per CPU add to a counter
 * under the lock, and no addition is lost. The ticket way also serves in
 * order, so every thread finishes; the test-and-set way makes no such
 * promise, only that the lock goes to a running CPU.
 */
#include <kernel/ktest.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/wait.h>
#include <kernel/atomic.h>
#include <asm/timer.h>

#define ADDS_PER_THREAD 20000
#define THREADS_PER_CPU 2
#define WAIT_LIMIT_NS 60000000000ull

static spinlock_t test_lock = SPINLOCK_INIT;
static unsigned long counter;
static atomic_t finished;
static bool use_tickets;

static int add_under_lock(void *arg __unused)
{
	int i;

	for (i = 0; i < ADDS_PER_THREAD; i++) {
		if (use_tickets)
			arch_spin_lock_ticket(&test_lock);
		else
			arch_spin_lock_tas(&test_lock);
		WRITE_ONCE(counter, READ_ONCE(counter) + 1);
		arch_spin_unlock(&test_lock);
	}
	atomic_inc(&finished);
	return 0;
}

static bool run_adders(bool tickets)
{
	int i, n = THREADS_PER_CPU * (int)num_online_cpus();
	u64 deadline = ktime_get_ns() + WAIT_LIMIT_NS;

	use_tickets = tickets;
	counter = 0;
	atomic_set(&finished, 0);
	for (i = 0; i < n; i++) {
		if (!kthread_run(add_under_lock, NULL, "adder"))
			return false;
	}
	while (atomic_read(&finished) < n) {
		if (ktime_get_ns() > deadline)
			return false;
		schedule();
	}
	return counter == (unsigned long)n * ADDS_PER_THREAD && !arch_spin_is_locked(&test_lock);
}

KTEST(spinlock, test_and_set_is_exclusive)
{
	KT_EXPECT(run_adders(false));
}

KTEST(spinlock, tickets_are_exclusive)
{
	KT_EXPECT(run_adders(true));
}

KTEST(spinlock, the_two_ways_mix_on_one_lock)
{
	arch_spin_lock_ticket(&test_lock);
	KT_EXPECT(!arch_spin_trylock(&test_lock));
	arch_spin_unlock(&test_lock);
	arch_spin_lock_tas(&test_lock);
	KT_EXPECT(arch_spin_is_locked(&test_lock));
	arch_spin_unlock(&test_lock);
	KT_EXPECT(!arch_spin_is_locked(&test_lock));
}
