/*
 * tfree: memory in use and free, in KiB, read from /proc/meminfo (the
 * same file and the same arithmetic as procps's free, simplified).
 */
#include <stdio.h>
#include <string.h>

static long field(const char *text, const char *name)
{
	const char *at = strstr(text, name);
	long value = -1;

	if (at)
		sscanf(at + strlen(name), ": %ld", &value);
	return value;
}

int main(void)
{
	char text[4096];
	FILE *f = fopen("/proc/meminfo", "r");
	size_t n;
	long total, free_kb, slab;

	if (!f) {
		perror("tfree: /proc/meminfo");
		return 1;
	}
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	total = field(text, "MemTotal");
	free_kb = field(text, "MemFree");
	slab = field(text, "Slab");
	printf("%-8s %10s %10s %10s\n", "", "total", "used", "free");
	printf("%-8s %10ld %10ld %10ld\n", "Mem:", total, total - free_kb, free_kb);
	if (slab >= 0)
		printf("%-8s %10s %10ld\n", "Slab:", "", slab);
	return 0;
}
