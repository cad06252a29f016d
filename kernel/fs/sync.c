/*
 * fsync, fdatasync, sync and syncfs. ramfs keeps everything in memory,
 * so there is never anything to write back: what these calls keep from
 * Linux is which descriptors they accept. fsync and fdatasync want a file
 * whose file system can sync (Linux's f_op->fsync): a ramfs regular file
 * or directory, or a file with an fsync method of its own (a disk, which
 * flushes its write cache); a pipe, a terminal, /dev/null or a /proc file
 * gives EINVAL. syncfs takes any open descriptor, sync cannot fail.
 */
#include <kernel/fs/fs.h>
#include <kernel/fs/fdtable.h>
#include <kernel/fs/fs_syscalls.h>
#include <kernel/errno.h>

static long vfs_fsync(u64 fd)
{
	struct file *file = (fd >> 31) ? NULL : fdget((int)fd);

	if (!file)
		return -EBADF;
	if (file->f_op->fsync)
		return file->f_op->fsync(file);
	if (file->f_op != &ramfs_file_operations && file->f_op != &ramfs_dir_operations)
		return -EINVAL;
	return 0;
}

long sys_fsync(u64 fd, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
	       u64 a5 __unused)
{
	return vfs_fsync(fd);
}

long sys_fdatasync(u64 fd, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
		   u64 a4 __unused, u64 a5 __unused)
{
	return vfs_fsync(fd);
}

long sys_sync(u64 a0 __unused, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
	      u64 a4 __unused, u64 a5 __unused)
{
	return 0;
}

long sys_syncfs(u64 fd, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
		u64 a5 __unused)
{
	return (fd >> 31) || !fdget((int)fd) ? -EBADF : 0;
}
