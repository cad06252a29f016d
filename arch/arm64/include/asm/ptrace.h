/*
 * struct pt_regs: the registers saved on the stack when an exception is
 * taken (entry.S builds it), and the offsets entry.S uses to do so.
 */
#ifndef ASM_PTRACE_H
#define ASM_PTRACE_H

#define S_LR (30 * 8)
#define S_SP (31 * 8)
#define S_PC (32 * 8)
#define S_PSTATE (33 * 8)
#define S_STACKFRAME (34 * 8)
#define PT_REGS_SIZE (38 * 8)

/* Which vector slot an unexpected exception came through. */
#define VEC_EL1T_SYNC 0
#define VEC_EL1T_IRQ 1
#define VEC_EL1T_FIQ 2
#define VEC_EL1T_SERROR 3
#define VEC_EL1H_SYNC 4
#define VEC_EL1H_IRQ 5
#define VEC_EL1H_FIQ 6
#define VEC_EL1H_SERROR 7
#define VEC_EL0_SYNC 8
#define VEC_EL0_IRQ 9
#define VEC_EL0_FIQ 10
#define VEC_EL0_SERROR 11
#define VEC_EL0_32_SYNC 12
#define VEC_EL0_32_IRQ 13
#define VEC_EL0_32_FIQ 14
#define VEC_EL0_32_SERROR 15

#define PSR_I_BIT (1u << 7)	/* pstate: IRQs masked */

#ifndef __ASSEMBLER__
#include <kernel/types.h>

struct pt_regs {
	u64 regs[31];		/* x0 .. x30 */
	u64 sp;
	u64 pc;			/* ELR_EL1 */
	u64 pstate;		/* SPSR_EL1 */
	u64 stackframe[2];	/* frame record {x29, pc} for backtraces */
	u64 orig_x0;		/* a system call's first argument (x0 gets the result) */
	s64 syscallno;		/* the system call being made, or -1 */
};

_Static_assert(sizeof(struct pt_regs) == PT_REGS_SIZE, "entry.S offsets");
#endif

#endif
