/*
 * swapon(2) and swapoff(2) refusals, each printed with its errno name, on
 * tkern and on Linux booted in QEMU with the same disks
 * (tests/swap/swapon.sh runs it; the outputs are compared line by line):
 * the order of Linux's checks (flags before privileges, privileges before
 * the path), bad pointers, paths that are no block device, and a swap
 * area used twice (also by two processes at once), and /proc/swaps with an area of a chosen priority
 * (BusyBox's swapon has no -p). argv[1] is a disk holding a swap area not in use,
 * argv[2] a disk without one. Never run it on a machine whose swap you
 * care about: it swaps argv[1] on and off.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define BAD_POINTER ((const char *)16)

static void report(const char *what, long ret)
{
	printf("%-44s %s\n", what, ret ? strerrorname_np(errno) : "ok");
}

/* The raw calls: glibc's wrappers would not pass a bad pointer through unchanged otherwise. */
static long do_swapon(const char *path, long flags)
{
	return syscall(SYS_swapon, path, flags);
}

static long do_swapoff(const char *path)
{
	return syscall(SYS_swapoff, path);
}

static void show_swaps(void)
{
	FILE *f = fopen("/proc/swaps", "r");
	char line[256];

	while (f && fgets(line, sizeof(line), f))
		fputs(line, stdout);
	if (f)
		fclose(f);
}

/*
 * Two processes swap the same area on at once: one wins, the other gets
 * EBUSY (tkern reserves the area before it reads the header, Linux claims
 * the disk first), whichever comes first.
 */
static void race(const char *area)
{
	int fds[2], ok = 0, busy = 0, i;
	char result;
	pid_t pid[2];

	if (pipe(fds))
		return;
	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			result = do_swapon(area, 0) ? (errno == EBUSY ? 'b' : 'e') : 'o';
			_exit(write(fds[1], &result, 1) != 1);
		}
	}
	close(fds[1]);
	while (read(fds[0], &result, 1) == 1) {
		ok += result == 'o';
		busy += result == 'b';
	}
	close(fds[0]);
	for (i = 0; i < 2; i++)
		waitpid(pid[i], NULL, 0);
	printf("two swapons at once: %d ok, %d EBUSY\n", ok, busy);
	report("swapoff after the race", do_swapoff(area));
}

static void as_nobody(const char *area)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(1);
		report("user: swapon of the area", do_swapon(area, 0));
		report("user: swapon with unknown flags", do_swapon(area, 0x80000));
		report("user: swapoff of the area", do_swapoff(area));
		report("user: swapoff of a bad pointer", do_swapoff(BAD_POINTER));
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

int main(int argc, char **argv)
{
	const char *area = argv[1], *other = argv[2];

	if (argc != 3) {
		fprintf(stderr, "usage: swapcalls SWAP-DISK OTHER-DISK\n");
		return 2;
	}
	as_nobody(area);
	report("swapon with unknown flags", do_swapon(area, 0x80000));
	report("swapon of a bad pointer", do_swapon(BAD_POINTER, 0));
	report("swapon of \"\"", do_swapon("", 0));
	report("swapon of a missing path", do_swapon("/no/such/disk", 0));
	report("swapon of a directory", do_swapon("/", 0));
	report("swapon of /dev/null", do_swapon("/dev/null", 0));
	report("swapon of a disk without a swap header", do_swapon(other, 0));
	report("swapoff of a bad pointer", do_swapoff(BAD_POINTER));
	report("swapoff of a missing path", do_swapoff("/no/such/disk"));
	report("swapoff of /dev/null", do_swapoff("/dev/null"));
	report("swapoff of an area not swapped on", do_swapoff(area));
	report("swapon of the area, priority 7", do_swapon(area, SWAP_FLAG_PREFER | 7));
	show_swaps();
	report("swapon of the area again", do_swapon(area, 0));
	report("swapon of the area again, another priority", do_swapon(area, SWAP_FLAG_PREFER));
	report("swapoff of the area", do_swapoff(area));
	report("swapoff of the area again", do_swapoff(area));
	race(area);
	return 0;
}
