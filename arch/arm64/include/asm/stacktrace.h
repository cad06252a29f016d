/* Backtraces through frame records (arch/arm64/kernel/stacktrace.c). */
#ifndef ASM_STACKTRACE_H
#define ASM_STACKTRACE_H

/* lr: the interrupted link register, or 0 when there is none. */
void dump_backtrace(unsigned long fp, unsigned long pc, unsigned long lr);
void dump_stack(void);

#endif
