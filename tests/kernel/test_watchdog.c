/*
 * The detectors of kernel/watchdog.c, provoked on purpose. A CPU
 * spinning in the kernel with preemption off for longer than twice
 * watchdog_thresh must be reported with Linux's line and a backtrace
 * naming the spinning function; a thread asleep uninterruptibly for
 * good, with its name and the backtrace of its sleep. The *_panic
 * settings then end the boot.
 */
#include <kernel/ktest.h>
#include <kernel/watchdog.h>
#include <kernel/sched.h>
#include <kernel/time.h>
#include <asm/preempt.h>
#include <asm/timer.h>

/* noinline: its name must show in the report's backtrace. */
static __attribute__((noinline)) void spin_with_preemption_off(unsigned long seconds)
{
	preempt_disable();
	udelay(seconds * 1000000);
	preempt_enable();
}

KTEST_EXPECT_PANIC(watchdog, soft_lockup)
{
	ktest_expect_report("BUG: soft lockup - CPU#");
	ktest_expect_report("s! [");
	ktest_expect_report("Call trace:");
	ktest_expect_report(" spin_with_preemption_off");
	ktest_expect_report("Kernel panic - not syncing: softlockup: hung tasks");
	WRITE_ONCE(watchdog_thresh, 1);		/* reported after 2 s */
	WRITE_ONCE(softlockup_panic, 1);
	spin_with_preemption_off(20);
}

/* A D sleep nothing ends: what a task stuck on a lock for good looks like. */
static __attribute__((noinline)) void sleep_uninterruptibly(void)
{
	for (;;) {
		current->state = TASK_UNINTERRUPTIBLE;
		schedule();
	}
}

static int d_sleeper(void *arg __unused)
{
	sleep_uninterruptibly();
	return 0;
}

KTEST_EXPECT_PANIC(watchdog, hung_task)
{
	ktest_expect_report("INFO: task d_sleeper:");
	ktest_expect_report(" blocked for more than 1 seconds.");
	ktest_expect_report("Call trace:");
	ktest_expect_report(" sleep_uninterruptibly");
	ktest_expect_report("Kernel panic - not syncing: hung_task: blocked tasks");
	WRITE_ONCE(hung_task_timeout_secs, 1);
	WRITE_ONCE(hung_task_panic, 1);
	KT_ASSERT(kthread_run(d_sleeper, NULL, "d_sleeper") != NULL);
	msleep(20000);
}
