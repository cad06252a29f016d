/*
 * Reading the console as a terminal, for tests/run.py, which types at it
 * (tkern only: it needs someone at the keyboard). Each prompt ends in
 * '>' and each result is one "got ..." line: a whole line with its
 * newline, a line read in two parts (FIONREAD counting what is left
 * between them), backspace editing, Ctrl-D at the
 * start of a line (end of input: read returns 0) and after text (the
 * text without a newline), poll and select waiting for a line (nothing
 * is ready before the prompt, which the typist waits for), O_NONBLOCK
 * (EAGAIN for a read that would wait), raw mode's VMIN and VTIME as Linux
 * has them (0 and 0: what is there; 0 and 3: a read that gives up after
 * 0.3 s; 3 and 0: three characters even when typed in two goes; 2 and 3:
 * one character, then 0.3 s with nothing more), and Ctrl-C ending a
 * child blocked in read:
 * the console is made the session's controlling terminal first, since
 * Ctrl-C goes to the terminal's foreground process group.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static void prompt(const char *what)
{
	printf("%s>\n", what);
	fflush(stdout);
}

static void got(const char *what, const char *buf, long n)
{
	printf("got %s: %ld [", what, n);
	for (long i = 0; i < n; i++)
		printf(buf[i] == '\n' ? "\\n" : "%c", buf[i]);
	printf("]\n");
}

/* ppoll and pselect6 (glibc's poll and select): a line is ready only once typed. */
static void wait_for_a_line(char *buf, size_t size)
{
	struct pollfd pfd = { .fd = 0, .events = POLLIN };
	struct timeval now = { 0, 0 };
	fd_set readable;
	int n;

	n = poll(&pfd, 1, 0);
	printf("got poll before typing: %d revents %#x\n", n, pfd.revents);
	FD_ZERO(&readable);
	FD_SET(0, &readable);
	n = select(1, &readable, NULL, NULL, &now);
	printf("got select before typing: %d\n", n);
	prompt("poll");
	n = poll(&pfd, 1, -1);
	printf("got poll: %d revents %#x\n", n, pfd.revents);
	FD_SET(0, &readable);
	n = select(1, &readable, NULL, NULL, NULL);
	printf("got select: %d, fd 0 %s\n", n, FD_ISSET(0, &readable) ? "readable" : "not readable");
	got("polled line", buf, read(0, buf, size));
}

static void raw_mode(const struct termios *cooked, int min_chars, int tenths)
{
	struct termios t = *cooked;

	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = min_chars;
	t.c_cc[VTIME] = tenths;
	tcsetattr(0, TCSANOW, &t);
}

static void got_error(const char *what, long n)
{
	printf("got %s: %ld %s\n", what, n, n < 0 ? strerrorname_np(errno) : "");
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* O_NONBLOCK, then VMIN and VTIME in raw mode; the typist types "ab", "c" and "x". */
static void raw_reads(char *buf, size_t size)
{
	int flags = fcntl(0, F_GETFL);
	struct termios cooked;
	double start;
	long n;

	tcgetattr(0, &cooked);
	fcntl(0, F_SETFL, flags | O_NONBLOCK);
	got_error("nonblocking line", read(0, buf, size));
	raw_mode(&cooked, 0, 0);
	got("raw, nothing typed", buf, read(0, buf, size));
	raw_mode(&cooked, 1, 0);
	got_error("raw nonblocking", read(0, buf, size));
	fcntl(0, F_SETFL, flags);
	raw_mode(&cooked, 0, 3);
	start = now();
	n = read(0, buf, size);
	printf("got vtime timeout: %ld after %s\n", n,
	       now() - start >= 0.25 ? "the timeout" : "no wait");
	raw_mode(&cooked, 3, 0);
	prompt("vmin");
	got("vmin 3", buf, read(0, buf, size));
	raw_mode(&cooked, 2, 3);
	prompt("vtime");
	got("vmin 2 vtime 3", buf, read(0, buf, size));
	tcsetattr(0, TCSANOW, &cooked);
}

int main(void)
{
	char buf[64];
	int status, avail = -1;
	long n;
	pid_t pid;

	setsid();
	ioctl(0, TIOCSCTTY, 0);
	prompt("line");
	got("line", buf, read(0, buf, sizeof(buf)));
	prompt("parts");
	n = read(0, buf, 2);
	got("first part", buf, n);
	ioctl(0, FIONREAD, &avail);
	printf("got available: %d\n", avail);
	got("second part", buf, read(0, buf, sizeof(buf)));
	prompt("backspace");
	got("edited", buf, read(0, buf, sizeof(buf)));
	prompt("eof");
	got("eof", buf, read(0, buf, sizeof(buf)));
	prompt("partial");
	got("partial", buf, read(0, buf, sizeof(buf)));
	wait_for_a_line(buf, sizeof(buf));
	raw_reads(buf, sizeof(buf));
	pid = fork();
	if (pid == 0) {
		read(0, buf, sizeof(buf));
		_exit(0);
	}
	prompt("interrupt");
	waitpid(pid, &status, 0);
	printf("got child: %s %d\n", WIFSIGNALED(status) ? "killed by signal" : "exited",
	       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	return 0;
}
