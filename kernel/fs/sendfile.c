/*
 * sendfile and copy_file_range: moving bytes from one file to another
 * without the caller's buffer, with Linux's checks (fs/read_write.c's
 * do_sendfile, vfs_copy_file_range).
 *
 * sendfile reads from a file with a position (a ramfs file) and writes to
 * anything writable: a file, a pipe, the console. Rather than teach every
 * file type a second, kernel-buffer write path (Linux's splice), the
 * bytes pass through a bounce buffer mapped for the duration of the call
 * in the caller's own address space, so the input's read and the
 * output's write are the very operations read(2) and write(2) use, with
 * their blocking, signal and SIGPIPE rules. copy_file_range is between
 * ramfs regular files only, so it copies page by page under vfs_lock.
 * Either stops early at a signal once some bytes have moved: 2 GB from
 * /dev/zero must not keep a task deaf to SIGKILL for minutes.
 */
#include <kernel/fs/fs.h>
#include <kernel/fs/fdtable.h>
#include <kernel/fs/fs_syscalls.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <mm/memory.h>
#include <mm/mmap_lock.h>
#include <mm/slab.h>

#define BOUNCE_SIZE (16 * PAGE_SIZE)

/* count bytes from in at *pos to out at *out_pos through a user bounce buffer. */
static long copy_through_bounce(struct file *in, loff_t *pos, struct file *out, loff_t *out_pos,
				size_t count)
{
	struct mm_struct *mm = current->mm;
	unsigned long bounce = vm_mmap(mm, NULL, 0, BOUNCE_SIZE, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, 0);
	long done = 0, n, written = 0;

	if (IS_ERR_VALUE(bounce))
		return -ENOMEM;
	/* After some progress a signal ends the call with the count so far, as Linux's splice. */
	while ((size_t)done < count && !(done && signal_pending(current))) {
		n = in->f_op->read(in, bounce, MIN(count - done, (size_t)BOUNCE_SIZE), pos);
		if (n <= 0) {
			written = n;
			break;
		}
		written = out->f_op->write(out, bounce, n, out_pos);
		if (written > 0)
			done += written;
		if (written < n) {
			*pos -= n - MAX(written, 0L);	/* what was read but not written is left */
			break;
		}
	}
	mmap_write_lock(mm);
	do_munmap(mm, bounce, BOUNCE_SIZE);
	mmap_write_unlock(mm);
	return done ? done : written;
}

/* Linux's checks, in its order: those of the input, then of the output. */
static long sendfile_checks(struct file *in, struct file *out, loff_t pos, bool has_offset)
{
	if (!in || !(in->f_mode & FMODE_READ))
		return -EBADF;
	if (has_offset && !(in->f_mode & FMODE_LSEEK))
		return -ESPIPE;
	if (pos < 0)
		return -EINVAL;
	if (!out || !(out->f_mode & FMODE_WRITE))
		return -EBADF;
	/* Linux splices only from files with a position, and never to an O_APPEND file. */
	if (!(in->f_mode & FMODE_LSEEK) || (out->f_flags & O_APPEND))
		return -EINVAL;
	return 0;
}

/*
 * Into a pipe, Linux moves what fits at the time (after waiting for some
 * room) and returns: so the count is cut to the room there is, if any.
 */
static size_t pipe_room_limit(struct file *out, size_t count)
{
	long room = pipe_space(out);

	return room > 0 ? MIN(count, (size_t)room) : count;
}

static long do_sendfile(int out_fd, int in_fd, loff_t *ppos, size_t count)
{
	struct file *in = fget(in_fd), *out = fget(out_fd);
	long ret = sendfile_checks(in, out, ppos ? *ppos : in ? in->f_pos : 0, ppos != NULL);

	count = MIN(count, (size_t)MAX_RW_COUNT);
	if (!ret)
		count = pipe_room_limit(out, count);
	if (!ret && count)
		ret = copy_through_bounce(in, ppos ? ppos : &in->f_pos, out, &out->f_pos, count);
	if (in)
		fput(in);
	if (out)
		fput(out);
	return ret;
}

long sys_sendfile(u64 out_fd, u64 in_fd, u64 offset, u64 count, u64 a4 __unused,
		  u64 a5 __unused)
{
	loff_t pos;
	long ret;

	if ((out_fd | in_fd) >> 31)
		return -EBADF;
	if (!offset)
		return do_sendfile((int)out_fd, (int)in_fd, NULL, count);
	if (copy_from_user(&pos, offset, sizeof(pos)))
		return -EFAULT;
	ret = do_sendfile((int)out_fd, (int)in_fd, &pos, count);
	if (copy_to_user(offset, &pos, sizeof(pos)))
		return -EFAULT;
	return ret;
}

/* Linux's generic_copy_file_checks; may shorten *count to the end of the input. */
static int copy_file_checks(struct file *in, loff_t pos_in, struct file *out, loff_t pos_out,
			    size_t *count)
{
	struct inode *inode_in = in->f_inode, *inode_out = out->f_inode;

	if (S_ISDIR(inode_in->i_mode) || S_ISDIR(inode_out->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode_in->i_mode) || !S_ISREG(inode_out->i_mode))
		return -EINVAL;
	if (!(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE) ||
	    (out->f_flags & O_APPEND))
		return -EBADF;
	if (in->f_op != &ramfs_file_operations || out->f_op != &ramfs_file_operations)
		return -EXDEV;	/* /proc files: another file system */
	if ((loff_t)(pos_in + *count) < pos_in || (loff_t)(pos_out + *count) < pos_out)
		return -EOVERFLOW;
	spin_lock(&vfs_lock);
	*count = pos_in >= inode_in->i_size ? 0 : MIN(*count, (size_t)(inode_in->i_size - pos_in));
	spin_unlock(&vfs_lock);
	if (inode_in == inode_out && pos_out + (loff_t)*count > pos_in &&
	    pos_out < pos_in + (loff_t)*count)
		return -EINVAL;
	if (pos_in < 0 || pos_out < 0)
		return -EINVAL;
	return 0;
}

/* count bytes between two ramfs files, a page at a time through a kernel buffer. */
static long ramfs_copy_range(struct inode *in, loff_t *pos_in, struct inode *out,
			     loff_t *pos_out, size_t count)
{
	char *chunk = kmalloc(PAGE_SIZE, GFP_KERNEL);
	long done = 0, n = 0, w;

	if (!chunk)
		return -ENOMEM;
	while ((size_t)done < count && !(done && signal_pending(current))) {
		spin_lock(&vfs_lock);
		n = ramfs_read(in, chunk, MIN(count - done, PAGE_SIZE), *pos_in);
		w = n > 0 ? ramfs_write(out, chunk, n, *pos_out) : n;
		spin_unlock(&vfs_lock);
		if (w <= 0) {
			n = w;
			break;
		}
		*pos_in += w;
		*pos_out += w;
		done += w;
		if (w < n)
			break;
	}
	kfree(chunk);
	return done ? done : n;
}

/* The position to use: the caller's (at upos) or the file's own. */
static int get_pos(u64 upos, struct file *file, loff_t *pos)
{
	if (!upos) {
		*pos = file->f_pos;
		return 0;
	}
	return copy_from_user(pos, upos, sizeof(*pos)) ? -EFAULT : 0;
}

static int put_pos(u64 upos, struct file *file, loff_t pos)
{
	if (!upos) {
		file->f_pos = pos;
		return 0;
	}
	return copy_to_user(upos, &pos, sizeof(pos)) ? -EFAULT : 0;
}

static long do_copy_file_range(struct file *in, u64 off_in, struct file *out, u64 off_out,
			       size_t count)
{
	loff_t pos_in, pos_out;
	long ret;

	if (get_pos(off_in, in, &pos_in) || get_pos(off_out, out, &pos_out))
		return -EFAULT;
	ret = copy_file_checks(in, pos_in, out, pos_out, &count);
	if (ret || !count)
		return ret;
	ret = ramfs_copy_range(in->f_inode, &pos_in, out->f_inode, &pos_out, count);
	if (ret > 0 && (put_pos(off_in, in, pos_in) || put_pos(off_out, out, pos_out)))
		return -EFAULT;
	return ret;
}

long sys_copy_file_range(u64 fd_in, u64 off_in, u64 fd_out, u64 off_out, u64 len, u64 flags)
{
	struct file *in, *out;
	long ret = -EBADF;

	if (flags)
		return -EINVAL;
	in = (fd_in >> 31) ? NULL : fget((int)fd_in);
	out = (fd_out >> 31) ? NULL : fget((int)fd_out);
	if (in && out)
		ret = do_copy_file_range(in, off_in, out, off_out, MIN(len, (u64)MAX_RW_COUNT));
	if (in)
		fput(in);
	if (out)
		fput(out);
	return ret;
}
