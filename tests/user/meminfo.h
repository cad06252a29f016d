/*
 * For the test programs' leak checks: a /proc/meminfo figure, and whether
 * the kernel is tkern (uname's release says so). The checks hold on tkern
 * only: Linux's MemFree moves with its caches while a program runs.
 */
#ifndef TESTS_USER_MEMINFO_H
#define TESTS_USER_MEMINFO_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

/* The value of the /proc/meminfo line starting with key ("MemFree:"), in kB; -1 if none. */
static inline long meminfo_kb(const char *key)
{
	char line[128];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			kb = atol(line + strlen(key));
	if (f)
		fclose(f);
	return kb;
}

static inline int on_tkern(void)
{
	struct utsname u;

	return uname(&u) == 0 && strstr(u.release, "tkern") != NULL;
}

#endif
