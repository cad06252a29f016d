/*
 * The OOM killer (mm/oom_kill.c): what the fault paths call when a page
 * for user memory cannot be had, and what /proc shows of its choice.
 */
#ifndef MM_OOM_H
#define MM_OOM_H

#include <kernel/types.h>

struct task_struct;
struct mm_struct;

#define OOM_SCORE_ADJ_MIN (-1000)	/* never chosen */
#define OOM_SCORE_ADJ_MAX 1000		/* chosen first */
#define OOM_BADNESS_NONE (-__LONG_MAX__ - 1)	/* Linux's LONG_MIN: not a candidate */

/*
 * How much killing p would give back, in pages: its resident pages and
 * page tables, moved by oom_score_adj thousandths of totalpages (Linux's
 * oom_badness). OOM_BADNESS_NONE for a task that is never chosen (no
 * address space, oom_score_adj -1000, a vfork child, init, a kernel
 * thread). Takes p's task_lock.
 */
long oom_badness(struct task_struct *p, unsigned long totalpages);

/* /proc/<pid>/oom_score: the badness scaled to Linux's 0..2000. */
unsigned long oom_score(struct task_struct *p);

/*
 * Memory for the current process's user memory ran out: choose a victim
 * and kill it, or wait a moment for the one already dying. true when the
 * caller should try again (memory is coming back, or it is itself dying);
 * false when no process may be killed.
 */
bool out_of_memory(void);
unsigned long vm_oom_kills(void);
/*
 * mm's last user has gone and its memory is freed: if it was the last
 * victim, the killer lets go of it now rather than at its next call.
 */
void oom_forget_victim(struct mm_struct *mm);

/*
 * The user fault path's answer to -ENOMEM: out_of_memory(), and if no
 * process may be killed, the faulting process itself is (it cannot go on).
 * The fault is then taken again on the way back to user space.
 */
void pagefault_out_of_memory(void);

#endif
