/*
 * Paths from system calls: where a lookup starts (the root, the working
 * directory or a directory descriptor, as the *at calls say), paths
 * copied from user space, the path of a directory (getcwd, /proc's exe),
 * and the calls that add and remove names: mkdirat, unlinkat.
 * The walk itself is ramfs_lookup(); everything here holds vfs_lock
 * around it, as ramfs wants.
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

char *getname(unsigned long upath, int *err)
{
	char *name = kmalloc(PATH_MAX, GFP_KERNEL);
	long len;

	if (!name) {
		*err = -ENOMEM;
		return NULL;
	}
	len = strncpy_from_user(name, upath, PATH_MAX);
	if (len < 0) {
		kfree(name);
		*err = (int)len;
		return NULL;
	}
	return name;
}

/*
 * The directory a relative path starts from: borrowed (the working
 * directory and open files hold theirs), valid while the caller runs.
 */
int start_dir(int dfd, const char *path, struct inode **dir)
{
	struct file *file;

	if (path[0] == '/' || dfd == AT_FDCWD) {
		*dir = fs_pwd(current->fs);
		return 0;
	}
	file = fdget_raw(dfd);
	if (!file)
		return -EBADF;
	if (!S_ISDIR(file->f_inode->i_mode) && path[0] != '\0')
		return -ENOTDIR;
	*dir = file->f_inode;
	return 0;
}

int vfs_lookup_at(int dfd, const char *path, unsigned int flags, struct inode **result)
{
	struct inode *dir;
	int err = start_dir(dfd, path, &dir);

	if (err)
		return err;
	spin_lock(&vfs_lock);
	err = ramfs_lookup(dir, path, flags, result);
	if (!err)
		ramfs_iget(*result);
	spin_unlock(&vfs_lock);
	return err;
}

/* The name dir has in its parent, or NULL (the root, or removed). vfs_lock held. */
static struct ramfs_dirent *name_in_parent(struct inode *dir)
{
	struct ramfs_dirent *d;

	if (dir == ramfs_root() || dir->i_nlink == 0)
		return NULL;
	list_for_each_entry(d, &dir->parent->entries, list)
		if (d->inode == dir)
			return d;
	return NULL;
}

/*
 * Built from the end of buf towards its start, then moved to the front.
 * The root of a mounted instance has the name of the directory it covers.
 */
int build_dir_path(struct inode *dir, char *buf, size_t size)
{
	size_t at = size;

	if (size < 2)
		return -ERANGE;
	buf[--at] = '\0';
	for (;;) {
		struct ramfs_dirent *d;

		while (dir->i_covers)
			dir = dir->i_covers;
		if (dir == ramfs_root())
			break;
		d = name_in_parent(dir);
		if (!d)
			return -ENOENT;
		if (at < d->namelen + 1)
			return -ERANGE;
		at -= d->namelen;
		memcpy(buf + at, d->name, d->namelen);
		buf[--at] = '/';
		dir = dir->parent;
	}
	if (at == size - 1)
		buf[--at] = '/';
	memmove(buf, buf + at, size - at);
	return (int)(size - at - 1);
}

int dir_path(struct inode *dir, char *buf, size_t size)
{
	int len;

	spin_lock(&vfs_lock);
	len = build_dir_path(dir, buf, size);
	spin_unlock(&vfs_lock);
	return len;
}

/* out (PATH_MAX bytes) = the path of dir followed by "/" and name (which may be in out). */
static int join_path(struct inode *dir, const char *name, char *out)
{
	char copy[NAME_MAX + 1];
	size_t name_len = strscpy(copy, name, sizeof(copy));
	int len = build_dir_path(dir, out, PATH_MAX);

	if (len < 0)
		return len;
	if (out[len - 1] != '/')
		out[len++] = '/';
	if (len + name_len >= PATH_MAX)
		return -ENAMETOOLONG;
	memcpy(out + len, copy, name_len + 1);
	return 0;
}

/*
 * The path from the root of what path names from dir: its directory as
 * the tree has it (no ".", "..", or symlinks), then its own name, or,
 * for a symlink, where that leads. vfs_lock held; scratch is PATH_MAX bytes.
 */
static int canonicalize(struct inode *dir, const char *path, char *out, char *scratch,
			unsigned int depth)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	struct inode *parent = dir, *inode;
	long len;
	int err;

	if (depth > MAXSYMLINKS)
		return -ELOOP;
	if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
		err = ramfs_lookup(dir, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &inode);
		return err ? err : (build_dir_path(inode, out, PATH_MAX) < 0 ? -ENOENT : 0);
	}
	if (slash) {
		len = slash == path ? 1 : slash - path;
		memcpy(scratch, path, len);
		scratch[len] = '\0';
		err = ramfs_lookup(dir, scratch, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &parent);
		if (err)
			return err;
	}
	err = ramfs_lookup(parent, base, 0, &inode);
	if (err)
		return err;
	if (!S_ISLNK(inode->i_mode))
		return join_path(parent, base, out);
	len = ramfs_readlink(inode, scratch, PATH_MAX - 1);
	if (len < 0)
		return (int)len;
	scratch[len] = '\0';
	memcpy(out, scratch, len + 1);	/* scratch is needed again below */
	return canonicalize(parent, out, out, scratch, depth + 1);
}

char *absolute_path(struct inode *dir, const char *path)
{
	char *abs = kmalloc(PATH_MAX, GFP_KERNEL), *scratch = kmalloc(PATH_MAX, GFP_KERNEL);
	int err = -ENOMEM;

	if (!dir)
		dir = fs_pwd(current->fs);
	if (abs && scratch) {
		spin_lock(&vfs_lock);
		err = canonicalize(dir, path, abs, scratch, 0);
		spin_unlock(&vfs_lock);
	}
	kfree(scratch);
	if (err) {
		kfree(abs);
		return NULL;
	}
	return abs;
}

long sys_getcwd(u64 ubuf, u64 size, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
		u64 a5 __unused)
{
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);
	int len;

	if (!buf)
		return -ENOMEM;
	len = dir_path(fs_pwd(current->fs), buf, PATH_MAX);
	if (len >= 0 && (u64)len + 1 > size)
		len = -ERANGE;
	if (len >= 0 && copy_to_user(ubuf, buf, len + 1))
		len = -EFAULT;
	kfree(buf);
	return len < 0 ? len : len + 1;
}

/* A *at call on a path: the path copied in, and where it starts. */
static char *path_at(int dfd, u64 upath, struct inode **dir, int *err)
{
	char *path = getname(upath, err);

	if (!path)
		return NULL;
	*err = start_dir(dfd, path, dir);
	if (*err) {
		kfree(path);
		return NULL;
	}
	return path;
}

long sys_mkdirat(u64 dfd, u64 upath, u64 mode, u64 a3 __unused, u64 a4 __unused,
		 u64 a5 __unused)
{
	struct inode *dir;
	int err;
	char *path = path_at((int)dfd, upath, &dir, &err);

	if (!path)
		return err;
	spin_lock(&vfs_lock);
	err = ramfs_mkdir(dir, path, mode & (S_IRWXUGO | S_ISVTX) & ~current->fs->umask);
	spin_unlock(&vfs_lock);
	kfree(path);
	return err;
}

long sys_unlinkat(u64 dfd, u64 upath, u64 flags, u64 a3 __unused, u64 a4 __unused,
		  u64 a5 __unused)
{
	struct inode *dir;
	int err;
	char *path;

	if (flags & ~(u64)AT_REMOVEDIR)
		return -EINVAL;
	path = path_at((int)dfd, upath, &dir, &err);
	if (!path)
		return err;
	spin_lock(&vfs_lock);
	err = flags & AT_REMOVEDIR ? ramfs_rmdir(dir, path) : ramfs_unlink(dir, path);
	spin_unlock(&vfs_lock);
	kfree(path);
	return err;
}

long sys_symlinkat(u64 utarget, u64 dfd, u64 upath, u64 a3 __unused, u64 a4 __unused,
		   u64 a5 __unused)
{
	struct inode *dir;
	char *target, *path;
	int err;

	target = getname(utarget, &err);
	if (!target)
		return err;
	path = path_at((int)dfd, upath, &dir, &err);
	if (path) {
		spin_lock(&vfs_lock);
		err = ramfs_symlink(target, dir, path);
		spin_unlock(&vfs_lock);
		kfree(path);
	}
	kfree(target);
	return err;
}

/*
 * A device node needs CAP_MKNOD (root's); Linux looks at the name first,
 * so a taken one is still -EEXIST. vfs_lock held.
 */
static int may_mknod_dev(struct inode *dir, const char *path)
{
	struct inode *inode;
	int err;

	if (current->cred.euid == 0)
		return 0;
	err = ramfs_lookup(dir, path, 0, &inode);
	return err == 0 ? -EEXIST : err == -ENOENT ? -EPERM : err;
}

/* mknod(2): regular files, FIFOs, sockets and (for root) device nodes. */
long sys_mknodat(u64 dfd, u64 upath, u64 mode, u64 dev, u64 a4 __unused, u64 a5 __unused)
{
	umode_t type = mode & S_IFMT;
	struct inode *dir;
	char *path;
	int err;

	if (type == S_IFDIR)
		return -EPERM;
	if (type == 0)
		type = S_IFREG;
	if (type != S_IFREG && type != S_IFCHR && type != S_IFBLK && type != S_IFIFO &&
	    type != S_IFSOCK)
		return -EINVAL;
	path = path_at((int)dfd, upath, &dir, &err);
	if (!path)
		return err;
	spin_lock(&vfs_lock);
	err = S_ISCHR(type) || S_ISBLK(type) ? may_mknod_dev(dir, path) : 0;
	if (!err)
		err = ramfs_mknod(dir, path, type | (mode & S_IALLUGO & ~current->fs->umask),
				  S_ISCHR(type) || S_ISBLK(type) ? (u32)dev : 0, NULL);
	spin_unlock(&vfs_lock);
	kfree(path);
	return err;
}

/*
 * linkat(2): a new name for an existing inode. AT_EMPTY_PATH links the
 * file olddfd is open on (an unlinked one: -ENOENT), for root only:
 * Linux asks for CAP_DAC_READ_SEARCH and answers -ENOENT without it.
 * The old inode and the new parent on different mounts: -EXDEV (ramfs_link).
 */
long sys_linkat(u64 olddfd, u64 uold, u64 newdfd, u64 unew, u64 flags, u64 a5 __unused)
{
	struct inode *olddir, *newdir, *inode;
	char *old, *new = NULL;
	int err;

	if (flags & ~(u64)(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	old = path_at((int)olddfd, uold, &olddir, &err);
	if (old)
		new = path_at((int)newdfd, unew, &newdir, &err);
	if (!new)
		goto out;
	err = -ENOENT;
	if (old[0] == '\0' && (flags & AT_EMPTY_PATH) && current->cred.euid != 0)
		goto out;
	spin_lock(&vfs_lock);
	err = 0;
	if (old[0] == '\0' && (flags & AT_EMPTY_PATH))
		inode = olddir;
	else
		err = ramfs_lookup(olddir, old, flags & AT_SYMLINK_FOLLOW ? LOOKUP_FOLLOW : 0,
				   &inode);
	if (!err)
		err = ramfs_link(inode, newdir, new);
	spin_unlock(&vfs_lock);
out:
	kfree(new);
	kfree(old);
	return err;
}

/* renameat2(2); two parents on different mounts: -EXDEV (ramfs_rename). */
long sys_renameat2(u64 olddfd, u64 uold, u64 newdfd, u64 unew, u64 flags, u64 a5 __unused)
{
	struct inode *olddir, *newdir;
	char *old, *new = NULL;
	int err;

	if (!rename_flags_valid((unsigned int)flags))
		return -EINVAL;
	old = path_at((int)olddfd, uold, &olddir, &err);
	if (old)
		new = path_at((int)newdfd, unew, &newdir, &err);
	if (new) {
		spin_lock(&vfs_lock);
		err = ramfs_rename(olddir, old, newdir, new, (unsigned int)flags);
		spin_unlock(&vfs_lock);
	}
	kfree(new);
	kfree(old);
	return err;
}

long sys_renameat(u64 olddfd, u64 uold, u64 newdfd, u64 unew, u64 a4 __unused,
		  u64 a5 __unused)
{
	return sys_renameat2(olddfd, uold, newdfd, unew, 0, 0);
}
