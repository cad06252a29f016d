/*
 * Pipes: a ring of bytes (64 KiB at first, F_SETPIPE_SZ changes it)
 * between a read end and a write end,
 * two files on one unnamed inode (S_IFIFO). A reader sleeps until there
 * is data or no writer is left (then it reads 0: end of file); a writer
 * sleeps until there is room, and writes of up to PIPE_BUF bytes are
 * never split. Writing with no reader left raises SIGPIPE and fails
 * with -EPIPE. O_NONBLOCK turns every sleep into -EAGAIN; a signal ends
 * one with -EINTR (or the count done so far).
 *
 * FIFOs (named pipes, made by mknod) are the same ring, hung on their
 * inode (i_pipe) from the first open to the last close. Opening one end
 * waits for the other end to be opened, as fifo(7) says.
 */
#include <kernel/fs/fs.h>
#include <kernel/fs/fdtable.h>
#include <kernel/fs/fs_syscalls.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/uaccess.h>
#include <kernel/wait.h>
#include <kernel/fs/poll.h>
#include <kernel/errno.h>
#include <mm/slab.h>

#define PIPE_DEF_SIZE (16 * PAGE_SIZE)	/* Linux's default capacity */
#define PIPE_BUF PAGE_SIZE		/* writes up to this size are atomic */
#define PIPE_MAX_SIZE (1UL << 20)	/* /proc/sys/fs/pipe-max-size: beyond it, root only */
#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032
#define FIONREAD 0x541b

struct pipe_inode_info {
	spinlock_t lock;
	char *buf;
	size_t size;		/* bytes buf holds: a power-of-two number of pages */
	size_t head;		/* where the oldest byte is */
	size_t len;		/* bytes in the ring */
	unsigned int readers, writers;	/* open read and write ends */
	unsigned int r_counter, w_counter;	/* ends ever opened: a FIFO open waits for a change */
	struct wait_queue_head rd_wait, wr_wait;
};

static size_t pipe_take(struct pipe_inode_info *pipe, char *dst, size_t len)
{
	size_t n = MIN(len, pipe->len), i;

	for (i = 0; i < n; i++)
		dst[i] = pipe->buf[(pipe->head + i) % pipe->size];
	pipe->head = (pipe->head + n) % pipe->size;
	pipe->len -= n;
	return n;
}

/*
 * A read whose copy to the user faulted gives the bytes back, in front,
 * as Linux leaves them in the pipe; unless writers filled the room meanwhile.
 */
static void pipe_untake(struct pipe_inode_info *pipe, const char *src, size_t n)
{
	size_t i;

	spin_lock(&pipe->lock);
	if (pipe->len + n <= pipe->size) {
		pipe->head = (pipe->head + pipe->size - n) % pipe->size;
		for (i = 0; i < n; i++)
			pipe->buf[(pipe->head + i) % pipe->size] = src[i];
		pipe->len += n;
	}
	spin_unlock(&pipe->lock);
}

static void pipe_put(struct pipe_inode_info *pipe, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		pipe->buf[(pipe->head + pipe->len + i) % pipe->size] = src[i];
	pipe->len += n;
}

/* Up to want bytes, waiting while the pipe is empty and a writer remains: the count, or -errno. */
static long pipe_wait_take(struct file *file, struct pipe_inode_info *pipe, char *chunk,
			   size_t want)
{
	long n;

	for (;;) {
		spin_lock(&pipe->lock);
		n = pipe_take(pipe, chunk, want);
		if (n == 0 && pipe->writers > 0)
			n = -EAGAIN;	/* empty, but more may come */
		spin_unlock(&pipe->lock);
		if (n != -EAGAIN || (file->f_flags & O_NONBLOCK))
			return n;
		n = wait_event_interruptible(pipe->rd_wait, READ_ONCE(pipe->len) > 0 ||
					     READ_ONCE(pipe->writers) == 0);
		if (n)
			return n;
	}
}

/* Up to want bytes of what is there now, without waiting. */
static long pipe_take_now(struct pipe_inode_info *pipe, char *chunk, size_t want)
{
	long n;

	spin_lock(&pipe->lock);
	n = pipe_take(pipe, chunk, want);
	spin_unlock(&pipe->lock);
	return n;
}

/* As Linux: wait for the first byte, then take all there is, up to len. */
static long pipe_read(struct file *file, unsigned long buf, size_t len, loff_t *pos __unused)
{
	struct pipe_inode_info *pipe = file->private_data;
	size_t done = 0;
	char *chunk;
	long n = 0;

	if (len == 0)
		return 0;
	chunk = kmalloc(PIPE_BUF, GFP_KERNEL);
	if (!chunk)
		return -ENOMEM;
	while (done < len) {
		size_t want = MIN(len - done, (size_t)PIPE_BUF);

		n = done ? pipe_take_now(pipe, chunk, want) : pipe_wait_take(file, pipe, chunk, want);
		if (n <= 0)
			break;
		if (copy_to_user(buf + done, chunk, n)) {
			pipe_untake(pipe, chunk, n);
			n = -EFAULT;
			break;
		}
		done += n;
		wake_up(&pipe->wr_wait);
		wake_up_pollers();
	}
	kfree(chunk);
	return done ? (long)done : n;
}

/* Put n bytes in, waiting for room: the count put, or -errno if none was. */
static long pipe_write_chunk(struct file *file, struct pipe_inode_info *pipe,
			     const char *chunk, size_t n, bool atomic)
{
	size_t done = 0;
	int err = 0;

	while (done < n) {
		size_t room;

		spin_lock(&pipe->lock);
		room = pipe->size - pipe->len;
		if (pipe->readers == 0) {
			err = -EPIPE;
		} else if (room > 0 && (!atomic || room >= n)) {
			room = MIN(room, n - done);
			pipe_put(pipe, chunk + done, room);
			done += room;
		}
		spin_unlock(&pipe->lock);
		wake_up(&pipe->rd_wait);
		wake_up_pollers();
		if (err || done == n)
			break;
		if (file->f_flags & O_NONBLOCK) {
			err = -EAGAIN;
			break;
		}
		err = wait_event_interruptible(pipe->wr_wait,
					       READ_ONCE(pipe->size) - READ_ONCE(pipe->len) >= (atomic ? n : 1) ||
					       READ_ONCE(pipe->readers) == 0);
		if (err)
			break;
	}
	return done ? (long)done : err;
}

static long pipe_write(struct file *file, unsigned long buf, size_t len, loff_t *pos __unused)
{
	struct pipe_inode_info *pipe = file->private_data;
	char *chunk = kmalloc(PIPE_BUF, GFP_KERNEL);
	size_t done = 0;
	long n = 0;

	if (!chunk)
		return -ENOMEM;
	while (done < len) {
		size_t want = MIN(len - done, (size_t)PIPE_BUF);

		if (copy_from_user(chunk, buf + done, want)) {
			n = -EFAULT;
			break;
		}
		n = pipe_write_chunk(file, pipe, chunk, want, len <= PIPE_BUF);
		if (n > 0)
			done += n;
		if (n < (long)want)
			break;
	}
	kfree(chunk);
	if (n == -EPIPE)
		send_signal(current, SIGPIPE);
	return done ? (long)done : n;
}

static void free_pipe_info(struct pipe_inode_info *pipe)
{
	kfree(pipe->buf);
	kfree(pipe);
}

/*
 * file's ends leave the ring: true when they were the last. Sleepers on
 * the other side are woken before the lock goes: once it is dropped, the
 * other side's last close may free the ring at any moment.
 */
static bool pipe_drop_ends(struct pipe_inode_info *pipe, struct file *file)
{
	bool last;

	spin_lock(&pipe->lock);
	if (file->f_mode & FMODE_READ)
		pipe->readers--;
	if (file->f_mode & FMODE_WRITE)
		pipe->writers--;
	last = pipe->readers == 0 && pipe->writers == 0;
	if (!last) {
		wake_up(&pipe->rd_wait);
		wake_up(&pipe->wr_wait);
	}
	spin_unlock(&pipe->lock);
	return last;
}

/* After pipe_drop_ends: the ring goes with the last end, else pollers learn of the change. */
static void pipe_end_closed(struct pipe_inode_info *pipe, bool last)
{
	if (last)
		free_pipe_info(pipe);
	else
		wake_up_pollers();
}

static void fifo_release(struct file *file);

/* Linux's pipe_poll: the read end sees data or a gone writer, the write end room or a gone reader. */
static unsigned int pipe_poll(struct file *file)
{
	struct pipe_inode_info *pipe = file->private_data;
	unsigned int mask = 0;

	spin_lock(&pipe->lock);
	if ((file->f_mode & FMODE_READ) && pipe->len > 0)
		mask |= POLL_READABLE;
	/* A FIFO reader that never had a writer is not hung up: it is waiting for one. */
	if ((file->f_mode & FMODE_READ) && pipe->writers == 0 && file->f_version != pipe->w_counter)
		mask |= POLLHUP;
	if ((file->f_mode & FMODE_WRITE) && pipe->size - pipe->len >= PIPE_BUF)
		mask |= POLL_WRITABLE;
	if ((file->f_mode & FMODE_WRITE) && pipe->readers == 0)
		mask |= POLLERR;
	spin_unlock(&pipe->lock);
	return mask;
}

static long pipe_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct pipe_inode_info *pipe = file->private_data;
	int count = (int)READ_ONCE(pipe->len);

	if (cmd != FIONREAD)
		return -ENOTTY;
	return copy_to_user(arg, &count, sizeof(count)) ? -EFAULT : 0;
}

static const struct file_operations pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.release = fifo_release,
	.poll = pipe_poll,
};

/* Linux's round_pipe_size: at least a page, a power of two; 0 when too large. */
static unsigned long round_pipe_size(unsigned long size)
{
	unsigned long rounded = PAGE_SIZE;

	if (size > (1UL << 31))
		return 0;
	while (rounded < size)
		rounded <<= 1;
	return rounded;
}

/* A new ring of size bytes with the contents moved over; -EBUSY if they do not fit. */
static long pipe_set_size(struct pipe_inode_info *pipe, unsigned long arg)
{
	unsigned long size = round_pipe_size(arg);
	char *buf, *old;
	size_t len;

	if (!size)
		return -EINVAL;
	/* Beyond the limit only with CAP_SYS_RESOURCE: root's, here. */
	if (size > PIPE_MAX_SIZE && size > pipe->size && current->cred.euid != 0)
		return -EPERM;
	buf = kmalloc(size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	spin_lock(&pipe->lock);
	len = pipe->len;
	if (len > size) {
		spin_unlock(&pipe->lock);
		kfree(buf);
		return -EBUSY;
	}
	pipe_take(pipe, buf, len);
	old = pipe->buf;
	pipe->buf = buf;
	pipe->size = size;
	pipe->head = 0;
	pipe->len = len;
	spin_unlock(&pipe->lock);
	kfree(old);
	wake_up(&pipe->wr_wait);	/* more room, perhaps */
	wake_up_pollers();
	return size;
}

long pipe_space(struct file *file)
{
	struct pipe_inode_info *pipe = file->private_data;

	if (file->f_op != &pipe_fops)
		return -EBADF;
	return READ_ONCE(pipe->size) - READ_ONCE(pipe->len);
}

long pipe_fcntl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct pipe_inode_info *pipe = file->private_data;

	if (file->f_op != &pipe_fops)
		return -EBADF;
	if (cmd == F_GETPIPE_SZ)
		return READ_ONCE(pipe->size);
	return pipe_set_size(pipe, arg);
}

static struct pipe_inode_info *alloc_pipe_info(void)
{
	struct pipe_inode_info *pipe = kzalloc(sizeof(*pipe), GFP_KERNEL);

	if (!pipe)
		return NULL;
	pipe->size = PIPE_DEF_SIZE;
	pipe->buf = kmalloc(pipe->size, GFP_KERNEL);
	if (!pipe->buf) {
		kfree(pipe);
		return NULL;
	}
	spin_lock_init(&pipe->lock);
	init_waitqueue_head(&pipe->rd_wait);
	init_waitqueue_head(&pipe->wr_wait);
	return pipe;
}

int create_pipe_files(struct file **ends, unsigned int flags)
{
	struct pipe_inode_info *pipe = alloc_pipe_info();
	struct inode *inode = NULL;

	if (pipe) {
		pipe->readers = pipe->writers = 1;
		pipe->r_counter = pipe->w_counter = 1;
		spin_lock(&vfs_lock);
		inode = ramfs_new_unlinked(S_IFIFO | 0600);
		if (inode) {
			ramfs_iget(inode);	/* the second end's */
			inode->i_pipe = pipe;	/* /proc/<pid>/fd/N opens join it, as a FIFO's */
		}
		spin_unlock(&vfs_lock);
	}
	ends[0] = inode ? alloc_file(inode, O_RDONLY | flags, &pipe_fops) : NULL;
	ends[1] = ends[0] ? alloc_file(inode, O_WRONLY | flags, &pipe_fops) : NULL;
	if (ends[1]) {
		ends[0]->private_data = ends[1]->private_data = pipe;
		return 0;
	}
	if (ends[0]) {
		pipe->writers = 0;	/* the read end's release then frees the pipe */
		ends[0]->private_data = pipe;
		fput(ends[0]);
	} else if (pipe) {
		free_pipe_info(pipe);
		if (inode)
			vfs_iput(inode);
	}
	if (inode)
		vfs_iput(inode);
	return -ENOMEM;
}

/*
 * file's ends join the ring; true when the other side has nobody yet,
 * and *seen is then that side's counter, for a blocking open to watch.
 * pipe->lock held.
 */
static bool fifo_add_ends(struct pipe_inode_info *pipe, struct file *file, unsigned int *seen)
{
	switch (file->f_mode & (FMODE_READ | FMODE_WRITE)) {
	case FMODE_READ:
		pipe->readers++;
		pipe->r_counter++;
		/* No POLLHUP before a writer has come. */
		if (pipe->writers == 0)
			file->f_version = pipe->w_counter;
		*seen = pipe->w_counter;
		return pipe->writers == 0;
	case FMODE_WRITE:
		pipe->writers++;
		pipe->w_counter++;
		*seen = pipe->r_counter;
		return pipe->readers == 0;
	default:	/* both: fifo_open refuses neither */
		pipe->readers++;
		pipe->r_counter++;
		pipe->writers++;
		pipe->w_counter++;
		return false;
	}
}

/*
 * A FIFO's ring, made by the first open: file's ends join it (0, or 1
 * when the other side has nobody yet, see fifo_add_ends). A writer that must not wait finds
 * no reader: -ENXIO, and nothing changes. -EAGAIN: the ring is needed
 * and *spare is empty; allocate one and retry.
 */
static int fifo_attach(struct inode *inode, struct file *file,
		       struct pipe_inode_info **spare, unsigned int *seen)
{
	bool need_reader = (file->f_mode & (FMODE_READ | FMODE_WRITE)) == FMODE_WRITE &&
			   (file->f_flags & O_NONBLOCK);
	struct pipe_inode_info *pipe;
	int ret = 0;

	spin_lock(&vfs_lock);
	pipe = inode->i_pipe;
	if (!pipe && need_reader)
		ret = -ENXIO;
	else if (!pipe && !*spare)
		ret = -EAGAIN;
	if (!pipe && !ret) {
		pipe = inode->i_pipe = *spare;
		*spare = NULL;
	}
	if (!ret) {
		spin_lock(&pipe->lock);
		if (need_reader && pipe->readers == 0) {
			ret = -ENXIO;
		} else {
			ret = fifo_add_ends(pipe, file, seen);
			file->private_data = pipe;
		}
		spin_unlock(&pipe->lock);
	}
	spin_unlock(&vfs_lock);
	return ret;
}

/*
 * Linux's fifo_open: a reader waits until a writer has opened (with
 * O_NONBLOCK it goes on at once), a writer until a reader has (with
 * O_NONBLOCK and none: -ENXIO); O_RDWR is both ends and never waits.
 * Each waits for the other side's counter to move, so a partner that
 * opened and closed meanwhile still lets it go. An access mode of 3
 * (O_ACCMODE) is neither end: -EINVAL, as Linux, for such a file would
 * hold the ring open with no end its close could drop.
 */
static int fifo_open(struct inode *inode, struct file *file)
{
	struct pipe_inode_info *pipe, *spare = NULL;
	unsigned int seen;
	int alone;

	if (!(file->f_mode & (FMODE_READ | FMODE_WRITE)))
		return -EINVAL;
	while ((alone = fifo_attach(inode, file, &spare, &seen)) == -EAGAIN) {
		spare = alloc_pipe_info();
		if (!spare)
			return -ENOMEM;
	}
	if (spare)
		free_pipe_info(spare);
	if (alone < 0)
		return alone;
	pipe = file->private_data;
	wake_up(&pipe->rd_wait);
	wake_up(&pipe->wr_wait);
	wake_up_pollers();
	if (!alone || (file->f_flags & O_NONBLOCK))
		return 0;
	if (file->f_mode & FMODE_READ)
		return wait_event_interruptible(pipe->rd_wait, READ_ONCE(pipe->w_counter) != seen);
	return wait_event_interruptible(pipe->wr_wait, READ_ONCE(pipe->r_counter) != seen);
}

/*
 * The last end to close takes the ring off the inode, under vfs_lock as
 * fifo_attach looks: a FIFO's, and a pipe's (reopened through /proc).
 */
static void fifo_release(struct file *file)
{
	struct pipe_inode_info *pipe = file->private_data;
	bool last;

	if (!pipe)
		return;	/* the open failed before joining */
	spin_lock(&vfs_lock);
	last = pipe_drop_ends(pipe, file);
	if (last)
		file->f_inode->i_pipe = NULL;
	spin_unlock(&vfs_lock);
	pipe_end_closed(pipe, last);
}

const struct file_operations fifo_fops = {
	.open = fifo_open,
	.read = pipe_read,
	.write = pipe_write,
	.release = fifo_release,
	.poll = pipe_poll,
};

long sys_pipe2(u64 ufds, u64 flags, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
	       u64 a5 __unused)
{
	struct files_struct *files = current->files;
	struct file *ends[2];
	int fds[2], err;

	if (flags & ~(u64)(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	err = create_pipe_files(ends, flags & O_NONBLOCK);
	if (err)
		return err;
	fds[0] = fd_install_from(files, 0, ends[0], flags & O_CLOEXEC);
	fds[1] = fds[0] < 0 ? fds[0] : fd_install_from(files, 0, ends[1], flags & O_CLOEXEC);
	if (fds[1] < 0) {
		if (fds[0] >= 0)
			close_fd(files, fds[0]);
		else
			fput(ends[0]);
		fput(ends[1]);
		return fds[1];
	}
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		close_fd(files, fds[0]);
		close_fd(files, fds[1]);
		return -EFAULT;
	}
	return 0;
}
