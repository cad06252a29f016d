/*
 * For the user programs compared with Linux that run their cases in
 * children and then, on tkern, look for leaks: say() prints unless a quiet
 * round is running, in_child() runs a case in a child and reports an end
 * other than exit 0, and check_no_leak() runs the cases again, quietly,
 * and prints a line (one Linux's output lacks) only if MemFree fell;
 * setup_case_dir() mounts /proc and makes the cases' scratch directory.
 * Needs meminfo.h.
 */
#ifndef TESTS_USER_QUIET_CASES_H
#define TESTS_USER_QUIET_CASES_H

#include <stdarg.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define LEAK_ROUNDS 5
#define LEAK_SLACK_KB 512	/* slabs kept on per-CPU lists, not leaks */

static int quiet;	/* the leak check's rounds print nothing */

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

/* Run fn in a child; report how it ended when it did not just exit 0. */
static void in_child(void (*fn)(void))
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		fn();
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		say("child ended with status %#x\n", status);
}

/*
 * round() is every case once, with its clean-up, and has run once already
 * (so first-time allocations are behind us). Linux's MemFree moves with
 * its caches, so only tkern is held to it.
 */
static void check_no_leak(void (*round)(void))
{
	long before = meminfo_kb("MemFree:");
	int i;

	quiet = 1;
	for (i = 0; i < LEAK_ROUNDS; i++)
		round();
	quiet = 0;
	if (on_tkern() && meminfo_kb("MemFree:") < before - LEAK_SLACK_KB)
		printf("leak check: MemFree fell by %ld kB\n", before - meminfo_kb("MemFree:"));
}

/* /proc mounted, and a fresh directory /tmp/<name>XXXXXX made in dir; -1 if it could not be. */
static inline int setup_case_dir(char *dir, size_t size, const char *name)
{
	mount("proc", "/proc", "proc", 0, NULL);
	mkdir("/tmp", 0777);
	snprintf(dir, size, "/tmp/%sXXXXXX", name);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return -1;
	}
	return 0;
}

#endif
