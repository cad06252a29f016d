/*
 * Opening and closing: openat (creating, truncating, checking the file
 * type and the caller's permissions against the flags as open(2) says),
 * close, and the calls about a path or the working directory that go
 * with them: faccessat and faccessat2, chdir, fchdir, umask (mount is in
 * kernel/fs/namespace.c). Permission rules are in kernel/fs/permission.c.
 */
#include <kernel/fs/fs.h>
#include <kernel/fs/fdtable.h>
#include <kernel/fs/fs_struct.h>
#include <kernel/fs/fs_syscalls.h>
#include <kernel/fs/permission.h>
#include <kernel/block/blkdev.h>
#include <kernel/sched.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>
#include <mm/slab.h>
#include <mm/filemap.h>

#define VALID_OPEN_FLAGS (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | \
			  O_NONBLOCK | O_DSYNC | O_DIRECTORY | O_NOFOLLOW | O_DIRECT | \
			  O_LARGEFILE | O_NOATIME | O_CLOEXEC | O_PATH | O_TMPFILE)
#define ACCESS_MODES 7		/* R_OK 4, W_OK 2, X_OK 1: MAY_READ, MAY_WRITE, MAY_EXEC */
#define O_PATH_FLAGS (O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC)

static unsigned int open_lookup_flags(unsigned int flags)
{
	unsigned int lookup = 0;

	if (!(flags & O_NOFOLLOW) && (flags & (O_CREAT | O_EXCL)) != (O_CREAT | O_EXCL))
		lookup |= LOOKUP_FOLLOW;
	if (flags & O_DIRECTORY)
		lookup |= LOOKUP_DIRECTORY;
	return lookup;
}

/* O_TMPFILE: a new file with no name, for the directory path names. vfs_lock held. */
static int open_tmpfile(struct inode *dir, const char *path, unsigned int flags, umode_t mode,
			struct inode **result)
{
	int err = ramfs_lookup(dir, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &dir);

	if (err)
		return err;
	return ramfs_tmpfile(dir, mode & S_IALLUGO & ~current->fs->umask, !(flags & O_EXCL),
			     result);
}

/* What open asks of an existing file: Linux's acc_mode (O_TRUNC writes; execve only executes). */
static int open_acc_mode(unsigned int flags)
{
	static const int acc[4] = { MAY_READ, MAY_WRITE, MAY_READ | MAY_WRITE,
				    MAY_READ | MAY_WRITE };

	if (flags & __FMODE_EXEC)
		return MAY_EXEC;
	return acc[flags & O_ACCMODE] | (flags & O_TRUNC ? MAY_WRITE : 0);
}

/* Linux's may_open: the file type against the access asked for, then the permission bits. */
static int may_open(struct inode *inode, unsigned int flags)
{
	int acc = open_acc_mode(flags);
	int err;

	if (S_ISLNK(inode->i_mode))
		return -ELOOP;	/* O_NOFOLLOW on a symlink */
	if (S_ISDIR(inode->i_mode) && ((flags & O_CREAT) || (acc & MAY_WRITE)))
		return -EISDIR;
	if ((acc & MAY_EXEC) && !S_ISREG(inode->i_mode))
		return -EACCES;
	err = inode_permission(inode, acc);
	if (err)
		return err;
	if ((flags & O_NOATIME) && !inode_owner_or_capable(inode))
		return -EPERM;
	return 0;
}

/* O_TRUNC: always a new mtime, even for a file already empty, as Linux's do_truncate. */
static int open_truncate(struct inode *inode)
{
	int err;

	file_remove_privs(inode);
	err = ramfs_truncate(inode, 0);
	if (!err)
		file_update_time(inode);
	return err;
}

/*
 * Find or create the inode open() means. A file open() creates is not
 * checked against its own mode: creating one read-only for writing works.
 * vfs_lock held.
 */
static int open_inode(struct inode *dir, const char *path, unsigned int flags, umode_t mode,
		      struct inode **result)
{
	int err;

	if (flags & __O_TMPFILE)
		return open_tmpfile(dir, path, flags, mode, result);
	err = ramfs_lookup(dir, path, open_lookup_flags(flags), result);

	if (err == -ENOENT && (flags & O_CREAT)) {
		err = ramfs_mknod(dir, path, S_IFREG | (mode & S_IALLUGO & ~current->fs->umask), 0,
				  result);
		/* Linux's lookup_open: a directory that makes no files (/proc, /sys) says EACCES */
		return err == -EPERM ? -EACCES : err;
	}
	if (err)
		return err;
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	if (!(flags & O_PATH)) {	/* O_PATH opens check nothing but the path (do_o_path) */
		err = may_open(*result, flags);
		if (err)
			return err;
	}
	if ((flags & O_TRUNC) && S_ISREG((*result)->i_mode) && !(*result)->i_fop)
		return open_truncate(*result);
	return 0;
}

static const struct file_operations *inode_fops(struct inode *inode)
{
	if (inode->i_fop)
		return inode->i_fop;
	if (S_ISREG(inode->i_mode))
		return &ramfs_file_operations;
	if (S_ISDIR(inode->i_mode))
		return &ramfs_dir_operations;
	if (S_ISCHR(inode->i_mode))
		return chrdev_fops(inode->i_rdev);
	if (S_ISFIFO(inode->i_mode))
		return &fifo_fops;
	if (S_ISBLK(inode->i_mode))
		return &def_blk_fops;	/* its open finds the disk, or says -ENXIO */
	return NULL;	/* sockets: no driver */
}

/* O_PATH: the file is named, not opened: no type's open runs, no I/O works. */
static const struct file_operations empty_fops;

static struct file *open_path(struct inode *inode, unsigned int flags)
{
	struct file *file = alloc_file(inode, flags, &empty_fops);

	if (!file) {
		vfs_iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	file->f_mode = FMODE_PATH;
	return file;
}

struct file *vfs_open_at(int dfd, const char *path, unsigned int flags, umode_t mode)
{
	const struct file_operations *fop;
	struct inode *dir, *inode;
	struct file *file;
	int err = start_dir(dfd, path, &dir);

	if (err)
		return ERR_PTR(err);
	spin_lock(&vfs_lock);
	err = open_inode(dir, path, flags, mode, &inode);
	if (!err)
		ramfs_iget(inode);
	spin_unlock(&vfs_lock);
	if (err)
		return ERR_PTR(err);
	if (flags & O_PATH)
		return open_path(inode, flags);
	/* O_TRUNC emptied it: mappings of the old contents must fault (SIGBUS) from now on. */
	if ((flags & O_TRUNC) && S_ISREG(inode->i_mode) && !inode->i_fop)
		unmap_mapping_range(inode, 0);
	fop = inode_fops(inode);
	file = fop ? alloc_file(inode, flags | O_LARGEFILE, fop) : NULL;
	if (!file) {
		vfs_iput(inode);
		return ERR_PTR(fop ? -ENOMEM : -ENXIO);
	}
	/*
	 * Maps and /proc/<pid>/fd show the name. Without memory for it the open
	 * fails (ENOMEM) rather than give a file that those would show nameless.
	 */
	if (!S_ISDIR(inode->i_mode) && inode->i_nlink) {
		file->f_path = absolute_path(dir, path);
		if (!file->f_path) {
			fput(file);
			return ERR_PTR(-ENOMEM);
		}
	}
	err = fop->open ? fop->open(inode, file) : 0;
	if (err) {
		fput(file);
		return ERR_PTR(err);
	}
	return file;
}

long sys_openat(u64 dfd, u64 upath, u64 flags, u64 mode, u64 a4 __unused, u64 a5 __unused)
{
	struct file *file;
	char *path;
	int err, fd;

	flags &= VALID_OPEN_FLAGS;	/* open ignores unknown bits (openat2 would refuse them) */
	if (flags & O_PATH)
		flags &= O_PATH_FLAGS;	/* and O_PATH all but these */
	if ((flags & __O_TMPFILE) &&
	    ((flags & (O_TMPFILE | O_CREAT)) != O_TMPFILE || (flags & O_ACCMODE) == O_RDONLY))
		return -EINVAL;	/* O_TMPFILE wants O_DIRECTORY, no O_CREAT, and to write */
	path = getname(upath, &err);
	if (!path)
		return err;
	file = vfs_open_at((int)dfd, path, (unsigned int)flags, (umode_t)mode);
	kfree(path);
	if (IS_ERR(file))
		return PTR_ERR(file);
	fd = fd_install_from(current->files, 0, file, flags & O_CLOEXEC);
	if (fd < 0)
		fput(file);
	return fd;
}

long sys_close(u64 fd, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
	       u64 a5 __unused)
{
	if (fd >= NR_OPEN)
		return -EBADF;
	return close_fd(current->files, (unsigned int)fd);
}

/*
 * access(2) answers for the real ids (unless AT_EACCESS): like Linux's
 * access_override_creds, the fs ids are swapped for the real ones for
 * the walk and the check, then put back. Only the task itself reads its
 * fs ids for file access, so nothing else sees the swap.
 */
long sys_faccessat2(u64 dfd, u64 upath, u64 mode, u64 flags, u64 a4 __unused,
		    u64 a5 __unused)
{
	struct cred *cred = &current->cred;
	u32 fsuid = cred->fsuid, fsgid = cred->fsgid;
	struct inode *inode;
	int err;

	if (mode & ~(u64)ACCESS_MODES)
		return -EINVAL;
	if (flags & ~(u64)(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!(flags & AT_EACCESS)) {
		cred->fsuid = cred->uid;
		cred->fsgid = cred->gid;
	}
	err = user_path_at((int)dfd, upath, (unsigned int)flags & ~AT_EACCESS, &inode);
	if (!err) {
		if (mode)
			err = inode_permission(inode, (int)mode);
		vfs_iput(inode);
	}
	cred->fsuid = fsuid;
	cred->fsgid = fsgid;
	return err;
}

long sys_faccessat(u64 dfd, u64 upath, u64 mode, u64 a3 __unused, u64 a4 __unused,
		   u64 a5 __unused)
{
	return sys_faccessat2(dfd, upath, mode, 0, 0, 0);
}

long sys_chdir(u64 upath, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
	       u64 a4 __unused, u64 a5 __unused)
{
	struct inode *dir;
	char *path;
	int err;

	path = getname(upath, &err);
	if (!path)
		return err;
	err = vfs_lookup_at(AT_FDCWD, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &dir);
	kfree(path);
	if (err)
		return err;
	err = inode_permission(dir, MAY_EXEC);
	if (err) {
		vfs_iput(dir);
		return err;
	}
	set_fs_pwd(current->fs, dir);
	return 0;
}

long sys_fchdir(u64 fd, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
		u64 a4 __unused, u64 a5 __unused)
{
	struct file *file = fdget_raw((int)fd);
	int err;

	if (!file)
		return -EBADF;
	if (!S_ISDIR(file->f_inode->i_mode))
		return -ENOTDIR;
	err = inode_permission(file->f_inode, MAY_EXEC);
	if (err)
		return err;
	vfs_iget(file->f_inode);
	set_fs_pwd(current->fs, file->f_inode);
	return 0;
}

long sys_umask(u64 mask, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
	       u64 a4 __unused, u64 a5 __unused)
{
	return __atomic_exchange_n(&current->fs->umask, mask & 0777, __ATOMIC_RELAXED);
}
