/*
 * For the shared memory test programs: print the /proc/self/maps line of
 * the area starting at addr, in pages, with its rights, offset, device
 * and name, its inode number hidden (it differs between kernels). Needs
 * say() (quiet_cases.h).
 */
#ifndef TESTS_USER_MAPS_LINE_H
#define TESTS_USER_MAPS_LINE_H

#include <stdio.h>
#include <string.h>

static void show_maps_line(const char *what, void *addr)
{
	char line[256], perms[8], dev[16], name[128];
	unsigned long start, end, offset, ino;
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof(line), f)) {
		name[0] = '\0';
		if (sscanf(line, "%lx-%lx %7s %lx %15s %lu %127[^\n]", &start, &end, perms,
			   &offset, dev, &ino, name) < 6 || start != (unsigned long)addr)
			continue;
		say("%s: %lu pages %s %08lx %s %s \"%s\"\n", what, (end - start) / 4096, perms,
		    offset, dev, ino ? "ino" : "0", name + strspn(name, " "));
	}
	if (f)
		fclose(f);
}

#endif
