/*
 * Many address spaces alive at once: 1,000 children, each blocked reading
 * a pipe, then released together. Run on a kernel booted with asid_bits=8
 * (255 ASIDs), so that the ASID allocator must roll over several times
 * while they live (arch/arm64/mm/context.c); before the generation scheme
 * the 256th fork failed with ENOMEM.
 *
 * Each child writes its number into a private page before it blocks and
 * checks it after: a TLB entry of another address space surviving under a
 * reused ASID would show it someone else's page. Its exit status says
 * whether it saw its own. Prints "ok - ..." / "FAIL - ..." (TKERN_ONLY).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define NR_CHILDREN 1000

static volatile int token;	/* copy-on-write after fork: each child's own */
static pid_t pids[NR_CHILDREN];

static void report(int ok, const char *what)
{
	printf("%s - %s\n", ok ? "ok" : "FAIL", what);
}

/* Say ready, wait for the release, check the page still holds our number. */
static void __attribute__((noreturn)) child(int number, int ready_fd, int release_fd)
{
	char byte;

	token = number;
	if (write(ready_fd, "r", 1) != 1)
		_exit(101);
	if (read(release_fd, &byte, 1) != 0)	/* 0: the parent closed the write end */
		_exit(102);
	_exit(token == number ? number % 100 : 103);
}

/* How many children exited with the status they should have. */
static int reap(int started)
{
	int good = 0, bad = 0;

	for (int i = 0; i < started; i++) {
		int status;

		if (waitpid(pids[i], &status, 0) != pids[i])
			continue;
		if (WIFEXITED(status) && WEXITSTATUS(status) == i % 100)
			good++;
		else if (bad++ < 5)
			printf("# child %d: status %#x\n", i, status);
	}
	return good;
}

int main(void)
{
	int ready[2], release[2], started = 0, readies = 0;
	char byte;

	if (pipe(ready) || pipe(release)) {
		perror("pipe");
		return 1;
	}
	for (; started < NR_CHILDREN; started++) {
		pid_t pid = fork();

		if (pid < 0) {
			printf("# fork %d: %s\n", started, strerror(errno));
			break;
		}
		if (pid == 0) {
			close(ready[0]);
			close(release[1]);
			child(started, ready[1], release[0]);
		}
		pids[started] = pid;
	}
	report(started == NR_CHILDREN, "1000 children forked");
	close(ready[1]);
	close(release[0]);
	while (readies < started && read(ready[0], &byte, 1) == 1)
		readies++;
	report(readies == started, "every child ran and blocked on the pipe");
	close(release[1]);
	report(reap(started) == NR_CHILDREN, "every child saw its own page and exited with its status");
	report(wait(NULL) == -1 && errno == ECHILD, "no child left");
	return 0;
}
