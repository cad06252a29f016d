/*
 * Stop and continue, and waiting for them, compared with Debian's Linux
 * booted in QEMU (this program is init there as here; qemu-aarch64 does
 * not pass SA_NOCLDSTOP and SA_NOCLDWAIT on, so it cannot stand in):
 *
 * - SIGSTOP, and SIGTSTP/SIGTTIN/SIGTTOU's default action, stop a child;
 *   wait4(WUNTRACED) reports it once (status 0x137f...), SIGCONT resumes
 *   it and wait4(WCONTINUED) reports 0xffff once; SIGTSTP handled or
 *   ignored does not stop; SIGKILL ends a stopped child; /proc shows T;
 * - a stop signal discards a pending SIGCONT and SIGCONT a pending stop;
 * - SA_NOCLDSTOP and SA_NOCLDWAIT; a zombie adopted by an init that
 *   ignores SIGCHLD; a clone's own exit signal (or none),
 *   and __WCLONE/__WALL to wait for such children; such a child adopted
 *   by init, which a plain wait reaps;
 * - waitid's cases and errors, wait4's errors;
 * - what execve keeps of the signal state (ignored signals, the mask,
 *   pending signals, the interval timer) and what it drops (handlers,
 *   the alternate stack);
 * - the core-dump bit: Linux sets it (and si_code CLD_DUMPED) only when it
 *   wrote a core, so not with its default RLIMIT_CORE of 0, nor with a
 *   limit under a page; with room for one it writes "core" in the current
 *   directory. tkern writes no file but sets the bit in the same cases.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sig_setup.h"

static volatile sig_atomic_t chld_count, last_code;

static void on_chld(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)uc;
	chld_count++;
	last_code = info->si_code;
}

static void on_tstp(int sig)
{
	(void)sig;
}

static void chld_handler(int flags)
{
	set_siginfo_action(SIGCHLD, on_chld, SA_RESTART | flags);
}

/*
 * A child that waits for signals until one ends it. It leads a process
 * group of its own: in its parent's it would be orphaned (the parent's
 * parent is init), and Linux discards SIGTSTP, SIGTTIN and SIGTTOU sent
 * to an orphaned group.
 */
static pid_t sleeper(void)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		sigset_t none;

		setpgid(0, 0);
		sigemptyset(&none);
		for (;;)
			sigsuspend(&none);
	}
	setpgid(pid, pid);	/* as a shell does: whichever comes first, before any signal */
	return pid;
}

static const char *state_of(pid_t pid)
{
	static char line[256];
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	line[0] = 0;
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "State:", 6))
			break;
	if (f)
		fclose(f);
	line[strcspn(line, "\n")] = 0;
	return line;
}

static void stop_with(int sig)
{
	int st;
	pid_t pid = sleeper();

	kill(pid, sig);
	printf("SIG%-5s wait4(WUNTRACED): %s status %#x; again (WNOHANG): %d; %s\n",
	       sigabbrev_np(sig), waitpid(pid, &st, WUNTRACED) == pid ? "stopped," : "?", st,
	       waitpid(pid, &st, WUNTRACED | WNOHANG), state_of(pid));
	kill(pid, SIGCONT);
	printf("%-8s wait4(WCONTINUED): %s status %#x; again (WNOHANG): %d\n", "SIGCONT",
	       waitpid(pid, &st, WCONTINUED) == pid ? "continued," : "?", st,
	       waitpid(pid, &st, WCONTINUED | WNOHANG));
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
}

/* SIGTSTP handled or ignored: the child goes on (and exits when told with SIGTERM). */
static void tstp_not_stopping(const char *what, void (*handler)(int))
{
	int st;
	pid_t pid;

	set_action(SIGTSTP, handler, 0);
	pid = sleeper();
	set_action(SIGTSTP, SIG_DFL, 0);
	kill(pid, SIGTSTP);
	kill(pid, SIGTERM);
	waitpid(pid, &st, WUNTRACED);
	printf("SIGTSTP %s: the child %s\n", what,
	       WIFSTOPPED(st) ? "stopped" : WIFSIGNALED(st) ? "went on, then died of SIGTERM" : "?");
}

static void kill_stopped(void)
{
	int st;
	pid_t pid = sleeper();

	kill(pid, SIGSTOP);
	waitpid(pid, &st, WUNTRACED);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	printf("SIGKILL to a stopped child: killed by %d\n", WTERMSIG(st));
}

/* The child blocks both; what stays pending after each is sent. */
static void stop_cancels_cont(void)
{
	int to_child[2], to_parent[2], st;
	pid_t pid;
	char c;

	pipe(to_child);
	pipe(to_parent);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		sigset_t set, pending;
		int i;

		sigemptyset(&set);
		sigaddset(&set, SIGCONT);
		sigaddset(&set, SIGTSTP);
		sigprocmask(SIG_BLOCK, &set, NULL);
		for (i = 0; i < 3; i++) {
			write(to_parent[1], "r", 1);
			read(to_child[0], &c, 1);
			sigpending(&pending);
			printf("  child: SIGCONT pending %d, SIGTSTP pending %d\n",
			       sigismember(&pending, SIGCONT), sigismember(&pending, SIGTSTP));
			fflush(stdout);
		}
		_exit(0);
	}
	read(to_parent[0], &c, 1);
	printf("SIGCONT sent to a child blocking it:\n");
	kill(pid, SIGCONT);
	write(to_child[1], "g", 1);
	read(to_parent[0], &c, 1);
	printf("then SIGTSTP:\n");
	kill(pid, SIGTSTP);
	write(to_child[1], "g", 1);
	read(to_parent[0], &c, 1);
	printf("then SIGCONT again:\n");
	kill(pid, SIGCONT);
	write(to_child[1], "g", 1);
	waitpid(pid, &st, 0);
}

static void nocldstop(void)
{
	int st;
	pid_t pid;

	chld_handler(SA_NOCLDSTOP);
	chld_count = 0;
	pid = sleeper();
	kill(pid, SIGSTOP);
	waitpid(pid, &st, WUNTRACED);
	kill(pid, SIGCONT);
	waitpid(pid, &st, WCONTINUED);
	printf("SA_NOCLDSTOP: SIGCHLDs for a stop and a continue: %d\n", chld_count);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	printf("SA_NOCLDSTOP: then for its death: %d (%s)\n", chld_count,
	       last_code == CLD_KILLED ? "CLD_KILLED" : "?");
}

static void nocldwait(void)
{
	int i;
	pid_t r;

	chld_handler(SA_NOCLDWAIT);
	chld_count = 0;
	fflush(stdout);
	for (i = 0; i < 3; i++)
		if (fork() == 0)
			_exit(i);
	do {
		r = wait(NULL);
	} while (r < 0 && errno == EINTR);
	printf("SA_NOCLDWAIT: wait returns %d (%s); SIGCHLD still sent: %s\n", r,
	       r < 0 ? strerrorname_np(errno) : "a child", chld_count ? "yes" : "no");
	set_action(SIGCHLD, SIG_DFL, 0);
}

static volatile sig_atomic_t usr1_code, usr1_status;

static void on_usr1(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)uc;
	usr1_code = info->si_code;
	usr1_status = info->si_status;
}

/* fork-like clones whose exit signal is SIGUSR1, then none. */
static void clone_exit_signal(void)
{
	struct sigaction sa;
	sigset_t usr1, none;
	int st;
	pid_t pid;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_usr1;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&none);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	fflush(stdout);
	pid = syscall(SYS_clone, SIGUSR1, 0, NULL, NULL, 0);
	if (pid == 0)
		_exit(4);
	sigsuspend(&none);
	printf("clone exit signal SIGUSR1: si_code %d status %d; wait4 without __WCLONE: %s\n",
	       usr1_code, usr1_status, waitpid(pid, &st, 0) < 0 ? strerrorname_np(errno) : "?");
	printf("  with __WCLONE: %s, exit %d\n", waitpid(pid, &st, __WCLONE) == pid ? "the child" :
	       "?", WEXITSTATUS(st));
	pid = syscall(SYS_clone, 0, 0, NULL, NULL, 0);
	if (pid == 0)
		_exit(5);
	printf("clone exit signal 0: wait4 __WALL: %s, exit %d\n",
	       waitpid(pid, &st, __WALL) == pid ? "the child" : "?", WEXITSTATUS(st));
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
}

static void show_waitid(const char *what, idtype_t type, id_t id, int options, pid_t child)
{
	siginfo_t info;
	int r;

	memset(&info, 0xff, sizeof(info));
	r = waitid(type, id, &info, options);
	if (r < 0) {
		printf("waitid %-28s -1 %s\n", what, strerrorname_np(errno));
		return;
	}
	printf("waitid %-28s 0 signo %d code %d status %d pid %s\n", what, info.si_signo,
	       info.si_code, info.si_status,
	       info.si_pid == child ? "the child's" : info.si_pid == 0 ? "0" : "other");
}

static void waitid_cases(void)
{
	int st;
	pid_t pid = sleeper();

	show_waitid("WEXITED|WNOHANG, none yet:", P_PID, pid, WEXITED | WNOHANG, pid);
	show_waitid("options 0:", P_PID, pid, 0, pid);
	show_waitid("P_PID 0:", P_PID, 0, WEXITED, pid);
	show_waitid("P_PID of init:", P_PID, 1, WEXITED, pid);
	show_waitid("idtype 9:", 9, 0, WEXITED, pid);
	kill(pid, SIGSTOP);
	show_waitid("WSTOPPED|WNOWAIT:", P_PID, pid, WSTOPPED | WNOWAIT, pid);
	show_waitid("WSTOPPED:", P_PID, pid, WSTOPPED, pid);
	show_waitid("WSTOPPED|WNOHANG again:", P_PID, pid, WSTOPPED | WNOHANG, pid);
	kill(pid, SIGCONT);
	show_waitid("WCONTINUED:", P_PID, pid, WCONTINUED, pid);
	kill(pid, SIGTERM);
	show_waitid("P_ALL WEXITED|WNOWAIT:", P_ALL, 0, WEXITED | WNOWAIT, pid);
	show_waitid("P_PID WEXITED:", P_PID, pid, WEXITED, pid);
	show_waitid("P_ALL WEXITED, no children:", P_ALL, 0, WEXITED, pid);
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(3);
	show_waitid("P_PGID 0, WEXITED:", P_PGID, 0, WEXITED, pid);
	printf("wait4(INT_MIN): %d %s\n", waitpid(INT_MIN, &st, 0), strerrorname_np(errno));
	printf("wait4 options 0x100: %d %s\n", waitpid(-1, &st, 0x100), strerrorname_np(errno));
	printf("wait4(-99999), no such group: %d %s\n", waitpid(-99999, &st, 0),
	       strerrorname_np(errno));
	printf("wait4 __WALL, no children: %d %s\n", waitpid(-1, &st, __WALL),
	       strerrorname_np(errno));
}

/* Killed by a signal whose default action is a core dump: Linux writes none with RLIMIT_CORE 0. */
static void core_signal(int sig)
{
	siginfo_t info;
	int st;
	pid_t pid = sleeper();

	kill(pid, sig);
	waitid(P_PID, pid, &info, WEXITED | WNOWAIT);
	waitpid(pid, &st, 0);
	unlink("core");
	printf("SIG%-5s status %#x, WCOREDUMP %d, si_code %s\n", sigabbrev_np(sig), st,
	       WCOREDUMP(st) != 0, info.si_code == CLD_DUMPED ? "CLD_DUMPED" :
	       info.si_code == CLD_KILLED ? "CLD_KILLED" : "?");
}

/* The same deaths with RLIMIT_CORE raised; a signal whose default is to end without a core too. */
static void core_with_limit(rlim_t limit)
{
	struct rlimit core = { limit, RLIM_INFINITY };

	setrlimit(RLIMIT_CORE, &core);
	getrlimit(RLIMIT_CORE, &core);
	printf("RLIMIT_CORE soft limit: %lld\n", (long long)core.rlim_cur);
	core_signal(SIGQUIT);
	core_signal(SIGBUS);
	core_signal(SIGTERM);
	core.rlim_cur = 0;
	setrlimit(RLIMIT_CORE, &core);
}

static char alt_stack[65536];

/* Before execve: a handler, an ignored signal, a blocked pending one, a timer, an alternate stack. */
static void exec_keeps_and_drops(void)
{
	struct itimerval timer = { { 0, 0 }, { 100, 0 } };
	stack_t ss = { .ss_sp = alt_stack, .ss_size = sizeof(alt_stack) };
	char *argv[] = { "stopcont", "after-exec", NULL };
	sigset_t usr1;
	pid_t pid;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		set_action(SIGUSR2, on_tstp, 0);
		set_action(SIGHUP, SIG_IGN, 0);
		sigemptyset(&usr1);
		sigaddset(&usr1, SIGUSR1);
		sigprocmask(SIG_BLOCK, &usr1, NULL);
		raise(SIGUSR1);
		setitimer(ITIMER_REAL, &timer, NULL);
		sigaltstack(&ss, NULL);
		execv("/bin/stopcont", argv);
		_exit(99);
	}
	waitpid(pid, &st, 0);
	printf("the exec'd program exited with %d\n", WEXITSTATUS(st));
}

/* After execve (argv[1] is "after-exec"): what is left. */
static int after_exec(void)
{
	struct sigaction usr2, hup;
	struct itimerval timer;
	sigset_t blocked, pending;
	stack_t ss;

	sigaction(SIGUSR2, NULL, &usr2);
	sigaction(SIGHUP, NULL, &hup);
	sigprocmask(SIG_BLOCK, NULL, &blocked);
	sigpending(&pending);
	getitimer(ITIMER_REAL, &timer);
	sigaltstack(NULL, &ss);
	printf("after execve: handler %s, SIG_IGN %s, SIGUSR1 blocked %d pending %d, "
	       "ITIMER_REAL %s, alternate stack %s\n",
	       usr2.sa_handler == SIG_DFL ? "reset" : "kept",
	       hup.sa_handler == SIG_IGN ? "kept" : "reset", sigismember(&blocked, SIGUSR1),
	       sigismember(&pending, SIGUSR1), timer.it_value.tv_sec > 0 ? "running" : "gone",
	       ss.ss_flags == SS_DISABLE ? "gone" : "kept");
	return 0;
}

static void run_all(void)
{
	struct rlimit core;

	stop_with(SIGSTOP);
	stop_with(SIGTSTP);
	stop_with(SIGTTIN);
	stop_with(SIGTTOU);
	tstp_not_stopping("handled", on_tstp);
	tstp_not_stopping("ignored", SIG_IGN);
	kill_stopped();
	stop_cancels_cont();
	nocldstop();
	nocldwait();
	clone_exit_signal();
	exec_keeps_and_drops();
	waitid_cases();
	getrlimit(RLIMIT_CORE, &core);
	printf("RLIMIT_CORE soft limit: %llu\n", (unsigned long long)core.rlim_cur);
	core_signal(SIGQUIT);
	core_signal(SIGSEGV);
	core_signal(SIGABRT);
	core_signal(SIGSYS);
	core_with_limit(4095);
	core_with_limit(4096);
	core_with_limit(RLIM_INFINITY);
}

/*
 * Run by init, which ignores SIGCHLD: a zombie grandchild that init
 * adopts when its parent exits is reaped at once too, so init's wait
 * finds no child left.
 */
static void adopted_zombie(void)
{
	siginfo_t info;
	pid_t r;

	signal(SIGCHLD, SIG_IGN);
	fflush(stdout);
	if (fork() == 0) {
		pid_t grandchild;

		signal(SIGCHLD, SIG_DFL);
		grandchild = fork();
		if (grandchild == 0)
			_exit(0);
		waitid(P_PID, grandchild, &info, WEXITED | WNOWAIT);	/* a zombie now */
		_exit(0);
	}
	r = wait(NULL);
	printf("init ignoring SIGCHLD adopts a zombie: wait returns %d (%s)\n", r,
	       r < 0 ? strerrorname_np(errno) : "the zombie");
	signal(SIGCHLD, SIG_DFL);
}

/*
 * Run by init: a clone child with its own exit signal (SIGUSR1), left a
 * zombie when its parent exits, is init's to reap with a plain wait():
 * adopted, it sends SIGCHLD as any child (Linux's reparent_leader; the
 * fuzzer found tkern keeping SIGUSR1, so that only __WALL found it).
 */
static void adopted_clone_child(void)
{
	siginfo_t info;
	pid_t r;

	fflush(stdout);
	if (fork() == 0) {
		pid_t child = syscall(SYS_clone, SIGUSR1, 0, NULL, NULL, 0);

		if (child == 0)
			_exit(0);
		waitid(P_PID, child, &info, WEXITED | WNOWAIT | __WCLONE);	/* a zombie now */
		_exit(0);
	}
	wait(NULL);
	r = waitpid(-1, NULL, 0);
	printf("init adopts a clone child whose exit signal is SIGUSR1: a plain wait reaps it: %s\n",
	       r > 0 ? "yes" : strerrorname_np(errno));
}

/*
 * The tests run in a child of init: Linux counts a process group whose
 * members are all init's children as orphaned, even when they lead their
 * own group (see sleeper).
 */
int main(int argc, char **argv)
{
	pid_t runner;
	int status;

	if (argc > 1 && !strcmp(argv[1], "after-exec"))
		return after_exec();
	mount("proc", "/proc", "proc", 0, NULL);
	fflush(stdout);
	runner = fork();
	if (runner == 0) {
		run_all();
		exit(0);
	}
	waitpid(runner, &status, 0);
	adopted_clone_child();
	adopted_zombie();
	return WEXITSTATUS(status);
}
