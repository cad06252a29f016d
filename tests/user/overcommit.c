/*
 * Overcommit, compared with Linux booted in QEMU (run as init, root):
 * which mappings move Committed_AS and by how much (private writable and
 * shared anonymous memory, the heap, fork's private copies; not read-only
 * or MAP_NORESERVE memory), what each mode of /proc/sys/vm/overcommit_memory
 * refuses (0: one request larger than RAM, such as 1 TiB of brk or mmap;
 * 1: nothing; 2: anything past CommitLimit, MAP_NORESERVE or not), how
 * overcommit_ratio and overcommit_kbytes set CommitLimit, and the sysctls'
 * errors. Only relations are printed: the figures depend on the machine.
 * Each case runs in a child; mode 0 and ratio 50 are restored at the end.
 * On tkern, a leak check: Committed_AS and MemFree back where they were.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "meminfo.h"

#define MIB (1UL << 20)
#define TIB (1UL << 40)
#define PRIVATE_ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define RW (PROT_READ | PROT_WRITE)

static int quiet;	/* the leak check's rounds print nothing */

static void say(const char *what, const char *how)
{
	if (!quiet)
		printf("%-60s %s\n", what, how);
}

static void yes_no(const char *what, int ok)
{
	say(what, ok ? "yes" : "no");
}

static long committed(void)
{
	return meminfo_kb_raw("Committed_AS:");
}

static long limit(void)
{
	return meminfo_kb_raw("CommitLimit:");
}

/* Write value to a sysctl file; "ok" or the errno's name. */
static const char *sysctl_write(const char *name, const char *value)
{
	char path[96];
	int fd, err = 0;

	snprintf(path, sizeof(path), "/proc/sys/vm/%s", name);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return strerrorname_np(errno);
	if (write(fd, value, strlen(value)) < 0)
		err = errno;
	close(fd);
	return err ? strerrorname_np(err) : "ok";
}

static long sysctl_read(const char *name)
{
	char path[96], buf[32] = "";
	int fd;

	snprintf(path, sizeof(path), "/proc/sys/vm/%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) < 0)
		buf[0] = '\0';
	if (fd >= 0)
		close(fd);
	return buf[0] ? atol(buf) : -1;
}

static void set_mode(const char *mode)
{
	const char *err = sysctl_write("overcommit_memory", mode);

	if (strcmp(err, "ok"))
		printf("setting overcommit_memory to %s: %s\n", mode, err);
}

static void *map(size_t len, int prot, int flags)
{
	return mmap(NULL, len, prot, flags, -1, 0);
}

static const char *map_result(size_t len, int prot, int flags)
{
	void *p = map(len, prot, flags);

	if (p == MAP_FAILED)
		return strerrorname_np(errno);
	munmap(p, len);
	return "ok";
}

static const char *brk_result(unsigned long len)
{
	void *old = sbrk(0);

	if (sbrk((long)len) == (void *)-1)
		return strerrorname_np(errno);
	if (brk(old))
		return "shrink failed";
	return "ok";
}

static void in_child(void (*fn)(void))
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		fn();
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		printf("child failed: status %#x\n", status);
}

/* Committed_AS moved by exactly kb since before. */
static void moved_by(const char *what, long before, long kb)
{
	char how[64];
	long delta = committed() - before;

	if (delta == kb)
		say(what, "as expected");
	else {
		snprintf(how, sizeof(how), "by %ld kB, not %ld kB", delta, kb);
		say(what, how);
	}
}

static void what_is_charged(void)
{
	long before = committed();
	char *rw, *ro, *nores, *shared, *heap;
	int fd;

	rw = map(64 * MIB, RW, PRIVATE_ANON);
	moved_by("private writable 64 MiB: Committed_AS +64 MiB", before, 64 * 1024);
	ro = map(64 * MIB, PROT_READ, PRIVATE_ANON);
	moved_by("private read-only 64 MiB: unchanged", before, 64 * 1024);
	nores = map(64 * MIB, RW, PRIVATE_ANON | MAP_NORESERVE);
	moved_by("private writable MAP_NORESERVE 64 MiB: unchanged", before, 64 * 1024);
	shared = map(8 * MIB, PROT_READ, MAP_SHARED | MAP_ANONYMOUS);
	moved_by("shared anonymous read-only 8 MiB: +8 MiB", before, 72 * 1024);
	mprotect(ro, 16 * MIB, RW);
	moved_by("mprotect 16 MiB read-only -> writable: +16 MiB", before, 88 * 1024);
	mprotect(ro, 16 * MIB, PROT_READ);
	moved_by("mprotect them back to read-only: the charge stays", before, 88 * 1024);
	mprotect(nores, 16 * MIB, PROT_READ);
	mprotect(nores, 16 * MIB, RW);
	moved_by("mprotect of MAP_NORESERVE memory: still unchanged", before, 88 * 1024);
	rw = mremap(rw, 64 * MIB, 80 * MIB, MREMAP_MAYMOVE);
	moved_by("mremap 64 -> 80 MiB: +16 MiB", before, 104 * 1024);
	rw = mremap(rw, 80 * MIB, 32 * MIB, 0);
	moved_by("mremap 80 -> 32 MiB: -48 MiB", before, 56 * 1024);
	munmap(rw + 16 * MIB, 16 * MIB);
	moved_by("munmap half of it: -16 MiB", before, 40 * 1024);
	heap = sbrk(0);
	sbrk((long)(4 * MIB));
	moved_by("brk up 4 MiB: +4 MiB", before, 44 * 1024);
	brk(heap);
	moved_by("brk back down: -4 MiB", before, 40 * 1024);
	fd = open("/bin/overcommit", O_RDONLY);
	if (mmap(NULL, 8192, RW, MAP_PRIVATE, fd, 0) == MAP_FAILED)
		say("private writable file mapping", strerrorname_np(errno));
	moved_by("private writable file mapping, 2 pages: +8 kB", before, 40 * 1024 + 8);
	if (mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED)
		say("shared file mapping", strerrorname_np(errno));
	moved_by("shared file mapping: unchanged", before, 40 * 1024 + 8);
	close(fd);
	munmap(rw, 16 * MIB);
	munmap(ro, 64 * MIB);
	munmap(nores, 64 * MIB);
	munmap(shared, 8 * MIB);
	moved_by("all unmapped but the file's: back", before, 8);
}

/* The child's copy charges the private pages again, the shared ones not. */
static void fork_charges_copies(void)
{
	char *priv = map(16 * MIB, RW, PRIVATE_ANON), *shared = map(16 * MIB, RW,
								    MAP_SHARED | MAP_ANONYMOUS);
	long before = committed(), in_child_kb;
	int pipefd[2];
	pid_t pid;

	if (pipe(pipefd))
		return;
	pid = fork();
	if (pid == 0) {
		in_child_kb = committed();
		write(pipefd[1], &in_child_kb, sizeof(in_child_kb));
		_exit(0);
	}
	read(pipefd[0], &in_child_kb, sizeof(in_child_kb));
	waitpid(pid, NULL, 0);
	yes_no("fork: the child's private copy is charged (+16 MiB or more)",
	       in_child_kb - before >= 16 * 1024);
	yes_no("fork: the shared memory is not charged again (under +32 MiB)",
	       in_child_kb - before < 32 * 1024);
	yes_no("fork: the child's exit gives its charge back", committed() == before);
	munmap(priv, 16 * MIB);
	munmap(shared, 16 * MIB);
}

static void heuristic_mode(void)
{
	say("mode 0: brk +1 TiB", brk_result(TIB));
	say("mode 0: mmap 1 TiB private writable", map_result(TIB, RW, PRIVATE_ANON));
	say("mode 0: mmap 1 TiB shared anonymous", map_result(TIB, RW, MAP_SHARED | MAP_ANONYMOUS));
	say("mode 0: mmap 1 TiB MAP_NORESERVE", map_result(TIB, RW, PRIVATE_ANON | MAP_NORESERVE));
	say("mode 0: mmap 1 TiB read-only", map_result(TIB, PROT_READ, PRIVATE_ANON));
	say("mode 0: mmap 64 MiB private writable", map_result(64 * MIB, RW, PRIVATE_ANON));
}

static void always_mode(void)
{
	long before = committed();

	set_mode("1");
	say("mode 1: brk +1 TiB", brk_result(TIB));
	say("mode 1: mmap 1 TiB private writable", map_result(TIB, RW, PRIVATE_ANON));
	say("mode 1: mmap 1 TiB shared anonymous", map_result(TIB, RW, MAP_SHARED | MAP_ANONYMOUS));
	yes_no("mode 1: Committed_AS back after unmapping", committed() == before);
	set_mode("0");
}

/* Strict: room is CommitLimit - Committed_AS, less a little Linux keeps per process. */
static void strict_mode(void)
{
	unsigned long room;
	char *p;

	set_mode("2");
	room = (unsigned long)(limit() - committed()) * 1024;
	say("mode 2: mmap 8 MiB more than the room", map_result(room + 8 * MIB, RW, PRIVATE_ANON));
	say("mode 2: the same with MAP_NORESERVE",
	    map_result(room + 8 * MIB, RW, PRIVATE_ANON | MAP_NORESERVE));
	say("mode 2: the same shared anonymous",
	    map_result(room + 8 * MIB, RW, MAP_SHARED | MAP_ANONYMOUS));
	say("mode 2: the same read-only", map_result(room + 8 * MIB, PROT_READ, PRIVATE_ANON));
	say("mode 2: mmap 8 MiB less than the room", map_result(room - 8 * MIB, RW, PRIVATE_ANON));
	say("mode 2: brk 8 MiB more than the room", brk_result(room + 8 * MIB));
	say("mode 2: brk 8 MiB less than the room", brk_result(room - 8 * MIB));
	say("mode 2: brk +1 TiB", brk_result(TIB));
	say("mode 2: mmap 1 TiB read-only", map_result(TIB, PROT_READ, PRIVATE_ANON));
	p = map(room + 8 * MIB, PROT_READ, PRIVATE_ANON);
	say("mode 2: mprotect it writable",
	    mprotect(p, room + 8 * MIB, RW) ? strerrorname_np(errno) : "ok");
	say("mode 2: mprotect 8 MiB of it writable",
	    mprotect(p, 8 * MIB, RW) ? strerrorname_np(errno) : "ok");
	munmap(p, room + 8 * MIB);
	p = map(16 * MIB, RW, PRIVATE_ANON);
	say("mode 2: mremap 16 MiB past the room",
	    mremap(p, 16 * MIB, room + 24 * MIB, MREMAP_MAYMOVE) == MAP_FAILED ?
	    strerrorname_np(errno) : "ok");
	munmap(p, 16 * MIB);
	set_mode("0");
}

static void limit_settings(void)
{
	long at50 = limit(), at100;

	say("overcommit_memory reads", sysctl_read("overcommit_memory") == 0 ? "0" : "?");
	say("overcommit_ratio reads 50", sysctl_read("overcommit_ratio") == 50 ? "yes" : "no");
	say("overcommit_kbytes reads 0", sysctl_read("overcommit_kbytes") == 0 ? "yes" : "no");
	say("write overcommit_ratio 100", sysctl_write("overcommit_ratio", "100"));
	at100 = limit();
	yes_no("CommitLimit doubles (within 4 kB)", labs(at100 - 2 * at50) <= 4);
	say("write overcommit_kbytes 100000", sysctl_write("overcommit_kbytes", "100000"));
	yes_no("CommitLimit is 100000 kB", limit() == 100000);
	yes_no("overcommit_ratio reads 0 now", sysctl_read("overcommit_ratio") == 0);
	say("write overcommit_ratio 50", sysctl_write("overcommit_ratio", "50"));
	yes_no("overcommit_kbytes reads 0 now", sysctl_read("overcommit_kbytes") == 0);
	yes_no("CommitLimit as at first", limit() == at50);
	say("write overcommit_memory 3", sysctl_write("overcommit_memory", "3"));
	say("write overcommit_memory -1", sysctl_write("overcommit_memory", "-1"));
	say("write overcommit_memory x", sysctl_write("overcommit_memory", "x"));
	say("write overcommit_memory 1", sysctl_write("overcommit_memory", "1"));
	say("overcommit_memory reads", sysctl_read("overcommit_memory") == 1 ? "1" : "?");
	say("write overcommit_memory 0", sysctl_write("overcommit_memory", "0"));
}

static void not_root(void)
{
	if (setuid(1000))
		say("setuid", strerrorname_np(errno));
	say("uid 1000: write overcommit_memory", sysctl_write("overcommit_memory", "1"));
	say("uid 1000: write overcommit_ratio", sysctl_write("overcommit_ratio", "10"));
}

static void every_case(void)
{
	in_child(what_is_charged);
	in_child(fork_charges_copies);
	in_child(heuristic_mode);
	in_child(always_mode);
	in_child(strict_mode);
	in_child(limit_settings);
	in_child(not_root);
}

int main(void)
{
	long committed_before, free_before;
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	mount("proc", "/proc", "proc", 0, NULL);
	say("CommitLimit is under MemTotal", limit() < meminfo_kb("MemTotal:") ? "yes" : "no");
	every_case();
	committed_before = committed();
	free_before = meminfo_kb("MemFree:");
	quiet = 1;
	for (i = 0; i < 3; i++)
		every_case();
	quiet = 0;
	set_mode("0");
	sysctl_write("overcommit_ratio", "50");
	/* Linux's MemFree moves with its caches: only tkern is held to the leak checks. */
	if (on_tkern() && committed() != committed_before)
		printf("leak check: Committed_AS moved by %ld kB\n", committed() - committed_before);
	if (on_tkern() && meminfo_kb("MemFree:") < free_before - 512)
		printf("leak check: MemFree fell by %ld kB\n", free_before - meminfo_kb("MemFree:"));
	return 0;
}
