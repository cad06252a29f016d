/*
 * mincore, compared with Linux booted in QEMU (run as init, root): anonymous
 * pages before and after touching and after MADV_DONTNEED, MAP_POPULATE,
 * PROT_NONE, a file mapping (the file's written pages count before this
 * process touches them; holes and pages past the end do not), a file an
 * unprivileged user may only read (every page shown resident, as Linux
 * hides others' page cache), and the errnos in Linux's order (EINVAL,
 * ENOMEM, EFAULT); a caller killed in the middle of a terabyte. Then, on
 * tkern, a leak check: the cases again, MemFree as before.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "meminfo.h"
#include "quiet_cases.h"

#define PAGE 4096UL

static char dir[64];

/* mincore of n pages at p: the bits as 0s and 1s, or the errno. */
static void show(const char *what, const void *p, size_t n)
{
	unsigned char vec[64];
	char bits[65];
	size_t i;

	if (mincore((void *)p, n * PAGE, vec)) {
		say("%-50s %s\n", what, strerrorname_np(errno));
		return;
	}
	for (i = 0; i < n; i++)
		bits[i] = vec[i] > 1 ? '?' : '0' + vec[i];
	bits[n] = '\0';
	say("%-50s %s\n", what, bits);
}

static void result(const char *what, long ret)
{
	say("%-50s %s\n", what, ret ? strerrorname_np(errno) : "ok");
}

static char *map(size_t pages, int prot, int flags)
{
	return mmap(NULL, pages * PAGE, prot, flags | MAP_ANONYMOUS, -1, 0);
}

/* ---- the cases ---- */

static void anonymous(void)
{
	char *p = map(8, PROT_READ | PROT_WRITE, MAP_PRIVATE), *none, *pop, *shared;
	volatile char sink;

	show("fresh private mapping", p, 8);
	p[0] = p[2 * PAGE] = p[5 * PAGE] = 1;
	show("after writing pages 0, 2, 5", p, 8);
	sink = p[7 * PAGE];
	(void)sink;
	show("after reading page 7", p, 8);
	madvise(p + 2 * PAGE, PAGE, MADV_DONTNEED);
	show("after MADV_DONTNEED on page 2", p, 8);
	munmap(p, 8 * PAGE);
	pop = map(4, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_POPULATE);
	show("MAP_POPULATE mapping", pop, 4);
	none = map(2, PROT_NONE, MAP_PRIVATE);
	show("PROT_NONE mapping", none, 2);
	shared = map(3, PROT_READ | PROT_WRITE, MAP_SHARED);
	shared[PAGE] = 1;
	show("shared anonymous, page 1 written", shared, 3);
	show("the stack page", (void *)((unsigned long)&p & ~(PAGE - 1)), 1);
}

/* A file of 5 pages: 3 written, then 2 of hole up to its size. */
static int make_file(const char *name)
{
	char path[128], buf[PAGE];
	int fd, i;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	memset(buf, 'f', sizeof(buf));
	for (i = 0; i < 3; i++)
		write(fd, buf, sizeof(buf));
	ftruncate(fd, 5 * PAGE);
	return fd;
}

static void file_mapping(void)
{
	int fd = make_file("file");
	char *shared = mmap(NULL, 6 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *private = mmap(NULL, 5 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	volatile char sink;

	show("shared file mapping, untouched (6th page past end)", shared, 6);
	sink = shared[3 * PAGE];
	(void)sink;
	show("after reading page 3 (a hole)", shared, 6);
	show("private file mapping, untouched", private, 5);
	private[4 * PAGE] = 1;
	show("after writing page 4 (copy-on-write)", private, 5);
	close(fd);
}

static void read_only_file(void)
{
	char path[128];
	int fd;
	char *p;

	close(make_file("ro"));
	snprintf(path, sizeof(path), "%s/ro", dir);
	if (setuid(1000)) {
		say("setuid: %s\n", strerrorname_np(errno));
		return;
	}
	fd = open(path, O_RDONLY);
	p = mmap(NULL, 6 * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	show("uid 1000, root's file it may only read", p, 6);
	p = map(2, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	show("uid 1000, its own anonymous memory", p, 2);
	close(fd);
}

static void errors(void)
{
	char *p = map(4, PROT_READ | PROT_WRITE, MAP_PRIVATE), *ro = map(1, PROT_READ, MAP_PRIVATE);
	void *kernel = (void *)0xffff000000000000UL;
	unsigned char vec[8];

	p[0] = 1;
	munmap(p + 2 * PAGE, 2 * PAGE);
	result("unaligned start", mincore(p + 1, PAGE, vec));
	result("unaligned start, bad vector", mincore(p + 1, PAGE, kernel));
	result("unmapped range", mincore(p + 2 * PAGE, PAGE, vec));
	result("unmapped range, NULL vector", mincore(p + 2 * PAGE, PAGE, NULL));
	result("unmapped range, kernel-address vector", mincore(p + 2 * PAGE, PAGE, kernel));
	memset(vec, 7, sizeof(vec));
	result("mapped, then a hole", mincore(p, 4 * PAGE, vec));
	say("%-50s %d %d %d\n", "vector after it", vec[0], vec[1], vec[2]);
	result("NULL vector", mincore(p, PAGE, NULL));
	result("read-only vector", mincore(p, PAGE, (unsigned char *)ro));
	result("length 0", mincore(p, 0, vec));
	result("length 0, NULL vector", mincore(p, 0, NULL));
	result("length not a page multiple", mincore(p, 100, vec));
	result("range past the top of user memory", mincore(p, (size_t)-PAGE, vec));
	result("kernel address", mincore(kernel, PAGE, vec));
}

/*
 * mincore of a terabyte of mapped, untouched memory into a 256 MiB
 * vector, killed after 0.2 s: the child is gone within 5 s, as on Linux.
 * (tkern once went on through all 2^28 pages, unkillable for minutes.)
 */
static void killed_while_counting(void)
{
	size_t len = 1UL << 40;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, status, waited;
	char *area = mmap(NULL, len, PROT_READ, flags, -1, 0);
	unsigned char *vec = mmap(NULL, len / PAGE, PROT_READ | PROT_WRITE, flags, -1, 0);
	pid_t pid;

	if (area == MAP_FAILED || vec == MAP_FAILED) {
		say("%-50s %s\n", "map 1 TiB and a 256 MiB vector", strerrorname_np(errno));
		return;
	}
	pid = fork();
	if (pid == 0) {
		mincore(area, len, vec);
		_exit(0);
	}
	usleep(200000);
	kill(pid, SIGKILL);
	for (waited = 0; waited < 50 && waitpid(pid, &status, WNOHANG) == 0; waited++)
		usleep(100000);
	say("%-50s %s\n", "mincore of 1 TiB, killed: gone within 5 s", waited < 50 ? "yes" : "no");
	munmap(area, len);
	munmap(vec, len / PAGE);
}

/* ---- all of it, and the leak check ---- */

static void every_case(void)
{
	in_child(anonymous);
	in_child(file_mapping);
	in_child(read_only_file);
	in_child(errors);
}

static void remove_files(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/file", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/ro", dir);
	unlink(path);
}

/* Every case once, and its files removed. */
static void one_round(void)
{
	every_case();
	remove_files();
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (setup_case_dir(dir, sizeof(dir), "mincore"))
		return 1;
	chmod(dir, 0755);
	one_round();
	killed_while_counting();
	check_no_leak(one_round);
	rmdir(dir);
	return 0;
}
