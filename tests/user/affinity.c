/*
 * CPU affinity and CPU counts, compared with Linux booted in QEMU (run as
 * init, root).
 *
 * `affinity` (on 4 CPUs): a process pinned to CPU 2 with
 * sched_setaffinity only ever runs there (getcpu after yields, sleeps and
 * busy work, while unpinned busy processes keep every CPU wanted), and
 * /proc shows it (stat's processor, status's Cpus_allowed); the mask is
 * inherited across fork and by a thread, which may then set its own;
 * the errors of sched_setaffinity, sched_getaffinity and getcpu, and
 * EPERM for another user's process.
 *
 * `affinity cpus` (on 1, 2, 4 and 8 CPUs): what glibc's sysconf,
 * get_nprocs and get_nprocs_conf, sched_getaffinity and
 * /sys/devices/system/cpu say, before and after sysfs is mounted.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

#define PINNED_CPU 2
#define SAMPLES 300
#define BUSY_CHILDREN 3
#define NO_SUCH_PID 99999

static char text[4096];

static const char *result(long r)
{
	return r < 0 ? strerrorname_np(errno) : "ok";
}

static void show(const char *what, long r)
{
	printf("%-52s %s\n", what, result(r));
}

/* The file's first line, without its newline; "(ERRNAME)" if it cannot be read. */
static const char *first_line(const char *path)
{
	int fd = open(path, O_RDONLY);
	long n;

	if (fd < 0) {
		snprintf(text, sizeof(text), "(%s)", strerrorname_np(errno));
		return text;
	}
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	text[n > 0 ? n : 0] = '\0';
	text[strcspn(text, "\n")] = '\0';
	return text;
}

/* A mask as a list of CPUs, "2" or "0-3" style but plainer: "0 1 2 3". */
static const char *cpus_of(const cpu_set_t *set)
{
	static char buf[256];
	size_t len = 0;

	buf[0] = '\0';
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, set))
			len += snprintf(buf + len, sizeof(buf) - len, "%s%d", len ? " " : "", cpu);
	return buf;
}

static const char *my_mask(pid_t pid)
{
	cpu_set_t set;

	if (sched_getaffinity(pid, sizeof(set), &set))
		return strerrorname_np(errno);
	return cpus_of(&set);
}

static int pin(pid_t pid, int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(pid, sizeof(set), &set);
}

static int cpu_now(void)
{
	unsigned int cpu = ~0u;

	syscall(SYS_getcpu, &cpu, NULL, NULL);
	return (int)cpu;
}

/* Enough arithmetic that the timer can interrupt it now and then. */
static void busy(unsigned int rounds)
{
	volatile unsigned long x = 0;

	for (unsigned int i = 0; i < rounds; i++)
		x += i * i;
}

/* ------------------------------------------------------------ counts */

static int cpu_directories(void)
{
	DIR *dir = opendir("/sys/devices/system/cpu");
	struct dirent *d;
	int n = 0;

	if (!dir)
		return -1;
	while ((d = readdir(dir)))
		if (!strncmp(d->d_name, "cpu", 3) && d->d_name[3] >= '0' && d->d_name[3] <= '9')
			n++;
	closedir(dir);
	return n;
}

static void show_counts(const char *when)
{
	cpu_set_t set;

	sched_getaffinity(0, sizeof(set), &set);
	printf("%s: sysconf online %ld, configured %ld; get_nprocs %d, get_nprocs_conf %d; "
	       "affinity %d\n", when, sysconf(_SC_NPROCESSORS_ONLN), sysconf(_SC_NPROCESSORS_CONF),
	       get_nprocs(), get_nprocs_conf(), CPU_COUNT(&set));
}

static void counts(void)
{
	static const char *const files[] = { "online", "possible", "present", "offline" };
	char path[64];
	int fd;

	show_counts("without /sys");
	mkdir("/sys", 0555);
	show("mount -t sysfs sysfs /sys", mount("sysfs", "/sys", "sysfs", 0, NULL));
	show_counts("with /sys");
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/%s", files[i]);
		printf("%s: [%s]\n", path, first_line(path));
	}
	printf("cpuN directories: %d\n", cpu_directories());
	show("mkdir in /sys/devices/system/cpu", mkdir("/sys/devices/system/cpu/x", 0755));
	fd = open("/sys/devices/system/cpu/x", O_CREAT | O_WRONLY, 0644);
	show("create a file there", fd);
	if (fd >= 0)
		close(fd);
	show("unlink online", unlink("/sys/devices/system/cpu/online"));
	show("rmdir cpu0", rmdir("/sys/devices/system/cpu/cpu0"));
	fd = open("/sys/devices/system/cpu/online", O_WRONLY);
	show("open online for writing", fd);
	if (fd >= 0)
		close(fd);
	show("umount /sys", umount("/sys"));
	printf("after umount: online [%s]\n", first_line("/sys/devices/system/cpu/online"));
}

/* --------------------------------------------------------- pinning */

/* How many of SAMPLES looks at the CPU found it elsewhere than on cpu. */
static int samples_elsewhere(int cpu)
{
	int elsewhere = 0;

	for (int i = 0; i < SAMPLES; i++) {
		if (i % 3 == 0)
			sched_yield();
		else if (i % 3 == 1)
			usleep(500);
		else
			busy(20000);
		if (cpu_now() != cpu)
			elsewhere++;
	}
	return elsewhere;
}

/* Field n (1-based) of /proc/pid/stat, counted after the command name. */
static long stat_field(pid_t pid, int n)
{
	char path[64], *p;
	long value = -1;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	first_line(path);
	p = strrchr(text, ')');
	for (int field = 2; p && field < n; field++)
		p = strchr(p + 1, ' ');
	if (p)
		sscanf(p + 1, "%ld", &value);
	return value;
}

static void status_lines(pid_t pid)
{
	char path[64], *line, *save;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(text, sizeof(text), f))
		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			if (!strncmp(line, "Cpus_allowed", 12))
				printf("  status %s\n", line);
	fclose(f);
}

static void *thread_main(void *arg)
{
	(void)arg;
	printf("thread: inherited mask [%s]\n", my_mask(0));
	show("thread: pin itself to CPU 1", pin(0, 1));
	printf("thread: on CPU 1 as the call returns: %s\n", cpu_now() == 1 ? "yes" : "no");
	printf("thread: own mask [%s], samples off CPU 1: %d\n", my_mask(0),
	       samples_elsewhere(1));
	printf("thread: process's main thread still [%s]\n", my_mask(getpid()));
	fflush(stdout);
	return NULL;
}

static void pinned(void)
{
	pid_t busy_pids[BUSY_CHILDREN], child;
	pthread_t thread;
	int status;

	for (int i = 0; i < BUSY_CHILDREN; i++) {
		busy_pids[i] = fork();
		if (busy_pids[i] == 0)
			for (;;)
				busy(1000000);
	}
	show("pin to CPU 2", pin(0, PINNED_CPU));
	printf("on CPU 2 as the call returns: %s\n", cpu_now() == PINNED_CPU ? "yes" : "no");
	printf("mask after setaffinity: [%s]\n", my_mask(0));
	printf("samples off CPU 2: %d of %d\n", samples_elsewhere(PINNED_CPU), SAMPLES);
	printf("/proc/self/stat processor: %ld\n", stat_field(getpid(), 39));
	status_lines(getpid());

	fflush(stdout);
	child = fork();
	if (child == 0) {
		printf("child: inherited mask [%s], samples off CPU 2: %d\n", my_mask(0),
		       samples_elsewhere(PINNED_CPU));
		exit(0);
	}
	waitpid(child, &status, 0);

	pthread_create(&thread, NULL, thread_main, NULL);
	pthread_join(thread, NULL);
	printf("main thread: mask [%s]\n", my_mask(0));

	for (int i = 0; i < BUSY_CHILDREN; i++) {
		printf("busy child %d: mask [%s]\n", i, my_mask(busy_pids[i]));
		kill(busy_pids[i], SIGKILL);
		waitpid(busy_pids[i], &status, 0);
	}
}

/* ----------------------------------------------------------- errors */

static void errors(void)
{
	unsigned long mask[16] = { 0 };
	unsigned int cpu;
	cpu_set_t set;

	show("setaffinity: empty mask", syscall(SYS_sched_setaffinity, 0, sizeof(mask), mask));
	mask[0] = 1UL << 40;
	show("setaffinity: only CPU 40 (not possible)",
	     syscall(SYS_sched_setaffinity, 0, sizeof(mask), mask));
	mask[0] = 0;
	mask[1] = 1;
	show("setaffinity: only CPU 64", syscall(SYS_sched_setaffinity, 0, sizeof(mask), mask));
	mask[0] = 0xff;
	show("setaffinity: len 0", syscall(SYS_sched_setaffinity, 0, 0, mask));
	show("setaffinity: no such pid", syscall(SYS_sched_setaffinity, NO_SUCH_PID, 8, mask));
	show("setaffinity: bad pointer", syscall(SYS_sched_setaffinity, 0, 8, (void *)8));
	show("setaffinity: bad pointer, no such pid",
	     syscall(SYS_sched_setaffinity, NO_SUCH_PID, 8, (void *)8));
	show("setaffinity: CPUs 0-7 of 4 (the others ignored)",
	     syscall(SYS_sched_setaffinity, 0, 8, mask));
	printf("mask now: [%s]\n", my_mask(0));

	show("getaffinity: len 0", syscall(SYS_sched_getaffinity, 0, 0, mask));
	show("getaffinity: len 4 (not a whole long)", syscall(SYS_sched_getaffinity, 0, 4, mask));
	show("getaffinity: len 12", syscall(SYS_sched_getaffinity, 0, 12, mask));
	show("getaffinity: no such pid", sched_getaffinity(NO_SUCH_PID, sizeof(set), &set));
	show("getaffinity: bad pointer", syscall(SYS_sched_getaffinity, 0, 8, (void *)8));
	show("getaffinity: init (pid 1)", sched_getaffinity(1, sizeof(set), &set));

	show("getcpu: both pointers NULL", syscall(SYS_getcpu, NULL, NULL, NULL));
	show("getcpu: bad cpu pointer", syscall(SYS_getcpu, (void *)8, NULL, NULL));
	show("getcpu: bad node pointer", syscall(SYS_getcpu, &cpu, (void *)8, NULL));
}

/* A user without root: its own process yes, root's no, though it may look. */
static void as_user(void)
{
	pid_t child;
	int status;

	fflush(stdout);
	child = fork();
	if (child == 0) {
		show("user 1000: setresuid", setresuid(1000, 1000, 1000));
		show("user 1000: pin itself to CPU 3", pin(0, 3));
		printf("user 1000: mask [%s], samples off CPU 3: %d\n", my_mask(0),
		       samples_elsewhere(3));
		show("user 1000: pin init (root's)", pin(1, 3));
		printf("user 1000: init's mask [%s]\n", my_mask(1));
		exit(0);
	}
	waitpid(child, &status, 0);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	if (argc > 1 && !strcmp(argv[1], "cpus")) {
		counts();
		return 0;
	}
	pinned();
	errors();
	as_user();
	return 0;
}
