/*
 * A fork bomb, held and then defused (issue #15), judged by tkern itself
 * ("ok - ..." / "FAIL - ..."); run at 512 MiB in the stress layer.
 *
 * - As root (exempt from RLIMIT_NPROC, as on Linux) 3,000 children alive
 *   at once, each blocked reading a pipe after saying it runs. A fork may
 *   only fail with ENOMEM when memory really is short (MemFree under
 *   SHORT_KB then), never because some table inside the kernel is full
 *   (pids, kernel stacks, ASIDs). Then all are released and reaped, and
 *   MemFree must come back to where it was.
 * - RLIMIT_NPROC counted exactly: a process of uid 1000 with a limit of
 *   NPROC_LIMIT starts FORKERS processes that all fork at the same moment
 *   as long as they can. Every refusal must be EAGAIN, and the tasks of
 *   uid 1000 alive at the end must be exactly the limit: two forks at once
 *   must not both take the last place.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tkern_check.h"
#include "meminfo.h"

#define BOMB 3000
#define SHORT_KB (8 * 1024)	/* below this much free, ENOMEM is the truth */
#define MEMFREE_SLACK_KB 1024	/* partial slabs and the like, not leaks */
#define NPROC_LIMIT 40
#define FORKERS 4

static pid_t pids[BOMB];

/* Say ready on ready_fd, then wait until the write end of release_fd closes. */
static void __attribute__((noreturn)) wait_for_release(int ready_fd, int release_fd)
{
	char byte;

	if (write(ready_fd, "r", 1) != 1)
		_exit(101);
	_exit(read(release_fd, &byte, 1) == 0 ? 0 : 102);
}

struct bomb {
	int started;
	int fork_errno;		/* 0 when all were forked */
	long free_at_failure;	/* MemFree (kB) when a fork failed */
	int ready, exited_ok;
};

static void fork_all(struct bomb *b, int ready[2], int release[2])
{
	for (b->started = 0; b->started < BOMB; b->started++) {
		pid_t pid = fork();

		if (pid < 0) {
			b->fork_errno = errno;
			b->free_at_failure = meminfo_kb("MemFree:");
			return;
		}
		if (pid == 0) {
			close(ready[0]);
			close(release[1]);
			wait_for_release(ready[1], release[0]);
		}
		pids[b->started] = pid;
	}
}

static void reap_all(struct bomb *b)
{
	for (int i = 0; i < b->started; i++) {
		int status;

		if (waitpid(pids[i], &status, 0) == pids[i] && WIFEXITED(status) &&
		    WEXITSTATUS(status) == 0)
			b->exited_ok++;
	}
}

static void bomb(void)
{
	int ready[2], release[2];
	struct bomb b = { 0 };
	char byte;

	if (pipe(ready) || pipe(release)) {
		perror("pipe");
		exit(1);
	}
	fork_all(&b, ready, release);
	close(ready[1]);
	close(release[0]);
	while (b.ready < b.started && read(ready[0], &byte, 1) == 1)
		b.ready++;
	printf("# %d children alive, %ld kB free\n", b.ready, meminfo_kb("MemFree:"));
	close(release[1]);
	close(ready[0]);
	reap_all(&b);
	if (b.fork_errno)
		printf("# fork %d: %s with %ld kB free\n", b.started, strerror(b.fork_errno),
		       b.free_at_failure);
	check("3000 children alive at once, or ENOMEM only when memory is short",
	      b.started == BOMB || (b.fork_errno == ENOMEM && b.free_at_failure < SHORT_KB));
	check("every child ran and blocked on the pipe", b.ready == b.started);
	check("every child was released and reaped", b.exited_ok == b.started);
	check("no child left", wait(NULL) == -1 && errno == ECHILD);
}

/* A forker of uid 1000: fork until refused; the children wait on the pipe. */
static void __attribute__((noreturn)) forker(int go_fd, int release_fd, int report_fd)
{
	int counts[2] = { 0, 0 };	/* forked, refusals other than EAGAIN */
	char byte;

	if (read(go_fd, &byte, 1) != 0)
		_exit(1);
	for (;;) {
		pid_t pid = fork();

		if (pid == 0) {
			_exit(read(release_fd, &byte, 1) == 0 ? 0 : 1);
		}
		if (pid < 0) {
			counts[1] += errno != EAGAIN;
			break;
		}
		counts[0]++;
	}
	if (write(report_fd, counts, sizeof(counts)) != sizeof(counts))
		_exit(1);
	/* Stay alive, so that this forker still counts when the others stop. */
	_exit(read(release_fd, &byte, 1) == 0 ? 0 : 1);
}

/* Runs as uid 1000 in a child of the test; its exit status is the number of problems. */
static int __attribute__((noreturn)) nproc_race(void)
{
	struct rlimit lim = { NPROC_LIMIT, NPROC_LIMIT };
	int go[2], release[2], report[2], forked = 0, others = 0, i;

	if (pipe(go) || pipe(release) || pipe(report) || setrlimit(RLIMIT_NPROC, &lim) ||
	    setuid(1000))
		_exit(100);
	for (i = 0; i < FORKERS; i++) {
		if (fork() == 0) {
			close(go[1]);
			close(release[1]);
			close(report[0]);
			forker(go[0], release[0], report[1]);
		}
	}
	close(go[0]);
	close(release[0]);
	close(report[1]);
	close(go[1]);	/* all start forking at once */
	for (i = 0; i < FORKERS; i++) {
		int counts[2];

		if (read(report[0], counts, sizeof(counts)) != sizeof(counts))
			_exit(101);
		forked += counts[0];
		others += counts[1];
	}
	/* This process, the forkers and their children: the limit, not one more or less. */
	printf("# %d children forked by %d forkers under a limit of %d\n", forked, FORKERS,
	       NPROC_LIMIT);
	fflush(stdout);
	close(release[1]);
	while (wait(NULL) > 0)
		;
	_exit((1 + FORKERS + forked != NPROC_LIMIT) + (others != 0) * 2);
}

static void nproc_exact(void)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		nproc_race();
	waitpid(pid, &status, 0);
	check("RLIMIT_NPROC: every refused fork got EAGAIN",
	      WIFEXITED(status) && !(WEXITSTATUS(status) & 2) && WEXITSTATUS(status) < 100);
	check("RLIMIT_NPROC: concurrent forks stop at exactly the limit",
	      WIFEXITED(status) && !(WEXITSTATUS(status) & 1) && WEXITSTATUS(status) < 100);
	while (wait(NULL) > 0)
		;
}

/* The tasks that exist, from /proc/loadavg's "running/total" field; -1 if unreadable. */
static long nr_tasks(void)
{
	char *slash;

	if (slurp("/proc/loadavg") <= 0 || !(slash = strchr(text, '/')))
		return -1;
	return atol(slash + 1);
}

int main(void)
{
	long before, after, tasks;

	mount("proc", "/proc", "proc", 0, NULL);
	nproc_exact();	/* also the warm-up: caches filled on first use */
	drop_slab_caches();
	before = meminfo_kb("MemFree:");
	printf("# %ld kB free before\n", before);
	tasks = nr_tasks();
	bomb();
	nproc_exact();
	check("as many tasks as before", nr_tasks() == tasks);
	drop_slab_caches();
	after = meminfo_kb("MemFree:");
	if (after < before - MEMFREE_SLACK_KB)
		printf("# MemFree %ld kB before, %ld kB after\n", before, after);
	check("MemFree back where it was", after >= before - MEMFREE_SLACK_KB);
	return failures != 0;
}
