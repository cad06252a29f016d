/*
 * Opening and closing: openat (creating, truncating, checking the file
 * type against the flags as open(2) says), close, and the calls about a
 * path or the working directory that go with them: faccessat, chdir,
 * fchdir, umask (mount is in kernel/fs/namespace.c).
 */
#include <kernel/fs/fs.h>
#include <kernel/fs/fdtable.h>
#include <kernel/fs/fs_struct.h>
#include <kernel/fs/fs_syscalls.h>
#include <kernel/sched.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>
#include <mm/slab.h>

#define VALID_OPEN_FLAGS (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | \
			  O_NONBLOCK | O_DSYNC | O_DIRECTORY | O_NOFOLLOW | O_DIRECT | \
			  O_LARGEFILE | O_NOATIME | O_CLOEXEC | O_PATH | O_TMPFILE)
#define R_OK 4
#define W_OK 2
#define X_OK 1

static unsigned int open_lookup_flags(unsigned int flags)
{
	unsigned int lookup = 0;

	if (!(flags & O_NOFOLLOW) && (flags & (O_CREAT | O_EXCL)) != (O_CREAT | O_EXCL))
		lookup |= LOOKUP_FOLLOW;
	if (flags & O_DIRECTORY)
		lookup |= LOOKUP_DIRECTORY;
	return lookup;
}

/* Find or create the inode open() means. vfs_lock held. */
static int open_inode(struct inode *dir, const char *path, unsigned int flags, umode_t mode,
		      struct inode **result)
{
	int err = ramfs_lookup(dir, path, open_lookup_flags(flags), result);

	if (err == -ENOENT && (flags & O_CREAT))
		return ramfs_mknod(dir, path, S_IFREG | (mode & S_IALLUGO & ~current->fs->umask), 0,
				   result);
	if (err)
		return err;
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	if (S_ISLNK((*result)->i_mode))
		return -ELOOP;	/* O_NOFOLLOW on a symlink */
	if (S_ISDIR((*result)->i_mode) && ((flags & O_CREAT) || (flags & O_ACCMODE) != O_RDONLY))
		return -EISDIR;
	if ((flags & O_TRUNC) && S_ISREG((*result)->i_mode) && !(*result)->i_fop)
		return ramfs_truncate(*result, 0);
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
	return NULL;	/* fifos, sockets, block devices: no driver */
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
	fop = inode_fops(inode);
	file = fop ? alloc_file(inode, flags | O_LARGEFILE, fop) : NULL;
	if (!file) {
		vfs_iput(inode);
		return ERR_PTR(fop ? -ENOMEM : -ENXIO);
	}
	if (!S_ISDIR(inode->i_mode))	/* maps and /proc/<pid>/fd show it */
		file->f_path = absolute_path(dir, path);
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
	if (flags & (O_PATH | O_TMPFILE))
		return -EOPNOTSUPP;
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
	if (fd >= NR_OPEN_MAX)
		return -EBADF;
	return close_fd(current->files, (unsigned int)fd);
}

/* Everything runs as root: only execute permission can be missing. */
long sys_faccessat(u64 dfd, u64 upath, u64 mode, u64 a3 __unused, u64 a4 __unused,
		   u64 a5 __unused)
{
	struct inode *inode;
	char *path;
	int err;

	if (mode & ~(u64)(R_OK | W_OK | X_OK))
		return -EINVAL;
	path = getname(upath, &err);
	if (!path)
		return err;
	err = vfs_lookup_at((int)dfd, path, LOOKUP_FOLLOW, &inode);
	kfree(path);
	if (err)
		return err;
	if ((mode & X_OK) && !S_ISDIR(inode->i_mode) && !(inode->i_mode & 0111))
		err = -EACCES;
	vfs_iput(inode);
	return err;
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
	if (!err)
		set_fs_pwd(current->fs, dir);
	return err;
}

long sys_fchdir(u64 fd, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
		u64 a4 __unused, u64 a5 __unused)
{
	struct file *file = fdget((int)fd);

	if (!file)
		return -EBADF;
	if (!S_ISDIR(file->f_inode->i_mode))
		return -ENOTDIR;
	vfs_iget(file->f_inode);
	set_fs_pwd(current->fs, file->f_inode);
	return 0;
}

long sys_umask(u64 mask, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
	       u64 a4 __unused, u64 a5 __unused)
{
	return __atomic_exchange_n(&current->fs->umask, mask & 0777, __ATOMIC_RELAXED);
}
