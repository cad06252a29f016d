/* System V shared memory (kernel/ipc/shm.c): the system calls, /proc/sysvipc/shm, the sysctls. */
#ifndef KERNEL_IPC_SHM_H
#define KERNEL_IPC_SHM_H

#include <kernel/types.h>
#include <kernel/lib/seq_buf.h>

/* Linux's defaults (include/uapi/linux/shm.h). */
#define SHMMIN 1UL
#define SHMMNI 4096
#define SHMMAX (~0UL - (1UL << 24))
#define SHMALL (~0UL - (1UL << 24))
#define SHMSEG SHMMNI

/* /proc/sys/kernel/shmmax (bytes), shmall (pages), shmmni (segments). */
extern unsigned long shm_ctlmax, shm_ctlall;
extern int shm_ctlmni;

long sys_shmget(u64 key, u64 size, u64 shmflg, u64 a3, u64 a4, u64 a5);
long sys_shmctl(u64 shmid, u64 cmd, u64 buf, u64 a3, u64 a4, u64 a5);
long sys_shmat(u64 shmid, u64 shmaddr, u64 shmflg, u64 a3, u64 a4, u64 a5);
long sys_shmdt(u64 shmaddr, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);

/* /proc/sysvipc/shm: a heading and a line per segment, in Linux's columns. */
void sysvipc_shm_show(struct seq_buf *m);

#endif
