/*
 * For the tkern-only test programs, which judge themselves: check() prints
 * one "ok - ..." or "FAIL - ..." line and counts the failures; slurp(path)
 * reads a whole (small) file, such as one of /proc, into text.
 */
#ifndef TESTS_USER_TKERN_CHECK_H
#define TESTS_USER_TKERN_CHECK_H

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static char text[65536];
static int failures;

static void check(const char *what, int ok)
{
	printf("%s - %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

/* The file's length, or -1 if it cannot be opened; text holds it, NUL-terminated. */
static inline long slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	long n, total = 0;

	text[0] = '\0';
	if (fd < 0)
		return -1;
	while ((n = read(fd, text + total, sizeof(text) - 1 - total)) > 0)
		total += n;
	text[total] = '\0';
	close(fd);
	return total;
}

#endif
