/*
 * Pending and queued signals, compared with Linux under qemu-aarch64:
 * sigpending; standard signals coalescing; real-time signals queued in
 * order, each with its sigqueue value and sender; sigtimedwait (EAGAIN,
 * EINVAL, EINTR); rt_sigqueueinfo's EPERM for a forged si_code; the
 * size checks of the raw calls; and sigaltstack: its errors, a handler
 * with SA_ONSTACK running on it (EPERM to change it there), and a SIGSEGV
 * handler catching a stack overflow on it.
 *
 * When a step needs the other process asleep first, it waits until
 * /proc/<pid>/stat says so (asleep.h): no step depends on timing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "asleep.h"

#define ALT_SIZE 65536

static volatile sig_atomic_t handled;
static char alt_stack[ALT_SIZE] __attribute__((aligned(16)));

static void count(int sig)
{
	(void)sig;
	handled++;
}

static void on(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

static void block(int sig, int how)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(how, &set, NULL);
}

static void coalescing(void)
{
	sigset_t pending;

	on(SIGUSR1, count, 0);
	block(SIGUSR1, SIG_BLOCK);
	raise(SIGUSR1);
	raise(SIGUSR1);
	sigpending(&pending);
	printf("sigpending: SIGUSR1 %d, SIGUSR2 %d\n", sigismember(&pending, SIGUSR1),
	       sigismember(&pending, SIGUSR2));
	block(SIGUSR1, SIG_UNBLOCK);
	printf("SIGUSR1 sent twice while blocked: handled %d time(s)\n", handled);
}

static void queue_to_self(int sig, int value)
{
	union sigval v = { .sival_int = value };

	if (sigqueue(getpid(), sig, v))
		printf("sigqueue: %s\n", strerror(errno));
}

/* Four real-time signals queued: taken lowest number first, each in the order sent. */
static void rt_order(void)
{
	sigset_t set;
	siginfo_t info;
	int i, sig;

	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sigaddset(&set, SIGRTMIN + 1);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	queue_to_self(SIGRTMIN + 1, 1);
	queue_to_self(SIGRTMIN, 2);
	queue_to_self(SIGRTMIN + 1, 3);
	queue_to_self(SIGRTMIN, 4);
	queue_to_self(SIGUSR2, 5);
	queue_to_self(SIGUSR2, 6);
	for (i = 0; i < 5; i++) {
		sig = sigwaitinfo(&set, &info);
		printf("took %s value %d, SI_QUEUE %d, from me %d\n",
		       sig == SIGUSR2 ? "SIGUSR2" : sig == SIGRTMIN ? "SIGRTMIN" : "SIGRTMIN+1",
		       info.si_value.sival_int, info.si_code == SI_QUEUE, info.si_pid == getpid());
	}
	struct timespec zero = { 0, 0 };
	printf("then nothing: %d (%s)\n", sigtimedwait(&set, &info, &zero), strerror(errno));
}

static void timedwait_errors(void)
{
	sigset_t set;
	siginfo_t info;
	struct timespec bad = { 0, 1000000000 }, short_wait = { 0, 20000000 }, forever = { 100, 0 };
	pid_t parent = getpid(), child;

	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	printf("sigtimedwait bad timeout: %d (%s)\n", sigtimedwait(&set, &info, &bad),
	       strerror(errno));
	printf("sigtimedwait 20 ms: %d (%s)\n", sigtimedwait(&set, &info, &short_wait),
	       strerror(errno));
	printf("rt_sigtimedwait sigsetsize 4: %ld (%s)\n",
	       syscall(SYS_rt_sigtimedwait, &set, &info, &short_wait, 4), strerror(errno));
	handled = 0;
	on(SIGUSR1, count, 0);
	fflush(stdout);
	child = fork();
	if (child == 0) {
		wait_until_asleep(parent);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	printf("sigtimedwait interrupted by a handled signal: %d (%s), handler ran %d\n",
	       sigtimedwait(&set, &info, &forever), strerror(errno), handled);
	waitpid(child, NULL, 0);
}

/* A child takes a queued value sent by its parent; a forged si_code is refused. */
static void queue_to_child(void)
{
	siginfo_t info;
	union sigval v = { .sival_int = 1234 };
	sigset_t set;
	pid_t child;
	int status;

	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	long forged[2];
	int sent;

	fflush(stdout);
	child = fork();
	if (child == 0) {
		sigwaitinfo(&set, &info);
		/* The exit status says it: the parent prints, so the order is fixed. */
		_exit(info.si_value.sival_int == 1234 && info.si_pid == getppid());
	}
	memset(&info, 0, sizeof(info));
	info.si_code = SI_USER;
	forged[0] = syscall(SYS_rt_sigqueueinfo, child, SIGRTMIN, &info) ? errno : 0;
	info.si_code = SI_TKILL;
	forged[1] = syscall(SYS_rt_sigqueueinfo, child, SIGRTMIN, &info) ? errno : 0;
	sent = sigqueue(child, SIGRTMIN, v);
	waitpid(child, &status, 0);
	printf("rt_sigqueueinfo SI_USER to another: %s\n", strerror((int)forged[0]));
	printf("rt_sigqueueinfo SI_TKILL to another: %s\n", strerror((int)forged[1]));
	printf("sigqueue to the child: %d; it took the value from its parent: %d\n", sent,
	       WEXITSTATUS(status));
	info.si_code = SI_USER;
	block(SIGUSR2, SIG_BLOCK);
	printf("rt_sigqueueinfo SI_USER to itself: %ld\n",
	       syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR2, &info));
	info.si_code = SI_QUEUE;
	info.si_value.sival_int = 77;
	printf("rt_tgsigqueueinfo to this thread: %ld\n",
	       syscall(SYS_rt_tgsigqueueinfo, getpid(), gettid(), SIGRTMIN, &info));
	block(SIGRTMIN, SIG_BLOCK);
	printf("  taken: value %d\n", sigwaitinfo(&set, &info) == SIGRTMIN ?
	       info.si_value.sival_int : -1);
	printf("rt_tgsigqueueinfo, wrong tgid: %ld (%s)\n",
	       syscall(SYS_rt_tgsigqueueinfo, getpid() + 1000, gettid(), SIGRTMIN, &info),
	       strerror(errno));
	printf("rt_tgsigqueueinfo, tid 0: %ld (%s)\n",
	       syscall(SYS_rt_tgsigqueueinfo, getpid(), 0, SIGRTMIN, &info), strerror(errno));
	printf("rt_sigpending sigsetsize 16: %ld (%s)\n",
	       syscall(SYS_rt_sigpending, &set, 16), strerror(errno));
	printf("rt_sigsuspend sigsetsize 4: %ld (%s)\n",
	       syscall(SYS_rt_sigsuspend, &set, 4), strerror(errno));
	printf("rt_sigaction SIGKILL, bad pointer: %ld (%s)\n",
	       syscall(SYS_rt_sigaction, SIGKILL, 8, NULL, 8), strerror(errno));
	printf("rt_sigaction signal 65, bad pointer: %ld (%s)\n",
	       syscall(SYS_rt_sigaction, 65, 8, NULL, 8), strerror(errno));
}

static volatile int on_alt, ss_flags_inside, change_inside;

static void where_am_i(int sig)
{
	char here;
	stack_t ss, now;

	(void)sig;
	on_alt = &here >= alt_stack && &here < alt_stack + ALT_SIZE;
	sigaltstack(NULL, &now);
	ss_flags_inside = now.ss_flags;
	memset(&ss, 0, sizeof(ss));
	ss.ss_sp = alt_stack;
	ss.ss_size = ALT_SIZE;
	change_inside = sigaltstack(&ss, NULL) ? errno : 0;
}

static void show_altstack(const char *what)
{
	stack_t old;

	sigaltstack(NULL, &old);
	printf("%s: flags %d, size %zu\n", what, old.ss_flags, old.ss_size);
}

static void try_altstack(const char *what, void *sp, size_t size, int flags)
{
	stack_t ss = { .ss_sp = sp, .ss_size = size, .ss_flags = flags };

	int ret = sigaltstack(&ss, NULL);

	printf("sigaltstack %s: %s\n", what, ret ? strerror(errno) : "ok");
}

static int child_has_altstack(void)
{
	pid_t child;
	int status;

	fflush(stdout);
	child = fork();
	if (child == 0) {
		stack_t ss;

		sigaltstack(NULL, &ss);
		_exit(ss.ss_sp == alt_stack && ss.ss_size == ALT_SIZE);
	}
	waitpid(child, &status, 0);
	return WEXITSTATUS(status);
}

static void altstack_cases(void)
{
	show_altstack("at first");
	try_altstack("of 1024 bytes", alt_stack, 1024, 0);
	try_altstack("with flags 4", alt_stack, ALT_SIZE, 4);
	try_altstack("of 64 KiB", alt_stack, ALT_SIZE, 0);
	show_altstack("set");
	printf("a forked child has it too: %d\n", child_has_altstack());
	on(SIGUSR1, where_am_i, SA_ONSTACK);
	raise(SIGUSR1);
	printf("SA_ONSTACK handler: on the alternate stack %d, ss_flags there %d, "
	       "changing it there: %s\n", on_alt, ss_flags_inside, strerror(change_inside));
	on(SIGUSR1, where_am_i, 0);
	raise(SIGUSR1);
	printf("handler without SA_ONSTACK: on the alternate stack %d\n", on_alt);
	try_altstack("SS_DISABLE", NULL, 0, SS_DISABLE);
	show_altstack("disabled");
}

static void overflowed(int sig)
{
	char here;
	int on_stack = &here >= alt_stack && &here < alt_stack + ALT_SIZE;
	char line[] = "SIGSEGV from a stack overflow caught on the alternate stack: 0\n";

	(void)sig;
	line[sizeof(line) - 3] = (char)('0' + on_stack);
	write(1, line, sizeof(line) - 1);
	_exit(0);
}

/* Deeper than any stack: depth runs out long after the 8 MiB stack. */
static int recurse(volatile char *prev, long depth)
{
	volatile char frame[4096];

	if (depth == 0)
		return 0;
	frame[0] = prev ? prev[0] + 1 : 0;
	return recurse(frame, depth - 1) + frame[1];
}

static void stack_overflow(void)
{
	stack_t ss = { .ss_sp = alt_stack, .ss_size = ALT_SIZE };
	pid_t child;
	int status;

	fflush(stdout);
	child = fork();
	if (child == 0) {
		sigaltstack(&ss, NULL);
		on(SIGSEGV, overflowed, SA_ONSTACK);
		recurse(NULL, 1L << 40);
		_exit(1);
	}
	waitpid(child, &status, 0);
	printf("the overflowing child exited with %d\n", WEXITSTATUS(status));
}

int main(void)
{
	coalescing();
	rt_order();
	timedwait_errors();
	queue_to_child();
	altstack_cases();
	stack_overflow();
	return 0;
}
