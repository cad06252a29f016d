/*
 * What tests/user/procfiles.c and mounts.c cannot compare with Linux
 * booted from the test initramfs, checked by tkern alone ("ok"/"FAIL"):
 * the /dev links rootfs_init makes (Linux's initramfs has no devtmpfs),
 * reading a redirected file through /dev/stdin, personality(PER_LINUX32)
 * refused as on arm64 Linux without 32-bit user support (QEMU's
 * cortex-a72 has it, so booted Linux accepts it), /proc/stat's ticks
 * adding up, and a leak check: 300 rounds of tmpfs mounts filled and
 * unmounted and of the new /proc files read leave free memory and slab
 * where they were.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tkern_check.h"

#define ROUNDS 300
#define DIR_ "/tmp/procdev-mnt"

static int link_is(const char *path, const char *target)
{
	char buf[256];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	if (n < 0)
		return 0;
	buf[n] = '\0';
	return !strcmp(buf, target);
}

static void dev_links(void)
{
	int fd, saved;

	check("/dev/fd -> /proc/self/fd", link_is("/dev/fd", "/proc/self/fd"));
	check("/dev/stdin -> /proc/self/fd/0", link_is("/dev/stdin", "/proc/self/fd/0"));
	check("/dev/stdout -> /proc/self/fd/1", link_is("/dev/stdout", "/proc/self/fd/1"));
	check("/dev/stderr -> /proc/self/fd/2", link_is("/dev/stderr", "/proc/self/fd/2"));
	fd = open("/tmp/procdev-in", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, "from a file\n", 12);
	lseek(fd, 0, SEEK_SET);
	saved = dup(0);
	dup2(fd, 0);
	check("/dev/stdin reads the file on descriptor 0",
	      slurp("/dev/stdin") == 12 && !strcmp(text, "from a file\n"));
	check("/dev/fd/0 lists as a link", link_is("/dev/fd/0", "/tmp/procdev-in"));
	dup2(saved, 0);
	close(saved);
	close(fd);
	unlink("/tmp/procdev-in");
}

static void personality_32(void)
{
	check("personality(PER_LINUX32): EINVAL",
	      personality(PER_LINUX32) == -1 && errno == EINVAL);
	check("personality(PER_LINUX32 | ADDR_NO_RANDOMIZE): EINVAL",
	      personality(PER_LINUX32 | ADDR_NO_RANDOMIZE) == -1 && errno == EINVAL);
	check("personality unchanged: 0", personality(0xffffffff) == 0);
}

/* The cpu line is the sum of the cpuN lines, read from one snapshot. */
static void stat_adds_up(void)
{
	unsigned long total[4] = { 0 }, sum[4] = { 0 }, v[4];
	char *line, *save;
	int i;

	slurp("/proc/stat");
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "cpu", 3))
			continue;
		sscanf(line + (line[3] == ' ' ? 4 : 5 + (line[4] >= '0' && line[4] <= '9')),
		       "%lu %lu %lu %lu", &v[0], &v[1], &v[2], &v[3]);
		for (i = 0; i < 4; i++) {
			if (line[3] == ' ')
				total[i] = v[i];
			else
				sum[i] += v[i];
		}
	}
	check("/proc/stat: cpu user+system+idle > 0", total[0] + total[2] + total[3] > 0);
	check("/proc/stat: cpu within a tick per CPU of the cpuN sums",
	      total[0] + total[2] + total[3] <= sum[0] + sum[2] + sum[3] + 8 &&
	      sum[0] + sum[2] + sum[3] <= total[0] + total[2] + total[3] + 8);
}

static long meminfo_kb(const char *name)
{
	char *at;

	slurp("/proc/meminfo");
	at = strstr(text, name);
	return at ? atol(at + strlen(name)) : -1;
}

/* Every entry of dir read (links: only their targets, fd/0 is the console). */
static void read_all(const char *dir, int links_only)
{
	char path[512];
	struct dirent *d;
	DIR *dp = opendir(dir);

	while (dp && (d = readdir(dp))) {
		if (d->d_name[0] == '.' || !strcmp(d->d_name, "task"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if (d->d_type == DT_REG && !links_only)
			slurp(path);
		readlink(path, text, 256);
	}
	if (dp)
		closedir(dp);
}

static int one_round(void)
{
	char buf[4096];
	int fd, ok;

	memset(buf, 'y', sizeof(buf));
	ok = mount("t", DIR_, "tmpfs", 0, "size=32k") == 0;
	fd = open(DIR_ "/f", O_WRONLY | O_CREAT, 0644);
	while (write(fd, buf, sizeof(buf)) > 0)
		;
	ok &= errno == ENOSPC;
	close(fd);
	ok &= umount(DIR_) == 0;
	read_all("/proc/self", 0);
	read_all("/proc/self/fd", 1);
	read_all("/proc/self/fdinfo", 0);
	read_all("/proc/sys/kernel", 0);
	slurp("/proc/stat");
	slurp("/proc/cpuinfo");
	slurp("/proc/mounts");
	return ok;
}

static void no_leaks(void)
{
	long before;
	int i, ok = 1;

	mkdir(DIR_, 0755);
	for (i = 0; i < 20; i++)	/* the first rounds fill the caches */
		ok &= one_round();
	before = meminfo_kb("MemFree:") + meminfo_kb("Slab:");
	for (i = 0; i < ROUNDS; i++)
		ok &= one_round();
	check("300 rounds: tmpfs mounted, filled to ENOSPC, unmounted", ok);
	check("... and /proc read: MemFree + Slab as before",
	      meminfo_kb("MemFree:") + meminfo_kb("Slab:") >= before - 64);
	rmdir(DIR_);
}

int main(void)
{
	mkdir("/tmp", 01777);
	dev_links();
	personality_32();
	stat_adds_up();
	no_leaks();
	printf("%s\n", failures ? "procdev: some checks failed" : "procdev: all checks passed");
	return failures != 0;
}
