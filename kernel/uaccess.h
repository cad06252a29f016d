/*
 * Copying between the kernel and the running process's memory
 * (kernel/uaccess.c). The copy runs with the process's own permissions; a
 * fault on a page not present yet is handled as the process's would be,
 * and a bad pointer makes the call return -EFAULT instead of crashing the
 * kernel (the exception-fixup table, asm/extable.h).
 */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H

#include <kernel/types.h>

/* Whether [addr, addr + len) lies wholly in the user half (Linux's access_ok). */
bool access_ok(unsigned long addr, size_t len);

long copy_from_user(void *dst, unsigned long src, size_t len);
long copy_to_user(unsigned long dst, const void *src, size_t len);
/* Copy a NUL-terminated string of at most size - 1 bytes; its length, -EFAULT or -ENAMETOOLONG. */
long strncpy_from_user(char *dst, unsigned long src, size_t size);

#endif
