/*
 * SIGCHLD as Linux sends it: the siginfo a handler gets when a child
 * exits, is killed, stops and continues (si_code, si_status, si_pid,
 * si_uid); sigsuspend as the way to wait for it (in the parent, and in
 * the children, where it restarts after a stop); a parent that ignores
 * SIGCHLD leaving no zombies (wait then fails with ECHILD once all
 * children are gone); a blocked SIGCHLD kept pending. Every step waits
 * for the one before, so the output is the same on each run; it is
 * compared with Linux's under qemu-aarch64. (qemu-aarch64 does not pass
 * SA_NOCLDSTOP and SA_NOCLDWAIT on to Linux: stopcont.c tests those.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got, code, status, from_child, uid_ok;
static volatile pid_t expected;

static void on_chld(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)uc;
	got++;
	code = info->si_code;
	status = info->si_status;
	from_child = info->si_pid == expected;
	uid_ok = info->si_uid == getuid();
}

static const char *code_name(int c)
{
	switch (c) {
	case CLD_EXITED: return "CLD_EXITED";
	case CLD_KILLED: return "CLD_KILLED";
	case CLD_DUMPED: return "CLD_DUMPED";
	case CLD_STOPPED: return "CLD_STOPPED";
	case CLD_CONTINUED: return "CLD_CONTINUED";
	default: return "other";
	}
}

static void install(int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO | flags;
	sigaction(SIGCHLD, &sa, NULL);
}

/* SIGCHLD is blocked: wait for it with sigsuspend, then say what it told. */
static void await_sigchld(const char *what)
{
	sigset_t none;

	sigemptyset(&none);
	while (!got)
		sigsuspend(&none);
	printf("%s: SIGCHLD %s status %d, si_pid is the child: %s, si_uid: %s\n", what,
	       code_name(code), status, from_child ? "yes" : "no", uid_ok ? "yes" : "no");
	got = 0;
}

static pid_t start_child(int exit_code, int sleep_first)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		sigset_t none;

		sigemptyset(&none);
		while (sleep_first)
			sigsuspend(&none);
		_exit(exit_code);
	}
	expected = pid;
	return pid;
}

static void exit_and_kill(void)
{
	int st;
	pid_t pid = start_child(42, 0);

	await_sigchld("exit(42)");
	printf("waitpid: %s, exit status %d\n", waitpid(pid, &st, 0) == pid ? "the child" : "?",
	       WEXITSTATUS(st));
	pid = start_child(0, 1);
	kill(pid, SIGTERM);
	await_sigchld("killed by SIGTERM");
	waitpid(pid, &st, 0);
	printf("waitpid: signaled %d, signal %d\n", WIFSIGNALED(st), WTERMSIG(st));
}

/* A child stops and is continued: CLD_STOPPED and CLD_CONTINUED. */
static void stop_and_continue(void)
{
	int st;
	pid_t pid = start_child(7, 1);

	kill(pid, SIGSTOP);
	await_sigchld("SIGSTOP");
	printf("waitpid(WUNTRACED): stopped by %d\n",
	       waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st) ? WSTOPSIG(st) : -1);
	kill(pid, SIGCONT);
	await_sigchld("SIGCONT");
	printf("waitpid(WCONTINUED): continued %d\n",
	       waitpid(pid, &st, WCONTINUED) == pid && WIFCONTINUED(st));
	kill(pid, SIGUSR1);
	await_sigchld("SIGUSR1");
	waitpid(pid, &st, 0);
	printf("waitpid: killed by %d\n", WTERMSIG(st));
}

/* SIGCHLD ignored: no zombies, and wait fails with ECHILD once all are gone. */
static void no_zombies(const char *what)
{
	pid_t r;
	int i;

	for (i = 0; i < 3; i++)
		start_child(i, 0);
	do {
		r = wait(NULL);
	} while (r < 0 && errno == EINTR);
	printf("%s: wait returns %d (%s)\n", what, r, r < 0 ? strerror(errno) : "a child");
}

int main(void)
{
	sigset_t chld, pending;
	struct sigaction sa;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	install(0);
	exit_and_kill();
	stop_and_continue();

	sigprocmask(SIG_UNBLOCK, &chld, NULL);
	signal(SIGCHLD, SIG_IGN);
	no_zombies("SIGCHLD ignored");

	/* A blocked SIGCHLD with the default action stays pending (it is not discarded). */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	waitpid(start_child(0, 0), NULL, 0);
	sigpending(&pending);
	printf("default action, blocked: SIGCHLD pending %d\n", sigismember(&pending, SIGCHLD));
	return 0;
}
