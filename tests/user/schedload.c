/*
 * The scheduler under load (issue #16), run as init: for D seconds
 * (argument, default 30) 8 worker processes loop over fork + execve of
 * this program (`schedload child` exits at once) + wait, a few pages
 * mmap'ed, touched and unmapped, and brk grown, touched and shrunk; and
 * 4 pairs of processes bounce a byte over two pipes, each pair timing
 * every round trip with CLOCK_MONOTONIC. On 4 CPUs the workers alone are
 * twice as many busy processes as CPUs.
 *
 * It prints the figures (iterations per worker, round trips and the
 * slowest per pair), then judges itself with "ok - "/"FAIL - " lines:
 * every pair's slowest round trip under 1 s, and the 16 children all
 * forked within 1 s (liveness bounds: a stall, not a speed check; Linux
 * with its 4 vCPUs on one host core needs 0.25-0.58 s and 0.15 s), the
 * workers' iteration counts within a factor of 2 of each other, every
 * child finished and reaped within D + GRACE seconds (stragglers are
 * killed, one by one, so the program always ends), and on tkern only,
 * every slab cache's objects in use exactly where they were after a
 * warm-up and MemFree + Slab too but for the kernel's page tables
 * (slabcount.h; Linux's counters move with its caches).
 *
 * Each child reports its figures as one record written to a shared pipe
 * (smaller than PIPE_BUF, so records never interleave).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tkern_check.h"
#include "meminfo.h"
#include "slabcount.h"

/*
 * Sixteen children at once, each forking, need more kernel stacks at a
 * time than the warm-up did: the vmalloc range's page tables grow to
 * that peak and stay (as Linux's do). Bounded by the peak, not by the
 * iterations: one table page maps 2 MiB of stacks.
 */
#define TABLE_SLACK_KB 64

#define WORKERS 8
#define PAIRS 4
#define CHILDREN (WORKERS + 2 * PAIRS)
#define GRACE 10		/* seconds after D for every child to be reaped */
#define TOUCHED_PAGES 4
#define PAGE 4096L
#define STALL_NS 1000000000L	/* the liveness bound on one round trip */

enum { WORKER, PAIR };

struct record {
	int kind;
	int index;
	long iterations;	/* a worker's loops, or a pair's round trips */
	long slowest_ns;	/* a pair's slowest round trip */
	long errors;		/* a worker's failed calls or unexpected statuses */
};

static char *self;
static long deadline_ns;
static int results[2];

static long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void send_record(const struct record *r)
{
	if (write(results[1], r, sizeof(*r)) != sizeof(*r))
		_exit(2);
}

/* fork + execve of `schedload child` + wait; 1 if any step went wrong. */
static int fork_exec_wait(void)
{
	char *argv[] = { self, "child", NULL };
	char *envp[] = { NULL };
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return 1;
	if (pid == 0) {
		execve(self, argv, envp);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return 1;
	return !WIFEXITED(status) || WEXITSTATUS(status) != 0;
}

static int touch_mmap(void)
{
	char *p = mmap(NULL, TOUCHED_PAGES * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int i;

	if (p == MAP_FAILED)
		return 1;
	for (i = 0; i < TOUCHED_PAGES; i++)
		p[i * PAGE] = (char)i;
	return munmap(p, TOUCHED_PAGES * PAGE) != 0;
}

/* The raw system call: glibc's sbrk caches the break and malloc shares it. */
static int touch_brk(void)
{
	long base = syscall(SYS_brk, 0);
	long top = base + TOUCHED_PAGES * PAGE;
	int i;

	if (syscall(SYS_brk, top) != top)
		return 1;
	for (i = 0; i < TOUCHED_PAGES; i++)
		((volatile char *)base)[i * PAGE] = (char)i;
	return syscall(SYS_brk, base) != base;
}

static int one_iteration(void)
{
	return fork_exec_wait() + touch_mmap() + touch_brk();
}

static void worker(int index)
{
	struct record r = { WORKER, index, 0, 0, 0 };

	while (now_ns() < deadline_ns) {
		r.errors += one_iteration();
		r.iterations++;
	}
	send_record(&r);
	_exit(0);
}

/* The timing side of a pair: a byte out, the byte back, until the deadline. */
static void pinger(int index, int out, int in)
{
	struct record r = { PAIR, index, 0, 0, 0 };
	char byte = 'x';
	long start, took;

	while ((start = now_ns()) < deadline_ns) {
		if (write(out, &byte, 1) != 1 || read(in, &byte, 1) != 1)
			_exit(3);
		took = now_ns() - start;
		if (took > r.slowest_ns)
			r.slowest_ns = took;
		r.iterations++;
	}
	send_record(&r);
	_exit(0);
}

/* The other side: echoes until the pinger closes its end. */
static void ponger(int in, int out)
{
	char byte;

	while (read(in, &byte, 1) == 1)
		if (write(out, &byte, 1) != 1)
			_exit(3);
	_exit(0);
}

static pid_t start_child(void (*body)(int), int index)
{
	pid_t pid = fork();

	if (pid == 0)
		body(index);
	return pid;
}

/* Pair index: two processes, each holding only its own ends of two pipes. */
static void start_pair(int index, pid_t *pids)
{
	int there[2], back[2];

	if (pipe2(there, O_CLOEXEC) || pipe2(back, O_CLOEXEC)) {
		pids[0] = pids[1] = -1;
		return;
	}
	pids[0] = fork();
	if (pids[0] == 0) {
		close(there[0]);
		close(back[1]);
		pinger(index, there[1], back[0]);
	}
	pids[1] = fork();
	if (pids[1] == 0) {
		close(there[1]);
		close(back[0]);
		ponger(there[0], back[1]);
	}
	close(there[0]);
	close(there[1]);
	close(back[0]);
	close(back[1]);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/*
 * Reap every child in pids; at GRACE seconds past the deadline, kill the
 * ones still there. Returns how many had to be killed; *last_ns is when
 * the last was reaped, relative to the deadline.
 */
static int reap_all(pid_t *pids, int n, long *last_ns)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	int left = n, killed = 0, status, i;
	pid_t pid;

	sigaction(SIGALRM, &sa, NULL);
	/* Starting the children may itself have taken past the deadline. */
	alarm(GRACE + (deadline_ns > now_ns() ? (deadline_ns - now_ns()) / 1000000000L : 0));
	while (left > 0) {
		pid = waitpid(-1, &status, 0);
		if (pid < 0 && errno == EINTR) {
			for (i = 0; i < n; i++)
				if (pids[i] > 0 && kill(pids[i], SIGKILL) == 0)
					killed++;
			continue;
		}
		if (pid < 0)
			break;
		for (i = 0; i < n; i++)
			if (pids[i] == pid) {
				pids[i] = 0;
				left--;
			}
	}
	alarm(0);
	*last_ns = now_ns() - deadline_ns;
	return killed + left;
}

static void collect(struct record *workers, struct record *pairs)
{
	struct record r;

	while (read(results[0], &r, sizeof(r)) == sizeof(r)) {
		if (r.kind == WORKER && r.index >= 0 && r.index < WORKERS)
			workers[r.index] = r;
		else if (r.kind == PAIR && r.index >= 0 && r.index < PAIRS)
			pairs[r.index] = r;
	}
}

static void judge_workers(const struct record *workers)
{
	long total = 0, errors = 0, min = -1, max = 0;
	char what[128];
	int i;

	for (i = 0; i < WORKERS; i++) {
		printf("worker %d: %ld iterations\n", i, workers[i].iterations);
		total += workers[i].iterations;
		errors += workers[i].errors;
		if (min < 0 || workers[i].iterations < min)
			min = workers[i].iterations;
		if (workers[i].iterations > max)
			max = workers[i].iterations;
	}
	printf("workers: %ld iterations in all, fewest %ld, most %ld\n", total, min, max);
	snprintf(what, sizeof(what), "workers' iterations within a factor of 2 (%ld to %ld)",
		 min, max);
	check(what, min > 0 && 2 * min >= max);
	snprintf(what, sizeof(what), "every fork, execve, wait, mmap and brk succeeded "
		 "(%ld failed)", errors);
	check(what, errors == 0);
}

static void judge_pairs(const struct record *pairs)
{
	long total = 0, slowest = 0;
	int i, all_ran = 1;
	char what[128];

	for (i = 0; i < PAIRS; i++) {
		printf("pair %d: %ld round trips, slowest %.3f ms\n", i, pairs[i].iterations,
		       pairs[i].slowest_ns / 1e6);
		total += pairs[i].iterations;
		all_ran &= pairs[i].iterations > 0;
		if (pairs[i].slowest_ns > slowest)
			slowest = pairs[i].slowest_ns;
	}
	printf("pairs: %ld round trips in all, slowest %.3f ms\n", total, slowest / 1e6);
	snprintf(what, sizeof(what), "every pair made round trips, the slowest under 1 s "
		 "(%.3f ms)", slowest / 1e6);
	check(what, all_ran && slowest < STALL_NS);
}

static struct slab_usage baseline;

/* One round of everything before the baseline, so that caches are full. */
static void warm_up(void)
{
	int errors = one_iteration();

	if (errors)
		printf("warm-up: %d steps failed\n", errors);
	if (on_tkern() && slab_usage_measure(&baseline))
		printf("no /sys/kernel/slab to count objects in\n");
}

static void run(int seconds)
{
	struct record workers[WORKERS] = { 0 }, pairs[PAIRS] = { 0 };
	long start_ns, started_ns, late_ns;
	pid_t pids[CHILDREN];
	char what[192], detail[96];
	int i, unreaped, same;

	warm_up();
	if (pipe2(results, O_CLOEXEC))
		exit(1);
	start_ns = now_ns();
	deadline_ns = start_ns + seconds * 1000000000L;
	for (i = 0; i < WORKERS; i++)
		pids[i] = start_child(worker, i);
	for (i = 0; i < PAIRS; i++)
		start_pair(i, pids + WORKERS + 2 * i);
	close(results[1]);
	started_ns = now_ns() - start_ns;
	for (i = 0; i < CHILDREN; i++)
		if (pids[i] < 0)
			printf("fork of child %d failed\n", i);
	unreaped = reap_all(pids, CHILDREN, &late_ns);
	collect(workers, pairs);
	close(results[0]);
	printf("schedload: %d s, %d workers, %d pairs, all started in %.3f s\n", seconds,
	       WORKERS, PAIRS, started_ns / 1e9);
	judge_workers(workers);
	judge_pairs(pairs);
	snprintf(what, sizeof(what), "all %d children started within 1 s (%.3f s)", CHILDREN,
		 started_ns / 1e9);
	check(what, started_ns < STALL_NS);
	printf("last child reaped %.3f s after the deadline\n", late_ns / 1e9);
	snprintf(what, sizeof(what), "every child finished and was reaped within %d + %d s "
		 "(%d killed or lost)", seconds, GRACE, unreaped);
	check(what, unreaped == 0 && late_ns < GRACE * 1000000000L);
	if (!on_tkern())
		return;
	same = slab_usage_back(&baseline, TABLE_SLACK_KB, detail, sizeof(detail));
	snprintf(what, sizeof(what), "every slab object and page back to the warm-up's baseline%s%s%s",
		 same ? "" : " (", same ? "" : detail, same ? "" : ")");
	check(what, same);
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 30;

	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return 0;
	self = argv[0];
	if (seconds <= 0) {
		fprintf(stderr, "usage: schedload [seconds]\n");
		return 2;
	}
	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	run(seconds);
	printf("schedload: %s\n", failures ? "some checks failed" : "all checks passed");
	return failures != 0;
}
