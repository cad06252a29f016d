/*
 * The exception vector table (VBAR_EL1) and the code that saves and
 * restores a struct pt_regs around the C handlers in traps.c and irq.c.
 *
 * The table has 16 slots of 128 bytes: {sync, IRQ, FIQ, SError} taken
 * from {EL1 with SP_EL0, EL1 with SP_EL1, EL0 AArch64, EL0 AArch32}.
 * The kernel always runs on SP_EL1; user programs arrive through the
 * third row (system calls and faults as sync, interrupts as IRQ).
 *
 * In the kernel SP_EL0 holds `current` (asm/thread_info.h); at EL0 it is
 * the user's stack pointer. So entry from EL0 saves it in pt_regs and
 * loads `current`, and the way back (ret_to_user) restores it.
 *
 * The frame made here also holds a frame record {x29, elr}, and x29 points
 * at it while the handler runs, so a backtrace walks on through the
 * exception into the interrupted function.
 *
 * Kernel stacks come from vmalloc, with an unmapped page below each. A
 * stack that overflows faults on that page, and the fault could not even
 * save its registers on the same stack. So the synchronous EL1 vector first
 * checks SP against this CPU's stack base (TPIDRRO_EL0 serves as a scratch
 * register for the check) and, when SP is below it, moves to the CPU's
 * overflow stack to report. Nothing returns from that path.
 */
#include <asm/ptrace.h>
#include <asm/smp.h>

/*
 * Call-frame information, for gdb only (.debug_frame is not loaded). While
 * a C handler runs, the frame above the entry code is the interrupted
 * context, and all its registers are in the pt_regs at SP. The return
 * column is DWARF register 32, the pc, found at S_PC (ELR): so a backtrace
 * goes on from el1h_sync into the interrupted kernel function with its
 * registers right. From EL0 there is no frame above: the pc is undefined
 * and the backtrace ends at el0_sync. In the few instructions that save
 * the registers nothing is described yet, and gdb ends the backtrace there.
 */
	.cfi_sections .debug_frame

	.macro	cfi_entry_start
	.cfi_startproc
	.cfi_return_column 32
	.cfi_undefined 32
	.endm

	.macro	cfi_interrupted_kernel
	.cfi_def_cfa sp, PT_REGS_SIZE
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	.cfi_offset \n, \n * 8 - PT_REGS_SIZE
	.endr
	.cfi_offset 32, S_PC - PT_REGS_SIZE
	.endm

/* x0-x29 into a new pt_regs below SP. */
	.macro	save_gprs
	sub	sp, sp, #PT_REGS_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	.endm

	.macro	kernel_entry
	save_gprs
	add	x21, sp, #PT_REGS_SIZE	// sp before the exception
	mrs	x22, elr_el1
	mrs	x23, spsr_el1
	stp	x30, x21, [sp, #S_LR]
	stp	x22, x23, [sp, #S_PC]
	stp	x29, x22, [sp, #S_STACKFRAME]
	add	x29, sp, #S_STACKFRAME
	.endm

/* Entry from EL0: as kernel_entry, plus the user SP and `current` in SP_EL0. */
	.macro	kernel_entry_el0
	save_gprs
	mrs	x21, sp_el0
	mrs	x22, elr_el1
	mrs	x23, spsr_el1
	stp	x30, x21, [sp, #S_LR]
	stp	x22, x23, [sp, #S_PC]
	stp	xzr, xzr, [sp, #S_STACKFRAME]	// the backtrace ends here
	add	x29, sp, #S_STACKFRAME
	mrs	x0, tpidr_el1
	ldr	x0, [x0, #CPU_CURR]
	msr	sp_el0, x0
	.endm

/*
 * Interrupts off first: a handler that slept (a fault on a user address
 * waiting for mmap_lock) comes back with them on, and an interrupt taken
 * between the writes of ELR/SPSR and the eret would leave its own return
 * address in ELR, so this eret would jump back into the middle of the
 * exit with SP already above the frame. The eret restores the
 * interrupted context's mask from SPSR.
 */
	.macro	kernel_exit
	msr	daifset, #0xf
	ldp	x22, x23, [sp, #S_PC]
	msr	elr_el1, x22
	msr	spsr_el1, x23
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #S_LR]
	add	sp, sp, #PT_REGS_SIZE
	eret
	.endm

/* A slot that hands the exception to the C handler for unexpected ones. */
	.macro	vector_unexpected, kind
	.balign	128
	kernel_entry
	mov	x0, sp
	mov	x1, #\kind
	bl	bad_mode
	b	.
	.endm

	.macro	vector_to, label
	.balign	128
	b	\label
	.endm

	.text
	.balign	2048
	.globl	vectors
vectors:
	vector_unexpected VEC_EL1T_SYNC
	vector_unexpected VEC_EL1T_IRQ
	vector_unexpected VEC_EL1T_FIQ
	vector_unexpected VEC_EL1T_SERROR

	.balign	128
	msr	tpidrro_el0, x0
	mrs	x0, tpidr_el1
	ldr	x0, [x0, #CPU_STACK_BASE]
	cmp	sp, x0
	mrs	x0, tpidrro_el0
	b.lo	el1_stack_overflow
	b	el1h_sync
	vector_to el1h_irq
	vector_unexpected VEC_EL1H_FIQ
	vector_unexpected VEC_EL1H_SERROR

	vector_to el0_sync
	vector_to el0_irq
	vector_unexpected VEC_EL0_FIQ
	vector_unexpected VEC_EL0_SERROR

	vector_unexpected VEC_EL0_32_SYNC
	vector_unexpected VEC_EL0_32_IRQ
	vector_unexpected VEC_EL0_32_FIQ
	vector_unexpected VEC_EL0_32_SERROR

el1h_sync:
	cfi_entry_start
	kernel_entry
	cfi_interrupted_kernel
	mov	x0, sp
	bl	el1_sync_handler
	kernel_exit
	.cfi_endproc

el1h_irq:
	cfi_entry_start
	kernel_entry
	cfi_interrupted_kernel
	mov	x0, sp
	bl	el1_irq_handler
	kernel_exit
	.cfi_endproc

/*
 * SP fell below the stack: report from the overflow stack. Only x0 is free
 * (its value waits in TPIDRRO_EL0), so SP and the overflow stack's top O
 * trade places by arithmetic: SP+O, then x0 = (SP+O)-O, then SP = (SP+O)-x0.
 * The old SP is pushed first on the new stack, for the report.
 */
el1_stack_overflow:
	msr	tpidrro_el0, x0
	mrs	x0, tpidr_el1
	ldr	x0, [x0, #CPU_OVERFLOW_STACK_TOP]
	add	sp, sp, x0
	sub	x0, sp, x0
	sub	sp, sp, x0
	str	x0, [sp, #-16]!
	mrs	x0, tpidrro_el0
	kernel_entry
	ldr	x1, [sp, #PT_REGS_SIZE]
	str	x1, [sp, #S_SP]
	mov	x0, sp
	bl	handle_stack_overflow
	b	.

el0_sync:
	cfi_entry_start
	kernel_entry_el0
	mov	x0, sp
	bl	el0_sync_handler
	b	ret_to_user
	.cfi_endproc

el0_irq:
	cfi_entry_start
	kernel_entry_el0
	mov	x0, sp
	bl	el0_irq_handler
	b	ret_to_user
	.cfi_endproc

/*
 * Back to EL0 from the pt_regs at SP: the user's SP into SP_EL0, and
 * TPIDRRO_EL0 cleared (the stack check used it as scratch; user space may
 * read it).
 */
	.globl	ret_to_user
ret_to_user:
	bl	prepare_exit_to_user
	ldr	x21, [sp, #S_SP]
	msr	sp_el0, x21
	msr	tpidrro_el0, xzr
	kernel_exit

/*
 * start_user(regs): leave for EL0 for the first time, with the registers
 * in regs (a pt_regs at the top of the current kernel stack).
 */
	.globl	start_user
start_user:
	mov	sp, x0
	b	ret_to_user

/*
 * call_on_stack(top, fn): run fn with the stack pointer at top, for good
 * (fn must not return). The boot CPU moves to its vmalloc'd stack this way.
 */
	.globl	call_on_stack
	.type	call_on_stack, %function
call_on_stack:
	mov	sp, x0
	mov	x29, xzr
	mov	x30, xzr
	blr	x1
	b	.
	.size	call_on_stack, . - call_on_stack
