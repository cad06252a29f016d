/*
 * ppoll and pselect6 (and so glibc's poll, select and pselect): sleep
 * until one of a set of descriptors is ready, the timeout passes or a
 * signal comes (Linux's fs/select.c).
 *
 * Each file says what it is ready for now (file_operations.poll: pipes
 * and the terminal have one); a file without the method, a regular file
 * say, is always ready to read and write, as on Linux. A poller sleeps on
 * one queue that every pollable file wakes (wake_up_pollers), and on the
 * tick when it has a deadline, then looks at all its descriptors again:
 * simpler than Linux's per-file queues, and enough for a handful of
 * descriptors.
 *
 * As on Linux, the time left is written back to the caller's timespec, a
 * call interrupted by a signal restarts (with that time) unless a handler
 * runs, and the signal mask passed in is in force while the call sleeps
 * and until the handler of a signal it let in has run.
 */
#include <kernel/fs/poll.h>
#include <kernel/fs/fs.h>
#include <kernel/fs/fdtable.h>
#include <kernel/fs/fs_syscalls.h>
#include <kernel/signal.h>
#include <kernel/wait.h>
#include <kernel/time.h>
#include <kernel/timer.h>
#include <kernel/uaccess.h>
#include <kernel/lib/string.h>
#include <kernel/errno.h>
#include <mm/slab.h>
#include <asm/timer.h>

#define POLL_MAX_FDS 1024	/* select's sets: the descriptors below FD_SETSIZE */
#define NO_DEADLINE (~0ULL)

static DECLARE_WAIT_QUEUE_HEAD(poll_wait_queue);

void wake_up_pollers(void)
{
	if (!list_empty(&poll_wait_queue.head))
		wake_up(&poll_wait_queue);
}

/* What fd is ready for now: its file's POLL* bits, POLLNVAL when it is not open. */
static unsigned int fd_ready(int fd)
{
	struct file *file = fget(fd);
	unsigned int mask;

	if (!file)
		return POLLNVAL;
	mask = file->f_op->poll ? file->f_op->poll(file) : POLL_READABLE | POLL_WRITABLE;
	fput(file);
	return mask;
}

/*
 * Until scan(arg) finds something ready (its count) or fails (-errno), the
 * deadline passes (0) or a signal comes (-ERESTARTNOHAND). The poller is
 * on the queues before it looks, so a wake-up in between is not lost.
 */
static long poll_loop(long (*scan)(void *arg), void *arg, u64 deadline)
{
	struct wait_queue_entry wait = { .entry = LIST_HEAD_INIT(wait.entry) };
	struct sleep_timer timer;
	long ready;

	if (deadline != NO_DEADLINE)
		sleep_timer_arm(&timer, deadline);
	for (;;) {
		prepare_to_wait(&poll_wait_queue, &wait);
		ready = scan(arg);
		if (ready || ktime_get_ns() >= deadline)
			break;
		if (signal_pending(current)) {
			ready = -ERESTARTNOHAND;
			break;
		}
		schedule();
	}
	if (deadline != NO_DEADLINE)
		sleep_timer_cancel(&timer);
	finish_wait(&poll_wait_queue, &wait);
	return ready;
}

/* The deadline a user timespec sets (NULL: none); -EFAULT or -EINVAL for a bad one. */
static long poll_deadline(u64 utimeout, u64 *deadline)
{
	*deadline = NO_DEADLINE;
	return utimeout ? timespec_deadline(utimeout, deadline) : 0;
}

/* Linux writes the time left back (a restarted call then waits only that long). */
static void put_time_left(u64 utimeout, u64 deadline)
{
	u64 now = ktime_get_ns(), left = deadline > now ? deadline - now : 0;
	s64 ts[2] = { (s64)(left / NSEC_PER_SEC), (s64)(left % NSEC_PER_SEC) };

	if (utimeout && copy_to_user(utimeout, ts, sizeof(ts)))
		return;	/* as Linux: the call's result stands */
}

/* The mask in force during the call; the old one is restored by poll_finish. */
static long set_poll_sigmask(u64 umask, u64 size)
{
	u64 mask;

	if (!umask)
		return 0;
	if (size != sizeof(u64))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	current->saved_sigmask = current->sig_blocked;
	current->restore_sigmask = true;
	set_current_blocked(mask);
	return 0;
}

/*
 * An interrupted call keeps the temporary mask until the handler has run
 * (the signal code restores it then); any other result restores it now.
 */
static long poll_finish(long ret, u64 utimeout, u64 deadline)
{
	if (utimeout)
		put_time_left(utimeout, deadline);
	if (ret != -ERESTARTNOHAND)
		restore_saved_sigmask();
	return ret;
}

/* ------------------------------------------------------------ ppoll */

struct pollfd {
	int fd;
	short events;
	short revents;
};

struct poll_list {
	struct pollfd *fds;
	unsigned int nfds;
};

/* Linux reports errors and hang-ups whether they were asked for or not. */
static long scan_pollfds(void *arg)
{
	struct poll_list *list = arg;
	unsigned int i;
	long ready = 0;

	for (i = 0; i < list->nfds; i++) {
		struct pollfd *p = &list->fds[i];
		unsigned int mask = p->fd < 0 ? 0 : fd_ready(p->fd);

		p->revents = (short)(mask & ((unsigned short)p->events | POLLERR | POLLHUP |
					     POLLNVAL));
		ready += p->revents != 0;
	}
	return ready;
}

long sys_ppoll(u64 ufds, u64 nfds, u64 utimeout, u64 umask, u64 masksize, u64 a5 __unused)
{
	struct poll_list list = { NULL, (unsigned int)nfds };
	u64 deadline;
	long ret, i;

	if (nfds > rlimit(RLIMIT_NOFILE))
		return -EINVAL;
	ret = poll_deadline(utimeout, &deadline);
	if (!ret)
		ret = set_poll_sigmask(umask, masksize);
	if (ret)
		return ret;
	list.fds = kmalloc(MAX(nfds, 1UL) * sizeof(struct pollfd), GFP_KERNEL);
	if (!list.fds)
		return poll_finish(-ENOMEM, 0, 0);
	if (copy_from_user(list.fds, ufds, nfds * sizeof(struct pollfd))) {
		kfree(list.fds);
		return poll_finish(-EFAULT, 0, 0);
	}
	ret = poll_loop(scan_pollfds, &list, deadline);
	for (i = 0; i < (long)nfds && ret != -EFAULT; i++) {
		if (copy_to_user(ufds + i * sizeof(struct pollfd) + offsetof(struct pollfd, revents),
				 &list.fds[i].revents, sizeof(short)))
			ret = -EFAULT;
	}
	kfree(list.fds);
	return poll_finish(ret, utimeout, deadline);
}

/* ---------------------------------------------------------- pselect6 */

#define FD_WORDS (POLL_MAX_FDS / 64)

/* The three sets: what was asked (in, out, ex) and what is ready (res_*). */
struct select_sets {
	int n;
	u64 in[FD_WORDS], out[FD_WORDS], ex[FD_WORDS];
	u64 res_in[FD_WORDS], res_out[FD_WORDS], res_ex[FD_WORDS];
};

static bool fd_isset(const u64 *set, int fd)
{
	return (set[fd / 64] >> (fd % 64)) & 1;
}

/* What select counts as readable, writable and exceptional, as Linux's POLLIN_SET etc. */
static long scan_select(void *arg)
{
	struct select_sets *s = arg;
	long ready = 0;
	int fd;

	memset(s->res_in, 0, sizeof(s->res_in));
	memset(s->res_out, 0, sizeof(s->res_out));
	memset(s->res_ex, 0, sizeof(s->res_ex));
	for (fd = 0; fd < s->n; fd++) {
		u64 bit = 1ULL << (fd % 64);
		unsigned int mask;

		if (!fd_isset(s->in, fd) && !fd_isset(s->out, fd) && !fd_isset(s->ex, fd))
			continue;
		mask = fd_ready(fd);
		if (mask & POLLNVAL)
			return -EBADF;
		if (fd_isset(s->in, fd) && (mask & (POLL_READABLE | POLLHUP | POLLERR))) {
			s->res_in[fd / 64] |= bit;
			ready++;
		}
		if (fd_isset(s->out, fd) && (mask & (POLL_WRITABLE | POLLERR))) {
			s->res_out[fd / 64] |= bit;
			ready++;
		}
		if (fd_isset(s->ex, fd) && (mask & POLLPRI)) {
			s->res_ex[fd / 64] |= bit;
			ready++;
		}
	}
	return ready;
}

/* A set's first n bits from user space (NULL: empty). */
static long get_fd_set(u64 uset, int n, u64 *set)
{
	memset(set, 0, FD_WORDS * sizeof(u64));
	if (!uset)
		return 0;
	return copy_from_user(set, uset, (size_t)(n + 63) / 64 * sizeof(u64)) ? -EFAULT : 0;
}

static long put_fd_set(u64 uset, int n, const u64 *set)
{
	if (!uset)
		return 0;
	return copy_to_user(uset, set, (size_t)(n + 63) / 64 * sizeof(u64)) ? -EFAULT : 0;
}

static long get_select_args(struct select_sets *s, u64 n, u64 inp, u64 outp, u64 exp)
{
	long err;

	if ((s64)(int)n < 0)
		return -EINVAL;
	s->n = MIN((int)n, POLL_MAX_FDS);	/* Linux too stops at the table's size */
	err = get_fd_set(inp, s->n, s->in);
	if (!err)
		err = get_fd_set(outp, s->n, s->out);
	if (!err)
		err = get_fd_set(exp, s->n, s->ex);
	return err;
}

/* pselect6's sixth argument: { const sigset_t *ss; size_t ss_len; }. */
static long set_pselect_sigmask(u64 usig)
{
	u64 sig[2];

	if (!usig)
		return 0;
	if (copy_from_user(sig, usig, sizeof(sig)))
		return -EFAULT;
	return set_poll_sigmask(sig[0], sig[1]);
}

long sys_pselect6(u64 n, u64 inp, u64 outp, u64 exp, u64 utimeout, u64 usig)
{
	struct select_sets *s = kmalloc(sizeof(*s), GFP_KERNEL);
	u64 deadline;
	long ret;

	if (!s)
		return -ENOMEM;
	ret = get_select_args(s, n, inp, outp, exp);
	if (!ret)
		ret = poll_deadline(utimeout, &deadline);
	if (!ret)
		ret = set_pselect_sigmask(usig);
	if (ret) {
		kfree(s);
		return ret;
	}
	ret = poll_loop(scan_select, s, deadline);
	if (ret >= 0 && (put_fd_set(inp, s->n, s->res_in) || put_fd_set(outp, s->n, s->res_out) ||
			 put_fd_set(exp, s->n, s->res_ex)))
		ret = -EFAULT;
	kfree(s);
	return poll_finish(ret, utimeout, deadline);
}
