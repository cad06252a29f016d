/*
 * kill, tgkill, rt_sigaction, rt_sigprocmask and sleeping: the default
 * actions reach the parent through wait4, an ignored or blocked signal
 * does not kill, a sleeping child is woken to die, and the error cases
 * give Linux's errnos. Only children are ever signalled (never kill(-1) or
 * kill(0): under qemu-aarch64 that would reach the host's processes).
 * The same output is expected on Linux.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void report(const char *what, int status)
{
	if (WIFEXITED(status))
		printf("%-40s exited %d\n", what, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("%-40s killed by signal %d (%s)\n", what, WTERMSIG(status),
		       strsignal(WTERMSIG(status)));
}

static void errno_of(const char *what, long ret)
{
	printf("%-40s %ld %s\n", what, ret, ret < 0 ? strerrorname_np(errno) : "");
}

static pid_t sleeping_child(void (*setup)(void))
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (setup)
			setup();
		sleep(30);
		_exit(0);
	}
	return pid;
}

static void kill_and_report(const char *what, int sig, void (*setup)(void))
{
	pid_t pid = sleeping_child(setup);
	struct timespec brief = { 0, 30 * 1000 * 1000 };
	int status;

	nanosleep(&brief, NULL);	/* let it reach its sleep */
	kill(pid, sig);
	if (sig != SIGKILL && setup) {
		nanosleep(&brief, NULL);
		kill(pid, SIGKILL);	/* it survived: end it */
	}
	waitpid(pid, &status, 0);
	report(what, status);
}

static void ignore_term(void)
{
	signal(SIGTERM, SIG_IGN);
}

static void block_term(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
}

static void default_actions(void)
{
	kill_and_report("SIGTERM to a sleeping child", SIGTERM, NULL);
	kill_and_report("SIGKILL to a sleeping child", SIGKILL, NULL);
	kill_and_report("SIGINT to a sleeping child", SIGINT, NULL);
	kill_and_report("SIGTERM ignored, then SIGKILL", SIGTERM, ignore_term);
	kill_and_report("SIGTERM blocked, then SIGKILL", SIGTERM, block_term);
	kill_and_report("SIGCHLD (ignored by default), SIGKILL", SIGCHLD, ignore_term);
}

static void abort_and_unblock(void)
{
	sigset_t set;
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		abort();
	waitpid(pid, &status, 0);
	report("abort()", status);

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		sigprocmask(SIG_BLOCK, &set, NULL);
		raise(SIGUSR1);
		printf("%-40s %s\n", "SIGUSR1 blocked: still alive", "yes");
		fflush(stdout);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	report("SIGUSR1 unblocked", status);
}

static void errors(void)
{
	struct sigaction sa;
	struct timespec bad = { 0, 1000000000 };
	sigset_t set;

	fflush(stdout);

	pid_t reaped = fork();

	if (reaped == 0)
		_exit(0);
	waitpid(reaped, NULL, 0);
	errno_of("kill(child that was reaped, 0)", kill(reaped, 0));
	errno_of("kill(self, 0)", kill(getpid(), 0));
	errno_of("kill(self, 65)", kill(getpid(), 65));
	errno_of("tgkill(self, other tid)", syscall(SYS_tgkill, getpid(), 99999, SIGTERM));
	errno_of("tgkill(0, ...)", syscall(SYS_tgkill, 0, getpid(), SIGTERM));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	errno_of("sigaction(SIGKILL)", sigaction(SIGKILL, &sa, NULL));
	errno_of("sigaction(0)", sigaction(0, &sa, NULL));
	errno_of("rt_sigaction bad sigsetsize", syscall(SYS_rt_sigaction, SIGTERM, NULL, NULL, 4));
	errno_of("rt_sigprocmask bad how", syscall(SYS_rt_sigprocmask, 7, &set, NULL, 8));
	errno_of("rt_sigprocmask bad pointer", syscall(SYS_rt_sigprocmask, SIG_BLOCK, 16, NULL, 8));
	errno_of("nanosleep(1e9 ns)", nanosleep(&bad, NULL));
	errno_of("clock_gettime(bad clock)", syscall(SYS_clock_gettime, 100, NULL));
}

static void clocks(void)
{
	struct timespec a, b, ten_ms = { 0, 10 * 1000 * 1000 };
	struct timeval tv;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &a);
	nanosleep(&ten_ms, NULL);
	nanosleep(&ten_ms, NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	printf("%-40s %s\n", "two 10 ms sleeps take 20 ms or more", ms >= 20 ? "yes" : "no");
	printf("%-40s %ld\n", "gettimeofday", (long)gettimeofday(&tv, NULL));
	printf("%-40s %s\n", "getppid differs from getpid", getppid() != getpid() ? "yes" : "no");
}

int main(void)
{
	default_actions();
	abort_and_unblock();
	errors();
	clocks();
	return 0;
}
