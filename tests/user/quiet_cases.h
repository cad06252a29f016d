/*
 * For the user programs compared with Linux that run their cases in
 * children and then, on tkern, look for leaks: say() prints unless a quiet
 * round is running, in_child() runs a case in a child and reports an end
 * other than exit 0, and check_no_leak() runs the cases again, quietly,
 * and prints a line (one Linux's output lacks) only if any object or page
 * stayed behind; setup_case_dir() mounts /proc and makes the cases'
 * scratch directory. Needs meminfo.h.
 */
#ifndef TESTS_USER_QUIET_CASES_H
#define TESTS_USER_QUIET_CASES_H

#include <stdarg.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "slabcount.h"

#define LEAK_ROUNDS 5

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
 * (so first-time allocations are behind us). After LEAK_ROUNDS more, every
 * slab cache must hold exactly as many objects as before and MemFree +
 * Slab be the same (slabcount.h): a single object left per round shows.
 * Linux's counters move with its caches, so only tkern is held to it.
 */
static void check_no_leak(void (*round)(void))
{
	struct slab_usage before;
	char msg[128];
	int i;

	if (on_tkern() && slab_usage_measure(&before)) {
		printf("leak check: no /sys/kernel/slab to count objects in\n");
		return;
	}
	quiet = 1;
	for (i = 0; i < LEAK_ROUNDS; i++)
		round();
	quiet = 0;
	if (on_tkern() && !slab_usage_back(&before, 0, msg, sizeof(msg)))
		printf("leak check: %s\n", msg);
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
