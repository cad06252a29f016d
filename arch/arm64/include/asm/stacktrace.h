/* Backtraces through frame records (arch/arm64/kernel/stacktrace.c). */
#ifndef ASM_STACKTRACE_H
#define ASM_STACKTRACE_H

void dump_backtrace(unsigned long fp, unsigned long pc);
void dump_stack(void);

#endif
