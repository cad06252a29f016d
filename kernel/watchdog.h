/*
 * The soft-lockup detector (kernel/watchdog.c): __schedule touches the
 * CPU's timestamp, the tick checks it.
 */
#ifndef KERNEL_WATCHDOG_H
#define KERNEL_WATCHDOG_H

extern int watchdog_thresh;	/* seconds (Linux's default 10); 0: off */
extern int softlockup_panic;	/* panic after a report */

void watchdog_touch(void);
void watchdog_tick(void);

#endif
