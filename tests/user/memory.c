/*
 * Memory system calls and their errors, through raw system calls so that
 * the C library adds nothing: brk, mmap, munmap, mprotect, and a 64 MiB
 * anonymous mapping touched page by page (demand paging) with a checksum.
 * Prints one line per check; the same binary under qemu-aarch64 (Linux's
 * behaviour) must print the same.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE 4096L
#define BIG (64L << 20)

static void report(const char *what, long result)
{
	if (result == -1)
		printf("%-40s -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%-40s ok\n", what);
}

static void check_brk(void)
{
	long start = syscall(SYS_brk, 0);
	long grown = syscall(SYS_brk, start + 3 * PAGE);
	long below = syscall(SYS_brk, start - 100 * PAGE);
	char *p = (char *)start;

	printf("%-40s %s\n", "brk grows by three pages", grown == start + 3 * PAGE ? "yes" : "no");
	p[0] = 1;
	p[3 * PAGE - 1] = 2;
	printf("%-40s %s\n", "brk below its start fails", below == grown ? "yes, old break" : "no");
	printf("%-40s %s\n", "brk shrinks back",
	       syscall(SYS_brk, start) == start ? "yes" : "no");
}

static void check_mmap_errors(void)
{
	report("mmap length 0", (long)mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == -1 ? -1 : 0);
	report("mmap unaligned MAP_FIXED", (long)mmap((void *)0x10001, PAGE, PROT_READ,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == -1 ? -1 : 0);
	report("mmap neither private nor shared", (long)mmap(NULL, PAGE, PROT_READ, MAP_ANONYMOUS,
			-1, 0) == -1 ? -1 : 0);
	report("munmap unaligned", munmap((void *)0x10001, PAGE));
	report("munmap length 0", munmap((void *)0x10000, 0));
	report("mprotect unaligned", mprotect((void *)0x10001, PAGE, PROT_READ));
	report("write to a bad pointer", syscall(SYS_write, 1, 8L, 10L));
	report("write to a bad descriptor", write(99, "x", 1));
}

static void check_big_mapping(void)
{
	unsigned long sum = 0;
	long i;
	unsigned char *p = mmap(NULL, BIG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				-1, 0);

	if (p == MAP_FAILED) {
		report("mmap 64 MiB", -1);
		return;
	}
	for (i = 0; i < BIG; i += PAGE)
		p[i] = (unsigned char)(i / PAGE);
	for (i = 0; i < BIG; i += PAGE)
		sum += p[i] + p[i + 1];
	printf("%-40s %lu\n", "64 MiB touched page by page, checksum", sum);
	report("munmap 64 MiB", munmap(p, BIG));
	report("mprotect of the unmapped range", mprotect(p, PAGE, PROT_READ));
}

int main(void)
{
	check_brk();
	check_mmap_errors();
	check_big_mapping();
	return 0;
}
