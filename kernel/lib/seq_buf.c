/*
 * seq_buf: append formatted text to a fixed buffer, remembering whether
 * anything was cut off. Relies only on vsnprintf.
 */
#include <kernel/lib/seq_buf.h>
#include <kernel/printk.h>
#include <kernel/lib/string.h>

void seq_buf_init(struct seq_buf *s, char *buffer, size_t size)
{
	s->buffer = buffer;
	s->size = size;
	s->len = 0;
	s->overflowed = false;
	if (size)
		buffer[0] = '\0';
}

void seq_buf_printf(struct seq_buf *s, const char *fmt, ...)
{
	va_list args;
	size_t room = s->size - s->len;
	int n;

	if (s->size == 0) {
		s->overflowed = true;
		return;
	}
	va_start(args, fmt);
	n = vsnprintf(s->buffer + s->len, room, fmt, args);
	va_end(args);
	if (n < 0 || (size_t)n >= room) {
		s->overflowed = true;
		s->len = s->size - 1;
	} else {
		s->len += n;
	}
}

void seq_buf_putmem(struct seq_buf *s, const void *mem, size_t len)
{
	if (s->len + len >= s->size) {
		s->overflowed = true;
		return;
	}
	memcpy(s->buffer + s->len, mem, len);
	s->len += len;
	s->buffer[s->len] = '\0';
}
