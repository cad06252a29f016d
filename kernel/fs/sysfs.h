/* sysfs (kernel/fs/sysfs.c): the CPU files of /sys, made at each mount. */
#ifndef KERNEL_FS_SYSFS_H
#define KERNEL_FS_SYSFS_H

struct inode;

/* Fill a new sysfs instance's root; 0 or -ENOMEM. vfs_lock held. */
int sysfs_fill(struct inode *root);
/* Its kernel/slab/<cache>/ statistics (kernel/fs/sysfs_slab.c); 0 or -ENOMEM. */
int sysfs_slab_fill(struct inode *root);

#endif
