/*
 * Nice values and scheduling policies, compared with Linux booted in QEMU
 * (run as init, root): nice(), setpriority and getpriority for a thread,
 * a process group and a user, their clamping and errnos, the raw
 * getpriority's 20 - nice, /proc/<pid>/stat's priority and nice fields;
 * then as an unprivileged user: raising its own nice value but not
 * lowering it (EACCES, glibc's nice() says EPERM) unless RLIMIT_NICE
 * allows, another user's process refused (EPERM) though readable, a
 * process group with both kinds (the call fails, its own member changes).
 * And the SCHED_OTHER family: sched_getscheduler, sched_getparam,
 * sched_setscheduler and sched_setparam with the values and errors Linux
 * gives, sched_get_priority_max/min, sched_rr_get_interval. /proc/stat's
 * nice column counts a niced process's user time. Which nice value gets
 * more CPU time is not looked at here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NO_SUCH_PID 99999
#define USER 1000
#define OTHER_USER 1001

static void show(const char *what, long r)
{
	if (r < 0)
		printf("%-56s %s\n", what, strerrorname_np(errno));
	else
		printf("%-56s %ld\n", what, r);
}

/* The raw call: 20 - nice, the highest over the tasks named, or -1 and errno. */
static long raw_getpriority(int which, int who)
{
	return syscall(SYS_getpriority, which, who);
}

/* glibc's nice(): -1 is also a valid answer, so errno tells. */
static void show_nice(const char *what, int inc)
{
	int r;

	errno = 0;
	r = nice(inc);
	if (r == -1 && errno)
		printf("%-56s %s\n", what, strerrorname_np(errno));
	else
		printf("%-56s %d\n", what, r);
}

/* Field n (1-based) of /proc/pid/stat and the one after it; -1 if unreadable. */
static int stat_fields(pid_t pid, int n, long *a, long *b)
{
	char path[64], text[1024], *p;
	int fd, len;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY);
	len = fd < 0 ? -1 : read(fd, text, sizeof(text) - 1);
	if (fd >= 0)
		close(fd);
	text[len > 0 ? len : 0] = '\0';
	p = strrchr(text, ')');
	for (int field = 2; p && field < n; field++)
		p = strchr(p + 1, ' ');
	return p && sscanf(p + 1, "%ld %ld", a, b) == 2 ? 0 : -1;
}

/* /proc/pid/stat's priority (18) and nice (19) fields. */
static void show_stat(const char *who, pid_t pid)
{
	long prio, nice;

	if (stat_fields(pid, 18, &prio, &nice))
		printf("%s: no stat\n", who);
	else
		printf("%s: /proc stat priority %ld nice %ld\n", who, prio, nice);
}

/* The nice column of /proc/stat's cpu line, in ticks. */
static long nice_ticks(void)
{
	long user = -1, nice = -1;
	FILE *f = fopen("/proc/stat", "r");

	if (f) {
		if (fscanf(f, "cpu %ld %ld", &user, &nice) != 2)
			nice = -1;
		fclose(f);
	}
	return nice;
}

/*
 * A child at nice 10 works until it has 20 ticks of user time (counted,
 * not timed); /proc/stat's nice column must have grown by at least half
 * of them (user time of tasks with a nice value above 0 goes there).
 */
static void nice_time(void)
{
	long before = nice_ticks(), utime = 0, stime;
	volatile unsigned long x = 0;
	int status;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		setpriority(PRIO_PROCESS, 0, 10);
		while (!stat_fields(getpid(), 14, &utime, &stime) && utime < 20)
			for (int i = 0; i < 1000000; i++)
				x += i;
		_exit(utime > 255 ? 255 : (int)utime);
	}
	waitpid(pid, &status, 0);
	printf("/proc/stat nice column grew by half a nice 10 child's user time: %s\n",
	       WIFEXITED(status) && WEXITSTATUS(status) >= 20 &&
	       nice_ticks() - before >= WEXITSTATUS(status) / 2 ? "yes" : "no");
}

/*
 * A child that waits, as uid (0: stays root), in process group pgid (0:
 * its own), until release is closed; it is in place when this returns.
 */
static pid_t waiting_child(uid_t uid, pid_t pgid, int *release)
{
	int ready[2], hold[2];
	pid_t pid;
	char c;

	pipe(ready);
	pipe(hold);
	pid = fork();
	if (pid == 0) {
		for (int fd = 3; fd < 64; fd++)	/* earlier children's hold pipes too */
			if (fd != ready[1] && fd != hold[0])
				close(fd);
		setpgid(0, pgid);
		if (uid)
			setresuid(uid, uid, uid);
		close(ready[1]);
		read(hold[0], &c, 1);
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	setpgid(pid, pgid);
	read(ready[0], &c, 1);
	close(ready[0]);
	*release = hold[1];
	return pid;
}

static void release_child(pid_t pid, int release)
{
	int status;

	close(release);
	waitpid(pid, &status, 0);
}

/* -------------------------------------------------------- as root */

static void root_own(void)
{
	show("getpriority(PRIO_PROCESS, 0) raw", raw_getpriority(PRIO_PROCESS, 0));
	show_nice("nice(5)", 5);
	show("getpriority raw after nice(5)", raw_getpriority(PRIO_PROCESS, 0));
	show_stat("self", getpid());
	show_nice("nice(-3) as root", -3);
	show_nice("nice(-100): clamped", -100);
	show_stat("self", getpid());
	show_nice("nice(100): clamped", 100);
	show("setpriority(PRIO_PROCESS, 0, -21): clamped", setpriority(PRIO_PROCESS, 0, -21));
	show("getpriority raw", raw_getpriority(PRIO_PROCESS, 0));
	show("setpriority(PRIO_PROCESS, getpid(), 0)", setpriority(PRIO_PROCESS, getpid(), 0));
	show("getpriority raw", raw_getpriority(PRIO_PROCESS, getpid()));
}

static void root_errors(void)
{
	show("setpriority: which 3", setpriority(3, 0, 0));
	show("setpriority: which -1", setpriority(-1, 0, 0));
	show("getpriority: which 3", raw_getpriority(3, 0));
	show("setpriority: no such pid", setpriority(PRIO_PROCESS, NO_SUCH_PID, 0));
	show("getpriority: no such pid", raw_getpriority(PRIO_PROCESS, NO_SUCH_PID));
	show("getpriority: pid -1", raw_getpriority(PRIO_PROCESS, -1));
	show("setpriority: no such group", setpriority(PRIO_PGRP, NO_SUCH_PID, 0));
	show("getpriority: no such group", raw_getpriority(PRIO_PGRP, NO_SUCH_PID));
	show("setpriority: a user with no processes", setpriority(PRIO_USER, 4242, 0));
	show("getpriority: a user with no processes", raw_getpriority(PRIO_USER, 4242));
}

/* A group of two: set as a whole, then one member apart; the highest priority wins. */
static void root_group(void)
{
	int r1, r2;
	pid_t a = waiting_child(0, 0, &r1);
	pid_t b = waiting_child(0, a, &r2);

	show("setpriority(PRIO_PGRP, group, 7)", setpriority(PRIO_PGRP, a, 7));
	show("getpriority(PRIO_PGRP, group) raw", raw_getpriority(PRIO_PGRP, a));
	show_stat("member a", a);
	show_stat("member b", b);
	show("setpriority(PRIO_PROCESS, b, 3)", setpriority(PRIO_PROCESS, b, 3));
	show("getpriority(PRIO_PGRP, group) raw: b's", raw_getpriority(PRIO_PGRP, a));
	show("getpriority(PRIO_PROCESS, a) raw", raw_getpriority(PRIO_PROCESS, a));
	release_child(a, r1);
	release_child(b, r2);
}

static void root_user(void)
{
	int r1, r2;
	pid_t a = waiting_child(OTHER_USER, 0, &r1);
	pid_t b = waiting_child(OTHER_USER, 0, &r2);

	show("setpriority(PRIO_USER, 1001, 4)", setpriority(PRIO_USER, OTHER_USER, 4));
	show("getpriority(PRIO_USER, 1001) raw", raw_getpriority(PRIO_USER, OTHER_USER));
	show_stat("user 1001's a", a);
	show_stat("user 1001's b", b);
	release_child(a, r1);
	release_child(b, r2);
}

/* ------------------------------------------------ as user 1000 */

static void user_own(void)
{
	show("user: setresuid(1000)", setresuid(USER, USER, USER));
	show_nice("user: nice(2)", 2);
	show_nice("user: nice(-1)", -1);
	show("user: setpriority(PRIO_PROCESS, 0, 1): lower", setpriority(PRIO_PROCESS, 0, 1));
	show("user: setpriority(PRIO_PROCESS, 0, 2): same", setpriority(PRIO_PROCESS, 0, 2));
	show("user: setpriority(PRIO_PROCESS, 0, 10): higher", setpriority(PRIO_PROCESS, 0, 10));
	show_stat("user", getpid());
	show("user: setpriority of init (root's)", setpriority(PRIO_PROCESS, 1, 10));
	show("user: setpriority of init, lower", setpriority(PRIO_PROCESS, 1, -5));
	show("user: getpriority of init raw", raw_getpriority(PRIO_PROCESS, 1));
}

/* Root set RLIMIT_NICE to 25 before giving up root: nice may go down to -5. */
static void user_rlimit(void)
{
	struct rlimit lim = { 25, 25 };

	show("setrlimit(RLIMIT_NICE, 25) as root", setrlimit(RLIMIT_NICE, &lim));
	show("user: setresuid(1000)", setresuid(USER, USER, USER));
	show("user: setpriority(0, 0, -5)", setpriority(PRIO_PROCESS, 0, -5));
	show("user: setpriority(0, 0, -6)", setpriority(PRIO_PROCESS, 0, -6));
	show("user: getpriority raw", raw_getpriority(PRIO_PROCESS, 0));
	show("user: setpriority(0, 0, 19)", setpriority(PRIO_PROCESS, 0, 19));
	show("user: setpriority(0, 0, 0): back down", setpriority(PRIO_PROCESS, 0, 0));
	lim.rlim_cur = 10;
	show("user: setrlimit(RLIMIT_NICE, 10)", setrlimit(RLIMIT_NICE, &lim));
	show("user: setpriority(0, 0, 9): within 10", setpriority(PRIO_PROCESS, 0, 9));
	show("user: setpriority(0, 0, 10)", setpriority(PRIO_PROCESS, 0, 10));
	show("user: setpriority(0, 0, 9): again", setpriority(PRIO_PROCESS, 0, 9));
	show_stat("user", getpid());
}

/* A group of a root process and a user-1000 one, changed by user 1000. */
static void user_group(void)
{
	int r1, r2;
	pid_t a = waiting_child(0, 0, &r1);
	pid_t b = waiting_child(USER, a, &r2);
	pid_t caller;
	int status;

	fflush(stdout);
	caller = fork();
	if (caller == 0) {
		setresuid(USER, USER, USER);
		show("user: setpriority(PRIO_PGRP, mixed group, 9)", setpriority(PRIO_PGRP, a, 9));
		show("user: getpriority(PRIO_PGRP, mixed group) raw", raw_getpriority(PRIO_PGRP, a));
		show("user: setpriority(PRIO_USER, 1000, 12)", setpriority(PRIO_USER, USER, 12));
		show("user: setpriority(PRIO_USER, 0, 11)", setpriority(PRIO_USER, 0, 11));
		exit(0);
	}
	waitpid(caller, &status, 0);
	show_stat("root member", a);
	show_stat("user member", b);
	release_child(a, r1);
	release_child(b, r2);
}

/* ------------------------------------------------ policies */

static long set_policy(pid_t pid, int policy, int priority)
{
	struct sched_param param = { .sched_priority = priority };

	return syscall(SYS_sched_setscheduler, pid, policy, &param);
}

static long set_param(pid_t pid, int priority)
{
	struct sched_param param = { .sched_priority = priority };

	return syscall(SYS_sched_setparam, pid, &param);
}

static void policies_read(void)
{
	struct sched_param param = { .sched_priority = -1 };
	static const int policies[] = { SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH, 4,
					SCHED_IDLE, 6, 7, -1 };
	struct timespec ts;
	char what[64];

	show("sched_getscheduler(0)", sched_getscheduler(0));
	show("sched_getscheduler(-1)", sched_getscheduler(-1));
	show("sched_getscheduler(no such pid)", sched_getscheduler(NO_SUCH_PID));
	show("sched_getparam(0)", sched_getparam(0, &param));
	printf("  sched_priority %d\n", param.sched_priority);
	show("sched_getparam(0, NULL)", syscall(SYS_sched_getparam, 0, NULL));
	show("sched_getparam(-1)", sched_getparam(-1, &param));
	show("sched_getparam(no such pid)", sched_getparam(NO_SUCH_PID, &param));
	show("sched_getparam(0, bad pointer)", syscall(SYS_sched_getparam, 0, (void *)8));
	for (size_t i = 0; i < sizeof(policies) / sizeof(policies[0]); i++) {
		snprintf(what, sizeof(what), "sched_get_priority_min(%d)", policies[i]);
		show(what, sched_get_priority_min(policies[i]));
		snprintf(what, sizeof(what), "sched_get_priority_max(%d)", policies[i]);
		show(what, sched_get_priority_max(policies[i]));
	}
	show("sched_rr_get_interval(0)", sched_rr_get_interval(0, &ts));
	show("sched_rr_get_interval(-1)", sched_rr_get_interval(-1, &ts));
	show("sched_rr_get_interval(no such pid)", sched_rr_get_interval(NO_SUCH_PID, &ts));
	show("sched_rr_get_interval(0, bad pointer)",
	     syscall(SYS_sched_rr_get_interval, 0, (void *)8));
}

static void policies_set_errors(void)
{
	show("setscheduler(0, SCHED_OTHER, 0)", set_policy(0, SCHED_OTHER, 0));
	show("setscheduler(0, SCHED_OTHER, 1)", set_policy(0, SCHED_OTHER, 1));
	show("setscheduler(0, SCHED_OTHER, -1)", set_policy(0, SCHED_OTHER, -1));
	show("setscheduler(0, SCHED_FIFO, 0)", set_policy(0, SCHED_FIFO, 0));
	show("setscheduler(0, SCHED_RR, 100)", set_policy(0, SCHED_RR, 100));
	show("setscheduler(0, 4, 0)", set_policy(0, 4, 0));
	show("setscheduler(0, SCHED_DEADLINE, 0)", set_policy(0, 6, 0));
	show("setscheduler(0, -1, 0)", set_policy(0, -1, 0));
	show("setscheduler(0, 7, 0)", set_policy(0, 7, 0));
	show("setscheduler(-1, SCHED_OTHER, 0)", set_policy(-1, SCHED_OTHER, 0));
	show("setscheduler(no such pid, SCHED_OTHER, 0)", set_policy(NO_SUCH_PID, SCHED_OTHER, 0));
	show("setscheduler(0, SCHED_OTHER, NULL)",
	     syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, NULL));
	show("setscheduler(0, SCHED_OTHER, bad pointer)",
	     syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, (void *)8));
	show("setparam(0, 0)", set_param(0, 0));
	show("setparam(0, 5)", set_param(0, 5));
	show("setparam(-1, 0)", set_param(-1, 0));
	show("setparam(0, NULL)", syscall(SYS_sched_setparam, 0, NULL));
	show("getscheduler(0) after all that", sched_getscheduler(0));
}

/* The policy a forked child starts with, as its parent sees it. */
static void show_child_policy(const char *what)
{
	pid_t child;
	int status;

	fflush(stdout);
	child = fork();
	if (child == 0) {
		printf("%s: policy %d, nice %d\n", what, sched_getscheduler(0), getpriority(PRIO_PROCESS, 0));
		fflush(stdout);
		_exit(0);
	}
	waitpid(child, &status, 0);
}

/*
 * In a child: the fair policies are kept and read back, children inherit
 * them, SCHED_RESET_ON_FORK gives children nice 0 instead of a negative
 * nice (and is not inherited), and as an unprivileged user leaving
 * SCHED_IDLE or clearing SCHED_RESET_ON_FORK is refused.
 */
static void policies_fair(void)
{
	pid_t child;
	int status;

	fflush(stdout);
	child = fork();
	if (child == 0) {
		show("setscheduler(0, SCHED_BATCH, 0)", set_policy(0, SCHED_BATCH, 0));
		show("getscheduler(0)", sched_getscheduler(0));
		show_child_policy("child of a SCHED_BATCH parent");
		show("setscheduler(0, SCHED_IDLE, 0)", set_policy(0, SCHED_IDLE, 0));
		show("getscheduler(0)", sched_getscheduler(0));
		show("setscheduler(0, SCHED_BATCH, 1)", set_policy(0, SCHED_BATCH, 1));
		show("setparam(0, 0) keeps the policy", set_param(0, 0));
		show("getscheduler(0)", sched_getscheduler(0));
		show("setpriority(0, -5)", setpriority(PRIO_PROCESS, 0, -5));
		show("setscheduler(0, SCHED_OTHER | RESET_ON_FORK, 0)",
		     set_policy(0, SCHED_OTHER | SCHED_RESET_ON_FORK, 0));
		show("getscheduler(0)", sched_getscheduler(0));
		show_child_policy("child with reset on fork");
		show("setscheduler(0, SCHED_IDLE | RESET_ON_FORK, 0)",
		     set_policy(0, SCHED_IDLE | SCHED_RESET_ON_FORK, 0));
		show("user: setresuid(1000)", setresuid(USER, USER, USER));
		show("user: clear reset on fork", set_policy(0, SCHED_IDLE, 0));
		show("user: leave SCHED_IDLE at nice -5", set_policy(0, SCHED_OTHER | SCHED_RESET_ON_FORK, 0));
		show("user: getscheduler(0)", sched_getscheduler(0));
		exit(0);
	}
	waitpid(child, &status, 0);
}

static void policies_user(void)
{
	show("user: setresuid(1000)", setresuid(USER, USER, USER));
	show("user: setscheduler(0, SCHED_OTHER, 0)", set_policy(0, SCHED_OTHER, 0));
	show("user: setscheduler(0, SCHED_FIFO, 1)", set_policy(0, SCHED_FIFO, 1));
	show("user: setscheduler(0, SCHED_RR, 1)", set_policy(0, SCHED_RR, 1));
	show("user: setscheduler(init, SCHED_OTHER, 0)", set_policy(1, SCHED_OTHER, 0));
	show("user: setparam(init, 0)", set_param(1, 0));
	show("user: getscheduler(init)", sched_getscheduler(1));
}

/* Run fn in a child, so that what it changes (uid, nice) goes with it. */
static void in_child(void (*fn)(void))
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		fn();
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	in_child(root_own);
	root_errors();
	root_group();
	root_user();
	in_child(user_own);
	in_child(user_rlimit);
	user_group();
	policies_read();
	policies_set_errors();
	policies_fair();
	in_child(policies_user);
	nice_time();
	return 0;
}
