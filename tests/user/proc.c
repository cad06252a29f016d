/*
 * /proc as programs see it: readlink of /proc/self/exe, [stack] in
 * /proc/self/maps, fields of /proc/self/status, /proc/meminfo's and
 * /proc/buddyinfo's line formats, a child's /proc/<pid>, and /proc's
 * listing. Only formats and facts true on any machine are printed, never
 * values. The same output is expected on Linux; qemu-aarch64 makes up
 * its own /proc/self/{maps,stat} (no [heap], few stat fields) and shows
 * its own status Name, so those are checked by procfs.c on tkern only.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char text[65536];

static void show(const char *what, long ret)
{
	if (ret < 0)
		printf("%-44s -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%-44s %ld\n", what, ret);
}

static void yes_no(const char *what, int cond)
{
	printf("%-44s %s\n", what, cond ? "yes" : "no");
}

/* The whole file, NUL-terminated, in text; its length or -1. */
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

/* Every line of text matches pattern; and how many lines there are. */
static int all_lines_match(const char *pattern, int *lines)
{
	regex_t re;
	char *line, *save = NULL;
	int ok = 1;

	regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB);
	*lines = 0;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		ok &= regexec(&re, line, 0, NULL, 0) == 0;
		(*lines)++;
	}
	regfree(&re);
	return ok;
}

static void exe(void)
{
	char buf[256];
	long n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	show("readlink /proc/self/exe gives a path", n > 0);
	buf[n > 0 ? n : 0] = '\0';
	printf("%-44s %s\n", "  its last name", strrchr(buf, '/') ? strrchr(buf, '/') + 1 : buf);
	yes_no("  absolute", buf[0] == '/');
	show("lstat /proc/self is a symlink", readlink("/proc/self", buf, sizeof(buf)) > 0);
}

static void maps(void)
{
	show("read /proc/self/maps", slurp("/proc/self/maps") > 0);
	yes_no("  has a [stack] line", strstr(text, " [stack]\n") != NULL);
}

static const char *status_field(const char *name)
{
	static char value[64];
	char *at = strstr(text, name);

	if (!at || (at != text && at[-1] != '\n'))
		return "(missing)";
	at += strlen(name);
	while (*at == ' ' || *at == '\t')
		at++;
	snprintf(value, sizeof(value), "%.*s", (int)strcspn(at, "\n"), at);
	return value;
}

static void status(void)
{
	show("read /proc/self/status", slurp("/proc/self/status") > 0);
	printf("%-44s %s\n", "  State", status_field("State:"));
	yes_no("  Pid is getpid()", atoi(status_field("Pid:")) == getpid());
	yes_no("  PPid is getppid()", atoi(status_field("PPid:")) == getppid());
	yes_no("  VmSize in kB", strstr(status_field("VmSize:"), " kB") != NULL);
	yes_no("  VmRSS in kB", strstr(status_field("VmRSS:"), " kB") != NULL);
}

static void kernel_files(void)
{
	int lines;

	show("read /proc/meminfo", slurp("/proc/meminfo") > 0);
	yes_no("  starts with MemTotal", strncmp(text, "MemTotal:", 9) == 0);
	yes_no("  has MemFree", strstr(text, "\nMemFree:") != NULL);
	yes_no("  every line is Name: value [kB]",
	       all_lines_match("^[A-Za-z0-9_()]+: +[0-9]+( kB)?$", &lines));
	show("read /proc/buddyinfo", slurp("/proc/buddyinfo") > 0);
	yes_no("  every line is Node N, zone NAME counts",
	       all_lines_match("^Node [0-9]+, zone +[A-Za-z0-9]+( +[0-9]+)+ *$", &lines));
}

static int proc_lists(int pid)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int found = 0;

	while (d && (e = readdir(d)))
		found |= atoi(e->d_name) == pid;
	if (d)
		closedir(d);
	return found;
}

static void other_process(void)
{
	char path[64];
	int p[2], status;
	pid_t pid;

	pipe(p);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char c;

		close(p[1]);
		read(p[0], &c, 1);	/* until the parent is done looking */
		_exit(0);
	}
	close(p[0]);
	yes_no("/proc lists our own pid", proc_lists(getpid()));
	yes_no("/proc lists the child's pid", proc_lists(pid));
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	show("read the child's status", slurp(path) > 0);
	yes_no("  its PPid is us", atoi(status_field("PPid:")) == getpid());
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	show("read the child's maps", slurp(path) > 0);
	yes_no("  has a [stack] line", strstr(text, " [stack]\n") != NULL);
	close(p[1]);
	waitpid(pid, &status, 0);
	yes_no("after wait, /proc no longer lists it", !proc_lists(pid));
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	show("open its status", open(path, O_RDONLY));
	show("open /proc/no-such-entry", open("/proc/no-such-entry", O_RDONLY));
}

int main(void)
{
	exe();
	maps();
	status();
	kernel_files();
	other_process();
	return 0;
}
