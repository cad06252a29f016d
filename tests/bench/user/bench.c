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
 *
 * `bench swap` is the swap row, alone in a boot of its own (a small
 * machine with a swap disk: tests/bench/run.py, docs/bench.md).
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include "kmod.h"
#include "../../user/meminfo.h"
#include "../../user/vmstat.h"

#define PAGE 4096L
#define ROUNDS 10000L
#define TOUCH_PAGES 4096L
#define FORK_ROUNDS 20L
#define THREAD_ROUNDS 200L
#define PINGPONG_ROUNDS 2000L
#define YIELD_ROUNDS 10000L
#define SWAP_MIB 64L		/* what must go to swap: this much more than MemFree is written */
#define SWAP_WORDS 8L		/* words written in each page, one every 512 bytes */
#define SWAP_CHUNK 32L		/* pages read back, then unmapped, at a time */
#define IDLE_GAP 4		/* counter ticks (16 instructions each): more is not the meter's */

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

/*
 * The swap disk's node, made from /proc/partitions as mdev would (Linux's
 * initramfs has no devtmpfs), after loading Debian's virtio modules when no
 * disk shows (tkern has the drivers built in; so does a Linux built with
 * them). 0, or -1 when there is no disk.
 */
static int swap_disk(char *path, size_t size)
{
	static const char *const modules[] = { "/lib/modules/virtio_blk.ko",
					       "/lib/modules/virtio_mmio.ko" };
	unsigned int major, minor, tries, i;
	unsigned long blocks;
	char line[128], name[24];
	FILE *f;

	for (tries = 0; tries < 2; tries++) {
		f = fopen("/proc/partitions", "r");
		while (f && fgets(line, sizeof(line), f))
			if (sscanf(line, "%u %u %lu %23s", &major, &minor, &blocks, name) == 4 &&
			    strncmp(name, "vd", 2) == 0) {
				fclose(f);
				snprintf(path, size, "/dev/%s", name);
				if (mknod(path, S_IFBLK | 0600, makedev(major, minor)) && errno != EEXIST)
					return -1;
				return 0;
			}
		if (f)
			fclose(f);
		for (i = 0; tries == 0 && i < sizeof(modules) / sizeof(modules[0]); i++)
			load_module(modules[i]);
	}
	return -1;
}

static unsigned long swap_word(unsigned long page, long i)
{
	return (page * 0x9e3779b97f4a7c15UL) ^ ((unsigned long)i * 2654435761UL) ^ 0x5a5aUL;
}

/*
 * The idle meter of the swap row: a SCHED_IDLE process that spins on the
 * virtual counter, so that it runs only when nothing else can (and is
 * preempted by anything that wakes), and adds up its own time in *total:
 * each step of its loop is a few instructions, so a gap longer than
 * IDLE_GAP ticks is time it did not run (another task, an interrupt).
 *
 * Why: while a kernel waits for the disk, the CPU would idle, and with
 * -icount sleep=off QEMU then moves the virtual clock on to the next timer
 * (a tick: 10 ms on tkern, 4 ms on Linux) at once, unless the host's
 * disk thread finished first: a race with the host, which made the row
 * vary from 6,000 to 220,000 instructions per page. With the meter running
 * the CPU never idles, the wait costs the meter's instructions instead,
 * and those are taken off.
 */
static pid_t start_idle_meter(volatile uint64_t *total)
{
	struct sched_param param = { .sched_priority = 0 };
	uint64_t last, now;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid)
		return pid;
	sched_setscheduler(0, SCHED_IDLE, &param);
	for (last = counter();; last = now) {
		now = counter();
		if (now - last <= IDLE_GAP)
			*total += now - last;
	}
}

/*
 * Swap-out and swap-in under memory pressure, the same on both kernels:
 * swapon, then write a region SWAP_MIB larger than free memory (reclaim,
 * kswapd and direct, sends the rest to swap), then read it back from the
 * start, checking every word written, unmapping each chunk once read so
 * that the swap-ins find free memory and send nothing more out: about
 * SWAP_MIB goes out and the same comes back. The figure is the elapsed
 * virtual time, less the idle meter's (the waits for the host's disk),
 * per page that pswpout and pswpin counted: the program's writes and
 * faults, kswapd on the same CPU, the disk's interrupts.
 */
static void bench_swap(void)
{
	unsigned long pages, n, m, out, in, bad = 0, *p;
	volatile uint64_t *idle;
	uint64_t start, ticks, idle_ticks;
	char dev[32];
	long free_kb, i;
	pid_t meter;

	mount("proc", "/proc", "proc", 0, NULL);
	if (swap_disk(dev, sizeof(dev)) || swapon(dev, 0)) {
		printf("swap: no swap disk to swap on (%s)\n", strerror(errno));
		return;
	}
	idle = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (idle == MAP_FAILED || (meter = start_idle_meter(idle)) < 0) {
		printf("swap: no idle meter (%s)\n", strerror(errno));
		return;
	}
	free_kb = meminfo_kb("MemFree:");
	pages = free_kb / 4 + SWAP_MIB * 256;
	p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		printf("swap: mmap of %lu pages: %s\n", pages, strerror(errno));
		return;
	}
	/* Pages of 4 KiB on both: Debian's Linux would otherwise use 2 MiB ones (THP). */
	madvise(p, pages * PAGE, MADV_NOHUGEPAGE);
	out = vmstat("pswpout");
	in = vmstat("pswpin");
	idle_ticks = *idle;
	start = counter();
	for (n = 0; n < pages; n++)
		for (i = 0; i < SWAP_WORDS; i++)
			p[(n * PAGE + i * (PAGE / SWAP_WORDS)) / sizeof(long)] = swap_word(n, i);
	for (n = 0; n < pages; n += SWAP_CHUNK) {
		for (m = n; m < n + SWAP_CHUNK && m < pages; m++) {
			unsigned long differ = 0;

			for (i = 0; i < SWAP_WORDS; i++)
				differ |= p[(m * PAGE + i * (PAGE / SWAP_WORDS)) / sizeof(long)] ^
					  swap_word(m, i);
			bad += differ != 0;
		}
		munmap((char *)p + n * PAGE, (m - n) * PAGE);
	}
	ticks = counter() - start;
	idle_ticks = *idle - idle_ticks;
	out = vmstat("pswpout") - out;
	in = vmstat("pswpin") - in;
	kill(meter, SIGKILL);
	waitpid(meter, NULL, 0);
	printf("swap: %lu pages written (MemFree was %ld kB), %lu out, %lu in, checksum %s "
	       "(%lu pages differ); %.0f ns elapsed, %.0f of them idle\n", pages, free_kb, out, in,
	       bad ? "BAD" : "ok", bad, to_ns(ticks), to_ns(idle_ticks));
	if (out + in)
		report("swap_out_in", ticks - idle_ticks, (long)(out + in));
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

	if (argc > 1 && strcmp(argv[1], "swap") == 0) {
		bench_swap();
		return 0;
	}
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
