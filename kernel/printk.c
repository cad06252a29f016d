/*
 * printk: format a message, keep it in the kernel log (a ring that `dmesg`
 * style tools read), and print it on the console if it is urgent enough
 * for `loglevel=`. Each line starts with the time since boot, as Linux's.
 * Messages from several CPUs never interleave inside a line: one lock
 * covers both the log and the console.
 */
#include <kernel/printk.h>
#include <kernel/fs/console.h>
#include <kernel/spinlock.h>
#include <kernel/lib/string.h>
#include <asm/timer.h>

#define LOG_BUF_SIZE (64 * 1024)
#define LINE_MAX 512

int console_loglevel = LOGLEVEL_DEFAULT;

static char log_buf[LOG_BUF_SIZE];
static unsigned long log_head;		/* total bytes ever logged */
static DEFINE_SPINLOCK(logbuf_lock);
static struct console *console;
static bool at_line_start = true;
static int cont_level = LOGLEVEL_DEFAULT - 1;	/* level of the line being continued */

static void log_store(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		log_buf[(log_head + i) % LOG_BUF_SIZE] = text[i];
	log_head += len;
}

void console_write(const char *text, size_t len)
{
	if (console)
		console->write(text, len);
}

static void emit(const char *text, size_t len, bool to_console)
{
	log_store(text, len);
	if (to_console)
		console_write(text, len);
}

/* Strip a KERN_<LEVEL> or KERN_CONT prefix; returns the level, or -1 for CONT. */
static int parse_level(const char **fmt)
{
	const char *f = *fmt;

	if (f[0] != KERN_SOH[0])
		return LOGLEVEL_DEFAULT - 1;
	*fmt = f + 2;
	if (f[1] == 'c')
		return -1;
	if (f[1] >= '0' && f[1] <= '7')
		return f[1] - '0';
	return LOGLEVEL_DEFAULT - 1;
}

static size_t format_timestamp(char *buf, size_t size)
{
	u64 us = ktime_get_ns() / 1000;

	return snprintf(buf, size, "[%5llu.%06llu] ", (unsigned long long)(us / 1000000),
			(unsigned long long)(us % 1000000));
}

int vprintk(const char *fmt, va_list args)
{
	char text[LINE_MAX], stamp[32];
	unsigned long flags;
	int level = parse_level(&fmt);
	int len = vsnprintf(text, sizeof(text), fmt, args);
	size_t n = MIN((size_t)len, sizeof(text) - 1);
	size_t start = 0, i;
	bool show;

	spin_lock_irqsave(&logbuf_lock, flags);
	if (level < 0) {
		level = cont_level;
	} else if (!at_line_start) {
		/* A new message ends a line a KERN_CONT caller left open. */
		emit("\n", 1, cont_level < console_loglevel);
		at_line_start = true;
	}
	cont_level = level;
	show = level < console_loglevel;
	for (i = 0; i < n; i++) {
		if (at_line_start) {
			emit(stamp, format_timestamp(stamp, sizeof(stamp)), show);
			at_line_start = false;
		}
		if (text[i] == '\n') {
			emit(text + start, i + 1 - start, show);
			start = i + 1;
			at_line_start = true;
		}
	}
	emit(text + start, n - start, show);
	spin_unlock_irqrestore(&logbuf_lock, flags);
	return len;
}

int printk(const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vprintk(fmt, args);
	va_end(args);
	return n;
}

void register_console(struct console *con)
{
	unsigned long flags, start, i;

	spin_lock_irqsave(&logbuf_lock, flags);
	console = con;
	start = log_head > LOG_BUF_SIZE ? log_head - LOG_BUF_SIZE : 0;
	for (i = start; i < log_head; i++)
		con->write(&log_buf[i % LOG_BUF_SIZE], 1);
	spin_unlock_irqrestore(&logbuf_lock, flags);
}

/* A panicking CPU may have stopped others while they held the lock. */
void printk_bust_lock(void)
{
	spin_lock_init(&logbuf_lock);
}

size_t log_buf_copy(char *buf, size_t size)
{
	unsigned long flags, start, i;
	size_t n = 0;

	spin_lock_irqsave(&logbuf_lock, flags);
	start = log_head > LOG_BUF_SIZE ? log_head - LOG_BUF_SIZE : 0;
	if (log_head - start > size - 1)
		start = log_head - (size - 1);
	for (i = start; i < log_head; i++)
		buf[n++] = log_buf[i % LOG_BUF_SIZE];
	buf[n] = '\0';
	spin_unlock_irqrestore(&logbuf_lock, flags);
	return n;
}
