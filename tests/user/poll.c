/*
 * poll, ppoll, select and pselect on pipes, a regular file and bad
 * descriptors: what each reports ready, hang-ups and errors, timeouts
 * (never how long: only that they ran out), the signal mask ppoll installs
 * while it waits, and Linux's errnos. The same output is expected on
 * Linux (qemu-aarch64).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t handled;

static void on_usr1(int sig)
{
	(void)sig;
	handled++;
}

static void show(const char *what, int ret, const struct pollfd *p)
{
	if (ret < 0)
		printf("%-40s -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%-40s %d revents %#06x\n", what, ret, p ? (unsigned int)p->revents : 0);
}

/* A descriptor number certainly closed: whatever the runner left open. */
static int closed_descriptor(void)
{
	int fd = dup(1);

	close(fd);
	return fd;
}

static int poll_one(int fd, short events, int timeout, struct pollfd *p)
{
	p->fd = fd;
	p->events = events;
	p->revents = 0x7777;
	return poll(p, 1, timeout);
}

static void pipes(void)
{
	struct pollfd p;
	int fds[2];

	pipe(fds);
	show("empty pipe, read end, timeout 0", poll_one(fds[0], POLLIN, 0, &p), &p);
	show("empty pipe, read end, timeout 30 ms", poll_one(fds[0], POLLIN, 30, &p), &p);
	show("empty pipe, write end", poll_one(fds[1], POLLOUT, 0, &p), &p);
	write(fds[1], "x", 1);
	show("a byte in, read end", poll_one(fds[0], POLLIN | POLLOUT, 0, &p), &p);
	close(fds[1]);
	show("writer gone, a byte left", poll_one(fds[0], POLLIN, 0, &p), &p);
	read(fds[0], &p, 1);
	show("writer gone, empty", poll_one(fds[0], POLLIN, -1, &p), &p);
	show("hang-up reported unasked", poll_one(fds[0], 0, 0, &p), &p);
	close(fds[0]);
	pipe(fds);
	close(fds[0]);
	show("reader gone, write end", poll_one(fds[1], POLLOUT, 0, &p), &p);
	close(fds[1]);
}

/* A child writes after a while: poll with no timeout sleeps until then. */
static void wakes_up(void)
{
	struct pollfd p;
	int fds[2], status;
	pid_t pid;

	pipe(fds);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct timespec t = { 0, 50 * 1000 * 1000 };

		nanosleep(&t, NULL);
		write(fds[1], "y", 1);
		_exit(0);
	}
	show("poll until a child writes", poll_one(fds[0], POLLIN, -1, &p), &p);
	waitpid(pid, &status, 0);
	close(fds[0]);
	close(fds[1]);
}

static void odd_descriptors(void)
{
	struct pollfd p[3];
	int fd = open("/proc/self/status", O_RDONLY);

	show("regular file", poll_one(fd, POLLIN | POLLOUT, 0, &p[0]), &p[0]);
	show("closed descriptor", poll_one(closed_descriptor(), POLLIN, 0, &p[0]), &p[0]);
	p[0].fd = -1;
	p[0].events = POLLIN;
	p[1].fd = fd;
	p[1].events = POLLIN;
	p[2].fd = closed_descriptor();
	p[2].events = POLLIN;
	show("negative fd ignored, 2 of 3 report", poll(p, 3, 0), &p[0]);
	printf("  the others: %#06x %#06x\n", (unsigned int)p[1].revents,
	       (unsigned int)p[2].revents);
	show("fds at a bad address", (int)syscall(SYS_ppoll, (void *)16, 1, NULL, NULL, 8), NULL);
	show("nothing to poll, 20 ms", poll(NULL, 0, 20), NULL);
	close(fd);
}

static void ppoll_masks(void)
{
	struct timespec bad = { 0, 2000000000L }, t = { 5, 0 };
	struct sigaction sa;
	struct pollfd p;
	sigset_t block, none, now;
	int fds[2];

	pipe(fds);
	show("ppoll with 2e9 ns", ppoll(&p, 0, &bad, NULL), NULL);
	show("ppoll with a 4-byte mask", (int)syscall(SYS_ppoll, &p, 0, &t, &none, 4), NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGUSR1);
	sigemptyset(&none);
	p.fd = fds[0];
	p.events = POLLIN;
	show("ppoll letting a pending signal in", ppoll(&p, 1, &t, &none), NULL);
	sigprocmask(SIG_BLOCK, NULL, &now);
	printf("  handled %d, blocked again after: %d\n", handled, sigismember(&now, SIGUSR1));
	write(fds[1], "z", 1);
	show("ppoll with the mask, data ready", ppoll(&p, 1, &t, &none), &p);
	sigprocmask(SIG_BLOCK, NULL, &now);
	printf("  blocked after: %d\n", sigismember(&now, SIGUSR1));
	close(fds[0]);
	close(fds[1]);
}

static void selects(void)
{
	struct timeval tv = { 0, 30000 };
	fd_set rd, wr;
	int fds[2], ret, closed;

	pipe(fds);
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(fds[0], &rd);
	FD_SET(fds[1], &wr);
	ret = select(fds[1] + 1, &rd, &wr, NULL, &tv);
	printf("select, empty pipe: %d, read set %d, write set %d\n", ret, FD_ISSET(fds[0], &rd),
	       FD_ISSET(fds[1], &wr));
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	tv.tv_sec = 0;
	tv.tv_usec = 30000;
	ret = select(fds[0] + 1, &rd, NULL, NULL, &tv);
	printf("select timing out: %d, read set %d, time left %ld.%06ld\n", ret,
	       FD_ISSET(fds[0], &rd), (long)tv.tv_sec, (long)tv.tv_usec);
	write(fds[1], "w", 1);
	FD_SET(fds[0], &rd);
	ret = select(fds[0] + 1, &rd, NULL, NULL, NULL);
	printf("select with data: %d, read set %d\n", ret, FD_ISSET(fds[0], &rd));
	FD_ZERO(&rd);
	closed = closed_descriptor();
	FD_SET(closed, &rd);
	ret = select(closed + 1, &rd, NULL, NULL, NULL);
	printf("select on a closed descriptor: %d %s\n", ret, ret < 0 ? strerrorname_np(errno) : "");
	ret = select(-1, NULL, NULL, NULL, NULL);
	printf("select with n = -1: %d %s\n", ret, ret < 0 ? strerrorname_np(errno) : "");
	close(fds[0]);
	close(fds[1]);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* The waits without a timeout must not hang a test run if one is lost. */
	alarm(30);
	pipes();
	wakes_up();
	odd_descriptors();
	ppoll_masks();
	selects();
	return 0;
}
