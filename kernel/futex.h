/*
 * Fast user-space mutexes (kernel/futex.c): the kernel half of every
 * pthread mutex, condition variable and join. User space does the locking
 * with atomic instructions on a 32-bit word and calls the kernel only to
 * sleep while the word holds an expected value (FUTEX_WAIT) or to wake
 * sleepers (FUTEX_WAKE).
 */
#ifndef KERNEL_FUTEX_H
#define KERNEL_FUTEX_H

#include <kernel/types.h>

struct task_struct;

/* Wake one waiter on the running process's futex at uaddr (clear_child_tid, robust lists). */
void futex_wake_address(unsigned long uaddr);

/*
 * A thread leaving its memory: every robust futex it still holds gets
 * FUTEX_OWNER_DIED and one waiter is woken (Linux's exit_robust_list).
 * current only; forgets the list.
 */
void exit_robust_list(struct task_struct *task);

long sys_futex(u64 uaddr, u64 op, u64 val, u64 utime, u64 uaddr2, u64 val3);
long sys_set_robust_list(u64 head, u64 len, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_get_robust_list(u64 pid, u64 head_ptr, u64 len_ptr, u64 a3, u64 a4, u64 a5);

#endif
