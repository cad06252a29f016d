/*
 * The console: where printk's text goes out and where typed lines come in.
 * A driver (the PL011 UART today) registers its output routine and feeds
 * received characters to console_receive_char() from its interrupt handler.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <kernel/types.h>

struct console {
	const char *name;
	void (*write)(const char *text, size_t len);
};

/* Start printing to con; what printk logged before is replayed first. */
void register_console(struct console *con);

/* Write straight to the console, bypassing the log (panic paths). */
void console_write(const char *text, size_t len);

/* Called by the driver for each byte received, in interrupt context. */
void console_receive_char(char c);

/*
 * Read typed input as read(2) on a terminal does: wait for a line and
 * copy up to len bytes of it, its newline included (raw mode: characters
 * as VMIN and VTIME say). 0 at end of input (Ctrl-D at the start of a
 * line), -ERESTARTSYS when a signal comes first, -EAGAIN for a nonblock
 * read that would wait.
 */
long console_read(char *buf, size_t len, bool nonblock);
/* For poll: whether a read would find input now. */
bool console_input_available(void);
/* FIONREAD: bytes a read could take now, finished lines only, Ctrl-D marks not counted. */
int console_bytes_available(void);

struct termios;
/* TCSETS: new settings for the line discipline (kernel/fs/tty.h lists those it honours). */
void console_set_termios(const struct termios *termios);
/* TCSETSF: throw away what was typed and not read yet. */
void console_flush_input(void);

/*
 * Wait for one line typed on the console and copy it without its
 * newline, NUL-terminated. Returns the length, or -1 at end of input.
 */
int console_read_line(char *buf, size_t size);

#endif
