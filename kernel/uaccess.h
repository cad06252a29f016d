/*
 * Copying between the kernel and the running process's memory. A user
 * pointer is checked against the process's VMAs and its pages are faulted
 * in first, so a bad pointer gives -EFAULT instead of a kernel fault.
 */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H

#include <kernel/types.h>

long copy_from_user(void *dst, unsigned long src, size_t len);
long copy_to_user(unsigned long dst, const void *src, size_t len);
/* Copy a NUL-terminated string of at most size - 1 bytes; its length, -EFAULT or -ENAMETOOLONG. */
long strncpy_from_user(char *dst, unsigned long src, size_t size);

#endif
