/*
 * /proc/<pid>/oom_score_adj and oom_score, compared line by line with
 * Linux booted in QEMU (LINUX_BOOT_PROGRAMS: it runs as init, as root,
 * and execs itself): what a write accepts (Linux's kstrtoint with base 0,
 * a 12-byte cut, -1000..1000), that fork and execve keep the value, the
 * rule for going lower (below the floor root last set: EACCES without
 * root), who may open another's file, and the score's scale (0 for init
 * and for -1000, about 667 at 0, about 1333 at 1000: printed as ranges,
 * since resident pages differ a little between the kernels), and the
 * legacy oom_adj: its -17..15 scale both ways and its own floor.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *errname(int err)
{
	switch (err) {
	case EINVAL: return "EINVAL";
	case ERANGE: return "ERANGE";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	default: return strerror(err);
	}
}

static long read_number(const char *path)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	return n > 0 ? atol(buf) : -99999;
}

static long adj(void)
{
	return read_number("/proc/self/oom_score_adj");
}

/* Write len bytes of text to fd; print what write answered and the value after. */
static void write_fd(int fd, const char *what, const char *text, size_t len)
{
	long n = write(fd, text, len);

	if (n < 0)
		printf("write %-14s -> %s, now %ld\n", what, errname(errno), adj());
	else
		printf("write %-14s -> %ld, now %ld\n", what, n, adj());
}

static void try_write(const char *what, const char *text, size_t len)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY);

	write_fd(fd, what, text, len);
	close(fd);
}

/* The legacy file: write text to oom_adj, print both files after. */
static void try_legacy(const char *text)
{
	int fd = open("/proc/self/oom_adj", O_WRONLY);
	long n = write(fd, text, strlen(text));

	printf("oom_adj %-6s -> ", text);
	if (n < 0)
		printf("%s", errname(errno));
	else
		printf("%ld", n);
	printf(", oom_adj %ld, oom_score_adj %ld\n", read_number("/proc/self/oom_adj"), adj());
	close(fd);
}

static void legacy(void)
{
	static const char *const values[] = { "-17", "15", "-16", "16", "-18", "5", "-1", "0",
					      "0x3", "abc" };
	static const char *const adjs[] = { "1", "58", "59", "-58", "-59", "999", "-999", "0" };
	unsigned int i;

	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		try_legacy(values[i]);
	for (i = 0; i < sizeof(adjs) / sizeof(adjs[0]); i++) {
		try_write("(adj)", adjs[i], strlen(adjs[i]));
		printf("oom_adj at %s: %ld\n", adjs[i], read_number("/proc/self/oom_adj"));
	}
}

#define TRY(text) try_write(#text, text, strlen(text))
#define TRY_FD(fd, text) write_fd(fd, #text, text, strlen(text))

static void parsing(void)
{
	printf("initial: %ld\n", adj());
	TRY("500");
	TRY("1000");
	TRY("1001");
	TRY("-1001");
	TRY("-1000");
	TRY("abc");
	TRY("12abc");
	TRY(" 12 \n");
	TRY("0x10");
	TRY("010");
	TRY("+7");
	TRY("-+7");
	TRY("0x");
	TRY("99999999999");
	TRY("1234567890123");
	TRY("5\n\n");
	try_write("(empty)", "", 0);
	try_write("(bad pointer)", (const char *)8, 3);
	TRY("0");
}

static void show_inherited(const char *label)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/task/%d/oom_score_adj", getpid());
	printf("%s: %ld (task/: %ld)\n", label, adj(), read_number(path));
}

static void inheritance(char *self)
{
	int status;

	TRY("250");
	fflush(stdout);
	if (fork() == 0) {
		show_inherited("after fork");
		fflush(stdout);
		execl(self, self, "exec", (char *)NULL);
		_exit(1);
	}
	wait(&status);
	TRY("0");
}

/*
 * As uid 1000 after root set value: what it may still write. The file is
 * opened while still root: Linux makes a process that changes its uid
 * non-dumpable, and its /proc/self root's, so it could not open it after.
 */
static void as_user(const char *root_value)
{
	int fd;

	fflush(stdout);
	if (fork() == 0) {
		try_write("(root)", root_value, strlen(root_value));
		fd = open("/proc/self/oom_score_adj", O_WRONLY);
		if (setuid(1000))
			_exit(1);
		TRY_FD(fd, "100");
		TRY_FD(fd, "-500");
		TRY_FD(fd, "-501");
		TRY_FD(fd, "-1000");
		TRY_FD(fd, "1000");
		TRY_FD(fd, "-1");
		printf("open /proc/1/oom_score_adj for writing: %s\n",
		       open("/proc/1/oom_score_adj", O_WRONLY) < 0 ? errname(errno) : "opened");
		printf("read /proc/1/oom_score_adj: %ld\n", read_number("/proc/1/oom_score_adj"));
		fflush(stdout);
		_exit(0);
	}
	wait(NULL);
}

/* The legacy file's floor is the current value: lower needs root. */
static void legacy_as_user(void)
{
	static const char *const values[] = { "5", "10", "9", "15", "14" };
	unsigned int i;
	int fd;

	fflush(stdout);
	if (fork() == 0) {
		try_write("(root)", "500", 3);
		fd = open("/proc/self/oom_adj", O_WRONLY);
		if (setuid(1000))
			_exit(1);
		for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
			long n = write(fd, values[i], strlen(values[i]));

			printf("as uid 1000: oom_adj %-3s -> %s, oom_score_adj %ld\n", values[i],
			       n < 0 ? errname(errno) : "ok", adj());
		}
		fflush(stdout);
		_exit(0);
	}
	wait(NULL);
}

static void score_in(const char *value, long low, long high)
{
	long score;

	try_write("(score)", value, strlen(value));
	score = read_number("/proc/self/oom_score");
	printf("oom_score at %s between %ld and %ld: %s\n", value, low, high,
	       score >= low && score <= high ? "yes" : "no");
}

static void scores(void)
{
	printf("init's oom_score: %ld\n", read_number("/proc/1/oom_score"));
	fflush(stdout);
	if (fork() == 0) {
		score_in("-1000", 0, 0);
		score_in("-500", 300, 345);
		score_in("0", 660, 700);
		score_in("1000", 1300, 1345);
		fflush(stdout);
		_exit(0);
	}
	wait(NULL);
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		show_inherited("after exec");
		return 0;
	}
	mount("proc", "/proc", "proc", 0, NULL);
	parsing();
	inheritance(argv[0]);
	as_user("-500");
	as_user("0");
	scores();
	legacy();
	legacy_as_user();
	return 0;
}
