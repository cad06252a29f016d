/*
 * failrun: runs test programs with allocations failing on purpose (fault
 * injection, docs/reliability.md) and judges only what must hold whatever
 * fails: the kernel does not crash (the harness reads the log), no
 * program hangs, and once all have ended every slab object and page is
 * back. What the programs print is not judged (it goes to /dev/null):
 * under injection they may fail, be killed, or cope.
 *
 *   failrun nth[:ATTR] PROGRAM...
 *	for each of failslab, fail_page_alloc and fail_vmalloc (or ATTR alone), run each
 *	program with only its N-th allocation failing (interval N, times 1),
 *	N = 1, 2, ... 64, then in steps of an eighth, until a run no longer
 *	reaches the N-th allocation (or N passes NTH_MAX).
 *   failrun random SEED PERCENT ROUNDS PROGRAM...
 *	all three at PERCENT percent from SEED, each program ROUNDS times.
 *
 * The children are marked through /proc/self/make-it-fail before their
 * execve, and the task filter spares everything else (this program too).
 * A child still running after HANG_SECONDS is killed and counted as a
 * hang. What a run leaves in /tmp (scratch files of a program that failed
 * half-way) is removed after it. The kernel itself reports a system call that returned an error
 * other than ENOMEM or EAGAIN after a forced failure ("FAULT_INJECTION:
 * ... returned"), which the harness looks for. Tkern only.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tkern_check.h"
#include "slabcount.h"

#define NTH_MAX 4000
#define HANG_SECONDS 10

static const char *const attrs[] = { "failslab", "fail_page_alloc", "fail_vmalloc" };
#define NR_ATTRS 3

static int runs, hangs, killed, exited_nonzero;

static void set(const char *attr, const char *file, long value)
{
	char path[96], text[32];
	int fd, len;

	snprintf(path, sizeof(path), "/proc/sys/debug/%s/%s", attr, file);
	len = snprintf(text, sizeof(text), "%ld\n", value);
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, text, (size_t)len) != len) {
		printf("FAIL - cannot write %s\n", path);
		exit(1);
	}
	close(fd);
}

static long get(const char *attr, const char *file)
{
	char path[96];

	snprintf(path, sizeof(path), "/proc/sys/debug/%s/%s", attr, file);
	return slurp(path) > 0 ? atol(text) : -2;
}

static void all_off(void)
{
	for (int i = 0; i < NR_ATTRS; i++) {
		set(attrs[i], "probability", 0);
		set(attrs[i], "verbose", 0);
		set(attrs[i], "task-filter", 1);
	}
}

static void child(const char *program)
{
	int fd = open("/dev/null", O_RDWR);
	int mark = open("/proc/self/make-it-fail", O_WRONLY);

	setpgid(0, 0);	/* a program signalling its group reaches only itself */
	if (fd >= 0) {	/* and one whose pipe2 failed reads EOF from fd 0, not the console */
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
	}
	if (mark < 0 || write(mark, "1", 1) != 1)
		_exit(126);
	close(mark);
	execl(program, program, (char *)NULL);
	_exit(127);
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	if (ftw->level > 0)
		remove(path);
	return 0;
}

/*
 * A program that failed half-way leaves its scratch files in /tmp: files,
 * not a leak, so they go before anything is counted. In a child: nftw's
 * directory buffers would grow this program's own heap, which counts too.
 */
static void clean_tmp(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		nftw("/tmp", remove_one, 16, FTW_DEPTH | FTW_PHYS);
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

/* What the hung group's processes are doing: their /proc/<pid>/stat lines (state, pgrp ...). */
static void show_group(pid_t pgrp)
{
	struct dirent *d;
	char path[64];
	DIR *dir = opendir("/proc");

	while (dir && (d = readdir(dir))) {
		int pid = atoi(d->d_name);

		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
		if (pid > 0 && slurp(path) > 0 && getpgid(pid) == pgrp)
			printf("#   %s", text);
	}
	if (dir)
		closedir(dir);
}

/* Run program marked to fail; wait for it, killing it (and counting a hang) after HANG_SECONDS. */
static void run(const char *program)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int status, waited;
	pid_t pid;

	fflush(stdout);
	while ((pid = fork()) < 0)	/* the fork is not marked, but memory may be short */
		nanosleep(&tick, NULL);
	if (pid == 0)
		child(program);
	runs++;
	for (waited = 0; waitpid(pid, &status, WNOHANG) == 0; waited++) {
		if (waited == HANG_SECONDS * 100) {
			printf("# %s did not end within %d s: killed\n", program, HANG_SECONDS);
			show_group(pid);
			hangs++;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			break;
		}
		nanosleep(&tick, NULL);
	}
	clean_tmp();
	if (WIFSIGNALED(status))
		killed++;
	else if (WEXITSTATUS(status))
		exited_nonzero++;
}

static int next_n(int n)
{
	return n < 64 ? n + 1 : n + n / 8;
}

/* Each allocation site the program reaches, one failure at a time, for attr. */
static int walk(const char *attr, const char *program)
{
	int n;

	set(attr, "probability", 100);
	for (n = 1; n <= NTH_MAX; n = next_n(n)) {
		set(attr, "interval", n);
		set(attr, "times", 1);
		run(program);
		if (get(attr, "times") == 1)	/* the n-th allocation was never reached */
			break;
	}
	set(attr, "probability", 0);
	return n;
}

int main(int argc, char **argv)
{
	struct slab_usage before;
	char detail[96];
	long forced = 0;
	int i, a, first;

	const char *only = strncmp(argv[1] ? argv[1] : "", "nth:", 4) ? NULL : argv[1] + 4;

	if (argc < 3 || (strcmp(argv[1], "nth") && !only &&
			 (strcmp(argv[1], "random") || argc < 6))) {
		fprintf(stderr, "usage: failrun nth[:ATTR] PROG... | failrun random SEED PERCENT ROUNDS PROG...\n");
		return 2;
	}
	mount("proc", "/proc", "proc", 0, NULL);
	first = strcmp(argv[1], "random") ? 2 : 5;
	all_off();
	for (i = first; i < argc; i++)	/* caches filled, before the baseline */
		run(argv[i]);
	/* This program's own memory too: stdout's buffer, the measure's heap. */
	printf("# %d programs, mode %s\n", argc - first, argv[1]);
	slab_usage_measure(&before);
	slab_usage_back(&before, 0, detail, sizeof(detail));
	slab_usage_measure(&before);
	runs = killed = exited_nonzero = 0;
	for (a = 0; a < NR_ATTRS; a++)
		forced -= get(attrs[a], "failures");
	if (first == 2) {
		for (i = first; i < argc; i++)
			for (a = 0; a < NR_ATTRS; a++) {
				int reached;

				if (only && strcmp(only, attrs[a]))
					continue;
				reached = walk(attrs[a], argv[i]) - 1;

				printf("# %s: %s reached %d allocations, MemFree + Slab %+ld kB\n",
				       argv[i], attrs[a], reached,
				       meminfo_kb("MemFree:") + meminfo_kb("Slab:") - before.free_kb);
			}
	} else {
		for (a = 0; a < NR_ATTRS; a++) {
			set(attrs[a], "seed", atol(argv[2]) + a);
			set(attrs[a], "interval", 1);
			set(attrs[a], "times", -1);
			set(attrs[a], "probability", atol(argv[3]));
		}
		for (int round = 0; round < atoi(argv[4]); round++)
			for (i = first; i < argc; i++)
				run(argv[i]);
	}
	all_off();
	for (a = 0; a < NR_ATTRS; a++)
		forced += get(attrs[a], "failures");
	printf("# %d runs, %ld failures forced; %d killed by a signal, %d exited non-zero\n",
	       runs, forced, killed, exited_nonzero);
	check("failures were forced", forced > 0);
	check("no program hung", hangs == 0);
	if (!slab_usage_back(&before, 0, detail, sizeof(detail)))
		printf("# %s\n", detail);
	check("every slab object and page back after all runs",
	      slab_usage_back(&before, 0, detail, sizeof(detail)));
	return failures != 0;
}
