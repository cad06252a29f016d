/*
 * Both ways of waiting for a spinlock (asm/spinlock.h) keep it exclusive
 * under contention from every CPU: a thread per CPU adds to a counter
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

#define ADDS_PER_THREAD 2000
#define WAIT_LIMIT_NS 60000000000ull

/*
 * One run's lock and counter, apart from the other run's, so that a run
 * given up on (its threads still adding) cannot spoil the next. Kept
 * small: tickets on an over-committed host are slow by design.
 */
struct adder_run {
	spinlock_t lock;
	unsigned long counter;
	atomic_t finished;
	bool tickets;
};

static struct adder_run ticket_run = { .lock = SPINLOCK_INIT(ticket_run.lock), .tickets = true };
static struct adder_run tas_run = { .lock = SPINLOCK_INIT(tas_run.lock) };
static arch_spinlock_t test_lock = ARCH_SPINLOCK_INIT;

static int add_under_lock(void *arg)
{
	struct adder_run *run = arg;
	int i;

	for (i = 0; i < ADDS_PER_THREAD; i++) {
		if (run->tickets)
			arch_spin_lock_ticket(&run->lock.raw_lock);
		else
			arch_spin_lock_tas(&run->lock.raw_lock);
		WRITE_ONCE(run->counter, READ_ONCE(run->counter) + 1);
		arch_spin_unlock(&run->lock.raw_lock);
	}
	atomic_inc(&run->finished);
	return 0;
}

/* One thread per CPU adds under the lock; none of the additions may be lost. */
static bool run_adders(struct adder_run *run)
{
	int i, n = (int)num_online_cpus();
	u64 deadline = ktime_get_ns() + WAIT_LIMIT_NS;

	for (i = 0; i < n; i++) {
		if (!kthread_run(add_under_lock, run, "adder"))
			return false;
	}
	while (atomic_read(&run->finished) < n) {
		if (ktime_get_ns() > deadline)
			return false;
		schedule();
	}
	return run->counter == (unsigned long)n * ADDS_PER_THREAD &&
	       !arch_spin_is_locked(&run->lock.raw_lock);
}

KTEST(spinlock, test_and_set_is_exclusive)
{
	KT_EXPECT(run_adders(&tas_run));
}

KTEST(spinlock, tickets_are_exclusive)
{
	KT_EXPECT(run_adders(&ticket_run));
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
