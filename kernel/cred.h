/*
 * Credentials (kernel/cred.c): the uid/gid system calls on task->cred,
 * and the checks that use them besides kill()'s (kernel/signal.c).
 */
#ifndef KERNEL_CRED_H
#define KERNEL_CRED_H

#include <kernel/sched.h>

/*
 * Linux's ptrace_may_access for reading (PTRACE_MODE_READ_FSCREDS): may
 * the caller look into task's memory map? Its own process, the same
 * user (the caller's fsuid is the target's real, effective and saved
 * uid, and likewise for the gids), or root.
 */
bool ptrace_may_access(struct task_struct *task);

long sys_getuid(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_geteuid(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_getgid(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_getegid(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_setuid(u64 uid, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_setgid(u64 gid, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_setreuid(u64 ruid, u64 euid, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_setregid(u64 rgid, u64 egid, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_setresuid(u64 ruid, u64 euid, u64 suid, u64 a3, u64 a4, u64 a5);
long sys_setresgid(u64 rgid, u64 egid, u64 sgid, u64 a3, u64 a4, u64 a5);
long sys_getresuid(u64 ruid, u64 euid, u64 suid, u64 a3, u64 a4, u64 a5);
long sys_getresgid(u64 rgid, u64 egid, u64 sgid, u64 a3, u64 a4, u64 a5);
long sys_setfsuid(u64 uid, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_setfsgid(u64 gid, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_getgroups(u64 size, u64 list, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_setgroups(u64 size, u64 list, u64 a2, u64 a3, u64 a4, u64 a5);

#endif
