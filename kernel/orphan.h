/*
 * Orphaned process groups at exit (kernel/orphan.c): SIGHUP and SIGCONT
 * to a group with a stopped member that the exit leaves with no link to
 * its session's job control.
 */
#ifndef KERNEL_ORPHAN_H
#define KERNEL_ORPHAN_H

#include <kernel/sched.h>

/*
 * Before the exiting leader's children go to init: the groups of those
 * children that leader links to their session (in another group of the
 * same session). Returns how many, in *pgrps (kmalloc'ed, or NULL).
 */
int child_pgrps_linked_by(struct task_struct *leader, int **pgrps);

/*
 * After they went: leader's own group (leader itself no longer counts;
 * parent is the one it had) and each of pgrps, if orphaned now with a
 * stopped member, get SIGHUP then SIGCONT. Frees pgrps.
 */
void kill_orphaned_pgrps(struct task_struct *leader, struct task_struct *parent,
			 int *pgrps, int n);

#endif
