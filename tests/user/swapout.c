/*
 * Pages through swap, driven by madvise(MADV_PAGEOUT), on tkern and on
 * Linux booted in QEMU with the same mkswap'd disk (tests/swap/swapout.sh
 * runs it; outputs compared). argv[1] is a disk holding a swap area not
 * in use; with --write-fails, a disk whose writes fail (QEMU's blkdebug):
 * the pages must stay in memory, unchanged. Each step prints outcomes only: checksums and whether counters
 * moved. Lines starting "(tkern)" are checked on tkern alone (Linux keeps
 * paged-out pages in its swap cache until reclaim frees them, so its
 * pswpin and free memory move differently).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/swap.h>
#include <sys/wait.h>
#include <unistd.h>
#include "vmstat.h"

#define PAGE 4096UL
#define PAGES 1024UL	/* 4 MiB */

static unsigned long meminfo(const char *name)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	unsigned long value = 0;
	size_t n = strlen(name);

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ':')
			value = strtoul(line + n + 1, NULL, 10);
	if (f)
		fclose(f);
	return value;
}

static void fill(unsigned char *p, unsigned long pages, unsigned int seed)
{
	unsigned long i;

	for (i = 0; i < pages * PAGE / sizeof(unsigned int); i++)
		((unsigned int *)p)[i] = (unsigned int)(i * 2654435761u) ^ seed;
}

static unsigned long checksum(const unsigned char *p, unsigned long pages)
{
	unsigned long sum = 0, i;

	for (i = 0; i < pages * PAGE; i++)
		sum = sum * 31 + p[i];
	return sum;
}

static void say(const char *what, int ok)
{
	printf("%-60s %s\n", what, ok ? "yes" : "no");
}

static void pageout(void *p, unsigned long pages)
{
	if (madvise(p, pages * PAGE, MADV_PAGEOUT))
		printf("madvise(MADV_PAGEOUT): %s\n", strerrorname_np(errno));
}

static void pageout_and_touch(unsigned char *p, unsigned long sum)
{
	unsigned long out = vmstat("pswpout"), in = vmstat("pswpin");
	unsigned long swap_free = meminfo("SwapFree");

	pageout(p, PAGES);
	say("pswpout grew by at least 1000 pages", vmstat("pswpout") - out >= 1000);
	say("SwapFree went down by at least 4000 kB", swap_free - meminfo("SwapFree") >= 4000);
	say("checksum after touching the pages again", checksum(p, PAGES) == sum);
	say("(tkern) pswpin grew by at least 1000 pages", vmstat("pswpin") - in >= 1000);
	say("(tkern) SwapFree back where it was", meminfo("SwapFree") == swap_free);
}

/* Both sides write after a fork over swapped pages: each keeps its own. */
static void fork_and_write(unsigned char *p, unsigned long sum)
{
	int status;
	pid_t pid;

	unsigned long in;

	pageout(p, PAGES);
	pid = fork();
	if (pid == 0) {
		int same = checksum(p, PAGES) == sum;

		fill(p, PAGES, 2);
		_exit(same && checksum(p, PAGES) != sum ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	say("child read the swapped pages, then wrote its own", WIFEXITED(status) && !WEXITSTATUS(status));
	in = vmstat("pswpin");
	say("parent's pages unchanged by the child's writes", checksum(p, PAGES) == sum);
	say("(tkern) parent found them in the swap cache: no read", vmstat("pswpin") == in);
	fill(p, PAGES, 3);
	say("parent writes its own", checksum(p, PAGES) != sum);
	fill(p, PAGES, 1);
}

/* A process exits with its pages on swap: their slots are free again. */
static void exit_with_pages_out(void)
{
	unsigned long swap_free = meminfo("SwapFree");
	unsigned char *q;
	pid_t pid = fork();

	if (pid == 0) {
		q = mmap(NULL, 64 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		fill(q, 64, 5);
		pageout(q, 64);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	say("(tkern) SwapFree back after a process exits with pages out",
	    meminfo("SwapFree") == swap_free);
}

/* munmap, mprotect and mremap over ranges whose pages are on swap. */
static void change_mappings(unsigned char *p)
{
	unsigned long quarter = PAGES / 4, part = checksum(p + quarter * PAGE, quarter);
	unsigned long tail = checksum(p + 3 * quarter * PAGE, quarter);
	unsigned char *moved;

	pageout(p, PAGES);
	say("munmap of the first swapped quarter", !munmap(p, quarter * PAGE));
	say("mprotect PROT_READ of the second", !mprotect(p + quarter * PAGE, quarter * PAGE, PROT_READ));
	say("its checksum, read-only", checksum(p + quarter * PAGE, quarter) == part);
	moved = mremap(p + 3 * quarter * PAGE, quarter * PAGE, quarter * PAGE,
		       MREMAP_MAYMOVE | MREMAP_FIXED, p);
	say("mremap of the swapped last quarter to the first", moved == p);
	say("its checksum where it moved", checksum(moved, quarter) == tail);
	munmap(p, PAGES * PAGE);
}

/*
 * A private file mapping whose written page (its own copy) goes to swap,
 * then a read of the page before it: that fault maps the file's pages
 * around it (the 64 KiB-aligned block, on tkern and Linux: the mapping is
 * placed on such a block), and must leave the swap entry of the copy
 * alone.
 */
static void private_file_copy_out(void)
{
	int fd = open("/swapout-file", O_RDWR | O_CREAT | O_TRUNC, 0600);
	unsigned long out = vmstat("pswpout"), copy_sum, file_sum;
	unsigned char *file = mmap(NULL, 16 * PAGE, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *area = mmap(NULL, 32 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *p;

	fill(file, 16, 6);
	write(fd, file, 16 * PAGE);
	p = (unsigned char *)(((unsigned long)area + 16 * PAGE - 1) & ~(16 * PAGE - 1));
	p = mmap(p, 16 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0);
	fill(p + PAGE, 1, 7);
	copy_sum = checksum(p + PAGE, 1);
	file_sum = checksum(file, 1);
	pageout(p, 16);
	say("(tkern) the private file mapping's copy went to swap", vmstat("pswpout") - out == 1);
	say("page before the copy reads the file", checksum(p, 1) == file_sum);
	say("the copy comes back from swap, not from the file", checksum(p + PAGE, 1) == copy_sum);
	munmap(area, 32 * PAGE);
	close(fd);
	unlink("/swapout-file");
	munmap(file, 16 * PAGE);
}

/* Every write fails: the pages stay, unchanged, and the slots are free again. */
static int write_fails(const char *disk)
{
	unsigned long swap_free, out, sum;
	unsigned char *p;

	if (swapon(disk, 0)) {
		perror("swapon");
		return 1;
	}
	swap_free = meminfo("SwapFree");
	out = vmstat("pswpout");
	p = mmap(NULL, 64 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fill(p, 64, 4);
	sum = checksum(p, 64);
	pageout(p, 64);
	say("pages on a disk that fails writes: checksum holds", checksum(p, 64) == sum);
	say("(tkern) no page counted as written", vmstat("pswpout") == out);
	say("(tkern) SwapFree as before", meminfo("SwapFree") == swap_free);
	munmap(p, 64 * PAGE);
	say("swapoff of the failing disk", !swapoff(disk));
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long swap_free, memfree, sum;
	unsigned char *p;

	if (argc == 3 && !strcmp(argv[1], "--write-fails"))
		return write_fails(argv[2]);
	if (argc != 2 || swapon(argv[1], 0)) {
		perror("swapon");
		return 1;
	}
	swap_free = meminfo("SwapFree");
	memfree = meminfo("MemFree") + meminfo("Slab");
	p = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fill(p, PAGES, 1);
	sum = checksum(p, PAGES);
	pageout_and_touch(p, sum);
	fork_and_write(p, sum);
	say("checksum after the fork", checksum(p, PAGES) == sum);
	pageout(p, PAGES);
	say("swapoff with the pages on swap", !swapoff(argv[1]));
	say("checksum after swapoff", checksum(p, PAGES) == sum);
	say("swapon again", !swapon(argv[1], 0));
	change_mappings(p);
	private_file_copy_out();
	exit_with_pages_out();
	say("(tkern) SwapFree as before the program", meminfo("SwapFree") == swap_free);
	/*
	 * Slab caches keep the slabs a fork grew, and the kernel keeps the page
	 * tables of its vmalloc range: a few pages. A page kept per page swapped
	 * would be 4 MiB.
	 */
	say("(tkern) MemFree + Slab within 16 kB of before the program",
	    memfree - (meminfo("MemFree") + meminfo("Slab")) + 16 <= 32);
	say("swapoff at the end", !swapoff(argv[1]));
	return 0;
}
