/*
 * Signals: the pending sets and sending (kill, tkill, tgkill, sigqueue,
 * the console's Ctrl-C, the kernel itself), the per-process actions and
 * the per-thread mask (rt_sigaction, rt_sigprocmask), and taking a signal
 * on the way back to user space: its handler, or its default action.
 * docs/signals.md follows one signal through all of it.
 *
 * The pending sets and the actions change under the sighand's siglock,
 * taken with interrupts off because the timer interrupt sends SIGALRM.
 * Lock order: tasklist_lock, then a siglock; never two siglocks at once.
 * Relies on the scheduler for finding tasks by pid (with a reference, so
 * a task that exits meanwhile is not freed under us) and for waking them.
 */
#include <kernel/signal.h>
#include <kernel/pgrp.h>
#include <kernel/syscalls.h>
#include <kernel/spinlock.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/lib/string.h>
#include <mm/slab.h>
#include <asm/signal.h>
#include <asm/barrier.h>

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
#define MAX_KILL_TARGETS 1024
#define BIT_OF(sig) (1ULL << ((sig) - 1))

/* Signals whose default action is to do nothing. */
static const u64 default_ignored = BIT_OF(SIGCHLD) | BIT_OF(SIGCONT) | BIT_OF(SIGURG) |
				   BIT_OF(SIGWINCH);

/* Faults, taken before any other pending signal (Linux's SYNCHRONOUS_MASK). */
static const u64 synchronous = BIT_OF(SIGSEGV) | BIT_OF(SIGBUS) | BIT_OF(SIGILL) |
			       BIT_OF(SIGTRAP) | BIT_OF(SIGFPE) | BIT_OF(SIGSYS);

static bool valid_signal(u64 sig)
{
	return sig >= 1 && sig <= NSIG;
}

static bool sig_handler_ignored(unsigned long handler, int sig)
{
	return handler == SIG_IGN || (handler == SIG_DFL && (default_ignored & sigmask(sig)));
}

/*
 * Whether sending sig to task would do nothing (Linux's sig_ignored). A
 * blocked signal is kept: the action may change before it is unblocked.
 * Init, like Linux's, gets only the signals it has handlers for: nothing
 * can kill or stop it by accident.
 */
static bool sig_ignored(struct task_struct *task, int sig)
{
	unsigned long handler = task->sighand->action[sig - 1].handler;

	if ((task->sig_blocked | task->real_blocked) & sigmask(sig))
		return false;
	if (task->group_leader == init_process)
		return handler == SIG_DFL || handler == SIG_IGN;
	if (sig == SIGKILL || sig == SIGSTOP)
		return false;
	return sig_handler_ignored(handler, sig);
}

/*
 * Entries allocated and not yet freed, in all processes (Linux counts
 * them per user, for RLIMIT_SIGPENDING): what a leak check of the queues
 * reads, which the slab totals cannot tell from other CPUs' work.
 */
static atomic_t sigqueues_in_use;

int nr_sigqueues(void)
{
	return atomic_read(&sigqueues_in_use);
}

/* A sigqueue entry, counted against the process's limit unless override. */
static struct sigqueue *sigqueue_alloc(struct signal_struct *signal, bool override)
{
	struct sigqueue *q;

	if (!override && signal->nr_queued >= SIGQUEUE_MAX)
		return NULL;
	q = kmalloc(sizeof(*q), GFP_ATOMIC);
	if (q) {
		signal->nr_queued++;
		atomic_inc(&sigqueues_in_use);
	}
	return q;
}

static void sigqueue_free(struct signal_struct *signal, struct sigqueue *q)
{
	list_del(&q->list);
	signal->nr_queued--;
	atomic_dec(&sigqueues_in_use);
	kfree(q);
}

/* Forget the pending signals in mask (siglock held). */
static void flush_sigqueue_mask(struct signal_struct *signal, struct sigpending *pending,
				u64 mask)
{
	struct sigqueue *q, *next;

	pending->signal &= ~mask;
	list_for_each_entry_safe(q, next, &pending->list, list) {
		if (sigmask(q->info.si_signo) & mask)
			sigqueue_free(signal, q);
	}
}

void flush_process_signals(struct task_struct *task, u64 mask)
{
	struct task_struct *leader = task->group_leader, *t;

	flush_sigqueue_mask(task->signal, &task->signal->shared_pending, mask);
	for (t = leader; t; t = next_thread(leader, t))
		flush_sigqueue_mask(task->signal, &t->sig_pending, mask);
}

/* A thread that can take sig now: not blocking it, not on its way out, not stopped. */
static bool wants_signal(int sig, struct task_struct *t)
{
	if (t->sig_blocked & sigmask(sig))
		return false;
	if (t->state == TASK_ZOMBIE || t->state == TASK_DEAD || !t->mm)
		return false;
	return sig == SIGKILL || !(t->jobctl & JOBCTL_STOPPED);
}

/* The pending bit is stored before the sleeper's state is read. */
void signal_wake_up(struct task_struct *t)
{
	smp_mb();
	wake_up_interruptible_task(t);	/* a D sleep is not ended by a signal */
}

/*
 * The signal is pending: wake a thread that will take it (Linux's
 * complete_signal). A process-directed one goes to the target if it can
 * take it, else to any thread that can; nobody is woken if all block it.
 * SIGKILL, even to one thread, is made every thread's: the whole process
 * dies, stopped threads included.
 */
static void complete_signal(int sig, struct task_struct *p, bool group)
{
	struct task_struct *leader = p->group_leader, *t = p;

	if (sig == SIGKILL) {
		for (t = leader; t; t = next_thread(leader, t)) {
			t->sig_pending.signal |= sigmask(SIGKILL);
			signal_wake_up(t);
		}
		return;
	}
	if (!wants_signal(sig, p)) {
		if (!group)
			return;
		for (t = leader; t && !wants_signal(sig, t); t = next_thread(leader, t))
			;
		if (!t)
			return;
	}
	signal_wake_up(t);
}

void force_kill_process(struct task_struct *task)
{
	unsigned long flags;

	spin_lock_irqsave(&task->sighand->siglock, flags);
	complete_signal(SIGKILL, task, true);
	spin_unlock_irqrestore(&task->sighand->siglock, flags);
}

int send_signal_locked(int sig, kernel_siginfo_t *info, struct task_struct *t, bool group)
{
	struct sigpending *pending = group ? &t->signal->shared_pending : &t->sig_pending;
	struct sigqueue *q = NULL;

	prepare_stop_signal(t, sig);
	if (sig_ignored(t, sig))
		return 0;
	/* A standard signal already pending is not sent twice: the two coalesce. */
	if (sig < SIGRTMIN && (pending->signal & sigmask(sig)))
		return 0;
	/* Standard signals are delivered even without memory for their info (Linux's rule). */
	if (sig != SIGKILL)
		q = sigqueue_alloc(t->signal, sig < SIGRTMIN);
	if (q) {
		q->info = *info;
		list_add_tail(&q->list, &pending->list);
	} else if (sig >= SIGRTMIN && info->si_code != SI_USER) {
		return -EAGAIN;
	}
	pending->signal |= sigmask(sig);
	complete_signal(sig, t, group);
	return 0;
}

static int do_send_sig_info(int sig, kernel_siginfo_t *info, struct task_struct *t,
			    bool group)
{
	unsigned long flags;
	int ret;

	if (!valid_signal((u64)sig))
		return -EINVAL;
	spin_lock_irqsave(&t->sighand->siglock, flags);
	ret = send_signal_locked(sig, info, t, group);
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
	return ret;
}

int send_sig_info(int sig, kernel_siginfo_t *info, struct task_struct *task)
{
	return do_send_sig_info(sig, info, task, false);
}

int group_send_sig_info(int sig, kernel_siginfo_t *info, struct task_struct *task)
{
	return do_send_sig_info(sig, info, task, true);
}

void prepare_user_info(kernel_siginfo_t *info, int sig, int code)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = code;
	info->rt.pid = current->tgid;
	info->rt.uid = current->cred.uid;
}

int send_signal(struct task_struct *task, int sig)
{
	kernel_siginfo_t info;

	prepare_user_info(&info, sig, SI_USER);
	return group_send_sig_info(sig, &info, task);
}

/*
 * Linux's kill_ok_by_cred: the sender acts as root (euid 0, which is when
 * Linux's CAP_KILL is effective), or its real or effective uid is the
 * target's real or saved uid. The target's effective uid does not count:
 * a set-uid program cannot be killed by whoever started it, but a daemon
 * that dropped to a user's euid keeps its saved root id safe from them.
 */
static bool kill_ok_by_cred(const struct task_struct *task)
{
	const struct cred *cred = &current->cred, *tcred = &task->cred;

	return cred->euid == 0 || cred->euid == tcred->suid || cred->euid == tcred->uid ||
	       cred->uid == tcred->suid || cred->uid == tcred->uid;
}

/* May the caller send sig to task? SIGCONT may go anywhere in its session. */
static int check_kill_permission(int sig, struct task_struct *task)
{
	if (task->tgid == current->tgid || kill_ok_by_cred(task))
		return 0;
	if (sig == SIGCONT && task->signal->session == current->signal->session)
		return 0;
	return -EPERM;
}

/*
 * The user task (process or thread) with this pid, with a reference; NULL
 * if none. Kernel threads, which share init_signals, are not processes.
 */
static struct task_struct *find_get_process(int pid)
{
	struct task_struct *task = find_get_task_by_pid(pid);

	if (task && task->signal == &init_signals) {
		put_task_struct(task);
		return NULL;
	}
	return task;
}

/*
 * Send sig with info to the process pid (or, !group, to the thread pid)
 * if kill's permission check allows it; sig 0 only checks.
 */
static long kill_pid_info(int pid, int sig, kernel_siginfo_t *info, bool group)
{
	struct task_struct *task = find_get_process(pid);
	long err;

	if (!task)
		return -ESRCH;
	err = check_kill_permission(sig, task);
	if (!err && sig)
		err = do_send_sig_info(sig, info, task, group);
	put_task_struct(task);
	return err;
}

/* kill() to a process already found: the permission check, then SI_USER from the caller. */
static long kill_task(int sig, struct task_struct *task)
{
	kernel_siginfo_t info;
	long err = check_kill_permission(sig, task);

	if (err || !sig)
		return err;
	prepare_user_info(&info, sig, SI_USER);
	return do_send_sig_info(sig, &info, task, true);
}

static long kill_pid(int pid, int sig)
{
	kernel_siginfo_t info;

	prepare_user_info(&info, sig, SI_USER);
	return kill_pid_info(pid, sig, &info, true);
}

int send_kernel_signal(struct task_struct *task, int sig)
{
	kernel_siginfo_t info;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = SI_KERNEL;
	return group_send_sig_info(sig, &info, task);
}

/*
 * sig to every process in group pgrp: 0 if one got it, else the last
 * error (ESRCH for an empty group). The kernel's own sends (the
 * terminal's, an orphaned group's) skip the permission check and come
 * from no process, as Linux's.
 */
static long __kill_pgrp(int pgrp, int sig, bool from_user)
{
	struct task_struct **tasks = kmalloc(MAX_KILL_TARGETS * sizeof(*tasks), GFP_KERNEL);
	long err = -ESRCH;
	bool success = false;
	int i, n;

	if (!tasks)
		return -ENOMEM;
	n = find_get_processes(in_pgrp, pgrp, tasks, MAX_KILL_TARGETS);
	for (i = 0; i < n; i++) {
		err = from_user ? kill_task(sig, tasks[i]) : send_kernel_signal(tasks[i], sig);
		success |= !err;
	}
	put_processes(tasks, n);
	kfree(tasks);
	return success ? 0 : err;
}

void kill_pgrp(int pgrp, int sig)
{
	__kill_pgrp(pgrp, sig, false);
}

static bool others_but_init(struct task_struct *task, long tgid)
{
	return task->tgid > 1 && task->tgid != tgid;
}

/*
 * kill(-1, sig): every process but init and the caller. As on Linux,
 * EPERM from some targets is not an error: only when no process was
 * there to try (ESRCH), or a target failed otherwise.
 */
static long kill_all(int sig)
{
	struct task_struct **tasks = kmalloc(MAX_KILL_TARGETS * sizeof(*tasks), GFP_KERNEL);
	long ret = 0, err;
	int i, n;

	if (!tasks)
		return -ENOMEM;
	n = find_get_processes(others_but_init, current->tgid, tasks, MAX_KILL_TARGETS);
	for (i = 0; i < n; i++) {
		err = kill_task(sig, tasks[i]);
		if (err != -EPERM)
			ret = err;
	}
	put_processes(tasks, n);
	kfree(tasks);
	return n ? ret : -ESRCH;
}

/* kill(pid > 0): that process; 0: the caller's group; -1: all it may; < -1: group -pid. */
long sys_kill(u64 pid, u64 sig, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
	      u64 a5 __unused)
{
	int target = (int)pid;

	if (sig != 0 && !valid_signal(sig))
		return -EINVAL;
	if (target > 0)
		return kill_pid(target, (int)sig);
	if (target == 0)
		return __kill_pgrp(current->signal->pgrp, (int)sig, true);
	if (target == -1)
		return kill_all((int)sig);
	if (target == (int)0x80000000)
		return -ESRCH;	/* -INT_MIN is no group id */
	return __kill_pgrp(-target, (int)sig, true);
}

/* tkill/tgkill/rt_tgsigqueueinfo: to the thread tid, of process tgid unless tgid is 0. */
static long do_send_specific(int tgid, int tid, int sig, kernel_siginfo_t *info)
{
	struct task_struct *task = find_get_process(tid);
	long err = 0;

	if (!task || (tgid && task->tgid != tgid))
		err = -ESRCH;
	else
		err = check_kill_permission(sig, task);
	if (!err && sig)
		err = send_sig_info(sig, info, task);
	if (task)
		put_task_struct(task);
	return err;
}

static long do_tkill(int tgid, int tid, u64 sig)
{
	kernel_siginfo_t info;

	if (tid <= 0 || (sig != 0 && !valid_signal(sig)))
		return -EINVAL;
	prepare_user_info(&info, (int)sig, SI_TKILL);
	return do_send_specific(tgid, tid, (int)sig, &info);
}

long sys_tkill(u64 tid, u64 sig, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
	       u64 a5 __unused)
{
	return do_tkill(0, (int)tid, sig);
}

long sys_tgkill(u64 tgid, u64 tid, u64 sig, u64 a3 __unused, u64 a4 __unused,
		u64 a5 __unused)
{
	if ((int)tgid <= 0)
		return -EINVAL;
	return do_tkill((int)tgid, (int)tid, sig);
}

/*
 * sigqueue's info from user space. Not even root may pretend to be the
 * kernel or kill()/tkill() (which add their own source) to another
 * process: si_code >= 0 or SI_TKILL is EPERM unless sent to itself.
 */
static long copy_queue_info(kernel_siginfo_t *info, int sig, u64 uinfo, int target)
{
	if (copy_from_user(info, uinfo, sizeof(*info)))
		return -EFAULT;
	info->si_signo = sig;
	if ((info->si_code >= 0 || info->si_code == SI_TKILL) && target != current->tgid)
		return -EPERM;
	return 0;
}

long sys_rt_sigqueueinfo(u64 pid, u64 sig, u64 uinfo, u64 a3 __unused, u64 a4 __unused,
			 u64 a5 __unused)
{
	kernel_siginfo_t info;
	long err = copy_queue_info(&info, (int)sig, uinfo, (int)pid);

	if (err)
		return err;
	if ((int)sig != 0 && !valid_signal((u64)(int)sig))
		return -EINVAL;
	if ((int)pid <= 0)
		return -ESRCH;	/* POSIX names no process groups here */
	return kill_pid_info((int)pid, (int)sig, &info, true);
}

long sys_rt_tgsigqueueinfo(u64 tgid, u64 tid, u64 sig, u64 uinfo, u64 a4 __unused,
			   u64 a5 __unused)
{
	kernel_siginfo_t info;
	long err;

	if ((int)tgid <= 0 || (int)tid <= 0)
		return -EINVAL;
	err = copy_queue_info(&info, (int)sig, uinfo, (int)tgid);
	if (err)
		return err;
	if ((int)sig != 0 && !valid_signal((u64)(int)sig))
		return -EINVAL;
	return do_send_specific((int)tgid, (int)tid, (int)sig, &info);
}

long sys_rt_sigaction(u64 sig, u64 act, u64 oact, u64 sigsetsize, u64 a4 __unused,
		      u64 a5 __unused)
{
	struct sighand_struct *sighand = current->sighand;
	struct k_sigaction *action, new, old;
	unsigned long flags;

	/* Linux's order: the size, then the copy, then the signal. */
	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	if (act && copy_from_user(&new, act, sizeof(new)))
		return -EFAULT;
	if (!valid_signal(sig) || (act && (sig == SIGKILL || sig == SIGSTOP)))
		return -EINVAL;
	action = &sighand->action[sig - 1];
	spin_lock_irqsave(&sighand->siglock, flags);
	old = *action;
	if (act) {
		new.mask &= ~SIG_UNBLOCKABLE;
		*action = new;
		/* Ignoring a signal also discards it where it is pending, blocked or not. */
		if (sig_handler_ignored(new.handler, (int)sig))
			flush_process_signals(current, sigmask((int)sig));
	}
	spin_unlock_irqrestore(&sighand->siglock, flags);
	if (oact && copy_to_user(oact, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

void set_current_blocked(u64 mask)
{
	unsigned long flags;

	spin_lock_irqsave(&current->sighand->siglock, flags);
	current->sig_blocked = mask & ~SIG_UNBLOCKABLE;
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
}

long sys_rt_sigprocmask(u64 how, u64 set, u64 oset, u64 sigsetsize, u64 a4 __unused,
			u64 a5 __unused)
{
	u64 old = current->sig_blocked, mask;

	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	if (set) {
		if (copy_from_user(&mask, set, sizeof(mask)))
			return -EFAULT;
		if (how == SIG_BLOCK)
			mask |= old;
		else if (how == SIG_UNBLOCK)
			mask = old & ~mask;
		else if (how != SIG_SETMASK)
			return -EINVAL;
		set_current_blocked(mask);
	}
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/*
 * Kernel threads share these; a process gets copies of its own when it
 * forks or when a kernel thread becomes init. The first reference is the
 * boot's and is never dropped.
 */
struct sighand_struct init_sighand = { .count = 1, .siglock = SPINLOCK_INIT(init_sighand.siglock) };
struct signal_struct init_signals = {
	.count = 1,
	.shared_pending = { LIST_HEAD_INIT(init_signals.shared_pending.list), 0 },
	.it_real_list = LIST_HEAD_INIT(init_signals.it_real_list),
};

void share_init_signals(struct task_struct *task)
{
	__atomic_add_fetch(&init_sighand.count, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&init_signals.count, 1, __ATOMIC_RELAXED);
	task->sighand = &init_sighand;
	task->signal = &init_signals;
	INIT_LIST_HEAD(&task->sig_pending.list);
	task->sig_pending.signal = 0;
}

/*
 * fork's copy: process group and session; no pending signals, stop or
 * timers, and one thread, not ending.
 */
static void init_child_signal(struct signal_struct *signal, const struct signal_struct *from)
{
	*signal = *from;
	signal->count = 1;
	signal->leader = false;	/* the group and session are inherited, leading them is not */
	INIT_LIST_HEAD(&signal->shared_pending.list);
	signal->shared_pending.signal = 0;
	signal->nr_queued = 0;
	signal->flags = 0;
	signal->group_stop_count = 0;
	signal->group_exit_code = 0;
	memset(signal->it, 0, sizeof(signal->it));
	signal->it_real_task = NULL;
	INIT_LIST_HEAD(&signal->it_real_list);
	signal->nr_threads = 1;
	signal->group_exit = false;
	signal->group_exit_status = 0;
	signal->group_exec_task = NULL;
}

int copy_sighand(struct task_struct *child, struct task_struct *parent)
{
	struct sighand_struct *sighand = kmalloc(sizeof(*sighand), GFP_KERNEL);
	struct signal_struct *signal = kmalloc(sizeof(*signal), GFP_KERNEL);
	unsigned long flags;

	if (!sighand || !signal) {
		kfree(sighand);
		kfree(signal);
		return -ENOMEM;
	}
	memcpy(sighand->action, parent->sighand->action, sizeof(sighand->action));
	sighand->count = 1;
	spin_lock_init(&sighand->siglock);
	init_child_signal(signal, parent->signal);
	/*
	 * The first process swaps its own (child == current): the timer tick
	 * reads current->signal (itimer_tick), so it must not see the gap.
	 */
	flags = local_irq_save();
	put_signals(child);
	child->sighand = sighand;
	child->signal = signal;
	local_irq_restore(flags);
	child->sig_blocked = parent->sig_blocked;
	child->sas_ss_sp = parent->sas_ss_sp;
	child->sas_ss_size = parent->sas_ss_size;
	child->sas_ss_flags = parent->sas_ss_flags;
	INIT_LIST_HEAD(&child->sig_pending.list);
	child->sig_pending.signal = 0;
	return 0;
}

void put_signals(struct task_struct *task)
{
	struct sighand_struct *sighand = task->sighand;
	struct signal_struct *signal = task->signal;

	if (!signal)
		return;
	flush_sigqueue_mask(signal, &task->sig_pending, ~0ULL);
	task->sighand = NULL;
	task->signal = NULL;
	if (__atomic_sub_fetch(&sighand->count, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(sighand);
	if (__atomic_sub_fetch(&signal->count, 1, __ATOMIC_ACQ_REL) == 0) {
		flush_sigqueue_mask(signal, &signal->shared_pending, ~0ULL);
		kfree(signal);
	}
}

/*
 * After execve the old program's handlers are gone (ignored signals stay
 * ignored), and so is its alternate signal stack.
 */
void flush_signal_handlers(struct task_struct *task)
{
	struct k_sigaction *action = task->sighand->action;
	int i;

	for (i = 0; i < NSIG; i++) {
		if (action[i].handler != SIG_IGN)
			memset(&action[i], 0, sizeof(action[i]));
	}
	sas_ss_reset(task);
}

/* The lowest signal in pending and not in mask, faults first; 0 if none. */
static int next_signal(u64 pending, u64 mask)
{
	u64 x = pending & ~mask;

	if (x & synchronous)
		x &= synchronous;
	return x ? __builtin_ctzll(x) + 1 : 0;
}

/*
 * Take sig's oldest info off pending; the bit stays while another of it
 * is queued (real-time signals). A signal without an entry (its info was
 * lost for want of memory, or SIGKILL) reads as SI_USER from nobody.
 */
static void collect_signal(int sig, struct sigpending *pending, kernel_siginfo_t *info,
			   struct signal_struct *signal)
{
	struct sigqueue *q, *first = NULL;
	bool more = false;

	list_for_each_entry(q, &pending->list, list) {
		if (q->info.si_signo != sig)
			continue;
		if (first) {
			more = true;
			break;
		}
		first = q;
	}
	if (!more)
		pending->signal &= ~sigmask(sig);
	if (first) {
		*info = first->info;
		sigqueue_free(signal, first);
	} else {
		memset(info, 0, sizeof(*info));
		info->si_signo = sig;
		info->si_code = SI_USER;
	}
}

int dequeue_signal(struct task_struct *task, u64 mask, kernel_siginfo_t *info)
{
	struct sigpending *pending = &task->sig_pending;
	int sig = next_signal(pending->signal, mask);

	if (!sig) {
		pending = &task->signal->shared_pending;
		sig = next_signal(pending->signal, mask);
	}
	if (!sig)
		return 0;
	collect_signal(sig, pending, info, task->signal);
	if (sig_kernel_stop(sig))
		task->jobctl |= JOBCTL_STOP_DEQUEUED;
	return sig;
}

bool force_sig_fault(int sig, int code, unsigned long addr)
{
	struct task_struct *task = current;
	unsigned long handler = task->sighand->action[sig - 1].handler;
	kernel_siginfo_t info;

	/* Ignored or blocked, a fault still kills, as Linux's force_sig does. */
	if (handler == SIG_DFL || handler == SIG_IGN || (task->sig_blocked & sigmask(sig)))
		return false;
	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = code;
	info.addr = addr;
	return send_sig_info(sig, &info, task) == 0;
}

/* Run the handler: a frame on the user stack, the mask the action asks for. */
static void handle_signal(struct ksignal *ksig)
{
	struct task_struct *task = current;
	u64 oldmask = task->restore_sigmask ? task->saved_sigmask : task->sig_blocked;

	task->restore_sigmask = false;
	syscall_restart(task_pt_regs(task), &ksig->ka);
	if (!setup_rt_frame(ksig, oldmask, task_pt_regs(task))) {
		pr_info("%s[%d]: cannot write a signal frame for signal %d\n", task->comm,
			task->pid, ksig->sig);
		do_group_exit(EXIT_BY_SIGNAL | SIGSEGV);
	}
	oldmask = task->sig_blocked | ksig->ka.mask;
	if (!(ksig->ka.flags & SA_NODEFER))
		oldmask |= sigmask(ksig->sig);
	set_current_blocked(oldmask);
}

/*
 * Take the next signal and act on it (Linux's get_signal): run its handler
 * (then return: the caller comes back for the next one), or its default
 * action, which may stop this thread for a while or end the process.
 */
void do_signal(void)
{
	struct task_struct *task = current;
	struct sighand_struct *sighand = task->sighand;
	struct ksignal ksig;
	unsigned long flags;

	for (;;) {
		if (READ_ONCE(task->signal->flags) & SIGNAL_CLD_MASK)
			notify_cld_changes();
		spin_lock_irqsave(&sighand->siglock, flags);
		if (task->jobctl & JOBCTL_STOP_PENDING) {
			spin_unlock_irqrestore(&sighand->siglock, flags);
			do_signal_stop(0);
			continue;
		}
		ksig.sig = dequeue_signal(task, task->sig_blocked, &ksig.info);
		if (!ksig.sig)
			break;
		ksig.ka = sighand->action[ksig.sig - 1];
		if (ksig.ka.handler == SIG_IGN) {
			spin_unlock_irqrestore(&sighand->siglock, flags);
			continue;
		}
		if (ksig.ka.handler != SIG_DFL) {
			if (ksig.ka.flags & SA_RESETHAND)
				sighand->action[ksig.sig - 1].handler = SIG_DFL;
			spin_unlock_irqrestore(&sighand->siglock, flags);
			handle_signal(&ksig);
			return;
		}
		spin_unlock_irqrestore(&sighand->siglock, flags);
		if (default_ignored & sigmask(ksig.sig))
			continue;
		/* A blocked signal init let in has nothing to do now it has no handler. */
		if (task->group_leader == init_process && ksig.sig != SIGKILL)
			continue;
		/*
		 * As Linux: in an orphaned group nobody could continue a stopped
		 * job, so only SIGSTOP stops there; the terminal's stops are dropped.
		 */
		if (sig_kernel_stop(ksig.sig)) {
			if (ksig.sig == SIGSTOP || !is_orphaned_pgrp(task->signal->pgrp, NULL))
				do_signal_stop(ksig.sig);
			continue;
		}
		do_group_exit(EXIT_BY_SIGNAL | ksig.sig);
	}
	spin_unlock_irqrestore(&sighand->siglock, flags);
}

void restore_saved_sigmask(void)
{
	if (current->restore_sigmask) {
		current->restore_sigmask = false;
		set_current_blocked(current->saved_sigmask);
	}
}
