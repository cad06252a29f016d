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

void __noreturn die(const char *headline, struct pt_regs *regs, u32 esr);

#endif
