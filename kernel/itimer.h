/*
 * Interval timers (kernel/itimer.c): setitimer/getitimer, and the tick's
 * share of them.
 */
#ifndef KERNEL_ITIMER_H
#define KERNEL_ITIMER_H

#include <kernel/types.h>

struct task_struct;

/* Every tick, on one CPU: send SIGALRM for the ITIMER_REAL timers that expired. */
void run_real_itimers(void);

/* Every tick, on each CPU: the running task spent it; ITIMER_VIRTUAL and ITIMER_PROF count it. */
void itimer_tick(struct task_struct *task);

/* The process ends: its ITIMER_REAL stops. */
void exit_itimers(struct task_struct *task);

long sys_getitimer(u64 which, u64 uvalue, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_setitimer(u64 which, u64 unew, u64 uold, u64 a3, u64 a4, u64 a5);

#endif
