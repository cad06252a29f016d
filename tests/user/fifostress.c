/*
 * FIFOs under load, on tkern only (its own "ok"/"FAIL" lines): a writer
 * process opens the FIFO, writes a message and closes it 1,000 times, a
 * reader opens it and reads to end of file over and over, so that first opens, last closes and waiting opens race on
 * both CPUs: with blocking opens, then with O_NONBLOCK opens (the writer
 * retries on ENXIO, the reader polls). The reader gets whole messages
 * and nothing else (some are lost when the reader closes just as they
 * come, as on Linux); neither side hangs (the harness's time limit);
 * and afterwards
 * MemFree + Slab are where they were: each ring went with its last
 * close. (The exact count of inodes is checked by ktest=names.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 1000
#define MESSAGE 100
#define FIFO "/tmp/fifostress"

static char text[1 << 16];
static int failures;

static void check(const char *what, int ok)
{
	printf("%s - %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

static long slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, text, sizeof(text) - 1);

	if (fd >= 0)
		close(fd);
	text[n > 0 ? n : 0] = '\0';
	return n;
}

static long meminfo_kb(const char *name)
{
	char *at;

	slurp("/proc/meminfo");
	at = strstr(text, name);
	return at ? atol(at + strlen(name)) : -1;
}

/* ROUNDS times: open, write one message, close. Exits 0, or 1 if an open failed. */
static int writer(int flags)
{
	char msg[MESSAGE];
	int i, fd;

	memset(msg, 'w', sizeof(msg));
	signal(SIGPIPE, SIG_IGN);	/* the reader may have gone: EPIPE, nothing else */
	for (i = 0; i < ROUNDS; i++) {
		while ((fd = open(FIFO, O_WRONLY | flags)) < 0 && errno == ENXIO)
			sched_yield();	/* O_NONBLOCK and no reader yet */
		if (fd < 0)
			return 1;
		write(fd, msg, sizeof(msg));
		close(fd);
	}
	return 0;
}

/* Read to end of file: the bytes; *bad set if one was not the writer's. */
static long read_session(int fd, int *bad)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char buf[4096];
	long total = 0, n, i;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EAGAIN) {
			poll(&pfd, 1, -1);	/* an O_NONBLOCK reader waits here instead */
			continue;
		}
		if (n <= 0)
			return total;
		for (i = 0; i < n; i++)
			*bad |= buf[i] != 'w';
		total += n;
	}
}

/*
 * Sessions until the parent says stop (stop_fd readable) after the writer
 * ended. Exit status: 0 when the bytes were the writer's, whole messages
 * and some of them (a message written as the reader closed is lost with
 * the ring, as on Linux), else 1.
 */
static int reader(int flags, int stop_fd)
{
	long total = 0;
	char c;
	int bad = 0;

	while (read(stop_fd, &c, 1) < 0) {
		int fd = open(FIFO, O_RDONLY | flags);

		if (fd < 0)
			return 1;
		total += read_session(fd, &bad);
		close(fd);
	}
	return bad || total == 0 || total % MESSAGE || total > (long)ROUNDS * MESSAGE;
}

static int exit_status(pid_t pid)
{
	int status;

	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/*
 * A reader may wait in open, or in poll, for a writer that has finished:
 * each open and close of an O_RDWR end counts as a writer that came and
 * went and lets it see end of file and the stop byte. Its exit status.
 */
static int stop_reader(pid_t pid, int stop_fd)
{
	int status;

	write(stop_fd, "s", 1);
	while (waitpid(pid, &status, WNOHANG) == 0) {
		close(open(FIFO, O_RDWR));
		sched_yield();
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void round_trip(const char *how, int flags)
{
	char what[96];
	int stop[2], read_status;
	pid_t writer_pid, reader_pid;

	pipe2(stop, O_NONBLOCK);
	fflush(stdout);
	reader_pid = fork();
	if (reader_pid == 0)
		_exit(reader(flags, stop[0]));
	writer_pid = fork();
	if (writer_pid == 0)
		_exit(writer(flags));
	snprintf(what, sizeof(what), "%s: the writer ran to the end", how);
	check(what, exit_status(writer_pid) == 0);
	read_status = stop_reader(reader_pid, stop[1]);
	snprintf(what, sizeof(what), "%s: the reader got whole messages, only the writer's", how);
	check(what, read_status == 0);
	close(stop[0]);
	close(stop[1]);
}

int main(void)
{
	long mem_before;

	mkdir("/tmp", 0777);
	unlink(FIFO);
	check("mkfifo", mkfifo(FIFO, 0600) == 0);
	round_trip("warm-up", 0);	/* the first run fills the caches */
	mem_before = meminfo_kb("MemFree:") + meminfo_kb("Slab:");
	round_trip("blocking opens", 0);
	round_trip("O_NONBLOCK opens and poll", O_NONBLOCK);
	check("MemFree + Slab as before",
	      meminfo_kb("MemFree:") + meminfo_kb("Slab:") >= mem_before - 16);
	check("unlink the FIFO", unlink(FIFO) == 0);
	printf("fifostress: %s\n", failures ? "some checks failed" : "all checks passed");
	return failures != 0;
}
