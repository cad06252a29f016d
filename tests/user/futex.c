/*
 * futex(2) as Linux answers it: the errors (EAGAIN, ETIMEDOUT, EINVAL,
 * EFAULT, ENOSYS, EINTR), timeouts relative and absolute on both clocks
 * (only that they time out, never how long they took), and exact wake
 * and requeue counts with several threads asleep. Compared line by line
 * with the same binary under qemu-aarch64.
 *
 * To count sleepers without timing, FUTEX_REQUEUE of a word onto itself
 * with nothing to wake returns how many wait on it and changes nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long futex(uint32_t *uaddr, int op, uint32_t val, const void *timeout,
		  uint32_t *uaddr2, uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3);
}

static void show(const char *what, long ret)
{
	if (ret < 0)
		printf("%-52s -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%-52s %ld\n", what, ret);
}

static long sleepers(uint32_t *word)
{
	return futex(word, FUTEX_REQUEUE_PRIVATE, 0, (void *)(long)INT_MAX, word, 0);
}

static void wait_for_sleepers(uint32_t *word, long n)
{
	while (sleepers(word) < n)
		sched_yield();
}

static void errors(void)
{
	static uint32_t word = 1;
	struct timespec ms10 = { 0, 10000000 }, bad_ns = { 0, 1000000000 }, neg = { -1, 0 };
	struct timespec past, soon;
	uint32_t *unmapped = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	munmap(unmapped, 4096);
	show("WAIT, value differs", futex(&word, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0));
	show("WAIT, 10 ms relative timeout", futex(&word, FUTEX_WAIT_PRIVATE, 1, &ms10, NULL, 0));
	show("WAIT shared, 10 ms relative timeout", futex(&word, FUTEX_WAIT, 1, &ms10, NULL, 0));
	show("WAIT|CLOCK_REALTIME, 10 ms relative timeout",
	     futex(&word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 1, &ms10, NULL, 0));
	clock_gettime(CLOCK_MONOTONIC, &past);
	show("WAIT_BITSET, absolute monotonic time passed",
	     futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 1, &past, NULL, FUTEX_BITSET_MATCH_ANY));
	clock_gettime(CLOCK_REALTIME, &soon);
	soon.tv_nsec += 10000000;
	if (soon.tv_nsec >= 1000000000) {
		soon.tv_sec++;
		soon.tv_nsec -= 1000000000;
	}
	show("WAIT_BITSET|CLOCK_REALTIME, absolute in 10 ms",
	     futex(&word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 1, &soon, NULL,
		   FUTEX_BITSET_MATCH_ANY));
	show("WAIT, tv_nsec = 1e9", futex(&word, FUTEX_WAIT_PRIVATE, 1, &bad_ns, NULL, 0));
	show("WAIT, tv_sec = -1", futex(&word, FUTEX_WAIT_PRIVATE, 1, &neg, NULL, 0));
	show("WAIT, timeout pointer unmapped",
	     futex(&word, FUTEX_WAIT_PRIVATE, 1, unmapped, NULL, 0));
	show("WAIT, unaligned address",
	     futex((uint32_t *)((char *)&word + 1), FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0));
	show("WAIT, unmapped address", futex(unmapped, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0));
	show("WAIT_BITSET, bitset 0", futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 1, NULL, NULL, 0));
	show("WAKE_BITSET, bitset 0", futex(&word, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, 0));
	show("WAKE, nobody waiting", futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
	show("WAKE private, unmapped address", futex(unmapped, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
	show("WAKE shared, unmapped address", futex(unmapped, FUTEX_WAKE, 1, NULL, NULL, 0));
	show("WAKE, unaligned address",
	     futex((uint32_t *)((char *)&word + 2), FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
	show("WAKE|CLOCK_REALTIME", futex(&word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0));
	show("op 99", futex(&word, 99, 1, NULL, NULL, 0));
	show("REQUEUE, nr_wake -1", futex(&word, FUTEX_REQUEUE_PRIVATE, -1, NULL, &word, 0));
	show("CMP_REQUEUE, nr_requeue -1",
	     futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)-1L, &word, 1));
	show("CMP_REQUEUE, value differs",
	     futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)1L, &word, 7));
	show("CMP_REQUEUE, second address unaligned",
	     futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)1L,
		   (uint32_t *)((char *)&word + 1), 1));
}

struct sleeper {
	uint32_t *word;
	uint32_t bitset;
	long ret;
	pthread_t thread;
};

static void *sleep_on(void *arg)
{
	struct sleeper *s = arg;

	s->ret = futex(s->word, FUTEX_WAIT_BITSET_PRIVATE, 0, NULL, NULL, s->bitset);
	return NULL;
}

static void start(struct sleeper *s, uint32_t *word, uint32_t bitset)
{
	s->word = word;
	s->bitset = bitset;
	s->ret = -2;
	pthread_create(&s->thread, NULL, sleep_on, s);
}

static void join_all(const char *what, struct sleeper *s, int n)
{
	int i, woken = 0;

	for (i = 0; i < n; i++) {
		pthread_join(s[i].thread, NULL);
		woken += s[i].ret == 0;
	}
	printf("%s: %d of %d sleepers returned 0\n", what, woken, n);
}

static void wake_counts(void)
{
	static uint32_t word;
	struct sleeper s[4];
	int i;

	for (i = 0; i < 4; i++)
		start(&s[i], &word, i < 2 ? 1 : 2);
	wait_for_sleepers(&word, 4);
	show("sleepers counted by REQUEUE onto itself", sleepers(&word));
	show("WAKE_BITSET 2, up to 10", futex(&word, FUTEX_WAKE_BITSET_PRIVATE, 10, NULL, NULL, 2));
	show("WAKE 0 (wakes one, as Linux)", futex(&word, FUTEX_WAKE_PRIVATE, 0, NULL, NULL, 0));
	show("sleepers left", sleepers(&word));
	show("WAKE_BITSET 1, up to 10", futex(&word, FUTEX_WAKE_BITSET_PRIVATE, 10, NULL, NULL, 1));
	join_all("wake", s, 4);
}

static void requeue_counts(void)
{
	static uint32_t a, b;
	struct sleeper s[5];
	int i;

	for (i = 0; i < 5; i++)
		start(&s[i], &a, FUTEX_BITSET_MATCH_ANY);
	wait_for_sleepers(&a, 5);
	show("CMP_REQUEUE wake 1, move 2", futex(&a, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)2L, &b, 0));
	show("sleepers on a", sleepers(&a));
	show("sleepers on b", sleepers(&b));
	show("REQUEUE wake 0, move all to b",
	     futex(&a, FUTEX_REQUEUE_PRIVATE, 0, (void *)(long)INT_MAX, &b, 0));
	show("WAKE b, up to 2", futex(&b, FUTEX_WAKE_PRIVATE, 2, NULL, NULL, 0));
	show("WAKE b, all", futex(&b, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0));
	join_all("requeue", s, 5);
}

static uint32_t sig_word;
static volatile int handled;

static void on_usr1(int sig)
{
	(void)sig;
	handled++;
}

static void *wait_through_signal(void *arg)
{
	long *ret = arg;

	*ret = futex(&sig_word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	if (*ret < 0)
		*ret = -errno;
	return NULL;
}

/* A handler with SA_RESTART: the wait goes on after it; without: EINTR. */
static void interrupted(int flags, const char *what)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = flags };
	pthread_t t;
	long ret;

	sigaction(SIGUSR1, &sa, NULL);
	handled = 0;
	pthread_create(&t, NULL, wait_through_signal, &ret);
	wait_for_sleepers(&sig_word, 1);
	pthread_kill(t, SIGUSR1);
	if (flags & SA_RESTART) {
		while (!handled)
			sched_yield();
		wait_for_sleepers(&sig_word, 1);
		futex(&sig_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	}
	pthread_join(t, NULL);
	printf("%s: handler ran %d time(s), wait returned %s\n", what, handled,
	       ret < 0 ? strerrorname_np((int)-ret) : "0");
}

/* A shared futex in MAP_SHARED memory: a child process sleeps on it, the parent wakes it. */
static void between_processes(void)
{
	uint32_t *word = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int status;
	pid_t pid;

	*word = 0;
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(futex(word, FUTEX_WAIT, 0, NULL, NULL, 0) == 0 ? 0 : 1);
	while (futex(word, FUTEX_REQUEUE, 0, (void *)(long)INT_MAX, word, 0) < 1)
		sched_yield();
	show("WAKE of a child process asleep on MAP_SHARED memory",
	     futex(word, FUTEX_WAKE, 1, NULL, NULL, 0));
	waitpid(pid, &status, 0);
	printf("the child's wait returned 0: %s\n",
	       WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "yes" : "no");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	errors();
	wake_counts();
	requeue_counts();
	between_processes();
	interrupted(SA_RESTART, "SIGUSR1 with SA_RESTART");
	interrupted(0, "SIGUSR1 without SA_RESTART");
	return 0;
}
