/*
 * Robust futexes: set_robust_list/get_robust_list, and what the kernel
 * does for a thread or process that dies holding a robust mutex (the
 * next locker gets EOWNERDEAD, a waiter is woken). qemu-aarch64 does not
 * pass robust lists on, so this is compared with Linux booted in QEMU
 * (LINUX_BOOT_PROGRAMS).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t *make_robust(pthread_mutex_t *m, int pshared)
{
	pthread_mutexattr_t attr;

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
	pthread_mutexattr_setpshared(&attr, pshared);
	pthread_mutex_init(m, &attr);
	pthread_mutexattr_destroy(&attr);
	return m;
}

static const char *lock_result(pthread_mutex_t *m)
{
	int err = pthread_mutex_lock(m);

	if (err == EOWNERDEAD) {
		pthread_mutex_consistent(m);
		return "EOWNERDEAD";
	}
	return err ? strerrorname_np(err) : "0";
}

static void robust_list_calls(void)
{
	struct robust_list_head *head = NULL;
	size_t len = 0;
	long ret;

	ret = syscall(SYS_get_robust_list, 0, &head, &len);
	printf("get_robust_list(0): %ld, set by the C library: %s, len %zu\n", ret,
	       head ? "yes" : "no", len);
	ret = syscall(SYS_set_robust_list, head, len + 1);
	printf("set_robust_list with a wrong size: %s\n", ret ? strerrorname_np(errno) : "0");
	ret = syscall(SYS_get_robust_list, INT_MAX, &head, &len);
	printf("get_robust_list of no such pid: %s\n", ret ? strerrorname_np(errno) : "0");
	ret = syscall(SYS_get_robust_list, 0, NULL, &len);
	printf("get_robust_list to a bad pointer: %s\n", ret ? strerrorname_np(errno) : "0");
}

static pthread_mutex_t dead_owner;

static void *lock_and_die(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&dead_owner);
	return NULL;	/* ends holding it */
}

static void thread_dies_holding(void)
{
	pthread_t t;

	make_robust(&dead_owner, PTHREAD_PROCESS_PRIVATE);
	pthread_create(&t, NULL, lock_and_die, NULL);
	pthread_join(t, NULL);
	printf("lock after the owner thread died: %s\n", lock_result(&dead_owner));
	pthread_mutex_unlock(&dead_owner);
	printf("lock again after pthread_mutex_consistent: %s\n", lock_result(&dead_owner));
	pthread_mutex_unlock(&dead_owner);
}

static pthread_mutex_t contended;
static pthread_mutex_t step = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t step_changed = PTHREAD_COND_INITIALIZER;
static int owner_may_die;
static const char *waiter_saw;

/* Waiters sleep on the lock word; a shared requeue onto itself counts them. */
static long sleepers(pthread_mutex_t *m)
{
	return syscall(SYS_futex, &m->__data.__lock, FUTEX_REQUEUE, 0, (void *)(long)INT_MAX,
		       &m->__data.__lock, 0);
}

static void *owner(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&contended);
	pthread_mutex_lock(&step);
	owner_may_die = 1;
	pthread_cond_broadcast(&step_changed);
	pthread_mutex_unlock(&step);
	while (sleepers(&contended) < 1)
		sched_yield();
	return NULL;	/* dies holding it, with a waiter asleep on it */
}

static void *waiter(void *arg)
{
	(void)arg;
	waiter_saw = lock_result(&contended);
	pthread_mutex_unlock(&contended);
	return NULL;
}

static void waiter_woken_by_death(void)
{
	pthread_t a, b;

	make_robust(&contended, PTHREAD_PROCESS_PRIVATE);
	pthread_create(&a, NULL, owner, NULL);
	pthread_mutex_lock(&step);
	while (!owner_may_die)
		pthread_cond_wait(&step_changed, &step);
	pthread_mutex_unlock(&step);
	pthread_create(&b, NULL, waiter, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("a waiter when the owner thread died: %s\n", waiter_saw);
}

static void process_dies_holding(void)
{
	pthread_mutex_t *m = mmap(NULL, sizeof(*m), PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid;

	make_robust(m, PTHREAD_PROCESS_SHARED);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		pthread_mutex_lock(m);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	printf("lock after the owner process died: %s\n", lock_result(m));
	pthread_mutex_unlock(m);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	robust_list_calls();
	thread_dies_holding();
	waiter_woken_by_death();
	process_dies_holding();
	return 0;
}
