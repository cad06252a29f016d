/* Random numbers for user space and the kernel (kernel/random.c). */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include <kernel/types.h>

/* len bytes from the generator (not for cryptography: see random.c). */
void get_random_bytes(void *buf, size_t len);

long sys_getrandom(u64 buf, u64 len, u64 flags, u64 a3, u64 a4, u64 a5);

#endif
