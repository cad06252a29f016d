/*
 * futex(2) under races (docs/labs/lab9-threads.md): what only shows when
 * a waiter and a waker really run at once, on two CPUs.
 *
 * 1. No lost wake-up. A waker thread stores 1, 2, 3, ... in a word, each
 *    followed by a FUTEX_WAKE, as fast as it can, while the waiter waits
 *    for the word to change from what it last saw, again and again: the
 *    stores keep landing while the waiter is on its way to sleep. Which
 *    wake woke the waiter tells whether it slept through one (see
 *    lost_wakeups), so the count is 0 on a correct kernel however slow
 *    or busy the machine, and a kernel that loses wake-ups loses some.
 * 2. A waiter that timed out is off its queue: after it has exited, a wake
 *    of its word finds nobody (a forgotten waiter would be a dangling
 *    entry in a freed kernel stack).
 * 3. A private futex belongs to one address space: a forked child asleep
 *    at the same address is not woken by the parent's private wake.
 *
 * The output does not depend on timing; compared with the same binary
 * under qemu-aarch64.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WAKES 100000

static long futex(uint32_t *uaddr, int op, uint32_t val, const void *timeout,
		  uint32_t *uaddr2, uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3);
}

/* ------------------------------------------------------ lost wake-ups */

/*
 * The waker stores 1, 2, 3, ... in word, each followed by a FUTEX_WAKE of
 * one waiter; woke[k] is 1 + what wake k returned (0: not returned yet).
 * There is no wake 0: woke[0] says it woke nobody.
 */
static uint32_t word;
static unsigned char woke[WAKES + 1] = { 1 };

static void *waker(void *arg)
{
	uint32_t k;

	(void)arg;
	for (k = 1; k <= WAKES; k++) {
		__atomic_store_n(&word, k, __ATOMIC_SEQ_CST);
		__atomic_store_n(&woke[k], 1 + futex(&word, FUTEX_WAKE, 1, NULL, NULL, 0),
				 __ATOMIC_RELEASE);
	}
	return NULL;
}

/*
 * If no wake-up is lost, a wait for value v that returns 0 was woken by
 * wake v or wake v + 1. The waiter read v before the call, so every
 * earlier wake was over before it queued. Wake v + 1 follows the store of
 * v + 1, which the kernel's look at the word did not see, so it comes
 * after the waiter queued and finds it, unless wake v took it already. A
 * waiter woken by a later wake slept through wake v + 1: it read v, then
 * v + 1 was stored and woken for, and only then did it queue. Here the
 * next wake rescues it; a mutex's unlock would not come again.
 */
static unsigned long lost_wakeups(void)
{
	struct timespec ms50 = { 0, 50000000 };
	unsigned long lost = 0;
	uint32_t v;

	while ((v = __atomic_load_n(&word, __ATOMIC_ACQUIRE)) < WAKES) {
		if (futex(&word, FUTEX_WAIT, v, &ms50, NULL, 0) != 0)
			continue;
		while (!__atomic_load_n(&woke[v + 1], __ATOMIC_ACQUIRE))
			sched_yield();
		if (woke[v] == 1 && woke[v + 1] == 1)
			lost++;
	}
	return lost;
}

/*
 * A third thread maps and unmaps a page again and again: each time it
 * holds mmap_lock for writing, and a shared futex's key (no
 * FUTEX_PRIVATE_FLAG) needs it for reading, so waiter and waker now and
 * then wait for it in the middle of their calls, which shuffles their
 * timing much more than the two alone would.
 */
static int stop_churning;

static void *churn(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&stop_churning, __ATOMIC_ACQUIRE))
		munmap(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
		       4096);
	return NULL;
}

static void no_lost_wakeups(void)
{
	pthread_t waker_thread, churn_thread;
	unsigned long lost;

	pthread_create(&churn_thread, NULL, churn, NULL);
	pthread_create(&waker_thread, NULL, waker, NULL);
	lost = lost_wakeups();
	pthread_join(waker_thread, NULL);
	__atomic_store_n(&stop_churning, 1, __ATOMIC_RELEASE);
	pthread_join(churn_thread, NULL);
	printf("%d wakes against a waiter: %lu lost wake-up(s)\n", WAKES, lost);
}

/* ------------------------------------------- a timed-out waiter is gone */

static uint32_t timed_word;

static void *time_out(void *arg)
{
	struct timespec ms10 = { 0, 10000000 };
	long *ret = arg;

	*ret = futex(&timed_word, FUTEX_WAIT_PRIVATE, 0, &ms10, NULL, 0);
	if (*ret < 0)
		*ret = -errno;
	return NULL;
}

static void timed_out_waiters_are_gone(void)
{
	struct timespec ms20 = { 0, 20000000 };
	pthread_t t[4];
	long ret[4];
	int i, timed_out = 0;

	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, time_out, &ret[i]);
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		timed_out += ret[i] == -ETIMEDOUT;
	}
	/* Their kernel stacks are freed once their CPUs have switched away. */
	nanosleep(&ms20, NULL);
	printf("%d of 4 waits timed out; then a wake of their word woke %ld\n", timed_out,
	       futex(&timed_word, FUTEX_WAKE_PRIVATE, 4, NULL, NULL, 0));
}

/* ------------------------------------- a private futex, two processes */

static uint32_t private_word;

/* The child sleeps 300 ms on the word while the parent keeps waking it, privately. */
static void private_between_processes(void)
{
	struct timespec ms300 = { 0, 300000000 }, ms1 = { 0, 1000000 };
	int ready[2], status, i;
	long woken = 0;
	pid_t pid;
	char c;

	pipe(ready);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		write(ready[1], "", 1);
		_exit(futex(&private_word, FUTEX_WAIT_PRIVATE, 0, &ms300, NULL, 0) == -1 &&
		      errno == ETIMEDOUT ? 0 : 1);
	}
	read(ready[0], &c, 1);
	for (i = 0; i < 100; i++) {
		woken += futex(&private_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
		nanosleep(&ms1, NULL);
	}
	waitpid(pid, &status, 0);
	printf("private wakes of the same address in the parent woke %ld; the child timed out: %s\n",
	       woken, WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "yes" : "no");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	no_lost_wakeups();
	timed_out_waiters_are_gone();
	private_between_processes();
	return 0;
}
