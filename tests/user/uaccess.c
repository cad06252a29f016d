/*
 * System calls given bad user pointers return -EFAULT and nothing breaks:
 * the kernel copies with the process's own permissions (a PROT_NONE or
 * read-only page, a kernel address, an unmapped hole all fault) through
 * the exception-fixup table, while memory never touched yet is simply
 * faulted in. The same output is expected on Linux.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096
#define KERNEL_ADDRESS 0xffff000040000000UL

static void errno_of(const char *what, long ret)
{
	printf("%-46s %ld %s\n", what, ret, ret < 0 ? strerrorname_np(errno) : "");
}

int main(void)
{
	char *fresh = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			   -1, 0);
	char *none = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *hole = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct timespec ts;

	munmap(hole, PAGE);
	memcpy(none, "secret\n", 7);
	mprotect(none, PAGE, PROT_NONE);

	errno_of("getrandom into a page never touched", getrandom(fresh + PAGE - 8, 16, 0));
	errno_of("write from a page never touched (0 bytes)", write(1, fresh + PAGE, 0));
	errno_of("getrandom into a read-only page", getrandom(ro, 16, 0));
	errno_of("getrandom with unknown flags", getrandom(fresh, 16, 0x100));
	getrandom(fresh, 16, 0);
	getrandom(fresh + 16, 16, 0);
	printf("%-46s %s\n", "two getrandom calls differ", memcmp(fresh, fresh + 16, 16) ? "yes" : "no");
	errno_of("write from a PROT_NONE page (touched before)", write(1, none, 7));
	errno_of("uname into a PROT_NONE page", syscall(SYS_uname, none));
	errno_of("clock_gettime into an unmapped hole", syscall(SYS_clock_gettime, 0, hole));
	errno_of("clock_gettime into a kernel address",
		 syscall(SYS_clock_gettime, 0, KERNEL_ADDRESS));
	errno_of("write from a kernel address", write(1, (void *)KERNEL_ADDRESS, 8));
	errno_of("write of a length that wraps", write(1, fresh, -1UL / 2));
	/* syscall(): glibc's read and write would not compile with a negative count. */
	errno_of("read of count -1 into a kernel address",
		 syscall(SYS_read, 0, KERNEL_ADDRESS, -1L));
	errno_of("write of count -1 from NULL", syscall(SYS_write, 1, 0, -1L));
	errno_of("write of count -1 from a good buffer", syscall(SYS_write, 1, fresh, -1L));
	errno_of("clock_gettime across the end of a mapping",
		 syscall(SYS_clock_gettime, 0, fresh + 2 * PAGE - 8));
	errno_of("clock_gettime into a good buffer", clock_gettime(CLOCK_MONOTONIC, &ts));
	mprotect(none, PAGE, PROT_READ);
	fflush(stdout);	/* stdout is line-buffered on tkern's console, fully in a pipe */
	errno_of("write after PROT_READ is back", write(1, none, 7));
	return 0;
}
