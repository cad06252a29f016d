/*
 * mlock, mlock2, munlock, mlockall, munlockall and MAP_LOCKED, compared
 * with Linux booted in QEMU (run as init, root): locked ranges are
 * resident at once (mincore) except with MLOCK_ONFAULT/MCL_ONFAULT,
 * VmLck counts them, the VMAs split and merge back, RLIMIT_MEMLOCK holds
 * for an unprivileged user (ENOMEM, EAGAIN, EPERM at 0) and not for root,
 * mlockall(MCL_FUTURE) locks later mmap, brk and mremap growth, fork does
 * not pass locks on and execve ends MCL_FUTURE; the errnos in Linux's
 * order. Each case runs in a child, so each starts with nothing locked.
 * Then, on tkern, a leak check: the cases again, MemFree as before.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "meminfo.h"
#include "quiet_cases.h"

#define PAGE 4096UL

static const char *self;	static void result(const char *what, long ret)
{
	say("%-52s %s\n", what, ret == -1 ? strerrorname_np(errno) : ret == 0 ? "ok" : "?");
}

static void show_vmlck(const char *when)
{
	char what[96];

	snprintf(what, sizeof(what), "VmLck %s", when);
	say("%-52s %ld kB\n", what, status_kb("VmLck:"));
}

/* Which of n pages at p are resident, as a string of 0s and 1s. */
static void show_resident(const char *what, const char *p, size_t n)
{
	unsigned char vec[64];
	char bits[65];
	size_t i;

	if (mincore((void *)p, n * PAGE, vec)) {
		say("%-52s mincore %s\n", what, strerrorname_np(errno));
		return;
	}
	for (i = 0; i < n; i++)
		bits[i] = '0' + (vec[i] & 1);
	bits[n] = '\0';
	say("%-52s %s\n", what, bits);
}

/* VMAs that start in [p, p + n pages): how the range is split. */
static void show_vmas(const char *what, const char *p, size_t n)
{
	unsigned long lo = (unsigned long)p, hi = lo + n * PAGE, start, end;
	char line[256];
	int count = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx", &start, &end) == 2 && start >= lo && start < hi)
			count++;
	if (f)
		fclose(f);
	say("%-52s %d\n", what, count);
}

static char *map(size_t pages, int prot, int flags)
{
	return mmap(NULL, pages * PAGE, prot, flags | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static void set_memlock(rlim_t bytes)
{
	struct rlimit r = { bytes, bytes };

	setrlimit(RLIMIT_MEMLOCK, &r);
}

/* ---- the cases ---- */

static void limits(void)
{
	struct rlimit r;

	getrlimit(RLIMIT_MEMLOCK, &r);
	say("RLIMIT_MEMLOCK of init: %llu %llu\n", (unsigned long long)r.rlim_cur,
	    (unsigned long long)r.rlim_max);
	show_vmlck("at the start");
}

static void lock_and_unlock(void)
{
	char *p = map(10, PROT_READ | PROT_WRITE, 0);

	show_resident("fresh mapping", p, 10);
	/*
	 * A page written before the split gives every part the same anon_vma,
	 * so on Linux the parts can merge again after munlock.
	 */
	p[0] = 1;
	result("mlock pages 3-6", mlock(p + 3 * PAGE, 4 * PAGE));
	show_resident("after mlock", p, 10);
	show_vmlck("after mlock of 4 pages");
	show_vmas("VMAs in the mapping", p, 10);
	result("madvise(MADV_DONTNEED) on locked memory", madvise(p + 3 * PAGE, PAGE, MADV_DONTNEED));
	result("mlock pages 3-6 again", mlock(p + 3 * PAGE, 4 * PAGE));
	show_vmlck("after locking them again");
	result("mlock pages 5-8 (overlapping)", mlock(p + 5 * PAGE, 4 * PAGE));
	show_vmlck("after the overlap");
	show_vmas("VMAs in the mapping", p, 10);
	result("munlock page 4", munlock(p + 4 * PAGE, PAGE));
	show_vmlck("after munlock of one page");
	show_vmas("VMAs in the mapping", p, 10);
	result("munlock all 10", munlock(p, 10 * PAGE));
	show_vmlck("after munlock of everything");
	show_vmas("VMAs in the mapping (merged back)", p, 10);
	show_resident("still resident after munlock", p, 10);
	result("mlock from p + 100, 10 bytes (one page)", mlock(p + 100, 10));
	show_vmlck("after locking 10 bytes");
	result("mlock across two pages from p + 4000, 200 bytes", mlock(p + 4000, 200));
	show_vmlck("after locking 200 bytes across a boundary");
	result("mlock length 0", mlock(p + 9 * PAGE, 0));
	result("munmap of locked pages", munmap(p, 2 * PAGE));
	show_vmlck("after munmap");
}

static void lock_errors(void)
{
	char *p = map(6, PROT_READ | PROT_WRITE, 0), *none = map(2, PROT_NONE, 0);

	munmap(p + 3 * PAGE, PAGE);
	result("mlock across a hole", mlock(p, 6 * PAGE));
	show_vmlck("after it (the part before the hole stays)");
	result("munlock across the hole", munlock(p, 6 * PAGE));
	show_vmlck("after munlock across the hole");
	result("mlock of an unmapped range", mlock(p + 3 * PAGE, PAGE));
	result("munlock of an unmapped range", munlock(p + 3 * PAGE, PAGE));
	result("mlock wrapping past the end of memory", mlock(p, (size_t)-PAGE));
	result("mlock2 flags 2", syscall(SYS_mlock2, p, PAGE, 2));
	result("mlock2 flags -1", syscall(SYS_mlock2, p, PAGE, -1));
	result("mlock of PROT_NONE memory", mlock(none, 2 * PAGE));
	show_vmlck("after it");
	show_resident("PROT_NONE pages", none, 2);
	result("mlockall(0)", mlockall(0));
	result("mlockall(MCL_ONFAULT)", mlockall(MCL_ONFAULT));
	result("mlockall(8)", mlockall(8));
	result("mlockall(MCL_CURRENT | 8)", mlockall(MCL_CURRENT | 8));
}

static void on_fault(void)
{
	char *p = map(4, PROT_READ | PROT_WRITE, 0);

	result("mlock2(MLOCK_ONFAULT) on 4 fresh pages", syscall(SYS_mlock2, p, 4 * PAGE, 1));
	show_resident("after it", p, 4);
	show_vmlck("after it");
	p[2 * PAGE] = 1;
	show_resident("after touching page 2", p, 4);
	result("mlock (populating) the same pages", mlock(p, 4 * PAGE));
	show_resident("after it", p, 4);
	show_vmas("VMAs", p, 4);
}

static void map_locked(void)
{
	char *p = map(4, PROT_READ | PROT_WRITE, MAP_LOCKED), *q;

	show_resident("MAP_LOCKED mapping", p, 4);
	show_vmlck("after MAP_LOCKED of 4 pages");
	q = mremap(p, 4 * PAGE, 8 * PAGE, MREMAP_MAYMOVE);
	show_resident("after mremap to 8 pages", q, 8);
	show_vmlck("after mremap to 8 pages");
	q = mremap(q, 8 * PAGE, 2 * PAGE, 0);
	show_vmlck("after mremap down to 2 pages");
	munmap(q, 2 * PAGE);
	show_vmlck("after munmap");
	p = mmap(NULL, 4 * PAGE, PROT_READ, MAP_LOCKED | MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	show_resident("MAP_LOCKED shared read-only mapping", p, 4);
}

static void lock_all(void)
{
	char *before = map(4, PROT_READ | PROT_WRITE, 0), *after;
	long locked;

	result("mlockall(MCL_CURRENT)", mlockall(MCL_CURRENT));
	show_resident("mapping made before it", before, 4);
	locked = status_kb("VmLck:");
	say("%-52s %s\n", "VmLck above 0", locked > 0 ? "yes" : "no");
	after = map(4, PROT_READ | PROT_WRITE, 0);
	show_resident("mapping made after it", after, 4);
	say("%-52s %ld kB\n", "VmLck grew by", status_kb("VmLck:") - locked);
	result("munlockall", munlockall());
	show_vmlck("after munlockall");
}

static void lock_future(void)
{
	unsigned long brk, top;
	char *p;
	long base;

	base = status_kb("VmLck:");
	result("mlockall(MCL_FUTURE)", mlockall(MCL_FUTURE));
	show_vmlck("after it (nothing locked yet)");
	p = map(4, PROT_READ | PROT_WRITE, 0);
	show_resident("mmap after MCL_FUTURE", p, 4);
	say("%-52s %ld kB\n", "VmLck grew by", status_kb("VmLck:") - base);
	brk = syscall(SYS_brk, 0);
	top = (brk + PAGE - 1) & ~(PAGE - 1);
	syscall(SYS_brk, top);
	base = status_kb("VmLck:");
	say("%-52s %s\n", "brk grown by 4 pages",
	    syscall(SYS_brk, top + 4 * PAGE) == (long)(top + 4 * PAGE) ? "ok" : "refused");
	show_resident("the new heap", (char *)top, 4);
	say("%-52s %ld kB\n", "VmLck grew by", status_kb("VmLck:") - base);
	syscall(SYS_brk, top);
	say("%-52s %ld kB\n", "VmLck after brk shrank back, change", status_kb("VmLck:") - base);
	result("mlockall(MCL_FUTURE | MCL_ONFAULT)", mlockall(MCL_FUTURE | MCL_ONFAULT));
	base = status_kb("VmLck:");
	p = map(4, PROT_READ | PROT_WRITE, 0);
	show_resident("mmap after MCL_FUTURE | MCL_ONFAULT", p, 4);
	say("%-52s %ld kB\n", "VmLck grew by", status_kb("VmLck:") - base);
	result("munlockall", munlockall());
	show_vmlck("after munlockall");
	p = map(4, PROT_READ | PROT_WRITE, 0);
	show_resident("mmap after munlockall", p, 4);
}

static char *parent_locked;

static void child_of_locked(void)
{
	char *p = map(4, PROT_READ | PROT_WRITE, 0);

	show_vmlck("in the child");
	show_resident("parent's locked pages in the child", parent_locked, 4);
	show_resident("child's mmap (MCL_FUTURE not inherited)", p, 4);
}

static void fork_and_exec(void)
{
	parent_locked = map(4, PROT_READ | PROT_WRITE, 0);
	mlock(parent_locked, 4 * PAGE);
	mlockall(MCL_FUTURE);
	show_vmlck("in the parent before fork");
	in_child(child_of_locked);
	show_vmlck("in the parent after fork");
	if (quiet)
		return;
	fflush(stdout);
	execl(self, self, "after-exec", (char *)NULL);
	say("execl: %s\n", strerrorname_np(errno));
}

static void after_exec(void)
{
	char *p = map(4, PROT_READ | PROT_WRITE, 0);

	show_vmlck("after execve");
	show_resident("mmap after execve (MCL_FUTURE ended)", p, 4);
}

/* An unprivileged user with 8 pages of RLIMIT_MEMLOCK. */
static void unprivileged(void)
{
	char *p = map(16, PROT_READ | PROT_WRITE, 0);
	unsigned long brk, top;

	set_memlock(8 * PAGE);
	say("setuid(1000): %s\n", setuid(1000) ? strerrorname_np(errno) : "ok");
	result("mlock 8 pages (the limit)", mlock(p, 8 * PAGE));
	show_vmlck("after it");
	result("mlock one more page", mlock(p + 8 * PAGE, PAGE));
	result("mlock the same 8 pages again", mlock(p, 8 * PAGE));
	result("mlock 9 pages, 8 of them locked already", mlock(p, 9 * PAGE));
	result("mlock2(MLOCK_ONFAULT) one more page", syscall(SYS_mlock2, p + 9 * PAGE, PAGE, 1));
	say("%-52s %s\n", "mmap MAP_LOCKED of one page",
	    map(1, PROT_READ, MAP_LOCKED) == MAP_FAILED ? strerrorname_np(errno) : "ok");
	result("mlockall(MCL_CURRENT) over the limit", mlockall(MCL_CURRENT));
	result("munlock 4 pages", munlock(p, 4 * PAGE));
	say("%-52s %s\n", "mmap MAP_LOCKED of 4 pages now",
	    map(4, PROT_READ, MAP_LOCKED) == MAP_FAILED ? strerrorname_np(errno) : "ok");
	show_vmlck("after it");
	result("mlockall(MCL_FUTURE)", mlockall(MCL_FUTURE));
	say("%-52s %s\n", "mmap of one page at the limit",
	    map(1, PROT_READ, 0) == MAP_FAILED ? strerrorname_np(errno) : "ok");
	brk = syscall(SYS_brk, 0);
	top = (brk + PAGE - 1) & ~(PAGE - 1);
	say("%-52s %s\n", "brk growth at the limit",
	    syscall(SYS_brk, top + 4 * PAGE) == (long)(top + 4 * PAGE) ? "ok" : "refused");
	result("munlockall", munlockall());
	show_vmlck("after munlockall");
	say("%-52s %s\n", "mmap MAP_LOCKED of 8 pages",
	    map(8, PROT_READ, MAP_LOCKED) == MAP_FAILED ? strerrorname_np(errno) : "ok");
	result("mlock wrapping past the end of memory", mlock(p, (size_t)-PAGE));
}

static void unprivileged_zero_limit(void)
{
	char *p = map(2, PROT_READ | PROT_WRITE, 0);

	set_memlock(0);
	setuid(1000);
	result("limit 0: mlock", mlock(p, PAGE));
	result("limit 0: mlock2 with bad flags", syscall(SYS_mlock2, p, PAGE, 2));
	result("limit 0: mlockall(MCL_FUTURE)", mlockall(MCL_FUTURE));
	result("limit 0: mlockall(0)", mlockall(0));
	result("limit 0: munlock", munlock(p, PAGE));
	result("limit 0: munlockall", munlockall());
	say("%-52s %s\n", "limit 0: mmap MAP_LOCKED",
	    map(1, PROT_READ, MAP_LOCKED) == MAP_FAILED ? strerrorname_np(errno) : "ok");
}

static void root_exempt(void)
{
	char *p = map(16, PROT_READ | PROT_WRITE, 0);

	set_memlock(0);
	result("root, limit 0: mlock 16 pages", mlock(p, 16 * PAGE));
	show_vmlck("after it");
	result("root, limit 0: mlockall(MCL_CURRENT | MCL_FUTURE)", mlockall(MCL_CURRENT | MCL_FUTURE));
	say("%-52s %s\n", "root, limit 0: mmap MAP_LOCKED",
	    map(1, PROT_READ, MAP_LOCKED) == MAP_FAILED ? strerrorname_np(errno) : "ok");
}

/* ---- all of it, and the leak check ---- */

static void every_case(void)
{
	in_child(limits);
	in_child(lock_and_unlock);
	in_child(lock_errors);
	in_child(on_fault);
	in_child(map_locked);
	in_child(lock_all);
	in_child(lock_future);
	in_child(unprivileged);
	in_child(unprivileged_zero_limit);
	in_child(root_exempt);
}

/* Every case once, and the execve case. */
static void one_round(void)
{
	every_case();
	in_child(fork_and_exec);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	self = argv[0];
	if (argc > 1 && !strcmp(argv[1], "after-exec")) {
		after_exec();
		return 0;
	}
	mount("proc", "/proc", "proc", 0, NULL);
	every_case();
	check_no_leak(one_round);
	/* Last, as it prints from a fresh program: the child execs this one again. */
	in_child(fork_and_exec);
	return 0;
}
