/*
 * mremap: shrinking keeps the address, growing stays in place when the
 * space after is free and moves (with MREMAP_MAYMOVE) when it is not,
 * carrying the data without a copy; MREMAP_FIXED puts it at a given
 * place; the errors are Linux's. glibc's realloc of big blocks uses it.
 * Compared with Linux booted in QEMU (user-mode QEMU has checks of its own).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096L

static char *map(void *hint, long pages, int extra)
{
	return mmap(hint, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | extra,
		    -1, 0);
}

static void fill(char *p, long pages)
{
	long i;

	for (i = 0; i < pages; i++)
		p[i * PAGE] = (char)('a' + i % 26);
}

static int intact(const char *p, long pages)
{
	long i;

	for (i = 0; i < pages; i++) {
		if (p[i * PAGE] != (char)('a' + i % 26))
			return 0;
	}
	return 1;
}

static void error_of(const char *what, void *ret)
{
	printf("%-48s %s\n", what, ret == MAP_FAILED ? strerrorname_np(errno) : "ok");
}

int main(void)
{
	char *area = map(NULL, 8, 0), *moved, *fixed, *target, *blocker, *big;

	fill(area, 8);
	moved = mremap(area, 8 * PAGE, 4 * PAGE, 0);
	printf("%-48s %s %s\n", "shrink keeps the address, data",
	       moved == area ? "yes" : "no", intact(moved, 4) ? "intact" : "lost");
	munmap(area + 4 * PAGE, 4 * PAGE);	/* already gone: a no-op */
	blocker = map(area + 4 * PAGE, 1, MAP_FIXED_NOREPLACE);
	error_of("grow without MAYMOVE when blocked", mremap(area, 4 * PAGE, 16 * PAGE, 0));
	moved = mremap(area, 4 * PAGE, 16 * PAGE, MREMAP_MAYMOVE);
	printf("%-48s %s %s\n", "grow with MAYMOVE: moved, data", moved != area ? "yes" : "no",
	       intact(moved, 4) ? "intact" : "lost");
	printf("%-48s %d\n", "the old place is unmapped", msync(area, PAGE, MS_ASYNC) == -1 &&
	       errno == ENOMEM);
	munmap(blocker, PAGE);
	fill(moved, 16);
	target = map(NULL, 32, 0);
	munmap(target, 32 * PAGE);
	fixed = mremap(moved, 16 * PAGE, 16 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, target);
	printf("%-48s %s %s\n", "MREMAP_FIXED: at the target, data",
	       fixed == target ? "yes" : "no", intact(fixed, 16) ? "intact" : "lost");
	error_of("grow in place into the free space after it",
		 mremap(fixed, 16 * PAGE, 32 * PAGE, 0));
	printf("%-48s %s\n", "the grown part reads zero", fixed[20 * PAGE] == 0 ? "yes" : "no");

	error_of("unaligned address", mremap(fixed + 1, PAGE, 2 * PAGE, MREMAP_MAYMOVE));
	error_of("new length 0", mremap(fixed, PAGE, 0, MREMAP_MAYMOVE));
	error_of("unknown flag", mremap(fixed, PAGE, PAGE, 0x100));
	error_of("FIXED without MAYMOVE", mremap(fixed, PAGE, PAGE, MREMAP_FIXED, target));
	error_of("FIXED onto itself", mremap(fixed, 4 * PAGE, 4 * PAGE,
					     MREMAP_MAYMOVE | MREMAP_FIXED, fixed + PAGE));
	error_of("an unmapped old range", mremap(area, PAGE, 2 * PAGE, MREMAP_MAYMOVE));
	error_of("old range past its mapping", mremap(fixed, 64 * PAGE, 65 * PAGE, MREMAP_MAYMOVE));

	big = malloc(1 << 20);
	memset(big, 7, 1 << 20);
	big = realloc(big, 8 << 20);
	printf("%-48s %s\n", "realloc of 1 MiB to 8 MiB keeps the data",
	       big[(1 << 20) - 1] == 7 && big[0] == 7 ? "yes" : "no");
	free(big);
	return 0;
}
