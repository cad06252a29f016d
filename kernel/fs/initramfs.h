/*
 * Unpacking the initramfs, a cpio newc archive (kernel/lib/cpio.h), into the
 * ramfs tree (kernel/fs/ramfs.h), the way Linux's init/initramfs.c does.
 */
#ifndef KERNEL_INITRAMFS_H
#define KERNEL_INITRAMFS_H

#include <kernel/types.h>

/*
 * Create every member of the archive under the ramfs root. Returns 0,
 * -EINVAL for a malformed archive (members before the fault stay, as in
 * Linux), or -ENOMEM. Members that cannot be created (a missing parent
 * directory, say) are skipped with a warning, not an error.
 */
int initramfs_unpack(const void *archive, size_t len);

#endif
