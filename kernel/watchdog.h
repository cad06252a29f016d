/*
 * The soft-lockup and hung-task detectors (kernel/watchdog.c):
 * __schedule touches the CPU's timestamp, the tick checks it; CPU 0's
 * tick looks for tasks asleep uninterruptibly for too long.
 */
#ifndef KERNEL_WATCHDOG_H
#define KERNEL_WATCHDOG_H

extern int watchdog_thresh;	/* seconds (Linux's default 10); 0: off */
extern int softlockup_panic;	/* panic after a report */

void watchdog_touch(void);
void watchdog_tick(void);

extern unsigned long hung_task_timeout_secs;	/* Linux's default 120; 0: off */
extern int hung_task_panic;		/* panic when a hung task is found */

/* CPU 0's tick: every hung_task_timeout_secs, the walk of the tasks. */
void hung_task_tick(void);

#endif
