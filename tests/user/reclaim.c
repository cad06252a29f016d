/*
 * Page reclaim under memory pressure, on tkern and on Linux booted in
 * QEMU with the same mkswap'd disk (tests/swap/reclaim.sh runs it in a
 * 128 MiB machine with 512 MiB of swap; outputs compared). Each test
 * writes a pattern over more memory than the machine has, so that
 * reclaim, not the program, sends pages to swap, and reads every page
 * back: it prints how many pages differ (always 0) and a checksum of what
 * it read, which both kernels must agree on.
 *
 *   reclaim one MIB            one process
 *   reclaim many N MIB         N processes at once, MIB each
 *   reclaim cow MIB            fork once the pages are in swap; both sides write
 *   reclaim ops MIB            mprotect, munmap and mremap over swapped ranges
 *   reclaim swapoff DEV MIB    swapoff of DEV with every page of MIB out
 *   reclaim shared MIB         a System V segment and a MAP_SHARED|MAP_ANONYMOUS
 *                              mapping, MIB in all, through swap; a child
 *                              reads both and writes into both
 *   reclaim shmlock MIB        a SHM_LOCKed segment stays in memory while
 *                              MIB of private pages push everything else out
 *   reclaim shmswapoff DEV MIB swapoff of DEV with a segment of MIB in swap
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/swap.h>
#include <sys/wait.h>
#include <unistd.h>
#include "meminfo.h"
#include "vmstat.h"

#define PAGE 4096UL
#define WORDS (PAGE / sizeof(unsigned long))

static unsigned long word(unsigned long page, unsigned long i, unsigned long seed)
{
	return (page * 0x9e3779b97f4a7c15UL) ^ (i * 2654435761UL) ^ seed;
}

static void fill(unsigned long *p, unsigned long pages, unsigned long first, unsigned long seed)
{
	unsigned long n, i;

	for (n = 0; n < pages; n++)
		for (i = 0; i < WORDS; i++)
			p[n * WORDS + i] = word(first + n, i, seed);
}

struct check {
	unsigned long bad_pages;
	unsigned long sum;
};

/* Read the pages back: those that differ from the pattern, and a sum of every word. */
static struct check check(const unsigned long *p, unsigned long pages, unsigned long first,
			  unsigned long seed)
{
	struct check c = { 0, 0 };
	unsigned long n, i, bad;

	for (n = 0; n < pages; n++) {
		bad = 0;
		for (i = 0; i < WORDS; i++) {
			bad |= p[n * WORDS + i] ^ word(first + n, i, seed);
			c.sum += p[n * WORDS + i];
		}
		c.bad_pages += bad != 0;
	}
	return c;
}

static void report(const char *what, struct check c)
{
	printf("%s: %lu pages differ, sum %016lx\n", what, c.bad_pages, c.sum);
}

static unsigned long *map_pages(unsigned long pages)
{
	void *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return p;
}

static unsigned long mib_pages(const char *arg)
{
	return strtoul(arg, NULL, 0) * 256;
}

static int test_one(unsigned long pages, unsigned long seed, const char *what)
{
	unsigned long *p = map_pages(pages);
	unsigned long out = vmstat("pswpout");
	struct check c;

	fill(p, pages, 0, seed);
	/* Most of what did not fit is out now, and /proc says so. */
	printf("%s: VmSwap shows the pages out: %s\n", what,
	       status_kb("VmSwap:") >= ((long)pages * 4 - meminfo_kb("MemTotal:")) / 2 ? "yes" : "no");
	c = check(p, pages, 0, seed);
	report(what, c);
	printf("%s: pages went to swap: %s\n", what, vmstat("pswpout") > out ? "yes" : "no");
	munmap(p, pages * PAGE);
	return c.bad_pages != 0;
}

/* Each child checks its own pages and sends the result up its pipe; the parent reports in order. */
static int test_many(int n, unsigned long pages)
{
	int fds[16][2], i, failed = 0;
	unsigned long *p;
	struct check c;
	char what[32];

	fflush(stdout);
	for (i = 0; i < n && i < 16; i++) {
		if (pipe(fds[i]))
			return 1;
		if (fork() == 0) {
			p = map_pages(pages);
			fill(p, pages, 0, (unsigned long)i + 1);
			c = check(p, pages, 0, (unsigned long)i + 1);
			_exit(write(fds[i][1], &c, sizeof(c)) != sizeof(c));
		}
		close(fds[i][1]);
	}
	for (i = 0; i < n && i < 16; i++) {
		memset(&c, 0xff, sizeof(c));
		if (read(fds[i][0], &c, sizeof(c)) != sizeof(c))
			printf("many[%d]: no result\n", i);
		snprintf(what, sizeof(what), "many[%d]", i);
		report(what, c);
		failed |= c.bad_pages != 0;
	}
	while (wait(NULL) > 0)
		;
	return failed;
}

/*
 * The pages are in swap when the child comes: both sides then write a
 * pattern of their own over half the pages and read everything back,
 * each seeing its own writes and the old pattern elsewhere.
 */
static int test_cow(unsigned long pages)
{
	unsigned long *p = map_pages(pages), half = pages / 2;
	struct check c[2];
	int fds[2], status;
	pid_t pid;

	fill(p, pages, 0, 7);
	if (pipe(fds))
		return 1;
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("cow: fork");
		return 1;
	}
	fill(p, half, 0, pid ? 8 : 9);
	c[0] = check(p, half, 0, pid ? 8 : 9);
	c[1] = check(p + half * WORDS, pages - half, half, 7);
	if (pid == 0)
		_exit(write(fds[1], c, sizeof(c)) != sizeof(c));
	report("cow parent, own half", c[0]);
	report("cow parent, shared half", c[1]);
	if (read(fds[0], c, sizeof(c)) != sizeof(c))
		printf("cow: no result from the child\n");
	waitpid(pid, &status, 0);
	report("cow child, own half", c[0]);
	report("cow child, shared half", c[1]);
	munmap(p, pages * PAGE);
	return 0;
}

/* Four quarters of a swapped range: read-only, unmapped, moved, grown. */
static int test_ops(unsigned long pages)
{
	unsigned long *p = map_pages(pages), q = pages / 4, *moved, *grown;
	unsigned long *target = map_pages(q);

	fill(p, pages, 0, 11);
	if (mprotect(p, q * PAGE, PROT_READ))
		perror("mprotect");
	report("ops, read-only quarter", check(p, q, 0, 11));
	printf("ops, munmap of the second quarter: %d\n", munmap(p + q * WORDS, q * PAGE));
	moved = mremap(p + 2 * q * WORDS, q * PAGE, q * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, target);
	printf("ops, third quarter moved: %s\n", moved == target ? "yes" : "no");
	report("ops, moved quarter", check(moved, q, 2 * q, 11));
	grown = mremap(p + 3 * q * WORDS, q * PAGE, 2 * q * PAGE, MREMAP_MAYMOVE);
	report("ops, grown quarter, old part", check(grown, q, 3 * q, 11));
	fill(grown + q * WORDS, q, 0, 12);
	report("ops, grown quarter, new part", check(grown + q * WORDS, q, 0, 12));
	report("ops, read-only quarter again", check(p, q, 0, 11));
	munmap(p, q * PAGE);
	munmap(moved, q * PAGE);
	munmap(grown, 2 * q * PAGE);
	return 0;
}

/* Every page out (MADV_PAGEOUT), then the area goes: they all come back. */
static int test_swapoff(const char *dev, unsigned long pages)
{
	unsigned long *p = map_pages(pages), out = vmstat("pswpout");

	fill(p, pages, 0, 13);
	madvise(p, pages * PAGE, MADV_PAGEOUT);
	printf("swapoff: pages went to swap: %s\n", vmstat("pswpout") - out >= pages ? "yes" : "no");
	printf("swapoff %s: %d\n", dev, swapoff(dev));
	report("swapoff, read back", check(p, pages, 0, 13));
	munmap(p, pages * PAGE);
	return 0;
}

/* Pages of every System V segment that are in swap (shmctl SHM_INFO's shm_swp). */
static unsigned long shm_swapped(void)
{
	struct shm_info info;

	if (shmctl(0, SHM_INFO, (struct shmid_ds *)&info) < 0) {
		perror("shmctl SHM_INFO");
		return 0;
	}
	return info.shm_swp;
}

/* A private segment of pages, attached: *id is its identifier. */
static unsigned long *segment(unsigned long pages, int *id)
{
	void *p;

	*id = shmget(IPC_PRIVATE, pages * PAGE, IPC_CREAT | 0600);
	p = *id < 0 ? (void *)-1 : shmat(*id, NULL, 0);
	if (p == (void *)-1) {
		perror("shmget/shmat");
		exit(1);
	}
	return p;
}

static void drop_segment(int id, unsigned long *p)
{
	shmdt(p);
	shmctl(id, IPC_RMID, NULL);
}

/*
 * Half the pages in a segment, half in shared anonymous memory, more than
 * the machine has: they go to swap. A child reads both and writes a new
 * pattern over a quarter of each; the parent sees the child's writes
 * there, as sharing means, and the old pattern elsewhere.
 */
static int test_shared(unsigned long pages)
{
	unsigned long half = pages / 2, q = half / 4, *seg, *shared;
	struct check c[2];
	int id, fds[2], status;
	pid_t pid;

	seg = segment(half, &id);
	shared = mmap(NULL, half * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED || pipe(fds)) {
		perror("shared: mmap/pipe");
		return 1;
	}
	fill(seg, half, 0, 21);
	fill(shared, half, 0, 22);
	printf("shared: segment pages in swap: %s\n", shm_swapped() ? "yes" : "no");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		c[0] = check(seg, half, 0, 21);
		c[1] = check(shared, half, 0, 22);
		fill(seg, q, 0, 23);
		fill(shared, q, 0, 24);
		_exit(write(fds[1], c, sizeof(c)) != sizeof(c));
	}
	if (read(fds[0], c, sizeof(c)) != sizeof(c))
		printf("shared: no result from the child\n");
	waitpid(pid, &status, 0);
	report("shared, the child read the segment", c[0]);
	report("shared, the child read the mapping", c[1]);
	report("shared, the child's writes in the segment", check(seg, q, 0, 23));
	report("shared, the rest of the segment", check(seg + q * WORDS, half - q, q, 21));
	report("shared, the child's writes in the mapping", check(shared, q, 0, 24));
	report("shared, the rest of the mapping", check(shared + q * WORDS, half - q, q, 22));
	drop_segment(id, seg);
	munmap(shared, half * PAGE);
	return 0;
}

/* An 8 MiB segment locked with SHM_LOCK, then pages private pages written: the segment stays in. */
static int test_shmlock(unsigned long pages)
{
	unsigned long n = 2048, *seg, *p;
	int id;

	seg = segment(n, &id);
	printf("shmlock: SHM_LOCK: %d\n", shmctl(id, SHM_LOCK, NULL));
	fill(seg, n, 0, 31);
	p = map_pages(pages);
	fill(p, pages, 0, 32);
	report("shmlock, private pages", check(p, pages, 0, 32));
	printf("shmlock: locked segment pages in swap: %lu\n", shm_swapped());
	report("shmlock, the locked segment", check(seg, n, 0, 31));
	printf("shmlock: SHM_UNLOCK: %d\n", shmctl(id, SHM_UNLOCK, NULL));
	munmap(p, pages * PAGE);
	drop_segment(id, seg);
	return 0;
}

/* A segment pushed out by 160 MiB of private pages, which then go: swapoff reads it all back. */
static int test_shmswapoff(const char *dev, unsigned long pages)
{
	unsigned long push = 160 * 256, *seg, *p;
	int id;

	seg = segment(pages, &id);
	fill(seg, pages, 0, 41);
	p = map_pages(push);
	fill(p, push, 0, 42);
	munmap(p, push * PAGE);
	printf("shmswapoff: segment pages in swap: %s\n", shm_swapped() ? "yes" : "no");
	printf("shmswapoff %s: %d\n", dev, swapoff(dev));
	printf("shmswapoff: segment pages in swap after it: %lu\n", shm_swapped());
	report("shmswapoff, read back", check(seg, pages, 0, 41));
	drop_segment(id, seg);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "one"))
		return test_one(mib_pages(argv[2]), 5, "one");
	if (argc == 4 && !strcmp(argv[1], "many"))
		return test_many(atoi(argv[2]), mib_pages(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "cow"))
		return test_cow(mib_pages(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "ops"))
		return test_ops(mib_pages(argv[2]));
	if (argc == 4 && !strcmp(argv[1], "swapoff"))
		return test_swapoff(argv[2], mib_pages(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "shared"))
		return test_shared(mib_pages(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "shmlock"))
		return test_shmlock(mib_pages(argv[2]));
	if (argc == 4 && !strcmp(argv[1], "shmswapoff"))
		return test_shmswapoff(argv[2], mib_pages(argv[3]));
	fprintf(stderr, "usage: reclaim one|many|cow|ops|swapoff|shared|shmlock|shmswapoff ...\n");
	return 2;
}
