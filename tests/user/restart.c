/*
 * A system call interrupted by a signal: with a handler installed with
 * SA_RESTART it restarts and completes (a read from a pipe gets the data
 * written after the signal; wait4 goes on waiting); without SA_RESTART it
 * fails with EINTR; a signal that is ignored or blocked does not interrupt
 * it at all. The same output is expected on Linux.
 *
 * The steps are ordered by events, not delays: the signal is sent once the
 * parent sleeps in the call (asleep.h), and the data or the child's exit
 * that ends the call comes only after the handler has run (it writes to a
 * pipe the other process waits on).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <stdbool.h>
#include <unistd.h>
#include "asleep.h"
#include "sig_setup.h"

static volatile sig_atomic_t handled;
static int handler_ran[2];	/* the handler writes a byte here */

static void on_usr1(int sig)
{
	(void)sig;
	handled++;
	write(handler_ran[1], "h", 1);
}


/* In the child: the signal to the parent, once asleep; with a handler, on when it ran. */
static void interrupt_parent(pid_t parent, bool handler)
{
	char c;

	wait_until_asleep(parent);
	kill(parent, SIGUSR1);
	if (handler)
		read(handler_ran[0], &c, 1);
}

/*
 * The parent reads from an empty pipe; a child signals it, then writes a
 * byte. flags < 0: SIGUSR1 ignored; else the handler's sa_flags.
 */
static void read_interrupted(const char *what, int flags)
{
	int p[2], status;
	char c = 0;
	ssize_t n;
	pid_t parent = getpid(), child;

	if (flags < 0)
		signal(SIGUSR1, SIG_IGN);
	else
		set_action(SIGUSR1, on_usr1, flags);
	handled = 0;
	pipe(p);
	fflush(stdout);
	child = fork();
	if (child == 0) {
		interrupt_parent(parent, flags >= 0);
		write(p[1], "x", 1);
		_exit(0);
	}
	close(p[1]);
	n = read(p[0], &c, 1);
	printf("%-46s read %zd %s, handler ran %d\n", what, n,
	       n < 0 ? strerrorname_np(errno) : (n ? "byte" : "eof"), handled);
	waitpid(child, &status, 0);
	close(p[0]);
}

static void wait_interrupted(void)
{
	pid_t parent = getpid(), child, helper;
	int status, got;

	set_action(SIGUSR1, on_usr1, SA_RESTART);
	handled = 0;
	fflush(stdout);
	child = fork();
	if (child == 0) {
		char c;

		read(handler_ran[0], &c, 1);	/* exits only after the handler ran */
		_exit(5);
	}
	helper = fork();
	if (helper == 0) {
		interrupt_parent(parent, false);
		_exit(0);
	}
	got = waitpid(child, &status, 0);
	printf("%-46s %s, exit %d, handler ran %d\n", "waitpid with SA_RESTART",
	       got == child ? "the child" : "other", WEXITSTATUS(status), handled);
	waitpid(helper, &status, 0);
}

int main(void)
{
	pipe(handler_ran);
	read_interrupted("read, handler with SA_RESTART", SA_RESTART);
	read_interrupted("read, handler without SA_RESTART", 0);
	read_interrupted("read, SIGUSR1 ignored", -1);
	wait_interrupted();
	return 0;
}
