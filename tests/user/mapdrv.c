/*
 * /dev/mapdrv, the course material's driver (kernel/fs/mapdrv.c), checked
 * by tkern alone ("ok"/"FAIL": Linux has no such device): the text at
 * the start of each of its 16 pages, through a mapping and through
 * read(2); no page mapped before its first touch (one minor fault per
 * page); the same memory for a child forked after mmap and for a second
 * open, written either way; mmap's EINVAL (an offset past the buffer,
 * MAP_PRIVATE with PROT_WRITE) and EACCES cases, SIGBUS for a page of a
 * mapping that lies past the buffer, mremap refusing to grow it; the
 * /proc/devices and /proc/self/maps lines; and a leak check: rounds of
 * mapping, touching, forking and unmapping leave free memory and slab
 * where they were.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tkern_check.h"

#define PAGES 16
#define PG 4096L
#define SIZE (PAGES * PG)
#define ROUNDS 200

static int open_dev(int flags)
{
	int fd = open("/dev/mapdrv", flags);

	if (fd < 0) {
		perror("mapdrv: open /dev/mapdrv");
		exit(1);
	}
	return fd;
}

static char *map_dev(int fd, long len, int prot, int flags, long offset)
{
	return mmap(NULL, len, prot, flags, fd, offset);
}

static int page_text_is(const char *page, int i)
{
	char want[32];

	snprintf(want, sizeof(want), "mapdrv page %d\n", i);
	return !strncmp(page, want, strlen(want));
}

static long minor_faults(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

static void contents(void)
{
	int fd = open_dev(O_RDONLY), ok = 1, i;
	long before, after_mmap, after_touch, after_again;
	volatile char sum = 0;
	char *map, *buf = malloc(SIZE + 1);

	before = minor_faults();
	map = map_dev(fd, SIZE, PROT_READ, MAP_SHARED, 0);
	after_mmap = minor_faults();
	for (i = 0; i < PAGES && map != MAP_FAILED; i++)
		sum += map[i * PG];
	after_touch = minor_faults();
	for (i = 0; i < PAGES && map != MAP_FAILED; i++)
		sum += map[i * PG + 1];
	after_again = minor_faults();
	check("mmap of 16 pages, MAP_SHARED", map != MAP_FAILED);
	if (map == MAP_FAILED)
		exit(1);
	check("nothing faulted in by mmap", after_mmap == before);
	check("one fault per page at the first touch", after_touch - after_mmap == PAGES);
	check("a second touch faults no more", after_again == after_touch);
	for (i = 0; i < PAGES; i++)
		ok &= page_text_is(map + i * PG, i);
	check("page i begins \"mapdrv page i\\n\"", ok);
	check("read(2) reads the same 64 KiB, then end of file",
	      read(fd, buf, SIZE + 1) == SIZE && !memcmp(buf, map, SIZE) && read(fd, buf, 1) == 0);
	check("lseek to page 9 and read", lseek(fd, 9 * PG, SEEK_SET) == 9 * PG &&
	      read(fd, buf, 20) == 20 && page_text_is(buf, 9));
	munmap(map, SIZE);
	close(fd);
	free(buf);
}

/* A child forked after mmap writes page 3 (touched before fork) and page 7 (not). */
static void shared_with_child(void)
{
	int fd = open_dev(O_RDWR), status;
	char *map = map_dev(fd, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	volatile char first = map[3 * PG];
	pid_t pid;

	(void)first;
	pid = fork();
	if (pid == 0) {
		strcpy(map + 3 * PG + 100, "from the child, page 3");
		strcpy(map + 7 * PG + 100, "from the child, page 7");
		_exit(0);
	}
	waitpid(pid, &status, 0);
	check("child's write to a page touched before fork seen by the parent",
	      !strcmp(map + 3 * PG + 100, "from the child, page 3"));
	check("child's write to a page first touched after fork seen by the parent",
	      !strcmp(map + 7 * PG + 100, "from the child, page 7"));
	memset(map + 3 * PG + 100, 0, 32);
	memset(map + 7 * PG + 100, 0, 32);
	munmap(map, SIZE);
	close(fd);
}

/* Two opens, two mappings (the second at an offset): one buffer. */
static void two_opens(void)
{
	int fd1 = open_dev(O_RDWR), fd2 = open_dev(O_RDWR);
	char *a = map_dev(fd1, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	char *b = map_dev(fd2, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, 12 * PG);
	char buf[32] = "";

	check("a mapping at offset 12 pages starts with page 12", page_text_is(b, 12));
	strcpy(a + 13 * PG + 200, "written through the first");
	strcpy(b + 2 * PG + 300, "written through the second");
	check("second open's mapping sees the first's write",
	      !strcmp(b + PG + 200, "written through the first"));
	check("first open's mapping sees the second's write",
	      !strcmp(a + 14 * PG + 300, "written through the second"));
	check("read(2) sees a write through a mapping",
	      pread(fd2, buf, 26, 14 * PG + 300) == 26 && !strcmp(buf, "written through the second"));
	memset(a + 13 * PG + 200, 0, 32);
	memset(a + 14 * PG + 300, 0, 32);
	munmap(a, SIZE);
	munmap(b, 4 * PG);
	close(fd1);
	close(fd2);
}

/* Whether touching addr kills a child with signal sig. */
static int touch_dies_with(const char *addr, int sig)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		volatile char c = *addr;

		(void)c;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return WIFSIGNALED(status) && WTERMSIG(status) == sig;
}

static int mmap_fails(int fd, long len, int prot, int flags, long offset, int err)
{
	return map_dev(fd, len, prot, flags, offset) == MAP_FAILED && errno == err;
}

static void limits(void)
{
	int fd = open_dev(O_RDWR), ro = open_dev(O_RDONLY);
	char *map, *moved;

	check("offset at the end of the buffer: EINVAL",
	      mmap_fails(fd, PG, PROT_READ, MAP_SHARED, SIZE, EINVAL));
	check("offset past the end: EINVAL",
	      mmap_fails(fd, PG, PROT_READ, MAP_SHARED, 20 * PG, EINVAL));
	check("MAP_PRIVATE with PROT_WRITE: EINVAL",
	      mmap_fails(fd, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0, EINVAL));
	check("writable MAP_SHARED of a read-only descriptor: EACCES",
	      mmap_fails(ro, PG, PROT_READ | PROT_WRITE, MAP_SHARED, 0, EACCES));

	map = map_dev(fd, 3 * PG, PROT_READ, MAP_SHARED, 15 * PG);
	check("a mapping from the last page reaching past the end is allowed",
	      map != MAP_FAILED && page_text_is(map, 15));
	check("its pages past the buffer: SIGBUS at the access", touch_dies_with(map + PG, SIGBUS) &&
	      touch_dies_with(map + 2 * PG + 17, SIGBUS));
	munmap(map, 3 * PG);

	map = map_dev(fd, PG, PROT_READ, MAP_PRIVATE, 2 * PG);
	check("read-only MAP_PRIVATE maps the buffer", map != MAP_FAILED && page_text_is(map, 2));
	check("... and mprotect cannot make it writable: EACCES",
	      mprotect(map, PG, PROT_READ | PROT_WRITE) == -1 && errno == EACCES);
	munmap(map, PG);

	map = map_dev(ro, PG, PROT_READ, MAP_SHARED, 4 * PG);
	check("read-only descriptor, MAP_SHARED PROT_READ maps",
	      map != MAP_FAILED && page_text_is(map, 4));
	check("... and mprotect cannot make it writable: EACCES",
	      mprotect(map, PG, PROT_READ | PROT_WRITE) == -1 && errno == EACCES);
	munmap(map, PG);

	map = map_dev(fd, 2 * PG, PROT_READ, MAP_SHARED, 0);
	check("mremap cannot grow a mapping of the device: EFAULT",
	      mremap(map, 2 * PG, 4 * PG, MREMAP_MAYMOVE) == MAP_FAILED && errno == EFAULT);
	/* Moved onto a place reserved for it, so nothing else is replaced. */
	moved = mmap(NULL, 2 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	moved = mremap(map, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, moved);
	check("mremap moves it, still the buffer's pages",
	      moved != MAP_FAILED && page_text_is(moved, 0) && page_text_is(moved + PG, 1));
	munmap(moved, 2 * PG);
	close(fd);
	close(ro);
}

static void proc_lines(void)
{
	int fd = open_dev(O_RDWR);
	char *map = map_dev(fd, PG, PROT_READ | PROT_WRITE, MAP_SHARED, 5 * PG);
	char want[128];

	slurp("/proc/devices");
	check("/proc/devices lists \"254 mapdrv\"",
	      !strncmp(text, "Character devices:\n", 19) && strstr(text, "\n254 mapdrv\n"));
	slurp("/proc/self/maps");
	snprintf(want, sizeof(want), "%lx-%lx rw-s 00005000 ", (unsigned long)map,
		 (unsigned long)map + PG);
	check("/proc/self/maps: rw-s at offset 5 pages, named /dev/mapdrv",
	      strstr(text, want) && strstr(strstr(text, want), "/dev/mapdrv\n"));
	munmap(map, PG);
	close(fd);
}

static long meminfo_kb(const char *name)
{
	const char *at;
	long kb = -1;

	slurp("/proc/meminfo");
	at = strstr(text, name);
	if (at)
		sscanf(at + strlen(name), "%ld", &kb);
	return kb;
}

/* Map all of it, touch every page, let a child write one, unmap. */
static int one_round(void)
{
	int fd = open_dev(O_RDWR), i, status;
	char *map = map_dev(fd, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	volatile char sum = 0;
	pid_t pid;

	if (map == MAP_FAILED)
		return 0;
	for (i = 0; i < PAGES; i++)
		sum += map[i * PG];
	pid = fork();
	if (pid == 0) {
		map[PG + 500] = 'x';
		_exit(0);
	}
	waitpid(pid, &status, 0);
	map[PG + 500] = 0;
	munmap(map, SIZE);
	close(fd);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void no_leaks(void)
{
	long before;
	int i, ok = 1;

	for (i = 0; i < 10; i++)	/* the first rounds fill the caches */
		ok &= one_round();
	before = meminfo_kb("MemFree:") + meminfo_kb("Slab:");
	for (i = 0; i < ROUNDS; i++)
		ok &= one_round();
	check("200 rounds: mapped, touched, shared with a child, unmapped", ok);
	check("... MemFree + Slab as before", meminfo_kb("MemFree:") + meminfo_kb("Slab:") >= before - 64);
}

int main(void)
{
	contents();
	shared_with_child();
	two_opens();
	limits();
	proc_lines();
	no_leaks();
	printf("%s\n", failures ? "mapdrv: some checks failed" : "mapdrv: all checks passed");
	return failures != 0;
}
