/*
 * The lock validator (kernel/lockdep.c) provoked on purpose: two locks
 * taken in both orders, a chain of three closed into a circle, two locks
 * of one class nested, a sleeping function called under a spinlock, and
 * a lock taken in an interrupt handler and with interrupts on, each way
 * round. Nothing deadlocks: each half runs alone, and the validator
 * reports the possibility. Each test finds its report in the kernel log
 * after the marker line it printed, in order, line by line.
 *
 * Needs prove_locking=1 (the held locks are kept from the boot on); each
 * test turns checking back on before and after, since a report turns it
 * off. The interrupt tests need a second CPU: on_each_cpu runs a function
 * in the IPI handler of the others.
 */
#include <kernel/ktest.h>
#include <kernel/lockdep.h>
#include <kernel/spinlock.h>
#include <kernel/rwsem.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/atomic.h>
#include <kernel/printk.h>
#include <kernel/lib/string.h>

#define MARKER "# lockdep: provoking "

static DEFINE_SPINLOCK(lockdep_test_a);
static DEFINE_SPINLOCK(lockdep_test_b);
static DEFINE_SPINLOCK(lockdep_test_c);
static DEFINE_SPINLOCK(lockdep_test_d);
static DEFINE_SPINLOCK(lockdep_test_e);
static DEFINE_SPINLOCK(lockdep_test_atomic);
static DEFINE_SPINLOCK(lockdep_test_irq_first);
static DEFINE_SPINLOCK(lockdep_test_irq_second);

static char log_text[16384];

/* The marker line, and checking on again; false if the boot did not ask for the validator. */
static bool validator_arm(const char *what)
{
	printk(MARKER "%s\n", what);
	if (!prove_locking) {
		printk("# the lock validator is off: boot with prove_locking=1\n");
		return false;
	}
	WRITE_ONCE(debug_locks, true);
	return true;
}

/* Each line must be in the log after the marker and after the line before it. */
static void expect_report(struct ktest_ctx *t, const char *const *lines)
{
	const char *at = NULL, *next;

	log_buf_copy(log_text, sizeof(log_text));
	for (next = strstr(log_text, MARKER); next; next = strstr(next + 1, MARKER))
		at = next;
	if (!at) {
		ktest_fail(t, __FILE__, __LINE__, "no marker line in the log");
		return;
	}
	for (; *lines; lines++) {
		next = strstr(at, *lines);
		if (!next) {
			ktest_fail(t, __FILE__, __LINE__, "report lacks, in order: \"%s\"", *lines);
			return;
		}
		at = next + strlen(*lines);
	}
}

/* "comm/pid" of the running task, as the reports name it. */
static const char *task_line(char *buf, size_t size, const char *format)
{
	snprintf(buf, size, format, current->comm, current->pid);
	return buf;
}

/* noinline: the reports name it as the place where the locks were taken. */
static __attribute__((noinline)) void take_in_order(spinlock_t *first, spinlock_t *second)
{
	spin_lock(first);
	spin_lock(second);
	spin_unlock(second);
	spin_unlock(first);
}

KTEST(lockdep, ab_ba_is_a_circular_dependency)
{
	char trying[64], held[64];
	const char *const report[] = {
		"WARNING: possible circular locking dependency detected",
		task_line(trying, sizeof(trying), "%s/%d is trying to acquire lock:"),
		" (lockdep_test_a), at: take_in_order+",
		"but task is already holding lock:",
		" (lockdep_test_b), at: take_in_order+",
		"which lock already depends on the new lock.",
		"the existing dependency chain (in reverse order) is:",
		"-> #1 (lockdep_test_b):", "       take_in_order+",
		"       while holding (lockdep_test_a), taken at take_in_order+",
		"-> #0 (lockdep_test_a):", "       take_in_order+",
		"       while holding (lockdep_test_b), taken at take_in_order+",
		" Possible unsafe locking scenario:",
		"]   lock(lockdep_test_b);",
		"]                                lock(lockdep_test_a);",
		"]                                lock(lockdep_test_b);",
		"]   lock(lockdep_test_a);",
		" *** DEADLOCK ***",
		task_line(held, sizeof(held), "1 lock held by %s/%d:"),
		" #0: (lockdep_test_b), at: take_in_order+",
		"stack backtrace:", " ktest_lockdep_ab_ba_is_a_circular_dependency+",
		"turning off the locking correctness validator.", NULL
	};

	KT_ASSERT(validator_arm("AB-BA"));
	take_in_order(&lockdep_test_a, &lockdep_test_b);
	KT_EXPECT(debug_locks);		/* one order alone is fine */
	take_in_order(&lockdep_test_b, &lockdep_test_a);
	KT_EXPECT(!debug_locks);
	expect_report(t, report);
	WRITE_ONCE(debug_locks, true);
}

/* c before d, d before e: e then c closes the circle through d. */
KTEST(lockdep, a_longer_chain_is_shown_link_by_link)
{
	const char *const report[] = {
		"WARNING: possible circular locking dependency detected",
		" (lockdep_test_c), at: take_in_order+",
		"but task is already holding lock:", " (lockdep_test_e)",
		"-> #2 (lockdep_test_e):", "       while holding (lockdep_test_d)",
		"-> #1 (lockdep_test_d):", "       while holding (lockdep_test_c)",
		"-> #0 (lockdep_test_c):", "       while holding (lockdep_test_e)",
		" *** DEADLOCK ***", NULL
	};

	KT_ASSERT(validator_arm("a chain of three"));
	take_in_order(&lockdep_test_c, &lockdep_test_d);
	take_in_order(&lockdep_test_d, &lockdep_test_e);
	KT_EXPECT(debug_locks);
	take_in_order(&lockdep_test_e, &lockdep_test_c);
	KT_EXPECT(!debug_locks);
	expect_report(t, report);
	WRITE_ONCE(debug_locks, true);
}

/* Two locks initialised on one line are one class: nesting them has no order to check. */
KTEST(lockdep, two_locks_of_one_class_nested)
{
	static spinlock_t same[2];
	const char *const report[] = {
		"WARNING: possible recursive locking detected",
		" (&same[i]), at: take_in_order+",
		"but task is already holding lock:", " (&same[i]), at: take_in_order+",
		"       CPU0\n", "  lock(&same[i]);", "  lock(&same[i]);",
		" *** DEADLOCK ***", NULL
	};
	int i;

	for (i = 0; i < 2; i++)
		spin_lock_init(&same[i]);
	KT_ASSERT(validator_arm("recursive locking"));
	take_in_order(&same[0], &same[1]);
	KT_EXPECT(!debug_locks);
	expect_report(t, report);
	WRITE_ONCE(debug_locks, true);
}

KTEST(lockdep, sleeping_function_under_a_spinlock)
{
	static struct rw_semaphore sem;
	char who[96], held[64];
	const char *const report[] = {
		"BUG: sleeping function called from invalid context at kernel/rwsem.c:",
		who,
		"preempt_count: 1, expected: 0",
		task_line(held, sizeof(held), "1 lock held by %s/%d:"),
		" #0: (lockdep_test_atomic), at: ktest_lockdep_sleeping_function_under_a_spinlock+",
		"Call trace:", " down_read+", " ktest_lockdep_sleeping_function_under_a_spinlock+",
		NULL
	};

	snprintf(who, sizeof(who), "in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: %d, "
		 "name: %s", current->pid, current->comm);
	init_rwsem(&sem);
	KT_ASSERT(validator_arm("sleeping in atomic context"));
	spin_lock(&lockdep_test_atomic);
	down_read(&sem);	/* free, so it does not sleep; it could */
	up_read(&sem);
	spin_unlock(&lockdep_test_atomic);
	expect_report(t, report);
	WRITE_ONCE(debug_locks, true);
}

static atomic_t handler_calls;

/* From on_each_cpu: in the IPI handler on the other CPUs, interrupts off on this one. */
static __attribute__((noinline)) void take_in_handler(void *lock)
{
	spin_lock(lock);
	atomic_inc(&handler_calls);
	spin_unlock(lock);
}

static __attribute__((noinline)) void take_with_irqs_on(spinlock_t *lock)
{
	spin_lock(lock);
	spin_unlock(lock);
}

KTEST(lockdep, taken_in_an_interrupt_handler_then_with_irqs_on)
{
	char takes[96];
	const char *const report[] = {
		"WARNING: inconsistent lock state",
		"inconsistent {IN-HARDIRQ-W} -> {HARDIRQ-ON-W} usage.",
		task_line(takes, sizeof(takes), "%s/%d [HC0[0]:SC0[0]:HE1:SE1] takes:"),
		" (lockdep_test_irq_first), at: take_with_irqs_on+",
		"{IN-HARDIRQ-W} state was registered at:", "  take_in_handler+",
		"  lock(lockdep_test_irq_first);", "  <Interrupt>",
		"    lock(lockdep_test_irq_first);", " *** DEADLOCK ***",
		"stack backtrace:", " ktest_lockdep_taken_in_an_interrupt_handler_then_with_irqs_on+",
		"turning off the locking correctness validator.", NULL
	};

	KT_ASSERT(num_online_cpus() > 1);
	KT_ASSERT(validator_arm("a lock of interrupt handlers taken with interrupts on"));
	atomic_set(&handler_calls, 0);
	on_each_cpu(take_in_handler, &lockdep_test_irq_first);
	KT_EXPECT_EQ(atomic_read(&handler_calls), num_online_cpus());
	KT_EXPECT(debug_locks);		/* interrupts are off on the calling CPU */
	take_with_irqs_on(&lockdep_test_irq_first);
	KT_EXPECT(!debug_locks);
	expect_report(t, report);
	WRITE_ONCE(debug_locks, true);
}

/* The other way round: the report comes from the interrupt handler, on another CPU. */
KTEST(lockdep, taken_with_irqs_on_then_in_an_interrupt_handler)
{
	const char *const report[] = {
		"WARNING: inconsistent lock state",
		"inconsistent {HARDIRQ-ON-W} -> {IN-HARDIRQ-W} usage.",
		" [HC1[1]:SC0[0]:HE0:SE1] takes:",
		" (lockdep_test_irq_second), at: take_in_handler+",
		"{HARDIRQ-ON-W} state was registered at:", "  take_with_irqs_on+",
		"  <Interrupt>", " *** DEADLOCK ***",
		"stack backtrace:", " ipi_handler+",
		"turning off the locking correctness validator.", NULL
	};

	KT_ASSERT(num_online_cpus() > 1);
	KT_ASSERT(validator_arm("a lock taken with interrupts on, then in a handler"));
	take_with_irqs_on(&lockdep_test_irq_second);
	KT_EXPECT(debug_locks);
	on_each_cpu(take_in_handler, &lockdep_test_irq_second);
	KT_EXPECT(!debug_locks);
	expect_report(t, report);
	WRITE_ONCE(debug_locks, true);
}
