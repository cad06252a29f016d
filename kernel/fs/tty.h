/*
 * The console as a terminal (kernel/fs/tty.c): its settings (termios), and
 * its place in job control: the session it is the controlling terminal
 * of, and that session's foreground process group, the one that may read
 * it and that its signal keys (Ctrl-C, Ctrl-\, Ctrl-Z) reach.
 */
#ifndef KERNEL_TTY_H
#define KERNEL_TTY_H

#include <kernel/types.h>

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

/* The c_cc slots and flags the line discipline (kernel/fs/console.c) honours. */
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VEOF 4
#define VTIME 5
#define VMIN 6
#define VSUSP 10
#define ICRNL 0000400
#define ISIG 0000001
#define ICANON 0000002
#define ECHO 0000010
#define TOSTOP 0000400

struct tty_struct {
	struct termios termios;
	int session;		/* the session it controls, 0: none */
	int pgrp;		/* that session's foreground group, 0: none */
};

extern struct tty_struct console_tty;
struct file_operations;
extern const struct file_operations tty_fops, console_fops;

/* A signal key was typed: sig to the foreground group. Interrupt context. */
void tty_signal_foreground(int sig);

/*
 * The calling session leader gives up its controlling terminal (TIOCNOTTY,
 * or on_exit: its end): the foreground group gets SIGHUP (and SIGCONT
 * unless on_exit) and every process of the session loses the terminal.
 */
void disassociate_ctty(bool on_exit);

#endif
