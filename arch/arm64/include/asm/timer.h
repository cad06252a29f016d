/* The Arm generic timer: the clock, and the per-CPU periodic tick. */
#ifndef ASM_TIMER_H
#define ASM_TIMER_H

#include <kernel/types.h>

#define HZ 100

extern volatile unsigned long jiffies;

u64 ktime_get_ns(void);
void udelay(unsigned long usecs);
void timer_init(unsigned int irq);	/* boot CPU: register the PPI and start */
void timer_cpu_init(void);		/* every CPU: start its own tick */

#endif
