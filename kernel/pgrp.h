/*
 * Process groups and sessions (kernel/pgrp.c): the ids a process's
 * threads share in task->signal (pgrp, session, leader), the system calls
 * that change them, and the lookups that job control and kill() make:
 * which processes are in a group, in which session a group is, whether a
 * group is orphaned.
 */
#ifndef KERNEL_PGRP_H
#define KERNEL_PGRP_H

#include <kernel/sched.h>

/* A user thread (zombies too), not a kernel thread or a dead task. */
bool is_user_task(struct task_struct *task);
/* The user task with thread id pid (0: the caller), with a reference; NULL if none. */
struct task_struct *find_get_user_task(int pid);
/* A task the user sees as a process: a thread group's leader, not a kernel thread. */
bool is_user_process(struct task_struct *task);

/*
 * Up to max processes for which match(task, arg) is true, each with a
 * reference taken (drop them with put_processes). Safe in interrupt
 * context; match runs with the scheduler's lock held and must not sleep.
 */
int find_get_processes(bool (*match)(struct task_struct *task, long arg), long arg,
		       struct task_struct **found, int max);
void put_processes(struct task_struct **found, int n);
bool in_pgrp(struct task_struct *task, long pgrp);

/* The session of process group pgrp, or -1 when no process is in it. */
int pgrp_session(int pgrp);

/* Linux's session_of_pgrp: the group's session, else that of the process pgrp; -1: neither. */
int session_of_pgrp(int pgrp);

/*
 * Linux's will_become_orphaned_pgrp: true when no process of the group
 * (ignore aside) has a parent in another group of the same session, the
 * parent that could bring a stopped job back. A parent that is init does
 * not count.
 */
bool is_orphaned_pgrp(int pgrp, struct task_struct *ignore);

/* Linux's has_stopped_jobs: whether a process of the group is stopped. */
bool pgrp_has_stopped_jobs(int pgrp);

long sys_setpgid(u64 pid, u64 pgid, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_getpgid(u64 pid, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_getsid(u64 pid, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_setsid(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);

#endif
