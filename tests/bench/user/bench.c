/*
 * User-visible costs, measured from user space with the generic timer's
 * virtual counter (which Linux and tkern both let EL0 read). Under QEMU's
 * -icount shift=0 a nanosecond is one guest instruction, so the same
 * binary measures tkern and Linux in the same unit. Prints one line per
 * operation: "ubench: NAME: X ns/op".
 *
 * `bench smp` measures instead what needs two CPUs: thread create + join,
 * a futex wake + wait round trip between two threads, and a pipe round trip
 * between two processes (the same as on one CPU, where each trip is two
 * switches on that CPU; on two, two wake-ups of a task on the other CPU).
 *
 * `bench NAME...` runs only the named single-CPU rows (sched_yield names
 * both yield rows), for working on one path: tests/bench/run.py --rows.
 */
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096L
#define ROUNDS 10000L
#define TOUCH_PAGES 4096L
#define FORK_ROUNDS 20L
#define THREAD_ROUNDS 200L
#define PINGPONG_ROUNDS 2000L
#define YIELD_ROUNDS 10000L

static uint64_t counter(void)
{
	uint64_t v;

	asm volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

static double to_ns(uint64_t ticks)
{
	uint64_t freq;

	asm volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	return (double)ticks * 1e9 / (double)freq;
}

static void report(const char *name, uint64_t ticks, long ops)
{
	printf("ubench: %s: %.1f ns/op\n", name, to_ns(ticks) / (double)ops);
}

static void bench_getpid(void)
{
	uint64_t start = counter();
	long i;

	for (i = 0; i < ROUNDS * 10; i++)
		syscall(SYS_getpid);
	report("getpid", counter() - start, ROUNDS * 10);
}

static void bench_first_touch(void)
{
	volatile char *p = mmap(NULL, TOUCH_PAGES * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t start = counter();
	long i;

	for (i = 0; i < TOUCH_PAGES; i++)
		p[i * PAGE] = 1;
	report("first_touch", counter() - start, TOUCH_PAGES);
	munmap((void *)p, TOUCH_PAGES * PAGE);
}

static void bench_mmap_munmap(void)
{
	uint64_t start = counter();
	long i;

	for (i = 0; i < ROUNDS; i++)
		munmap(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
		       PAGE);
	report("mmap_munmap", counter() - start, ROUNDS);
}

static void bench_brk(void)
{
	long base = syscall(SYS_brk, 0);
	uint64_t start = counter();
	long i;

	for (i = 0; i < ROUNDS; i++) {
		syscall(SYS_brk, base + PAGE);
		syscall(SYS_brk, base);
	}
	report("brk_grow_shrink", counter() - start, ROUNDS);
}

static void bench_mprotect(void)
{
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t start;
	long i;

	p[0] = 1;
	start = counter();
	for (i = 0; i < ROUNDS; i++)
		mprotect(p, PAGE, i & 1 ? PROT_READ | PROT_WRITE : PROT_READ);
	report("mprotect", counter() - start, ROUNDS);
	munmap(p, PAGE);
}

/*
 * FORK_ROUNDS children, each waited for: one that exits at once, or one
 * that first execs argv (the tiny program /bin/minimal: no C library,
 * exit_group(0) at once).
 */
static void bench_fork(const char *name, char *const argv[])
{
	char *const envp[] = { NULL };
	int status;
	uint64_t start;
	long i;

	fflush(stdout);
	start = counter();
	for (i = 0; i < FORK_ROUNDS; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			if (argv)
				execve(argv[0], argv, envp);
			_exit(argv ? 127 : 0);
		}
		waitpid(pid, &status, 0);
	}
	report(name, counter() - start, FORK_ROUNDS);
}

/* The same as fork_execve_wait through vfork, as posix_spawn and system() do. */
static void bench_vfork_execve(char *const argv[])
{
	char *const envp[] = { NULL };
	int status;
	uint64_t start;
	long i;

	fflush(stdout);
	start = counter();
	for (i = 0; i < FORK_ROUNDS; i++) {
		pid_t pid = vfork();

		if (pid == 0) {
			execve(argv[0], argv, envp);
			_exit(127);
		}
		waitpid(pid, &status, 0);
	}
	report("vfork_execve_wait", counter() - start, FORK_ROUNDS);
}

static void *thread_returns(void *arg)
{
	return arg;
}

static void bench_thread_create_join(void)
{
	uint64_t start = counter();
	pthread_t thread;
	long i;

	for (i = 0; i < THREAD_ROUNDS; i++) {
		pthread_create(&thread, NULL, thread_returns, NULL);
		pthread_join(thread, NULL);
	}
	report("thread_create_join", counter() - start, THREAD_ROUNDS);
}

/* A word two threads hand back and forth: each waits until it holds its own turn. */
static volatile int turn;

static void futex_pass(int to)
{
	__atomic_store_n(&turn, to, __ATOMIC_SEQ_CST);
	syscall(SYS_futex, &turn, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void futex_await(int mine)
{
	int seen;

	while ((seen = __atomic_load_n(&turn, __ATOMIC_SEQ_CST)) != mine)
		syscall(SYS_futex, &turn, FUTEX_WAIT_PRIVATE, seen, NULL, NULL, 0);
}

static void *pingpong_partner(void *arg)
{
	long i;

	for (i = 0; i < PINGPONG_ROUNDS; i++) {
		futex_await(1);
		futex_pass(0);
	}
	return arg;
}

static void bench_futex_pingpong(void)
{
	pthread_t partner;
	uint64_t start;
	long i;

	pthread_create(&partner, NULL, pingpong_partner, NULL);
	start = counter();
	for (i = 0; i < PINGPONG_ROUNDS; i++) {
		futex_pass(1);
		futex_await(0);
	}
	report("futex_round_trip", counter() - start, PINGPONG_ROUNDS);
	pthread_join(partner, NULL);
}

/* A child echoes each byte back over a second pipe until the first one closes. */
static void bench_pipe_round_trip(const char *name)
{
	int there[2], back[2];
	uint64_t start;
	char byte = 0;
	pid_t pid;
	long i;

	if (pipe(there) || pipe(back))
		return;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(there[1]);
		close(back[0]);
		while (read(there[0], &byte, 1) == 1 && write(back[1], &byte, 1) == 1)
			;
		_exit(0);
	}
	close(there[0]);
	close(back[1]);
	start = counter();
	for (i = 0; i < PINGPONG_ROUNDS; i++)
		if (write(there[1], &byte, 1) != 1 || read(back[0], &byte, 1) != 1)
			break;
	report(name, counter() - start, PINGPONG_ROUNDS);
	close(there[1]);
	close(back[0]);
	waitpid(pid, NULL, 0);
}

/*
 * sched_yield alone on the CPU (the call and a pass of the scheduler that
 * picks the caller again), then with a second process yielding too, so
 * that each call switches to the other (its own yield is in the figure).
 */
static void bench_sched_yield(void)
{
	uint64_t start = counter();
	pid_t pid;
	long i;

	for (i = 0; i < YIELD_ROUNDS; i++)
		sched_yield();
	report("sched_yield", counter() - start, YIELD_ROUNDS);
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		for (;;)
			sched_yield();
	sched_yield();
	start = counter();
	for (i = 0; i < YIELD_ROUNDS; i++)
		sched_yield();
	report("sched_yield_two", counter() - start, YIELD_ROUNDS);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* The rows named on the command line; all of them when none is. */
static int nr_wanted;
static char **wanted_names;

static int wanted(const char *name)
{
	int i;

	for (i = 0; i < nr_wanted; i++)
		if (strcmp(wanted_names[i], name) == 0)
			return 1;
	return nr_wanted == 0;
}

int main(int argc, char **argv)
{
	char *const minimal[] = { "/bin/minimal", NULL };
	uint64_t at_main = counter();

	if (argc > 1 && strcmp(argv[1], "smp") == 0) {
		bench_thread_create_join();
		bench_futex_pingpong();
		bench_pipe_round_trip("pipe_round_trip_2cpu");
		return 0;
	}
	nr_wanted = argc - 1;
	wanted_names = argv + 1;

	printf("ubench: boot_to_main: %.1f ns/op\n", to_ns(at_main));
	if (wanted("getpid"))
		bench_getpid();
	if (wanted("first_touch"))
		bench_first_touch();
	if (wanted("mmap_munmap"))
		bench_mmap_munmap();
	if (wanted("brk_grow_shrink"))
		bench_brk();
	if (wanted("mprotect"))
		bench_mprotect();
	if (wanted("fork_wait"))
		bench_fork("fork_wait", NULL);
	if (wanted("fork_execve_wait"))
		bench_fork("fork_execve_wait", minimal);
	if (wanted("vfork_execve_wait"))
		bench_vfork_execve(minimal);
	if (wanted("pipe_round_trip"))
		bench_pipe_round_trip("pipe_round_trip");
	if (wanted("sched_yield"))
		bench_sched_yield();
	return 0;
}
