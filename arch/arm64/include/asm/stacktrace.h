/* Backtraces through frame records (arch/arm64/kernel/stacktrace.c). */
#ifndef ASM_STACKTRACE_H
#define ASM_STACKTRACE_H

/* lr: the interrupted link register, or 0 when there is none. */
void dump_backtrace(unsigned long fp, unsigned long pc, unsigned long lr);
struct task_struct;
/* A task that is not running, from where it switched away, on its own stack. */
void dump_task_backtrace(const struct task_struct *task);
void dump_stack(void);

#endif
