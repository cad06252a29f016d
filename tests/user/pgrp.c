/*
 * Process groups and sessions, run as init and compared with Linux booted
 * in QEMU: init's ids before and after setsid, setpgid's and setsid's
 * rules and errnos, and which processes kill(0), kill(-pgrp) and kill(-1)
 * reach. Children report a SIGUSR1 by writing their letter to a pipe; the
 * letters are printed sorted, and a signal that reached a wrong process
 * shows as an extra letter at the end. Only relations between pids are
 * printed, never pids.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int results[2], done[2], ready[2];
static char letter;			/* a child's name; 0 in the parent */
static volatile sig_atomic_t parent_got;

static void on_usr1(int sig)
{
	(void)sig;
	if (letter)
		write(results[1], &letter, 1);
	else
		parent_got = 1;
}

static const char *err(long r)
{
	static char buf[32];

	if (r >= 0)
		return "ok";
	snprintf(buf, sizeof(buf), "%s", strerrorname_np(errno));
	return buf;
}

static void read_all(int fd, char *buf, int n)
{
	int got = 0;

	while (got < n) {
		long r = read(fd, buf + got, n - got);

		if (r > 0)
			got += r;
		else if (r == 0 || errno != EINTR)
			break;
	}
	buf[got] = '\0';
}

static int cmp(const void *a, const void *b)
{
	return *(const char *)a - *(const char *)b;
}

/* Read n letters and print them sorted. */
static void expect_letters(const char *what, int n)
{
	char buf[16];

	read_all(results[0], buf, n);
	qsort(buf, strlen(buf), 1, cmp);
	printf("%s reached: %s; parent: %s\n", what, buf, parent_got ? "yes" : "no");
	parent_got = 0;
}

/* A child named c that joins group pgid (-1: stays) and waits until done closes. */
static pid_t member(char c, pid_t pgid)
{
	pid_t pid = fork();
	char b;

	if (pid)
		return pid;
	letter = c;
	if (pgid >= 0 && setpgid(0, pgid))
		printf("%c: setpgid: %s\n", c, err(-1));
	close(done[1]);
	write(ready[1], "r", 1);
	while (read(done[0], &b, 1) < 0 && errno == EINTR)
		;
	_exit(0);
}

static void wait_ready(int n)
{
	char buf[16];

	read_all(ready[0], buf, n);
}

/* A child that joins pgid (-1: stays), sends sig to target, and exits. */
static void killer(char c, pid_t pgid, pid_t target)
{
	pid_t pid = fork();

	if (pid == 0) {
		letter = c;
		if (pgid >= 0)
			setpgid(0, pgid);
		if (kill(target, SIGUSR1))
			printf("%c: kill: %s\n", c, err(-1));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

static void ids(void)
{
	pid_t pid, a, b, grandchild;
	int p[2];
	char c;

	printf("init: pgid %d sid %d\n", getpgrp(), getsid(0));
	printf("setpgid(0, -1): %s\n", err(setpgid(0, -1)));
	printf("setpgid(99999, 0): %s\n", err(setpgid(99999, 0)));
	printf("getpgid(99999): %s\n", err(getpgid(99999)));
	printf("getsid(99999): %s\n", err(getsid(99999)));
	pid = setsid();
	printf("setsid: %s, is pid: %s\n", err(pid), pid == getpid() ? "yes" : "no");
	printf("pgid is pid: %s, sid is pid: %s\n", getpgrp() == getpid() ? "yes" : "no",
	       getsid(0) == getpid() ? "yes" : "no");
	printf("setsid again: %s\n", err(setsid()));
	printf("leader setpgid(0, 0): %s\n", err(setpgid(0, 0)));

	pipe(p);
	a = fork();
	if (a == 0) {
		close(p[1]);
		grandchild = fork();
		if (grandchild == 0) {
			read(p[0], &c, 1);
			_exit(0);
		}
		write(ready[1], &grandchild, sizeof(grandchild));
		read(p[0], &c, 1);
		waitpid(grandchild, NULL, 0);
		_exit(0);
	}
	read_all(ready[0], (char *)&grandchild, sizeof(grandchild));
	printf("child getpgid is ours: %s, getsid is ours: %s\n",
	       getpgid(a) == getpgrp() ? "yes" : "no", getsid(a) == getsid(0) ? "yes" : "no");
	printf("setpgid(child, child): %s, getpgid is child: %s\n", err(setpgid(a, a)),
	       getpgid(a) == a ? "yes" : "no");
	printf("setpgid(child, 0) again: %s\n", err(setpgid(a, 0)));
	printf("setpgid(child, ours): %s\n", err(setpgid(a, getpgrp())));
	printf("setpgid(child, no such group): %s\n", err(setpgid(a, 99999)));
	printf("setpgid(grandchild, grandchild): %s\n", err(setpgid(grandchild, grandchild)));

	b = fork();
	if (b == 0) {
		close(p[1]);
		setsid();
		write(ready[1], "r", 1);
		read(p[0], &c, 1);
		_exit(0);
	}
	wait_ready(1);
	printf("child's setsid: getsid is child: %s, getpgid is child: %s\n",
	       getsid(b) == b ? "yes" : "no", getpgid(b) == b ? "yes" : "no");
	printf("setpgid(other session's child, ours): %s\n", err(setpgid(b, getpgrp())));
	printf("setpgid(a, other session's group): %s\n", err(setpgid(a, b)));
	close(p[1]);
	close(p[0]);
	waitpid(a, NULL, 0);
	kill(b, SIGKILL);
	waitpid(b, NULL, 0);
	printf("getpgid(reaped child): %s\n", err(getpgid(a)));
}

static void kills(void)
{
	pid_t x, y, z;
	char rest[16];

	x = member('X', 0);
	wait_ready(1);
	y = member('Y', x);
	z = member('Z', -1);
	wait_ready(2);
	printf("kill(-X): %s\n", err(kill(-x, SIGUSR1)));
	expect_letters("kill(-X)", 2);
	printf("kill(0) from init: %s\n", err(kill(0, SIGUSR1)));
	expect_letters("kill(0) from init", 1);
	killer('K', x, 0);
	expect_letters("kill(0) from a member of X", 3);
	killer('L', -1, -1);
	expect_letters("kill(-1) from a child", 3);
	printf("kill(-X, 0): %s\n", err(kill(-x, 0)));
	printf("kill(0, 0): %s\n", err(kill(0, 0)));
	printf("kill(-99999, 0): %s\n", err(kill(-99999, 0)));
	printf("kill(INT_MIN, 0): %s\n", err(kill(INT_MIN, 0)));
	printf("kill(99999, 0): %s\n", err(kill(99999, 0)));
	printf("kill(-X, 65): %s\n", err(kill(-x, 65)));
	close(done[1]);
	close(results[1]);
	waitpid(x, NULL, 0);
	waitpid(y, NULL, 0);
	waitpid(z, NULL, 0);
	printf("kill(-X) after it is gone: %s\n", err(kill(-x, SIGUSR1)));
	read_all(results[0], rest, sizeof(rest) - 1);
	printf("extra signals: %s\n", rest[0] ? rest : "none");
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };

	setvbuf(stdout, NULL, _IONBF, 0);
	sigaction(SIGUSR1, &sa, NULL);
	pipe(results);
	pipe(done);
	pipe(ready);
	ids();
	kills();
	return 0;
}
