/*
 * The exception-fixup table. Each instruction that may fault on a user
 * address while the kernel copies to or from user memory has an entry
 * naming where to continue instead: a fault there that the page-fault
 * handler cannot resolve makes the copy stop and report, never panic.
 *
 * Entries hold 32-bit offsets from themselves, so the table needs no
 * relocation; the linker gathers them between __start___ex_table and
 * __stop___ex_table (linker.ld).
 */
#ifndef ASM_EXTABLE_H
#define ASM_EXTABLE_H

#ifdef __ASSEMBLER__

/* `uaccess fixup, insn`: emit insn and an entry sending its faults to fixup. */
	.macro	uaccess fixup:req, insn:vararg
9999:	\insn
	.pushsection __ex_table, "a"
	.balign	4
	.long	9999b - .
	.long	\fixup - .
	.popsection
	.endm

#else

#include <kernel/types.h>
#include <asm/ptrace.h>

struct exception_table_entry {
	s32 insn;	/* the instruction's address, relative to this field */
	s32 fixup;	/* where to go instead, relative to this field */
};

/* The entry for the instruction at pc, or NULL. */
const struct exception_table_entry *search_exception_tables(unsigned long pc);

/*
 * If the instruction at regs->pc has an entry, point regs->pc at its
 * fixup and return true.
 */
bool fixup_exception(struct pt_regs *regs);

#endif
#endif
