/*
 * Resource limits (Linux's getrlimit(2) family): the RLIMIT_ numbers and
 * struct rlimit, shared by kernel/resource.c, which keeps each process's
 * limits in its signal_struct, and by mm/, which asks for them through
 * mm_ops so that it still compiles on the host. docs/rlimits.md.
 */
#ifndef KERNEL_RESOURCE_H
#define KERNEL_RESOURCE_H

#include <kernel/types.h>

#define RLIMIT_CPU 0
#define RLIMIT_FSIZE 1
#define RLIMIT_DATA 2
#define RLIMIT_STACK 3
#define RLIMIT_CORE 4
#define RLIMIT_RSS 5
#define RLIMIT_NPROC 6
#define RLIMIT_NOFILE 7
#define RLIMIT_MEMLOCK 8
#define RLIMIT_AS 9
#define RLIMIT_LOCKS 10
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE 12
#define RLIMIT_NICE 13
#define RLIMIT_RTPRIO 14
#define RLIMIT_RTTIME 15
#define RLIM_NLIMITS 16

#define RLIM_INFINITY (~0UL)

/* RLIMIT_STACK as Linux gives init: 8 MiB soft, no hard limit. */
#define _STK_LIM (UL(8) << 20)

/* Linux's fs.nr_open: no process may have RLIMIT_NOFILE above it. */
#define NR_OPEN (1024 * 1024)

struct rlimit {
	unsigned long rlim_cur;		/* the soft limit, enforced */
	unsigned long rlim_max;		/* the ceiling of the soft limit */
};

struct task_struct;

/* The running process's soft limit. */
unsigned long rlimit(unsigned int resource);
/* Linux's capable(CAP_IPC_LOCK): may the caller lock memory past RLIMIT_MEMLOCK? */
bool capable_ipc_lock(void);
/* init's limits, as Linux 6.1 gives them (NPROC and SIGPENDING from the memory size). */
void init_rlimits(struct rlimit *rlim);
/*
 * Read (old) and change (new) task's limit, as Linux's do_prlimit: new's
 * soft limit above its hard one is -EINVAL, a hard limit raised without
 * root -EPERM, RLIMIT_NOFILE past NR_OPEN -EPERM.
 */
int do_prlimit(struct task_struct *task, unsigned int resource, const struct rlimit *new,
	       struct rlimit *old);
/* RLIMIT_NPROC for the caller's forks: its soft limit, or RLIM_INFINITY when exempt (root). */
unsigned long nproc_limit(void);
/* RLIMIT_FSIZE for a write or truncate to end: SIGXFSZ and -EFBIG past it, else 0. */
int check_fsize(unsigned long long end);

long sys_getrlimit(u64 resource, u64 rlim, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_setrlimit(u64 resource, u64 rlim, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_prlimit64(u64 pid, u64 resource, u64 new_limit, u64 old_limit, u64 a4, u64 a5);

#endif
