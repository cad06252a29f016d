/*
 * Waiting for descriptors to become ready (kernel/fs/select.c): the POLL*
 * bits a file's poll method reports, and the wake-up every pollable file
 * sends when its readiness may have changed.
 */
#ifndef KERNEL_POLL_H
#define KERNEL_POLL_H

#define POLLIN 0x0001		/* data to read (or end of file) */
#define POLLPRI 0x0002		/* urgent data */
#define POLLOUT 0x0004		/* room to write */
#define POLLERR 0x0008		/* an error: e.g. the pipe's reader has gone */
#define POLLHUP 0x0010		/* the other end has gone */
#define POLLNVAL 0x0020		/* not an open descriptor */
#define POLLRDNORM 0x0040
#define POLLWRNORM 0x0100

#define POLL_READABLE (POLLIN | POLLRDNORM)
#define POLL_WRITABLE (POLLOUT | POLLWRNORM)

/*
 * Pipes and the terminal call this whenever data arrives, is taken or an
 * end closes: every sleeping poll or select looks again. One queue for
 * all files keeps each driver's part to one call.
 */
void wake_up_pollers(void);

#endif
