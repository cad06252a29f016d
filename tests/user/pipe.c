/*
 * Pipes: pipe2 and its flags, data through a pipe between two processes
 * (more than the pipe holds, so both sides block), end of file when the
 * writers are gone, SIGPIPE and EPIPE when the readers are, O_NONBLOCK
 * (EAGAIN, and the capacity: 64 KiB), ESPIPE for seeking, EBADF for the
 * wrong end, and a reader blocked in read() ended by a signal.
 * The same output is expected on Linux.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TRANSFER (300 * 1024)

static void *volatile bad_pointer = (void *)16;

static void show(const char *what, long ret)
{
	if (ret < 0)
		printf("%-44s -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%-44s %ld\n", what, ret);
}

static void report(const char *what, int status)
{
	if (WIFEXITED(status))
		printf("%-44s exited %d\n", what, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("%-44s killed by signal %d\n", what, WTERMSIG(status));
}

static void basics(void)
{
	int p[2];
	char buf[16] = { 0 };
	struct stat st;

	show("pipe2", pipe2(p, 0));
	show("write 5", write(p[1], "hello", 5));
	show("read up to 16 gives what is there", read(p[0], buf, sizeof(buf)));
	printf("%-44s %s\n", "  got", buf);
	show("fstat", fstat(p[0], &st));
	printf("%-44s %s\n", "  a fifo", S_ISFIFO(st.st_mode) ? "yes" : "no");
	show("F_GETFL read end", fcntl(p[0], F_GETFL) & (O_ACCMODE | O_NONBLOCK));
	show("F_GETFL write end", fcntl(p[1], F_GETFL) & (O_ACCMODE | O_NONBLOCK));
	show("write to the read end", write(p[0], "x", 1));
	show("read from the write end", read(p[1], buf, 1));
	show("lseek", lseek(p[0], 0, SEEK_SET));
	show("pread", pread(p[0], buf, 1, 0));
	show("pwrite", pwrite(p[1], buf, 1, 0));
	show("read into a bad pointer", (write(p[1], "x", 1), read(p[0], bad_pointer, 1)));
	show("write 0 bytes", write(p[1], buf, 0));
	close(p[1]);
	show("read after the writer closed (EOF)", read(p[0], buf, sizeof(buf)));
	close(p[0]);
	show("pipe2 bad flags", pipe2(p, O_APPEND));
	show("pipe2 bad pointer", pipe2(bad_pointer, 0));
	show("pipe2 O_CLOEXEC", pipe2(p, O_CLOEXEC));
	show("  F_GETFD", fcntl(p[0], F_GETFD));
	close(p[0]);
	close(p[1]);
}

static void nonblocking(void)
{
	static char chunk[4096];
	long total = 0, n;
	int p[2];

	pipe2(p, O_NONBLOCK);
	show("O_NONBLOCK read of an empty pipe", read(p[0], chunk, 1));
	while ((n = write(p[1], chunk, sizeof(chunk))) > 0)
		total += n;
	show("O_NONBLOCK writes until full", n);
	show("  capacity", total);
	show("F_SETFL clears O_NONBLOCK", fcntl(p[0], F_SETFL, 0));
	show("  a read then blocks no more: data", read(p[0], chunk, sizeof(chunk)));
	close(p[0]);
	close(p[1]);
}

static void between_processes(void)
{
	static char buf[8192];
	unsigned long sum = 0, expect = 0;
	long got = 0, n;
	int p[2], status, i;
	pid_t pid;

	for (i = 0; i < TRANSFER; i++)
		expect += (unsigned char)(i * 7);
	pipe2(p, 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		for (i = 0; i < TRANSFER; i += sizeof(buf)) {
			for (unsigned int j = 0; j < sizeof(buf); j++)
				buf[j] = (char)((i + j) * 7);
			write(p[1], buf, sizeof(buf) < (size_t)(TRANSFER - i) ?
			      sizeof(buf) : (size_t)(TRANSFER - i));
		}
		_exit(0);
	}
	close(p[1]);
	while ((n = read(p[0], buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			sum += (unsigned char)buf[i];
		got += n;
	}
	close(p[0]);
	waitpid(pid, &status, 0);
	show("bytes through the pipe from a child", got);
	printf("%-44s %s\n", "  checksum", sum == expect ? "matches" : "differs");
	report("  the writer", status);
}

static void no_readers(void)
{
	int p[2], status;
	pid_t pid;

	pipe2(p, 0);
	close(p[0]);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		write(p[1], "x", 1);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	report("write with no reader", status);
	signal(SIGPIPE, SIG_IGN);
	show("  with SIGPIPE ignored", write(p[1], "x", 1));
	signal(SIGPIPE, SIG_DFL);
	close(p[1]);
}

static void interrupted_reader(void)
{
	struct timespec brief = { 0, 50 * 1000 * 1000 };
	int p[2], status;
	char c;
	pid_t pid;

	pipe2(p, 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		read(p[0], &c, 1);
		_exit(0);
	}
	nanosleep(&brief, NULL);
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	report("reader blocked in read, sent SIGTERM", status);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	basics();
	nonblocking();
	between_processes();
	no_readers();
	interrupted_reader();
	return 0;
}
