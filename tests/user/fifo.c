/*
 * FIFOs and mknod: mkfifo (glibc's mknodat), fifo(7)'s open rules (a
 * reader waits for a writer and the reverse, O_NONBLOCK readers go on at
 * once, O_NONBLOCK writers with no reader get ENXIO, O_RDWR never
 * waits), end of file when the writers are gone, EPIPE and SIGPIPE when
 * the readers are, poll, an open interrupted by a signal, and mknod's
 * other types and errnos (device nodes are in nodes.c: they need root).
 * Readers and writers are forked processes; the output does not depend
 * on which runs first. Works in a scratch directory under /tmp, so it
 * runs the same on tkern and on Linux (qemu-aarch64).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64];

static void show(const char *what, long ret)
{
	if (ret < 0)
		printf("%-50s -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%-50s %ld\n", what, ret);
}

static const char *p(const char *name)
{
	static char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static short revents(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLOUT };

	return poll(&pfd, 1, 0) < 0 ? -1 : pfd.revents;
}

/* Read until end of file: the bytes, NUL-terminated, and their count. */
static long read_all(int fd, char *buf, size_t size)
{
	long got = 0, n;

	while ((n = read(fd, buf + got, size - 1 - got)) > 0)
		got += n;
	buf[got] = '\0';
	return n < 0 ? n : got;
}

static int wait_child(pid_t pid)
{
	int status;

	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void make_and_stat(void)
{
	struct stat st;

	show("mkfifo f 0666 (umask 022)", mkfifo(p("f"), 0666));
	show("stat: a FIFO", stat(p("f"), &st) ? -1L : (long)S_ISFIFO(st.st_mode));
	show("its permissions", (long)(st.st_mode & 07777));
	show("its size", (long)st.st_size);
	show("mkfifo again", mkfifo(p("f"), 0666));
	show("mkfifo in a missing directory", mkfifo(p("none/f"), 0666));
	show("mkfifo name/ (trailing slash)", mkfifo(p("g/"), 0666));
}

static void nonblocking(void)
{
	char buf[16] = { 0 };
	int rd, wr;

	show("open O_WRONLY|O_NONBLOCK, no reader", open(p("f"), O_WRONLY | O_NONBLOCK));
	rd = open(p("f"), O_RDONLY | O_NONBLOCK);
	show("open O_RDONLY|O_NONBLOCK, no writer", rd >= 0);
	show("read with no writer yet: end of file", read(rd, buf, sizeof(buf)));
	show("poll before any writer (no POLLHUP)", revents(rd));
	wr = open(p("f"), O_WRONLY | O_NONBLOCK);
	show("open O_WRONLY|O_NONBLOCK with a reader", wr >= 0);
	show("poll the write end", revents(wr));
	show("write 5", write(wr, "hello", 5));
	show("poll the read end", revents(rd));
	show("read 5", read(rd, buf, sizeof(buf)));
	show("read an empty FIFO with a writer", read(rd, buf, sizeof(buf)));
	show("lseek on a FIFO", lseek(rd, 0, SEEK_SET));
	close(wr);
	show("poll after the writer left (POLLHUP)", revents(rd));
	show("read after the writer left", read(rd, buf, sizeof(buf)));
	close(rd);
	rd = open(p("f"), O_RDWR);
	show("open O_RDWR never waits", rd >= 0);
	show("write through O_RDWR", write(rd, "both", 4));
	show("read it back", read(rd, buf, sizeof(buf)));
	close(rd);
}

static void blocking_reader_and_writer(void)
{
	char buf[64];
	pid_t pid;
	int fd;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		fd = open(p("f"), O_WRONLY);
		write(fd, "from the writer", 15);
		_exit(0);
	}
	fd = open(p("f"), O_RDONLY);
	show("blocking O_RDONLY open returns", fd >= 0);
	show("read to end of file", read_all(fd, buf, sizeof(buf)));
	printf("%-50s %s\n", "the reader got", buf);
	close(fd);
	show("writer exit status", wait_child(pid));

	pid = fork();
	if (pid == 0) {
		fd = open(p("f"), O_RDONLY);
		_exit(read_all(fd, buf, sizeof(buf)) == 15 && strcmp(buf, "to the reader..") == 0);
	}
	fd = open(p("f"), O_WRONLY);
	show("blocking O_WRONLY open returns", fd >= 0);
	show("write 15", write(fd, "to the reader..", 15));
	close(fd);
	show("reader exit status (1: all read)", wait_child(pid));
}

static void writer_without_reader(void)
{
	int rd, wr;
	pid_t pid;

	rd = open(p("f"), O_RDONLY | O_NONBLOCK);
	wr = open(p("f"), O_WRONLY | O_NONBLOCK);
	close(rd);
	signal(SIGPIPE, SIG_IGN);
	show("write with no reader (SIGPIPE ignored)", write(wr, "x", 1));
	show("poll the write end (POLLERR)", revents(wr));
	signal(SIGPIPE, SIG_DFL);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		write(wr, "x", 1);
		_exit(0);
	}
	show("a writer with no reader dies of SIGPIPE", wait_child(pid) - 128 == SIGPIPE);
	close(wr);
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void interrupted_open(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };

	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART: the open fails */
	alarm(1);
	show("blocking open interrupted by a signal", open(p("f"), O_RDONLY));
	show("...left no reader behind", open(p("f"), O_WRONLY | O_NONBLOCK));
}

static void poll_for_data(void)
{
	char buf[32] = { 0 };
	struct pollfd pfd;
	pid_t pid;
	int rd = open(p("f"), O_RDONLY | O_NONBLOCK);

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int wr = open(p("f"), O_WRONLY);

		write(wr, "polled", 6);
		_exit(0);
	}
	pfd.fd = rd;
	pfd.events = POLLIN;
	show("poll waits for the writer's data", poll(&pfd, 1, -1));
	show("POLLIN is set", (pfd.revents & POLLIN) != 0);
	wait_child(pid);
	show("read it", read(rd, buf, sizeof(buf)));
	close(rd);
}

static void unlinked_while_open(void)
{
	char buf[8] = { 0 };
	int fd = open(p("f"), O_RDWR);

	show("unlink the FIFO while open", unlink(p("f")));
	show("write still works", write(fd, "gone", 4));
	show("read still works", read(fd, buf, sizeof(buf)));
	close(fd);
}

static void other_types(void)
{
	struct stat st;

	show("mknod S_IFSOCK", mknod(p("sock"), S_IFSOCK | 0644, 0));
	show("open a socket node", open(p("sock"), O_RDONLY));
	show("mknod type 0 (a regular file)", mknod(p("reg"), 0600, 0));
	show("stat it: regular", stat(p("reg"), &st) ? -1L : (long)S_ISREG(st.st_mode));
	show("mknod S_IFREG with a device number", mknod(p("reg2"), S_IFREG | 0600, makedev(1, 3)));
	show("its st_rdev is 0", stat(p("reg2"), &st) ? -1L : (long)st.st_rdev);
	show("mknod S_IFDIR", mknod(p("dir"), S_IFDIR | 0755, 0));
	show("mknod S_IFLNK", mknod(p("lnk"), S_IFLNK | 0777, 0));
	show("mknod type 0170000", mknod(p("bad"), 0170000 | 0644, 0));
	show("mknod onto an existing name", mknod(p("reg"), S_IFIFO | 0644, 0));
	show("mknod bad path pointer", mknod((char *)16, S_IFIFO | 0644, 0));
	show("mkfifoat with a directory fd", ({
		int d = open(dir, O_RDONLY | O_DIRECTORY);
		long r = mkfifoat(d, "at", 0600);

		close(d);
		r;
	}));
	show("unlink the socket node", unlink(p("sock")));
	show("unlink the FIFO made by mkfifoat", unlink(p("at")));
	unlink(p("reg"));
	unlink(p("reg2"));
}

int main(void)
{
	mkdir("/tmp", 0777);
	umask(022);
	snprintf(dir, sizeof(dir), "/tmp/tkern-fifo-%d", getpid());
	show("mkdir scratch directory", mkdir(dir, 0755));
	make_and_stat();
	nonblocking();
	blocking_reader_and_writer();
	writer_without_reader();
	interrupted_open();
	poll_for_data();
	unlinked_while_open();
	other_types();
	show("rmdir scratch directory", rmdir(dir));
	return 0;
}
