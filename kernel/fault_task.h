/* The running task's side of fault injection (kernel/fault_task.c; mm/fault_inject.h). */
#ifndef KERNEL_FAULT_TASK_H
#define KERNEL_FAULT_TASK_H

#include <kernel/types.h>

/*
 * System call nr returned ret after a failure was forced during it: unless
 * ret is success or an error its caller can expect of a failed allocation,
 * say so ("FAULT_INJECTION: ... returned ..."), for the test layer to find.
 */
void fault_check_syscall(u64 nr, long ret);

/* The boot options failslab=, fail_page_alloc=, fail_vmalloc=. */
void fault_inject_setup(void);

#endif
