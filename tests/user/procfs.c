/*
 * tkern's /proc and devices, checked on tkern only (qemu-aarch64 makes up
 * its own /proc/self files, and a user cannot mount or read slabinfo
 * there): the exact line format of /proc/self/maps with [heap] and
 * [stack], the 52 fields of /proc/self/stat with the fault count, the
 * status Name, the kernel reports (slabinfo 2.1, vmallocinfo), mount of
 * proc, /proc refusing new and removed names, descriptors 0-2 on the
 * console and its ioctls, what execve keeps (descriptors, the cwd) and
 * closes (O_CLOEXEC) and the exe link it sets (made absolute, through
 * a relative symlink), no memory left behind by many opens and pipes
 * (MemFree and Slab from /proc/meminfo come back), /proc/vmstat's pgfault,
 * and 10,000 mmap/munmap plus 10,000 brk cycles leaving the VMA count and
 * the free memory where they were.
 * Prints "ok - ..." or "FAIL - ..." per check; tests/run.py wants no FAIL.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define LEAK_ROUNDS 2000

static char text[65536];
static int failures;

static void check(const char *what, int ok)
{
	printf("%s - %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

static long slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	long len = 0, n;

	if (fd < 0)
		return -1;
	while ((n = read(fd, text + len, sizeof(text) - 1 - len)) > 0)
		len += n;
	close(fd);
	text[len] = '\0';
	return len;
}

static int all_lines_match(const char *pattern)
{
	regex_t re;
	char *line, *save = NULL;
	int ok = 1;

	regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		ok &= regexec(&re, line, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

static long meminfo_kb(const char *name)
{
	char *at;

	slurp("/proc/meminfo");
	at = strstr(text, name);
	return at ? atol(at + strlen(name)) : -1;
}

static void maps_and_stat(void)
{
	volatile char *heap = malloc(1000);
	char *paren, *field, *save = NULL;
	int fields = 2;

	heap[10] = 1;
	check("read /proc/self/maps", slurp("/proc/self/maps") > 0);
	check("maps has [heap]", strstr(text, " [heap]\n") != NULL);
	check("maps has [stack]", strstr(text, " [stack]\n") != NULL);
	check("maps names the program file (its segments map it)",
	      strstr(text, " /bin/procfs\n") != NULL);
	check("maps lines in Linux's format",
	      all_lines_match("^[0-9a-f]{8,16}-[0-9a-f]{8,16} [r-][w-][x-][ps] [0-9a-f]{8} "
			      "[0-9a-f]{2}:[0-9a-f]{2} [0-9]+ ( +(\\[[a-z]+\\]|/[^ ]+))?$"));
	check("read /proc/self/stat", slurp("/proc/self/stat") > 0);
	paren = strrchr(text, ')');
	check("stat state R", paren && paren[2] == 'R');
	for (field = strtok_r(paren + 1, " \n", &save); field; field = strtok_r(NULL, " \n", &save)) {
		if (++fields == 10)
			check("stat minflt counts our faults", atol(field) > 0);
	}
	check("stat has 52 fields", fields == 52);
	slurp("/proc/self/status");
	check("status Name is procfs", strstr(text, "Name:\tprocfs\n") == text);
	free((void *)heap);
}

static void kernel_reports(void)
{
	slurp("/proc/slabinfo");
	check("slabinfo version 2.1", strncmp(text, "slabinfo - version: 2.1\n", 24) == 0);
	check("slabinfo lists filp", strstr(text, "\nfilp ") != NULL);
	check("vmallocinfo has areas", slurp("/proc/vmallocinfo") > 0);
	check("meminfo MemTotal", meminfo_kb("MemTotal:") > 0);
	check("buddyinfo", slurp("/proc/buddyinfo") > 0 && strncmp(text, "Node 0, zone", 12) == 0);
}

static void proc_tree(void)
{
	struct stat st;

	check("mount proc on /proc", mount("proc", "/proc", "proc", 0, NULL) == 0);
	check("mount an unknown type: ENODEV", mount("none", "/", "nosuchfs", 0, NULL) == -1 &&
	      errno == ENODEV);
	check("mount tmpfs in /proc: EBUSY", mount("none", "/proc/sys", "tmpfs", 0, NULL) == -1 &&
	      errno == EBUSY);
	check("unlink /proc/meminfo: EPERM", unlink("/proc/meminfo") == -1 && errno == EPERM);
	check("mkdir /proc/x: EPERM", mkdir("/proc/x", 0755) == -1 && errno == EPERM);
	check("create /proc/1/x: EACCES", open("/proc/1/x", O_CREAT | O_WRONLY, 0644) == -1 &&
	      errno == EACCES);
	check("write to /proc/meminfo: EBADF", write(open("/proc/meminfo", O_RDONLY), "x", 1) == -1 &&
	      errno == EBADF);
	check("/proc/1 is a directory", stat("/proc/1", &st) == 0 && S_ISDIR(st.st_mode));
	check("/proc/1/exe is /bin/procfs", readlink("/proc/1/exe", text, sizeof(text)) == 11 &&
	      strncmp(text, "/bin/procfs", 11) == 0);
}

static void console(void)
{
	struct termios t;
	struct winsize ws;
	struct stat st;
	int fd;

	for (fd = 0; fd < 3; fd++) {
		char what[48];

		snprintf(what, sizeof(what), "fd %d is /dev/console (5:1)", fd);
		check(what, fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) &&
		      major(st.st_rdev) == 5 && minor(st.st_rdev) == 1);
	}
	check("isatty(1)", isatty(1));
	check("TCGETS: canonical mode with echo", ioctl(0, TCGETS, &t) == 0 &&
	      (t.c_lflag & (ICANON | ECHO | ISIG)) == (ICANON | ECHO | ISIG));
	check("TIOCGWINSZ: 80x24", ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col == 80 &&
	      ws.ws_row == 24);
	check("ioctl unknown on the console: ENOTTY", ioctl(1, 0x1234, 0) == -1 && errno == ENOTTY);
	check("lseek on the console: ESPIPE", lseek(1, 0, SEEK_SET) == -1 && errno == ESPIPE);
	check("/dev/tty without a controlling terminal: ENXIO",
	      open("/dev/tty", O_RDWR) < 0 && errno == ENXIO);
}

/* In the program execve started by exec_keeps_and_closes: what survived. */
static int after_exec(char **argv)
{
	int keep = atoi(argv[2]), gone = atoi(argv[3]);
	char cwd[64], exe[64] = "";

	readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	return (fcntl(keep, F_GETFD) == 0 ? 0 : 1) |
	       (fcntl(gone, F_GETFD) == -1 && errno == EBADF ? 0 : 2) |
	       (getcwd(cwd, sizeof(cwd)) && strcmp(cwd, "/dev") == 0 ? 0 : 4) |
	       (strcmp(exe, "/bin/procfs") == 0 ? 0 : 8);
}

static void exec_keeps_and_closes(void)
{
	int keep = open("/dev/null", O_RDONLY), gone = open("/dev/null", O_RDONLY | O_CLOEXEC);
	char keep_text[12], gone_text[12];
	int status;
	pid_t pid;

	snprintf(keep_text, sizeof(keep_text), "%d", keep);
	snprintf(gone_text, sizeof(gone_text), "%d", gone);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		mkdir("/tmp", 0777);
		symlink("../bin/procfs", "/tmp/procfs-link");
		chdir("/dev");
		execl("../tmp/procfs-link", "procfs", "after-exec", keep_text, gone_text,
		      (char *)NULL);
		_exit(99);
	}
	waitpid(pid, &status, 0);
	unlink("/tmp/procfs-link");
	check("execve keeps descriptors, closes O_CLOEXEC ones, keeps the cwd, sets exe",
	      WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(keep);
	close(gone);
}

static void churn(void)
{
	int i, p[2];

	for (i = 0; i < LEAK_ROUNDS; i++) {
		int fd = open("/proc/self/maps", O_RDONLY);
		int f2 = open("/tmp/procfs-churn", O_CREAT | O_RDWR | O_TRUNC, 0600);

		write(f2, text, 5000);
		close(dup(f2));
		close(f2);
		unlink("/tmp/procfs-churn");
		close(fd);
		pipe(p);
		write(p[1], "x", 1);
		close(p[0]);
		close(p[1]);
	}
}

static void no_leaks(void)
{
	long free_before, slab_before;

	mkdir("/tmp", 0777);
	churn();	/* the first rounds fill the caches */
	free_before = meminfo_kb("MemFree:");
	slab_before = meminfo_kb("Slab:");
	churn();
	check("opens, pipes and files leave MemFree as it was",
	      meminfo_kb("MemFree:") + meminfo_kb("Slab:") >= free_before + slab_before - 64);
}

static long count_lines(const char *path)
{
	long n = 0;
	char *c;

	slurp(path);
	for (c = text; *c; c++)
		n += *c == '\n';
	return n;
}

static long vmstat(const char *name)
{
	char *at;

	slurp("/proc/vmstat");
	at = strstr(text, name);
	return at ? atol(at + strlen(name)) : -1;
}

/* 10,000 mmap/munmap and 10,000 brk grow/shrink cycles leave nothing behind. */
static void address_space_cycles(void)
{
	long vmas = count_lines("/proc/self/maps"), faults = vmstat("pgfault "), before, i;
	char *p = mmap(NULL, 100 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	for (i = 0; i < 100; i++)
		p[i * 4096] = 1;
	check("vmstat pgfault counts 100 first touches", vmstat("pgfault ") - faults >= 100);
	munmap(p, 100 * 4096);
	before = meminfo_kb("MemFree:") + meminfo_kb("Slab:");
	for (i = 0; i < 10000; i++) {
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		p[0] = 1;
		munmap(p, 4096);
	}
	for (i = 0; i < 10000; i++) {
		p = sbrk(4096);
		p[0] = 1;
		sbrk(-4096);
	}
	check("10,000 mmap/munmap + 10,000 brk cycles: as many VMAs as before",
	      count_lines("/proc/self/maps") == vmas);
	check("... and MemFree + Slab as before",
	      meminfo_kb("MemFree:") + meminfo_kb("Slab:") >= before - 16);
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "after-exec") == 0)
		return after_exec(argv);
	maps_and_stat();
	kernel_reports();
	proc_tree();
	console();
	exec_keeps_and_closes();
	no_leaks();
	address_space_cycles();
	printf("%s\n", failures ? "procfs: some checks failed" : "procfs: all checks passed");
	return failures != 0;
}
