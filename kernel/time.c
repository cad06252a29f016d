/*
 * Clocks and sleeping for user programs. Every clock is read from the
 * generic timer with nanosecond resolution; CLOCK_REALTIME adds the wall
 * clock's offset (kernel/timekeeping.c), the others count from boot.
 * A sleeper arms a sleep timer (kernel/timer.c), which the first tick
 * after its deadline fires: a sleep lasts up to 10 ms longer than asked,
 * as with a tick-based Linux kernel.
 */
#include <kernel/time.h>
#include <kernel/timer.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <asm/barrier.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <asm/timer.h>

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define TIMER_ABSTIME 1

struct timespec64 {
	s64 tv_sec;
	s64 tv_nsec;
};


/*
 * Asleep until the clock passes deadline or, if interruptible, a signal
 * comes (-ERESTARTSYS). The state is set before the clock is read, so a
 * timer firing in between finds the task asleep or finds it about to see
 * the deadline passed.
 */
static int sleep_until_timer(u64 deadline, bool interruptible)
{
	struct sleep_timer timer;
	int ret = 0;

	sleep_timer_arm(&timer, deadline);
	for (;;) {
		current->state = TASK_INTERRUPTIBLE;
		smp_mb();
		if (ktime_get_ns() >= deadline)
			break;
		if (interruptible && signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	current->state = TASK_RUNNING;
	sleep_timer_cancel(&timer);
	return ret;
}

void msleep(unsigned int ms)
{
	sleep_until_timer(ktime_get_ns() + (u64)ms * 1000000, false);
}

static bool valid_clock(u64 clock)
{
	return clock <= CLOCK_BOOTTIME;
}

static struct timespec64 ns_to_timespec(u64 ns)
{
	struct timespec64 ts = { (s64)(ns / NSEC_PER_SEC), (s64)(ns % NSEC_PER_SEC) };

	return ts;
}

static bool is_realtime(u64 clock)
{
	return clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE;
}

long sys_clock_gettime(u64 clock, u64 ts, u64 a2 __unused, u64 a3 __unused,
		       u64 a4 __unused, u64 a5 __unused)
{
	struct timespec64 now = ns_to_timespec(is_realtime(clock) ? ktime_get_real_ns() :
					       ktime_get_ns());

	if (!valid_clock(clock))
		return -EINVAL;
	return copy_to_user(ts, &now, sizeof(now)) ? -EFAULT : 0;
}

long sys_clock_getres(u64 clock, u64 res, u64 a2 __unused, u64 a3 __unused,
		      u64 a4 __unused, u64 a5 __unused)
{
	struct timespec64 one_ns = { 0, 1 };

	if (!valid_clock(clock))
		return -EINVAL;
	if (res && copy_to_user(res, &one_ns, sizeof(one_ns)))
		return -EFAULT;
	return 0;
}

long sys_gettimeofday(u64 tv, u64 tz, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
		      u64 a5 __unused)
{
	u64 ns = ktime_get_real_ns();
	s64 timeval[2] = { (s64)(ns / NSEC_PER_SEC), (s64)(ns % NSEC_PER_SEC / 1000) };
	s32 timezone[2] = { 0, 0 };

	if (tv && copy_to_user(tv, timeval, sizeof(timeval)))
		return -EFAULT;
	if (tz && copy_to_user(tz, timezone, sizeof(timezone)))
		return -EFAULT;
	return 0;
}

int sleep_until_interruptible(u64 deadline)
{
	return sleep_until_timer(deadline, true);
}

/* Sleep until the clock reaches deadline; on a signal, say how much was left. */
static long sleep_until(u64 deadline, u64 rem)
{
	struct timespec64 left;
	u64 now;

	/* Not restarted: the time left is reported instead (Linux restarts with it). */
	if (!sleep_until_interruptible(deadline))
		return 0;
	now = ktime_get_ns();
	left = ns_to_timespec(now < deadline ? deadline - now : 0);
	if (rem && copy_to_user(rem, &left, sizeof(left)))
		return -EFAULT;
	return -EINTR;
}

static long read_timespec(u64 uts, struct timespec64 *ts)
{
	if (copy_from_user(ts, uts, sizeof(*ts)))
		return -EFAULT;
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || (u64)ts->tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	return 0;
}

static u64 timespec_to_ns(const struct timespec64 *ts)
{
	u64 max_sec = ~0ULL / NSEC_PER_SEC - 1;

	return (u64)MIN((u64)ts->tv_sec, max_sec) * NSEC_PER_SEC + (u64)ts->tv_nsec;
}

/* Now plus ts, saturating rather than wrapping for absurd lengths. */
static u64 deadline_after(const struct timespec64 *ts)
{
	u64 now = ktime_get_ns(), len = timespec_to_ns(ts);

	return len > ~0ULL - now ? ~0ULL : now + len;
}

long timespec_deadline(u64 uts, u64 *deadline)
{
	struct timespec64 ts;
	long err = read_timespec(uts, &ts);

	if (!err)
		*deadline = deadline_after(&ts);
	return err;
}

long sys_nanosleep(u64 req, u64 rem, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
		   u64 a5 __unused)
{
	struct timespec64 ts;
	long err = read_timespec(req, &ts);

	if (err)
		return err;
	return sleep_until(deadline_after(&ts), rem);
}

long sys_clock_nanosleep(u64 clock, u64 flags, u64 req, u64 rem, u64 a4 __unused,
			 u64 a5 __unused)
{
	struct timespec64 ts;
	long err;

	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME)
		return -EINVAL;	/* CPU-time clocks cannot be slept on here */
	err = read_timespec(req, &ts);
	if (err)
		return err;
	if ((flags & TIMER_ABSTIME) && clock == CLOCK_REALTIME)
		return sleep_until(realtime_to_monotonic(timespec_to_ns(&ts)), 0);
	if (flags & TIMER_ABSTIME)
		return sleep_until(timespec_to_ns(&ts), 0);
	return sleep_until(deadline_after(&ts), rem);
}

long get_timespec_ns(u64 uts, u64 *ns)
{
	struct timespec64 ts;
	long err = read_timespec(uts, &ts);

	if (!err)
		*ns = timespec_to_ns(&ts);
	return err;
}
