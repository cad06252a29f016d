/*
 * Looking up the exception-fixup table (asm/extable.h). The table is a
 * few dozen entries, so a linear search is plenty.
 */
#include <asm/extable.h>

extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

static unsigned long entry_insn(const struct exception_table_entry *e)
{
	return (unsigned long)&e->insn + (long)e->insn;
}

static unsigned long entry_fixup(const struct exception_table_entry *e)
{
	return (unsigned long)&e->fixup + (long)e->fixup;
}

const struct exception_table_entry *search_exception_tables(unsigned long pc)
{
	const struct exception_table_entry *e;

	for (e = __start___ex_table; e < __stop___ex_table; e++) {
		if (entry_insn(e) == pc)
			return e;
	}
	return NULL;
}

bool fixup_exception(struct pt_regs *regs)
{
	const struct exception_table_entry *e = search_exception_tables(regs->pc);

	if (e)
		regs->pc = entry_fixup(e);
	return e != NULL;
}
