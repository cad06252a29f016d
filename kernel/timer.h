/*
 * Sleep timers (kernel/timer.c): wake a sleeping task once the clock has
 * passed a deadline. The task arms one, sleeps in a loop that checks the
 * deadline itself (and whatever else it waits for), then cancels it.
 */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <kernel/types.h>
#include <kernel/list.h>

struct task_struct;

struct sleep_timer {
	struct list_head entry;		/* in the armed list, soonest first */
	u64 expires;			/* ktime_get_ns() deadline */
	struct task_struct *task;	/* whom to wake */
};

/* Arm timer to wake current at expires; it fires once. */
void sleep_timer_arm(struct sleep_timer *timer, u64 expires);
/* Disarm (harmless if it has fired). Must be called before the timer goes out of scope. */
void sleep_timer_cancel(struct sleep_timer *timer);
/* From the tick on one CPU: wake the tasks whose timers are due. */
void run_timers(void);

#endif
