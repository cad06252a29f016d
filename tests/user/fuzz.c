/*
 * fuzz: tkern's own system call fuzzer (docs/fuzz.md). Worker processes
 * make random calls over the implemented system call table with
 * interesting arguments: small, huge and negative numbers, bad pointers
 * (NULL, kernel addresses, unmapped, misaligned, the last byte before a
 * guard page, read-only memory), valid pointers into the worker's own
 * buffers, fds that exist and fds that do not. The kernel must survive
 * all of it; afterwards this program checks that it still forks and
 * execs and that every slab object and page is back (slabcount.h).
 *
 *   fuzz CALLS SECONDS [SEED [WORKERS [verbose] [only=NAME,NAME...]]]
 *	at most CALLS calls (0: no limit) and at most SECONDS seconds,
 *	from SEED (0 or none: a random one, printed), WORKERS at once (2);
 *	`verbose' prints every call before it is made and its result after,
 *	`only=' narrows the calls to those named, to find which one it is.
 *
 * What must not be hurt is kept out of reach, not by luck: calls that
 * change files, mounts or mappings get only paths in a tmpfs of its own
 * (/tmp/fuzz) and addresses in a playground region; signals that would
 * stop or kill a worker are caught or swapped for harmless ones; SIGALRM
 * every 20 ms interrupts a call that would block for ever. A worker that
 * dies anyway (rt_sigreturn of garbage, an exit signal) is replaced; one
 * that makes no progress for STALL_SECONDS is reported and killed.
 * Tkern only: run as init ("ok - ..." / "FAIL - ..." lines).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tkern_check.h"
#include "slabcount.h"
#include "remove_tree.h"

#define MAX_WORKERS 8
#define STALL_SECONDS 5		/* no call finished for this long: stalled */
#define DEATH_SECONDS 10	/* a SIGKILLed worker not gone by then: hung */
#define WARMUP_CALLS 3000
#define RECENT 8		/* calls remembered per worker, for reports */
/*
 * Pages outside the slab caches that may stay: the kernel's own page
 * tables for the vmalloc range follow the peak number of kernel stacks,
 * which a run with more processes at once than the warm-up raises
 * (docs/reliability.md; schedload allows the same). Slab objects: none.
 */
#define TABLE_SLACK_KB 64
#define SCRATCH "/tmp/fuzz"
#define VERBOSE_FD 999		/* the console, for `verbose' */

/*
 * Fixed places, far from the program, its heap, its stack and mmap's
 * choices. All the worker needs lies below PLAY: a fixed mapping there,
 * however long (up to 2^47 bytes), ends below the stack and covers none
 * of it.
 */
#define ARENA ((char *)0x1000000000UL)
#define ARENA_RW (16 * 4096UL)			/* then a guard, a read-only page, a guard */
#define SHARED_AT ((void *)0x1800000000UL)
#define PLAY 0x2000000000UL
#define PLAY_SIZE (512 * 4096UL)		/* where mapping calls may act */

/* ------------------------------------------------------------ the random source */

static uint64_t rng_state;

/* splitmix64: small, and the same seed gives the same choices. */
static uint64_t next64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t below(uint64_t n)
{
	return n ? next64() % n : 0;
}

#define PICK(array) ((array)[below(sizeof(array) / sizeof((array)[0]))])

/* ------------------------------------------------------------ shared with the parent */

struct recent_call {
	long nr;
	long args[6];
	long ret;
};

struct worker_state {
	volatile long progress;		/* calls finished */
	volatile long next;		/* index into recent, the next to fill */
	struct recent_call recent[RECENT];
};

struct shared {
	volatile long calls;		/* calls started, all workers */
	long limit;			/* 0: none */
	volatile int stop;
	struct worker_state w[MAX_WORKERS];
};

static struct shared *sh;
static int verbose;
static const char *only;	/* ",name,name,": only these calls */

/* ------------------------------------------------------------ raw system calls */

static long raw_syscall(long nr, const long *a)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a[0];
	register long x1 __asm__("x1") = a[1];
	register long x2 __asm__("x2") = a[2];
	register long x3 __asm__("x3") = a[3];
	register long x4 __asm__("x4") = a[4];
	register long x5 __asm__("x5") = a[5];

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4),
			 "r"(x5) : "memory");
	return x0;
}

static void __attribute__((noreturn)) raw_exit(int status)
{
	long a[6] = { status };

	for (;;)
		raw_syscall(SYS_exit_group, a);
}

/* ------------------------------------------------------------ argument kinds */

enum kind {
	K_NONE, K_INT, K_SMALL, K_FLAGS, K_LEN, K_OFF, K_FD, K_WFD, K_DIRFD, K_RPATH, K_WPATH,
	K_XPATH, K_TARGET, K_BUF, K_ADDR, K_MMLEN, K_PID, K_SIG, K_MODE, K_UID, K_TIMESPEC,
	K_SIGSET, K_IOV, K_POLLFD, K_RLIMIT, K_ARGV, K_CLOCK, K_DEV, K_FSTYPE, K_MNTDATA,
	K_OFFPTR, K_SHMID, K_PROT,
};

struct call {
	int nr;
	const char *name;
	unsigned char kinds[6];
};

/* The implemented table (kernel/sys.c) but exit and exit_group, each argument's kind. */
static const struct call calls[] = {
	{ 17, "getcwd", { K_BUF, K_LEN } },
	{ 23, "dup", { K_FD } },
	{ 24, "dup3", { K_FD, K_FD, K_FLAGS } },
	{ 25, "fcntl", { K_FD, K_SMALL, K_BUF } },
	{ 29, "ioctl", { K_FD, K_INT, K_BUF } },
	{ 32, "flock", { K_FD, K_SMALL } },
	{ 33, "mknodat", { K_DIRFD, K_WPATH, K_MODE, K_DEV } },
	{ 34, "mkdirat", { K_DIRFD, K_WPATH, K_MODE } },
	{ 35, "unlinkat", { K_DIRFD, K_WPATH, K_FLAGS } },
	{ 36, "symlinkat", { K_TARGET, K_DIRFD, K_WPATH } },
	{ 37, "linkat", { K_DIRFD, K_WPATH, K_DIRFD, K_WPATH, K_FLAGS } },
	{ 38, "renameat", { K_DIRFD, K_WPATH, K_DIRFD, K_WPATH } },
	{ 39, "umount2", { K_WPATH, K_FLAGS } },
	{ 40, "mount", { K_WPATH, K_WPATH, K_FSTYPE, K_FLAGS, K_MNTDATA } },
	{ 43, "statfs", { K_RPATH, K_BUF } },
	{ 44, "fstatfs", { K_FD, K_BUF } },
	{ 45, "truncate", { K_WPATH, K_OFF } },
	{ 46, "ftruncate", { K_FD, K_OFF } },
	{ 47, "fallocate", { K_FD, K_FLAGS, K_OFF, K_OFF } },
	{ 48, "faccessat", { K_DIRFD, K_RPATH, K_SMALL, K_FLAGS } },
	{ 49, "chdir", { K_RPATH } },
	{ 50, "fchdir", { K_FD } },
	{ 52, "fchmod", { K_WFD, K_MODE } },
	{ 53, "fchmodat", { K_DIRFD, K_WPATH, K_MODE } },
	{ 54, "fchownat", { K_DIRFD, K_WPATH, K_UID, K_UID, K_FLAGS } },
	{ 55, "fchown", { K_WFD, K_UID, K_UID } },
	{ 56, "openat", { K_DIRFD, K_RPATH, K_FLAGS, K_MODE } },
	{ 57, "close", { K_FD } },
	{ 59, "pipe2", { K_BUF, K_FLAGS } },
	{ 61, "getdents64", { K_FD, K_BUF, K_LEN } },
	{ 62, "lseek", { K_FD, K_OFF, K_SMALL } },
	{ 63, "read", { K_FD, K_BUF, K_LEN } },
	{ 64, "write", { K_FD, K_BUF, K_LEN } },
	{ 65, "readv", { K_FD, K_IOV, K_SMALL } },
	{ 66, "writev", { K_FD, K_IOV, K_SMALL } },
	{ 67, "pread64", { K_FD, K_BUF, K_LEN, K_OFF } },
	{ 68, "pwrite64", { K_FD, K_BUF, K_LEN, K_OFF } },
	{ 71, "sendfile", { K_FD, K_FD, K_OFFPTR, K_LEN } },
	{ 72, "pselect6", { K_SMALL, K_BUF, K_BUF, K_BUF, K_TIMESPEC, K_BUF } },
	{ 73, "ppoll", { K_POLLFD, K_SMALL, K_TIMESPEC, K_SIGSET, K_LEN } },
	{ 78, "readlinkat", { K_DIRFD, K_RPATH, K_BUF, K_LEN } },
	{ 79, "newfstatat", { K_DIRFD, K_RPATH, K_BUF, K_FLAGS } },
	{ 80, "fstat", { K_FD, K_BUF } },
	{ 81, "sync", { K_NONE } },
	{ 82, "fsync", { K_FD } },
	{ 83, "fdatasync", { K_FD } },
	{ 88, "utimensat", { K_DIRFD, K_WPATH, K_TIMESPEC, K_FLAGS } },
	{ 92, "personality", { K_INT } },
	{ 95, "waitid", { K_SMALL, K_PID, K_BUF, K_FLAGS, K_BUF } },
	{ 96, "set_tid_address", { K_BUF } },
	{ 98, "futex", { K_BUF, K_SMALL, K_INT, K_TIMESPEC, K_BUF, K_INT } },
	{ 99, "set_robust_list", { K_BUF, K_LEN } },
	{ 100, "get_robust_list", { K_PID, K_BUF, K_BUF } },
	{ 101, "nanosleep", { K_TIMESPEC, K_BUF } },
	{ 102, "getitimer", { K_SMALL, K_BUF } },
	{ 103, "setitimer", { K_SMALL, K_TIMESPEC, K_BUF } },
	{ 112, "clock_settime", { K_CLOCK, K_TIMESPEC } },
	{ 113, "clock_gettime", { K_CLOCK, K_BUF } },
	{ 114, "clock_getres", { K_CLOCK, K_BUF } },
	{ 115, "clock_nanosleep", { K_CLOCK, K_FLAGS, K_TIMESPEC, K_BUF } },
	{ 118, "sched_setparam", { K_PID, K_BUF } },
	{ 119, "sched_setscheduler", { K_PID, K_SMALL, K_BUF } },
	{ 120, "sched_getscheduler", { K_PID } },
	{ 121, "sched_getparam", { K_PID, K_BUF } },
	{ 122, "sched_setaffinity", { K_PID, K_LEN, K_BUF } },
	{ 123, "sched_getaffinity", { K_PID, K_LEN, K_BUF } },
	{ 124, "sched_yield", { K_NONE } },
	{ 125, "sched_get_priority_max", { K_SMALL } },
	{ 126, "sched_get_priority_min", { K_SMALL } },
	{ 127, "sched_rr_get_interval", { K_PID, K_BUF } },
	{ 129, "kill", { K_PID, K_SIG } },
	{ 130, "tkill", { K_PID, K_SIG } },
	{ 131, "tgkill", { K_PID, K_PID, K_SIG } },
	{ 132, "sigaltstack", { K_BUF, K_BUF } },
	{ 133, "rt_sigsuspend", { K_SIGSET, K_LEN } },
	{ 134, "rt_sigaction", { K_SIG, K_BUF, K_BUF, K_LEN } },
	{ 135, "rt_sigprocmask", { K_SMALL, K_SIGSET, K_BUF, K_LEN } },
	{ 136, "rt_sigpending", { K_BUF, K_LEN } },
	{ 137, "rt_sigtimedwait", { K_SIGSET, K_BUF, K_TIMESPEC, K_LEN } },
	{ 138, "rt_sigqueueinfo", { K_PID, K_SIG, K_BUF } },
	{ 139, "rt_sigreturn", { K_NONE } },
	{ 140, "setpriority", { K_SMALL, K_PID, K_INT } },
	{ 141, "getpriority", { K_SMALL, K_PID } },
	{ 143, "setregid", { K_UID, K_UID } },
	{ 144, "setgid", { K_UID } },
	{ 145, "setreuid", { K_UID, K_UID } },
	{ 146, "setuid", { K_UID } },
	{ 147, "setresuid", { K_UID, K_UID, K_UID } },
	{ 148, "getresuid", { K_BUF, K_BUF, K_BUF } },
	{ 149, "setresgid", { K_UID, K_UID, K_UID } },
	{ 150, "getresgid", { K_BUF, K_BUF, K_BUF } },
	{ 151, "setfsuid", { K_UID } },
	{ 152, "setfsgid", { K_UID } },
	{ 153, "times", { K_BUF } },
	{ 154, "setpgid", { K_PID, K_PID } },
	{ 155, "getpgid", { K_PID } },
	{ 156, "getsid", { K_PID } },
	{ 157, "setsid", { K_NONE } },
	{ 158, "getgroups", { K_SMALL, K_BUF } },
	{ 159, "setgroups", { K_SMALL, K_BUF } },
	{ 160, "uname", { K_BUF } },
	{ 161, "sethostname", { K_BUF, K_SMALL } },
	{ 162, "setdomainname", { K_BUF, K_SMALL } },
	{ 163, "getrlimit", { K_SMALL, K_BUF } },
	{ 164, "setrlimit", { K_SMALL, K_RLIMIT } },
	{ 165, "getrusage", { K_INT, K_BUF } },
	{ 166, "umask", { K_MODE } },
	{ 167, "prctl", { K_SMALL, K_INT, K_BUF, K_INT, K_INT } },
	{ 168, "getcpu", { K_BUF, K_BUF, K_BUF } },
	{ 169, "gettimeofday", { K_BUF, K_BUF } },
	{ 170, "settimeofday", { K_TIMESPEC, K_BUF } },
	{ 172, "getpid", { K_NONE } },
	{ 173, "getppid", { K_NONE } },
	{ 174, "getuid", { K_NONE } },
	{ 175, "geteuid", { K_NONE } },
	{ 176, "getgid", { K_NONE } },
	{ 177, "getegid", { K_NONE } },
	{ 178, "gettid", { K_NONE } },
	{ 179, "sysinfo", { K_BUF } },
	{ 194, "shmget", { K_INT, K_MMLEN, K_FLAGS } },
	{ 195, "shmctl", { K_SHMID, K_SMALL, K_BUF } },
	{ 196, "shmat", { K_SHMID, K_ADDR, K_FLAGS } },
	{ 197, "shmdt", { K_ADDR } },
	{ 214, "brk", { K_ADDR } },
	{ 215, "munmap", { K_ADDR, K_MMLEN } },
	{ 216, "mremap", { K_ADDR, K_MMLEN, K_MMLEN, K_FLAGS, K_ADDR } },
	{ 220, "clone", { K_FLAGS, K_NONE, K_BUF, K_INT, K_BUF } },
	{ 221, "execve", { K_XPATH, K_ARGV, K_ARGV } },
	{ 222, "mmap", { K_ADDR, K_MMLEN, K_PROT, K_FLAGS, K_FD, K_OFF } },
	{ 226, "mprotect", { K_ADDR, K_MMLEN, K_PROT } },
	{ 227, "msync", { K_ADDR, K_MMLEN, K_FLAGS } },
	{ 228, "mlock", { K_ADDR, K_MMLEN } },
	{ 229, "munlock", { K_ADDR, K_MMLEN } },
	{ 230, "mlockall", { K_FLAGS } },
	{ 231, "munlockall", { K_NONE } },
	{ 232, "mincore", { K_ADDR, K_MMLEN, K_BUF } },
	{ 233, "madvise", { K_ADDR, K_MMLEN, K_SMALL } },
	{ 240, "rt_tgsigqueueinfo", { K_PID, K_PID, K_SIG, K_BUF } },
	{ 260, "wait4", { K_PID, K_BUF, K_FLAGS, K_BUF } },
	{ 261, "prlimit64", { K_PID, K_SMALL, K_RLIMIT, K_BUF } },
	{ 267, "syncfs", { K_FD } },
	{ 276, "renameat2", { K_DIRFD, K_WPATH, K_DIRFD, K_WPATH, K_FLAGS } },
	{ 278, "getrandom", { K_BUF, K_LEN, K_FLAGS } },
	{ 284, "mlock2", { K_ADDR, K_MMLEN, K_FLAGS } },
	{ 285, "copy_file_range", { K_FD, K_OFFPTR, K_FD, K_OFFPTR, K_LEN, K_FLAGS } },
	{ 291, "statx", { K_DIRFD, K_RPATH, K_FLAGS, K_INT, K_BUF } },
	{ 293, "rseq", { K_BUF, K_LEN, K_FLAGS, K_INT } },
	{ 435, "clone3", { K_BUF, K_LEN } },
	{ 439, "faccessat2", { K_DIRFD, K_RPATH, K_SMALL, K_FLAGS } },
};
#define NR_CALLS (sizeof(calls) / sizeof(calls[0]))

static const char *call_name(long nr)
{
	unsigned int i;

	for (i = 0; i < NR_CALLS; i++)
		if (calls[i].nr == nr)
			return calls[i].name;
	return "?";
}

/* ------------------------------------------------------------ the pools */

/* Paths only read, and paths that calls may change: those all lie in SCRATCH. */
static const char *const read_paths[] = {
	"/", ".", "..", "/proc", "/proc/self/maps", "/proc/self/status", "/proc/self/fd",
	"/proc/self/exe", "/proc/self/task", "/proc/meminfo", "/proc/slabinfo", "/proc/1/stat",
	"/proc/mounts", "/dev", "/dev/null", "/dev/zero", "/dev/full", "/dev/urandom",
	"/nonexistent", "", "/proc/self/fd/0", "/proc/self/cwd",
};
static const char *const scratch_paths[] = {
	SCRATCH "/f0", SCRATCH "/f1", SCRATCH "/f2", SCRATCH "/d0", SCRATCH "/d0/f3",
	SCRATCH "/d0/d1", SCRATCH "/d0/d1/f4", SCRATCH "/s0", SCRATCH "/d0/s1", SCRATCH,
	SCRATCH "/none/f5", SCRATCH "/f0/x", SCRATCH "/d0/../f1", SCRATCH "/.",
};
/* Symbolic link contents: names in SCRATCH, or nothing; never a way out of it. */
static const char *const link_targets[] = {
	"f0", "d0", "s0", "d1", "none", SCRATCH "/f1", SCRATCH "/d0/d1", SCRATCH "/s0", "",
};
/* execve: nothing that could run (no program file is in reach). */
static const char *const exec_paths[] = {
	SCRATCH "/f0", SCRATCH "/d0", SCRATCH "/s0", "/", "/dev/null", "/proc/self/maps",
	"/nonexistent", "",
};
static const char *const fstypes[] = { "tmpfs", "ramfs", "proc", "sysfs", "nosuch", "" };
static const char *const mount_data[] = {
	"size=64k", "size=1", "nr_inodes=2", "mode=0", "size=1g,mode=777", "bogus=1", "",
};

static char long_path[5000];		/* longer than PATH_MAX */
static char long_name[320];		/* a component longer than NAME_MAX */

#define POOL 16
static long fds[POOL], wfds[POOL], pids[POOL], shmids[POOL], maps[POOL];

static void remember(long *pool, long value)
{
	pool[below(POOL)] = value;
}

/* ------------------------------------------------------------ values */

static long interesting_int(void)
{
	static const long values[] = {
		0, 1, 2, 3, 7, 8, 16, 64, 255, 256, 4095, 4096, 4097, 65535, 65536, 1L << 20,
		0x7fffffff, -0x80000000L, 0xffffffffL, -1, -2, 1L << 31, 1L << 32,
		0x7fffffffffffffffL, (long)0x8000000000000000UL,
	};

	switch (below(4)) {
	case 0:
		return (long)next64();
	case 1:
		return (long)below(64);
	default:
		return PICK(values);
	}
}

static long flags_value(void)
{
	switch (below(5)) {
	case 0:
		return 0;
	case 1:
		return 1L << below(32);
	case 2:
		return (long)(next64() & 0xff);
	case 3:
		return (long)(next64() & next64() & 0xffffffff);
	default:
		return (long)next64();
	}
}

static long length(void)
{
	static const long values[] = {
		0, 1, 2, 8, 16, 64, 100, 512, 4095, 4096, 8192, 65536, 1L << 20, -1,
		0x7fffffff, 1L << 31, 1L << 40,
	};

	return below(3) ? PICK(values) : (long)below(70000);
}

static long offset(void)
{
	static const long values[] = {
		0, 1, 100, 4096, 65536, 1L << 20, 1L << 32, 1L << 40, -1, -4096,
		0x7fffffffffffffffL, 0x7ffffffffffff000L,
	};

	return PICK(values);
}

/*
 * Pointers that are wrong in every way the kernel must handle. The first
 * ones cannot be read at all; the last READABLE_BAD point at bytes that
 * are no string of ours (text, the stack's top, the arena's last bytes),
 * which a path argument must not get: they would name a file in the cwd.
 */
static const unsigned long bad_pointers[] = {
	0, 1, 0xfff, 0xffff000000000000UL, 0xffff800000000000UL, 0xffffffffffffffffUL,
	0x1000000000000UL /* just past user space */, 0x00ff000000000000UL /* tagged */,
	0x500000000000UL /* unmapped */, (unsigned long)ARENA + ARENA_RW /* guard page */,
	0x400000 /* the program's text: read-only */, 0xfffffffffffcUL /* end of user space */,
	(unsigned long)ARENA + ARENA_RW + 4096 /* read-only page */,
	(unsigned long)ARENA + ARENA_RW - 1, (unsigned long)ARENA + ARENA_RW - 8,
};
#define NR_BAD (sizeof(bad_pointers) / sizeof(bad_pointers[0]))
#define READABLE_BAD 5

static long bad_pointer(void)
{
	return (long)bad_pointers[below(NR_BAD)];
}

static long unreadable_pointer(void)
{
	return (long)bad_pointers[below(NR_BAD - READABLE_BAD)];
}

/* Mostly a real buffer of the worker's own (arena or playground); else a bad pointer. */
static long buffer(void)
{
	switch (below(8)) {
	case 0:
	case 1:
		return bad_pointer();
	case 2:
		return (long)(ARENA + below(ARENA_RW));		/* any alignment */
	case 3:
		return (long)(PLAY + (below(PLAY_SIZE) & ~7UL));
	default:
		return (long)(ARENA + (below(ARENA_RW / 2) & ~7UL));
	}
}

/* A fresh place in the arena's first half for a structure the worker builds. */
static long *arena_struct(void)
{
	return (long *)(ARENA + ARENA_RW / 2 + (below(ARENA_RW / 4) & ~15UL));
}

/* Where mapping calls act: the playground, the fuzzer's own mappings, or wrong places. */
static long address(void)
{
	static const unsigned long wrong[] = {
		0, 0x1000, 0xffff000000000000UL, 0x1000000000000UL, 0x500000000000UL,
		0xfffff7fff000UL /* the signal page */,
	};

	switch (below(8)) {
	case 0:
		return (long)PICK(wrong);
	case 1:
		return (long)(PLAY + below(PLAY_SIZE));		/* misaligned */
	case 2:
		return maps[below(POOL)];
	default:
		return (long)(PLAY + (below(PLAY_SIZE) & ~4095UL));
	}
}

static long map_length(void)
{
	static const long odd[] = { 0, 1, 4097, -1, -4096, 1L << 40, 1L << 47 };

	return below(4) ? (long)((1 + below(32)) * 4096) : PICK(odd);
}

static long fd_value(void)
{
	static const long odd[] = { -1, -100 /* AT_FDCWD */, 1023, 1024, 1 << 20, 0x7fffffff };

	switch (below(8)) {
	case 0:
		return PICK(odd);
	case 1:
		return (long)below(3);
	default:
		return fds[below(POOL)];
	}
}

static long pid_value(void)
{
	static const long odd[] = { 0, 0, 99999, -99999, 0x7fffffff, -0x80000000L };

	switch (below(4)) {
	case 0:
		return PICK(odd);
	case 1:
		return getpid();
	case 2:
		return -getpid();	/* its own process group (after setsid) */
	default:
		return pids[below(POOL)];
	}
}

static long signal_value(void)
{
	return below(8) ? (long)(1 + below(64)) : interesting_int();
}

static long timespec_ptr(void)
{
	static const long nsecs[] = { 0, 1, 1000000, 999999999, 1000000000, -1 };
	long *ts = arena_struct();

	if (below(6) == 0)
		return below(2) ? 0 : bad_pointer();
	ts[0] = below(4) ? 0 : interesting_int();
	ts[1] = below(4) ? PICK(nsecs) : interesting_int();
	return (long)ts;
}

/* A signal set without SIGALRM, which must keep interrupting blocked calls. */
static long sigset_ptr(void)
{
	long *set = arena_struct();

	/* not a readable bad pointer: its eight bytes could block SIGALRM */
	if (below(6) == 0)
		return below(2) ? 0 : unreadable_pointer();
	set[0] = (long)next64() & ~(1L << (SIGALRM - 1));
	return (long)set;
}

static long iovec_ptr(void)
{
	long *iov = arena_struct();
	int i;

	if (below(6) == 0)
		return bad_pointer();
	for (i = 0; i < 8; i++) {
		iov[2 * i] = buffer();
		iov[2 * i + 1] = length();
	}
	return (long)iov;
}

static long pollfd_ptr(void)
{
	int *p = (int *)arena_struct();
	int i;

	if (below(6) == 0)
		return bad_pointer();
	for (i = 0; i < 16; i++) {
		p[2 * i] = (int)fd_value();
		p[2 * i + 1] = (int)next64();		/* events, revents */
	}
	return (long)p;
}

static long rlimit_ptr(void)
{
	static const long values[] = { 0, 1, 64, 4096, 1L << 20, 1L << 30, -1 };
	long *r = arena_struct();

	if (below(6) == 0)
		return bad_pointer();
	r[0] = PICK(values);
	r[1] = below(2) ? -1 : PICK(values);
	return (long)r;
}

static long path_from(const char *const *paths, size_t n)
{
	switch (below(16)) {
	case 0:
		return unreadable_pointer();
	case 1:
		return (long)long_path;
	case 2:
		return (long)long_name;
	default:
		return (long)paths[below(n)];
	}
}

#define PATH(list) path_from(list, sizeof(list) / sizeof(list[0]))

/* Whether a path argument is one of SCRATCH's, which calls may change. */
static int in_scratch(long path)
{
	unsigned int i;

	for (i = 0; i < sizeof(scratch_paths) / sizeof(scratch_paths[0]); i++)
		if (path == (long)scratch_paths[i])
			return 1;
	return path == (long)long_path || path == (long)long_name;
}

static long argv_ptr(void)
{
	long *argv = arena_struct();

	switch (below(4)) {
	case 0:
		return bad_pointer();
	case 1:
		return 0;
	case 2:		/* no terminating NULL within reach: the kernel must stop */
		return (long)(ARENA + ARENA_RW - 16);
	default:
		argv[0] = PATH(read_paths);
		argv[1] = below(2) ? 0 : bad_pointer();
		argv[2] = 0;
		return (long)argv;
	}
}

static long value_of(enum kind kind)
{
	static const long modes[] = { 0, 0644, 0755, 07777, S_IFREG | 0600, S_IFIFO | 0600,
				      S_IFCHR | 0600, S_IFDIR | 0755, S_IFSOCK | 0600 };
	static const long uids[] = { 0, 1, 1000, 65534, -1 };
	static const long devs[] = { 0, 0x103 /* null */, 0x105 /* zero */, 0x7b04, -1 };
	static const long clocks[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, -1, 100 };

	switch (kind) {
	case K_NONE:
		return 0;
	case K_INT:
		return interesting_int();
	case K_SMALL:
		return below(8) ? (long)below(24) : interesting_int();
	case K_FLAGS:
		return flags_value();
	case K_LEN:
		return length();
	case K_OFF:
		return offset();
	case K_FD:
		return fd_value();
	case K_WFD:
		return below(8) ? wfds[below(POOL)] : -1;
	case K_DIRFD:
		return below(2) ? -100 : fd_value();
	case K_RPATH:
		return below(3) ? PATH(read_paths) : PATH(scratch_paths);
	case K_WPATH:
		return PATH(scratch_paths);
	case K_XPATH:
		return PATH(exec_paths);
	case K_TARGET:
		return below(8) ? (long)PICK(link_targets) : bad_pointer();
	case K_BUF:
		return buffer();
	case K_ADDR:
		return address();
	case K_MMLEN:
		return map_length();
	case K_PID:
		return pid_value();
	case K_SIG:
		return signal_value();
	case K_MODE:
		return below(4) ? PICK(modes) : interesting_int();
	case K_UID:
		return below(4) ? PICK(uids) : interesting_int();
	case K_TIMESPEC:
		return timespec_ptr();
	case K_SIGSET:
		return sigset_ptr();
	case K_IOV:
		return iovec_ptr();
	case K_POLLFD:
		return pollfd_ptr();
	case K_RLIMIT:
		return rlimit_ptr();
	case K_ARGV:
		return argv_ptr();
	case K_CLOCK:
		return PICK(clocks);
	case K_DEV:
		return PICK(devs);
	case K_FSTYPE:
		return below(8) ? (long)PICK(fstypes) : bad_pointer();
	case K_MNTDATA:
		return below(2) ? 0 : below(8) ? (long)PICK(mount_data) : buffer();
	case K_OFFPTR:
		return below(3) ? 0 : buffer();
	case K_SHMID:
		return below(4) ? interesting_int() : shmids[below(POOL)];
	case K_PROT:
		return below(4) ? (long)below(8) : flags_value();
	}
	return 0;
}

/* ------------------------------------------------------------ keeping the worker alive */

static struct worker_state *me;

static volatile int faults;	/* fault signals since the current call began */

/*
 * Every catchable signal comes here and returns. A real fault (SIGSEGV,
 * SIGBUS ...) would come back at once, the instruction unchanged: after
 * a few with no call made in between, the worker gives up. The count,
 * not si_code, tells them from the same signals sent as a child's exit
 * signal (clone's low byte), whose codes look alike.
 */
static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	if ((sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE ||
	     sig == SIGTRAP) && ++faults > 3)
		raw_exit(128 + sig);
}

/*
 * Adjust the arguments of the calls that could otherwise kill, stop or
 * wedge the worker or hurt what is outside its reach; every change keeps
 * the call as varied as it can be. The kernel reads an int argument from
 * the low 32 bits of its register, so the checks do too (setitimer of
 * 1 << 63 is ITIMER_REAL).
 */
static void protect(long nr, long *a)
{
	switch (nr) {
	case SYS_kill:
	case SYS_tkill:
	case SYS_rt_sigqueueinfo:
		if ((int)a[1] == SIGKILL || (int)a[1] == SIGSTOP)
			a[1] = SIGCONT;
		if ((int)a[0] == -1)	/* every process: the parent too, outside init */
			a[0] = 0;
		break;
	case SYS_tgkill:
	case SYS_rt_tgsigqueueinfo:
		if ((int)a[2] == SIGKILL || (int)a[2] == SIGSTOP)
			a[2] = SIGCONT;
		break;
	case SYS_rt_sigaction:
		if ((int)a[0] == SIGALRM)
			a[0] = SIGUSR2;
		if ((char *)a[1] >= ARENA && (char *)a[1] < ARENA + ARENA_RW / 2 + ARENA_RW / 4) {
			long *act = arena_struct();

			/* caught or ignored, with any flags but SA_RESETHAND and SA_RESTORER */
			act[0] = below(2) ? (long)SIG_IGN : (long)on_signal;
			act[1] = flags_value() & ~(long)(SA_RESETHAND | 0x04000000);
			act[2] = 0;
			act[3] = (long)next64() & ~(1L << (SIGALRM - 1));
			a[1] = (long)act;
		}
		break;
	case SYS_rt_sigprocmask:
	case SYS_rt_sigsuspend:
		break;		/* K_SIGSET already leaves SIGALRM out */
	case SYS_setitimer:
		if ((int)a[0] == ITIMER_REAL)	/* the worker's own timer */
			a[0] = ITIMER_VIRTUAL;
		break;
	case SYS_sched_setscheduler:
		/* real-time policies only with a priority they refuse: none may starve the parent */
		if ((a[1] & 0xff) == SCHED_FIFO || (a[1] & 0xff) == SCHED_RR) {
			int *param = (int *)arena_struct();

			*param = below(2) ? 0 : 100;
			a[2] = (long)param;
		}
		break;
	case SYS_sched_setparam: {
		int *param = (int *)arena_struct();

		*param = 0;
		if (below(2))
			a[1] = (long)param;
		break;
	}
	case SYS_setpriority:
		if ((int)a[0] == 2)	/* PRIO_USER: a user nobody is */
			a[1] = 4242;
		break;
	case SYS_openat:	/* paths outside SCRATCH are opened read-only */
		if (!in_scratch(a[1]))
			a[2] &= ~(long)(O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND | __O_TMPFILE);
		break;
	case SYS_mmap:	/* fixed addresses only in the playground; not too big to populate */
		if (a[3] & (MAP_FIXED | MAP_FIXED_NOREPLACE))
			a[0] = (long)(PLAY + (below(PLAY_SIZE) & ~4095UL));
		break;
	case SYS_mremap:
		if (a[3] & MREMAP_FIXED)
			a[4] = (long)(PLAY + (below(PLAY_SIZE) & ~4095UL));
		break;
	case SYS_shmat:
		if (a[1] && ((unsigned long)a[1] < PLAY || (unsigned long)a[1] >= PLAY + PLAY_SIZE))
			a[1] = 0;
		break;
	case SYS_clone:
		/* a copy of the process, never a thread on this stack; no fatal exit signal */
		a[0] &= ~(long)(CLONE_VM | CLONE_THREAD | CLONE_SIGHAND | 0xff);
		a[0] |= below(4) ? SIGCHLD : (long)(1 + below(31)) & ~0L;
		if ((a[0] & 0xff) == SIGKILL || (a[0] & 0xff) == SIGSTOP)
			a[0] = (a[0] & ~0xffL) | SIGCHLD;
		a[1] = 0;
		break;
	case SYS_clone3:
		if ((char *)a[0] >= ARENA && (char *)a[0] < ARENA + ARENA_RW) {
			long *args = arena_struct();

			memset(args, 0, 88);
			args[0] = flags_value() & ~(long)(CLONE_VM | CLONE_THREAD | CLONE_SIGHAND);
			args[1] = buffer();		/* pidfd */
			args[2] = buffer();		/* child_tid */
			args[3] = buffer();		/* parent_tid */
			args[4] = below(2) ? SIGCHLD : 0;
			a[0] = (long)args;
			a[1] = below(4) ? 88 : length();
		}
		break;
	}
}

/* What a call's success adds to the pools, and the end of a fork's child. */
static void after(long nr, const long *a, long ret)
{
	if ((nr == SYS_clone || nr == SYS_clone3) && ret == 0)
		raw_exit(0);
	if (ret < 0 && ret > -4096)
		return;
	switch (nr) {
	case SYS_openat:
		remember(fds, ret);
		if (in_scratch(a[1]))
			remember(wfds, ret);
		break;
	case SYS_dup:
	case SYS_dup3:
		remember(fds, ret);
		break;
	case SYS_fcntl:
		if (a[1] == F_DUPFD || a[1] == F_DUPFD_CLOEXEC)
			remember(fds, ret);
		break;
	case SYS_pipe2:
		if ((char *)a[0] >= ARENA && (char *)a[0] + 8 <= ARENA + ARENA_RW) {
			int pair[2];

			memcpy(pair, (void *)a[0], sizeof(pair));
			remember(fds, pair[0]);
			remember(fds, pair[1]);
		}
		break;
	case SYS_clone:
	case SYS_clone3:
		remember(pids, ret);
		break;
	case SYS_shmget:
		remember(shmids, ret);
		break;
	case SYS_mmap:
	case SYS_mremap:
	case SYS_shmat:
		remember(maps, ret);
		break;
	}
}

/* ------------------------------------------------------------ a worker */

static void worker_setup(void)
{
	long act[4];
	struct itimerval tick = { { 0, 20000 }, { 0, 20000 } };
	int sig, fd, i;

	setsid();		/* its kill(0, ...) reaches its own group only */
	fd = open("/dev/null", O_RDWR);
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	close(fd);
	/* the raw call: glibc refuses its own signals 32 and 33, whose default kills */
	act[0] = (long)on_signal;
	act[1] = SA_SIGINFO;	/* no SA_RESTART: SIGALRM ends a blocked call */
	act[2] = 0;		/* returning through the kernel's signal page */
	act[3] = 0;
	for (sig = 1; sig < 65; sig++) {
		long a[6] = { sig, (long)act, 0, 8 };

		raw_syscall(SYS_rt_sigaction, a);
	}
	chdir(SCRATCH);

	mmap(ARENA, ARENA_RW + 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
	     MAP_FIXED, -1, 0);
	for (i = 0; i < (int)(ARENA_RW / 8); i++)
		((uint64_t *)ARENA)[i] = next64();
	mprotect(ARENA + ARENA_RW, 4096, PROT_NONE);
	mprotect(ARENA + ARENA_RW + 4096, 4096, PROT_READ);
	mprotect(ARENA + ARENA_RW + 2 * 4096, 4096, PROT_NONE);

	/* the playground: anonymous, a shared file mapping and a read-only part, with holes */
	mmap((void *)PLAY, 64 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
	     MAP_FIXED, -1, 0);
	fd = open(SCRATCH "/f0", O_RDWR | O_CREAT, 0644);
	ftruncate(fd, 32 * 4096);
	mmap((void *)(PLAY + 96 * 4096), 32 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
	     fd, 0);
	mmap((void *)(PLAY + 160 * 4096), 16 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
	     MAP_FIXED, -1, 0);

	for (i = 0; i < POOL; i++) {
		fds[i] = i % 4;
		wfds[i] = fd;
		pids[i] = getpid();
		shmids[i] = 0;
		maps[i] = (long)PLAY;
	}
	remember(fds, fd);
	remember(fds, open("/", O_RDONLY | O_DIRECTORY));
	remember(fds, open(SCRATCH "/d0", O_RDONLY | O_DIRECTORY));
	remember(fds, open("/proc/self/maps", O_RDONLY));
	remember(fds, open("/dev/zero", O_RDONLY));
	{
		int pair[2];

		if (pipe(pair) == 0) {
			remember(fds, pair[0]);
			remember(fds, pair[1]);
		}
	}
	setitimer(ITIMER_REAL, &tick, NULL);
}

/* Whether `only=' leaves c in. */
static int chosen(const struct call *c)
{
	char name[40];

	snprintf(name, sizeof(name), ",%s,", c->name);
	return !only || strstr(only, name);
}

/*
 * A call from the table, each as likely as the others but rt_sigreturn:
 * with no signal frame on the stack it ends the worker, so it comes
 * only a sixteenth as often.
 */
static const struct call *pick_call(void)
{
	const struct call *c = &calls[below(NR_CALLS)];

	while ((c->nr == SYS_rt_sigreturn && below(16)) || !chosen(c))
		c = &calls[below(NR_CALLS)];
	return c;
}

/* For a kernel that hangs or crashes: every call on the console before it is made. */
static void say_call(int index, long nr, const long *a)
{
	char line[200];
	int n = snprintf(line, sizeof(line), "%d: %s(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)\n",
			 index, call_name(nr), a[0], a[1], a[2], a[3], a[4], a[5]);

	write(VERBOSE_FD, line, (size_t)n);
}

static void say_result(int index, long ret)
{
	char line[40];
	int n = snprintf(line, sizeof(line), "%d: = %ld\n", index, ret);

	write(VERBOSE_FD, line, (size_t)n);
}

static void __attribute__((noreturn)) worker(int index, uint64_t seed)
{
	me = &sh->w[index];
	rng_state = seed;
	worker_setup();
	while (!sh->stop) {
		long n = __atomic_fetch_add(&sh->calls, 1, __ATOMIC_RELAXED);
		const struct call *c = pick_call();
		struct recent_call *r = &me->recent[me->next % RECENT];
		long a[6], ret;
		int i;

		if (sh->limit && n >= sh->limit)
			break;
		for (i = 0; i < 6; i++)
			a[i] = value_of(c->kinds[i]);
		protect(c->nr, a);
		if (verbose)
			say_call(index, c->nr, a);
		r->nr = c->nr;
		memcpy(r->args, a, sizeof(a));
		r->ret = -4096;		/* not returned yet */
		faults = 0;
		me->next++;
		ret = raw_syscall(c->nr, a);
		if (verbose)
			say_result(index, ret);
		after(c->nr, a, ret);
		r->ret = ret;
		me->progress++;
	}
	raw_exit(0);
}

/* ------------------------------------------------------------ the parent */

static uint64_t master_seed;
static pid_t workers[MAX_WORKERS];
static int generation[MAX_WORKERS];
static int nworkers, restarts, killed, stalls, hung;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void show_recent(int index)
{
	struct worker_state *w = &sh->w[index];
	long i;

	for (i = w->next - RECENT; i < w->next; i++) {
		struct recent_call *r;

		if (i < 0)
			continue;
		r = &w->recent[i % RECENT];
		printf("#   %s(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx) = ", call_name(r->nr), r->args[0],
		       r->args[1], r->args[2], r->args[3], r->args[4], r->args[5]);
		if (r->ret == -4096)
			printf("(not returned)\n");
		else
			printf("%ld\n", r->ret);
	}
}

/* A stalled worker's state and signal masks, from /proc/<pid>/status. */
static void show_state(pid_t pid)
{
	static const char *const keys[] = { "State:", "Uid:", "SigPnd:", "ShdPnd:", "SigBlk:",
					     "SigIgn:", "SigCgt:" };
	char path[64], *line;
	unsigned int i;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (slurp(path) <= 0)
		return;
	for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (!strncmp(line, keys[i], strlen(keys[i])))
				printf("#   %s\n", line);
}

static void start_worker(int index)
{
	/* each worker's choices follow from the seed, its slot and how many came before */
	uint64_t seed = master_seed ^ ((uint64_t)index << 48) ^ ((uint64_t)generation[index] << 32);
	pid_t pid;

	generation[index]++;
	fflush(stdout);
	while ((pid = fork()) < 0)
		usleep(10000);
	if (pid == 0)
		worker(index, seed);
	workers[index] = pid;
}

/* Kill a stalled worker; wait up to DEATH_SECONDS for it to go. */
static void kill_worker(int index)
{
	double deadline = now() + DEATH_SECONDS;
	int status;

	kill(workers[index], SIGKILL);
	while (waitpid(workers[index], &status, WNOHANG) == 0) {
		if (now() > deadline) {
			char path[64];

			printf("# worker %d (pid %d) still there %d s after SIGKILL:\n", index,
			       workers[index], DEATH_SECONDS);
			snprintf(path, sizeof(path), "/proc/%d/stat", workers[index]);
			if (slurp(path) > 0)
				printf("#   %s", text);
			show_recent(index);
			hung++;
			break;
		}
		usleep(10000);
	}
	workers[index] = 0;
}

/* How a worker ended: counted, and shown when it was a fault. */
static void ended(int index, int status)
{
	workers[index] = 0;
	if (WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) > 128)) {
		killed++;
		if (killed <= 3) {
			printf("# worker %d ended by signal %d after:\n", index,
			       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status) - 128);
			show_recent(index);
		}
	}
}

/* Reap whatever ended: workers, and the children they left to us. */
static void reap(void)
{
	int status, i;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG | __WALL)) > 0)
		for (i = 0; i < nworkers; i++)
			if (workers[i] == pid)
				ended(i, status);
}

/* The workers for up to `limit` calls and `seconds` seconds; returns the calls made. */
static long run(long limit, double seconds)
{
	double start = now(), last_move[MAX_WORKERS];
	long seen[MAX_WORKERS];
	int i, running;

	sh->calls = 0;
	sh->limit = limit;
	sh->stop = 0;
	for (i = 0; i < nworkers; i++) {
		start_worker(i);
		seen[i] = sh->w[i].progress;
		last_move[i] = start;
	}
	do {
		usleep(20000);
		reap();
		if (now() - start > seconds || (limit && sh->calls >= limit))
			sh->stop = 1;
		running = 0;
		for (i = 0; i < nworkers; i++) {
			if (!workers[i] && !sh->stop) {
				restarts++;
				start_worker(i);
				last_move[i] = now();
			}
			if (!workers[i])
				continue;
			running++;
			if (sh->w[i].progress != seen[i]) {
				seen[i] = sh->w[i].progress;
				last_move[i] = now();
			} else if (now() - last_move[i] > STALL_SECONDS) {
				stalls++;
				printf("# worker %d made no progress for %d s, in:\n", i,
				       STALL_SECONDS);
				show_recent(i);
				show_state(workers[i]);
				kill_worker(i);
				last_move[i] = now();
			}
		}
	} while (running);
	return sh->calls < limit || !limit ? sh->calls : limit;
}

/* Kill and reap every process left: workers, their children, theirs. */
static void end_all(void)
{
	double deadline = now() + DEATH_SECONDS;
	struct dirent *d;
	DIR *dir;
	int status;

	do {
		dir = opendir("/proc");
		while (dir && (d = readdir(dir))) {
			int pid = atoi(d->d_name);

			if (pid > 1 && pid != getpid())
				kill(pid, SIGKILL);
		}
		if (dir)
			closedir(dir);
		usleep(10000);
		while (waitpid(-1, &status, WNOHANG | __WALL) > 0)
			;
	} while (waitpid(-1, &status, WNOHANG | __WALL) == 0 && now() < deadline);
}

/*
 * Undo what the workers left that outlives them: shared memory segments,
 * mounts in SCRATCH (the last first), its files. Then a new tmpfs on it.
 */
static void clean_up(void)
{
	struct shmid_ds ds;
	int index, highest, tries;
	char line[512], mounted[512], last[512];
	pid_t pid;

	end_all();
	highest = shmctl(0, SHM_INFO, &ds);
	for (index = 0; index <= highest; index++) {
		int id = shmctl(index, SHM_STAT_ANY, &ds);

		if (id >= 0)
			shmctl(id, IPC_RMID, NULL);
	}
	for (tries = 0; tries < 100; tries++) {
		FILE *f = fopen("/proc/mounts", "r");

		last[0] = '\0';
		while (f && fgets(line, sizeof(line), f))
			if (sscanf(line, "%*s %511s", mounted) == 1 &&
			    !strncmp(mounted, SCRATCH, strlen(SCRATCH)))
				strcpy(last, mounted);
		if (f)
			fclose(f);
		if (!last[0] || umount2(last, MNT_DETACH))
			break;
	}
	pid = fork();
	if (pid == 0) {		/* its directory buffers would grow our heap, which counts */
		remove_tree(SCRATCH);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	mkdir(SCRATCH, 0755);
	mount("tmpfs", SCRATCH, "tmpfs", 0, "size=8m");
	mkdir(SCRATCH "/d0", 0755);
	mkdir(SCRATCH "/d0/d1", 0755);
}

/* The processes there are, but this one: none should be left after clean_up(). */
static int show_processes(void)
{
	struct dirent *d;
	char path[64];
	DIR *dir = opendir("/proc");
	int n = 0;

	while (dir && (d = readdir(dir))) {
		int pid = atoi(d->d_name);

		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
		if (pid > 0 && pid != getpid() && slurp(path) > 0) {
			printf("# left: %s", text);
			n++;
		}
	}
	if (dir)
		closedir(dir);
	return n;
}

/*
 * At most n shared memory segments at once, and their identifiers' table
 * made now: the kernel allocates it with the first segment and keeps it
 * (as Linux's IDR keeps its nodes), so a run whose warm-up round made no
 * segment would count the table as a leak.
 */
static void set_shmmni(int n)
{
	FILE *f = fopen("/proc/sys/kernel/shmmni", "w");
	int id;

	if (f) {
		fprintf(f, "%d\n", n);
		fclose(f);
	}
	id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	if (id >= 0)
		shmctl(id, IPC_RMID, NULL);
}

/* The kernel still forks and execs: /bin/hello runs and exits 0. */
static int fork_exec_works(void)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		execl("/bin/hello", "hello", (char *)NULL);
		_exit(127);
	}
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0;
}

int main(int argc, char **argv)
{
	long limit = argc > 1 ? atol(argv[1]) : 100000, made;
	double seconds = argc > 2 ? atof(argv[2]) : 90, start;
	struct slab_usage before;
	char detail[96], msg[256];
	struct sigaction ignore;
	int sig, same;

	master_seed = argc > 3 ? strtoull(argv[3], NULL, 0) : 0;
	nworkers = argc > 4 ? atoi(argv[4]) : 2;
	if (nworkers < 1 || nworkers > MAX_WORKERS)
		nworkers = 2;
	for (sig = 5; sig < argc; sig++) {
		static char names[512];

		if (!strcmp(argv[sig], "verbose"))
			verbose = 1;
		else if (!strncmp(argv[sig], "only=", 5))
			snprintf(names, sizeof(names), ",%s,", argv[sig] + 5), only = names;
	}
	for (sig = 0; only && sig < (int)NR_CALLS && !chosen(&calls[sig]); sig++)
		;
	if (sig == NR_CALLS) {
		printf("FAIL - only= names no call of the table\n");
		return 1;
	}
	if (verbose)
		dup2(1, VERBOSE_FD);
	while (!master_seed && getrandom(&master_seed, sizeof(master_seed), 0) < 0)
		;
	printf("fuzz: seed %llu (make fuzz CALLS=%ld SECONDS=%g SEED=%llu replays it), %ld calls at"
	       " most (0: no limit), %g s at most, %d workers\n", (unsigned long long)master_seed,
	       limit, seconds, (unsigned long long)master_seed, limit, seconds, nworkers);

	/* A worker's exit signal, with clone's CLONE_PARENT, may come here: ignored. */
	memset(&ignore, 0, sizeof(ignore));
	ignore.sa_handler = SIG_IGN;
	for (sig = 1; sig < 65; sig++)
		if (sig != SIGCHLD && sig != SIGINT)
			sigaction(sig, &ignore, NULL);
	prctl(PR_SET_CHILD_SUBREAPER, 1);	/* orphans come here, not to a shell */
	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	mkdir("/tmp", 01777);
	sh = mmap(SHARED_AT, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS |
		  MAP_FIXED, -1, 0);
	if (sh == MAP_FAILED) {
		printf("FAIL - cannot map the shared page\n");
		return 1;
	}
	for (sig = 0; sig < (int)sizeof(long_path) - 1; sig++)
		long_path[sig] = sig < 10 ? SCRATCH "/a"[sig] : sig % 2 ? '/' : 'a';
	snprintf(long_name, sizeof(long_name), SCRATCH "/%0290d", 0);

	/*
	 * At most 16 segments at once: the identifiers' table then never
	 * outgrows its first size (it grows with the peak and is kept, as
	 * Linux's IDR is), and what the workers leave is a leak, not a table.
	 */
	set_shmmni(16);

	/* A first round fills the caches; the baseline is what it leaves. */
	clean_up();
	run(WARMUP_CALLS, seconds);
	clean_up();
	fork_exec_works();
	if (slab_usage_measure(&before)) {
		printf("FAIL - no slab statistics in /sys/kernel/slab\n");
		return 1;
	}
	restarts = killed = stalls = hung = 0;

	start = now();
	made = run(limit, seconds);
	printf("fuzz: %ld calls in %.1f s by %d workers; %d restarted (%d after a fatal signal),"
	       " %d stalled\n", made, now() - start, nworkers, restarts, killed, stalls);
	clean_up();

	check("every call made, or the time bound reached",
	      made > 0 && (!limit || made == limit || now() - start >= seconds));
	check("no worker left unkillable", hung == 0);
	check("no worker stalled", stalls == 0);
	check("fork and execve still work", fork_exec_works());
	same = slab_usage_back(&before, TABLE_SLACK_KB, detail, sizeof(detail));
	snprintf(msg, sizeof(msg), "every slab object and page back%s%s%s", same ? "" : " (",
		 same ? "" : detail, same ? "" : ")");
	check(msg, same);
	if (!same) {
		show_processes();
		slab_usage_show_callers(&before);
	}
	return failures ? 1 : 0;
}
