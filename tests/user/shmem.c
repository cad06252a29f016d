/*
 * Shared anonymous memory and shared mappings of /dev/zero, compared with
 * Linux booted in QEMU (run as init, root): a page nobody touched before
 * fork, written after it by the child, is seen by the parent, and the
 * other way round; the same for /dev/zero; a read-only descriptor of
 * /dev/zero mapped shared cannot be made writable (EACCES), a private one
 * can; mremap moving a shared mapping keeps it shared, and its grown part
 * beyond the object raises SIGBUS; /proc/<pid>/maps names the object
 * "/dev/zero (deleted)"; smaps counts its pages as shmem, not anonymous,
 * and its VmFlags; Shmem and Committed_AS in /proc/meminfo move by the
 * object's pages, once for all mappings and only when the last goes.
 * Only differences are printed; inode numbers are hidden. On tkern, a
 * leak check at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "meminfo.h"
#include "quiet_cases.h"
#include "maps_line.h"

#define PAGE 4096UL
#define RW (PROT_READ | PROT_WRITE)
#define SHARED_ANON (MAP_SHARED | MAP_ANONYMOUS)

static char zero_path[96];	/* a node of /dev/zero's (1, 5) made in the scratch directory */

static const char *result(int ret)
{
	return ret == 0 ? "ok" : strerrorname_np(errno);
}

/* Fork a child that runs fn(area) and exits; wait for it. */
static void child_does(void (*fn)(char *), char *area)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		fn(area);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		say("  child killed by signal %d\n", WTERMSIG(status));
}

static void write_page_0(char *area)
{
	strcpy(area, "written by the child");
}

/*
 * The child waits (on a pipe) until the parent has written page 1 after
 * the fork, then reads it: both directions of a page first touched after
 * the fork.
 */
static void both_directions(const char *what, char *area)
{
	int go[2], status;
	char c;
	pid_t pid;

	if (pipe(go))
		return;
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		write_page_0(area);
		if (read(go[0], &c, 1) == 1)
			say("%s: child reads page 1: \"%s\"\n", what, area + PAGE);
		_exit(0);
	}
	close(go[0]);
	strcpy(area + PAGE, "written by the parent");
	if (write(go[1], "x", 1) != 1)
		say("pipe write failed\n");
	close(go[1]);
	waitpid(pid, &status, 0);
	say("%s: parent reads page 0: \"%s\"\n", what, area);
}

/* Two shared pages of fd (-1: anonymous), touched first after the fork. */
static void shared_after_fork(const char *what, int fd)
{
	char *area = mmap(NULL, 2 * PAGE, RW, fd < 0 ? SHARED_ANON : MAP_SHARED, fd, 0);

	if (area == MAP_FAILED) {
		say("%s: mmap: %s\n", what, strerrorname_np(errno));
		return;
	}
	both_directions(what, area);
	munmap(area, 2 * PAGE);
}

static void shared_anon_after_fork(void)
{
	shared_after_fork("shared anonymous", -1);
}

static void dev_zero_shared(void)
{
	int fd = open(zero_path, O_RDWR);

	shared_after_fork("/dev/zero shared", fd);
	close(fd);
}

static void dev_zero_read_only(void)
{
	int fd = open(zero_path, O_RDONLY), wfd = open(zero_path, O_WRONLY);
	char *area;

	area = mmap(NULL, PAGE, RW, MAP_SHARED, fd, 0);
	say("/dev/zero read-only, shared, PROT_WRITE: %s\n",
	    area == MAP_FAILED ? strerrorname_np(errno) : "mapped");
	area = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	say("/dev/zero read-only, shared, PROT_READ: %s, reads %d\n",
	    area == MAP_FAILED ? strerrorname_np(errno) : "mapped",
	    area == MAP_FAILED ? -1 : area[0]);
	if (area != MAP_FAILED) {
		say("  mprotect PROT_WRITE: %s\n", result(mprotect(area, PAGE, RW)));
		munmap(area, PAGE);
	}
	area = mmap(NULL, PAGE, RW, MAP_PRIVATE, fd, 0);
	say("/dev/zero read-only, private, PROT_WRITE: %s\n",
	    area == MAP_FAILED ? strerrorname_np(errno) : "mapped");
	if (area != MAP_FAILED) {
		area[0] = 1;
		munmap(area, PAGE);
	}
	area = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	if (area != MAP_FAILED) {
		say("  private, PROT_READ then mprotect PROT_WRITE: %s\n",
		    result(mprotect(area, PAGE, RW)));
		munmap(area, PAGE);
	}
	area = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, wfd, 0);
	say("/dev/zero write-only, shared: %s\n",
	    area == MAP_FAILED ? strerrorname_np(errno) : "mapped");
	area = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, wfd, 0);
	say("/dev/zero write-only, private: %s\n",
	    area == MAP_FAILED ? strerrorname_np(errno) : "mapped");
	close(fd);
	close(wfd);
}

static char *moved;	/* where mremap put the parent's mapping */

static void touch_page_3(char *area)
{
	area[3 * PAGE] = 1;
}

/* The child writes page 0 of its old mapping; the parent reads it at the new place. */
static void mremap_keeps_sharing(void)
{
	char *area = mmap(NULL, 2 * PAGE, RW, SHARED_ANON, -1, 0);
	char *blocker = mmap(area + 2 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
			     MAP_FIXED_NOREPLACE, -1, 0);
	int go[2], status;
	char c;
	pid_t pid;

	if (area == MAP_FAILED || pipe(go))
		return;
	strcpy(area, "before the move");
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		if (read(go[0], &c, 1) == 1)
			strcpy(area + PAGE, "the child's page 1, after the move");
		_exit(0);
	}
	close(go[0]);
	moved = mremap(area, 2 * PAGE, 4 * PAGE, MREMAP_MAYMOVE);
	if (moved == MAP_FAILED) {
		say("mremap: %s\n", strerrorname_np(errno));
		return;
	}
	say("mremap of shared anonymous memory: %s, page 0 reads \"%s\"\n",
	    moved == area ? "in place" : "moved", moved);
	if (write(go[1], "x", 1) != 1)
		say("pipe write failed\n");
	close(go[1]);
	waitpid(pid, &status, 0);
	say("  parent reads page 1 at the new place: \"%s\"\n", moved + PAGE);
	say("  touching page 3, past the object's end:\n");
	child_does(touch_page_3, moved);
	munmap(moved, 4 * PAGE);
	if (blocker != MAP_FAILED)
		munmap(blocker, PAGE);
}

static void read_page_0(char *area)
{
	say("  reads %d\n", area[0]);
}

static void maps_names(void)
{
	int fd = open(zero_path, O_RDWR);
	char *anon = mmap(NULL, 3 * PAGE, RW, SHARED_ANON, -1, 0);
	char *zero = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	char *zero_off = mmap(NULL, 2 * PAGE, RW, MAP_SHARED, fd, 4 * PAGE);
	char *ro = mmap(NULL, PAGE, PROT_READ, SHARED_ANON, -1, 0);

	close(fd);
	show_maps_line("shared anonymous", anon);
	show_maps_line("/dev/zero shared", zero);
	show_maps_line("/dev/zero shared at offset 4 pages", zero_off);
	show_maps_line("shared anonymous read-only", ro);
	say("  /dev/zero at offset 4 pages, past the 2-page object: reading page 0:\n");
	child_does(read_page_0, zero_off);
	munmap(anon + PAGE, PAGE);
	show_maps_line("shared anonymous, first page after a hole", anon);
	show_maps_line("shared anonymous, last page after a hole", anon + 2 * PAGE);
	munmap(anon, 3 * PAGE);
	munmap(zero, 2 * PAGE);
	munmap(zero_off, 2 * PAGE);
	munmap(ro, PAGE);
}

/* The lines of smaps for the area at addr that tell what its pages are. */
static void show_smaps(const char *what, void *addr)
{
	static const char *const keys[] = {
		"Rss:", "Pss:", "Shared_Dirty:", "Private_Dirty:", "Anonymous:", "VmFlags:",
	};
	char line[256];
	int in = 0;
	unsigned long start, end;
	unsigned int i;
	FILE *f = fopen("/proc/self/smaps", "r");

	say("%s:\n", what);
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2) {	/* an area's first line */
			in = start == (unsigned long)addr;
			continue;
		}
		for (i = 0; in && i < sizeof(keys) / sizeof(keys[0]); i++)
			if (!strncmp(line, keys[i], strlen(keys[i])))
				say("  %s", line);
	}
	if (f)
		fclose(f);
}

static char *smaps_area;

static void child_reads_smaps(char *area)
{
	show_smaps("shared anonymous, 3 pages written, seen by the child", area);
}

static void smaps_counts(void)
{
	smaps_area = mmap(NULL, 4 * PAGE, RW, SHARED_ANON, -1, 0);
	memset(smaps_area, 1, 3 * PAGE);
	show_smaps("shared anonymous, 3 pages written", smaps_area);
	child_does(child_reads_smaps, smaps_area);
	munmap(smaps_area, 4 * PAGE);
}

static long shmem_base, commit_base;

/*
 * Linux's counter is kept per CPU and folded now and then: it may lag by
 * some pages per CPU, so the figure is rounded to 256 kB.
 */
static void say_moved(const char *what)
{
	long kb = meminfo_kb("Shmem:") - shmem_base;

	say("%-56s Shmem %+ld kB\n", what, (kb + (kb < 0 ? -128 : 128)) / 256 * 256);
}

#define MEG (1L << 20)

static void child_touches_and_unmaps(char *area)
{
	memset(area + 4 * MEG, 2, 2 * MEG);
	say_moved("the child touched 2 MiB more");
	munmap(area, 16 * MEG);
	say_moved("the child unmapped it");
}

static void meminfo_moves(void)
{
	char *area;

	shmem_base = meminfo_kb("Shmem:");
	area = mmap(NULL, 16 * MEG, RW, SHARED_ANON, -1, 0);
	say_moved("mapped 16 MiB");
	memset(area, 1, 4 * MEG);
	say_moved("touched 4 MiB");
	child_does(child_touches_and_unmaps, area);
	say_moved("the child is gone");
	munmap(area, 16 * MEG);
	say_moved("unmapped");
}

static long committed(void)
{
	return meminfo_kb_raw("Committed_AS:");
}

/* Linux's counter is per CPU and read approximately: near 8 MiB counts as 8 MiB. */
static const char *moved_by(long kb)
{
	long diff = committed() - commit_base;

	if (labs(diff - kb) < 1024)
		return kb ? "moved by the object's size" : "did not move";
	return diff > 0 ? "grew by something else" : "shrank by something else";
}

static void child_unmaps_commit(char *area)
{
	commit_base = committed();
	munmap(area, 8 << 20);
	say("commit: a child unmapping its copy: %s\n", moved_by(0));
}

static void commit_once(void)
{
	char *area, *ro;

	commit_base = committed();
	area = mmap(NULL, 8 << 20, RW, SHARED_ANON, -1, 0);
	say("commit: 8 MiB shared anonymous: %s\n", moved_by(8192));
	child_does(child_unmaps_commit, area);
	commit_base = committed();
	munmap(area, 8 << 20);
	say("commit: the last mapping unmapped: %s\n", moved_by(-8192));
	commit_base = committed();
	ro = mmap(NULL, 8 << 20, PROT_READ, SHARED_ANON | MAP_NORESERVE, -1, 0);
	say("commit: 8 MiB shared anonymous, MAP_NORESERVE: %s\n", moved_by(0));
	munmap(ro, 8 << 20);
}

static void round_of_cases(void)
{
	in_child(shared_anon_after_fork);
	in_child(dev_zero_shared);
	in_child(dev_zero_read_only);
	in_child(mremap_keeps_sharing);
	in_child(maps_names);
	in_child(smaps_counts);
	in_child(meminfo_moves);
	in_child(commit_once);
}

int main(void)
{
	char dir[64];

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (setup_case_dir(dir, sizeof(dir), "shmem"))
		return 1;
	snprintf(zero_path, sizeof(zero_path), "%s/zero", dir);
	if (mknod(zero_path, S_IFCHR | 0666, makedev(1, 5)))
		perror("mknod");
	round_of_cases();
	check_no_leak(round_of_cases);
	unlink(zero_path);
	rmdir(dir);
	printf("done\n");
	return 0;
}
