/*
 * futex(2) under races (docs/labs/lab9-threads.md): what only shows when
 * a waiter and a waker really run at once, on two CPUs.
 *
 * 1. No lost wake-up. A waker thread changes the word and wakes, many
 *    thousand times, each time a little later after the waiter went into
 *    FUTEX_WAIT (a delay that sweeps a range), so that sooner or later the
 *    change lands while the waiter is on its way to sleep. Each wait has a
 *    short absolute deadline. A wait that times out although the waker's
 *    FUTEX_WAKE had already returned before the deadline is a lost
 *    wake-up: had the waiter been queued before that wake, the wake would
 *    have found it; had it queued after, it would have read the new value
 *    and not slept. So the count is 0 on a correct kernel however slow or
 *    busy the machine, and any lost wake-up is seen.
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
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 3000
#define DELAY_STEPS 400		/* the waker's delay sweeps 0 .. DELAY_STEPS - 1 spins */
#define DEADLINE_NS 20000000	/* each wait of part 1 sleeps at most 20 ms */

static long futex(uint32_t *uaddr, int op, uint32_t val, const void *timeout,
		  uint32_t *uaddr2, uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ------------------------------------------------------ lost wake-ups */

/*
 * word is 2r while the waiter waits in round r, 2r + 1 once the waker has
 * changed it; woken_at[r] is when the waker's FUTEX_WAKE of round r had
 * returned (0: not yet).
 */
static uint32_t word;
static uint64_t woken_at[ROUNDS];
static unsigned long lost;

static void *waker(void *arg)
{
	unsigned long r;
	volatile unsigned long spin;

	(void)arg;
	for (r = 0; r < ROUNDS; r++) {
		/* Spin, to act as soon as the waiter is on its way; yield to a waiter descheduled. */
		for (spin = 0; __atomic_load_n(&word, __ATOMIC_ACQUIRE) != 2 * r; spin++)
			if (spin % 1000 == 999)
				sched_yield();
		for (spin = 0; spin < r % DELAY_STEPS; spin++)
			;
		__atomic_store_n(&word, 2 * r + 1, __ATOMIC_SEQ_CST);
		futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
		__atomic_store_n(&woken_at[r], now_ns(), __ATOMIC_RELEASE);
	}
	return NULL;
}

/* Wait until round r's change; count the waits that outslept a finished wake. */
static void wait_for_round(unsigned long r)
{
	struct timespec deadline;
	uint64_t end, done;

	while (__atomic_load_n(&word, __ATOMIC_ACQUIRE) == 2 * r) {
		end = now_ns() + DEADLINE_NS;
		deadline.tv_sec = (time_t)(end / 1000000000u);
		deadline.tv_nsec = (long)(end % 1000000000u);
		if (futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 2 * r, &deadline, NULL,
			  FUTEX_BITSET_MATCH_ANY) == 0 || errno != ETIMEDOUT)
			continue;
		done = __atomic_load_n(&woken_at[r], __ATOMIC_ACQUIRE);
		if (done && done < end)
			lost++;
	}
}

static void no_lost_wakeups(void)
{
	pthread_t t;
	unsigned long r;

	pthread_create(&t, NULL, waker, NULL);
	for (r = 0; r < ROUNDS; r++) {
		/* Round r begins: the waker may change the word from now on. */
		__atomic_store_n(&word, 2 * r, __ATOMIC_SEQ_CST);
		wait_for_round(r);
	}
	pthread_join(t, NULL);
	printf("%d rounds of wait against wake: %lu lost wake-up(s)\n", ROUNDS, lost);
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
