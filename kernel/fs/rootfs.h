/* The root file system (kernel/fs/rootfs.c). */
#ifndef KERNEL_ROOTFS_H
#define KERNEL_ROOTFS_H

#include <kernel/types.h>
#include <kernel/fs/ramfs.h>
#include <kernel/fs/stat.h>
#include <kernel/err.h>

/* Make / and unpack the initramfs into it. */
void rootfs_init(void);

struct task_struct;

/* A kvmalloc'd copy of the file at path (kvfree it), or an ERR_PTR. */
void *read_whole_file(const char *path, size_t *size);

/*
 * execve's checks and records. may_exec: 0 if path is a regular file
 * the caller may execute (search permission on the way, an x bit for
 * it: even uid 0 needs one), else -ENOENT, -ENOTDIR, -ELOOP... from the
 * lookup or -EACCES (a directory, a device, no permission), as execve(2)
 * answers. Then open the file with __FMODE_EXEC: it need not be readable.
 * set_exe_path: remember path, made absolute, as the task's program
 * (/proc/<pid>/exe); call it in the task itself, before its cwd changes.
 */
int may_exec(const char *path);
void set_exe_path(struct task_struct *task, const char *path);

#endif
