/*
 * sysfs on tkern (tkern only: Linux's sysfs has much more, and its memory
 * moves with its caches): the CPU lists agree with sched_getaffinity and
 * /proc/stat, a second mount is a tree of its own, /proc/mounts shows
 * both, statfs says SYSFS_MAGIC, a debug cache's alloc_calls counts the
 * objects a caller holds, and a thousand mount, read and umount cycles
 * give all their memory back (MemFree + Slab as before).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include "tkern_check.h"
#include "meminfo.h"

#define SYSFS_MAGIC 0x62656572
#define CYCLES 1000

/* "0-3" or "0": the CPUs a list names, counted. */
static int list_count(const char *path)
{
	int first, last, n = 0;
	char *p = text;

	if (slurp(path) < 0)
		return -1;
	while (sscanf(p, "%d", &first) == 1) {
		last = first;
		p += strspn(p, "0123456789");
		if (*p == '-') {
			sscanf(++p, "%d", &last);
			p += strspn(p, "0123456789");
		}
		n += last - first + 1;
		if (*p != ',')
			break;
		p++;
	}
	return n;
}

static int proc_stat_cpus(void)
{
	int n = 0;
	char *p = text;

	slurp("/proc/stat");
	while ((p = strstr(p, "\ncpu"))) {
		p += 4;
		if (*p >= '0' && *p <= '9')
			n++;
	}
	return n;
}

static void lists(void)
{
	cpu_set_t set;
	struct statfs st;

	sched_getaffinity(0, sizeof(set), &set);
	check("online names as many CPUs as sched_getaffinity",
	      list_count("/sys/devices/system/cpu/online") == CPU_COUNT(&set));
	check("... and as /proc/stat's cpuN lines",
	      list_count("/sys/devices/system/cpu/online") == proc_stat_cpus());
	check("possible and present: the same CPUs",
	      list_count("/sys/devices/system/cpu/possible") == CPU_COUNT(&set) &&
	      list_count("/sys/devices/system/cpu/present") == CPU_COUNT(&set));
	check("offline: an empty line", slurp("/sys/devices/system/cpu/offline") == 1);
	check("statfs: SYSFS_MAGIC", statfs("/sys", &st) == 0 && st.f_type == SYSFS_MAGIC);
}

static void second_mount(void)
{
	mkdir("/tmp", 0777);
	mkdir("/tmp/sys2", 0755);
	check("a second mount", mount("sysfs", "/tmp/sys2", "sysfs", 0, NULL) == 0);
	check("... has its own tree", list_count("/tmp/sys2/devices/system/cpu/online") ==
	      list_count("/sys/devices/system/cpu/online"));
	slurp("/proc/mounts");
	check("/proc/mounts shows both", strstr(text, "sysfs /sys sysfs rw,relatime 0 0\n") &&
	      strstr(text, "sysfs /tmp/sys2 sysfs rw,relatime 0 0\n"));
	check("umount the second", umount("/tmp/sys2") == 0);
	check("... the first is still there", list_count("/sys/devices/system/cpu/online") > 0);
	rmdir("/tmp/sys2");
}

/* alloc_pipe_info's count in kmalloc-192's alloc_calls; -1 without the file. */
static long pipe_rings(void)
{
	char *line;

	if (slurp("/sys/kernel/slab/kmalloc-192/alloc_calls") < 0)
		return -1;
	line = strstr(text, " alloc_pipe_info+");
	if (!line)
		return 0;
	while (line > text && line[-1] != '\n')
		line--;
	return atol(line);
}

/*
 * Booted with slub_debug=U,kmalloc-192 (tests/run.py), that cache names
 * the callers of its objects in use; a pipe's ring is one of them.
 */
static void alloc_calls(void)
{
	int fds[20][2], made = 0;
	long before = pipe_rings();

	check("kmalloc-192, a debug cache, has alloc_calls", before >= 0);
	check("kmalloc-64, not one, has none",
	      slurp("/sys/kernel/slab/kmalloc-64/alloc_calls") < 0 && errno == ENOENT);
	for (int i = 0; i < 20; i++)
		made += pipe(fds[i]) == 0;
	check("20 pipes: alloc_pipe_info holds 20 more objects",
	      made == 20 && pipe_rings() == before + 20);
	for (int i = 0; i < 20; i++) {
		close(fds[i][0]);
		close(fds[i][1]);
	}
	check("... and none more once they are closed", pipe_rings() == before);
}

static void cycles(void)
{
	long before;
	int i, ok = 1;

	before = meminfo_kb("MemFree:") + meminfo_kb("Slab:");
	for (i = 0; i < CYCLES && ok; i++) {
		ok = mount("sysfs", "/sys", "sysfs", 0, NULL) == 0 &&
		     list_count("/sys/devices/system/cpu/possible") > 0 && umount("/sys") == 0;
	}
	check("1,000 mount, read, umount cycles", ok);
	check("... and MemFree + Slab as before",
	      meminfo_kb("MemFree:") + meminfo_kb("Slab:") >= before - 16);
}

int main(void)
{
	mount("proc", "/proc", "proc", 0, NULL);
	mkdir("/sys", 0555);
	check("mount -t sysfs sysfs /sys", mount("sysfs", "/sys", "sysfs", 0, NULL) == 0);
	lists();
	alloc_calls();
	second_mount();
	check("umount /sys", umount("/sys") == 0);
	cycles();
	printf("%s\n", failures ? "sysfs: some checks failed" : "sysfs: all checks passed");
	return failures != 0;
}
