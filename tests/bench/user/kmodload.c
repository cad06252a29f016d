/*
 * The init of Linux's allocator benchmark run: load /lib/tkern_bench.ko
 * (tests/bench/linux/tkern_bench.c), whose init function runs the
 * benchmarks and prints their lines on the console, then exit, which ends
 * the boot (panic=-1 reboots, and QEMU runs with -no-reboot). Only ever
 * run on Linux: tkern has no modules.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MODULE_PATH "/lib/tkern_bench.ko"

int main(void)
{
	int fd = open(MODULE_PATH, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		perror("kmodload: " MODULE_PATH);
		return 1;
	}
	if (syscall(SYS_finit_module, fd, "", 0) != 0) {
		perror("kmodload: finit_module");
		return 1;
	}
	return 0;
}
