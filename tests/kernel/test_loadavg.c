/*
 * The load average counts tasks asleep uninterruptibly (D), as Linux's
 * does: kernel threads blocked on an rwsem another task holds for writing
 * are counted in nr_uninterruptible, and the next sample of the load
 * average sees them. What the sample saw is worked back from the 1-minute
 * average before and after it (calc_load's formula), so the test holds
 * whatever load the tests before it left behind.
 */
#include <kernel/ktest.h>
#include <kernel/sched.h>
#include <kernel/rwsem.h>
#include <kernel/sysinfo.h>
#include <kernel/time.h>
#include <kernel/fs/procfs.h>
#include <kernel/lib/seq_buf.h>
#include <kernel/lib/string.h>
#include <asm/timer.h>

#define D_SLEEPERS 2

static struct rw_semaphore held;
static int sleepers_done;

static int blocked_reader(void *arg __unused)
{
	down_read(&held);
	up_read(&held);
	__atomic_add_fetch(&sleepers_done, 1, __ATOMIC_RELEASE);
	return 0;
}

static bool wait_for(bool (*condition)(void), unsigned int ms)
{
	for (; ms && !condition(); ms -= 10)
		msleep(10);
	return condition();
}

static bool sleepers_in_d(void)
{
	return nr_uninterruptible() >= D_SLEEPERS;
}

static bool sleepers_gone(void)
{
	return __atomic_load_n(&sleepers_done, __ATOMIC_ACQUIRE) == D_SLEEPERS;
}

/*
 * The number of active tasks the next sample counts, from the 1-minute
 * average before and after it: new = (old * EXP_1 + n * FIXED_1 *
 * (FIXED_1 - EXP_1)) / FIXED_1, give or take the rounding.
 */
static long active_in_next_sample(void)
{
	unsigned long due, old, new;
	unsigned int ms;

	do {
		due = __atomic_load_n(&calc_load_update, __ATOMIC_ACQUIRE);
		old = READ_ONCE(avenrun[0]);
	} while (__atomic_load_n(&calc_load_update, __ATOMIC_ACQUIRE) != due);
	for (ms = 0; ms < 6000 && __atomic_load_n(&calc_load_update, __ATOMIC_ACQUIRE) == due;
	     ms += 10)
		msleep(10);
	new = READ_ONCE(avenrun[0]);
	return ((long)(new * FIXED_1) - (long)(old * EXP_1) +
		(long)((FIXED_1 - EXP_1) * FIXED_1 / 2)) / (long)((FIXED_1 - EXP_1) * FIXED_1);
}

KTEST(loadavg, d_tasks_count_in_the_load_average)
{
	char text[64];
	struct seq_buf m;
	int i;

	init_rwsem(&held);
	sleepers_done = 0;
	down_write(&held);
	for (i = 0; i < D_SLEEPERS; i++)
		KT_EXPECT(kthread_run(blocked_reader, NULL, "d_reader") != NULL);
	KT_EXPECT(wait_for(sleepers_in_d, 1000));
	/* This thread sleeps (S) through the sample: only the D sleepers are active. */
	KT_EXPECT(active_in_next_sample() >= D_SLEEPERS);
	seq_buf_init(&m, text, sizeof(text));
	loadavg_show(&m);
	KT_EXPECT(strncmp(text, "0.00 ", 5) != 0);
	up_write(&held);
	KT_EXPECT(wait_for(sleepers_gone, 2000));
	KT_EXPECT_EQ(nr_uninterruptible(), 0);
}
