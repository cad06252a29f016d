/*
 * Threads as glibc makes them (clone with CLONE_VM|CLONE_THREAD|..., futex,
 * set_tid_address, set_robust_list): pthread_create/join/detach, eight
 * threads doing mutex and condition-variable work, __thread variables,
 * getpid/gettid, exit of one thread against exit_group, a fatal signal in
 * one thread, and tgkill at one thread. Compared line by line with the
 * same binary under qemu-aarch64 (Linux's rules), so it prints only what
 * does not depend on timing: no ids, no addresses.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define NTHREADS 8
#define ROUNDS 500

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static long counter;
static int turn;
static char order[NTHREADS + 1];
static __thread int mine = 42;

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static void *square(void *arg)
{
	long n = (long)arg;

	return (void *)(n * n);
}

static void create_and_join(void)
{
	pthread_t t[4];
	long i, sum = 0;
	void *ret;

	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, square, (void *)(i + 1));
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], &ret);
		sum += (long)ret;
	}
	printf("join: sum of squares 1..4 = %ld\n", sum);
}

static int detached_done;

static void *detached(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	detached_done = 1;
	pthread_cond_signal(&changed);
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void detach(void)
{
	pthread_t t;
	pthread_attr_t attr;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_create(&t, &attr, detached, NULL);
	pthread_mutex_lock(&lock);
	while (!detached_done)
		pthread_cond_wait(&changed, &lock);
	pthread_mutex_unlock(&lock);
	printf("detached thread ran: yes\n");
}

/* Each thread adds ROUNDS times under the mutex, then takes its turn in order. */
static void *worker(void *arg)
{
	int id = (int)(long)arg, i;

	mine = id * 10;
	for (i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		if (i % 100 == 0)
			sched_yield();
	}
	pthread_mutex_lock(&lock);
	while (turn != id)
		pthread_cond_wait(&changed, &lock);
	order[id] = (char)('a' + id);
	turn++;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
	return (void *)(long)(mine == id * 10);
}

static void mutex_and_condvar(void)
{
	pthread_t t[NTHREADS];
	long i, tls_ok = 0;
	void *ret;

	for (i = NTHREADS - 1; i >= 0; i--)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], &ret);
		tls_ok += (long)ret;
	}
	printf("%d threads: counter %ld (want %d), turns in order: %s\n", NTHREADS, counter,
	       NTHREADS * ROUNDS, order);
	printf("__thread: each thread kept its own: %ld of %d, main's still %d\n", tls_ok,
	       NTHREADS, mine);
}

static pid_t seen_pid, seen_tid;

static void *ids(void *arg)
{
	(void)arg;
	seen_pid = getpid();
	seen_tid = gettid_();
	return NULL;
}

static void pids_and_tids(void)
{
	pthread_t t;

	pthread_create(&t, NULL, ids, NULL);
	pthread_join(t, NULL);
	printf("main: gettid == getpid: %s\n", gettid_() == getpid() ? "yes" : "no");
	printf("thread: getpid same: %s, gettid different: %s\n",
	       seen_pid == getpid() ? "yes" : "no", seen_tid != getpid() ? "yes" : "no");
}

/* Run fn in a child process and say how the process ended. */
static void in_child(const char *what, void (*fn)(void))
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		fn();
		_exit(99);
	}
	waitpid(pid, &status, 0);
	if (WIFEXITED(status))
		printf("%s: exited %d\n", what, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("%s: killed by signal %d\n", what, WTERMSIG(status));
}

static void *exit_one(void *arg)
{
	(void)arg;
	syscall(SYS_exit, 3);	/* this thread only */
	return NULL;
}

static void thread_exits_alone(void)
{
	pthread_t t;

	pthread_create(&t, NULL, exit_one, NULL);
	pthread_join(t, NULL);	/* woken by clear_child_tid at the thread's exit */
	_exit(7);
}

static void *exit_all(void *arg)
{
	(void)arg;
	exit(5);
	return NULL;
}

static void thread_exits_group(void)
{
	pthread_t t;

	pthread_create(&t, NULL, exit_all, NULL);
	for (;;)
		pause();
}

static void *exit_later(void *arg)
{
	(void)arg;
	usleep(20000);
	exit(9);
	return NULL;
}

/* The leader goes first; the process lives on in its other thread. */
static void leader_exits_first(void)
{
	pthread_t t;

	pthread_create(&t, NULL, exit_later, NULL);
	pthread_exit(NULL);
}

static void *kill_self(void *arg)
{
	(void)arg;
	syscall(SYS_tgkill, getpid(), gettid_(), SIGTERM);
	pause();
	return NULL;
}

static void fatal_signal_in_thread(void)
{
	pthread_t t;

	pthread_create(&t, NULL, kill_self, NULL);
	for (;;)
		pause();
}

static volatile pid_t handler_tid;
static volatile int target_ready;

static void on_usr1(int sig)
{
	(void)sig;
	handler_tid = gettid_();
}

static void *target(void *arg)
{
	(void)arg;
	seen_tid = gettid_();
	__atomic_store_n(&target_ready, 1, __ATOMIC_SEQ_CST);
	while (!handler_tid)
		sched_yield();
	return NULL;
}

static void tgkill_one_thread(void)
{
	pthread_t t;

	signal(SIGUSR1, on_usr1);
	pthread_create(&t, NULL, target, NULL);
	while (!__atomic_load_n(&target_ready, __ATOMIC_SEQ_CST))
		sched_yield();
	syscall(SYS_tgkill, getpid(), seen_tid, SIGUSR1);
	pthread_join(t, NULL);
	printf("tgkill: handler ran in the target thread: %s\n",
	       handler_tid == seen_tid ? "yes" : "no");
	printf("tgkill with the wrong tgid: %s\n",
	       syscall(SYS_tgkill, getpid() + 100000, gettid_(), 0) ? "refused" : "accepted");
}

int main(void)
{
	create_and_join();
	detach();
	mutex_and_condvar();
	pids_and_tids();
	in_child("one thread calls exit", thread_exits_alone);
	in_child("one thread calls exit_group", thread_exits_group);
	in_child("leader exits first, the other thread calls exit(9)", leader_exits_first);
	in_child("SIGTERM to one thread", fatal_signal_in_thread);
	tgkill_one_thread();
	return 0;
}
