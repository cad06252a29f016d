/*
 * Orphaned process groups at a process's exit (POSIX, Linux's
 * kill_orphaned_pgrp). A group is orphaned when no member has a parent in
 * another group of the same session: nobody with job control (a shell) is
 * left who could continue its stopped jobs. When an exit makes a group
 * orphaned and a member of it is stopped, the group gets SIGHUP, then
 * SIGCONT, so that a stopped job does not wait forever for a shell that
 * has gone (the default action of SIGHUP ends it; a job that handles it
 * runs on).
 *
 * An exiting process can be the last such link twice over: for its own
 * group, through its parent; and for each child's group, through itself,
 * since its children go to init, whose links do not count. Relies on
 * kernel/pgrp.c for the group queries and on kill_pgrp for the signals.
 */
#include <kernel/orphan.h>
#include <kernel/pgrp.h>
#include <kernel/signal.h>
#include <kernel/syscalls.h>
#include <kernel/printk.h>
#include <mm/slab.h>

/*
 * Whether task, through its parent, ties group pgrp to the session's job
 * control. A parent that is init counts here, as in Linux: only the test
 * of what is left (is_orphaned_pgrp) passes over init.
 */
static bool links_to_session(struct task_struct *task, struct task_struct *parent, int pgrp)
{
	return parent && parent->signal->pgrp != pgrp &&
	       parent->signal->session == task->signal->session;
}

static void hang_up_if_orphaned(int pgrp, struct task_struct *ignore)
{
	if (is_orphaned_pgrp(pgrp, ignore) && pgrp_has_stopped_jobs(pgrp)) {
		kill_pgrp(pgrp, SIGHUP);
		kill_pgrp(pgrp, SIGCONT);
	}
}

int child_pgrps_linked_by(struct task_struct *leader, int **pgrps)
{
	struct task_struct *child;
	int n = 0, max = 0;

	*pgrps = NULL;
	spin_lock(&tasklist_lock);
	list_for_each_entry(child, &leader->children, sibling)
		max++;
	spin_unlock(&tasklist_lock);
	if (!max)
		return 0;
	*pgrps = kmalloc(max * sizeof(**pgrps), GFP_KERNEL);
	if (!*pgrps) {
		pr_warn("exit: no memory to check %s[%d]'s children's groups for orphans\n",
			leader->comm, leader->pid);
		return 0;
	}
	/* The list can only shrink now: the exiting process forks no more. */
	spin_lock(&tasklist_lock);
	list_for_each_entry(child, &leader->children, sibling)
		if (n < max && links_to_session(child, leader, child->signal->pgrp))
			(*pgrps)[n++] = child->signal->pgrp;
	spin_unlock(&tasklist_lock);
	return n;
}

void kill_orphaned_pgrps(struct task_struct *leader, struct task_struct *parent,
			 int *pgrps, int n)
{
	int i;

	if (links_to_session(leader, parent, leader->signal->pgrp))
		hang_up_if_orphaned(leader->signal->pgrp, leader);
	for (i = 0; i < n; i++)
		hang_up_if_orphaned(pgrps[i], NULL);
	kfree(pgrps);
}
