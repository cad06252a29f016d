/*
 * maps [pid]: a process's memory map, /proc/<pid>/maps (default: this
 * very program, which shows what a fresh static program looks like).
 */
#include <stdio.h>

int main(int argc, char **argv)
{
	char path[64], line[512];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/maps", argc > 1 ? argv[1] : "self");
	f = fopen(path, "r");
	if (!f) {
		perror(path);
		return 1;
	}
	while (fgets(line, sizeof(line), f))
		fputs(line, stdout);
	fclose(f);
	return 0;
}
