/*
 * Two detectors, as Linux's. The soft-lockup one (Linux's kernel/watchdog.c): a CPU that
 * has stayed in the kernel with preemption off for more than twice
 * watchdog_thresh seconds, never scheduling, is reported with Linux's
 * line, "BUG: soft lockup - CPU#1 stuck for 22s! [taskname:pid]", then
 * the task and the backtrace of what the tick interrupted.
 *
 * Each CPU's timestamp is touched whenever it schedules, and by every
 * tick that finds it where it could have scheduled (in user mode, idle,
 * or in the kernel with preemption on): Linux asks its per-CPU watchdog
 * thread to run, which only such a CPU lets it; the tick can simply look.
 * A CPU with interrupts off takes no tick and is not seen (Linux's hard
 * lockup detector, which needs an NMI, is not here).
 *
 * watchdog_thresh=N and softlockup_panic=1 on the command line, or
 * /proc/sys/kernel/watchdog_thresh and softlockup_panic, set it; 0 turns
 * it off (nowatchdog, nosoftlockup).
 *
 * The hung-task one (Linux's kernel/hung_task.c): every
 * hung_task_timeout_secs seconds, CPU 0's tick looks at every task in
 * an uninterruptible sleep (TASK_UNINTERRUPTIBLE, D in /proc, load in
 * the load average: today the waits for an rwsem, mmap_lock's among
 * them); one that has not been
 * switched to since the look before has slept that long and is
 * reported, "INFO: task sh:12 blocked for more than 120 seconds.", with
 * its backtrace, at most hung_task_warnings times; hung_task_panic=1
 * panics instead. docs/reliability.md.
 */
#include <kernel/watchdog.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/printk.h>
#include <asm/preempt.h>
#include <asm/stacktrace.h>
#include <asm/timer.h>

int watchdog_thresh = 10;	/* seconds; the report comes after twice this */
int softlockup_panic;

static unsigned long touch_ts[NR_CPUS];	/* jiffies when the CPU was last seen able to schedule */

void watchdog_touch(void)
{
	touch_ts[smp_processor_id()] = jiffies;
}

void watchdog_tick(void)
{
	struct cpu *cpu = this_cpu();
	struct task_struct *p = current;
	unsigned long now = jiffies, stuck = now - touch_ts[cpu->id];
	int thresh = READ_ONCE(watchdog_thresh);
	struct pt_regs *regs = cpu->irq_regs;

	if (thresh <= 0 || cpu->irq_from_user || p == cpu->idle || preempt_count() == 0 || !regs) {
		touch_ts[cpu->id] = now;
		return;
	}
	if (stuck <= 2UL * (unsigned long)thresh * HZ)
		return;
	pr_emerg("BUG: soft lockup - CPU#%u stuck for %lus! [%s:%d]\n", cpu->id, stuck / HZ,
		 p->comm, p->pid);
	pr_emerg("CPU: %u PID: %d Comm: %s\n", cpu->id, p->pid, p->comm);
	dump_backtrace(regs->regs[29], regs->pc, regs->regs[30]);
	if (READ_ONCE(softlockup_panic))
		panic("softlockup: hung tasks");
	touch_ts[cpu->id] = now;	/* reported again after another period, as Linux does */
}

unsigned long hung_task_timeout_secs = 120;	/* 0: off */
int hung_task_panic;
static int hung_task_warnings = 10;		/* reports left, as Linux's */
static bool hung_found;

/* One task of the walk (task list lock held): report it if it slept through a whole period. */
static void check_hung_task(struct task_struct *t, void *timeout)
{
	unsigned long switches = t->nvcsw + t->nivcsw;

	if (READ_ONCE(t->state) != TASK_UNINTERRUPTIBLE) {
		t->hung_switch_count = switches;
		return;
	}
	if (switches != t->hung_switch_count) {	/* it ran since the last look */
		t->hung_switch_count = switches;
		return;
	}
	hung_found = true;
	if (hung_task_warnings <= 0)
		return;
	hung_task_warnings--;
	pr_err("INFO: task %s:%d blocked for more than %lu seconds.\n", t->comm, t->pid,
	       *(unsigned long *)timeout);
	pr_err("\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.\n");
	pr_err("task:%-15s state:D pid:%d\n", t->comm, t->pid);
	dump_task_backtrace(t);
}

void hung_task_tick(void)
{
	unsigned long timeout = READ_ONCE(hung_task_timeout_secs);

	if (!timeout || jiffies % (timeout * HZ))
		return;
	hung_found = false;
	for_each_task(check_hung_task, &timeout);
	if (hung_found && READ_ONCE(hung_task_panic))
		panic("hung_task: blocked tasks");
}
