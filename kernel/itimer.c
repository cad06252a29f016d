/*
 * Interval timers (setitimer, getitimer; glibc's alarm() is setitimer):
 * one of each kind per process, in its signal_struct. ITIMER_REAL counts
 * the clock and sends SIGALRM; ITIMER_VIRTUAL and ITIMER_PROF count the
 * CPU time the process runs and send SIGVTALRM and SIGPROF. Each reloads
 * with its interval, if it has one.
 *
 * Time here goes by ticks (HZ of them a second): an armed ITIMER_REAL is
 * on a list the tick looks through, so it fires at the first tick after
 * its deadline; the CPU-time timers lose one tick each tick the process is
 * running. tkern does not tell user time from system time, so
 * ITIMER_VIRTUAL counts both, like ITIMER_PROF.
 *
 * Locks: itimer_lock guards the list and the ITIMER_REAL fields, the
 * process's siglock the other two; both are taken from the tick, with
 * interrupts off, and itimer_lock comes before a siglock.
 */
#include <kernel/itimer.h>
#include <kernel/time.h>
#include <kernel/signal.h>
#include <kernel/spinlock.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>
#include <asm/timer.h>

#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2
#define NSEC_PER_USEC 1000ULL
#define USEC_PER_SEC 1000000LL
#define NSEC_PER_TICK (NSEC_PER_SEC / HZ)

struct timeval64 {
	s64 tv_sec;
	s64 tv_usec;
};

struct itimerval64 {
	struct timeval64 it_interval;
	struct timeval64 it_value;
};

static DEFINE_SPINLOCK(itimer_lock);
static LIST_HEAD(armed_real_timers);

static const int itimer_signal[3] = { SIGALRM, SIGVTALRM, SIGPROF };

void run_real_itimers(void)
{
	struct signal_struct *signal, *next;
	unsigned long flags;
	u64 now = ktime_get_ns();

	spin_lock_irqsave(&itimer_lock, flags);
	list_for_each_entry_safe(signal, next, &armed_real_timers, it_real_list) {
		struct cpu_itimer *it = &signal->it[ITIMER_REAL];

		if (now < it->expires)
			continue;
		send_kernel_signal(signal->it_real_task, itimer_signal[ITIMER_REAL]);
		/* Periods missed (interrupts long off) are not made up: the next is still ahead. */
		if (it->incr)
			it->expires = it->expires + it->incr > now ? it->expires + it->incr :
				      now + it->incr;
		else
			it->expires = 0;
		if (!it->expires)
			list_del_init(&signal->it_real_list);
	}
	spin_unlock_irqrestore(&itimer_lock, flags);
}

void itimer_tick(struct task_struct *task)
{
	struct signal_struct *signal = task->signal;
	unsigned long flags;
	int which;

	if (!task->mm || !(READ_ONCE(signal->it[ITIMER_VIRTUAL].expires) |
			   READ_ONCE(signal->it[ITIMER_PROF].expires)))
		return;
	for (which = ITIMER_VIRTUAL; which <= ITIMER_PROF; which++) {
		struct cpu_itimer *it = &signal->it[which];
		bool fire = false;

		spin_lock_irqsave(&task->sighand->siglock, flags);
		if (it->expires > NSEC_PER_TICK) {
			it->expires -= NSEC_PER_TICK;
		} else if (it->expires) {
			fire = true;
			it->expires = it->incr;
		}
		spin_unlock_irqrestore(&task->sighand->siglock, flags);
		if (fire)
			send_kernel_signal(task, itimer_signal[which]);
	}
}

void exit_itimers(struct task_struct *task)
{
	struct signal_struct *signal = task->signal;
	unsigned long flags;

	spin_lock_irqsave(&itimer_lock, flags);
	if (!list_empty(&signal->it_real_list))
		list_del_init(&signal->it_real_list);
	signal->it[ITIMER_REAL].expires = 0;
	spin_unlock_irqrestore(&itimer_lock, flags);
}

/* Saturating, as Linux's KTIME_MAX: a timer set for centuries never fires, never wraps. */
static u64 timeval_to_ns(const struct timeval64 *tv)
{
	if ((u64)tv->tv_sec >= (~0ULL >> 1) / NSEC_PER_SEC)
		return ~0ULL >> 1;
	return (u64)tv->tv_sec * NSEC_PER_SEC + (u64)tv->tv_usec * NSEC_PER_USEC;
}

static struct timeval64 ns_to_timeval(u64 ns)
{
	struct timeval64 tv = { (s64)(ns / NSEC_PER_SEC), (s64)(ns % NSEC_PER_SEC / NSEC_PER_USEC) };

	return tv;
}

/*
 * A timer as getitimer tells it: time left (from now, for ITIMER_REAL;
 * now is 0 for the others) and interval. An armed timer never shows 0.
 */
static void get_itimer(const struct cpu_itimer *it, u64 now, struct itimerval64 *value)
{
	u64 left = it->expires;

	if (it->expires && now)
		left = it->expires > now ? it->expires - now : NSEC_PER_USEC;
	value->it_value = ns_to_timeval(left);
	value->it_interval = ns_to_timeval(it->incr);
}

/* Timer which of the current process: old gets its state, then value (if any) is set. */
static void do_setitimer(int which, const struct itimerval64 *value, struct itimerval64 *old)
{
	struct signal_struct *signal = current->signal;
	struct cpu_itimer *it = &signal->it[which];
	spinlock_t *lock = which == ITIMER_REAL ? &itimer_lock : &current->sighand->siglock;
	u64 now = which == ITIMER_REAL ? ktime_get_ns() : 0;
	unsigned long flags;

	spin_lock_irqsave(lock, flags);
	get_itimer(it, now, old);
	if (value) {
		it->incr = timeval_to_ns(&value->it_interval);
		it->expires = timeval_to_ns(&value->it_value);
		/* The CPU timers get one tick more, as Linux's: the current one is only partly ours. */
		if (it->expires)
			it->expires += which == ITIMER_REAL ? now : NSEC_PER_TICK;
	}
	if (which == ITIMER_REAL && value) {
		signal->it_real_task = current->group_leader;
		if (it->expires && list_empty(&signal->it_real_list))
			list_add_tail(&signal->it_real_list, &armed_real_timers);
		else if (!it->expires && !list_empty(&signal->it_real_list))
			list_del_init(&signal->it_real_list);
	}
	spin_unlock_irqrestore(lock, flags);
}

/* LAB 7 BEGIN: valid_timeval(tv): whether tv is a time setitimer accepts */
static bool valid_timeval(const struct timeval64 *tv)
{
	return tv->tv_usec >= 0 && tv->tv_usec < USEC_PER_SEC && tv->tv_sec >= 0;
}
/* LAB 7 END */

long sys_getitimer(u64 which, u64 uvalue, u64 a2 __unused, u64 a3 __unused,
		   u64 a4 __unused, u64 a5 __unused)
{
	struct itimerval64 value;

	if ((u32)which > ITIMER_PROF)
		return -EINVAL;
	do_setitimer((int)which, NULL, &value);
	return copy_to_user(uvalue, &value, sizeof(value)) ? -EFAULT : 0;
}

/* A NULL new value disarms the timer, as Linux (which warns about it). */
long sys_setitimer(u64 which, u64 unew, u64 uold, u64 a3 __unused, u64 a4 __unused,
		   u64 a5 __unused)
{
	/* LAB 7 BEGIN: copy the new value in, check it, set the timer, copy the old value out */
	/* LAB 7 STUB: (void)which; */
	/* LAB 7 STUB: (void)unew; */
	/* LAB 7 STUB: (void)uold; */
	/* LAB 7 STUB: return -ENOSYS; */
	struct itimerval64 value, old;

	/* Linux's order: a bad pointer first, then a bad time, then a bad which. */
	memset(&value, 0, sizeof(value));
	if (unew && copy_from_user(&value, unew, sizeof(value)))
		return -EFAULT;
	if (!valid_timeval(&value.it_value) || !valid_timeval(&value.it_interval))
		return -EINVAL;
	if ((u32)which > ITIMER_PROF)
		return -EINVAL;
	do_setitimer((int)which, &value, &old);
	/* The timer is set even if the old value cannot be written back, as on Linux. */
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
	/* LAB 7 END */
}
