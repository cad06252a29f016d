/*
 * One counter of /proc/vmstat, for the swap and reclaim test programs
 * (tests/user/swapout.c, tests/user/reclaim.c); 0 when it is not there.
 */
#ifndef TESTS_USER_VMSTAT_H
#define TESTS_USER_VMSTAT_H

#include <stdio.h>
#include <string.h>

static inline unsigned long vmstat(const char *name)
{
	FILE *f = fopen("/proc/vmstat", "r");
	char key[64];
	unsigned long value, found = 0;

	while (f && fscanf(f, "%63s %lu", key, &value) == 2)
		if (!strcmp(key, name))
			found = value;
	if (f)
		fclose(f);
	return found;
}

#endif
