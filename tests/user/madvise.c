/*
 * madvise: MADV_DONTNEED drops the pages of a private mapping (they read
 * back as zeroes) but not of a shared one; advice that is only a hint is
 * accepted; the errors are Linux's (EINVAL, ENOMEM for a range with holes,
 * applied to the parts that exist). Compared with Linux booted in QEMU:
 * user-mode QEMU ignores MADV_DONTNEED.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096

static void result(const char *what, int ret)
{
	printf("%-48s %d %s\n", what, ret, ret ? strerrorname_np(errno) : "");
}

static char *map(int flags, size_t pages)
{
	return mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);
}

int main(void)
{
	char *private = map(MAP_PRIVATE, 4), *shared = map(MAP_SHARED, 1), *holey = map(MAP_PRIVATE, 3);

	memset(private, 'p', 4 * PAGE);
	memset(shared, 's', PAGE);
	memset(holey, 'h', 3 * PAGE);
	munmap(holey + PAGE, PAGE);

	result("MADV_DONTNEED on two private pages", madvise(private + PAGE, 2 * PAGE, MADV_DONTNEED));
	printf("%-48s %d %d %d %d\n", "private pages read back", private[0], private[PAGE],
	       private[2 * PAGE], private[3 * PAGE]);
	result("MADV_DONTNEED on a shared page", madvise(shared, PAGE, MADV_DONTNEED));
	printf("%-48s %c\n", "shared page reads back", shared[0]);
	result("MADV_WILLNEED", madvise(private, 4 * PAGE, MADV_WILLNEED));
	result("MADV_SEQUENTIAL, length not page-aligned", madvise(private, 100, MADV_SEQUENTIAL));
	result("unaligned start", madvise(private + 1, PAGE, MADV_DONTNEED));
	result("unknown advice 12345", madvise(private, PAGE, 12345));
	result("a range with a hole", madvise(holey, 3 * PAGE, MADV_DONTNEED));
	printf("%-48s %d %d\n", "pages around the hole read back", holey[0], holey[2 * PAGE]);
	result("length 0", madvise(private, 0, MADV_DONTNEED));
	return 0;
}
