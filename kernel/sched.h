/*
 * Tasks and the scheduler. A task is a kernel stack plus the registers
 * saved when it was switched out; user processes add an address space.
 * Each CPU has its own run queue, ordered by the fair policy
 * (kernel/sched_fair.h), a balancer moves tasks between them, and an idle
 * task per CPU runs when its queue is empty (docs/sched.md).
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/spinlock.h>
#include <asm/thread_info.h>
#include <asm/ptrace.h>
#include <kernel/resource.h>
#include <kernel/sched_fair.h>

#define TASK_COMM_LEN 16
#define NSIG 64

/* What rt_sigaction sets, in Linux's AArch64 layout. */
struct k_sigaction {
	unsigned long handler;		/* SIG_DFL, SIG_IGN or a function */
	unsigned long flags;
	unsigned long restorer;
	u64 mask;
};

struct mm_struct;
struct files_struct;
struct fs_struct;
struct inode;
struct tty_struct;

/*
 * Signals waiting to be taken (Linux's struct sigpending): a bit per
 * signal, and the siginfo of each sent one in a struct sigqueue (see
 * kernel/signal.h), oldest first. Both change under the sighand's siglock.
 */
struct sigpending {
	struct list_head list;
	u64 signal;			/* bit n - 1: signal n is pending */
};

/*
 * The signal actions, shared by the threads of a process (CLONE_SIGHAND)
 * and copied by fork. count is the number of tasks using it. siglock
 * guards the actions and the pending sets and stop state of every task
 * using it (taken with interrupts off: the timer sends SIGALRM).
 */
struct sighand_struct {
	int count;
	spinlock_t siglock;
	struct k_sigaction action[NSIG];
};

/* An interval timer of setitimer: ns until it fires (or when, for ITIMER_REAL); reload. */
struct cpu_itimer {
	u64 expires;
	u64 incr;
};

/* signal_struct flags: the group stop (kernel/signal.c), as Linux's. */
#define SIGNAL_STOP_STOPPED 0x1		/* the stop is complete: wait4(WUNTRACED) sees it */
#define SIGNAL_STOP_CONTINUED 0x2	/* SIGCONT ended a stop: wait4(WCONTINUED) sees it */
#define SIGNAL_CLD_STOPPED 0x10		/* the parent is still to be told of the stop ... */
#define SIGNAL_CLD_CONTINUED 0x20	/* ... or of the continuation */
#define SIGNAL_CLD_MASK (SIGNAL_CLD_STOPPED | SIGNAL_CLD_CONTINUED)
#define SIGNAL_STOP_MASK (SIGNAL_CLD_MASK | SIGNAL_STOP_STOPPED | SIGNAL_STOP_CONTINUED)

/*
 * What the threads of one process share (Linux's signal_struct): the
 * signals sent to the process as a whole, its process group and session,
 * its stop state, its interval timers and its resource limits. count is
 * the number of tasks using it.
 */
struct signal_struct {
	int count;
	struct sigpending shared_pending;	/* signals sent to the process */
	int nr_queued;			/* sigqueue entries of its threads and itself */
	int pgrp;			/* process group id */
	int session;			/* session id */
	bool leader;			/* the process is its session's leader (setsid) */
	struct tty_struct *tty;		/* controlling terminal, or NULL */
	unsigned int flags;		/* SIGNAL_* */
	int group_stop_count;		/* threads still to stop in a group stop */
	int group_exit_code;		/* the stop signal, until wait4 reports it */
	struct cpu_itimer it[3];	/* ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF */
	struct task_struct *it_real_task;	/* whom ITIMER_REAL signals, while armed */
	struct list_head it_real_list;	/* in kernel/itimer.c's armed timers */
	int nr_threads;			/* threads not yet exited (Linux's live) */
	bool group_exit;		/* exit_group or a fatal signal is ending them all */
	int group_exit_status;		/* the status they all end with, once group_exit */
	struct task_struct *group_exec_task;	/* a thread in execve, killing the others */
	struct rlimit rlim[RLIM_NLIMITS];	/* kernel/resource.c; fork copies, exec keeps */
	/* The OOM killer's bias (mm/oom_kill.c), -1000..1000, and how low it may go without root. */
	short oom_score_adj, oom_score_adj_min;
};

/*
 * Who a task acts as (Linux's struct cred, kept inside the task): real,
 * effective, saved and file-system ids, and the supplementary groups.
 * Each thread has its own, as in Linux; fork copies, execve keeps them.
 */
#define NGROUPS_MAX 32
struct cred {
	u32 uid, euid, suid, fsuid;
	u32 gid, egid, sgid, fsgid;
	int ngroups;
	u32 groups[NGROUPS_MAX];
};

#define EXE_PATH_LEN 256

enum task_state {
	TASK_RUNNING,		/* on a CPU or in the run queue */
	TASK_INTERRUPTIBLE,	/* asleep until woken */
	TASK_DEAD,		/* exited; freed by the next task on its CPU */
	TASK_ZOMBIE,		/* a process that exited; freed when its parent waits */
	TASK_UNINTERRUPTIBLE,	/* asleep until woken, deaf to signals (Linux's D state) */
};

/* Callee-saved registers: all cpu_switch_to() must keep (see switch.S). */
struct cpu_context {
	u64 x19, x20, x21, x22, x23, x24, x25, x26, x27, x28;
	u64 fp;
	u64 sp;
	u64 pc;
};

/* A user process's FP/SIMD registers while it is not on a CPU (fpsimd.S). */
struct fpsimd_state {
	u64 vregs[64];		/* v0-v31, 128 bits each */
	u32 fpsr, fpcr;
} __aligned(16);

void fpsimd_save_state(struct fpsimd_state *state);
void fpsimd_load_state(const struct fpsimd_state *state);

/* task_struct.flags (Linux's values). */
#define PF_MEMALLOC 0x00000800	/* reclaiming: may use the reserve, never reclaims in turn */
#define PF_KSWAPD 0x00020000	/* kswapd */

struct task_struct {
	struct thread_info thread_info;	/* must stay first: see asm/thread_info.h */
	struct cpu_context cpu_context;	/* at TASK_CPU_CONTEXT, for switch.S */
	volatile long state;		/* enum task_state */
	int pid;			/* the thread id (gettid) */
	int tgid;			/* the process id (getpid): the group leader's pid */
	struct task_struct *group_leader;	/* the thread whose pid is the tgid */
	struct list_head thread_group;	/* in the leader's list of threads */
	char comm[TASK_COMM_LEN];
	unsigned int flags;		/* PF_*: what it is doing for the kernel */
	struct mm_struct *copying_mm;	/* fork: the parent's mm, write-locked while copied (mm/rmap.c) */
	void *stack;			/* KERNEL_STACK_SIZE bytes from vmalloc */
	struct list_head tasks;		/* in the list of all tasks */
	struct sched_entity se;		/* the fair policy's view of it (kernel/sched_fair.h) */
	spinlock_t pi_lock;		/* its wake-ups against its affinity changes */
	int on_cpu;			/* CPU running it (or leaving it), or -1 */
	/* Asleep in D and counted in its CPU's nr_uninterruptible (rq lock). */
	bool sched_contributes_to_load;
	unsigned int cpu;		/* the CPU it runs on, or last ran on (task_cpu) */
	unsigned long cpus_allowed;	/* bit n: it may run on CPU n (sched_setaffinity) */
	int static_prio;		/* 120 + its nice value (setpriority); fork copies */
	int policy;			/* SCHED_NORMAL, SCHED_BATCH or SCHED_IDLE */
	bool sched_reset_on_fork;	/* SCHED_RESET_ON_FORK: children start at nice >= 0 */
	unsigned long ticks;		/* timer ticks it has run for */
	unsigned long user_ticks;	/* ...of them, in user mode */
	unsigned long start_time;	/* jiffies when it was made (/proc/<pid>/stat) */
	unsigned long nvcsw, nivcsw;	/* switches away: to sleep, and preempted */
	unsigned long hung_switch_count;	/* nvcsw + nivcsw at the hung-task check before */
	unsigned long min_flt;		/* page faults of address spaces it has left */
	unsigned long cmin_flt, cticks;	/* reaped children's faults and ticks */
	int exit_code;
	bool did_exec;			/* has called execve since fork (setpgid's EACCES) */
	bool make_it_fail;		/* fault injection's task filter lets it fail; fork copies */
	bool fault_injected;		/* a failure was forced during its system call */
	struct mm_struct *mm;		/* user address space; NULL for kernel threads */
	spinlock_t alloc_lock;		/* task_lock: changes of mm against get_task_mm */
	int lockdep_depth;		/* locks it holds, as the lock validator saw them taken */
	struct held_lock held_locks[MAX_LOCK_DEPTH];
	struct task_struct *parent;	/* who waits for this process */
	struct list_head children;	/* processes this one forked */
	struct list_head sibling;	/* in the parent's children */
	unsigned int personality;	/* personality(2)'s value; fork copies it */
	int pdeath_signal;		/* sent when the parent process ends (prctl); 0: none */
	int exit_signal;		/* sent to the parent when the process ends; 0: none */
	unsigned long set_child_tid;	/* clone's CLONE_CHILD_SETTID address, or 0 */
	unsigned long clear_child_tid;	/* zeroed and futex-woken at exit, or 0 */
	unsigned long robust_list;	/* set_robust_list's head, or 0 */
	bool in_vfork;			/* a vfork child whose parent waits for its exec or exit */
	struct task_struct *wake_q_next;	/* in a futex waker's list of tasks to wake */
	u64 tls;			/* TPIDR_EL0, the user's thread pointer */
	struct fpsimd_state fpsimd;	/* user FP/SIMD registers, while switched out */
	int usage;			/* references: get/put_task_struct */
	struct sigpending sig_pending;	/* signals sent to this thread */
	u64 sig_blocked;
	u64 real_blocked;		/* the mask before rt_sigtimedwait unblocked its set */
	u64 saved_sigmask;		/* the mask before rt_sigsuspend, back after its handler */
	bool restore_sigmask;		/* saved_sigmask is to be restored */
	unsigned int jobctl;		/* JOBCTL_*: this thread's part in a group stop */
	unsigned long sas_ss_sp;	/* sigaltstack: the alternate stack ... */
	unsigned long sas_ss_size;	/* ... its size (0: none) ... */
	unsigned int sas_ss_flags;	/* ... and SS_AUTODISARM */
	struct sighand_struct *sighand;	/* signal actions */
	struct signal_struct *signal;	/* what the process's threads share */
	struct cred cred;
	struct files_struct *files;	/* open descriptors (kernel/fs/fdtable.h); NULL for kernel threads */
	struct fs_struct *fs;		/* working directory and umask (kernel/fs/fs_struct.h) */
	char exe_path[EXE_PATH_LEN];	/* the running program, for /proc/<pid>/exe */
};

_Static_assert(offsetof(struct task_struct, cpu_context) == TASK_CPU_CONTEXT,
	       "switch.S offset");

/*
 * Whether p, a group leader, is the last of its threads: a leader that has
 * exited stays a zombie, not to be reaped, until this is true, and only
 * then is its parent told (tasklist_lock held, or a racy hint).
 */
static inline bool thread_group_empty(struct task_struct *p)
{
	return list_empty(&p->thread_group);
}

static inline bool thread_group_leader(struct task_struct *p)
{
	return p->group_leader == p;
}

/* The threads of p's group other than p: t runs over them (tasklist_lock held). */
#define for_each_other_thread(p, t) \
	list_for_each_entry(t, &(p)->thread_group, thread_group)

/*
 * The user registers of a task, saved at the very top of its kernel stack
 * on entry from EL0; the kernel's own frames start below them.
 */
static inline struct pt_regs *task_pt_regs(struct task_struct *task)
{
	return (struct pt_regs *)((char *)task->stack + KERNEL_STACK_SIZE) - 1;
}

/* The running task: SP_EL0 holds it (see asm/thread_info.h). */
static inline struct task_struct *get_current(void)
{
	return (struct task_struct *)current_thread_info();
}
#define current get_current()

extern struct task_struct init_task;


void sched_init(void);
/* The task_struct cache; sched_init calls it, before the first task is made. */
void fork_init(void);
void schedule(void);
void scheduler_tick(void);
void scheduler_ipi(void);
void preempt_schedule_irq(void);
/* Make a sleeping task runnable; returns false if it already was. */
bool wake_up_process(struct task_struct *task);
/* Start a task made by fork: placed on the least loaded CPU, behind those waiting. */
void wake_up_new_task(struct task_struct *task);
/* Set up a new task's scheduling state from its (copied) nice value. */
void sched_fork(struct task_struct *p);
/* sched_yield(2): let every task waiting on this CPU run before the caller. */
void do_sched_yield(void);
void __noreturn cpu_idle(void);

/* Nice values, as Linux keeps them: static_prio runs 100..139 for nice -20..19. */
#define MIN_NICE (-20)
#define MAX_NICE 19
#define DEFAULT_PRIO 120
#define NICE_TO_PRIO(nice) ((nice) + DEFAULT_PRIO)

static inline int task_nice(const struct task_struct *p)
{
	return p->static_prio - DEFAULT_PRIO;
}

static inline unsigned int task_cpu(const struct task_struct *p)
{
	return READ_ONCE(p->cpu);
}

/* The fair policies (sched_setscheduler); tkern has no real-time ones. */
#define SCHED_NORMAL 0
#define SCHED_BATCH 3		/* never preempts on wake-up */
#define SCHED_IDLE 5		/* the smallest weight, below nice 19 */

/* Set p's policy (one of the three above) and whether its children reset it. */
void sched_set_policy(struct task_struct *p, int policy, bool reset_on_fork);

/* Set p's nice value (clamped to MIN_NICE..MAX_NICE); its share of a CPU follows. */
void set_user_nice(struct task_struct *p, int nice);
/*
 * Let p run only on the CPUs of mask (bit n for CPU n); -EINVAL if none of
 * them is online. A task running elsewhere moves before it returns to user.
 */
int set_cpus_allowed(struct task_struct *p, unsigned long mask);

/*
 * A kernel thread running fn(arg); it starts when woken with
 * wake_up_process(). Returns NULL when out of memory.
 */
struct task_struct *kthread_create(int (*fn)(void *arg), void *arg, const char *name);
/* Create and start. */
struct task_struct *kthread_run(int (*fn)(void *arg), void *arg, const char *name);
/* A signal's wake-up: only a task in an interruptible sleep is woken. */
bool wake_up_interruptible_task(struct task_struct *task);
/*
 * A kernel thread works in a user address space, as a thread of that
 * process would (user copies, faults), until kthread_unuse_mm. The caller
 * holds a user reference (mmget) for the time.
 */
void kthread_use_mm(struct mm_struct *mm);
void kthread_unuse_mm(struct mm_struct *mm);

/* task->mm may change (exec, exit) only under the task's alloc_lock. */
static inline void task_lock(struct task_struct *task)
{
	spin_lock(&task->alloc_lock);
}

static inline void task_unlock(struct task_struct *task)
{
	spin_unlock(&task->alloc_lock);
}

/* The task's address space with a user reference taken (mmput it), or NULL. */
struct mm_struct *get_task_mm(struct task_struct *task);
/* A task that will return to user space; kernel/fork.c fills it in. */
struct task_struct *user_task_create(const char *name);
void sched_add_task(struct task_struct *task, bool is_idle);
/*
 * sched_add_task for a forked child, unless its real user already has
 * nproc_limit tasks (RLIMIT_NPROC, counted exactly): -EAGAIN.
 */
int sched_add_child(struct task_struct *task, unsigned long nproc_limit);
void __noreturn do_exit(int code);
/* Give back the memory of a task that has died (when its last reference goes). */
void free_task(struct task_struct *task);
/* Keep a task's memory while using it without the scheduler's lock. */
void get_task_struct(struct task_struct *task);
void put_task_struct(struct task_struct *task);
/* The live task with this pid, with a reference taken; NULL if none. */
struct task_struct *find_get_task_by_pid(int pid);
/* Up to max pids of user processes (group leaders with an mm); returns how many. */
int user_pids(int *pids, int max);
/* Forget and free a task that never ran or that has been reaped. */
void sched_remove_task(struct task_struct *task);
/* The two halves of that for a dying task: off the list, then (switched out) freed. */
void unlist_task(struct task_struct *task);
void release_dead_task(struct task_struct *task);
/* Call fn for every task (idle tasks included) with the task list's lock held. */
void for_each_task(void (*fn)(struct task_struct *task, void *arg), void *arg);

static inline bool need_resched(void)
{
	return (READ_ONCE(current_thread_info()->flags) >> TIF_NEED_RESCHED) & 1;
}

unsigned long nr_running(void);	/* runnable tasks, those on a CPU included (not idle) */
unsigned long nr_uninterruptible(void);	/* tasks asleep in TASK_UNINTERRUPTIBLE (D) */
unsigned long nr_tasks(void);	/* tasks not yet freed, idle tasks included */
int last_pid_allocated(void);	/* the pid given to the newest task */

#endif
