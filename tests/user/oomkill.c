/*
 * The OOM killer at work (issue #15), run as init of a 128 MiB machine
 * with an initramfs of this program alone (tests/run.py's oom layer).
 * Judged by tkern itself ("ok - ..." / "FAIL - ..."); every victim the
 * program expects is printed as "# victim: pid N", in the order expected,
 * and the harness checks that the kernel's "Out of memory: Killed process"
 * lines name exactly those pids in that order.
 *
 * Hogs are children that touch anonymous memory page by page, say they
 * are done on a pipe, and wait to be released; sizes are fractions of the
 * memory free at the start.
 *
 * - Four hogs of 30% each: one must be killed, and only one (the other
 *   three fit once its memory is back), and the three finish.
 * - oom_score_adj: a small hog at 1000, stopped (SIGSTOP), and two large
 *   ones, the largest at -1000. The small one goes first; then, memory
 *   still short, the other large one; the protected one finishes.
 * - The largest hog has two threads, both asleep in read when it is
 *   chosen: the whole process dies, the other hog finishes.
 * - A hog whose mmap(MAP_POPULATE) asks for more than there is: the
 *   kernel's populate runs out, chooses the hog itself, and stops.
 * - Init itself runs out: a hog holds nearly all memory and waits. A
 *   file write by init then fails for want of pages the kernel allocates
 *   for itself (ENOMEM or ENOSPC), killing nobody. Init then writes to
 *   pages it shares copy-on-write with a child, more than is free: its
 *   fault must kill the hog, and init carry on.
 * - MemFree back where it was at the start.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tkern_check.h"
#include "slabcount.h"

#define PAGE 4096
#define MAX_HOGS 4
#define COW_PAGES 1024			/* 4 MiB written by init */
#define HOLD_MARGIN_KB (1024)		/* the init case's hog leaves less than this above min */
#define MEMFREE_SLACK_KB 1024

static char cow_area[COW_PAGES * PAGE] __attribute__((aligned(PAGE)));
static long free_at_start_kb;

struct hog {
	long kb;
	int adj;
	int threaded;	/* touch in a second thread; both then wait */
	int stop;	/* SIGSTOP it once it is done */
	int populate;	/* MAP_POPULATE: the kernel touches it all in mmap */
	pid_t pid;
	int status;
};

struct hog_work {
	const struct hog *h;
	char *area;
	int done_fd, release_fd;
};

static void set_adj(int adj)
{
	char value[16];
	int fd = open("/proc/self/oom_score_adj", O_WRONLY);
	int n = snprintf(value, sizeof(value), "%d", adj);

	if (fd < 0 || write(fd, value, n) != n)
		_exit(90);
	close(fd);
}

static void touch(char *area, long kb)
{
	for (long off = 0; off < kb * 1024; off += PAGE)
		area[off] = 1;
}

/* Touch the hog's memory, say done, wait for the release; 0 if all went well. */
static void *work(void *arg)
{
	struct hog_work *w = arg;
	char byte;

	touch(w->area, w->h->kb);
	if (write(w->done_fd, "d", 1) != 1)
		return (void *)92L;
	close(w->done_fd);
	return (void *)(read(w->release_fd, &byte, 1) == 0 ? 0L : 93L);
}

/* A hog: exits 0 if it touched all its memory and was released. */
static void __attribute__((noreturn)) hog(const struct hog *h, int done_fd, int release_fd)
{
	struct hog_work w = { h, NULL, done_fd, release_fd };
	pthread_t thread;
	void *result;
	char byte;

	set_adj(h->adj);
	if (slurp("/proc/self/oom_score_adj") <= 0 || atoi(text) != h->adj)
		_exit(94);
	w.area = mmap(NULL, h->kb * 1024, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
		      MAP_NORESERVE | (h->populate ? MAP_POPULATE : 0), -1, 0);
	if (w.area == MAP_FAILED)
		_exit(91);
	if (!h->threaded)
		_exit((int)(long)work(&w));
	if (pthread_create(&thread, NULL, work, &w))
		_exit(95);
	/* This thread waits too: a victim's threads must all die. */
	if (read(release_fd, &byte, 1) != 0 || pthread_join(thread, &result))
		_exit(96);
	_exit((int)(long)result);
}

/*
 * Start the hogs, from ready on one at a time (each done before the
 * next), the rest together; wait until each is done or dead; release and
 * reap them.
 */
static void run_hogs(struct hog *hogs, int n, int one_by_one)
{
	int done[2], release[2], i;
	char byte;

	if (pipe(done) || pipe(release))
		exit(1);
	for (i = 0; i < n; i++) {
		hogs[i].pid = fork();
		if (hogs[i].pid == 0) {
			close(done[0]);
			close(release[1]);
			hog(&hogs[i], done[1], release[0]);
		}
		if (i < one_by_one && read(done[0], &byte, 1) != 1)
			exit(1);
		if (hogs[i].stop)
			kill(hogs[i].pid, SIGSTOP);
	}
	close(done[1]);
	close(release[0]);
	while (read(done[0], &byte, 1) == 1)
		;	/* end of file: every hog is done or dead */
	close(release[1]);
	close(done[0]);
	for (i = 0; i < n; i++)
		waitpid(hogs[i].pid, &hogs[i].status, 0);
}

static int killed(const struct hog *h)
{
	return WIFSIGNALED(h->status) && WTERMSIG(h->status) == SIGKILL;
}

static int finished(const struct hog *h)
{
	return WIFEXITED(h->status) && WEXITSTATUS(h->status) == 0;
}

static void four_hogs(void)
{
	struct hog hogs[MAX_HOGS];
	int i, nkilled = 0, nfinished = 0;

	for (i = 0; i < MAX_HOGS; i++)
		hogs[i] = (struct hog){ .kb = free_at_start_kb * 30 / 100 };
	run_hogs(hogs, MAX_HOGS, 0);
	for (i = 0; i < MAX_HOGS; i++) {
		nkilled += killed(&hogs[i]);
		nfinished += finished(&hogs[i]);
		if (killed(&hogs[i]))
			printf("# victim: pid %d\n", hogs[i].pid);
	}
	check("four hogs: exactly one killed by SIGKILL", nkilled == 1);
	check("four hogs: the other three touched all their memory", nfinished == 3);
}

static void adjusted_hogs(void)
{
	struct hog hogs[3] = {
		{ .kb = free_at_start_kb * 10 / 100, .adj = 1000, .stop = 1 },
		{ .kb = free_at_start_kb * 65 / 100, .adj = -1000 },
		{ .kb = free_at_start_kb * 55 / 100, .adj = 0 },
	};

	run_hogs(hogs, 3, 1);
	printf("# victim: pid %d\n# victim: pid %d\n", hogs[0].pid, hogs[2].pid);
	check("oom_score_adj 1000: the small hog is killed first, though stopped", killed(&hogs[0]));
	check("oom_score_adj -1000: the largest hog is spared and finishes", finished(&hogs[1]));
	check("then the other large hog is killed", killed(&hogs[2]));
}

/* The largest hog has two threads, both asleep when it is chosen: both must go. */
static void threaded_hog(void)
{
	struct hog hogs[2] = {
		{ .kb = free_at_start_kb * 70 / 100, .threaded = 1 },
		{ .kb = free_at_start_kb * 40 / 100 },
	};

	run_hogs(hogs, 2, 1);
	printf("# victim: pid %d\n", hogs[0].pid);
	check("a hog of two threads is killed whole", killed(&hogs[0]));
	check("... and the other hog finishes", finished(&hogs[1]));
}

/* mmap(MAP_POPULATE) of more than there is: the populate's fault kills the hog itself. */
static void populating_hog(void)
{
	struct hog hogs[1] = { { .kb = free_at_start_kb * 130 / 100, .populate = 1 } };

	run_hogs(hogs, 1, 0);
	printf("# victim: pid %d\n", hogs[0].pid);
	check("a hog populating more than there is is killed in its mmap", killed(&hogs[0]));
}

/* vm.min_free_kbytes: the reserve below which user memory is not handed out. */
static long min_free_kb(void)
{
	FILE *f = fopen("/proc/sys/vm/min_free_kbytes", "r");
	long kb = 0;

	if (!f || fscanf(f, "%ld", &kb) != 1)
		kb = 0;
	if (f)
		fclose(f);
	return kb;
}

/*
 * The init case's hog: touch until little is free, then stop there and
 * wait. "Little" is counted above the min watermark: below it user
 * memory is not handed out at all, and the hog would be killed itself.
 */
static void __attribute__((noreturn)) holder(int done_fd, int release_fd)
{
	long kb = free_at_start_kb * 2, full_kb = min_free_kb() + HOLD_MARGIN_KB;
	char *area = mmap(NULL, kb * 1024, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	char byte;

	if (area == MAP_FAILED)
		_exit(91);
	for (long off = 0; off < kb * 1024; off += 64 * PAGE) {
		if (meminfo_kb("MemFree:") < full_kb)
			break;
		touch(area + off, 64 * PAGE / 1024);
	}
	if (write(done_fd, "d", 1) != 1)
		_exit(92);
	_exit(read(release_fd, &byte, 1) == 0 ? 0 : 93);
}

/*
 * With memory full, a write to a file needs pages the kernel allocates
 * for itself: it fails with the call's error, and nobody is killed.
 */
static void kernel_allocation_fails(pid_t holder_pid)
{
	static char chunk[64 * 1024];
	int fd = open("/oomfile", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	long total = 0, n = 0;
	int err = fd < 0 ? errno : 0;

	while (fd >= 0 && total < COW_PAGES * PAGE && (n = write(fd, chunk, sizeof(chunk))) > 0)
		total += n;
	if (n < 0)
		err = errno;
	if (fd >= 0)
		close(fd);
	unlink("/oomfile");
	check("a file write with memory full fails with ENOMEM or ENOSPC",
	      total < COW_PAGES * PAGE && (err == ENOMEM || err == ENOSPC));
	check("... and nobody is killed for it", waitpid(holder_pid, NULL, WNOHANG) == 0);
}

static void init_writes_cow(void)
{
	int done[2], release[2], status = 0, intact = 1;
	pid_t pid;
	char byte;

	memset(cow_area, 'a', sizeof(cow_area));	/* present before fork: shared after */
	if (pipe(done) || pipe(release))
		exit(1);
	pid = fork();
	if (pid == 0) {
		close(done[0]);
		close(release[1]);
		holder(done[1], release[0]);
	}
	close(done[1]);
	close(release[0]);
	if (read(done[0], &byte, 1) != 1)
		exit(1);
	kernel_allocation_fails(pid);
	printf("# victim: pid %d\n", pid);
	memset(cow_area, 'b', sizeof(cow_area));	/* copy-on-write, with memory full */
	for (long i = 0; i < (long)sizeof(cow_area); i++)
		intact &= cow_area[i] == 'b';
	close(release[1]);
	close(done[0]);
	waitpid(pid, &status, 0);
	check("init's copy-on-write fault with memory full: the hog is killed",
	      WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	check("init carries on with its writes done", intact);
}

int main(void)
{
	long free_at_end, mm_structs_at_start;

	mount("proc", "/proc", "proc", 0, NULL);
	mkdir("/sys", 0755);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mm_structs_at_start = slab_in_use("mm_struct");
	free_at_start_kb = meminfo_kb("MemFree:");
	four_hogs();
	adjusted_hogs();
	threaded_hog();
	populating_hog();
	init_writes_cow();
	free_at_end = meminfo_kb("MemFree:");
	if (free_at_end < free_at_start_kb - MEMFREE_SLACK_KB - COW_PAGES * PAGE / 1024)
		printf("# MemFree %ld kB at the start, %ld kB at the end\n", free_at_start_kb,
		       free_at_end);
	/* init's own copies of the shared pages are its now: they count as used. */
	check("MemFree back where it was",
	      free_at_end >= free_at_start_kb - MEMFREE_SLACK_KB - COW_PAGES * PAGE / 1024);
	/* The killer let go of its last victim's mm_struct when that exited (the fuzzer found one kept). */
	check("every victim's mm_struct freed", slab_in_use("mm_struct") == mm_structs_at_start);
	return failures != 0;
}
