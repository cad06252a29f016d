/*
 * Process groups and sessions, as Linux has them (kernel/sys.c's setpgid
 * family and kernel/exit.c's orphaned groups there). A session is what
 * one login, or one terminal, holds; a process group is one job of a
 * shell, the unit the terminal's Ctrl-C and kill(-pgrp) signal.
 *
 * The ids are numbers in the process's signal_struct: its group's id is
 * the pid of the process that made it, and a group exists exactly while
 * some process is in it. Changes are made under tasklist_lock, so two
 * setpgid calls cannot both find a group alive and leave it half-made;
 * lookups walk the task list with the scheduler's lock (for_each_task).
 */
#include <kernel/pgrp.h>
#include <kernel/syscalls.h>
#include <kernel/errno.h>

/* Kernel threads have no parent; init and its threads are the user tasks without. */
bool is_user_task(struct task_struct *task)
{
	return task->state != TASK_DEAD &&
	       (task->parent || (init_process && task->group_leader == init_process));
}

bool is_user_process(struct task_struct *task)
{
	return task->group_leader == task && is_user_task(task);
}

struct task_struct *find_get_user_task(int pid)
{
	struct task_struct *task = find_get_task_by_pid(pid ? pid : current->pid);

	if (task && !is_user_task(task)) {
		put_task_struct(task);
		return NULL;
	}
	return task;
}

struct collect {
	bool (*match)(struct task_struct *task, long arg);
	long arg;
	struct task_struct **found;
	int n, max;
};

static void collect_one(struct task_struct *task, void *data)
{
	struct collect *c = data;

	if (c->n < c->max && is_user_process(task) && c->match(task, c->arg)) {
		get_task_struct(task);
		c->found[c->n++] = task;
	}
}

int find_get_processes(bool (*match)(struct task_struct *task, long arg), long arg,
		       struct task_struct **found, int max)
{
	struct collect c = { .match = match, .arg = arg, .found = found, .max = max };

	for_each_task(collect_one, &c);
	return c.n;
}

void put_processes(struct task_struct **found, int n)
{
	while (n > 0)
		put_task_struct(found[--n]);
}

bool in_pgrp(struct task_struct *task, long pgrp)
{
	return task->signal->pgrp == pgrp;
}

struct pgrp_query {
	int pgrp;
	int session;		/* of a member, -1 until one is found */
	struct task_struct *ignore;
	bool orphaned;
};

static void find_session(struct task_struct *task, void *data)
{
	struct pgrp_query *q = data;

	if (q->session < 0 && is_user_process(task) && task->signal->pgrp == q->pgrp)
		q->session = task->signal->session;
}

int pgrp_session(int pgrp)
{
	struct pgrp_query q = { .pgrp = pgrp, .session = -1 };

	for_each_task(find_session, &q);
	return q.session;
}

int session_of_pgrp(int pgrp)
{
	int session = pgrp_session(pgrp);
	struct task_struct *task;

	if (session >= 0 || pgrp <= 0)
		return session;
	task = find_get_user_task(pgrp);
	if (task) {
		session = task->signal->session;
		put_task_struct(task);
	}
	return session;
}

static void check_orphaned(struct task_struct *task, void *data)
{
	struct pgrp_query *q = data;
	struct task_struct *parent = task->parent;

	if (!is_user_process(task) || task == q->ignore || task->signal->pgrp != q->pgrp ||
	    task->state == TASK_ZOMBIE || !parent || parent == init_process)
		return;
	if (parent->signal->pgrp != q->pgrp && parent->signal->session == task->signal->session)
		q->orphaned = false;
}

bool is_orphaned_pgrp(int pgrp, struct task_struct *ignore)
{
	struct pgrp_query q = { .pgrp = pgrp, .ignore = ignore, .orphaned = true };

	for_each_task(check_orphaned, &q);
	return q.orphaned;
}

static bool is_stopped_member(struct task_struct *task, long pgrp)
{
	return in_pgrp(task, pgrp) && (READ_ONCE(task->signal->flags) & SIGNAL_STOP_STOPPED);
}

bool pgrp_has_stopped_jobs(int pgrp)
{
	struct task_struct *found;
	int n = find_get_processes(is_stopped_member, pgrp, &found, 1);

	put_processes(&found, n);
	return n > 0;
}

/*
 * May the caller move p to group pgid? Linux's rules in its order: only
 * itself or a child (ESRCH); a child only in its session (EPERM) and only
 * before it execs (EACCES); never a session leader (EPERM); and into a
 * group of its own pid or one that exists in the caller's session (EPERM).
 */
static int setpgid_allowed(struct task_struct *p, int pid, int pgid)
{
	struct task_struct *me = current->group_leader;

	if (p->parent && p->parent->tgid == me->tgid) {
		if (p->signal->session != me->signal->session)
			return -EPERM;
		if (p->did_exec)
			return -EACCES;
	} else if (p != me) {
		return -ESRCH;
	}
	if (p->signal->leader)
		return -EPERM;
	if (pgid != pid && pgrp_session(pgid) != me->signal->session)
		return -EPERM;
	return 0;
}

long sys_setpgid(u64 upid, u64 upgid, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
		 u64 a5 __unused)
{
	int pid = (int)upid ? (int)upid : current->tgid;
	int pgid = (int)upgid ? (int)upgid : pid;
	struct task_struct *p;
	long err;

	if (pgid < 0)
		return -EINVAL;
	spin_lock(&tasklist_lock);
	p = find_get_user_task(pid);
	if (!p)
		err = -ESRCH;
	else if (p->group_leader != p)
		err = -EINVAL;	/* a thread's id, not a process's */
	else
		err = setpgid_allowed(p, pid, pgid);
	if (!err)
		p->signal->pgrp = pgid;
	spin_unlock(&tasklist_lock);
	if (p)
		put_task_struct(p);
	return err;
}

long sys_getpgid(u64 pid, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
		 u64 a4 __unused, u64 a5 __unused)
{
	struct task_struct *task = find_get_user_task((int)pid);
	long pgrp;

	if (!task)
		return -ESRCH;
	pgrp = READ_ONCE(task->signal->pgrp);
	put_task_struct(task);
	return pgrp;
}

long sys_getsid(u64 pid, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
		u64 a4 __unused, u64 a5 __unused)
{
	struct task_struct *task = find_get_user_task((int)pid);
	long session;

	if (!task)
		return -ESRCH;
	session = READ_ONCE(task->signal->session);
	put_task_struct(task);
	return session;
}

/*
 * A new session and group, both with the caller's pid as their id, and no
 * controlling terminal. Refused (EPERM) to a session leader and when a
 * group with that id still exists: the caller leads one, or did.
 */
long sys_setsid(u64 a0 __unused, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
		u64 a4 __unused, u64 a5 __unused)
{
	struct signal_struct *sig = current->signal;
	int sid = current->tgid;
	long err = sid;

	spin_lock(&tasklist_lock);
	if (sig->leader || pgrp_session(sid) >= 0) {
		err = -EPERM;
	} else {
		sig->leader = true;
		sig->pgrp = sid;
		sig->session = sid;
		sig->tty = NULL;
	}
	spin_unlock(&tasklist_lock);
	return err;
}
