/*
 * mmap of files: a private mapping shows the file and keeps its own
 * writes, which a child forked after them sees (the page read first, then
 * written: the copy-on-write of a file's page); a shared mapping writes through to the file, which read() sees
 * at once, and stays shared across fork; a mapping outlives close(); an
 * access past the end of the file raises SIGBUS; /dev/zero maps as
 * anonymous memory; and the errors are Linux's (EBADF, EACCES for the open
 * mode (O_APPEND is no obstacle), ENODEV for a pipe or a directory, EINVAL
 * for an unaligned offset), mprotect(PROT_WRITE) of a shared mapping of a
 * read-only file included. The same output is expected on Linux. It works
 * in a scratch directory under /tmp, which it removes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096
#define TEXT "hello, file\n"

static char path[96], dir[64];

static void result(const char *what, int err)
{
	printf("%-52s %s\n", what, err ? strerrorname_np(err) : "ok");
}

static int map_errno(int fd, int prot, int flags, off_t offset)
{
	void *p = mmap(NULL, PAGE, prot, flags, fd, offset);

	if (p == MAP_FAILED)
		return errno;
	munmap(p, PAGE);
	return 0;
}

static void file_contents(const char *what)
{
	char buf[16] = { 0 };
	int fd = open(path, O_RDONLY);

	read(fd, buf, 11);
	close(fd);
	printf("%-52s %s\n", what, buf);
}

static int child_status(void (*fn)(char *), char *arg)
{
	int status;

	fflush(stdout);
	if (fork() == 0) {
		fn(arg);
		_exit(0);
	}
	wait(&status);
	return status;
}

static void write_second_byte(char *p)
{
	p[1] = 'O';
}

static void touch(char *p)
{
	*(volatile char *)p = 1;
}

static void exit_with_first_byte(char *p)
{
	_exit(p[0]);
}

/* What a child of this process reads at p, through its exit status. */
static char child_reads(char *p)
{
	int status = child_status(exit_with_first_byte, p);

	return WIFEXITED(status) ? (char)WEXITSTATUS(status) : '?';
}

static void private_and_shared(void)
{
	int fd = open(path, O_RDWR);
	char *priv = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *shared = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	int status;

	close(fd);
	printf("%-52s %.11s\n", "private mapping reads", priv);
	printf("%-52s %c\n", "a child reads the private mapping", child_reads(priv));
	priv[0] = 'J';
	printf("%-52s %c\n", "a child reads the private write", child_reads(priv));
	printf("%-52s %.11s / %.11s\n", "after a private write: private / shared", priv, shared);
	file_contents("the file after the private write");
	shared[0] = 'Y';
	file_contents("the file after a shared write");
	child_status(write_second_byte, shared);
	printf("%-52s %.11s\n", "a child's shared write, seen by the parent", shared);
	printf("%-52s %d\n", "bytes past the end of the file in its last page", shared[100]);
	status = child_status(touch, shared + PAGE);
	printf("%-52s %s %d\n", "a touch of the page past the end of the file",
	       WIFSIGNALED(status) ? "killed by" : "exited", WIFSIGNALED(status) ?
	       WTERMSIG(status) : WEXITSTATUS(status));
	munmap(priv, PAGE);
	munmap(shared, 2 * PAGE);
}

static void dev_zero(void)
{
	int fd = open("/dev/zero", O_RDWR);
	char *priv = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	close(fd);
	printf("%-52s %d %d\n", "/dev/zero mappings read zero", priv[0], shared[0]);
	child_status(write_second_byte, shared);
	printf("%-52s %c\n", "shared /dev/zero: a child's write seen", shared[1]);
	munmap(priv, PAGE);
	munmap(shared, PAGE);
}

static void errors(void)
{
	int rd = open(path, O_RDONLY), wr = open(path, O_WRONLY), ap = open(path, O_RDWR | O_APPEND);
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY), p[2];
	char *ro_shared = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, rd, 0);

	pipe(p);
	result("fd -1 without MAP_ANONYMOUS", map_errno(-1, PROT_READ, MAP_PRIVATE, 0));
	result("a closed descriptor", map_errno(100, PROT_READ, MAP_PRIVATE, 0));
	result("a write-only descriptor", map_errno(wr, PROT_READ, MAP_PRIVATE, 0));
	result("read-only file, MAP_SHARED + PROT_WRITE", map_errno(rd, PROT_READ | PROT_WRITE,
							      MAP_SHARED, 0));
	result("read-only file, MAP_PRIVATE + PROT_WRITE", map_errno(rd, PROT_READ | PROT_WRITE,
							       MAP_PRIVATE, 0));
	result("append-only file, MAP_SHARED + PROT_WRITE", map_errno(ap, PROT_READ | PROT_WRITE,
								MAP_SHARED, 0));
	result("a pipe", map_errno(p[0], PROT_READ, MAP_PRIVATE, 0));
	result("a directory", map_errno(dirfd, PROT_READ, MAP_PRIVATE, 0));
	result("an unaligned offset", map_errno(rd, PROT_READ, MAP_PRIVATE, 100));
	result("an offset past the end (fine until touched)", map_errno(rd, PROT_READ,
									  MAP_PRIVATE, 16 * PAGE));
	result("mprotect(PROT_WRITE), shared map of a read-only fd",
	       mprotect(ro_shared, PAGE, PROT_READ | PROT_WRITE) ? errno : 0);
	munmap(ro_shared, PAGE);
	close(rd);
	close(wr);
	close(ap);
	close(dirfd);
	close(p[0]);
	close(p[1]);
}

/* A private page whose first touch is a write: the copy is made at once, the file keeps its bytes. */
static void private_first_touch_write(void)
{
	int fd = open(path, O_RDWR);
	char *priv = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	close(fd);
	priv[2] = 'Q';
	printf("%-52s %.11s\n", "a private mapping written before any read", priv);
	file_contents("the file after that write");
	munmap(priv, PAGE);
}

int main(void)
{
	int fd;

	snprintf(dir, sizeof(dir), "/tmp/tkern-filemap-%d", getpid());
	snprintf(path, sizeof(path), "%s/data", dir);
	mkdir("/tmp", 0777);
	mkdir(dir, 0777);
	fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
	write(fd, TEXT, strlen(TEXT));
	close(fd);
	private_and_shared();
	private_first_touch_write();
	dev_zero();
	errors();
	unlink(path);
	rmdir(dir);
	return 0;
}
