/*
 * Host stand-in for asm/thread_info.h: the running task is a test's own
 * task_struct (tests/host/test_vmscan.c), not the stack pointer SP_EL0.
 */
#ifndef ASM_THREAD_INFO_H
#define ASM_THREAD_INFO_H

#define TIF_NEED_RESCHED 0
#define KERNEL_STACK_SIZE 16384
#define TASK_CPU_CONTEXT 16

#include <kernel/types.h>

struct thread_info {
	unsigned long flags;
	int preempt_count;
};

struct thread_info *host_current_thread_info(void);

static inline struct thread_info *current_thread_info(void)
{
	return host_current_thread_info();
}

#endif
