/*
 * For the test programs' leak checks on tkern: the exact number of objects
 * in use in every slab cache (allocations minus frees, from the counters
 * of /sys/kernel/slab/<cache>/, Linux's CONFIG_SLUB_STATS files; sysfs is
 * mounted on /sys if it is not yet), and MemFree + Slab of /proc/meminfo,
 * which only pages held outside the slab caches change (a slab page taken
 * moves a page from MemFree to Slab). After work that must leave nothing
 * behind, no cache holds a single object more than before: no slack.
 */
#ifndef TESTS_USER_SLABCOUNT_H
#define TESTS_USER_SLABCOUNT_H

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "meminfo.h"

#define SLABCOUNT_MAX_CACHES 96

struct slab_usage {
	struct {
		char name[32];
		long in_use;
	} caches[SLABCOUNT_MAX_CACHES];
	int n;
	long free_kb;		/* MemFree + Slab */
};

/* The sum at the start of a statistics file ("123 C0=100 C1=23"); 0 if unreadable. */
static inline long slab_counter(const char *cache, const char *counter)
{
	char path[160];
	long value = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/slab/%.64s/%.32s", cache, counter);
	f = fopen(path, "r");
	if (f && fscanf(f, "%ld", &value) != 1)
		value = 0;
	if (f)
		fclose(f);
	return value;
}

/* Objects of cache in use: allocations minus frees. */
static inline long slab_in_use(const char *cache)
{
	return slab_counter(cache, "alloc_fastpath") + slab_counter(cache, "alloc_slowpath") -
	       slab_counter(cache, "free_fastpath") - slab_counter(cache, "free_slowpath");
}

/* Fills u; 0, or -1 when there are no slab statistics to read. */
static inline int slab_usage_measure(struct slab_usage *u)
{
	struct dirent *d;
	DIR *dir;

	mkdir("/sys", 0755);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	dir = opendir("/sys/kernel/slab");
	if (!dir)
		return -1;
	u->n = 0;
	while ((d = readdir(dir)) && u->n < SLABCOUNT_MAX_CACHES) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(u->caches[u->n].name, sizeof(u->caches[u->n].name), "%.31s", d->d_name);
		u->caches[u->n].in_use = slab_in_use(d->d_name);
		u->n++;
	}
	closedir(dir);
	u->free_kb = meminfo_kb("MemFree:") + meminfo_kb("Slab:");
	return 0;
}

/*
 * 1 if no cache has more objects in use in after than in before and
 * MemFree + Slab is not lower (by more than page_slack_kb, for a caller
 * whose peak of concurrent work grew the kernel's tables); else 0 and what
 * grew first in msg ("kmalloc-64: 3 more objects in use"). Fewer is fine:
 * the baseline may have held what an exit still in flight then released.
 */
static inline int slab_usage_same(const struct slab_usage *before,
				  const struct slab_usage *after, long page_slack_kb,
				  char *msg, size_t size)
{
	int i, j;

	for (i = 0; i < after->n; i++) {
		for (j = 0; j < before->n && strcmp(before->caches[j].name, after->caches[i].name); j++)
			;
		if (j < before->n && after->caches[i].in_use > before->caches[j].in_use) {
			snprintf(msg, size, "%s: %ld more objects in use", after->caches[i].name,
				 after->caches[i].in_use - before->caches[j].in_use);
			return 0;
		}
	}
	if (after->free_kb < before->free_kb - page_slack_kb) {
		snprintf(msg, size, "MemFree + Slab: %ld kB less", before->free_kb - after->free_kb);
		return 0;
	}
	return 1;
}

/*
 * slab_usage_same() against a new measure, retried for up to a second:
 * a thread whose join has returned may still be on its way out (its /proc
 * entries go a moment later), but a leak stays.
 */
static inline int slab_usage_back(const struct slab_usage *before, long page_slack_kb,
				  char *msg, size_t size)
{
	struct slab_usage after;
	int tries;

	snprintf(msg, size, "no /sys/kernel/slab");
	for (tries = 0; tries < 100; tries++) {
		if (slab_usage_measure(&after))
			return 0;
		if (slab_usage_same(before, &after, page_slack_kb, msg, size))
			return 1;
		usleep(10000);
	}
	return 0;
}

/*
 * After a failed slab_usage_back(): for each cache grown since before that
 * stores its callers (booted with slub_debug=U,<cache>), the callers of its
 * objects in use, from /sys/kernel/slab/<cache>/alloc_calls, as "# " lines.
 */
static inline void slab_usage_show_callers(const struct slab_usage *before)
{
	struct slab_usage after;
	char path[160], line[256];
	FILE *f;

	if (slab_usage_measure(&after))
		return;
	for (int i = 0; i < after.n; i++)
		for (int j = 0; j < before->n; j++) {
			if (strcmp(before->caches[j].name, after.caches[i].name) ||
			    after.caches[i].in_use <= before->caches[j].in_use)
				continue;
			snprintf(path, sizeof(path), "/sys/kernel/slab/%s/alloc_calls",
				 after.caches[i].name);
			f = fopen(path, "r");
			if (!f)
				continue;
			printf("# %s: objects in use by caller:\n", after.caches[i].name);
			while (fgets(line, sizeof(line), f))
				printf("# %s", line);
			fclose(f);
		}
}

#endif
