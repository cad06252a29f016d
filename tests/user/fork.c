/*
 * fork and wait4: the child sees the parent's memory but its writes stay
 * its own (copy-on-write), exit codes and deaths by signal reach the
 * parent through wait4, and wait4 without children fails with ECHILD; 64
 * children alive at once share a MAP_SHARED page.
 * The same output is expected on Linux.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sched.h>
#include <unistd.h>

static int shared_before_fork = 42;

static void report_status(const char *what, int status)
{
	if (WIFEXITED(status))
		printf("%-34s exited %d\n", what, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("%-34s killed by signal %d\n", what, WTERMSIG(status));
}

static void copy_on_write(void)
{
	char *heap = malloc(64 * 1024);
	int status;
	pid_t pid;

	memset(heap, 'p', 64 * 1024);
	fflush(stdout);	/* or the child's exit would print the parent's buffer too */
	pid = fork();
	if (pid == 0) {
		shared_before_fork = 7;
		memset(heap, 'c', 64 * 1024);
		_exit(heap[100] == 'c' && shared_before_fork == 7 ? 3 : 99);
	}
	waitpid(pid, &status, 0);
	report_status("child writing its copy", status);
	printf("%-34s %d %c\n", "parent still sees", shared_before_fork, heap[100]);
	free(heap);
}

static void death_by_signal(void)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		volatile int *bad = (volatile int *)(unsigned long)shared_before_fork;

		*bad = 1;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	report_status("child writing to address 42", status);
}

static void many_children(void)
{
	int i, status, sum = 0;

	fflush(stdout);
	for (i = 0; i < 16; i++)
		if (fork() == 0)
			_exit(i);
	for (i = 0; i < 16; i++) {
		wait(&status);
		sum += WEXITSTATUS(status);
	}
	printf("%-34s %d\n", "16 children, sum of exit codes", sum);
	printf("%-34s %s\n", "wait with no children left", wait(&status) < 0 && errno == ECHILD ?
	       "ECHILD" : "unexpected");
}

/* 64 children alive at once, released together through a MAP_SHARED page. */
static void shared_memory_across_fork(void)
{
	volatile int *flag = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int i, status, released = 0;

	flag[0] = 0;
	flag[1] = 0;
	fflush(stdout);
	for (i = 0; i < 64; i++) {
		if (fork() == 0) {
			__atomic_add_fetch(&flag[1], 1, __ATOMIC_SEQ_CST);
			while (!__atomic_load_n(&flag[0], __ATOMIC_SEQ_CST))
				sched_yield();
			_exit(1);
		}
	}
	while (__atomic_load_n(&flag[1], __ATOMIC_SEQ_CST) < 64)
		sched_yield();
	printf("%-34s %d\n", "children alive at once", flag[1]);
	flag[0] = 1;
	for (i = 0; i < 64; i++) {
		wait(&status);
		released += WEXITSTATUS(status);
	}
	printf("%-34s %d\n", "children released through it", released);
	munmap((void *)flag, 4096);
}

int main(void)
{
	copy_on_write();
	death_by_signal();
	many_children();
	shared_memory_across_fork();
	return 0;
}
