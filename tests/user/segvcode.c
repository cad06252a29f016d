/*
 * segvcode: the si_code of the signal a bad access gets, as Linux gives
 * it: SEGV_MAPERR where nothing is mapped, SEGV_ACCERR where a mapping is
 * there but does not allow the access, BUS_ADRERR past the end of a file
 * mapping. Each access runs with a handler that records the signal and
 * jumps back. Compared with Linux booted in QEMU.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fault_catch.h"

static const char *code_name(int sig, int code)
{
	if (sig == SIGSEGV)
		return code == SEGV_MAPERR ? "SEGV_MAPERR" : code == SEGV_ACCERR ? "SEGV_ACCERR" : "?";
	if (sig == SIGBUS)
		return code == BUS_ADRERR ? "BUS_ADRERR" : code == BUS_ADRALN ? "BUS_ADRALN" : "?";
	return "?";
}

/* Touch addr (a write if write): which signal and code, and was si_addr addr? */
static void probe(const char *what, volatile char *addr, int write)
{
	got_sig = 0;
	if (!sigsetjmp(back, 1)) {
		if (write)
			*addr = 1;
		else
			(void)*addr;
	}
	if (!got_sig) {
		printf("%-44s no signal\n", what);
		return;
	}
	printf("%-44s %s %s, si_addr %s\n", what, sigabbrev_np(got_sig),
	       code_name(got_sig, got_code), got_addr == (void *)addr ? "exact" : "other");
}

int main(void)
{
	struct sigaction sa;
	long page = sysconf(_SC_PAGESIZE);
	char path[] = "/tmp/segvcodeXXXXXX";
	char *ro, *none, *gap, *file;
	int fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);

	ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	none = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	gap = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(gap + page, page);
	probe("read of a read-only page", ro, 0);
	probe("write to a read-only page", ro, 1);
	probe("read of a PROT_NONE page", none, 0);
	probe("write to a PROT_NONE page", none, 1);
	probe("read of an unmapped hole", gap + page + 8, 0);
	probe("write to an unmapped hole", gap + page + 8, 1);
	probe("read of page zero", (char *)16, 0);
	probe("write to the program's text", (char *)main, 1);

	mkdir("/tmp", 0777);	/* as init, on a bare initramfs */
	fd = mkstemp(path);
	if (fd < 0 || ftruncate(fd, 100) < 0) {
		perror("a scratch file in /tmp");
		return 1;
	}
	file = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	probe("read inside the file's last page", file + 200, 0);
	probe("read of a mapped page past the file's end", file + page + 8, 0);
	probe("write to a mapped page past the file's end", file + page + 8, 1);
	close(fd);
	unlink(path);
	return 0;
}
