/*
 * A bounded text buffer that formatted output is appended to. The /proc
 * style reports (buddyinfo, slabinfo, vmallocinfo, meminfo) are written into
 * one, so the same text can be printed at boot, checked by a test, or read
 * from a file.
 */
#ifndef KERNEL_SEQ_BUF_H
#define KERNEL_SEQ_BUF_H

#include <kernel/types.h>

struct seq_buf {
	char *buffer;
	size_t size;
	size_t len;		/* bytes written, never more than size - 1 */
	bool overflowed;	/* something did not fit */
};

void seq_buf_init(struct seq_buf *s, char *buffer, size_t size);
void seq_buf_printf(struct seq_buf *s, const char *fmt, ...) __printf(2, 3);
/* Append len bytes as they are (NULs included), or mark the buffer overflowed. */
void seq_buf_putmem(struct seq_buf *s, const void *mem, size_t len);

#endif
