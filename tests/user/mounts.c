/*
 * Mounts as a program sees them: tmpfs mounted on a directory (size=,
 * mode=, the ENOSPC a full one gives, what statfs and fstatfs report, its
 * own st_dev, noexec), path walks crossing into a mount and back out by "..",
 * the files a mount hides, /proc/mounts (oldest first), umount2's EBUSY
 * and EINVAL, and mount's errors; then personality(2). Run as init and compared with Linux
 * booted in QEMU (mounting needs root, and a real kernel underneath).
 * Only values that are the same on every run and every machine are
 * printed: relations, counts, errnos.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define BAD_POINTER ((void *)16)
#define DIR_ "/tmp/mnt-test"
#define TMPFS_MAGIC 0x01021994
#define PROC_SUPER_MAGIC 0x9fa0
#define PIPEFS_MAGIC 0x50495045

static void errno_of(const char *what, long ret)
{
	printf("%-48s %s\n", what, ret < 0 ? strerrorname_np(errno) : "ok");
}

static const char *magic_name(long type)
{
	switch (type) {
	case TMPFS_MAGIC:
		return "tmpfs";
	case PROC_SUPER_MAGIC:
		return "proc";
	case PIPEFS_MAGIC:
		return "pipefs";
	default:
		return "other";
	}
}

static void show_statfs(const char *what, const struct statfs *st)
{
	printf("%s: type %s bsize %ld frsize %ld namelen %ld flags %#lx\n", what,
	       magic_name(st->f_type), (long)st->f_bsize, (long)st->f_frsize,
	       (long)st->f_namelen, (long)st->f_flags);
}

/* The line of /proc/mounts for path, without anything that differs between machines. */
static void show_mount_line(const char *path)
{
	char line[512], dev[64], where[256], type[32], opts[256];
	FILE *f = fopen("/proc/mounts", "r");
	int found = 0;

	if (!f) {
		printf("/proc/mounts: %s\n", strerrorname_np(errno));
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %255s %31s %255s", dev, where, type, opts) == 4 &&
		    !strcmp(where, path)) {
			printf("mounts: %s %s %s %s\n", dev, where, type, opts);
			found = 1;
		}
	}
	fclose(f);
	if (!found)
		printf("mounts: nothing on %s\n", path);
}

static long fill(const char *path)
{
	char page[4096];
	long total = 0, n;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	memset(page, 'x', sizeof(page));
	while ((n = write(fd, page, sizeof(page))) > 0)
		total += n;
	printf("filled %ld bytes, then %s\n", total, n < 0 ? strerrorname_np(errno) : "0");
	close(fd);
	return total;
}

static void tmpfs_basics(void)
{
	struct statfs st, before;
	struct stat root, parent, file;

	mkdir(DIR_, 0755);
	close(open(DIR_ "/hidden", O_WRONLY | O_CREAT, 0644));
	errno_of("mount tmpfs size=64k,mode=750", mount("test", DIR_, "tmpfs", 0, "size=64k,mode=750"));
	show_mount_line(DIR_);
	errno_of("the covered file is hidden", access(DIR_ "/hidden", F_OK));
	stat(DIR_, &root);
	stat("/tmp", &parent);
	printf("root mode %o, own device: %d\n", root.st_mode & 07777, root.st_dev != parent.st_dev);
	errno_of("statfs", statfs(DIR_, &before));
	show_statfs("tmpfs", &before);
	printf("blocks %ld, free %ld, avail %ld\n", (long)before.f_blocks, (long)before.f_bfree,
	       (long)before.f_bavail);
	fill(DIR_ "/big");
	statfs(DIR_, &st);
	printf("after filling: free %ld; files used %ld\n", (long)st.f_bfree,
	       (long)(before.f_ffree - st.f_ffree));
	stat(DIR_ "/big", &file);
	printf("file on the mount's device: %d, %ld blocks\n", file.st_dev == root.st_dev,
	       (long)file.st_blocks);
	errno_of("unlink the full file", unlink(DIR_ "/big"));
	statfs(DIR_, &st);
	printf("after unlink: free %ld\n", (long)st.f_bfree);
}

static void crossing(void)
{
	char cwd[256];
	int fd;

	mkdir(DIR_ "/sub", 0755);
	errno_of("chdir into the mount", chdir(DIR_ "/sub"));
	printf("getcwd %s\n", getcwd(cwd, sizeof(cwd)) ? cwd : strerrorname_np(errno));
	errno_of("chdir ../..", chdir("../.."));
	printf("getcwd %s\n", getcwd(cwd, sizeof(cwd)) ? cwd : strerrorname_np(errno));
	errno_of("open mnt-test/sub/../../mnt-test", (fd = open("mnt-test/sub/../../mnt-test",
							       O_RDONLY | O_DIRECTORY)));
	close(fd);
	chdir("/");
}

/*
 * Directories moved between parents inside the mount: the check that a
 * directory does not go into its own subtree must end at the mount's
 * root (the fuzzer found it looping for ever there).
 */
static void renames_inside(void)
{
	mkdir(DIR_ "/a", 0755);
	mkdir(DIR_ "/a/b", 0755);
	mkdir(DIR_ "/c", 0755);
	errno_of("rename a directory to another parent", rename(DIR_ "/a", DIR_ "/c/a"));
	errno_of("rename a directory into its own subtree", rename(DIR_ "/c", DIR_ "/c/a/b/c"));
	errno_of("rename it back up", rename(DIR_ "/c/a/b", DIR_ "/b"));
	rmdir(DIR_ "/b");
	rmdir(DIR_ "/c/a");
	rmdir(DIR_ "/c");
}

/*
 * A mount point cannot be renamed nor replaced (its mount would be lost
 * from every path, the fuzzer found, and never unmounted); its parent
 * can, and the mount moves with it.
 */
static void renames_around_a_mount(void)
{
	mkdir("/tmp/mp-parent", 0755);
	mkdir("/tmp/mp-parent/mp", 0755);
	mkdir("/tmp/mp-other", 0755);
	errno_of("mount tmpfs on a directory to rename", mount("mp", "/tmp/mp-parent/mp", "tmpfs",
							     0, NULL));
	close(open("/tmp/mp-parent/mp/file", O_WRONLY | O_CREAT, 0644));
	errno_of("rename the mount point", rename("/tmp/mp-parent/mp", "/tmp/mp-moved"));
	errno_of("rename a directory onto the mount point",
		 rename("/tmp/mp-other", "/tmp/mp-parent/mp"));
	errno_of("rename the mount point's parent", rename("/tmp/mp-parent", "/tmp/mp-renamed"));
	show_mount_line("/tmp/mp-renamed/mp");
	errno_of("its file, by the new path", access("/tmp/mp-renamed/mp/file", F_OK));
	errno_of("umount by the new path", umount("/tmp/mp-renamed/mp"));
	rmdir("/tmp/mp-renamed/mp");
	rmdir("/tmp/mp-renamed");
	rmdir("/tmp/mp-other");
}

/*
 * A shared mapping of a file in a full tmpfs: touching a hole raises
 * SIGBUS (no page can be had, and no OOM kill would make room), and a
 * system call writing there fails with EFAULT (tkern's kernel-mode
 * fault retried it for ever, the fuzzer found).
 */
static void full_mapping(void)
{
	char page[4096], *map;
	int fd, status;
	pid_t pid;

	mkdir("/tmp/full-test", 0755);
	errno_of("mount tmpfs size=16k", mount("full", "/tmp/full-test", "tmpfs", 0, "size=16k"));
	fd = open("/tmp/full-test/file", O_RDWR | O_CREAT, 0644);
	ftruncate(fd, 16 * 4096);
	map = mmap(NULL, 16 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	memset(page, 'x', sizeof(page));
	while (write(fd, page, sizeof(page)) > 0)
		;
	errno_of("a system call writes into a hole of the full tmpfs",
		 syscall(SYS_gettimeofday, map + 12 * 4096, NULL));
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		map[13 * 4096] = 1;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	printf("a store into a hole of the full tmpfs: %s\n",
	       WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "no signal");
	munmap(map, 16 * 4096);
	close(fd);
	errno_of("umount the full tmpfs", umount("/tmp/full-test"));
	rmdir("/tmp/full-test");
}

static void busy(void)
{
	int fd = open(DIR_ "/open", O_RDWR | O_CREAT, 0644);

	errno_of("umount with a file open", umount(DIR_));
	close(fd);
	unlink(DIR_ "/open");
	fd = open(DIR_ "/unlinked", O_RDWR | O_CREAT, 0644);
	unlink(DIR_ "/unlinked");
	errno_of("umount with an unlinked file open", umount(DIR_));
	close(fd);
	chdir(DIR_ "/sub");
	errno_of("umount with the cwd inside", umount(DIR_));
	chdir("/");
	errno_of("rmdir the mount point", rmdir(DIR_));
	errno_of("umount a directory that is no mount", umount("/tmp"));
	errno_of("umount a missing path", umount("/tmp/nothing-here"));
	errno_of("umount2 with unknown flags", umount2(DIR_, 0x100));
	errno_of("umount from a bad pointer", umount(BAD_POINTER));
	errno_of("umount", umount(DIR_));
	errno_of("the covered file is back", access(DIR_ "/hidden", F_OK));
	show_mount_line(DIR_);
	errno_of("umount again", umount(DIR_));
}

/*
 * /proc/mounts lists mounts oldest first, so a mount always comes after
 * the one it sits on: unmounting from the last line up takes them all.
 * (tkern once listed them by table slot; a mount made in the slot an
 * earlier umount freed came before its parent.)
 */
static void mount_order(void)
{
	char line[512], where[512];
	FILE *f;

	mkdir("/tmp/mo", 0755);
	mkdir("/tmp/mo/a", 0755);
	mkdir("/tmp/mo/b", 0755);
	mount("tmpfs", "/tmp/mo/a", "tmpfs", 0, NULL);
	mount("tmpfs", "/tmp/mo/b", "tmpfs", 0, NULL);
	umount("/tmp/mo/a");
	mkdir("/tmp/mo/b/c", 0755);
	errno_of("mount inside the second, after the first went",
		 mount("tmpfs", "/tmp/mo/b/c", "tmpfs", 0, NULL));
	f = fopen("/proc/mounts", "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %511s", where) == 1 && !strncmp(where, "/tmp/mo/", 8))
			printf("listed: %s\n", where);
	if (f)
		fclose(f);
	errno_of("umount the last listed", umount("/tmp/mo/b/c"));
	errno_of("then the one before", umount("/tmp/mo/b"));
	rmdir("/tmp/mo/b/c");
	rmdir("/tmp/mo/b");
	rmdir("/tmp/mo/a");
	rmdir("/tmp/mo");
}

static void mount_errors(void)
{
	close(open("/tmp/plain-file", O_WRONLY | O_CREAT, 0644));
	errno_of("mount an unknown type", mount("x", DIR_, "nosuchfs", 0, NULL));
	errno_of("mount on a missing directory", mount("x", "/tmp/none/here", "tmpfs", 0, NULL));
	errno_of("mount on a file", mount("x", "/tmp/plain-file", "tmpfs", 0, NULL));
	errno_of("mount tmpfs with an unknown option", mount("x", DIR_, "tmpfs", 0, "colour=red"));
	errno_of("mount tmpfs with size=lots", mount("x", DIR_, "tmpfs", 0, "size=lots"));
	errno_of("mount with a bad type pointer", mount("x", DIR_, BAD_POINTER, 0, NULL));
	errno_of("mount with a bad target pointer", mount("x", BAD_POINTER, "tmpfs", 0, NULL));
	unlink("/tmp/plain-file");
}

/* This program's own bytes into path, executable. */
static void copy_self(const char *path)
{
	char buf[65536];
	int in = open("/proc/self/exe", O_RDONLY);
	int out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	ssize_t n;

	while ((n = read(in, buf, sizeof(buf))) > 0)
		write(out, buf, n);
	close(in);
	close(out);
}

/* Run path with the argument "exit": 0, or -1 with errno set to execve's error. */
static long run(const char *path)
{
	char *argv[] = { (char *)path, "exit", NULL };
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execve(path, argv, NULL);
		_exit(errno);
	}
	waitpid(pid, &status, 0);
	errno = WEXITSTATUS(status);
	return errno ? -1 : 0;
}

static void flags_and_ramfs(void)
{
	struct statfs st;

	errno_of("mount tmpfs nosuid,nodev,noexec", mount("t2", DIR_, "tmpfs",
				   MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL));
	show_mount_line(DIR_);
	statfs(DIR_, &st);
	show_statfs("tmpfs nosuid,nodev,noexec", &st);
	copy_self(DIR_ "/prog");
	errno_of("execve a program on a noexec mount", run(DIR_ "/prog"));
	unlink(DIR_ "/prog");
	errno_of("umount", umount(DIR_));
	errno_of("mount tmpfs (exec allowed)", mount("t4", DIR_, "tmpfs", 0, NULL));
	copy_self(DIR_ "/prog");
	errno_of("execve a program on it", run(DIR_ "/prog"));
	unlink(DIR_ "/prog");
	errno_of("umount", umount(DIR_));
	errno_of("mount tmpfs noatime", mount("t3", DIR_, "tmpfs", MS_NOATIME, NULL));
	show_mount_line(DIR_);
	errno_of("umount2 MNT_DETACH", umount2(DIR_, MNT_DETACH));
	errno_of("mount tmpfs with no source", mount(NULL, DIR_, "tmpfs", 0, NULL));
	show_mount_line(DIR_);
	errno_of("umount", umount(DIR_));
}

static void other_file_systems(void)
{
	struct statfs st;
	int fds[2];

	errno_of("statfs /proc", statfs("/proc", &st));
	show_statfs("proc", &st);
	pipe(fds);
	errno_of("fstatfs on a pipe", fstatfs(fds[0], &st));
	printf("pipe: type %s bsize %ld namelen %ld\n", magic_name(st.f_type), (long)st.f_bsize,
	       (long)st.f_namelen);
	close(fds[0]);
	close(fds[1]);
	errno_of("statfs /", statfs("/", &st));
	printf("/: type %s, blocks > 0: %d\n", magic_name(st.f_type), st.f_blocks > 0);
	errno_of("statfs a missing path", statfs("/tmp/none", &st));
	errno_of("statfs into a bad pointer", statfs("/", BAD_POINTER));
	errno_of("fstatfs on a closed descriptor", fstatfs(99, &st));
	errno_of("fstatfs into a bad pointer", fstatfs(0, BAD_POINTER));
}

/* PER_LINUX32 is for tests/user/procdev.c: booted Linux has 32-bit user support, tkern not. */
static void personalities(void)
{
	printf("personality query: %#x\n", personality(0xffffffff));
	printf("set ADDR_NO_RANDOMIZE: old %#x\n", personality(ADDR_NO_RANDOMIZE));
	printf("query: %#x\n", personality(0xffffffff));
	printf("back to PER_LINUX: old %#x\n", personality(PER_LINUX));
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "exit"))
		return 0;
	errno_of("mount proc on /proc", mount("proc", "/proc", "proc", 0, NULL));
	mkdir("/tmp", 01777);
	tmpfs_basics();
	crossing();
	renames_inside();
	renames_around_a_mount();
	full_mapping();
	busy();
	mount_order();
	mount_errors();
	flags_and_ramfs();
	other_file_systems();
	personalities();
	unlink(DIR_ "/hidden");
	rmdir(DIR_);
	return 0;
}
