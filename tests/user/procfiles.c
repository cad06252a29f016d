/*
 * The /proc files of #14 as a program reads them, compared with Linux
 * booted in QEMU: the layout of /proc/cpuinfo and /proc/stat (names and
 * field counts), /proc/self/status (its keys in order, and the values a
 * test can predict), stat and statm (field counts, relations), cmdline
 * and environ of a child run with known arguments, comm (written by the
 * process, truncated to 15 bytes, refused from another process), fd/ and
 * fdinfo/ (targets of files, directories, pipes and unlinked files,
 * reopening through a link; access mode 3, which a pipe and a FIFO
 * refuse), cwd and root, and /proc/sys (reading, writing as root,
 * refusing a non-root writer). Printed: only what is the same on every
 * run and machine.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char text[65536];

static long slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	long n, total = 0;

	text[0] = '\0';
	if (fd < 0)
		return -errno;
	while ((n = read(fd, text + total, sizeof(text) - 1 - total)) > 0)
		total += n;
	text[total] = '\0';
	close(fd);
	return total;
}

static void errno_of(const char *what, long ret)
{
	printf("%-44s %s\n", what, ret < 0 ? strerrorname_np(errno) : "ok");
}

/* The keys of "key<TAB>: value" or "key: value" lines, each once in a row. */
static void cpuinfo(void)
{
	char *line, *save, last[64] = "";
	int blocks = 0;

	slurp("/proc/cpuinfo");
	printf("cpuinfo keys:");
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char key[64];

		if (sscanf(line, "%63[^\t:]", key) != 1)
			continue;
		if (!strcmp(key, "processor"))
			blocks++;
		if (blocks == 1 && strcmp(key, last))
			printf(" [%s]", key);
		strcpy(last, key);
	}
	printf("\ncpuinfo blocks: %d (CPUs online %ld)\n", blocks, sysconf(_SC_NPROCESSORS_ONLN));
}

static int count_fields(const char *line)
{
	int n = 0;
	const char *c = line;

	while (*c) {
		while (*c == ' ')
			c++;
		if (!*c || *c == '\n')
			break;
		n++;
		while (*c && *c != ' ' && *c != '\n')
			c++;
	}
	return n;
}

/* Each line's name and field count; intr's length depends on the interrupt controller. */
static void stat_file(void)
{
	char *line, *save;

	slurp("/proc/stat");
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[32];

		sscanf(line, "%31s", name);
		if (!strcmp(name, "intr"))
			printf("stat: intr, more than the total: %d\n", count_fields(line) > 2);
		else
			printf("stat: %s %d fields\n", name, count_fields(line));
	}
}

/* The value of key in the status text; several may be used in one printf. */
static const char *status_value(const char *key)
{
	static char values[8][256];
	static int next;
	char *value = values[next++ % 8];
	char *at = strstr(text, key);

	value[0] = '\0';
	if (at)
		sscanf(at + strlen(key), ":%255[^\n]", value);
	return value + strspn(value, "\t");
}

static void status_file(void)
{
	char *line, *save, copy[sizeof(text)];
	sigset_t set;

	signal(SIGUSR1, SIG_IGN);
	signal(SIGUSR2, (void (*)(int))abort);
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	slurp("/proc/self/status");
	memcpy(copy, text, sizeof(text));
	printf("status keys:");
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char key[64];

		if (sscanf(line, "%63[^:]", key) == 1 && strncmp(key, "Speculation", 11))
			printf(" %s", key);
	}
	printf("\n");
	printf("Name %s, State %s, PPid %s, TracerPid %s\n", status_value("Name"),
	       status_value("State"), status_value("PPid"), status_value("TracerPid"));
	printf("Uid %s, Gid %s, Groups '%s', FDSize %s\n", status_value("Uid"),
	       status_value("Gid"), status_value("Groups"), status_value("FDSize"));
	printf("Tgid is the pid: %d, Threads %s, VmLck %s, VmSwap %s\n",
	       atoi(status_value("Tgid")) == getpid(), status_value("Threads"),
	       status_value("VmLck"), status_value("VmSwap"));
	printf("SigBlk %s\nSigIgn %s\nSigCgt %s\n", status_value("SigBlk"), status_value("SigIgn"),
	       status_value("SigCgt"));
	printf("CapEff %s, CapBnd %s, Cpus_allowed_list %s\n", status_value("CapEff"),
	       status_value("CapBnd"), status_value("Cpus_allowed_list"));
	printf("VmRSS <= VmSize: %d, VmExe > 0: %d, VmStk > 0: %d\n",
	       atol(status_value("VmRSS")) <= atol(status_value("VmSize")),
	       atol(status_value("VmExe")) > 0, atol(status_value("VmStk")) > 0);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

/* Field n (1-based, as proc(5) numbers them) of /proc/self/stat, in text. */
static unsigned long stat_field(int n)
{
	char *c = strrchr(text, ')') + 2;
	int i;

	for (i = 3; i < n; i++)
		c = strchr(c, ' ') + 1;
	return strtoul(c, NULL, 10);
}

static void stat_and_statm(void)
{
	long size, resident, shared, textp, lib, data, dt;
	char *after;

	slurp("/proc/self/stat");
	after = strrchr(text, ')');
	printf("stat: %d fields after the name, state %c\n", count_fields(after + 2) + 2, after[2]);
	printf("stat: vsize > 0: %d, threads %lu, exit_signal %lu\n", stat_field(23) > 0,
	       stat_field(20), stat_field(38));
	printf("stat: start_code < end_code: %d, arg_start < arg_end <= env_start < env_end: %d\n",
	       stat_field(26) < stat_field(27), stat_field(48) < stat_field(49) &&
	       stat_field(49) <= stat_field(50) && stat_field(50) < stat_field(51));
	slurp("/proc/self/statm");
	printf("statm: %d fields\n", count_fields(text));
	sscanf(text, "%ld %ld %ld %ld %ld %ld %ld", &size, &resident, &shared, &textp, &lib,
	       &data, &dt);
	printf("statm: resident <= size: %d, text > 0: %d, lib %ld, data > 0: %d, dt %ld\n",
	       resident <= size, textp > 0, lib, data > 0, dt);
}

/* The child's arguments and environment, NUL-separated, shown with | for NUL. */
static void show_strings(const char *what, const char *path)
{
	long n = slurp(path), i;

	printf("%s (%ld bytes): ", what, n);
	for (i = 0; i < n; i++)
		putchar(text[i] ? text[i] : '|');
	putchar('\n');
}

static void child_strings(const char *self)
{
	char *argv[] = { "procfiles", "child", "two words", "", NULL };
	char *envp[] = { "A=1", "B=two", NULL };
	char path[64], ready;
	int in[2], out[2], status, fd;
	pid_t pid;

	pipe(in);
	pipe(out);
	pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execve(self, argv, envp);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	read(out[0], &ready, 1);	/* the child runs the new program */
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	show_strings("child cmdline", path);
	snprintf(path, sizeof(path), "/proc/%d/environ", pid);
	show_strings("child environ", path);
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	slurp(path);
	printf("child comm %s", text);
	fd = open(path, O_WRONLY);
	errno_of("write the child's comm from its parent", write(fd, "x", 1));
	close(fd);
	close(in[1]);
	close(out[0]);
	waitpid(pid, &status, 0);
}

/* In the child: say it runs, then wait for the parent to look (stdin's end). */
static int child(void)
{
	char c = 'r';

	write(1, &c, 1);
	while (read(0, &c, 1) > 0)
		;
	return 0;
}

static void comm(void)
{
	char name[32];
	int fd = open("/proc/self/comm", O_WRONLY);

	errno_of("write /proc/self/comm", write(fd, "renamed", 7));
	close(fd);
	prctl(PR_GET_NAME, name);
	slurp("/proc/self/comm");
	printf("comm now '%s', prctl says '%s'\n", strtok(text, "\n"), name);
	fd = open("/proc/self/comm", O_WRONLY);
	errno_of("write 20 bytes", write(fd, "abcdefghijklmnopqrst", 20));
	close(fd);
	prctl(PR_GET_NAME, name);
	printf("comm now '%s'\n", name);
	prctl(PR_SET_NAME, "procfiles");
}

static void show_link(const char *what, const char *path)
{
	char target[256];
	ssize_t n = readlink(path, target, sizeof(target) - 1);

	if (n < 0) {
		printf("%-30s %s\n", what, strerrorname_np(errno));
		return;
	}
	target[n] = '\0';
	if (!strncmp(target, "pipe:[", 6))
		strcpy(target + 6, "N]");
	printf("%-30s -> %s\n", what, target);
}

static void fd_links(void)
{
	char path[64], buf[16];
	int file, dir, p[2], again, gone;
	struct stat st, there;

	mkdir("/tmp/pf", 0755);
	file = open("/tmp/pf/data", O_RDWR | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
	dir = open("/tmp/pf", O_RDONLY | O_DIRECTORY);
	pipe(p);
	gone = open("/tmp/pf/gone", O_RDWR | O_CREAT, 0644);
	unlink("/tmp/pf/gone");
	snprintf(path, sizeof(path), "/proc/self/fd/%d", file);
	show_link("fd of a file", path);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", dir);
	show_link("fd of a directory", path);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[0]);
	show_link("fd of a pipe", path);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", gone);
	show_link("fd of an unlinked file", path);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", 77);
	show_link("fd 77 (not open)", path);
	write(file, "hello", 5);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", file);
	again = open(path, O_RDONLY);
	memset(buf, 0, sizeof(buf));
	errno_of("reopen the file through its link", again);
	printf("reopened reads '%.*s' from 0; the first is at %ld\n", (int)read(again, buf, 15), buf,
	       (long)lseek(file, 0, SEEK_CUR));
	write(gone, "still here", 10);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", gone);
	again = open(path, O_RDONLY);
	errno_of("reopen the unlinked file through its link", again);
	memset(buf, 0, sizeof(buf));
	printf("it reads '%.*s'\n", (int)read(again, buf, 15), buf);
	close(again);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", file);
	again = open(path, O_RDONLY);
	fstat(file, &st);
	lseek(again, 2, SEEK_SET);
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", file);
	slurp(path);
	printf("fdinfo of the file: %.*s\n", (int)strcspn(strstr(text, "flags"), "\n"),
	       strstr(text, "flags"));
	printf("fdinfo keys pos %d flags %d mnt_id %d ino %d; ino is st_ino: %d\n",
	       strstr(text, "pos:\t") != NULL, strstr(text, "flags:\t0") != NULL,
	       strstr(text, "mnt_id:\t") != NULL, strstr(text, "ino:\t") != NULL,
	       atol(strstr(text, "ino:\t") + 5) == (long)st.st_ino);
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", again);
	slurp(path);
	printf("fdinfo of the reopened file: %.*s\n", (int)(strchr(text, '\n') - text), text);
	chdir("/tmp/pf");
	show_link("cwd", "/proc/self/cwd");
	again = open("/proc/self/cwd", O_RDONLY | O_DIRECTORY);
	errno_of("open /proc/self/cwd", again);
	fstat(again, &st);
	stat("/tmp/pf", &there);
	printf("it is the working directory: %d\n", st.st_ino == there.st_ino);
	close(again);
	show_link("root", "/proc/self/root");
	chdir("/");
	show_link("/proc/mounts", "/proc/mounts");
	close(again);
	close(file);
	close(dir);
	close(p[0]);
	close(p[1]);
	close(gone);
	unlink("/tmp/pf/data");
	rmdir("/tmp/pf");
}

static void write_file(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY);
	char what[96];

	snprintf(what, sizeof(what), "write '%.*s' to %s", (int)strcspn(value, "\n"), value,
		 path + 10);
	if (fd < 0) {
		errno_of(what, -1);
		return;
	}
	errno_of(what, write(fd, value, strlen(value)));
	close(fd);
}

static void show_file(const char *path)
{
	slurp(path);
	printf("%-40s %s", path + 10, text);
}

/* Who owns the process's /proc entries: its effective ids, on Linux. */
static void owners(const char *who)
{
	static const char *const paths[] = { "/proc/self", "/proc/self/fd", "/proc/self/environ",
					     "/proc/self/status", "/proc/self/task" };
	struct stat st;
	unsigned int i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		if (stat(paths[i], &st) == 0)
			printf("%s: %s owned by %u:%u, mode %o\n", who, paths[i] + 11, st.st_uid,
			       st.st_gid, st.st_mode & 07777);
	}
}

static void sysctl(void)
{
	pid_t pid;
	int status;

	show_file("/proc/sys/kernel/ostype");
	slurp("/proc/sys/kernel/osrelease");
	printf("osrelease starts with 6.1.: %d\n", !strncmp(text, "6.1.", 4));
	show_file("/proc/sys/kernel/pid_max");
	show_file("/proc/sys/kernel/tainted");
	write_file("/proc/sys/kernel/hostname", "lab-host\n");
	show_file("/proc/sys/kernel/hostname");
	write_file("/proc/sys/vm/overcommit_memory", "1");
	show_file("/proc/sys/vm/overcommit_memory");
	write_file("/proc/sys/vm/overcommit_memory", "3");
	write_file("/proc/sys/vm/overcommit_memory", "0");
	show_file("/proc/sys/fs/pipe-max-size");
	write_file("/proc/sys/fs/pipe-max-size", "100000");
	show_file("/proc/sys/fs/pipe-max-size");
	write_file("/proc/sys/fs/pipe-max-size", "1048576");
	write_file("/proc/sys/kernel/ostype", "Plan9");
	slurp("/proc/filesystems");
	printf("filesystems has tmpfs %d, proc %d\n", strstr(text, "nodev\ttmpfs\n") != NULL,
	       strstr(text, "nodev\tproc\n") != NULL);
	pid = fork();
	if (pid == 0) {
		setuid(1000);
		char *argv[] = { "procfiles", "owners", NULL };

		write_file("/proc/sys/kernel/hostname", "not-root");
		errno_of("uid 1000 reads pid 1's environ", slurp("/proc/1/environ"));
		errno_of("uid 1000 reads pid 1's cmdline", slurp("/proc/1/cmdline"));
		fflush(stdout);
		/* Linux hides a process that changed its ids until it runs exec (dumpable) */
		execve("/bin/procfiles", argv, NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	show_file("/proc/sys/kernel/hostname");
	owners("root");
}

/*
 * Access mode 3 (O_ACCMODE) is neither end of a pipe: Linux's fifo_open
 * refuses it, for a pipe reopened through its link and for a FIFO. Here
 * and not in fifo.c because user-mode QEMU turns mode 3 into O_RDONLY.
 * (tkern once took it as both ends, which the close never dropped: the
 * ring leaked.)
 */
static void neither_end(void)
{
	char path[64];
	int p[2], fd;

	pipe(p);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[0]);
	fd = open(path, O_ACCMODE);
	errno_of("reopen a pipe with access mode 3", fd);
	close(fd);
	close(p[0]);
	close(p[1]);
	mkfifo("/tmp/pf-fifo", 0644);
	fd = open("/tmp/pf-fifo", O_ACCMODE | O_NONBLOCK);
	errno_of("open a FIFO with access mode 3", fd);
	close(fd);
	unlink("/tmp/pf-fifo");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "child"))
		return child();
	if (argc > 1 && !strcmp(argv[1], "owners")) {
		owners("uid 1000");
		errno_of("uid 1000 reads its own environ", slurp("/proc/self/environ"));
		return 0;
	}
	errno_of("mount proc on /proc", mount("proc", "/proc", "proc", 0, NULL));
	mkdir("/tmp", 01777);
	cpuinfo();
	stat_file();
	status_file();
	stat_and_statm();
	child_strings("/bin/procfiles");
	comm();
	fd_links();
	neither_end();
	sysctl();
	return 0;
}
