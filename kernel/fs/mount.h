/*
 * Mounts (kernel/fs/namespace.c): the table of mounted ramfs instances
 * (the root file system, /proc, tmpfs and sysfs mounts) and what the rest of the
 * VFS asks about them: an inode's device number, whether two inodes are
 * on the same mount (rename and link across mounts fail with -EXDEV),
 * and the mount an inode is on (statfs, /proc/<pid>/fdinfo's mnt_id).
 */
#ifndef KERNEL_FS_MOUNT_H
#define KERNEL_FS_MOUNT_H

#include <kernel/fs/ramfs.h>

/* statfs f_type values, Linux's. */
#define RAMFS_MAGIC 0x858458f6
#define TMPFS_MAGIC 0x01021994
#define PROC_SUPER_MAGIC 0x9fa0
#define SYSFS_MAGIC 0x62656572
#define PIPEFS_MAGIC 0x50495045

/* mount(2) flags, Linux's values (kernel/fs/namespace.c says which it takes). */
#define MS_RDONLY 0x1
#define MS_NOSUID 0x2
#define MS_NODEV 0x4
#define MS_NOEXEC 0x8
#define MS_REMOUNT 0x20
#define MS_NOATIME 0x400
#define MS_NODIRATIME 0x800
#define MS_BIND 0x1000
#define MS_SILENT 0x8000
#define MS_RELATIME 0x200000
#define MS_MGC_VAL 0xc0ed0000u	/* old programs' magic in the top half: ignored */
#define MS_MGC_MSK 0xffff0000u

struct vfsmount {
	int mnt_id;
	struct super_block *mnt_sb;
	struct inode *mnt_mountpoint;	/* the covered directory; NULL for / and /proc */
	char mnt_devname[32];		/* mount's source argument, for /proc/mounts */
	unsigned long mnt_flags;	/* MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_*ATIME */
	bool mnt_size_given;		/* tmpfs size= was given: shown */
	unsigned long mnt_seq;		/* mount order, which /proc/mounts follows */
};

/* At boot, before the initramfs is unpacked: / becomes the rootfs instance. */
void mnt_init(void);
/* /proc's instance: proc_init() gives the /proc directory to it (vfs_lock held). */
void proc_super_adopt(struct inode *proc);

/* st_dev of inode's files. */
u32 inode_dev(struct inode *inode);
/* The mount inode is on (NULL for pipes); vfs_lock held. */
const struct vfsmount *inode_mount(struct inode *inode);

#endif
