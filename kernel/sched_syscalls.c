/*
 * The scheduler's system calls, with the answers, errnos and permission
 * rules of Linux's kernel/sched/core.c and kernel/sys.c: CPU affinity
 * (sched_setaffinity, sched_getaffinity, getcpu), nice values
 * (setpriority, getpriority; glibc's nice() is made of the two), and the
 * policy calls programs make even when they only ever want SCHED_OTHER.
 *
 * It relies on the scheduler's interface in kernel/sched.h alone
 * (cpus_allowed, set_cpus_allowed, static_prio, set_user_nice), so it
 * does not care how the run queues are built. tkern has no real-time
 * class: see docs/sched-calls.md for what that changes.
 */
#include <kernel/sched_syscalls.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/pgrp.h>
#include <kernel/resource.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/time.h>
#include <asm/timer.h>
#include <mm/slab.h>

#define PRIO_PROCESS 0
#define PRIO_PGRP 1
#define PRIO_USER 2

#define SCHED_FIFO 1
#define SCHED_RR 2
#define SCHED_DEADLINE 6
#define SCHED_RESET_ON_FORK 0x40000000
#define SETPARAM_POLICY (-1)	/* sched_setparam: keep the task's policy */
#define MAX_RT_PRIO 100

/* NR_CPUS is at most 64: one long is every mask tkern can have (the rest of a user's is 0). */
_Static_assert(NR_CPUS <= 64, "CPU masks are one unsigned long");

struct sched_param {
	int sched_priority;
};

struct user_timespec {
	long tv_sec;
	long tv_nsec;
};

/* CAP_SYS_NICE: root has every capability, other users none. */
static bool capable_sys_nice(void)
{
	return current->cred.euid == 0;
}

/*
 * Linux's check_same_owner (and set_one_prio_perm, the same rule): the
 * caller's effective uid is the target's real or effective uid.
 */
static bool same_owner(const struct task_struct *p)
{
	u32 euid = current->cred.euid;

	return euid == p->cred.uid || euid == p->cred.euid;
}

/* May p's nice value go down to nice? Linux's can_nice: p's RLIMIT_NICE says how far. */
static bool can_nice(const struct task_struct *p, int nice)
{
	unsigned long limit = READ_ONCE(p->signal->rlim[RLIMIT_NICE].rlim_cur);

	return (unsigned long)(20 - nice) <= limit || capable_sys_nice();
}

/* ------------------------------------------------------------ affinity */

/*
 * Linux reads min(len, its mask size) bytes and takes missing ones as 0,
 * so any len is accepted; a mask with no online CPU in it is -EINVAL.
 */
long sys_sched_setaffinity(u64 upid, u64 len, u64 user_mask, u64 a3 __unused,
			   u64 a4 __unused, u64 a5 __unused)
{
	unsigned long mask = 0;
	struct task_struct *p;
	long err;

	if (copy_from_user(&mask, user_mask, MIN((unsigned int)len, sizeof(mask))))
		return -EFAULT;
	p = find_get_user_task((int)upid);
	if (!p)
		return -ESRCH;
	if (!same_owner(p) && !capable_sys_nice())
		err = -EPERM;
	else
		err = set_cpus_allowed(p, mask & cpu_possible_mask());
	put_task_struct(p);
	return err;
}

/*
 * The task's allowed CPUs that are online. Linux's rules: len must hold a
 * bit per possible CPU and be a whole number of longs; anyone may ask;
 * the result is the number of bytes written.
 */
long sys_sched_getaffinity(u64 upid, u64 len, u64 user_mask, u64 a3 __unused,
			   u64 a4 __unused, u64 a5 __unused)
{
	unsigned long mask;
	struct task_struct *p;

	if (len * 8 < nr_cpus_possible || (len & (sizeof(long) - 1)))
		return -EINVAL;
	p = find_get_user_task((int)upid);
	if (!p)
		return -ESRCH;
	mask = READ_ONCE(p->cpus_allowed) & cpu_online_mask();
	put_task_struct(p);
	len = MIN(len, sizeof(mask));
	return copy_to_user(user_mask, &mask, len) ? -EFAULT : (long)len;
}

/* The CPU the caller runs on (it may have moved by the time it looks) and NUMA node 0. */
long sys_getcpu(u64 cpu, u64 node, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
		u64 a5 __unused)
{
	unsigned int here = smp_processor_id(), zero = 0;

	if (cpu && copy_to_user(cpu, &here, sizeof(here)))
		return -EFAULT;
	if (node && copy_to_user(node, &zero, sizeof(zero)))
		return -EFAULT;
	return 0;
}

long sys_sched_yield(u64 a0 __unused, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
		     u64 a4 __unused, u64 a5 __unused)
{
	do_sched_yield();
	return 0;
}

/* --------------------------------------------------------- nice values */

/* Which tasks a setpriority/getpriority call names: one thread, a group's, a user's. */
struct prio_target {
	int which;
	u32 who;
	struct task_struct **found;	/* setpriority: the matches, with references */
	int n, max;
	long best;			/* getpriority: the highest 20 - nice so far */
};

static bool prio_match(struct task_struct *p, const struct prio_target *t)
{
	if (!is_user_task(p))
		return false;
	return t->which == PRIO_PGRP ? (u32)p->signal->pgrp == t->who : p->cred.uid == t->who;
}

/* Linux reports nice values as 20 - nice (1..40), so that no answer looks like an error. */
static void best_prio(struct task_struct *p, void *arg)
{
	struct prio_target *t = arg;
	long prio = 20 - task_nice(p);

	if (prio_match(p, t) && prio > t->best)
		t->best = prio;
}

static void collect_prio(struct task_struct *p, void *arg)
{
	struct prio_target *t = arg;

	if (t->n < t->max && prio_match(p, t)) {
		get_task_struct(p);
		t->found[t->n++] = p;
	}
}

/* who == 0 names the caller's own group or real user, as in Linux. */
static void prio_target_init(struct prio_target *t, int which, int who)
{
	t->which = which;
	t->who = (u32)who;
	if (!who)
		t->who = which == PRIO_PGRP ? (u32)current->signal->pgrp : current->cred.uid;
}

/*
 * Linux's set_one_prio: each refusal replaces the error so far, a success
 * only replaces "nothing found". So one refusal among many makes the
 * call fail though the others changed.
 */
static long set_one_prio(struct task_struct *p, int nice, long error)
{
	if (!same_owner(p) && !capable_sys_nice())
		return -EPERM;
	if (nice < task_nice(p) && !can_nice(p, nice))
		return -EACCES;
	set_user_nice(p, nice);
	return error == -ESRCH ? 0 : error;
}

static long set_prio_of_many(int which, int who, int nice)
{
	struct prio_target t = { .max = (int)nr_tasks() };
	long error = -ESRCH;
	int i;

	prio_target_init(&t, which, who);
	t.found = kmalloc(sizeof(*t.found) * (size_t)t.max, GFP_KERNEL);
	if (!t.found)
		return -ENOMEM;
	for_each_task(collect_prio, &t);
	for (i = 0; i < t.n; i++) {
		error = set_one_prio(t.found[i], nice, error);
		put_task_struct(t.found[i]);
	}
	kfree(t.found);
	return error;
}

long sys_setpriority(u64 uwhich, u64 uwho, u64 uniceval, u64 a3 __unused, u64 a4 __unused,
		     u64 a5 __unused)
{
	int which = (int)uwhich, who = (int)uwho, nice = (int)uniceval;
	struct task_struct *p;
	long error;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	nice = MAX(MIN_NICE, MIN(nice, MAX_NICE));
	if (which != PRIO_PROCESS)
		return set_prio_of_many(which, who, nice);
	p = find_get_user_task(who);
	if (!p)
		return -ESRCH;
	error = set_one_prio(p, nice, -ESRCH);
	put_task_struct(p);
	return error;
}

long sys_getpriority(u64 uwhich, u64 uwho, u64 a2 __unused, u64 a3 __unused,
		     u64 a4 __unused, u64 a5 __unused)
{
	int which = (int)uwhich, who = (int)uwho;
	struct prio_target t = { .best = -ESRCH };
	struct task_struct *p;
	long prio;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	if (which != PRIO_PROCESS) {
		prio_target_init(&t, which, who);
		for_each_task(best_prio, &t);
		return t.best;
	}
	p = find_get_user_task(who);
	if (!p)
		return -ESRCH;
	prio = 20 - task_nice(p);
	put_task_struct(p);
	return prio;
}

/* ------------------------------------------------------------- policies */

static bool rt_policy(int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

static bool valid_policy(int policy)
{
	return policy == SCHED_NORMAL || policy == SCHED_BATCH || policy == SCHED_IDLE ||
	       rt_policy(policy) || policy == SCHED_DEADLINE;
}

/*
 * Linux's __sched_setscheduler checks, in its order, then the change.
 * The fair policies with priority 0 are kept; real-time ones are refused
 * with EPERM even for root, as on a Linux whose real-time group has no
 * run time left: tkern has no real-time class. sched_setparam keeps the
 * task's policy.
 */
static long check_setscheduler(struct task_struct *p, int policy, int priority)
{
	bool reset_on_fork = policy != SETPARAM_POLICY && (policy & SCHED_RESET_ON_FORK);

	if (policy == SETPARAM_POLICY)
		policy = READ_ONCE(p->policy);
	policy &= ~SCHED_RESET_ON_FORK;
	if (!valid_policy(policy))
		return -EINVAL;
	if ((unsigned int)priority > MAX_RT_PRIO - 1)
		return -EINVAL;
	if (policy == SCHED_DEADLINE || rt_policy(policy) != (priority != 0))
		return -EINVAL;
	if (rt_policy(policy))
		return -EPERM;
	/* Leaving SCHED_IDLE counts as raising the priority: RLIMIT_NICE must allow its nice. */
	if (READ_ONCE(p->policy) == SCHED_IDLE && policy != SCHED_IDLE && !can_nice(p, task_nice(p)))
		return -EPERM;
	if (!capable_sys_nice() && !same_owner(p))
		return -EPERM;
	/* Only a privileged caller may clear SCHED_RESET_ON_FORK. */
	if (!capable_sys_nice() && READ_ONCE(p->sched_reset_on_fork) && !reset_on_fork)
		return -EPERM;
	sched_set_policy(p, policy, reset_on_fork);
	return 0;
}

static long do_sched_setscheduler(int pid, int policy, u64 uparam)
{
	struct sched_param param;
	struct task_struct *p;
	long err;

	if (!uparam || pid < 0)
		return -EINVAL;
	if (copy_from_user(&param, uparam, sizeof(param)))
		return -EFAULT;
	p = find_get_user_task(pid);
	if (!p)
		return -ESRCH;
	err = check_setscheduler(p, policy, param.sched_priority);
	put_task_struct(p);
	return err;
}

long sys_sched_setscheduler(u64 pid, u64 policy, u64 param, u64 a3 __unused,
			    u64 a4 __unused, u64 a5 __unused)
{
	if ((int)policy < 0)
		return -EINVAL;
	return do_sched_setscheduler((int)pid, (int)policy, param);
}

long sys_sched_setparam(u64 pid, u64 param, u64 a2 __unused, u64 a3 __unused,
			u64 a4 __unused, u64 a5 __unused)
{
	return do_sched_setscheduler((int)pid, SETPARAM_POLICY, param);
}

/* 0 if pid (0: the caller) names a task, else -EINVAL or -ESRCH as Linux orders them. */
static long check_pid(int pid)
{
	struct task_struct *p;

	if (pid < 0)
		return -EINVAL;
	p = find_get_user_task(pid);
	if (!p)
		return -ESRCH;
	put_task_struct(p);
	return 0;
}

long sys_sched_getscheduler(u64 pid, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
			    u64 a4 __unused, u64 a5 __unused)
{
	struct task_struct *p;
	long policy;

	if ((int)pid < 0)
		return -EINVAL;
	p = find_get_user_task((int)pid);
	if (!p)
		return -ESRCH;
	policy = READ_ONCE(p->policy) | (READ_ONCE(p->sched_reset_on_fork) ? SCHED_RESET_ON_FORK : 0);
	put_task_struct(p);
	return policy;
}

/* A SCHED_OTHER task's priority is 0. */
long sys_sched_getparam(u64 pid, u64 uparam, u64 a2 __unused, u64 a3 __unused,
			u64 a4 __unused, u64 a5 __unused)
{
	struct sched_param param = { 0 };
	long err;

	if (!uparam)
		return -EINVAL;
	err = check_pid((int)pid);
	if (err)
		return err;
	return copy_to_user(uparam, &param, sizeof(param)) ? -EFAULT : 0;
}

/* The range of sched_priority per policy, as Linux answers, real-time ones included. */
long sys_sched_get_priority_max(u64 policy, u64 a1 __unused, u64 a2 __unused,
				u64 a3 __unused, u64 a4 __unused, u64 a5 __unused)
{
	if (rt_policy((int)policy))
		return MAX_RT_PRIO - 1;
	return valid_policy((int)policy) ? 0 : -EINVAL;
}

long sys_sched_get_priority_min(u64 policy, u64 a1 __unused, u64 a2 __unused,
				u64 a3 __unused, u64 a4 __unused, u64 a5 __unused)
{
	if (rt_policy((int)policy))
		return 1;
	return valid_policy((int)policy) ? 0 : -EINVAL;
}

/* The time slice: one tick, whatever the load (Linux's varies with it). */
long sys_sched_rr_get_interval(u64 pid, u64 utp, u64 a2 __unused, u64 a3 __unused,
			       u64 a4 __unused, u64 a5 __unused)
{
	struct user_timespec ts = { 0, (long)(NSEC_PER_SEC / HZ) };
	long err = check_pid((int)pid);

	if (err)
		return err;
	return copy_to_user(utp, &ts, sizeof(ts)) ? -EFAULT : 0;
}
