/*
 * Permission checks on inodes, with Linux's rules (fs/namei.c there):
 * the owner, group and other bits of i_mode against the caller's fsuid,
 * fsgid and supplementary groups, uid 0's overrides, the sticky bit.
 * Credentials come from the running task (kernel/cred.h). Every function
 * is called with vfs_lock held or not, and touches no user memory.
 */
#ifndef KERNEL_FS_PERMISSION_H
#define KERNEL_FS_PERMISSION_H

#include <kernel/fs/ramfs.h>

/* What is asked for: Linux's MAY_* (the r, w and x bits of other). */
#define MAY_EXEC 0x1
#define MAY_WRITE 0x2
#define MAY_READ 0x4

/*
 * May the caller do mask to inode? The owner's, the group's or the
 * others' bits decide (the first class the caller is in), then uid 0's
 * overrides: directories always, files for reading and writing, and for
 * executing when some x bit is set. 0 or -EACCES.
 */
int inode_permission(struct inode *inode, int mask);

/* Is gid the caller's fsgid or one of its supplementary groups? */
bool in_group_p(u32 gid);
/* Does the caller act as uid 0 for files (Linux's CAP_DAC_OVERRIDE, CAP_CHOWN...)? */
bool capable_fs(void);
/* Does the caller own inode, or act as uid 0 (Linux: CAP_FOWNER)? */
bool inode_owner_or_capable(const struct inode *inode);

/*
 * Called by ramfs's path walk before each component is looked up in dir:
 * search (x) permission, -EACCES without it.
 */
int may_lookup(struct inode *dir);
/* A new name in dir: write and search permission on it (-EACCES). */
int may_create(struct inode *dir);
/*
 * Removing (or renaming away) victim's name in dir: write and search
 * permission on dir (-EACCES); in a sticky directory only the owner of
 * the file or of the directory, or uid 0 (-EPERM); then the type: a
 * directory only when isdir (-EISDIR), else -ENOTDIR.
 */
int may_delete(struct inode *dir, struct inode *victim, bool isdir);

#endif
