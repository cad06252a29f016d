/*
 * The wall clock: CLOCK_REALTIME is the monotonic clock (the generic
 * timer, counting from boot) plus an offset. At boot the offset comes
 * from the real-time clock the device tree names (a PL031 on QEMU's virt,
 * which QEMU sets to the host's time); clock_settime and settimeofday
 * move it, as Linux's do, without touching the hardware clock. Without an
 * RTC the wall clock starts at 1970, as Linux's does.
 */
#include <kernel/time.h>
#include <kernel/sched.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <asm/timer.h>

#define CLOCK_REALTIME 0

static s64 realtime_offset_ns;	/* CLOCK_REALTIME - CLOCK_MONOTONIC */

u64 ktime_get_real_ns(void)
{
	return ktime_get_ns() + (u64)READ_ONCE(realtime_offset_ns);
}

u64 realtime_to_monotonic(u64 real_ns)
{
	s64 offset = READ_ONCE(realtime_offset_ns);

	if (offset > 0 && real_ns < (u64)offset)
		return 0;
	return real_ns - (u64)offset;
}

void timekeeping_set_wall_clock(u64 seconds)
{
	WRITE_ONCE(realtime_offset_ns, (s64)(seconds * NSEC_PER_SEC - ktime_get_ns()));
}

/* Only uid 0 may set the clock (Linux: CAP_SYS_TIME). */
static long set_realtime(u64 real_ns)
{
	if (current->cred.euid != 0)
		return -EPERM;
	WRITE_ONCE(realtime_offset_ns, (s64)(real_ns - ktime_get_ns()));
	return 0;
}

long sys_clock_settime(u64 clock, u64 uts, u64 a2 __unused, u64 a3 __unused,
		       u64 a4 __unused, u64 a5 __unused)
{
	u64 ns;
	long err;

	if (clock != CLOCK_REALTIME)
		return -EINVAL;	/* the other clocks cannot be set */
	err = get_timespec_ns(uts, &ns);
	return err ? err : set_realtime(ns);
}

/* Linux's order: the time is read and checked, then the zone, then the permission. */
long sys_settimeofday(u64 utv, u64 utz, u64 a2 __unused, u64 a3 __unused,
		      u64 a4 __unused, u64 a5 __unused)
{
	s64 tv[2] = { 0, 0 };
	s32 tz[2];

	if (utv && copy_from_user(tv, utv, sizeof(tv)))
		return -EFAULT;
	if (utv && (tv[0] < 0 || tv[1] < 0 || tv[1] >= 1000000))
		return -EINVAL;
	if (utz && copy_from_user(tz, utz, sizeof(tz)))
		return -EFAULT;
	if (utz && (tz[0] < -15 * 60 || tz[0] > 15 * 60))
		return -EINVAL;
	if (current->cred.euid != 0)
		return -EPERM;
	return utv ? set_realtime((u64)tv[0] * NSEC_PER_SEC + (u64)tv[1] * 1000) : 0;
}
