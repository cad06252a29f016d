/*
 * The machine as programs ask about it: uname and sethostname, sysinfo,
 * /proc/version, uptime and loadavg, the CPU count and the caller's CPU,
 * the wall clock (set from the real-time clock at boot, then set by
 * clock_settime/settimeofday), /dev/full, /dev/urandom and /dev/random, and
 * getrandom's long requests (cut at a hole, or by a signal, with the count
 * copied so far). Compared with Linux booted in QEMU (it sets the host
 * name and the clock, which must not happen to the machine running
 * user-mode QEMU). Nothing that differs between runs is printed: only
 * relations and errnos.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
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
#define PAGE 4096L
#define MIB (1L << 20)
#define LOW_FIXED_ADDRESS ((void *)0x10000000000UL)	/* 1 TiB: far below the top of user space */
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

/*
 * A request of 1 TiB, far past Linux's cap, into two pages before a hole:
 * both calls return what they copied before the hole, not EFAULT. The
 * mapping is placed low so that the whole 1 TiB range is a user range.
 */
static void random_up_to_a_hole(void)
{
	char *buf = mmap(LOW_FIXED_ADDRESS, 3 * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	int fd = open("/dev/urandom", O_RDONLY);

	munmap(buf + 2 * PAGE, PAGE);
	printf("getrandom of 1 TiB into 2 pages before a hole: %ld\n",
	       syscall(SYS_getrandom, buf, 1L << 40, 0));
	printf("read of 1 TiB from /dev/urandom, the same: %ld\n",
	       syscall(SYS_read, fd, buf, 1L << 40));
	close(fd);
	munmap(buf, 2 * PAGE);
}

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/*
 * 2 GiB of random bytes (Linux cuts the request to 2 GiB less a page)
 * into one 1 MiB file mapped over and over, so that it costs no memory,
 * with a timer signal 20 ms in: no machine copies that much in 20 ms, so
 * the call ends early, at a page, with what it copied and no EINTR.
 */
static void random_cut_by_a_signal(void)
{
	const long area_size = 2048 * MIB;
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval in_20ms = { .it_value = { 0, 20000 } };
	char *area = mmap(NULL, area_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
			  -1, 0);
	int fd = open("/random-area", O_RDWR | O_CREAT | O_TRUNC, 0600);
	long got;

	ftruncate(fd, MIB);
	for (long off = 0; off < area_size; off += MIB)
		mmap(area + off, MIB, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &in_20ms, NULL);
	got = syscall(SYS_getrandom, area, area_size, 0);
	printf("getrandom of 2 GiB, a signal 20 ms in: returned > 0 %d, short %d, "
	       "whole pages %d, handler ran %d\n", got > 0, got < area_size - PAGE,
	       got % PAGE == 0, alarms);
	munmap(area, area_size);
	close(fd);
	unlink("/random-area");
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
	random_up_to_a_hole();
	random_cut_by_a_signal();
	return 0;
}
