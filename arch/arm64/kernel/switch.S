/*
 * Switching between tasks.
 *
 * cpu_switch_to(prev, next) saves the callee-saved registers, the frame
 * pointer, SP and the return address in prev->cpu_context, loads next's,
 * points SP_EL0 at next (that is `current`) and returns on next's stack,
 * into whatever next was doing when it last called cpu_switch_to. The
 * caller-saved registers need no saving: C code calling a function
 * already expects them to be lost.
 *
 * A new task's context starts at ret_from_fork with its function in x19
 * and argument in x20.
 */
#include <asm/thread_info.h>

	.text
	.globl	cpu_switch_to
	.type	cpu_switch_to, %function
cpu_switch_to:
	add	x8, x0, #TASK_CPU_CONTEXT
	mov	x9, sp
	stp	x19, x20, [x8], #16
	stp	x21, x22, [x8], #16
	stp	x23, x24, [x8], #16
	stp	x25, x26, [x8], #16
	stp	x27, x28, [x8], #16
	stp	x29, x9, [x8], #16
	str	x30, [x8]
	add	x8, x1, #TASK_CPU_CONTEXT
	ldp	x19, x20, [x8], #16
	ldp	x21, x22, [x8], #16
	ldp	x23, x24, [x8], #16
	ldp	x25, x26, [x8], #16
	ldp	x27, x28, [x8], #16
	ldp	x29, x9, [x8], #16
	ldr	x30, [x8]
	mov	sp, x9
	msr	sp_el0, x1
	ret
	.size	cpu_switch_to, . - cpu_switch_to

/* A forked process's first switch: straight back to user space. */
	.globl	ret_from_fork_user
	.type	ret_from_fork_user, %function
ret_from_fork_user:
	bl	schedule_tail
	bl	child_first_run
	b	ret_to_user
	.size	ret_from_fork_user, . - ret_from_fork_user

	.globl	ret_from_fork
	.type	ret_from_fork, %function
ret_from_fork:
	bl	schedule_tail
	mov	x0, x20
	blr	x19
	bl	do_exit
	.size	ret_from_fork, . - ret_from_fork
