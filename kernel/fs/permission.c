/*
 * Who may do what to an inode (see kernel/fs/permission.h), Linux's rules
 * from fs/namei.c and fs/inode.c. Linux gives root its rights through
 * capabilities that follow the file-system uid (they are dropped when
 * fsuid leaves 0 and come back with it); tkern has no capabilities, so
 * "capable" here means fsuid 0, which is what that amounts to for a
 * process that has not dropped capabilities by other means.
 */
#include <kernel/fs/permission.h>
#include <kernel/fs/stat.h>
#include <kernel/sched.h>
#include <kernel/errno.h>

bool capable_fs(void)
{
	return current->cred.fsuid == 0;
}

bool in_group_p(u32 gid)
{
	const struct cred *cred = &current->cred;

	if (gid == cred->fsgid)
		return true;
	for (int i = 0; i < cred->ngroups; i++)
		if (cred->groups[i] == gid)
			return true;
	return false;
}

bool inode_owner_or_capable(const struct inode *inode)
{
	return inode->i_uid == current->cred.fsuid || capable_fs();
}

/* The mode bits of the caller's class only: an owner is not helped by the group's bits. */
static int acl_permission_check(struct inode *inode, int mask)
{
	umode_t mode = inode->i_mode;

	if (inode->i_uid == current->cred.fsuid)
		mode >>= 6;
	else if (in_group_p(inode->i_gid))
		mode >>= 3;
	return (mask & ~mode & 7) ? -EACCES : 0;
}

int inode_permission(struct inode *inode, int mask)
{
	if (!acl_permission_check(inode, mask))
		return 0;
	if (!capable_fs())
		return -EACCES;
	if (S_ISDIR(inode->i_mode))
		return 0;
	if (!(mask & MAY_EXEC) || (inode->i_mode & S_IXUGO))
		return 0;
	return -EACCES;	/* not even root runs a file nobody may execute */
}

int may_lookup(struct inode *dir)
{
	return inode_permission(dir, MAY_EXEC);
}

int may_create(struct inode *dir)
{
	return inode_permission(dir, MAY_WRITE | MAY_EXEC);
}

/* In a sticky directory (/tmp) a name is only its file's owner's, its directory's owner's or root's to remove. */
static bool check_sticky(struct inode *dir, struct inode *inode)
{
	u32 fsuid = current->cred.fsuid;

	if (!(dir->i_mode & S_ISVTX))
		return false;
	return inode->i_uid != fsuid && dir->i_uid != fsuid && !capable_fs();
}

int may_delete(struct inode *dir, struct inode *victim, bool isdir)
{
	int err = inode_permission(dir, MAY_WRITE | MAY_EXEC);

	if (err)
		return err;
	if (check_sticky(dir, victim))
		return -EPERM;
	if (isdir && !S_ISDIR(victim->i_mode))
		return -ENOTDIR;
	if (!isdir && S_ISDIR(victim->i_mode))
		return -EISDIR;
	return 0;
}
