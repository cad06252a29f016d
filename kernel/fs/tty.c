/*
 * The console as a terminal file and as a controlling terminal.
 *
 * Three device nodes reach it, as on Linux: /dev/ttyAMA0 (the UART
 * itself: a session leader without a terminal that opens it, without
 * O_NOCTTY, gets it as its controlling terminal), /dev/tty (the caller's
 * controlling terminal; ENXIO without one) and /dev/console (never makes
 * it controlling, and is outside job control: a background process may
 * read and write it, as Linux's redirected console file).
 *
 * Job control (Linux's drivers/tty/tty_jobctrl.c): a process of a
 * background group that reads its controlling terminal, or changes its
 * settings, or writes to it with TOSTOP set, signals its whole group with
 * SIGTTIN or SIGTTOU (whose default action stops it) and the call
 * restarts once it is continued; if it ignores or blocks the signal a read
 * fails with EIO and a write goes ahead, and an orphaned group, which no
 * shell would ever continue, gets EIO instead of being stopped.
 *
 * Reads go through the line discipline of kernel/fs/console.c, which keeps
 * to the termios flags it can honour: ICANON, ECHO, ISIG, ICRNL, VMIN.
 */
#include <kernel/fs/tty.h>
#include <kernel/fs/fs.h>
#include <kernel/fs/console.h>
#include <kernel/fs/poll.h>
#include <kernel/pgrp.h>
#include <kernel/signal.h>
#include <kernel/syscalls.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>

#define TTY_CHUNK 256

#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TIOCSCTTY 0x540E
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410
#define TIOCGWINSZ 0x5413
#define FIONREAD 0x541b	/* TIOCINQ */
#define TIOCNOTTY 0x5422
#define TIOCGSID 0x5429
#define DEV_TTY MKDEV(5, 0)

struct winsize {
	u16 ws_row;
	u16 ws_col;
	u16 ws_xpixel;
	u16 ws_ypixel;
};

/* What Linux's console starts with: ICRNL IXON, OPOST ONLCR, B38400 CS8 CREAD HUPCL,
 * ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN. */
struct tty_struct console_tty = {
	.termios = {
		.c_iflag = 0000400 | 0002000,
		.c_oflag = 0000001 | 0000004,
		.c_cflag = 0000017 | 0000060 | 0000200 | 0002000,
		.c_lflag = 0000001 | 0000002 | 0000010 | 0000020 | 0000040 | 0001000 |
			   0004000 | 0100000,
		.c_cc = { 3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0x0f,
			  0x17, 0x16, 0 },
	},
};

void tty_signal_foreground(int sig)
{
	int pgrp = READ_ONCE(console_tty.pgrp);

	if (pgrp)
		kill_pgrp(pgrp, sig);
}

static bool is_ignored(int sig)
{
	return (current->sig_blocked & sigmask(sig)) ||
	       current->sighand->action[sig - 1].handler == SIG_IGN;
}

/*
 * Linux's tty_check_change: 0 if the caller may use its terminal now;
 * else its group is signalled (-ERESTARTSYS) or the call fails (EIO).
 */
static int tty_check_change(struct tty_struct *tty, int sig)
{
	int pgrp = current->signal->pgrp, fg = READ_ONCE(tty->pgrp);

	if (current->signal->tty != tty || !fg || fg == pgrp)
		return 0;
	if (is_ignored(sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (is_orphaned_pgrp(pgrp, NULL))
		return -EIO;
	kill_pgrp(pgrp, sig);
	return -ERESTARTSYS;
}

static long tty_read(struct file *file, unsigned long buf, size_t len, loff_t *pos __unused)
{
	char chunk[TTY_CHUNK];
	long n;

	if (file->f_op == &tty_fops) {
		n = tty_check_change(&console_tty, SIGTTIN);
		if (n)
			return n;
	}
	n = console_read(chunk, MIN(len, sizeof(chunk)), file->f_flags & O_NONBLOCK);
	if (n > 0 && copy_to_user(buf, chunk, n))
		return -EFAULT;
	return n;
}

static long tty_write(struct file *file, unsigned long buf, size_t len, loff_t *pos __unused)
{
	char chunk[TTY_CHUNK];
	size_t done = 0;
	long err;

	if (file->f_op == &tty_fops && (console_tty.termios.c_lflag & TOSTOP)) {
		err = tty_check_change(&console_tty, SIGTTOU);
		if (err)
			return err;
	}
	while (done < len) {
		size_t n = MIN(len - done, sizeof(chunk));

		if (copy_from_user(chunk, buf + done, n))
			return done ? (long)done : -EFAULT;
		console_write(chunk, n);
		done += n;
	}
	return (long)done;
}

/* Every process of session loses its controlling terminal. */
static void clear_ctty(struct task_struct *task, void *session)
{
	if (is_user_process(task) && task->signal->session == (int)(long)session)
		task->signal->tty = NULL;
}

void disassociate_ctty(bool on_exit)
{
	struct tty_struct *tty = current->signal->tty;
	int pgrp;

	if (!tty)
		return;
	pgrp = READ_ONCE(tty->pgrp);
	if (pgrp) {
		kill_pgrp(pgrp, SIGHUP);
		if (!on_exit)
			kill_pgrp(pgrp, SIGCONT);
	}
	spin_lock(&tasklist_lock);
	tty->session = 0;
	tty->pgrp = 0;
	for_each_task(clear_ctty, (void *)(long)current->signal->session);
	spin_unlock(&tasklist_lock);
}

/* Make tty the caller's controlling terminal; tasklist_lock held. */
static void proc_set_tty(struct tty_struct *tty)
{
	struct signal_struct *sig = current->signal;

	tty->session = sig->session;
	tty->pgrp = sig->pgrp;
	sig->tty = tty;
}

/*
 * TIOCSCTTY: only a session leader without a terminal takes one, and only
 * one no other session has (unless root asks, arg 1, to steal it).
 */
static long tiocsctty(struct tty_struct *tty, struct file *file, unsigned long arg)
{
	struct signal_struct *sig = current->signal;
	bool root = current->cred.euid == 0;
	long err = 0;

	spin_lock(&tasklist_lock);
	if (sig->leader && sig->session == tty->session)
		goto out;
	err = -EPERM;
	if (!sig->leader || sig->tty || (tty->session && !(arg == 1 && root)) ||
	    (!(file->f_mode & FMODE_READ) && !root))
		goto out;
	if (tty->session)
		for_each_task(clear_ctty, (void *)(long)tty->session);
	proc_set_tty(tty);
	err = 0;
out:
	spin_unlock(&tasklist_lock);
	return err;
}

/* TIOCSPGRP (tcsetpgrp): the foreground group, one of the caller's session. */
static long tiocspgrp(struct tty_struct *tty, unsigned long arg)
{
	int err = tty_check_change(tty, SIGTTOU), pgrp;

	if (err)
		return err == -EIO ? -ENOTTY : err;
	if (copy_from_user(&pgrp, arg, sizeof(pgrp)))
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	if (current->signal->tty != tty || tty->session != current->signal->session)
		return -ENOTTY;
	spin_lock(&tasklist_lock);
	err = session_of_pgrp(pgrp);
	if (pgrp == 0 || err < 0)
		err = -ESRCH;
	else if (err != current->signal->session)
		err = -EPERM;
	else
		err = 0;
	if (!err)
		WRITE_ONCE(tty->pgrp, pgrp);
	spin_unlock(&tasklist_lock);
	return err;
}

/* TIOCGPGRP and TIOCGSID: asked only of the caller's own controlling terminal. */
static long tty_get_id(struct tty_struct *tty, unsigned long arg, bool session)
{
	int id = session ? tty->session : READ_ONCE(tty->pgrp);

	if (current->signal->tty != tty || (session && !id))
		return -ENOTTY;
	return copy_to_user(arg, &id, sizeof(id)) ? -EFAULT : 0;
}

static long tcsets(struct tty_struct *tty, unsigned int cmd, unsigned long arg)
{
	struct termios t;
	long err = tty_check_change(tty, SIGTTOU);

	if (err)
		return err;
	if (copy_from_user(&t, arg, sizeof(t)))
		return -EFAULT;
	if (cmd == TCSETSF)
		console_flush_input();
	console_set_termios(&t);
	return 0;
}

static long tty_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	static const struct winsize size = { .ws_row = 24, .ws_col = 80 };
	struct tty_struct *tty = &console_tty;
	int avail;

	switch (cmd) {
	case TCGETS:
		return copy_to_user(arg, &tty->termios, sizeof(tty->termios)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return tcsets(tty, cmd, arg);
	case TIOCGWINSZ:
		return copy_to_user(arg, &size, sizeof(size)) ? -EFAULT : 0;
	case FIONREAD:
		avail = console_bytes_available();
		return copy_to_user(arg, &avail, sizeof(avail)) ? -EFAULT : 0;
	case TIOCSCTTY:
		return tiocsctty(tty, file, arg);
	case TIOCNOTTY:
		if (current->signal->tty != tty)
			return -ENOTTY;
		if (current->signal->leader)
			disassociate_ctty(false);
		current->signal->tty = NULL;
		return 0;
	case TIOCGPGRP:
	case TIOCGSID:
		return tty_get_id(tty, arg, cmd == TIOCGSID);
	case TIOCSPGRP:
		return tiocspgrp(tty, arg);
	default:
		return -ENOTTY;
	}
}

/* Linux's tty_open_proc_set_tty: /dev/ttyAMA0 may become the controlling terminal. */
static int tty_open(struct inode *inode, struct file *file)
{
	struct signal_struct *sig = current->signal;

	if (inode->i_rdev == DEV_TTY)
		return sig->tty ? 0 : -ENXIO;
	spin_lock(&tasklist_lock);
	if (!(file->f_flags & O_NOCTTY) && sig->leader && !sig->tty && !console_tty.session &&
	    (file->f_mode & FMODE_READ))
		proc_set_tty(&console_tty);
	spin_unlock(&tasklist_lock);
	return 0;
}

/* The terminal can always be written to; it can be read once a line (raw: a key) is in. */
static unsigned int tty_poll(struct file *file __unused)
{
	return POLL_WRITABLE | (console_input_available() ? POLL_READABLE : 0);
}

/* /dev/tty and /dev/ttyAMA0. */
const struct file_operations tty_fops = {
	.open = tty_open,
	.read = tty_read,
	.write = tty_write,
	.ioctl = tty_ioctl,
	.poll = tty_poll,
};

/* /dev/console: the same terminal, never controlling, outside job control. */
const struct file_operations console_fops = {
	.read = tty_read,
	.write = tty_write,
	.ioctl = tty_ioctl,
	.poll = tty_poll,
};
