/*
 * Console input: the line discipline (Linux's N_TTY). Characters arrive
 * from the UART's interrupt handler. In canonical mode (ICANON, the
 * default) they are edited into a line: echoed, backspace rubs out, Enter
 * finishes the line, Ctrl-D hands over what is typed without a newline
 * (at the start of a line: end of input, a read of 0). In raw mode each
 * character is ready for readers at once (a shell's line editor asks for
 * that). With ISIG, Ctrl-C, Ctrl-\ and Ctrl-Z throw the line away and
 * send SIGINT, SIGQUIT or SIGTSTP to the terminal's foreground process
 * group (kernel/fs/tty.c). The termios settings honoured are ICANON, ECHO,
 * ISIG, ICRNL and raw mode's VMIN and VTIME, with Linux's meaning (see
 * raw_read); the others are kept for TCGETS and otherwise ignored.
 * Relies on the sleep timers (kernel/timer.c) for VTIME.
 */
#include <kernel/fs/console.h>
#include <kernel/fs/tty.h>
#include <kernel/signal.h>
#include <kernel/spinlock.h>
#include <kernel/lib/string.h>
#include <kernel/errno.h>
#include <kernel/wait.h>
#include <kernel/fs/poll.h>
#include <kernel/sched.h>
#include <kernel/timer.h>
#include <asm/timer.h>

#define LINE_SIZE 256
#define COOKED_SIZE 1024
#define CTRL_D 0x04
#define EOF_MARK CTRL_D		/* in the ring: the end of a Ctrl-D "line" */
#define NO_DEADLINE (~0ULL)
#define NS_PER_TENTH 100000000ULL	/* VTIME counts tenths of a second */

static DEFINE_SPINLOCK(line_lock);
static char line[LINE_SIZE];	/* the line being edited */
static size_t line_len;
static char cooked[COOKED_SIZE];	/* finished lines (raw mode: characters), oldest first */
static size_t cooked_head, cooked_len;
static unsigned int nr_lines;	/* line ends ('\n' or EOF_MARK) in the ring */
static DECLARE_WAIT_QUEUE_HEAD(line_wait);

static const struct termios *termios = &console_tty.termios;

static bool lflag(u32 flag)
{
	return READ_ONCE(termios->c_lflag) & flag;
}

static void echo(const char *text)
{
	if (lflag(ECHO))
		console_write(text, strlen(text));
}

/* Move the edited line, and its terminator, to the ring; false if it does not fit. */
static bool finish_line(char end)
{
	size_t i;

	if (cooked_len + line_len + 1 > COOKED_SIZE)
		return false;
	for (i = 0; i < line_len; i++)
		cooked[(cooked_head + cooked_len++) % COOKED_SIZE] = line[i];
	cooked[(cooked_head + cooked_len++) % COOKED_SIZE] = end;
	line_len = 0;
	nr_lines++;
	wake_up(&line_wait);
	return true;
}

/* The signal a key stands for under ISIG, or 0. */
static int signal_key(char c)
{
	if (!lflag(ISIG))
		return 0;
	if (c == termios->c_cc[VINTR])
		return SIGINT;
	if (c == termios->c_cc[VQUIT])
		return SIGQUIT;
	if (c == termios->c_cc[VSUSP])
		return SIGTSTP;
	return 0;
}

static void canonical_char(char c)
{
	char text[2] = { c, '\0' };

	if (c == '\n') {
		if (finish_line('\n'))
			echo("\n");
	} else if (c == termios->c_cc[VERASE] || c == '\b') {
		if (line_len > 0) {
			line_len--;
			echo("\b \b");
		}
	} else if (c == termios->c_cc[VEOF]) {
		finish_line(EOF_MARK);
	} else if (c >= ' ' && line_len < LINE_SIZE - 1) {
		line[line_len++] = c;
		echo(text);
	}
}

static void raw_char(char c)
{
	char text[2] = { c, '\0' };

	if (cooked_len == COOKED_SIZE)
		return;
	cooked[(cooked_head + cooked_len++) % COOKED_SIZE] = c;
	echo(text);
	wake_up(&line_wait);
}

void console_receive_char(char c)
{
	static const char *const key_echo[] = { [SIGINT] = "^C\n", [SIGQUIT] = "^\\\n",
						[SIGTSTP] = "^Z\n" };
	int sig;

	if (c == '\r' && (READ_ONCE(termios->c_iflag) & ICRNL))
		c = '\n';
	spin_lock(&line_lock);
	sig = signal_key(c);
	if (sig) {
		line_len = 0;
		echo(key_echo[sig]);
	} else if (lflag(ICANON)) {
		canonical_char(c);
	} else {
		raw_char(c);
	}
	spin_unlock(&line_lock);
	wake_up_pollers();
	if (sig)
		tty_signal_foreground(sig);
}

void console_set_termios(const struct termios *new)
{
	unsigned long flags;

	spin_lock_irqsave(&line_lock, flags);
	console_tty.termios = *new;
	spin_unlock_irqrestore(&line_lock, flags);
	wake_up(&line_wait);	/* a reader waiting for a line may now take characters */
	wake_up_pollers();
}

void console_flush_input(void)
{
	unsigned long flags;

	spin_lock_irqsave(&line_lock, flags);
	line_len = cooked_len = nr_lines = 0;
	spin_unlock_irqrestore(&line_lock, flags);
}

/* Up to len bytes of the oldest line, its newline included. */
static long take_line(char *buf, size_t len)
{
	size_t n = 0;

	while (n < len && cooked_len) {
		char c = cooked[cooked_head];

		cooked_head = (cooked_head + 1) % COOKED_SIZE;
		cooked_len--;
		if (c == EOF_MARK) {
			nr_lines--;
			break;
		}
		buf[n++] = c;
		if (c == '\n') {
			nr_lines--;
			break;
		}
	}
	return n;
}

/* Raw mode: up to len of the characters typed so far. */
static long take_chars(char *buf, size_t len)
{
	size_t n = 0;

	while (n < len && cooked_len) {
		buf[n++] = cooked[cooked_head];
		cooked_head = (cooked_head + 1) % COOKED_SIZE;
		cooked_len--;
	}
	return n;
}

/*
 * For poll: whether a read would find input now: a line, or in raw mode
 * a character (VMIN of them when VMIN is set without VTIME, as Linux).
 */
bool console_input_available(void)
{
	unsigned int min_chars = READ_ONCE(termios->c_cc[VMIN]);

	if (lflag(ICANON))
		return READ_ONCE(nr_lines) > 0;
	if (min_chars && !READ_ONCE(termios->c_cc[VTIME]))
		return READ_ONCE(cooked_len) >= min_chars;
	return READ_ONCE(cooked_len) > 0;
}

int console_bytes_available(void)
{
	unsigned long flags;
	size_t i;
	int n = 0;

	spin_lock_irqsave(&line_lock, flags);
	for (i = 0; i < cooked_len; i++)
		n += !lflag(ICANON) || cooked[(cooked_head + i) % COOKED_SIZE] != EOF_MARK;
	spin_unlock_irqrestore(&line_lock, flags);
	return n;
}

/* Sleep until a character is in the ring, a signal is pending or deadline passes. */
static int wait_for_chars(u64 deadline)
{
	struct wait_queue_entry wait = { .entry = LIST_HEAD_INIT(wait.entry) };
	struct sleep_timer timer;
	int err = 0;

	if (deadline != NO_DEADLINE)
		sleep_timer_arm(&timer, deadline);
	for (;;) {
		prepare_to_wait(&line_wait, &wait);
		if (READ_ONCE(cooked_len) > 0 || ktime_get_ns() >= deadline)
			break;
		if (signal_pending(current)) {
			err = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	if (deadline != NO_DEADLINE)
		sleep_timer_cancel(&timer);
	finish_wait(&line_wait, &wait);
	return err;
}

static long canonical_read(char *buf, size_t len, bool nonblock)
{
	unsigned long flags;
	long n;
	int err;

	if (nonblock && !READ_ONCE(nr_lines))
		return -EAGAIN;
	err = wait_event_interruptible(line_wait, READ_ONCE(nr_lines) > 0);
	if (err)
		return err;
	spin_lock_irqsave(&line_lock, flags);
	n = take_line(buf, len);
	spin_unlock_irqrestore(&line_lock, flags);
	return n;
}

/*
 * Linux's non-canonical read. VMIN characters are wanted (at least one
 * when VMIN is 0) and VTIME tenths of a second bound the wait: with VMIN
 * set, the wait after each character that arrives (the first is waited
 * for without limit); with VMIN 0, the whole read. VMIN and VTIME both 0:
 * what is there, maybe nothing. A read returns early once len is met, and
 * what it got when a signal or the timer ends it. O_NONBLOCK makes a read
 * that would wait fail with EAGAIN.
 */
static long raw_read(char *buf, size_t len, bool nonblock)
{
	unsigned int min_chars = READ_ONCE(termios->c_cc[VMIN]);
	u64 wait_ns = READ_ONCE(termios->c_cc[VTIME]) * NS_PER_TENTH;
	u64 deadline = min_chars ? NO_DEADLINE : wait_ns ? ktime_get_ns() + wait_ns : 0;
	size_t n = 0, want = min_chars ? min_chars : 1;
	unsigned long flags;
	long err = 0;

	while (n < len && n < want) {
		if (!READ_ONCE(cooked_len)) {
			if (ktime_get_ns() >= deadline)
				break;
			if (nonblock) {
				err = -EAGAIN;
				break;
			}
			err = wait_for_chars(deadline);
			if (err)
				break;
			continue;
		}
		spin_lock_irqsave(&line_lock, flags);
		n += take_chars(buf + n, len - n);
		spin_unlock_irqrestore(&line_lock, flags);
		if (min_chars && wait_ns)
			deadline = ktime_get_ns() + wait_ns;
	}
	return n ? (long)n : err;
}

long console_read(char *buf, size_t len, bool nonblock)
{
	if (len == 0)
		return 0;
	return lflag(ICANON) ? canonical_read(buf, len, nonblock) : raw_read(buf, len, nonblock);
}

int console_read_line(char *buf, size_t size)
{
	long n;

	do
		n = console_read(buf, size - 1, false);
	while (n == -ERESTARTSYS);
	if (n <= 0)
		return -1;
	if (buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return (int)n;
}
