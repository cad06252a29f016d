/*
 * Sleep timers: a task that sleeps until a deadline (nanosleep, a futex or
 * poll with a timeout, msleep) arms one, and the tick wakes it once the
 * deadline has passed, and not before. The armed timers wait in one list,
 * soonest first, so each tick looks only at those due. A sleep therefore
 * lasts until the first tick after its deadline: up to 10 ms longer, as
 * with a tick-based Linux kernel (Linux's timer wheel, kernel/time/timer.c,
 * does the same job in O(1) for thousands of timers).
 *
 * Relies on the tick (run_timers from CPU 0's timer interrupt) and on
 * wake_up_process: the sleeper checks its own deadline after it is woken,
 * so a timer firing just before the sleeper marks itself asleep loses
 * nothing.
 */
#include <kernel/timer.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <asm/timer.h>

static DEFINE_SPINLOCK(timer_lock);
static LIST_HEAD(armed_timers);

void sleep_timer_arm(struct sleep_timer *timer, u64 expires)
{
	struct sleep_timer *next;
	unsigned long flags;

	timer->expires = expires;
	timer->task = current;
	spin_lock_irqsave(&timer_lock, flags);
	list_for_each_entry(next, &armed_timers, entry) {
		if (next->expires > expires)
			break;
	}
	list_add_tail(&timer->entry, &next->entry);
	spin_unlock_irqrestore(&timer_lock, flags);
}

void sleep_timer_cancel(struct sleep_timer *timer)
{
	unsigned long flags;

	spin_lock_irqsave(&timer_lock, flags);
	list_del_init(&timer->entry);
	spin_unlock_irqrestore(&timer_lock, flags);
}

void run_timers(void)
{
	struct sleep_timer *timer;
	u64 now = ktime_get_ns();

	spin_lock(&timer_lock);
	while (!list_empty(&armed_timers)) {
		timer = list_first_entry(&armed_timers, struct sleep_timer, entry);
		if (timer->expires > now)
			break;
		list_del_init(&timer->entry);
		wake_up_process(timer->task);
	}
	spin_unlock(&timer_lock);
}
