/*
 * The scheduler's system calls (kernel/sched_syscalls.c): affinity,
 * nice values and scheduling policies, as Linux answers them; and the
 * mask of possible CPUs they and /proc and /sys use.
 */
#ifndef KERNEL_SCHED_SYSCALLS_H
#define KERNEL_SCHED_SYSCALLS_H

#include <kernel/types.h>

long sys_sched_setaffinity(u64 pid, u64 len, u64 user_mask, u64 a3, u64 a4, u64 a5);
long sys_sched_getaffinity(u64 pid, u64 len, u64 user_mask, u64 a3, u64 a4, u64 a5);
long sys_getcpu(u64 cpu, u64 node, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_sched_yield(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_setpriority(u64 which, u64 who, u64 niceval, u64 a3, u64 a4, u64 a5);
long sys_getpriority(u64 which, u64 who, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_sched_setscheduler(u64 pid, u64 policy, u64 param, u64 a3, u64 a4, u64 a5);
long sys_sched_setparam(u64 pid, u64 param, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_sched_getscheduler(u64 pid, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_sched_getparam(u64 pid, u64 param, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_sched_get_priority_max(u64 policy, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_sched_get_priority_min(u64 policy, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_sched_rr_get_interval(u64 pid, u64 tp, u64 a2, u64 a3, u64 a4, u64 a5);

#endif
