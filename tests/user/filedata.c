/*
 * What the Linux comparison of truncate.c, locks.c and sendfile.c cannot
 * show, checked by tkern alone ("ok - ..." / "FAIL - ..." lines): that
 * sizes, mappings, record locks, flock, sendfile and pipe resizing leave
 * no memory behind (MemFree + Slab back where they were after many
 * rounds, locks and mappings included); FIONREAD on the console with
 * nothing typed; F_SETPIPE_SZ above pipe-max-size refused to a non-root
 * process and allowed to root; and a process killed while it waits in
 * F_SETLKW leaving no waiter behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 400
#define WARM_UP 20
#define PAGE 4096

static int failures;
static char text[4096];

static void check(const char *what, int ok)
{
	printf("%s - %s\n", ok ? "ok" : "FAIL", what);
	fflush(stdout);
	failures += !ok;
}

static long meminfo_kb(const char *name)
{
	int fd = open("/proc/meminfo", O_RDONLY);
	long n = read(fd, text, sizeof(text) - 1);
	char *at;

	close(fd);
	text[n > 0 ? n : 0] = '\0';
	at = strstr(text, name);
	return at ? atol(at + strlen(name)) : -1;
}

static int lock(int fd, int cmd, int type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };

	return fcntl(fd, cmd, &fl);
}

/* One round of everything: a file grown, mapped, shrunk under the mapping, locked by two processes. */
static void round_of_everything(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600), p[2], status;
	char *map;
	off_t off = 0;

	ftruncate(fd, 4 * PAGE);
	fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 8 * PAGE);
	map = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	memset(map, 'x', 4 * PAGE);
	lock(fd, F_SETLK, F_WRLCK, 0, 10);
	lock(fd, F_SETLK, F_RDLCK, 3, 2);	/* split in three */
	flock(fd, LOCK_EX);
	if (fork() == 0) {
		lock(fd, F_SETLK, F_WRLCK, 100, 0);	/* the child's own, dropped at exit */
		map[PAGE] = 'c';
		_exit(0);
	}
	wait(&status);
	ftruncate(fd, PAGE);
	pipe(p);
	fcntl(p[1], F_SETPIPE_SZ, 3 * PAGE);
	sendfile(p[1], fd, &off, PAGE);
	fcntl(p[1], F_SETPIPE_SZ, PAGE);
	munmap(map, 4 * PAGE);
	close(p[0]);
	close(p[1]);
	close(fd);
	unlink(path);
}

static void no_leaks(void)
{
	long before;

	for (int i = 0; i < WARM_UP; i++)
		round_of_everything("/tmp/filedata-churn");	/* fills the caches */
	before = meminfo_kb("MemFree:");
	for (int i = 0; i < ROUNDS; i++)
		round_of_everything("/tmp/filedata-churn");
	/* MemFree alone: a slab object lost is a slab grown, so less free memory. */
	printf("# MemFree before %ld kB, after %ld kB\n", before, meminfo_kb("MemFree:"));
	check("truncate, mappings, locks, flock, sendfile and pipe sizes leave MemFree as it was",
	      meminfo_kb("MemFree:") >= before - 64);
}

static void killed_waiter(void)
{
	int fd = open("/tmp/filedata-lock", O_RDWR | O_CREAT, 0600), status;
	pid_t child;

	lock(fd, F_SETLK, F_WRLCK, 0, 1);
	child = fork();
	if (child == 0) {
		lock(fd, F_SETLKW, F_WRLCK, 0, 1);	/* its own descriptor table: waits */
		_exit(1);
	}
	usleep(50000);
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	check("a process killed in F_SETLKW dies of SIGKILL",
	      WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	/* Nothing of the dead waiter may count: the lock is in the way, no circle. */
	child = fork();
	if (child == 0) {
		int fd2 = open("/tmp/filedata-lock", O_RDWR);

		lock(fd2, F_SETLK, F_WRLCK, 1, 1);
		_exit(lock(fd2, F_SETLK, F_WRLCK, 0, 1) == -1 && errno == EAGAIN ? 0 : 1);
	}
	waitpid(child, &status, 0);
	check("then another process gets EAGAIN as before", WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	close(fd);
	unlink("/tmp/filedata-lock");
}

static void console_and_pipe_limits(void)
{
	int n = -1, p[2], status;

	check("FIONREAD on the console with nothing typed is 0",
	      ioctl(0, FIONREAD, &n) == 0 && n == 0);
	check("fsync of the console is EINVAL", fsync(1) == -1 && errno == EINVAL);
	pipe(p);
	check("root may make a pipe of 2 MiB",
	      fcntl(p[1], F_SETPIPE_SZ, 2 << 20) == 2 << 20);
	fcntl(p[1], F_SETPIPE_SZ, 65536);
	if (fork() == 0) {
		setuid(1000);
		_exit(fcntl(p[1], F_SETPIPE_SZ, 1 << 20) == 1 << 20 &&
		      fcntl(p[1], F_SETPIPE_SZ, 2 << 20) == -1 && errno == EPERM ? 0 : 1);
	}
	wait(&status);
	check("a non-root process may go to 1 MiB but gets EPERM above",
	      WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	mkdir("/tmp", 0777);
	console_and_pipe_limits();
	killed_waiter();
	no_leaks();
	printf("%s\n", failures ? "filedata: some checks failed" : "filedata: all checks passed");
	return failures != 0;
}
