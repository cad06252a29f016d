/*
 * For the test programs' leak checks: a /proc/meminfo or /proc/self/status
 * figure, and whether the kernel is tkern (uname's release says so). The
 * checks hold on tkern only: Linux's MemFree moves with its caches while a
 * program runs.
 */
#ifndef TESTS_USER_MEMINFO_H
#define TESTS_USER_MEMINFO_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

/* The value of the line of the /proc file path starting with key ("VmLck:"), in kB; -1 if none. */
static inline long proc_kb(const char *path, const char *key)
{
	char line[128];
	long kb = -1;
	FILE *f = fopen(path, "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			kb = atol(line + strlen(key));
	if (f)
		fclose(f);
	return kb;
}

/* The value of the /proc/meminfo line starting with key ("MemFree:"), in kB; -1 if none. */
static inline long meminfo_kb(const char *key)
{
	return proc_kb("/proc/meminfo", key);
}

/*
 * Give the slab caches' free objects back to the page allocator
 * (vm/drop_caches 2, as on Linux), so that MemFree compares what is in
 * use: each CPU's sheaf and partial slabs keep freed objects for reuse,
 * in every cache, and after thousands of processes that can be more than
 * a leak check's slack. Silent where the file cannot be written (not
 * root).
 */
static inline void drop_slab_caches(void)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);

	if (fd >= 0) {
		if (write(fd, "2", 1) != 1)
			perror("drop_caches");
		close(fd);
	}
}

/* The same for this process's /proc/self/status ("VmSwap:"). */
static inline long status_kb(const char *key)
{
	return proc_kb("/proc/self/status", key);
}

/*
 * The same read with read(2) into the stack, no stdio: malloc's heap
 * growth would move Committed_AS, the figure being read.
 */
static inline long meminfo_kb_raw(const char *key)
{
	char buf[4096], *at;
	int fd = open("/proc/meminfo", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	at = strstr(buf, key);
	return at ? atol(at + strlen(key)) : -1;
}

static inline int on_tkern(void)
{
	struct utsname u;

	return uname(&u) == 0 && strstr(u.release, "tkern") != NULL;
}

#endif
