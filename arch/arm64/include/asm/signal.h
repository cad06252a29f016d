/*
 * Running a signal handler on AArch64 (arch/arm64/kernel/signal.c): the
 * frame Linux puts on the user stack (siginfo, then a ucontext whose
 * mcontext holds the registers and an FP/SIMD record), the return through
 * a sigreturn trampoline, and rt_sigreturn.
 */
#ifndef ASM_SIGNAL_H
#define ASM_SIGNAL_H

#include <kernel/types.h>
#include <asm/ptrace.h>

struct k_sigaction;
struct ksignal;
struct mm_struct;

/*
 * Make the current thread run ksig's handler on return to user space,
 * with its registers, oldmask (the mask to restore) and the signal's
 * siginfo in a frame on its stack, or on its alternate signal stack with
 * SA_ONSTACK. Returns false if the frame cannot be written (the caller
 * kills the process).
 */
bool setup_rt_frame(struct ksignal *ksig, u64 oldmask, struct pt_regs *regs);

/* Map the sigreturn trampoline page into a new address space; its address, or -errno. */
long map_sigpage(struct mm_struct *mm);

/* Create the trampoline page (once, at boot). */
void sigpage_init(void);

/*
 * The system call regs were interrupted in returned -ERESTARTSYS or
 * -ERESTARTNOHAND: make it run again or fail with -EINTR. handler is the
 * action about to run, NULL if none: -ERESTARTSYS restarts unless it has
 * no SA_RESTART, -ERESTARTNOHAND only without one. Nothing for any other
 * result.
 */
void syscall_restart(struct pt_regs *regs, const struct k_sigaction *handler);

long sys_rt_sigreturn(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);

#endif
