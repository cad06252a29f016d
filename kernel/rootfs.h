/* The root file system (kernel/rootfs.c). */
#ifndef KERNEL_ROOTFS_H
#define KERNEL_ROOTFS_H

#include <kernel/types.h>
#include <kernel/ramfs.h>
#include <kernel/stat.h>

/* Errors in a pointer, as Linux's ERR_PTR: the last page of addresses. */
#define MAX_ERRNO 4095
static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return (unsigned long)ptr >= (unsigned long)-MAX_ERRNO;
}

/* Make / and unpack the initramfs into it. */
void rootfs_init(void);

/* A kvmalloc'd copy of the file at path (kvfree it), or an ERR_PTR. */
void *read_whole_file(const char *path, size_t *size);

#endif
