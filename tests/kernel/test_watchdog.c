/*
 * The soft-lockup detector (kernel/watchdog.c), provoked on purpose: a
 * CPU spinning in the kernel with preemption off for longer than twice
 * watchdog_thresh must be reported with Linux's line and a backtrace
 * naming the spinning function; softlockup_panic then ends the boot.
 */
#include <kernel/ktest.h>
#include <kernel/watchdog.h>
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
