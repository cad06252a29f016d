/*
 * Interval timers and times(), compared with Linux under qemu-aarch64:
 * setitimer/getitimer errors (EINVAL, EFAULT), alarm's return, SIGALRM
 * from ITIMER_REAL (once, and reloaded by an interval), SIGVTALRM and
 * SIGPROF after CPU work, a fork's child starting without timers, and
 * times(): the process's and its reaped children's CPU ticks grow, the
 * return value too. Only relations are printed, never durations: every
 * wait is for an event (a signal, a counter reaching a value).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t fired, fired_code;

static void on_timer(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)uc;
	fired++;
	fired_code = info->si_code;
}

static void catch(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_timer;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(sig, &sa, NULL);
}

static const char *err(int ret)
{
	return ret ? strerrorname_np(errno) : "ok";
}

static void errors(void)
{
	struct itimerval v = { { 0, 0 }, { 0, 1000000 } };

	printf("setitimer which 99: %s\n", err(setitimer(99, &v, NULL)));
	printf("getitimer which 99: %s\n", err(getitimer(99, &v)));
	printf("setitimer tv_usec 1000000: %s\n", err(setitimer(ITIMER_REAL, &v, NULL)));
	v.it_value.tv_usec = -1;
	printf("setitimer tv_usec -1: %s\n", err(setitimer(ITIMER_REAL, &v, NULL)));
	printf("setitimer bad new value: %s\n",
	       err(setitimer(ITIMER_REAL, (struct itimerval *)8, NULL)));
	printf("setitimer which 99, bad new value: %s\n",
	       err(setitimer(99, (struct itimerval *)8, NULL)));
	printf("setitimer new value at a kernel address: %s\n",
	       err(setitimer(ITIMER_REAL, (struct itimerval *)0xffff000040000000UL, NULL)));
	v.it_value.tv_usec = 0;
	v.it_value.tv_sec = -1;
	printf("setitimer tv_sec -1: %s\n", err(setitimer(ITIMER_REAL, &v, NULL)));
	v.it_value.tv_sec = 100;
	v.it_interval.tv_usec = 1000000;
	printf("setitimer interval tv_usec 1000000: %s\n", err(setitimer(ITIMER_REAL, &v, NULL)));
	v.it_interval.tv_usec = 0;
	printf("setitimer bad old-value pointer: %s\n",
	       err(setitimer(ITIMER_REAL, &v, (struct itimerval *)8)));
	getitimer(ITIMER_REAL, &v);
	printf("  the timer was set all the same: %s\n", v.it_value.tv_sec > 0 ? "yes" : "no");
	/* syscall(): glibc's prototype wants a new value; the kernel takes NULL as zero. */
	printf("setitimer NULL new value: %s\n", err(syscall(SYS_setitimer, ITIMER_REAL, NULL, &v)));
	printf("  the old value came back: %s\n", v.it_value.tv_sec > 0 ? "yes" : "no");
	getitimer(ITIMER_REAL, &v);
	printf("  and the timer is off: %s\n", v.it_value.tv_sec || v.it_value.tv_usec ? "no" : "yes");
	printf("getitimer bad pointer: %s\n", err(getitimer(ITIMER_REAL, (struct itimerval *)8)));
	printf("times bad pointer: %s\n", err(syscall(SYS_times, 8) == -1));
}

static void show(const char *what, int which, long max_usec)
{
	struct itimerval v;
	long left;

	getitimer(which, &v);
	left = v.it_value.tv_sec * 1000000 + v.it_value.tv_usec;
	printf("%s: interval %ld.%06ld, value %s\n", what, (long)v.it_interval.tv_sec,
	       (long)v.it_interval.tv_usec, left == 0 ? "0" : left <= max_usec ? "running" : "?");
}

static void await_fired(int count)
{
	sigset_t none;

	sigemptyset(&none);
	while (fired < count)
		sigsuspend(&none);
}

static void real_timer(void)
{
	struct itimerval once = { { 0, 0 }, { 0, 50000 } }, every = { { 0, 20000 }, { 0, 20000 } };
	struct itimerval later = { { 0, 0 }, { 100, 0 } };
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	unsigned int left;
	sigset_t alrm;

	show("ITIMER_REAL at first", ITIMER_REAL, 0);
	alarm(100);
	left = alarm(0);
	printf("alarm(100) then alarm(0): %s\n", left >= 99 && left <= 100 ? "99..100 left" : "?");
	catch(SIGALRM);
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	sigprocmask(SIG_BLOCK, &alrm, NULL);
	setitimer(ITIMER_REAL, &later, NULL);
	show("100 s once, just set", ITIMER_REAL, 100000000);
	setitimer(ITIMER_REAL, &once, NULL);
	await_fired(1);
	printf("SIGALRM: si_code SI_KERNEL %d\n", fired_code == SI_KERNEL);
	show("after it fired", ITIMER_REAL, 0);
	fired = 0;
	setitimer(ITIMER_REAL, &every, NULL);
	await_fired(3);
	show("every 20 ms, after 3", ITIMER_REAL, 20000);
	setitimer(ITIMER_REAL, &off, &once);
	printf("stopped; it had interval %ld us\n", (long)once.it_interval.tv_usec);
	show("stopped", ITIMER_REAL, 0);
	sigprocmask(SIG_UNBLOCK, &alrm, NULL);
}

/* CPU-time timers: work until the signal comes. */
static void cpu_timer(int which, int sig, const char *name)
{
	struct itimerval v = { { 0, 0 }, { 0, 30000 } };
	volatile unsigned long spin = 0;

	catch(sig);
	fired = 0;
	setitimer(which, &v, NULL);
	/* Linux adds a tick (up to 10 ms) to the value: the current tick is only partly ours. */
	show(name, which, 40000);
	while (!fired)
		spin++;
	printf("%s: its signal came after CPU work, si_code SI_KERNEL %d\n", name,
	       fired_code == SI_KERNEL);
	show(name, which, 0);
}

static void not_inherited(void)
{
	struct itimerval v = { { 0, 0 }, { 100, 0 } }, off = { { 0, 0 }, { 0, 0 } };
	pid_t child;
	int status;

	setitimer(ITIMER_REAL, &v, NULL);
	fflush(stdout);
	child = fork();
	if (child == 0) {
		getitimer(ITIMER_REAL, &v);
		_exit(v.it_value.tv_sec == 0 && v.it_value.tv_usec == 0);
	}
	waitpid(child, &status, 0);
	printf("a forked child starts without the parent's ITIMER_REAL: %d\n", WEXITSTATUS(status));
	setitimer(ITIMER_REAL, &off, NULL);
}

static clock_t cpu_ticks(const struct tms *t)
{
	return t->tms_utime + t->tms_stime;
}

/* Work until this process has run for at least ticks clock ticks. */
static void burn(clock_t ticks)
{
	struct tms t;

	do
		times(&t);
	while (cpu_ticks(&t) < ticks);
}

static void times_relations(void)
{
	struct tms before, after, reaped;
	clock_t t0, t1;
	pid_t child;

	printf("clock ticks a second: %ld\n", sysconf(_SC_CLK_TCK));
	t0 = times(&before);
	burn(cpu_ticks(&before) + 5);
	t1 = times(&after);
	printf("after 5 ticks of work: own CPU grew %d, return value grew %d, children 0: %d\n",
	       cpu_ticks(&after) >= cpu_ticks(&before) + 5, t1 > t0,
	       after.tms_cutime + after.tms_cstime == 0);
	fflush(stdout);
	child = fork();
	if (child == 0) {
		burn(3);
		_exit(0);
	}
	waitpid(child, NULL, 0);
	times(&reaped);
	printf("a child that worked 3 ticks, reaped: children's CPU >= 3: %d\n",
	       reaped.tms_cutime + reaped.tms_cstime >= 3);
}

int main(void)
{
	times_relations();	/* first: before it no child has been reaped */
	errors();
	real_timer();
	cpu_timer(ITIMER_VIRTUAL, SIGVTALRM, "ITIMER_VIRTUAL");
	cpu_timer(ITIMER_PROF, SIGPROF, "ITIMER_PROF");
	not_inherited();
	return 0;
}
