/*
 * The stress layer's program: runs a test program (default /bin/threads)
 * many times in one boot, each in a fresh process reading its output
 * through a pipe, and checks every run printed the same as the first and
 * exited 0. Threads on several CPUs make the kernel's races show up as a
 * run that differs, hangs or dies. Prints the first run's output with
 * "| " before each line (tests/run.py compares it with Linux's), then
 * "ok - ..." / "FAIL - ..." lines. Usage: threadstress [RUNS [PROGRAM]].
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define OUTPUT_MAX 8192

/* One run: its output into buf (NUL-terminated); the wait status. */
static int run_once(const char *program, char *buf)
{
	char *argv[] = { (char *)program, NULL };
	size_t len = 0;
	int fds[2], status = -1;
	ssize_t n;
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execv(program, argv);
		_exit(127);
	}
	close(fds[1]);
	while (len < OUTPUT_MAX - 1 && (n = read(fds[0], buf + len, OUTPUT_MAX - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	close(fds[0]);
	waitpid(pid, &status, 0);
	return status;
}

int main(int argc, char **argv)
{
	static char first[OUTPUT_MAX], now[OUTPUT_MAX];
	int runs = argc > 1 ? atoi(argv[1]) : 100, i, status, same = 0, clean = 0;
	const char *program = argc > 2 ? argv[2] : "/bin/threads";
	char *line;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < runs; i++) {
		status = run_once(program, i ? now : first);
		clean += status == 0;
		same += !i || !strcmp(first, now);
		if (i && strcmp(first, now))
			printf("run %d differs:\n%s", i + 1, now);
	}
	for (line = strtok(first, "\n"); line; line = strtok(NULL, "\n"))
		printf("| %s\n", line);
	printf("%s - %d runs of %s exited 0: %d\n", clean == runs ? "ok" : "FAIL", runs, program,
	       clean);
	printf("%s - %d runs of %s printed the same as the first: %d\n",
	       same == runs ? "ok" : "FAIL", runs, program, same);
	return 0;
}
