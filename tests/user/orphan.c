/*
 * Orphaned process groups, compared with Debian's Linux booted in QEMU
 * (this program is init there as here). When a process's exit leaves a
 * group with a stopped member and no member whose parent is in another
 * group of the session (init does not count), the group gets SIGHUP, then
 * SIGCONT, from the kernel (si_code SI_KERNEL):
 *
 * - the group's leader exits while its child is stopped: the child's
 *   handlers see SIGHUP then SIGCONT, and it runs on;
 * - the same without handlers: SIGHUP's default action ends the child;
 * - a member whose parent is another (non-init) process in another group
 *   keeps the group linked: nothing is sent; when that member dies, the
 *   link goes and the stopped member gets both signals;
 * - a group with nobody stopped gets nothing;
 * - in an orphaned group, SIGTSTP, SIGTTIN and SIGTTOU do not stop a
 *   process whose action is the default (nobody could continue it), but
 *   SIGSTOP does.
 *
 * Both kernels run the handlers in the same order: SIGCONT's, then
 * SIGHUP's.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sig_setup.h"
#include "stat_state.h"

#define MAX_SEEN 8

static volatile sig_atomic_t nr_seen;
static volatile int seen_sig[MAX_SEEN], seen_code[MAX_SEEN], seen_pid[MAX_SEEN];

static void record(int sig, siginfo_t *info, void *uc)
{
	(void)uc;
	if (nr_seen < MAX_SEEN) {
		seen_sig[nr_seen] = sig;
		seen_code[nr_seen] = info->si_code;
		seen_pid[nr_seen] = info->si_pid;
		nr_seen++;
	}
}

/* What the job's handlers saw, as one line on fd. */
static void report_seen(int fd)
{
	char line[256];
	int len = snprintf(line, sizeof(line), "saw %d signal(s):", (int)nr_seen);

	for (int i = 0; i < nr_seen; i++)
		len += snprintf(line + len, sizeof(line) - len, " %s(code %#x, pid %d)",
				strsignal(seen_sig[i]), seen_code[i], seen_pid[i]);
	len += snprintf(line + len, sizeof(line) - len, "\n");
	if (write(fd, line, len) != len)
		_exit(3);
}

enum job_kind { STOPS_WITH_HANDLERS, STOPS_UNHANDLED, WAITS_FOR_USR1 };

/*
 * The job, in its parent's group: it stops itself (or waits for SIGUSR1)
 * and, once running again, writes what its handlers saw to fd.
 */
static void job(enum job_kind kind, int fd)
{
	sigset_t usr1;

	if (kind != STOPS_UNHANDLED) {
		set_siginfo_action(SIGHUP, record, 0);
		set_siginfo_action(SIGCONT, record, 0);
	}
	if (kind == WAITS_FOR_USR1) {
		sigemptyset(&usr1);
		sigaddset(&usr1, SIGUSR1);
		sigprocmask(SIG_BLOCK, &usr1, NULL);
		write(fd, "ready\n", 6);
		sigwaitinfo(&usr1, NULL);
	} else {
		raise(SIGSTOP);
	}
	report_seen(fd);
	_exit(0);
}

/*
 * A group leader: it starts the job, waits until the job is stopped (or
 * ready), sends the job's pid down the pipe and exits.
 */
static void leader(enum job_kind kind, const int fds[2])
{
	pid_t pid;
	int status = 0;
	char ready[8];

	setpgid(0, 0);
	pid = fork();
	if (pid == 0)
		job(kind, fds[1]);
	if (kind == WAITS_FOR_USR1)
		read(fds[0], ready, 6);
	else
		waitpid(pid, &status, WUNTRACED);
	printf("  the job is %s\n", kind == WAITS_FOR_USR1 ? "running" : WIFSTOPPED(status) ?
	       "stopped" : "not stopped");
	fflush(stdout);
	write(fds[1], &pid, sizeof(pid));
	_exit(0);
}

static pid_t read_pid(int fd)
{
	pid_t pid = -1;

	if (read(fd, &pid, sizeof(pid)) != sizeof(pid))
		return -1;
	return pid;
}

static char proc_state(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	return stat_state(path);
}

static void print_status(const char *who, int status)
{
	if (WIFEXITED(status))
		printf("  %s exited with %d\n", who, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("  %s was killed by %s\n", who, strsignal(WTERMSIG(status)));
	else
		printf("  %s: status %#x\n", who, status);
}

static void copy_report(int fd)
{
	char buf[256];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	buf[n > 0 ? n : 0] = '\0';
	printf("  the job %s", n > 0 ? buf : "wrote nothing\n");
}

/* The leader exits with its child stopped (or waiting): what the child gets. */
static void leader_exits(const char *title, enum job_kind kind)
{
	int fds[2], status;
	pid_t group, job_pid;

	printf("%s\n", title);
	pipe(fds);
	group = fork();
	if (group == 0)
		leader(kind, fds);
	waitpid(group, &status, 0);
	print_status("the leader", status);
	job_pid = read_pid(fds[0]);
	if (kind == WAITS_FOR_USR1)	/* its state may be R or S: on its way to sigwaitinfo */
		kill(job_pid, SIGUSR1);
	waitpid(job_pid, &status, 0);
	print_status("the job", status);
	if (WIFEXITED(status))
		copy_report(fds[0]);
	close(fds[0]);
	close(fds[1]);
}

/*
 * A keeper: a process in another group of the session (not init) whose
 * child is in the job's group. While the child lives the group is linked;
 * the leader's exit sends nothing. The keeper then kills its child: that
 * exit unlinks the group.
 */
static void keeper_holds_the_group(void)
{
	int fds[2], status;
	pid_t keeper;

	printf("a member whose parent is in another group keeps the group linked\n");
	fflush(stdout);
	pipe(fds);
	keeper = fork();
	if (keeper == 0) {
		pid_t group, member, job_pid;

		setpgid(0, 0);
		group = fork();
		if (group == 0)
			leader(STOPS_WITH_HANDLERS, fds);
		setpgid(group, group);	/* as a shell does: the group exists before the member joins */
		member = fork();
		if (member == 0) {
			setpgid(0, group);
			pause();
			_exit(0);
		}
		setpgid(member, group);
		/* The leader waits for its job to stop before it exits. */
		waitpid(group, &status, 0);
		print_status("the leader", status);
		job_pid = read_pid(fds[0]);
		printf("  the job's state with the member alive: %c\n", proc_state(job_pid));
		kill(member, SIGKILL);
		waitpid(member, &status, 0);
		print_status("the member", status);
		fflush(stdout);
		_exit(0);
	}
	waitpid(keeper, &status, 0);
	print_status("the keeper", status);
	/* The job, stopped then continued, was left to init: this process. */
	while (waitpid(-1, &status, 0) > 0)
		print_status("the job", status);
	copy_report(fds[0]);
	close(fds[0]);
	close(fds[1]);
}

static void stops_in_an_orphaned_group(void)
{
	pid_t child;
	int status;

	printf("stop signals in an orphaned group\n");
	fflush(stdout);
	child = fork();
	if (child == 0) {
		setsid();	/* its group's only link would be a parent in its session */
		raise(SIGTSTP);
		raise(SIGTTIN);
		raise(SIGTTOU);
		printf("  SIGTSTP, SIGTTIN and SIGTTOU did not stop it\n");
		fflush(stdout);
		raise(SIGSTOP);
		_exit(0);
	}
	waitpid(child, &status, WUNTRACED);
	if (WIFSTOPPED(status))
		printf("  stopped by %s\n", strsignal(WSTOPSIG(status)));
	else
		print_status("it", status);
	kill(child, SIGCONT);
	if (WIFSTOPPED(status))
		waitpid(child, &status, 0);
	print_status("it", status);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	mount("proc", "/proc", "proc", 0, NULL);	/* Linux's init starts without it */
	leader_exits("a stopped job with handlers, orphaned by its leader's exit",
		     STOPS_WITH_HANDLERS);
	leader_exits("a stopped job without handlers", STOPS_UNHANDLED);
	leader_exits("a running job: no signal", WAITS_FOR_USR1);
	keeper_holds_the_group();
	stops_in_an_orphaned_group();
	return 0;
}
