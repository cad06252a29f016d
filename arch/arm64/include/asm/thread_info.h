/*
 * The part of a task the low-level code needs at once: its flags and its
 * preemption count. It is the first member of struct task_struct, and
 * SP_EL0 holds the running task's address while in the kernel (as in
 * Linux), so `current` is one instruction and stays right even if the
 * task moves to another CPU between two instructions.
 */
#ifndef ASM_THREAD_INFO_H
#define ASM_THREAD_INFO_H

#define TIF_NEED_RESCHED 0	/* schedule() at the next chance */

/* Every kernel stack (a task's, a CPU's) is this big, from vmalloc. */
#define KERNEL_STACK_SIZE 16384

/* Where struct task_struct keeps its struct cpu_context (kernel/sched.h). */
#define TASK_CPU_CONTEXT 16

#ifndef __ASSEMBLER__
#include <kernel/types.h>

struct thread_info {
	unsigned long flags;	/* TIF_* bits */
	int preempt_count;	/* > 0: this task must not be switched out */
};

static inline struct thread_info *current_thread_info(void)
{
	struct thread_info *ti;

	asm volatile("mrs %0, sp_el0" : "=r"(ti));
	return ti;
}
#endif

#endif
