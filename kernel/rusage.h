/*
 * Resource usage (kernel/rusage.c): getrusage and wait4's rusage, with
 * the page-fault counts the course's "how many page faults" lab reads.
 */
#ifndef KERNEL_RUSAGE_H
#define KERNEL_RUSAGE_H

#include <kernel/types.h>

struct task_struct;
struct mm_struct;

/* The task stops using mm (exec or exit): keep its fault count in the task's totals. */
void account_mm_faults(struct task_struct *task, struct mm_struct *mm);

/* A reaped child's usage joins its parent's RUSAGE_CHILDREN. */
void account_reaped_child(struct task_struct *parent, struct task_struct *child);

/* Write the rusage of child (as wait4 reports it) to user address uaddr. */
long put_child_rusage(struct task_struct *child, unsigned long uaddr);

long sys_getrusage(u64 who, u64 usage, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_times(u64 utms, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);

#endif
