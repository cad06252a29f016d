/*
 * finit_module of one file, for the benchmark programs that run as init on
 * Linux: kmodload.c (the allocator module) and bench.c's swap row (Debian's
 * virtio modules, which its kernel does not have built in). Only ever
 * called on Linux: tkern has no modules.
 */
#ifndef TESTS_BENCH_USER_KMOD_H
#define TESTS_BENCH_USER_KMOD_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* 0, or -1 with the reason printed as "kmodload: PATH: open|finit_module: ERROR". */
static inline int load_module(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	const char *step = "open";

	if (fd >= 0) {
		step = "finit_module";
		if (syscall(SYS_finit_module, fd, "", 0) == 0) {
			close(fd);
			return 0;
		}
	}
	fprintf(stderr, "kmodload: %s: %s: %s\n", path, step, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

#endif
