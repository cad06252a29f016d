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
 * ISIG, ICRNL and the VMIN of raw mode (0: a read does not wait);
 * the others are kept for TCGETS and otherwise ignored.
 */
#include <kernel/fs/console.h>
#include <kernel/fs/tty.h>
#include <kernel/signal.h>
#include <kernel/spinlock.h>
#include <kernel/lib/string.h>
#include <kernel/errno.h>
#include <kernel/wait.h>
#include <kernel/fs/poll.h>

#define LINE_SIZE 256
#define COOKED_SIZE 1024
#define CTRL_D 0x04
#define EOF_MARK CTRL_D		/* in the ring: the end of a Ctrl-D "line" */

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

/* What a reader waits for: a line, or in raw mode a character (VMIN 0: nothing). */
static bool input_ready(void)
{
	if (lflag(ICANON))
		return READ_ONCE(nr_lines) > 0;
	return READ_ONCE(cooked_len) > 0 || termios->c_cc[VMIN] == 0;
}

/* For poll: whether a read would find input now (a line, or in raw mode a character). */
bool console_input_available(void)
{
	if (lflag(ICANON))
		return READ_ONCE(nr_lines) > 0;
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

long console_read(char *buf, size_t len)
{
	unsigned long flags;
	long n;
	int err;

	if (len == 0)
		return 0;
	err = wait_event_interruptible(line_wait, input_ready());
	if (err)
		return err;
	spin_lock_irqsave(&line_lock, flags);
	n = lflag(ICANON) ? take_line(buf, len) : take_chars(buf, len);
	spin_unlock_irqrestore(&line_lock, flags);
	return n;
}

int console_read_line(char *buf, size_t size)
{
	long n;

	do
		n = console_read(buf, size - 1);
	while (n == -ERESTARTSYS);
	if (n <= 0)
		return -1;
	if (buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return (int)n;
}
