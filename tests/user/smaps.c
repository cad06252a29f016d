/*
 * /proc/self/smaps and smaps_rollup, compared with Linux booted in QEMU
 * (run as init, root): the field names and their order for private and
 * shared anonymous memory, a shared file mapping and the rollup; Size,
 * Rss, Pss and the Shared/Private figures of written anonymous memory
 * before fork, in the child after fork (each page counted half) and after
 * the child writes one page; Anonymous of file pages and private copies;
 * Locked and the lo flag after mlock; VmFlags of each kind; and the
 * rollup against the sum of the areas; statm's shared and status's
 * RssFile and RssShmem as a file and shared anonymous memory are touched.
 * No address is printed. Then, on
 * tkern, a leak check: the cases again, MemFree as before.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "meminfo.h"
#include "quiet_cases.h"

#define PAGE 4096UL
#define TEXT_SIZE (256 * 1024)

static char dir[64];
static char case_file[128];	/* the file the cases make, removed after each round */
/* Touched before any read, so reading the files maps no new page. */
static char smaps_text[TEXT_SIZE], rollup_text[8192];

static void read_text(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n, len = 0;

	while (fd >= 0 && (n = read(fd, buf + len, size - 1 - (size_t)len)) > 0)
		len += n;
	buf[len] = '\0';
	if (fd < 0)
		say("open %s: %s\n", path, strerrorname_np(errno));
	else
		close(fd);
}

/* The block of smaps_text for the area starting at addr; NULL if none. */
static char *find_area(const void *addr)
{
	char head[32];
	char *p;

	snprintf(head, sizeof(head), "%08lx-", (unsigned long)addr);
	for (p = smaps_text; (p = strstr(p, head)); p++)
		if (p == smaps_text || p[-1] == '\n')
			return p;
	return NULL;
}

/* The value of field name in the block at area (up to the next maps line); -1 if none. */
static long field(const char *area, const char *name)
{
	const char *end = strstr(area, "VmFlags:");
	size_t len = strlen(name);
	const char *p;

	if (!end)	/* the rollup has no VmFlags: its block is the whole text */
		end = area + strlen(area);
	for (p = strchr(area, '\n'); p && p < end; p = strchr(p + 1, '\n'))
		if (!strncmp(p + 1, name, len) && p[1 + len] == ':')
			return atol(p + 2 + len);
	return -1;
}

static void show_names(const char *what, const char *block)
{
	const char *p, *colon;

	say("%s:", what);
	for (p = strchr(block, '\n'); p && p[1] && (colon = strchr(p + 1, ':')); ) {
		const char *nl = strchr(p + 1, '\n');

		if (nl && colon > nl)
			break;
		say(" %.*s", (int)(colon - p - 1), p + 1);
		if (!strncmp(p + 1, "VmFlags", 7))
			break;
		p = nl;
	}
	say("\n");
}

static void show_flags(const char *what, const char *area)
{
	const char *p = strstr(area, "VmFlags:");

	say("%-32s %.*s\n", what, (int)(strchr(p, '\n') - p), p);
}

static void show_sizes(const char *what, const void *addr)
{
	static const char *const names[] = {
		"Size", "Rss", "Pss", "Pss_Dirty", "Shared_Clean", "Shared_Dirty", "Private_Clean",
		"Private_Dirty", "Anonymous", "Locked",
	};
	const char *area;
	unsigned int i;

	read_text("/proc/self/smaps", smaps_text, sizeof(smaps_text));
	area = find_area(addr);
	if (!area) {
		say("%s: no area\n", what);
		return;
	}
	say("%s:", what);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		say(" %s %ld", names[i], field(area, names[i]));
	say("\n");
}

static char *map(unsigned long pages, int flags)
{
	return mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);
}

static int make_file(void)
{
	char path[128], buf[PAGE];
	int fd, i;

	snprintf(path, sizeof(path), "%s/file", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	memset(buf, 'x', sizeof(buf));
	for (i = 0; i < 2; i++)
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			say("write: %s\n", strerrorname_np(errno));
	return fd;
}

static void layouts(void)
{
	char *anon = map(2, MAP_PRIVATE), *shared = map(1, MAP_SHARED);
	int fd = make_file();
	volatile char *file = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, fd, 0);

	anon[0] = 1;
	shared[0] = 1;
	(void)file[0];
	read_text("/proc/self/smaps", smaps_text, sizeof(smaps_text));
	read_text("/proc/self/smaps_rollup", rollup_text, sizeof(rollup_text));
	show_names("private anonymous", find_area(anon));
	show_names("shared anonymous", find_area(shared));
	show_names("shared file", find_area((char *)file));
	show_names("rollup", rollup_text);
	say("rollup line: %s\n", strstr(rollup_text, " ---p 00000000 00:00 0 ") &&
	    strstr(rollup_text, "   [rollup]\n") ? "---p 00000000 00:00 0 [rollup]" : "other");
	show_flags("private anonymous", find_area(anon));
	show_flags("shared anonymous", find_area(shared));
	show_flags("shared file, read-only", find_area((char *)file));
	close(fd);
}

static void after_fork(void)
{
	char *p = map(4, MAP_PRIVATE);
	int status;
	pid_t pid;

	memset(p, 1, 3 * PAGE);
	show_sizes("3 of 4 pages written", p);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		show_sizes("child after fork", p);
		p[0] = 2;
		show_sizes("child after writing a page", p);
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	show_sizes("parent after the child ended", p);
}

static void file_pages(void)
{
	int fd = make_file();
	volatile char *shared = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	volatile char *private = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	/* Both pages: Linux maps a read page's neighbours too (fault-around), tkern does not. */
	(void)shared[0];
	(void)shared[PAGE];
	show_sizes("shared file, both pages read", (char *)shared);
	(void)private[0];
	private[PAGE] = 'y';
	show_sizes("private file, one read, one written", (char *)private);
	show_sizes("shared file, now mapped twice", (char *)shared);
	close(fd);
}

static void locked(void)
{
	char *p = map(3, MAP_PRIVATE);

	if (mlock(p, 3 * PAGE))
		say("mlock: %s\n", strerrorname_np(errno));
	show_sizes("after mlock", p);
	show_flags("after mlock", find_area(p));
	munlock(p, 3 * PAGE);
	show_sizes("after munlock", p);
}

/* status's line name in kB; statm's third field (shared) when name is NULL. */
static long rss_figure(const char *name)
{
	char key[32];
	const char *p;

	if (!name) {
		read_text("/proc/self/statm", rollup_text, sizeof(rollup_text));
		p = strchr(strchr(rollup_text, ' ') + 1, ' ');
		return atol(p + 1);
	}
	read_text("/proc/self/status", rollup_text, sizeof(rollup_text));
	snprintf(key, sizeof(key), "\n%s:", name);
	p = strstr(rollup_text, key);
	return p ? atol(p + strlen(key)) : -1;
}

/* statm's shared and status's RssFile and RssShmem, in pages. */
static void shared_figures(long *statm, long *file, long *shmem)
{
	*statm = rss_figure(NULL);
	*file = rss_figure("RssFile") / 4;
	*shmem = rss_figure("RssShmem") / 4;
}

/*
 * Linux 6.1 folds a task's RSS counts into its mm only every 64 faults
 * (SPLIT_RSS_COUNTING), so how much they grew is checked on tkern only;
 * the sum holds on both.
 */
static void statm_and_status(void)
{
	int fd = make_file();
	volatile char *file = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	char *shared = map(3, MAP_SHARED);
	long statm, rss_file, rss_shmem, statm2, rss_file2, rss_shmem2;

	shared_figures(&statm, &rss_file, &rss_shmem);	/* the code it runs is mapped now */
	shared_figures(&statm, &rss_file, &rss_shmem);
	(void)file[0];
	(void)file[PAGE];
	memset(shared, 1, 3 * PAGE);
	shared_figures(&statm2, &rss_file2, &rss_shmem2);
	if (on_tkern() && (statm2 - statm != 5 || rss_file2 - rss_file != 2 ||
			   rss_shmem2 - rss_shmem != 3))
		say("statm shared grew by %ld pages, RssFile by %ld, RssShmem by %ld, not 5, 2, 3\n",
		    statm2 - statm, rss_file2 - rss_file, rss_shmem2 - rss_shmem);
	say("RssAnon + RssFile + RssShmem equals VmRSS: %s\n",
	    rss_figure("RssAnon") + rss_figure("RssFile") + rss_figure("RssShmem") ==
	    rss_figure("VmRSS") ? "yes" : "no");
	close(fd);
}

/* Sum of field name over every area of smaps_text. */
static long sum(const char *name)
{
	char key[32];
	const char *p;
	long total = 0;

	snprintf(key, sizeof(key), "\n%s:", name);
	for (p = smaps_text; (p = strstr(p, key)); p++)
		total += atol(p + strlen(key));
	return total;
}

static void rollup(void)
{
	static const char *const exact[] = {
		"Rss", "Shared_Clean", "Shared_Dirty", "Private_Clean", "Private_Dirty",
		"Anonymous", "Locked",
	};
	long areas = 0, pss;
	unsigned int i;
	const char *p;

	/* Copy the buffers' pages (shared with the parent since fork) before either read. */
	memset(smaps_text, 0, sizeof(smaps_text));
	memset(rollup_text, 0, sizeof(rollup_text));
	read_text("/proc/self/smaps", smaps_text, sizeof(smaps_text));
	read_text("/proc/self/smaps_rollup", rollup_text, sizeof(rollup_text));
	for (i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		say("rollup %-14s equals the sum of the areas: %s\n", exact[i],
		    field(rollup_text, exact[i]) == sum(exact[i]) ? "yes" : "no");
	for (p = smaps_text; (p = strstr(p, "\nPss:")); p++)
		areas++;
	/* Each area's Pss is rounded down on its own; the rollup rounds once. */
	pss = field(rollup_text, "Pss");
	say("rollup Pss within the areas' rounding: %s\n",
	    pss >= sum("Pss") && pss <= sum("Pss") + areas ? "yes" : "no");
	say("rollup Pss_Anon + Pss_File + Pss_Shmem close to Pss: %s\n",
	    labs(field(rollup_text, "Pss_Anon") + field(rollup_text, "Pss_File") +
		 field(rollup_text, "Pss_Shmem") - pss) <= 2 ? "yes" : "no");
}

static void every_case(void)
{
	in_child(layouts);
	in_child(after_fork);
	in_child(file_pages);
	in_child(locked);
	in_child(rollup);
	in_child(statm_and_status);
}

/* Every case once, and its file removed. */
static void one_round(void)
{
	every_case();
	unlink(case_file);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	memset(smaps_text, 0, sizeof(smaps_text));
	memset(rollup_text, 0, sizeof(rollup_text));
	if (setup_case_dir(dir, sizeof(dir), "smaps"))
		return 1;
	snprintf(case_file, sizeof(case_file), "%s/file", dir);
	one_round();
	check_no_leak(one_round);
	rmdir(dir);
	return 0;
}
