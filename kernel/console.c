/*
 * Console input: the line discipline. Characters arrive from the UART's
 * interrupt handler; they are echoed and collected into one line, with
 * backspace editing, until Enter. A reader sleeps on a wait queue until a
 * line is complete. Ctrl-D on an empty line reports end of input.
 */
#include <kernel/console.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/wait.h>

#define LINE_SIZE 256
#define CTRL_D 0x04

static DEFINE_SPINLOCK(line_lock);
static char line[LINE_SIZE];
static size_t line_len;
static bool line_ready, end_of_input;
static DECLARE_WAIT_QUEUE_HEAD(line_wait);

static void echo(const char *text)
{
	console_write(text, strlen(text));
}

void console_receive_char(char c)
{
	char text[2] = { c, '\0' };

	spin_lock(&line_lock);
	/* While the reader has not taken the last line, typed-ahead input is dropped. */
	if (line_ready) {
		spin_unlock(&line_lock);
		return;
	}
	if (c == '\r' || c == '\n') {
		echo("\n");
		line_ready = true;
		wake_up(&line_wait);
	} else if (c == '\b' || c == 0x7f) {
		if (line_len > 0) {
			line_len--;
			echo("\b \b");
		}
	} else if (c == CTRL_D && line_len == 0) {
		end_of_input = true;
		line_ready = true;
		wake_up(&line_wait);
	} else if (c >= ' ' && line_len < LINE_SIZE - 1) {
		line[line_len++] = c;
		echo(text);
	}
	spin_unlock(&line_lock);
}

int console_read_line(char *buf, size_t size)
{
	unsigned long flags;
	int len;

	wait_event(line_wait, READ_ONCE(line_ready));
	spin_lock_irqsave(&line_lock, flags);
	len = end_of_input ? -1 : (int)MIN(line_len, size - 1);
	if (len >= 0) {
		memcpy(buf, line, len);
		buf[len] = '\0';
	}
	line_len = 0;
	line_ready = false;
	end_of_input = false;
	spin_unlock_irqrestore(&line_lock, flags);
	return len;
}
