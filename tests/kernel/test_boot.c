/*
 * The foundation: every CPU of the device tree online, each taking timer
 * ticks and IPIs, cross-CPU calls, and spinlocks that hold under contention
 * (LL/SC on Armv8.0, LSE where the CPU has it).
 */
#include <kernel/ktest.h>
#include <kernel/machine.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <asm/timer.h>
#include <asm/barrier.h>

void smp_send_ping(unsigned int cpu);

#define WAIT_LIMIT_US 1000000

KTEST(boot, all_cpus_online)
{
	unsigned int expected = MIN(machine.nr_cpus, (unsigned int)NR_CPUS);

	KT_EXPECT_EQ(num_online_cpus(), expected);
	KT_EXPECT_EQ(nr_cpus_possible, expected);
}

KTEST(boot, cpu_numbers_are_distinct)
{
	unsigned int i;

	for (i = 0; i < nr_cpus_possible; i++)
		KT_EXPECT_EQ(cpus[i].id, i);
}

/* Wait until every online CPU's counter (ticks or IPIs) passes its snapshot. */
static bool wait_all_advance(unsigned long before[], bool ipis)
{
	u64 deadline = ktime_get_ns() + WAIT_LIMIT_US * 1000ull;
	unsigned int i;

	for (i = 0; i < nr_cpus_possible; i++) {
		while ((ipis ? READ_ONCE(cpus[i].ipis) : READ_ONCE(cpus[i].ticks)) <= before[i]) {
			if (ktime_get_ns() > deadline)
				return false;
			cpu_relax();
		}
	}
	return true;
}

KTEST(timer, every_cpu_ticks)
{
	unsigned long before[NR_CPUS] = { 0 };
	unsigned int i;

	for (i = 0; i < nr_cpus_possible; i++)
		before[i] = READ_ONCE(cpus[i].ticks) + 2;
	KT_EXPECT(wait_all_advance(before, false));
}

KTEST(timer, clock_advances_at_the_right_rate)
{
	u64 start = ktime_get_ns(), elapsed;
	unsigned long jiffies_start = jiffies;

	udelay(100000);
	KT_EXPECT(ktime_get_ns() - start >= 100000000ull);
	/*
	 * HZ / 10 ticks take 100 ms: never less than 90 (the first may be in
	 * flight at the start), but a loaded host may deliver them late, so the
	 * count is waited for rather than read after a fixed delay.
	 */
	start = ktime_get_ns();
	jiffies_start = jiffies;
	while (jiffies - jiffies_start < HZ / 10 && ktime_get_ns() - start < 2000000000ull)
		cpu_relax();
	elapsed = ktime_get_ns() - start;
	KT_EXPECT(jiffies - jiffies_start >= HZ / 10);
	KT_EXPECT(elapsed >= 90000000ull && elapsed < 1000000000ull);
}

KTEST(smp, ipi_reaches_every_cpu)
{
	unsigned long before[NR_CPUS] = { 0 };
	unsigned int i;

	for (i = 0; i < nr_cpus_possible; i++)
		before[i] = READ_ONCE(cpus[i].ipis);
	for (i = 0; i < nr_cpus_possible; i++)
		smp_send_ping(i);	/* this CPU too: an SGI may target its sender */
	KT_EXPECT(wait_all_advance(before, true));
}

static void mark_cpu(void *info)
{
	unsigned long *mask = info;

	__atomic_or_fetch(mask, 1UL << smp_processor_id(), __ATOMIC_SEQ_CST);
}

KTEST(smp, on_each_cpu_runs_everywhere)
{
	unsigned long mask = 0;

	on_each_cpu(mark_cpu, &mask);
	KT_EXPECT_EQ(mask, (1UL << num_online_cpus()) - 1);
}

/*
 * Small: with more virtual CPUs than host cores, a fair lock hands over
 * only as fast as the host schedules the next waiter's thread.
 */
#define LOCK_ROUNDS 1000

static struct {
	spinlock_t lock;
	unsigned long counter;	/* a plain, non-atomic read-modify-write */
} contended = { SPINLOCK_INIT(contended.lock), 0 };

static void hammer_lock(void *info __unused)
{
	int i;

	for (i = 0; i < LOCK_ROUNDS; i++) {
		spin_lock(&contended.lock);
		contended.counter = contended.counter + 1;
		spin_unlock(&contended.lock);
	}
}

KTEST(smp, spinlock_serialises_all_cpus)
{
	contended.counter = 0;
	on_each_cpu(hammer_lock, NULL);
	KT_EXPECT_EQ(contended.counter, (unsigned long)LOCK_ROUNDS * num_online_cpus());
	KT_EXPECT(!spin_is_locked(&contended.lock));
}
