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
struct mm_struct;

/*
 * Make the current process run action's handler for sig on return to
 * user space, with its registers saved in a frame on its stack. Returns
 * false if the frame cannot be written (the caller kills the process).
 * fault_addr is si_addr for a fault, 0 otherwise.
 */
bool setup_rt_frame(int sig, const struct k_sigaction *action, unsigned long fault_addr,
		    struct pt_regs *regs);

/* Map the sigreturn trampoline page into a new address space; its address, or -errno. */
long map_sigpage(struct mm_struct *mm);

/* Create the trampoline page (once, at boot). */
void sigpage_init(void);

/*
 * The system call regs were interrupted in returned -ERESTARTSYS: make it
 * run again (restart) or fail with -EINTR. Nothing for anything else.
 */
void syscall_restart(struct pt_regs *regs, bool restart);

long sys_rt_sigreturn(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);

#endif
