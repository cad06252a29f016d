/*
 * Signals (kernel/signal.c; the path of one is told in docs/signals.md).
 * A sent signal waits in a pending set, with its siginfo: the target
 * thread's own (tkill, tgkill, faults) or its process's shared one (kill,
 * SIGCHLD, the terminal's signals), which any thread not blocking it may
 * take. Standard signals coalesce, real-time ones queue each with its
 * info. The target acts on them on its way back to user space, so a
 * signal to a process asleep in the kernel first wakes it.
 *
 * Handlers run on a frame built by arch/arm64/kernel/signal.c and return
 * through rt_sigreturn; SIG_IGN and the default actions (terminate, stop,
 * continue, ignore) work too. A system call interrupted by a signal
 * restarts, unless a handler without SA_RESTART runs: then it fails with
 * EINTR.
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include <kernel/sched.h>
#include <kernel/spinlock.h>

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
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGSYS 31
#define SIGRTMIN 32

#define SIG_DFL 0UL
#define SIG_IGN 1UL

#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000

static inline u64 sigmask(int sig)
{
	return 1ULL << (sig - 1);
}

/* Signals that cannot be caught, blocked or ignored. */
#define SIG_UNBLOCKABLE (sigmask(SIGKILL) | sigmask(SIGSTOP))

/* si_code values (Linux's): who sent a signal, or why a child changed. */
#define SI_USER 0		/* kill() */
#define SI_KERNEL 0x80		/* the kernel (a timer's SIGALRM, ...) */
#define SI_QUEUE (-1)		/* sigqueue() */
#define SI_TKILL (-6)		/* tkill(), tgkill() */
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_STOPPED 5
#define CLD_CONTINUED 6

/*
 * Linux's siginfo, 128 bytes, in the layout user space sees: the kernel
 * keeps it so, and copies it out as it is (signal frame, rt_sigtimedwait,
 * waitid).
 */
typedef struct kernel_siginfo {
	s32 si_signo;
	s32 si_errno;
	s32 si_code;
	s32 pad;
	union {
		struct {		/* kill, sigqueue, tkill: and the value sigqueue sends */
			s32 pid;
			u32 uid;
			u64 value;
		} rt;
		struct {		/* SIGCHLD */
			s32 pid;
			u32 uid;
			s32 status;
			s32 pad;
			s64 utime;	/* clock ticks (USER_HZ) */
			s64 stime;
		} chld;
		u64 addr;		/* faults: si_addr */
		u8 bytes[112];
	};
} kernel_siginfo_t;

/* Queued siginfos a process may have (Linux's RLIMIT_SIGPENDING, fixed here). */
#define SIGQUEUE_MAX 1024

/* One sent signal's info waiting in a struct sigpending's list. */
struct sigqueue {
	struct list_head list;
	kernel_siginfo_t info;
};

/* An alternate signal stack as sigaltstack and the ucontext give it (Linux's stack_t). */
typedef struct {
	u64 ss_sp;
	s32 ss_flags;
	s32 pad;
	u64 ss_size;
} stack_t;

#define SS_ONSTACK 1		/* the thread runs on it (reported only) */
#define SS_DISABLE 2		/* there is none */
#define SS_AUTODISARM (1U << 31)	/* forgotten while a handler runs on it */
#define MINSIGSTKSZ 5120	/* AArch64's: a signal frame fits */

/*
 * The alternate signal stack (kernel/sigaltstack.c). sigsp: where a
 * handler's frame goes below: the top of the alternate stack if the action
 * has SA_ONSTACK and the thread is not on it already, else sp.
 * save_altstack/restore_altstack: the ucontext's copy (rt_sigreturn sets
 * the stack back from it, as Linux, errors ignored).
 */
unsigned long sigsp(unsigned long sp, const struct k_sigaction *action);
void save_altstack(stack_t *stack);
void restore_altstack(const stack_t *stack, unsigned long sp);
void sas_ss_reset(struct task_struct *task);

/* A signal taken, to act on: Linux's struct ksignal. */
struct ksignal {
	int sig;
	struct k_sigaction ka;
	kernel_siginfo_t info;
};

/* Bits of task->jobctl (Linux's names). */
#define JOBCTL_STOP_PENDING 0x1		/* this thread is to take part in a group stop */
#define JOBCTL_STOPPED 0x2		/* it did, and sleeps until SIGCONT or SIGKILL */
#define JOBCTL_STOP_DEQUEUED 0x4	/* it took a stop signal that no SIGCONT has undone */

static inline u64 pending_signals(struct task_struct *task)
{
	return READ_ONCE(task->sig_pending.signal) |
	       READ_ONCE(task->signal->shared_pending.signal);
}

/* Whether task has something to act on before it returns to user space. */
static inline bool signal_pending(struct task_struct *task)
{
	return (pending_signals(task) & ~task->sig_blocked) != 0 ||
	       (READ_ONCE(task->jobctl) & JOBCTL_STOP_PENDING);
}

/* SIGKILL is on its way: what even a stopped thread wakes for. */
static inline bool fatal_signal_pending(struct task_struct *task)
{
	return (READ_ONCE(task->sig_pending.signal) & sigmask(SIGKILL)) != 0;
}

/*
 * Send sig with info to one thread (send_sig_info: tkill, faults) or to
 * its process (group_send_sig_info: kill, SIGCHLD), and wake a thread that
 * will take it. Returns 0 (also when the target ignores it: it is then
 * dropped), -EINVAL for a bad number, -EAGAIN when a real-time signal
 * with a sigqueue-style info cannot be queued. No permission checks: the
 * system calls make them.
 */
int send_sig_info(int sig, kernel_siginfo_t *info, struct task_struct *task);
int group_send_sig_info(int sig, kernel_siginfo_t *info, struct task_struct *task);

/* Fill info for a signal sent by the current process with code (SI_USER, SI_TKILL...). */
void prepare_user_info(kernel_siginfo_t *info, int sig, int code);

/* As kill() from the current process: SI_USER with its pid and uid, to task's process. */
int send_signal(struct task_struct *task, int sig);
/* From the kernel itself (Linux's SEND_SIG_PRIV): SI_KERNEL, no sender, to task's process. */
int send_kernel_signal(struct task_struct *task, int sig);
/*
 * SIGKILL to every thread of task's process, whatever its actions, init's
 * too: for the OOM killer, which has already decided.
 */
void force_kill_process(struct task_struct *task);

/* send_sig_info (group false) or group_send_sig_info with task's siglock held. */
int send_signal_locked(int sig, kernel_siginfo_t *info, struct task_struct *task, bool group);

/* Forget the signals in mask wherever they are pending in task's process (siglock held). */
void flush_process_signals(struct task_struct *task, u64 mask);

/* Wake t to look at its signals (after one was made pending). */
void signal_wake_up(struct task_struct *t);

/* The current thread's mask becomes mask (SIGKILL and SIGSTOP never blocked). */
void set_current_blocked(u64 mask);

/*
 * Take the lowest pending signal not in mask (the thread's own first,
 * then the process's, synchronous faults before anything else), filling
 * info; 0 if none. siglock held.
 */
int dequeue_signal(struct task_struct *task, u64 mask, kernel_siginfo_t *info);

/*
 * The parent learns of a child's end (kernel/exit.c calls it with
 * tasklist_lock held, when the whole process is done): exit_signal with
 * CLD_EXITED/KILLED and the status. Returns true if the parent ignores
 * SIGCHLD or set SA_NOCLDWAIT: the child is then reaped at once.
 */
bool do_notify_parent(struct task_struct *task, int sig);
/* Wake the parents sleeping in wait4/waitid (kernel/exit.c). */
void wake_up_parent(void);
/* The parent learns that task's process stopped (CLD_STOPPED) or continued (CLD_CONTINUED). */
void do_notify_parent_cldstop(struct task_struct *task, int why);

/* The parent of task's process, with tasklist_lock held. */
static inline struct task_struct *parent_of(struct task_struct *task)
{
	return task->group_leader->parent;
}

/*
 * Job control (kernel/jobctl.c). sig_kernel_stop: sig's default action
 * is to stop (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU). prepare_stop_signal,
 * as sig is sent to task's process (siglock held): a stop signal discards
 * a pending SIGCONT, and SIGCONT the pending stops and resumes a stopped
 * process, whatever its action. do_signal_stop: the current thread takes
 * part in its process's group stop (starting it with sig, if not 0) and
 * sleeps until continued or killed. notify_cld_changes: tell the parent
 * of a stop or continuation not yet told.
 */
bool sig_kernel_stop(int sig);
void prepare_stop_signal(struct task_struct *task, int sig);
void do_signal_stop(int sig);
void notify_cld_changes(void);

/*
 * The thread after t in leader's thread group, NULL after the last: with
 * t = leader first, a loop visits every thread (the list has no separate
 * head: the leader's own link serves).
 */
/*
 * Joining and leaving a thread group (tasklist_lock held): under the
 * siglock too, since signal delivery walks the group with only that lock.
 */
static inline void thread_group_link(struct task_struct *t, struct task_struct *leader)
{
	unsigned long flags;

	spin_lock_irqsave(&leader->sighand->siglock, flags);
	list_add_tail(&t->thread_group, &leader->thread_group);
	spin_unlock_irqrestore(&leader->sighand->siglock, flags);
}

static inline void thread_group_unlink(struct task_struct *t)
{
	unsigned long flags;

	spin_lock_irqsave(&t->sighand->siglock, flags);
	list_del_init(&t->thread_group);
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
}

static inline struct task_struct *next_thread(struct task_struct *leader,
					      struct task_struct *t)
{
	if (t->thread_group.next == &leader->thread_group)
		return NULL;
	return list_entry(t->thread_group.next, struct task_struct, thread_group);
}

/*
 * A fault the process may handle (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE) with si_code
 * code and si_addr addr: true if a handler will run (the signal is now
 * pending), false if the caller must kill.
 */
bool force_sig_fault(int sig, int code, unsigned long addr);

/* si_code values of fault signals (the first cause of each kind is 1). */
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2	/* a mapping is there, but it does not allow the access */
#define ILL_ILLOPC 1
#define BUS_ADRALN 1
#define BUS_ADRERR 2	/* a page wholly past the end of a mapped file */
#define BUS_OBJERR 3	/* the memory system could not complete the access */
#define TRAP_BRKPT 1
#define FPE_FLTDIV 3
#define FPE_FLTOVF 4
#define FPE_FLTUND 5
#define FPE_FLTRES 6
#define FPE_FLTINV 7
#define FPE_FLTUNK 14	/* the hardware did not say which */

/*
 * The kernel's own sig to every process of group pgrp (the terminal's
 * Ctrl-C, SIGTTIN, SIGHUP): no permission check. Safe in interrupts.
 */
void kill_pgrp(int pgrp, int sig);

/* On the way back to user space: act on the pending signals (may not return). */
void do_signal(void);
/* After that: rt_sigsuspend's mask comes back if no handler took it into its frame. */
void restore_saved_sigmask(void);

/*
 * A new task starts with the kernel threads' shared actions and signal
 * state; fork gives the child copies of the parent's (actions, mask,
 * alternate stack, process group and session; no pending signals, stop
 * state or timers), or -ENOMEM; the last user frees them, and the
 * signals still pending.
 */
extern struct sighand_struct init_sighand;
extern struct signal_struct init_signals;
void share_init_signals(struct task_struct *task);
int copy_sighand(struct task_struct *child, struct task_struct *parent);
void put_signals(struct task_struct *task);
int nr_sigqueues(void);
/* execve: handlers become SIG_DFL, ignored signals stay ignored, the alternate stack goes. */
void flush_signal_handlers(struct task_struct *task);

long sys_kill(u64 pid, u64 sig, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_tkill(u64 tid, u64 sig, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_tgkill(u64 tgid, u64 tid, u64 sig, u64 a3, u64 a4, u64 a5);
long sys_rt_sigaction(u64 sig, u64 act, u64 oact, u64 sigsetsize, u64 a4, u64 a5);
long sys_rt_sigprocmask(u64 how, u64 set, u64 oset, u64 sigsetsize, u64 a4, u64 a5);
long sys_rt_sigqueueinfo(u64 pid, u64 sig, u64 uinfo, u64 a3, u64 a4, u64 a5);
long sys_rt_tgsigqueueinfo(u64 tgid, u64 tid, u64 sig, u64 uinfo, u64 a4, u64 a5);
/* kernel/signal_wait.c */
long sys_rt_sigpending(u64 uset, u64 sigsetsize, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_rt_sigsuspend(u64 unewset, u64 sigsetsize, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_rt_sigtimedwait(u64 uthese, u64 uinfo, u64 uts, u64 sigsetsize, u64 a4, u64 a5);
/* kernel/sigaltstack.c */
long sys_sigaltstack(u64 uss, u64 uoss, u64 a2, u64 a3, u64 a4, u64 a5);

#endif
