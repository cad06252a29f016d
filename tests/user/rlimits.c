/*
 * Resource limits, compared with Linux booted in QEMU (run as init, root):
 * the defaults init gets, /proc/self/limits, prlimit64's rules (soft above
 * hard, raising the hard limit without root, RLIMIT_NOFILE past nr_open,
 * bad resources and pointers, another process's limits by pid), and each
 * limit hit in a child: RLIMIT_NOFILE, NPROC, FSIZE (SIGXFSZ), AS, DATA,
 * STACK. Limits are inherited by fork and threads, kept by execve, whose
 * layout leaves RLIMIT_STACK's room below the stack. Then, on tkern, a
 * leak check: the cases again, MemFree as before. Only what is the same on
 * every machine is printed (NPROC and SIGPENDING follow the memory size).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "meminfo.h"

#define MB (1024UL * 1024)

static int quiet;	/* the leak check's rounds print nothing */

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

static const char *err(long r)
{
	return r >= 0 ? "ok" : strerrorname_np(errno);
}

static const char *value(rlim_t v, char *buf)
{
	if (v == RLIM_INFINITY)
		return "unlimited";
	sprintf(buf, "%llu", (unsigned long long)v);
	return buf;
}

static int set_limit(int resource, rlim_t soft, rlim_t hard)
{
	struct rlimit r = { soft, hard };

	return setrlimit(resource, &r);
}

/* Run fn in a child; report how it ended when it did not just exit 0. */
static void in_child(const char *name, void (*fn)(void))
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		fn();
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		say("%s: killed by signal %d (%s)\n", name, WTERMSIG(status),
		    sigabbrev_np(WTERMSIG(status)));
	else if (WEXITSTATUS(status))
		say("%s: exit %d\n", name, WEXITSTATUS(status));
}

/* ---- defaults and /proc/self/limits ---- */

static void defaults(void)
{
	static const int shown[] = { RLIMIT_CPU, RLIMIT_FSIZE, RLIMIT_DATA, RLIMIT_STACK,
				     RLIMIT_CORE, RLIMIT_RSS, RLIMIT_NOFILE, RLIMIT_MEMLOCK,
				     RLIMIT_AS, RLIMIT_LOCKS, RLIMIT_MSGQUEUE, RLIMIT_NICE,
				     RLIMIT_RTPRIO, RLIMIT_RTTIME };
	struct rlimit r, nproc, sigpending;
	char a[32], b[32];
	unsigned int i;

	for (i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		getrlimit(shown[i], &r);
		say("default %d: %s %s\n", shown[i], value(r.rlim_cur, a), value(r.rlim_max, b));
	}
	getrlimit(RLIMIT_NPROC, &nproc);
	getrlimit(RLIMIT_SIGPENDING, &sigpending);
	say("NPROC soft == hard: %d, == SIGPENDING: %d, > 100: %d\n",
	    nproc.rlim_cur == nproc.rlim_max, nproc.rlim_cur == sigpending.rlim_cur &&
	    nproc.rlim_max == sigpending.rlim_max, nproc.rlim_cur > 100);
}

/* The text, with the two memory-sized rows' numbers as N. */
static void show_limits_file(const char *path)
{
	char line[256], *p;
	FILE *f = fopen(path, "r");

	if (!f) {
		say("open %s: %s\n", path, strerrorname_np(errno));
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "Max processes", 13) || !strncmp(line, "Max pending signals", 19))
			for (p = line + 20; *p; p++)
				if (*p >= '0' && *p <= '9')
					*p = 'N';
		say("limits|%s", line);
	}
	fclose(f);
}

/* ---- the rules ---- */

static void rules(void)
{
	struct rlimit r = { 100, 50 }, old;
	void *bad = (void *)16;

	say("soft > hard: %s\n", err(setrlimit(RLIMIT_NOFILE, &r)));
	say("resource 16: %s\n", err(setrlimit(16, &r)));
	say("getrlimit resource 99: %s\n", err(getrlimit(99, &old)));
	say("setrlimit bad pointer: %s\n", err(setrlimit(RLIMIT_NOFILE, bad)));
	say("setrlimit bad pointer, bad resource: %s\n", err(setrlimit(99, bad)));
	say("getrlimit bad pointer: %s\n", err(getrlimit(RLIMIT_NOFILE, bad)));
	say("prlimit bad new: %s\n", err(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, bad, NULL)));
	say("prlimit bad old: %s\n", err(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, bad)));
	say("prlimit no pid: %s\n", err(syscall(SYS_prlimit64, 999999, RLIMIT_NOFILE, NULL, &old)));
	say("prlimit pid -1: %s\n", err(syscall(SYS_prlimit64, -1, RLIMIT_NOFILE, NULL, &old)));
	say("prlimit bad resource: %s\n", err(syscall(SYS_prlimit64, 0, 16, NULL, &old)));
	say("prlimit neither: %s\n", err(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, NULL)));
	say("NOFILE hard nr_open + 1: %s\n", err(set_limit(RLIMIT_NOFILE, 1024, 1048577)));
	say("NOFILE hard nr_open (root): %s\n", err(set_limit(RLIMIT_NOFILE, 1024, 1048576)));
	say("NOFILE hard down to 2000: %s\n", err(set_limit(RLIMIT_NOFILE, 1024, 2000)));
	say("NOFILE hard up again (root): %s\n", err(set_limit(RLIMIT_NOFILE, 1024, 4096)));
	say("setuid(1000): %s\n", err(setuid(1000)));
	say("soft up to hard: %s\n", err(set_limit(RLIMIT_NOFILE, 4096, 4096)));
	say("hard down: %s\n", err(set_limit(RLIMIT_NOFILE, 100, 200)));
	say("hard up (not root): %s\n", err(set_limit(RLIMIT_NOFILE, 100, 201)));
	say("same hard (not root): %s\n", err(set_limit(RLIMIT_NOFILE, 200, 200)));
	say("STACK unlimited soft, hard 8M (not root): %s\n",
	    err(set_limit(RLIMIT_STACK, RLIM_INFINITY, 8 * MB)));
	getrlimit(RLIMIT_STACK, &old);
	say("STACK now %llu %llu\n", (unsigned long long)old.rlim_cur,
	    (unsigned long long)old.rlim_max);
	r = (struct rlimit){ 50, 150 };
	say("prlimit new and old: %s\n", err(prlimit(0, RLIMIT_NOFILE, &r, &old)));
	say("old %llu %llu\n", (unsigned long long)old.rlim_cur, (unsigned long long)old.rlim_max);
	getrlimit(RLIMIT_NOFILE, &old);
	say("new %llu %llu\n", (unsigned long long)old.rlim_cur, (unsigned long long)old.rlim_max);
}

/* ---- another process's limits ---- */

/* A child that waits to be killed, as uid once it has told us so. */
static pid_t sleeper(uid_t uid)
{
	int ready[2];
	pid_t pid;
	char c;

	pipe(ready);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (uid && setuid(uid))
			_exit(1);
		write(ready[1], "r", 1);
		pause();
		_exit(0);
	}
	read(ready[0], &c, 1);
	close(ready[0]);
	close(ready[1]);
	return pid;
}

static void prlimit_of(pid_t target, const char *what)
{
	struct rlimit r = { 77, 88 }, old = { 0, 0 };

	say("%s: set %s", what, err(prlimit(target, RLIMIT_NOFILE, &r, NULL)));
	say(", get %s", err(prlimit(target, RLIMIT_NOFILE, NULL, &old)));
	say(" -> %llu %llu\n", (unsigned long long)old.rlim_cur, (unsigned long long)old.rlim_max);
}

static pid_t other_target;

static void as_user_1000(void)
{
	setuid(1000);
	prlimit_of(other_target, "uid 1000 on a uid 1001 process");
	prlimit_of(getppid(), "uid 1000 on root");
}

static void other_pids(void)
{
	pid_t mine = sleeper(0), theirs = sleeper(1001);
	char path[64];

	prlimit_of(mine, "root on its child");
	snprintf(path, sizeof(path), "/proc/%d/limits", mine);
	show_limits_file(path);
	prlimit_of(theirs, "root on a uid 1001 process");
	other_target = theirs;
	in_child("as uid 1000", as_user_1000);
	kill(mine, SIGKILL);
	kill(theirs, SIGKILL);
	waitpid(mine, NULL, 0);
	waitpid(theirs, NULL, 0);
}

/* ---- inheritance ---- */

static void *thread_sets(void *arg)
{
	(void)arg;
	set_limit(RLIMIT_CORE, 0, 12345);
	return NULL;
}

static void inherit(void)
{
	struct rlimit r;
	pthread_t t;
	pid_t pid;

	set_limit(RLIMIT_NOFILE, 300, 400);
	pthread_create(&t, NULL, thread_sets, NULL);
	pthread_join(t, NULL);
	getrlimit(RLIMIT_CORE, &r);
	say("CORE set by a thread: %llu %llu\n", (unsigned long long)r.rlim_cur,
	    (unsigned long long)r.rlim_max);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		getrlimit(RLIMIT_NOFILE, &r);
		say("fork child NOFILE: %llu %llu\n", (unsigned long long)r.rlim_cur,
		    (unsigned long long)r.rlim_max);
		fflush(stdout);
		set_limit(RLIMIT_STACK, 1024 * MB, RLIM_INFINITY);
		if (!quiet)
			execl("/proc/self/exe", "rlimits", "show-nofile", (char *)NULL);
		_exit(quiet ? 0 : 127);
	}
	waitpid(pid, NULL, 0);
}

/* ---- RLIMIT_NOFILE ---- */

static void nofile(void)
{
	struct pollfd fds[11] = { 0 };
	int fd, n = 0, pipefd[2];

	set_limit(RLIMIT_NOFILE, 10, 10);
	while ((fd = open("/", O_RDONLY)) >= 0)
		n++;
	say("opened %d more, then %s\n", n, strerrorname_np(errno));
	say("dup: %s\n", err(dup(0)));
	say("pipe: %s\n", err(pipe(pipefd)));
	say("F_DUPFD 0: %s\n", err(fcntl(0, F_DUPFD, 0)));
	say("F_DUPFD 10: %s\n", err(fcntl(0, F_DUPFD, 10)));
	say("dup2 to 10: %s\n", err(dup2(0, 10)));
	say("dup2 to 9: %s\n", err(dup2(0, 9)));
	say("poll 11: %s\n", err(poll(fds, 11, 0)));
	say("poll 10: %s\n", err(poll(fds, 10, 0)));
	set_limit(RLIMIT_NOFILE, 5, 10);
	say("lowered below open ones; close 9: %s, open: %s\n", err(close(9)),
	    err(open("/", O_RDONLY)));
	close(4);
	say("after close 4, open: %s\n", err(open("/", O_RDONLY)));
}

/* ---- RLIMIT_NPROC ---- */

static void nproc_children(const char *who)
{
	pid_t kids[8];
	int n = 0, i;

	while (n < 8) {
		kids[n] = fork();
		if (kids[n] == 0) {
			pause();
			_exit(0);
		}
		if (kids[n] < 0)
			break;
		n++;
	}
	say("%s: %d forks, then %s\n", who, n, n < 8 ? strerrorname_np(errno) : "none failed");
	for (i = 0; i < n; i++) {
		kill(kids[i], SIGKILL);
		waitpid(kids[i], NULL, 0);
	}
}

static void nproc_root(void)
{
	set_limit(RLIMIT_NPROC, 1, 1);
	nproc_children("root, NPROC 1");
}

static void nproc_user(void)
{
	setuid(1000);
	set_limit(RLIMIT_NPROC, 3, 3);
	nproc_children("uid 1000, NPROC 3");
	set_limit(RLIMIT_NPROC, 0, 0);
	nproc_children("uid 1000, NPROC 0");
}

/* ---- RLIMIT_FSIZE ---- */

static volatile int xfsz;

static void on_xfsz(int sig)
{
	(void)sig;
	xfsz++;
}

static char dir[64];

static int fsize_file(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/f", dir);
	return open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
}

static void fsize_caught(void)
{
	static char buf[600];
	int fd = fsize_file();

	signal(SIGXFSZ, on_xfsz);
	set_limit(RLIMIT_FSIZE, 1000, RLIM_INFINITY);
	say("write 600: %ld\n", (long)write(fd, buf, 600));
	say("write 600 more: %ld\n", (long)write(fd, buf, 600));
	say("write at the limit: %s, SIGXFSZ %d\n", err(write(fd, buf, 1)), xfsz);
	say("pwrite at 999: %ld\n", (long)pwrite(fd, buf, 10, 999));
	say("pwrite at 2000: %s, SIGXFSZ %d\n", err(pwrite(fd, buf, 10, 2000)), xfsz);
	say("write 0 bytes at the limit: %s, SIGXFSZ %d\n", err(write(fd, buf, 0)), xfsz);
	say("ftruncate 5000: %s, SIGXFSZ %d\n", err(ftruncate(fd, 5000)), xfsz);
	say("ftruncate 1000: %s, ftruncate 10: %s, SIGXFSZ %d\n", err(ftruncate(fd, 1000)),
	    err(ftruncate(fd, 10)), xfsz);
	signal(SIGXFSZ, SIG_IGN);
	say("ignored: write at 1000: %s, SIGXFSZ %d\n", err(pwrite(fd, buf, 1, 1000)), xfsz);
	close(fd);
}

static void fsize_default(void)
{
	int fd = fsize_file();

	set_limit(RLIMIT_FSIZE, 0, 0);
	say("about to write with RLIMIT_FSIZE 0\n");
	fflush(stdout);
	write(fd, "x", 1);
	say("still here\n");
}

/* ---- memory: RLIMIT_AS, DATA, STACK ---- */

static const char *map_err(void *p)
{
	return p == MAP_FAILED ? strerrorname_np(errno) : "ok";
}

static void *map(size_t len, int prot, int flags)
{
	return mmap(NULL, len, prot, flags, -1, 0);
}

static void address_space(void)
{
	void *p, *q;

	p = map(16 * MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
	set_limit(RLIMIT_AS, 64 * MB, RLIM_INFINITY);
	say("AS 64M: mmap 128M: %s\n", map_err(map(128 * MB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS)));
	say("AS 64M: mmap 8M: %s\n", map_err(map(8 * MB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS)));
	q = mremap(p, 16 * MB, 96 * MB, MREMAP_MAYMOVE);
	say("AS 64M: mremap 16M to 96M: %s\n", map_err(q));
	say("AS 64M: brk +100M: %s\n", sbrk(100 * MB) == (void *)-1 ? strerrorname_np(errno) : "ok");
	say("AS 64M: brk +1M: %s\n", sbrk(1 * MB) == (void *)-1 ? strerrorname_np(errno) : "ok");
}

static void data(void)
{
	void *p;

	set_limit(RLIMIT_DATA, 4 * MB, RLIM_INFINITY);
	say("DATA 4M: mmap rw private 8M: %s\n",
	    map_err(map(8 * MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)));
	say("DATA 4M: mmap r private 8M: %s\n",
	    map_err(p = map(8 * MB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS)));
	say("DATA 4M: mmap rw shared 8M: %s\n",
	    map_err(map(8 * MB, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS)));
	say("DATA 4M: mmap rw private 1M: %s\n",
	    map_err(map(1 * MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)));
	say("DATA 4M: mprotect 8M r to rw: %s\n",
	    err(mprotect(p, 8 * MB, PROT_READ | PROT_WRITE)));
	say("DATA 4M: brk +8M: %s\n", sbrk(8 * MB) == (void *)-1 ? strerrorname_np(errno) : "ok");
	say("DATA 4M: brk +64K: %s\n", sbrk(64 * 1024) == (void *)-1 ? strerrorname_np(errno) : "ok");
}

/* Touch the stack down to depth bytes below here, a page at a time. */
static void __attribute__((noinline)) dig(size_t depth)
{
	volatile char *p = __builtin_alloca(depth);
	size_t i;

	for (i = depth; i >= 4096; i -= 4096)
		p[i - 4096] = 1;
	p[0] = 1;
}

static void stack_within(void)
{
	set_limit(RLIMIT_STACK, 4 * MB, RLIM_INFINITY);
	dig(2 * MB);
	say("STACK 4M: 2M deep: ok\n");
}

static void stack_beyond(void)
{
	set_limit(RLIMIT_STACK, 512 * 1024, RLIM_INFINITY);
	say("STACK 512K: digging 2M\n");
	fflush(stdout);
	dig(2 * MB);
	say("STACK 512K: 2M deep: survived\n");
}

static void stack_beyond_as(void)
{
	char status[4096], *vm;
	unsigned long size_kb = 0;
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n = read(fd, status, sizeof(status) - 1);

	close(fd);
	status[n > 0 ? n : 0] = '\0';
	vm = strstr(status, "VmSize:");
	if (vm)
		size_kb = strtoul(vm + 7, NULL, 10);
	say("AS at VmSize + 256K: digging 2M\n");
	fflush(stdout);
	set_limit(RLIMIT_AS, size_kb * 1024 + 256 * 1024, RLIM_INFINITY);
	dig(2 * MB);
	say("AS: 2M deep: survived\n");
}

/* ---- all of it, and the leak check ---- */

static void every_case(void)
{
	in_child("rules", rules);
	other_pids();
	in_child("inherit", inherit);
	in_child("nofile", nofile);
	in_child("nproc root", nproc_root);
	in_child("nproc user", nproc_user);
	in_child("fsize caught", fsize_caught);
	in_child("fsize default", fsize_default);
	in_child("as", address_space);
	in_child("data", data);
	in_child("stack within", stack_within);
	in_child("stack beyond", stack_beyond);
	in_child("stack beyond AS", stack_beyond_as);
}

int main(int argc, char **argv)
{
	char path[128];
	long before;
	int i;

	if (argc > 1 && !strcmp(argv[1], "show-nofile")) {
		struct rlimit r;

		getrlimit(RLIMIT_NOFILE, &r);
		printf("after execve NOFILE: %llu %llu\n", (unsigned long long)r.rlim_cur,
		       (unsigned long long)r.rlim_max);
		/* execve placed mmap_base below room for the 1 GiB RLIMIT_STACK. */
		printf("after execve with STACK 1G, mmap 1G below the stack: %s\n",
		       (char *)&r - (char *)map(4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS) >=
		       (long)(1024 * MB) ? "yes" : "no");
		return 0;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	mount("proc", "/proc", "proc", 0, NULL);
	mkdir("/tmp", 0777);
	strcpy(dir, "/tmp/rlimitsXXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	defaults();
	show_limits_file("/proc/self/limits");
	every_case();
	before = meminfo_kb("MemFree:");
	quiet = 1;
	for (i = 0; i < 5; i++)
		every_case();
	quiet = 0;
	/*
	 * Linux's MemFree moves with its caches, so only tkern is held to it;
	 * a leak prints a line Linux's output does not have.
	 */
	if (on_tkern() && meminfo_kb("MemFree:") < before - 512)
		printf("leak check: MemFree fell by %ld kB\n", before - meminfo_kb("MemFree:"));
	snprintf(path, sizeof(path), "%s/f", dir);
	unlink(path);
	rmdir(dir);
	return 0;
}
