/*
 * Preemption control: while the running task's preempt_count is above
 * zero, an interrupt will not switch it out. Spinlocks raise it, so a
 * task is never preempted while holding one.
 */
#ifndef ASM_PREEMPT_H
#define ASM_PREEMPT_H

#include <asm/thread_info.h>
#include <asm/barrier.h>

static inline void preempt_disable(void)
{
	current_thread_info()->preempt_count++;
	barrier();
}

static inline void preempt_enable(void)
{
	barrier();
	current_thread_info()->preempt_count--;
}

static inline int preempt_count(void)
{
	return READ_ONCE(current_thread_info()->preempt_count);
}

#endif
