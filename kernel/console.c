/*
 * Console input: the line discipline (Linux's canonical mode, N_TTY).
 * Characters arrive from the UART's interrupt handler and are edited
 * into a line: echoed, backspace rubs out, Enter finishes the line,
 * Ctrl-D hands over what is typed without a newline (at the start of a
 * line: end of input, a read of 0), Ctrl-C throws the line away and
 * sends SIGINT to the programs on the console. Finished lines wait in a
 * ring for readers, who sleep until one is there.
 */
#include <kernel/console.h>
#include <kernel/signal.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/errno.h>
#include <kernel/wait.h>

#define LINE_SIZE 256
#define COOKED_SIZE 1024
#define CTRL_C 0x03
#define CTRL_D 0x04
#define EOF_MARK CTRL_D		/* in the ring: the end of a Ctrl-D "line" */

static DEFINE_SPINLOCK(line_lock);
static char line[LINE_SIZE];	/* the line being edited */
static size_t line_len;
static char cooked[COOKED_SIZE];	/* finished lines, oldest first */
static size_t cooked_head, cooked_len;
static unsigned int nr_lines;	/* line ends ('\n' or EOF_MARK) in the ring */
static DECLARE_WAIT_QUEUE_HEAD(line_wait);

static void echo(const char *text)
{
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

void console_receive_char(char c)
{
	char text[2] = { c, '\0' };
	bool interrupt = false;

	spin_lock(&line_lock);
	if (c == '\r' || c == '\n') {
		if (finish_line('\n'))
			echo("\n");
	} else if (c == '\b' || c == 0x7f) {
		if (line_len > 0) {
			line_len--;
			echo("\b \b");
		}
	} else if (c == CTRL_D) {
		finish_line(EOF_MARK);
	} else if (c == CTRL_C) {
		line_len = 0;
		echo("^C\n");
		interrupt = true;
	} else if (c >= ' ' && line_len < LINE_SIZE - 1) {
		line[line_len++] = c;
		echo(text);
	}
	spin_unlock(&line_lock);
	if (interrupt)
		kill_foreground(SIGINT);
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

long console_read(char *buf, size_t len)
{
	unsigned long flags;
	long n;
	int err;

	if (len == 0)
		return 0;
	err = wait_event_interruptible(line_wait, READ_ONCE(nr_lines) > 0);
	if (err)
		return err;
	spin_lock_irqsave(&line_lock, flags);
	n = take_line(buf, len);
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
