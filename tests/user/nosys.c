/*
 * nosys: a system call number with no call behind it returns -ENOSYS and
 * the program goes on; the number is w8, the low 32 bits of x8, as in
 * Linux (whose syscall number is an int), so bits above them are ignored.
 * The calls are made with svc directly, not through glibc's syscall(),
 * to choose all 64 bits of x8. The same output is expected on Linux.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* svc #0 with x8 = number and x0 = arg: the raw result, -errno on failure. */
static long raw_syscall(unsigned long number, unsigned long arg)
{
	register unsigned long x8 __asm__("x8") = number;
	register long x0 __asm__("x0") = (long)arg;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8) : "memory");
	return x0;
}

static void show(const char *what, long ret)
{
	if (ret < 0 && ret > -4096)
		printf("%-50s -%s\n", what, strerrorname_np((int)-ret));
	else
		printf("%-50s %ld\n", what, ret);
}

int main(void)
{
	long pid = getpid();

	/* 244-259 are the architecture's own numbers: arm64 gives none of them a call. */
	show("number 244 (reserved for the architecture)", raw_syscall(244, 0));
	show("number 1000 (past the table)", raw_syscall(1000, 0));
	show("number 0x7fffffff", raw_syscall(0x7fffffff, 0));
	show("number -1 (all 64 bits set)", raw_syscall(~0UL, 0));
	show("number 0x80000000", raw_syscall(0x80000000UL, 0));
	show("number 1000 with bit 32 set", raw_syscall((1UL << 32) | 1000, 0));
	printf("%-50s %s\n", "getpid (172) with bit 32 set is getpid",
	       raw_syscall((1UL << 32) | 172, 0) == pid ? "yes" : "no");
	printf("%-50s %s\n", "getpid with the upper 32 bits all set is getpid",
	       raw_syscall(0xffffffff00000000UL | 172, 0) == pid ? "yes" : "no");
	show("close (57) of fd 1000 with bit 40 set", raw_syscall((1UL << 40) | 57, 1000));
	errno = 0;
	printf("%-50s %ld, errno %s\n", "glibc's syscall(1000)", syscall(1000),
	       strerrorname_np(errno));
	show("the program goes on: getppid", getppid() >= 0 ? 0 : -1);
	return 0;
}
