/* Exception reports (arch/arm64/kernel/traps.c, arch/arm64/mm/fault.c). */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <kernel/types.h>
#include <asm/ptrace.h>

/* ESR_EL1 in words, e.g. "data abort from EL1, translation fault at level 3, write". */
void esr_describe(u32 esr, char *buf, size_t size);
const char *esr_class_name(u32 esr);

/* Say which part of the address space addr falls in, and anything known about it. */
void explain_fault_address(unsigned long addr);

/*
 * A data abort in the kernel on a user address: resolved (or fixed up)
 * when it comes from a copy routine; false when it is a kernel bug.
 */
bool do_el1_user_fault(struct pt_regs *regs, u32 esr);

/*
 * A user exception the kernel does not resolve itself (anything but a
 * system call or a page fault the handler maps), and the signal it becomes.
 */
struct el0_fault {
	u32 esr;		/* ESR_EL1: the exception class and its syndrome */
	unsigned long far;	/* FAR_EL1: an abort's address, or the misaligned PC */
	unsigned long pc, sp;	/* where the program was */
	int mm_err;		/* an abort the page-fault handler refused: its answer; else 0 */
	int signal, code;	/* out: the signal and its si_code */
	unsigned long addr;	/* out: its si_addr */
};

/* Fill in f's signal, code and addr as Linux would for the same exception. */
void el0_fault_signal(struct el0_fault *f);

void __noreturn die(const char *headline, struct pt_regs *regs, u32 esr);

#endif
