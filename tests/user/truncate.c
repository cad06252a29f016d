/*
 * A file's size and data: truncate and ftruncate (growing with zeroes,
 * shrinking, O_APPEND files, and Linux's errnos: EINVAL for a negative
 * size, a read-only descriptor, a directory or a pipe; EISDIR, ENOENT,
 * ENOTDIR for paths; EBADF; EFBIG), fallocate (mode 0 and KEEP_SIZE, the
 * mode and descriptor errnos), fsync, fdatasync, sync and syncfs (EINVAL
 * for a pipe or /dev/null). Then mappings: a file shrunk under a shared
 * and a private mapping, in this process and in a child, raises SIGBUS
 * (BUS_ADRERR, at the address touched) on pages wholly past the new end,
 * while the last partial page reads zeroes past it; a file grown again
 * maps fresh zeroes. The same output is expected from Linux (under
 * qemu-aarch64, on the host's file system). It works in a scratch
 * directory it makes under /tmp and removes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096
#define HUGE_SIZE (1LL << 62)	/* past any disk file system's and ramfs's limit */

static char dir[64], path[96];
static sigjmp_buf recover;
static volatile siginfo_t caught;

static void result(const char *what, int ret)
{
	printf("%-56s %s\n", what, ret < 0 ? strerrorname_np(errno) : "ok");
}

static long long size_of(int fd)
{
	struct stat st;

	fstat(fd, &st);
	return st.st_size;
}

static void on_sigbus(int sig, siginfo_t *info, void *ctx)
{
	(void)sig;
	(void)ctx;
	caught = *info;
	siglongjmp(recover, 1);
}

/* Read one byte at p: its value, or a report of the SIGBUS it raised. */
static void touch(const char *what, volatile char *p)
{
	memset((void *)&caught, 0, sizeof(caught));
	if (sigsetjmp(recover, 1) == 0) {
		char c = *p;

		printf("%-56s reads %d\n", what, c);
		return;
	}
	printf("%-56s SIGBUS code %s at the byte: %s\n", what,
	       caught.si_code == BUS_ADRERR ? "BUS_ADRERR" : "other",
	       caught.si_addr == (void *)p ? "yes" : "no");
}

static void sizes(void)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	char buf[8] = "x";

	write(fd, "hello world\n", 12);
	result("ftruncate to 10000", ftruncate(fd, 10000));
	printf("%-56s %lld\n", "size", size_of(fd));
	pread(fd, buf, 4, 5000);
	printf("%-56s %d %d %d %d\n", "bytes at 5000", buf[0], buf[1], buf[2], buf[3]);
	result("ftruncate to 5", ftruncate(fd, 5));
	memset(buf, 0, sizeof(buf));
	pread(fd, buf, sizeof(buf) - 1, 0);
	printf("%-56s %lld \"%s\"\n", "size and contents", size_of(fd), buf);
	result("ftruncate to 8 (grows)", ftruncate(fd, 8));
	pread(fd, buf, 8, 0);
	printf("%-56s %d %d %d\n", "bytes 5..7 after growing again", buf[5], buf[6], buf[7]);
	result("ftruncate to -1", ftruncate(fd, -1));
	result("ftruncate to 2^62", ftruncate(fd, HUGE_SIZE));
	result("ftruncate of a closed descriptor", ftruncate(99, 0));
	close(fd);

	fd = open(path, O_RDONLY);
	result("ftruncate of a read-only descriptor", ftruncate(fd, 0));
	close(fd);
	fd = open(path, O_WRONLY | O_APPEND);
	result("ftruncate of an O_APPEND descriptor", ftruncate(fd, 3));
	printf("%-56s %lld\n", "size", size_of(fd));
	close(fd);
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	result("ftruncate of a directory", ftruncate(fd, 0));
	close(fd);
}

static void paths(void)
{
	char link[100], sub[120];
	int fd, pipefd[2];
	struct stat st;

	result("truncate to 100", truncate(path, 100));
	stat(path, &st);
	printf("%-56s %lld\n", "size", (long long)st.st_size);
	snprintf(link, sizeof(link), "%s/link", dir);
	symlink(path, link);
	result("truncate through a symlink to 7", truncate(link, 7));
	stat(path, &st);
	printf("%-56s %lld\n", "size of the target", (long long)st.st_size);
	result("truncate of a directory", truncate(dir, 0));
	result("truncate to -5", truncate(path, -5));
	snprintf(sub, sizeof(sub), "%s/missing", dir);
	result("truncate of a missing file", truncate(sub, 0));
	snprintf(sub, sizeof(sub), "%s/x", path);
	result("truncate below a file", truncate(sub, 0));
	result("truncate with a bad pointer", truncate((char *)16, 0));
	unlink(link);
	pipe(pipefd);
	result("ftruncate of a pipe", ftruncate(pipefd[1], 0));
	close(pipefd[0]);
	close(pipefd[1]);
	fd = open("/dev/null", O_WRONLY);
	result("truncate of /dev/null", truncate("/dev/null", 0));
	close(fd);
}

static void allocation(void)
{
	int fd = open(path, O_RDWR | O_TRUNC), pipefd[2], null;
	struct stat st;
	blkcnt_t before;

	result("fallocate 0..8192", fallocate(fd, 0, 0, 8192));
	printf("%-56s %lld\n", "size", size_of(fd));
	fstat(fd, &st);
	before = st.st_blocks;
	printf("%-56s %s\n", "blocks allocated", before >= 16 ? "yes" : "no");
	result("fallocate KEEP_SIZE 8192..16384",
	       fallocate(fd, FALLOC_FL_KEEP_SIZE, 8192, 8192));
	fstat(fd, &st);
	printf("%-56s %lld, more blocks: %s\n", "size", (long long)st.st_size,
	       st.st_blocks > before ? "yes" : "no");
	result("fallocate 100..200 inside the file", fallocate(fd, 0, 100, 100));
	printf("%-56s %lld\n", "size", size_of(fd));
	result("fallocate of length 0", fallocate(fd, 0, 0, 0));
	result("fallocate at offset -1", fallocate(fd, 0, -1, 10));
	result("fallocate with mode 0x100", fallocate(fd, 0x100, 0, 10));
	result("fallocate PUNCH_HOLE without KEEP_SIZE", fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 10));
	result("fallocate past the largest file size", fallocate(fd, 0, HUGE_SIZE, 4096));
	result("fallocate of a closed descriptor", fallocate(99, 0, 0, 10));
	close(fd);
	fd = open(path, O_RDONLY);
	result("fallocate of a read-only descriptor", fallocate(fd, 0, 0, 10));
	close(fd);
	pipe(pipefd);
	result("fallocate of a pipe", fallocate(pipefd[1], 0, 0, 10));
	null = open("/dev/null", O_WRONLY);
	result("fallocate of /dev/null", fallocate(null, 0, 0, 10));

	fd = open(path, O_RDWR);
	result("fsync of a file", fsync(fd));
	result("fdatasync of a file", fdatasync(fd));
	result("fsync of a pipe", fsync(pipefd[1]));
	result("fdatasync of a pipe", fdatasync(pipefd[0]));
	result("fsync of /dev/null", fsync(null));
	result("fsync of a closed descriptor", fsync(99));
	result("syncfs of a file", syncfs(fd));
	result("syncfs of a pipe", syncfs(pipefd[0]));
	result("syncfs of a closed descriptor", syncfs(99));
	sync();
	printf("%-56s %s\n", "sync", "ok");
	close(fd);
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	result("fsync of a directory", fsync(fd));
	close(fd);
	close(null);
	close(pipefd[0]);
	close(pipefd[1]);
}

/* A file of three pages, 'a', 'b', 'c', open read-write. */
static int three_pages(void)
{
	int fd = open(path, O_RDWR | O_TRUNC);
	char page[PAGE];

	for (int i = 0; i < 3; i++) {
		memset(page, 'a' + i, PAGE);
		write(fd, page, PAGE);
	}
	return fd;
}

static void mappings(void)
{
	int fd = three_pages(), status, ready[2], go[2];
	char *shared = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *private = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO };
	pid_t child;

	sigaction(SIGBUS, &sa, NULL);
	private[2 * PAGE] = 'P';	/* a private copy of the last page */
	touch("shared page 2 before", shared + 2 * PAGE);
	pipe(ready);
	pipe(go);
	fflush(stdout);
	child = fork();
	if (child == 0) {
		char c;

		write(ready[1], "r", 1);
		read(go[0], &c, 1);
		touch("child: shared page 2 after the parent's ftruncate", shared + 2 * PAGE);
		fflush(stdout);
		_exit(0);
	}
	read(ready[0], &status, 1);
	result("ftruncate to 1.5 pages", ftruncate(fd, PAGE + PAGE / 2));
	fflush(stdout);
	write(go[1], "g", 1);
	waitpid(child, &status, 0);
	touch("shared page 0", shared);
	touch("shared page 1, last byte inside the file", shared + PAGE + PAGE / 2 - 1);
	touch("shared page 1, first byte past the end", shared + PAGE + PAGE / 2);
	touch("shared page 2", shared + 2 * PAGE + 10);
	touch("private page 2 (copied before)", private + 2 * PAGE);
	touch("private page 1, past the end", private + PAGE + PAGE / 2 + 1);
	result("ftruncate to 3 pages again", ftruncate(fd, 3 * PAGE));
	touch("shared page 2 after growing", shared + 2 * PAGE);
	touch("private page 2 after growing", private + 2 * PAGE);
	shared[2 * PAGE + 1] = 'S';
	pread(fd, &status, 1, 2 * PAGE + 1);
	printf("%-56s %c\n", "read() sees a write through the new page", (char)status);
	munmap(shared, 3 * PAGE);
	munmap(private, 3 * PAGE);

	/* A mapping longer than the file, and O_TRUNC under a mapping. */
	shared = mmap(NULL, 5 * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	touch("mapping past the end: page 2", shared + 2 * PAGE);
	touch("mapping past the end: page 4", shared + 4 * PAGE);
	close(open(path, O_RDWR | O_TRUNC));
	touch("page 0 after open(O_TRUNC)", shared);
	munmap(shared, 5 * PAGE);
	close(fd);
}

int main(void)
{
	mkdir("/tmp", 0777);
	strcpy(dir, "/tmp/truncateXXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/file", dir);
	sizes();
	paths();
	allocation();
	mappings();
	unlink(path);
	result("rmdir of the scratch directory", rmdir(dir));
	return 0;
}
