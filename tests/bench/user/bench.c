/*
 * User-visible costs, measured from user space with the generic timer's
 * virtual counter (which Linux and tkern both let EL0 read). Under QEMU's
 * -icount shift=0 a nanosecond is one guest instruction, so the same
 * binary measures tkern and Linux in the same unit. Prints one line per
 * operation: "ubench: NAME: X ns/op".
 */
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096L
#define ROUNDS 10000L
#define TOUCH_PAGES 4096L
#define FORK_ROUNDS 20L
#define THREAD_ROUNDS 100L
#define PINGPONG_ROUNDS 1000L

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

static void vfork_execve_wait(char *const argv[])
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

static void *nothing(void *arg)
{
	return arg;
}

static void bench_thread_create_join(void)
{
	uint64_t start = counter();
	pthread_t t;
	long i;

	for (i = 0; i < THREAD_ROUNDS; i++) {
		pthread_create(&t, NULL, nothing, NULL);
		pthread_join(t, NULL);
	}
	report("thread_create_join", counter() - start, THREAD_ROUNDS);
}

static uint32_t token;

static void futex_op(int op, uint32_t val)
{
	syscall(SYS_futex, &token, op, val, NULL, NULL, 0);
}

/* The other side of the ping-pong: waits for 1, answers with 0. */
static void *pong(void *arg)
{
	long i;

	for (i = 0; i < PINGPONG_ROUNDS; i++) {
		while (__atomic_load_n(&token, __ATOMIC_ACQUIRE) == 0)
			futex_op(FUTEX_WAIT_PRIVATE, 0);
		__atomic_store_n(&token, 0, __ATOMIC_RELEASE);
		futex_op(FUTEX_WAKE_PRIVATE, 1);
	}
	return arg;
}

/* A token passed back and forth between two threads: one wake and one wait each way. */
static void bench_futex_pingpong(void)
{
	uint64_t start;
	pthread_t t;
	long i;

	pthread_create(&t, NULL, pong, NULL);
	start = counter();
	for (i = 0; i < PINGPONG_ROUNDS; i++) {
		__atomic_store_n(&token, 1, __ATOMIC_RELEASE);
		futex_op(FUTEX_WAKE_PRIVATE, 1);
		while (__atomic_load_n(&token, __ATOMIC_ACQUIRE) == 1)
			futex_op(FUTEX_WAIT_PRIVATE, 1);
	}
	report("futex_pingpong", counter() - start, PINGPONG_ROUNDS);
	pthread_join(t, NULL);
}

int main(void)
{
	char *const minimal[] = { "/bin/minimal", NULL };
	uint64_t at_main = counter();

	printf("ubench: boot_to_main: %.1f ns/op\n", to_ns(at_main));
	bench_getpid();
	bench_first_touch();
	bench_mmap_munmap();
	bench_brk();
	bench_mprotect();
	bench_fork("fork_wait", NULL);
	bench_fork("fork_execve_wait", minimal);
	vfork_execve_wait(minimal);
	bench_thread_create_join();
	bench_futex_pingpong();
	return 0;
}
