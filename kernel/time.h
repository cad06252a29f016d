/* Time for user programs (kernel/time.c): clocks and sleeping. */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include <kernel/types.h>

#define NSEC_PER_SEC 1000000000ULL

/* Sleep in the kernel for at least ms milliseconds (to the next tick after). */
void msleep(unsigned int ms);

/*
 * The wall clock (kernel/timekeeping.c): CLOCK_REALTIME in nanoseconds
 * since 1970, a wall-clock time as the monotonic clock's, and setting it
 * from the RTC's seconds at boot.
 */
u64 ktime_get_real_ns(void);
u64 realtime_to_monotonic(u64 real_ns);
void timekeeping_set_wall_clock(u64 seconds);
long sys_clock_settime(u64 clock, u64 ts, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_settimeofday(u64 tv, u64 tz, u64 a2, u64 a3, u64 a4, u64 a5);

/*
 * Sleep until the clock reaches deadline (ns since boot): 0, or
 * -ERESTARTSYS if a signal came first.
 */
int sleep_until_interruptible(u64 deadline);

/* The deadline a relative user timespec sets from now; -EFAULT or -EINVAL for a bad one. */
long timespec_deadline(u64 uts, u64 *deadline);

/* A user struct timespec as nanoseconds: 0, -EFAULT, or -EINVAL for a bad one. */
long get_timespec_ns(u64 uts, u64 *ns);

long sys_clock_gettime(u64 clock, u64 ts, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_clock_getres(u64 clock, u64 res, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_gettimeofday(u64 tv, u64 tz, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_nanosleep(u64 req, u64 rem, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_clock_nanosleep(u64 clock, u64 flags, u64 req, u64 rem, u64 a4, u64 a5);

#endif
