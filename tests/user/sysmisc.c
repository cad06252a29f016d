/*
 * The machine as programs ask about it: uname and sethostname, sysinfo,
 * /proc/version, uptime and loadavg, the CPU count and the caller's CPU,
 * the wall clock (set from the real-time clock at boot, then set by
 * clock_settime/settimeofday), and /dev/full, /dev/urandom and /dev/random. Compared with Linux booted in
 * QEMU (it sets the host name and the clock, which must not happen to the
 * machine running user-mode QEMU). Nothing that differs between runs is
 * printed: only relations and errnos.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define BAD_POINTER ((void *)16)
#define YEAR_2020 1577836800L
#define YEAR_2030 1893456000L

static void errno_of(const char *what, long ret)
{
	printf("%-44s %s\n", what, ret < 0 ? strerrorname_np(errno) : "ok");
}

static void names(void)
{
	struct utsname u;

	uname(&u);
	printf("sysname %s, machine %s, nodename %s, domain %s\n", u.sysname, u.machine,
	       u.nodename, u.domainname);
	errno_of("sethostname(\"lab-machine\")", sethostname("lab-machine", 11));
	errno_of("setdomainname(\"course\")", setdomainname("course", 6));
	uname(&u);
	printf("now nodename %s, domain %s\n", u.nodename, u.domainname);
	errno_of("sethostname with 65 bytes", sethostname(u.release, 65));
	errno_of("sethostname from a bad pointer", syscall(SYS_sethostname, BAD_POINTER, 4));
	errno_of("uname into a bad pointer", syscall(SYS_uname, BAD_POINTER));
}

static void vital_signs(void)
{
	struct sysinfo si;
	cpu_set_t set;
	unsigned int cpu;

	errno_of("sysinfo", sysinfo(&si));
	printf("mem_unit %u, free <= total: %d, some free: %d, procs > 0: %d, swap %lu\n",
	       si.mem_unit, si.freeram <= si.totalram, si.freeram > 0, si.procs > 0,
	       si.totalswap);
	errno_of("sysinfo into a bad pointer", syscall(SYS_sysinfo, BAD_POINTER));
	printf("online CPUs %ld\n", sysconf(_SC_NPROCESSORS_ONLN));
	errno_of("sched_getaffinity", sched_getaffinity(0, sizeof(set), &set));
	printf("CPUs in the mask %d\n", CPU_COUNT(&set));
	errno_of("sched_getaffinity, 0 bytes", syscall(SYS_sched_getaffinity, 0, 0, &set));
	errno_of("sched_getaffinity, 3 bytes", syscall(SYS_sched_getaffinity, 0, 3, &set));
	errno_of("sched_getaffinity of no such pid",
		 syscall(SYS_sched_getaffinity, 99999, sizeof(set), &set));
	errno_of("getcpu", syscall(SYS_getcpu, &cpu, NULL, NULL));
	printf("running on an online CPU: %d\n", cpu < (unsigned int)CPU_COUNT(&set));
}

static void wall_clock(void)
{
	struct timespec ts = { YEAR_2030, 0 }, now;
	struct timeval tv = { YEAR_2030 + 3600, 2000000 };

	clock_gettime(CLOCK_REALTIME, &now);
	printf("the clock is past 2020: %d\n", now.tv_sec > YEAR_2020);
	errno_of("clock_settime(CLOCK_REALTIME, 2030)", clock_settime(CLOCK_REALTIME, &ts));
	clock_gettime(CLOCK_REALTIME, &now);
	printf("now in 2030's first minute: %d\n", now.tv_sec - YEAR_2030 < 60);
	errno_of("clock_settime(CLOCK_MONOTONIC)", clock_settime(CLOCK_MONOTONIC, &ts));
	ts.tv_nsec = 1000000000;
	errno_of("clock_settime with 10^9 ns", clock_settime(CLOCK_REALTIME, &ts));
	errno_of("settimeofday with 2,000,000 us", settimeofday(&tv, NULL));
	tv.tv_usec = 0;
	errno_of("settimeofday(an hour later)", settimeofday(&tv, NULL));
	gettimeofday(&tv, NULL);
	printf("gettimeofday an hour later: %d\n", tv.tv_sec - YEAR_2030 - 3600 < 60);
}

/* An initramfs for Linux has no /dev unless it makes one: make the nodes used here. */
static void make_node(const char *path, unsigned int major, unsigned int minor)
{
	mkdir("/dev", 0755);
	if (access(path, F_OK) != 0)
		mknod(path, S_IFCHR | 0666, makedev(major, minor));
}

static void devices(void)
{
	char buf[64];
	int fd;

	make_node("/dev/full", 1, 7);
	make_node("/dev/random", 1, 8);
	make_node("/dev/urandom", 1, 9);
	fd = open("/dev/full", O_RDWR);

	memset(buf, 'x', sizeof(buf));
	errno_of("write to /dev/full", write(fd, buf, sizeof(buf)));
	printf("read from /dev/full: %zd, zeroed: %d\n", read(fd, buf, sizeof(buf)),
	       buf[0] == 0 && buf[63] == 0);
	close(fd);
	fd = open("/dev/urandom", O_RDONLY);
	printf("read from /dev/urandom: %zd\n", read(fd, buf, sizeof(buf)));
	errno_of("read /dev/urandom into a bad pointer", syscall(SYS_read, fd, BAD_POINTER, 8));
	close(fd);
	fd = open("/dev/random", O_RDWR);
	printf("read from /dev/random: %zd, write: %zd\n", read(fd, buf, 16),
	       write(fd, buf, 16));
	close(fd);
}

static void read_proc(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (f) {
		if (!fgets(buf, (int)size, f))
			buf[0] = '\0';
		fclose(f);
	}
}

/* The /proc files uptime and top read: their shape, not their values. */
static void proc_files(void)
{
	char line[256], word[16], version[16];
	double up, idle, load[3];
	int running, total, last;

	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	read_proc("/proc/version", line, sizeof(line));
	sscanf(line, "%15s %15s", word, version);
	printf("/proc/version starts: %s %s\n", word, version);
	read_proc("/proc/uptime", line, sizeof(line));
	printf("/proc/uptime: %d fields, up > 0: %d\n", sscanf(line, "%lf %lf", &up, &idle),
	       up > 0);
	read_proc("/proc/loadavg", line, sizeof(line));
	printf("/proc/loadavg: %d fields, running <= total: %d\n",
	       sscanf(line, "%lf %lf %lf %d/%d %d", &load[0], &load[1], &load[2], &running,
		      &total, &last), running <= total);
}

int main(void)
{
	proc_files();
	names();
	vital_signs();
	wall_clock();
	devices();
	return 0;
}
