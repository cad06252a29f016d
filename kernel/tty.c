/*
 * /dev/console (and /dev/tty) as a file: reads go through the line
 * discipline of kernel/console.c, writes straight to the console, and
 * the two terminal ioctls programs ask first (TCGETS: "is this a
 * terminal?", which makes the C library line-buffer stdout, and
 * TIOCGWINSZ). Settings cannot be changed: TCSETS* are accepted and
 * ignored, so the terminal stays in canonical mode with echo.
 */
#include <kernel/fs.h>
#include <kernel/console.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/string.h>

#define TTY_CHUNK 256

#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TIOCGWINSZ 0x5413

/* struct termios as the kernel's ioctl interface has it (asm-generic/termbits.h). */
#define NCCS 19
struct termios {
	u32 c_iflag;
	u32 c_oflag;
	u32 c_cflag;
	u32 c_lflag;
	u8 c_line;
	u8 c_cc[NCCS];
};

struct winsize {
	u16 ws_row;
	u16 ws_col;
	u16 ws_xpixel;
	u16 ws_ypixel;
};

/* What Linux's console starts with: ICRNL IXON, OPOST ONLCR, B38400 CS8 CREAD HUPCL,
 * ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN. */
static const struct termios console_termios = {
	.c_iflag = 0000400 | 0002000,
	.c_oflag = 0000001 | 0000004,
	.c_cflag = 0000017 | 0000060 | 0000200 | 0002000,
	.c_lflag = 0000001 | 0000002 | 0000010 | 0000020 | 0000040 | 0001000 | 0004000 |
		   0100000,
	.c_cc = { 3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0x0f, 0x17,
		  0x16, 0 },
};

static long tty_read(struct file *file __unused, unsigned long buf, size_t len,
		     loff_t *pos __unused)
{
	char chunk[TTY_CHUNK];
	long n = console_read(chunk, MIN(len, sizeof(chunk)));

	if (n > 0 && copy_to_user(buf, chunk, n))
		return -EFAULT;
	return n;
}

static long tty_write(struct file *file __unused, unsigned long buf, size_t len,
		      loff_t *pos __unused)
{
	char chunk[TTY_CHUNK];
	size_t done = 0;

	while (done < len) {
		size_t n = MIN(len - done, sizeof(chunk));

		if (copy_from_user(chunk, buf + done, n))
			return done ? (long)done : -EFAULT;
		console_write(chunk, n);
		done += n;
	}
	return (long)done;
}

static long tty_ioctl(struct file *file __unused, unsigned int cmd, unsigned long arg)
{
	static const struct winsize size = { .ws_row = 24, .ws_col = 80 };
	struct termios t;

	switch (cmd) {
	case TCGETS:
		return copy_to_user(arg, &console_termios, sizeof(console_termios)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return copy_from_user(&t, arg, sizeof(t)) ? -EFAULT : 0;
	case TIOCGWINSZ:
		return copy_to_user(arg, &size, sizeof(size)) ? -EFAULT : 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations tty_fops = {
	.read = tty_read,
	.write = tty_write,
	.ioctl = tty_ioctl,
};
