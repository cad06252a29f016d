/*
 * Signals (kernel/signal.c): Linux's numbers, kill() and friends, and the
 * default actions. A signal is a bit in the target's pending mask; the
 * target acts on it on its way back to user space, so a signal to a
 * process asleep in the kernel first wakes it (its wait returns -EINTR).
 *
 * Handlers run on a frame built by arch/arm64/kernel/signal.c and return
 * through rt_sigreturn; SIG_IGN and the default actions work too. A
 * system call interrupted by a signal restarts, unless a handler without
 * SA_RESTART runs: then it fails with EINTR.
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include <kernel/sched.h>

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGWINCH 28

#define SIG_DFL 0UL
#define SIG_IGN 1UL

#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000

static inline u64 sigmask(int sig)
{
	return 1ULL << (sig - 1);
}

/* Signals that cannot be caught, blocked or ignored. */
#define SIG_UNBLOCKABLE (sigmask(SIGKILL) | sigmask(SIGSTOP))

static inline bool signal_pending(struct task_struct *task)
{
	return (READ_ONCE(task->sig_pending) & (~task->sig_blocked | SIG_UNBLOCKABLE)) != 0;
}

/*
 * Make sig pending in task (1..NSIG) and wake it if it sleeps. Returns 0,
 * or -EINVAL for a bad number. A signal the task ignores is dropped here.
 */
int send_signal(struct task_struct *task, int sig);

/*
 * A fault the process may handle (SIGSEGV, SIGILL): true if a handler
 * will run (the signal is now pending), false if the caller must kill.
 */
bool force_sig_fault(int sig, unsigned long addr);

/*
 * The kernel's own sig to every process of group pgrp (the terminal's
 * Ctrl-C, SIGTTIN, SIGHUP): no permission check. Safe in interrupts.
 */
void kill_pgrp(int pgrp, int sig);

/* On the way back to user space: act on the pending signals (may not return). */
void do_signal(void);

/*
 * A new task starts with the kernel threads' shared actions and signal
 * state; fork gives the child copies of the parent's (actions, mask,
 * process group and session), or -ENOMEM; the last user frees them.
 */
extern struct sighand_struct init_sighand;
extern struct signal_struct init_signals;
void share_init_signals(struct task_struct *task);
int copy_sighand(struct task_struct *child, struct task_struct *parent);
void put_signals(struct task_struct *task);
/* execve: handlers become SIG_DFL, ignored signals stay ignored. */
void flush_signal_handlers(struct task_struct *task);

long sys_kill(u64 pid, u64 sig, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_tkill(u64 tid, u64 sig, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_tgkill(u64 tgid, u64 tid, u64 sig, u64 a3, u64 a4, u64 a5);
long sys_rt_sigaction(u64 sig, u64 act, u64 oact, u64 sigsetsize, u64 a4, u64 a5);
long sys_rt_sigprocmask(u64 how, u64 set, u64 oset, u64 sigsetsize, u64 a4, u64 a5);

#endif
