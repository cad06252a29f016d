/*
 * Reading, writing and seeking: the system calls (read, write, readv,
 * writev, pread64, pwrite64, lseek), which check the descriptor and hand
 * over to the file's f_op, and the operations of ramfs regular files and
 * directories. ramfs data moves a page at a time through a kernel buffer,
 * so that vfs_lock is never held while user memory is touched. Reads
 * stamp atime, writes mtime and ctime (kernel/fs/inode.c).
 */
#include <kernel/fs/fs.h>
#include <kernel/fs/fdtable.h>
#include <kernel/fs/fs_syscalls.h>
#include <kernel/sched.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <mm/slab.h>

#define UIO_MAXIOV 1024

struct iovec {
	u64 iov_base;
	u64 iov_len;
};

/* ------------------------------------------------------- ramfs files */

static long ramfs_file_read(struct file *file, unsigned long buf, size_t len, loff_t *pos)
{
	char *chunk = kmalloc(PAGE_SIZE, GFP_KERNEL);
	size_t done = 0;
	long n = 0;

	if (!chunk)
		return -ENOMEM;
	while (done < len) {
		size_t want = MIN(len - done, PAGE_SIZE);

		spin_lock(&vfs_lock);
		n = ramfs_read(file->f_inode, chunk, want, *pos);
		spin_unlock(&vfs_lock);
		if (n <= 0)
			break;
		if (copy_to_user(buf + done, chunk, n)) {
			n = -EFAULT;
			break;
		}
		*pos += n;
		done += n;
		if ((size_t)n < want)
			break;
	}
	kfree(chunk);
	if (len && !(file->f_flags & O_NOATIME)) {
		spin_lock(&vfs_lock);
		touch_atime(file->f_inode);
		spin_unlock(&vfs_lock);
	}
	return done ? (long)done : n;
}

/*
 * RLIMIT_FSIZE as Linux's generic_write_checks: a write that would start
 * at or past the limit is -EFBIG with SIGXFSZ (sent once vfs_lock is let
 * go); one that starts below it stops there.
 */
static long ramfs_file_write(struct file *file, unsigned long buf, size_t len, loff_t *pos)
{
	char *chunk = kmalloc(PAGE_SIZE, GFP_KERNEL);
	unsigned long limit = rlimit(RLIMIT_FSIZE);
	bool over_limit = false;
	size_t done = 0;
	long n = 0;

	if (!chunk)
		return -ENOMEM;
	while (done < len) {
		size_t want = MIN(len - done, PAGE_SIZE);

		if (copy_from_user(chunk, buf + done, want)) {
			n = -EFAULT;
			break;
		}
		spin_lock(&vfs_lock);
		if (done == 0) {
			file_remove_privs(file->f_inode);
			file_update_time(file->f_inode);
		}
		if (file->f_flags & O_APPEND)
			*pos = file->f_inode->i_size;
		over_limit = limit != RLIM_INFINITY && (unsigned long)*pos >= limit;
		if (over_limit)
			n = -EFBIG;
		else
			n = ramfs_write(file->f_inode, chunk, MIN(want, limit - *pos), *pos);
		spin_unlock(&vfs_lock);
		if (n <= 0)
			break;
		*pos += n;
		done += n;
		if ((size_t)n < want)
			break;
	}
	kfree(chunk);
	if (!done && over_limit)
		n = check_fsize(*pos + 1);
	return done ? (long)done : n;
}

loff_t generic_file_llseek(struct file *file, loff_t offset, int whence, loff_t size)
{
	loff_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = file->f_pos;
		break;
	case SEEK_END:
		base = size;
		break;
	default:
		return -EINVAL;
	}
	if ((offset > 0 && base > OFFSET_MAX - offset) || base + offset < 0)
		return -EINVAL;
	file->f_pos = base + offset;
	return file->f_pos;
}

static loff_t ramfs_llseek(struct file *file, loff_t offset, int whence)
{
	loff_t size;

	spin_lock(&vfs_lock);
	size = file->f_inode->i_size;
	spin_unlock(&vfs_lock);
	return generic_file_llseek(file, offset, whence, size);
}

const struct file_operations ramfs_file_operations = {
	.read = ramfs_file_read,
	.write = ramfs_file_write,
	.llseek = ramfs_llseek,
};

static long ramfs_dir_read(struct file *file __unused, unsigned long buf __unused,
			   size_t len __unused, loff_t *pos __unused)
{
	return -EISDIR;
}

static int ramfs_iterate(struct file *file, loff_t *pos, filldir_t actor, void *ctx)
{
	int err;

	spin_lock(&vfs_lock);
	err = ramfs_readdir(file->f_inode, pos, actor, ctx);
	if (!err)
		touch_atime(file->f_inode);
	spin_unlock(&vfs_lock);
	return err;
}

/* Directory positions are readdir cookies: only SEEK_SET and SEEK_CUR mean anything. */
static loff_t ramfs_dir_llseek(struct file *file, loff_t offset, int whence)
{
	if (whence != SEEK_SET && whence != SEEK_CUR)
		return -EINVAL;
	return generic_file_llseek(file, offset, whence, 0);
}

const struct file_operations ramfs_dir_operations = {
	.read = ramfs_dir_read,
	.write = ramfs_dir_read,
	.llseek = ramfs_dir_llseek,
	.iterate = ramfs_iterate,
};

/* --------------------------------------------------------- the calls */

/* fd's file with a reference (the call may sleep while another thread closes fd). */
static struct file *file_for(u64 fd, unsigned int mode, long *err)
{
	struct file *file = (fd >> 31) ? NULL : fget((int)fd);

	*err = -EBADF;
	if (file && !(file->f_mode & mode)) {
		fput(file);
		return NULL;
	}
	return file;
}

/* The call's result, after dropping file_for's reference. */
static long put_result(struct file *file, long result)
{
	fput(file);
	return result;
}

static long vfs_read(struct file *file, u64 buf, u64 count, loff_t *pos)
{
	if (!file->f_op->read)
		return -EINVAL;
	if (!access_ok(buf, count))
		return -EFAULT;	/* as Linux: a range past user space (or a negative count) fails at once */
	return file->f_op->read(file, buf, MIN(count, (u64)MAX_RW_COUNT), pos);
}

static long vfs_write(struct file *file, u64 buf, u64 count, loff_t *pos)
{
	if (!file->f_op->write)
		return -EINVAL;
	if (!access_ok(buf, count))
		return -EFAULT;
	return file->f_op->write(file, buf, MIN(count, (u64)MAX_RW_COUNT), pos);
}

long sys_read(u64 fd, u64 buf, u64 count, u64 a3 __unused, u64 a4 __unused,
	      u64 a5 __unused)
{
	long err;
	struct file *file = file_for(fd, FMODE_READ, &err);

	return file ? put_result(file, vfs_read(file, buf, count, &file->f_pos)) : err;
}

long sys_write(u64 fd, u64 buf, u64 count, u64 a3 __unused, u64 a4 __unused,
	       u64 a5 __unused)
{
	long err;
	struct file *file = file_for(fd, FMODE_WRITE, &err);

	return file ? put_result(file, vfs_write(file, buf, count, &file->f_pos)) : err;
}

long sys_pread64(u64 fd, u64 buf, u64 count, u64 pos, u64 a4 __unused, u64 a5 __unused)
{
	long err;
	struct file *file = file_for(fd, FMODE_READ, &err);
	loff_t at = (loff_t)pos;

	if (!file)
		return err;
	if (at < 0)
		return put_result(file, -EINVAL);
	if (!(file->f_mode & FMODE_LSEEK))
		return put_result(file, -ESPIPE);
	return put_result(file, vfs_read(file, buf, count, &at));
}

long sys_pwrite64(u64 fd, u64 buf, u64 count, u64 pos, u64 a4 __unused, u64 a5 __unused)
{
	long err;
	struct file *file = file_for(fd, FMODE_WRITE, &err);
	loff_t at = (loff_t)pos;

	if (!file)
		return err;
	if (at < 0)
		return put_result(file, -EINVAL);
	if (!(file->f_mode & FMODE_LSEEK))
		return put_result(file, -ESPIPE);
	return put_result(file, vfs_write(file, buf, count, &at));
}

long sys_lseek(u64 fd, u64 offset, u64 whence, u64 a3 __unused, u64 a4 __unused,
	       u64 a5 __unused)
{
	struct file *file = fdget((int)fd);

	if (!file || (fd >> 31))
		return -EBADF;
	if (!(file->f_mode & FMODE_LSEEK))
		return -ESPIPE;
	if (whence > SEEK_END)
		return -EINVAL;
	return file->f_op->llseek(file, (loff_t)offset, (int)whence);
}

/* The vector copied in and checked as a whole first, as Linux does. */
static struct iovec *import_iovec(u64 uiov, u64 iovcnt, long *err)
{
	struct iovec *iov;
	u64 total = 0, i;

	*err = -EINVAL;
	if (iovcnt > UIO_MAXIOV)
		return NULL;
	*err = -ENOMEM;
	iov = kmalloc(MAX(iovcnt, 1ULL) * sizeof(*iov), GFP_KERNEL);
	if (!iov)
		return NULL;
	*err = -EFAULT;
	if (copy_from_user(iov, uiov, iovcnt * sizeof(*iov)))
		goto fail;
	*err = -EINVAL;
	for (i = 0; i < iovcnt; i++) {
		if ((s64)iov[i].iov_len < 0 || total + iov[i].iov_len > (u64)OFFSET_MAX)
			goto fail;
		total += iov[i].iov_len;
	}
	*err = -EFAULT;
	for (i = 0; i < iovcnt; i++)
		if (!access_ok(iov[i].iov_base, iov[i].iov_len))
			goto fail;
	return iov;
fail:
	kfree(iov);
	return NULL;
}

static long do_iter(struct file *file, u64 uiov, u64 iovcnt, bool write)
{
	long total = 0, n = 0, err;
	struct iovec *iov = import_iovec(uiov, iovcnt, &err);
	u64 i;

	if (!iov)
		return err;
	for (i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len == 0)
			continue;
		n = write ? vfs_write(file, iov[i].iov_base, iov[i].iov_len, &file->f_pos) :
			    vfs_read(file, iov[i].iov_base, iov[i].iov_len, &file->f_pos);
		if (n <= 0)
			break;
		total += n;
		if ((u64)n < iov[i].iov_len)
			break;
	}
	kfree(iov);
	return total ? total : n;
}

long sys_readv(u64 fd, u64 iov, u64 iovcnt, u64 a3 __unused, u64 a4 __unused,
	       u64 a5 __unused)
{
	long err;
	struct file *file = file_for(fd, FMODE_READ, &err);

	return file ? put_result(file, do_iter(file, iov, iovcnt, false)) : err;
}

long sys_writev(u64 fd, u64 iov, u64 iovcnt, u64 a3 __unused, u64 a4 __unused,
		u64 a5 __unused)
{
	long err;
	struct file *file = file_for(fd, FMODE_WRITE, &err);

	return file ? put_result(file, do_iter(file, iov, iovcnt, true)) : err;
}
