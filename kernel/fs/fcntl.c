/*
 * Descriptor operations: dup, dup3 and fcntl's commands (duplicate,
 * close-on-exec, status flags; record locks are kernel/fs/locks.c's), and
 * ioctl, which only the file type can answer (-ENOTTY when it has none,
 * as for a regular file), but for FIONREAD on regular files.
 */
#include <kernel/fs/fs.h>
#include <kernel/fs/fdtable.h>
#include <kernel/fs/locks.h>
#include <kernel/fs/fs_syscalls.h>
#include <kernel/sched.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
#define F_DUPFD_CLOEXEC 1030
#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032
#define FIONREAD 0x541b
#define FD_CLOEXEC 1

static long dup_from(struct file *file, unsigned int start, bool cloexec)
{
	int fd;

	get_file(file);
	fd = fd_install_from(current->files, start, file, cloexec);
	if (fd < 0)
		fput(file);
	return fd;
}

long sys_dup(u64 oldfd, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
	     u64 a4 __unused, u64 a5 __unused)
{
	struct file *file = fdget_raw((int)oldfd);

	if (!file || (oldfd >> 31))
		return -EBADF;
	return dup_from(file, 0, false);
}

long sys_dup3(u64 oldfd, u64 newfd, u64 flags, u64 a3 __unused, u64 a4 __unused,
	      u64 a5 __unused)
{
	struct file *file;
	int fd;

	if (flags & ~(u64)O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	file = fdget_raw((int)oldfd);
	if (!file || (oldfd >> 31) || newfd >= rlimit(RLIMIT_NOFILE))
		return -EBADF;
	get_file(file);
	fd = replace_fd(current->files, (unsigned int)newfd, file, flags & O_CLOEXEC);
	if (fd < 0)
		fput(file);
	return fd;
}

/* What an O_PATH descriptor may be asked, as Linux's check_fcntl_cmd. */
static bool o_path_fcntl_cmd(unsigned int cmd)
{
	return cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC || cmd == F_GETFD || cmd == F_SETFD ||
	       cmd == F_GETFL;
}

/* F_SETLKW sleeps, and another thread may close fd meanwhile: hold the file. */
static long fcntl_file_lock(u64 fd, u64 cmd, u64 arg)
{
	struct file *file = fget((int)fd);
	long err;

	if (!file)
		return -EBADF;	/* closed by another thread since sys_fcntl looked */
	err = fcntl_lock(file, (unsigned int)cmd, arg);
	fput(file);
	return err;
}

long sys_fcntl(u64 fd, u64 cmd, u64 arg, u64 a3 __unused, u64 a4 __unused, u64 a5 __unused)
{
	struct files_struct *files = current->files;
	struct file *file = fdget_raw((int)fd);

	if (!file || (fd >> 31))
		return -EBADF;
	if ((file->f_mode & FMODE_PATH) && !o_path_fcntl_cmd((unsigned int)cmd))
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if ((unsigned int)arg >= rlimit(RLIMIT_NOFILE))
			return -EINVAL;
		return dup_from(file, (unsigned int)arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return get_close_on_exec(files, (unsigned int)fd) ? FD_CLOEXEC : 0;
	case F_SETFD:
		set_close_on_exec(files, (unsigned int)fd, arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return file->f_flags;
	case F_SETFL:
		file->f_flags = (file->f_flags & ~SETFL_MASK) | (arg & SETFL_MASK);
		return 0;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return fcntl_file_lock(fd, cmd, arg);
	case F_SETPIPE_SZ:
	case F_GETPIPE_SZ:
		return pipe_fcntl(file, (unsigned int)cmd, arg);
	default:
		return -EINVAL;
	}
}

/* Linux's FIONREAD for a regular file: the bytes from the position to the end, as an int. */
static long file_fionread(struct file *file, unsigned long arg)
{
	int left;

	spin_lock(&vfs_lock);
	left = (int)(file->f_inode->i_size - file->f_pos);
	spin_unlock(&vfs_lock);
	return copy_to_user(arg, &left, sizeof(left)) ? -EFAULT : 0;
}

long sys_ioctl(u64 fd, u64 cmd, u64 arg, u64 a3 __unused, u64 a4 __unused, u64 a5 __unused)
{
	struct file *file = (fd >> 31) ? NULL : fget((int)fd);
	long err;

	if (!file)
		return -EBADF;
	/* It may sleep, and another thread close fd meanwhile: hold the file. */
	if (cmd == FIONREAD && S_ISREG(file->f_inode->i_mode))
		err = file_fionread(file, arg);
	else if (file->f_op->ioctl)
		err = file->f_op->ioctl(file, (unsigned int)cmd, arg);
	else
		err = -ENOTTY;
	fput(file);
	return err;
}
