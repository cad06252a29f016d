/*
 * /proc/self/pagemap, compared with Linux booted in QEMU (run as init,
 * root): the present bit before and after touching anonymous memory, the
 * exclusive bit, the same frame in parent and child after fork and a
 * different one once the child writes, the file bit of file pages, private
 * copies and shared anonymous memory, frame numbers hidden from uid 1000,
 * and the errnos (unaligned offset or count, SEEK_END, a bad buffer,
 * another user's pagemap, a process gone since the open), and arm64's tagged addresses (an offset whose
 * address has a top-byte tag reads the untagged page's entry). Frame
 * numbers are never printed, only how they relate. Then, on tkern, a
 * leak check: the cases again, MemFree as before.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "meminfo.h"
#include "quiet_cases.h"

#define PAGE 4096UL
#define PM_PRESENT (1ULL << 63)
#define PM_FILE (1ULL << 61)
#define PM_EXCLUSIVE (1ULL << 56)
#define PM_PFN ((1ULL << 55) - 1)

static char dir[64];
static char case_file[128];	/* the file the cases make, removed after each round */

/* addr's pagemap entry; 0 with a message if it cannot be read. */
static uint64_t entry(const void *addr)
{
	uint64_t e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		say("open: %s\n", strerrorname_np(errno));
	if (pread(fd, &e, 8, (off_t)((uintptr_t)addr / PAGE * 8)) != 8)
		say("pread: %s\n", strerrorname_np(errno));
	close(fd);
	return e;
}

static void show(const char *what, const void *addr)
{
	uint64_t e = entry(addr);

	say("%-46s present %d file %d exclusive %d pfn %s\n", what, !!(e & PM_PRESENT),
	    !!(e & PM_FILE), !!(e & PM_EXCLUSIVE), (e & PM_PFN) ? "shown" : "0");
}

static char *map(unsigned long pages, int flags)
{
	return mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);
}

static void anonymous(void)
{
	char *p = map(4, MAP_PRIVATE);

	show("anonymous, untouched", p);
	p[0] = 1;
	p[2 * PAGE] = 1;
	show("page 0 after a write", p);
	show("page 1, not touched", p + PAGE);
	show("page 2 after a write", p + 2 * PAGE);
	munmap(p + 2 * PAGE, PAGE);
	show("page 2 after munmap", p + 2 * PAGE);
	munmap(p, 4 * PAGE);
}

static void fork_and_write(void)
{
	char *p = map(1, MAP_PRIVATE);
	uint64_t before, child;
	int status;
	pid_t pid;

	p[0] = 1;
	before = entry(p) & PM_PFN;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		child = entry(p);
		say("child after fork: same frame as parent's %s\n",
		    (child & PM_PFN) == before ? "yes" : "no");
		show("child after fork", p);
		p[0] = 2;
		child = entry(p);
		say("child after its write: same frame as parent's %s\n",
		    (child & PM_PFN) == before ? "yes" : "no");
		show("child after its write", p);
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	say("parent after the child's write: its frame unchanged %s\n",
	    (entry(p) & PM_PFN) == before ? "yes" : "no");
	show("parent after the child ended", p);
	munmap(p, PAGE);
}

static int make_file(const char *name)
{
	char path[128], buf[PAGE];
	int fd, i;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	memset(buf, 'x', sizeof(buf));
	for (i = 0; i < 2; i++)
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			say("write: %s\n", strerrorname_np(errno));
	return fd;
}

static void file_pages(void)
{
	int fd = make_file("file");
	volatile char *shared = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	volatile char *private = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *anon_shared = map(1, MAP_SHARED);

	show("shared file mapping, untouched", (char *)shared);
	(void)shared[0];
	show("shared file mapping, read", (char *)shared);
	(void)private[0];
	show("private file mapping, read", (char *)private);
	say("private and shared mapping: same frame %s\n",
	    (entry((char *)private) & PM_PFN) == (entry((char *)shared) & PM_PFN) ? "yes" : "no");
	private[0] = 'y';
	show("private file mapping, written", (char *)private);
	say("after the write: same frame %s\n",
	    (entry((char *)private) & PM_PFN) == (entry((char *)shared) & PM_PFN) ? "yes" : "no");
	anon_shared[0] = 1;
	show("shared anonymous, written", anon_shared);
	close(fd);
}

static void not_root(void)
{
	char *p = map(1, MAP_PRIVATE);
	int fd;

	p[0] = 1;
	if (setuid(1000)) {
		say("setuid: %s\n", strerrorname_np(errno));
		return;
	}
	/* A uid change makes Linux's process undumpable, its /proc files root's: undo that. */
	prctl(PR_SET_DUMPABLE, 1);
	show("uid 1000, its own page", p);
	fd = open("/proc/1/pagemap", O_RDONLY);
	say("uid 1000 opens init's pagemap: %s\n", fd < 0 ? strerrorname_np(errno) : "opened");
	if (fd >= 0)
		close(fd);
}

static void result(const char *what, ssize_t r)
{
	say("%-46s %zd %s\n", what, r, r < 0 ? strerrorname_np(errno) : "");
}

static void errors(void)
{
	char *p = map(1, MAP_PRIVATE);
	int fd = open("/proc/self/pagemap", O_RDONLY);
	off_t off = (off_t)((uintptr_t)p / PAGE * 8);
	uint64_t e[2];

	p[0] = 1;
	result("pread at an unaligned offset", pread(fd, e, 8, off + 4));
	result("pread of 4 bytes", pread(fd, e, 4, off));
	result("pread of 12 bytes", pread(fd, e, 12, off));
	result("pread of 0 bytes", pread(fd, e, 0, off));
	result("pread of 16 bytes", pread(fd, e, 16, off));
	result("pread into an unmapped buffer", pread(fd, (void *)PAGE, 8, off));
	result("pread past the top of user memory", pread(fd, e, 8, (off_t)1 << 40));
	/* arm64 ignores an address's top byte (TBI): Linux drops it from the offset's address. */
	result("pread at a tagged address of the page", pread(fd, e, 8, off + ((off_t)1 << 47)));
	say("%-46s present %d\n", "its entry", !!(e[0] & PM_PRESENT));
	result("lseek SEEK_SET", lseek(fd, off, SEEK_SET) == off ? 0 : -1);
	result("read after it", read(fd, e, 8));
	result("lseek SEEK_CUR back one entry", lseek(fd, -8, SEEK_CUR) == off ? 0 : -1);
	result("lseek SEEK_END", lseek(fd, 0, SEEK_END));
	result("write", write(fd, e, 8));
	close(fd);
}

/* A pagemap keeps its address space, not its pid: once the process is gone, it reads nothing. */
static void gone(void)
{
	char *p = map(1, MAP_PRIVATE), path[64], c;
	int go[2], fd, status;
	uint64_t e = 0;
	pid_t pid;

	p[0] = 1;
	if (pipe(go))
		return;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		read(go[0], &c, 1);
		_exit(0);
	}
	snprintf(path, sizeof(path), "/proc/%d/pagemap", pid);
	fd = open(path, O_RDONLY);
	result("a child's pagemap, child running", pread(fd, &e, 8, (off_t)((uintptr_t)p / PAGE * 8)));
	say("%-46s present %d\n", "its entry", !!(e & PM_PRESENT));
	write(go[1], "x", 1);
	waitpid(pid, &status, 0);
	result("the same, the child gone", pread(fd, &e, 8, (off_t)((uintptr_t)p / PAGE * 8)));
	close(fd);
	close(go[0]);
	close(go[1]);
}

static void every_case(void)
{
	in_child(anonymous);
	in_child(fork_and_write);
	in_child(file_pages);
	in_child(not_root);
	in_child(errors);
	in_child(gone);
}

/* Every case once, and its file removed. */
static void one_round(void)
{
	every_case();
	unlink(case_file);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (setup_case_dir(dir, sizeof(dir), "pagemap"))
		return 1;
	snprintf(case_file, sizeof(case_file), "%s/file", dir);
	one_round();
	check_no_leak(one_round);
	rmdir(dir);
	return 0;
}
