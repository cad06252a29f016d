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

/*
 * The same for the boot image, reserved memory that the kernel gives up
 * afterwards: whole pages of file data that start on a page boundary of
 * the image become the files' pages in place (no copy); every other page
 * wholly inside the image goes to the page allocator. The result of
 * unpacking goes to *err; returns how many pages were given back.
 */
unsigned long initramfs_unpack_in_place(const void *image, size_t len, int *err);

#endif
