/*
 * File attributes as root: the modes creation gives (umask, setgid
 * directories), chmod, chown (and the setuid bits it clears), utimensat
 * (UTIME_NOW, UTIME_OMIT, AT_SYMLINK_NOFOLLOW, futimens), statx against
 * stat, faccessat2, and which calls move which of the three times. The
 * times themselves differ from run to run, so only "changed or not" is
 * printed, or values the program set itself. Where a time must move on
 * its own (ctime), the program first waits 20 ms: Linux stamps times from
 * a clock that moves at each tick. Runs in its own directory under /tmp,
 * removed at the end; the same output is expected on Linux (qemu-aarch64).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "remove_tree.h"

static void *volatile bad_pointer = (void *)16;
#define BAD_POINTER (bad_pointer)

static char dir[] = "/tmp/tkern-attrs-XXXXXX";

static void show(const char *what, long ret)
{
	if (ret < 0)
		printf("%-52s -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%-52s %ld\n", what, ret);
}

static void show_mode(const char *what, const char *path)
{
	struct stat st;

	if (lstat(path, &st))
		printf("%-52s -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%-52s %06o uid %u gid %u\n", what, st.st_mode, st.st_uid, st.st_gid);
}

static struct stat stat_of(const char *path)
{
	struct stat st;

	memset(&st, 0, sizeof(st));
	lstat(path, &st);
	return st;
}

static int same(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

/* Which of atime, mtime and ctime differ between two stats. */
static void show_moved(const char *what, struct stat before, struct stat after)
{
	printf("%-52s atime %s, mtime %s, ctime %s\n", what,
	       same(before.st_atim, after.st_atim) ? "kept" : "moved",
	       same(before.st_mtim, after.st_mtim) ? "kept" : "moved",
	       same(before.st_ctim, after.st_ctim) ? "kept" : "moved");
}

/* Long enough for the clock that stamps times to have moved. */
static void nap(void)
{
	struct timespec t = { 0, 20 * 1000 * 1000 };

	nanosleep(&t, NULL);
}

/* Old times (atime 1000, mtime 2000), so that a stamp of now shows. */
static void age(const char *path)
{
	struct timespec old[2] = { { 1000, 0 }, { 2000, 0 } };

	utimensat(AT_FDCWD, path, old, AT_SYMLINK_NOFOLLOW);
	nap();
}

static void make_file(const char *path, mode_t mode, const char *text)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);

	if (text)
		write(fd, text, strlen(text));
	close(fd);
}

static void creation_modes(void)
{
	umask(022);
	make_file("c1", 0777, NULL);
	show_mode("open O_CREAT 0777 under umask 022", "c1");
	show("mkdir 01777 under umask 022", mkdir("d1", 01777));
	show_mode("  the sticky bit is kept", "d1");
	umask(0);
	make_file("c2", 07777, NULL);
	show_mode("open O_CREAT 07777 under umask 0", "c2");
	umask(077);
	show("mkdir 0777 under umask 077", mkdir("d2", 0777));
	show_mode("  mode", "d2");
	umask(022);
	show("mkdir setgid directory", mkdir("sgid", 0755));
	show("  chown it to group 4242", chown("sgid", 0, 4242));
	show("  chmod 02775", chmod("sgid", 02775));
	make_file("sgid/f", 0644, NULL);
	show_mode("file in a setgid directory: its group", "sgid/f");
	show("mkdir in a setgid directory", mkdir("sgid/sub", 0755));
	show_mode("  setgid and the group pass down", "sgid/sub");
	show("symlink in a setgid directory", symlink("f", "sgid/l"));
	show_mode("  its group", "sgid/l");
}

static void chmod_calls(void)
{
	int fd = open("m", O_CREAT | O_RDWR, 0600);

	show("fchmodat 0640", fchmodat(AT_FDCWD, "m", 0640, 0));
	show_mode("  mode", "m");
	show("chmod keeps only the permission bits", chmod("m", 0170755));
	show_mode("  mode", "m");
	show("chmod 07777 as root", chmod("m", 07777));
	show_mode("  mode", "m");
	show("fchmod 0600", fchmod(fd, 0600));
	show_mode("  mode", "m");
	show("fchmod bad fd", fchmod(99, 0600));
	show("fchmod fd -1", fchmod(-1, 0600));
	show("chmod missing", chmod("none", 0600));
	show("chmod through a file", chmod("m/x", 0600));
	show("chmod bad pointer", chmod(BAD_POINTER, 0600));
	show("chmod empty path", chmod("", 0600));
	symlink("m", "mlink");
	show("chmod a symlink changes its target", chmod("mlink", 0604));
	show_mode("  target", "m");
	show_mode("  link", "mlink");
	show("chmod a directory 0700", chmod("d2", 0700));
	show_mode("  mode", "d2");
	close(fd);
}

static void chown_calls(void)
{
	int fd;

	make_file("o", 0644, NULL);
	show("chown 1234:5678", chown("o", 1234, 5678));
	show_mode("  owner", "o");
	show("chown -1:99 keeps the user", chown("o", -1, 99));
	show_mode("  owner", "o");
	show("chown 77:-1 keeps the group", chown("o", 77, -1));
	show_mode("  owner", "o");
	show("chown -1:-1", chown("o", -1, -1));
	show_mode("  owner", "o");
	chmod("o", 06755);
	show("chown of a setuid, setgid-exec file", chown("o", 0, 0));
	show_mode("  both bits cleared", "o");
	chmod("o", 02644);
	show("chown of a setgid file without group x", chown("o", 0, 0));
	show_mode("  setgid kept (root)", "o");
	chmod("d2", 06755);
	show("chown of a setuid directory", chown("d2", 0, 0));
	show_mode("  bits kept", "d2");
	chmod("d2", 0755);
	symlink("o", "olink");
	show("lchown a symlink", lchown("olink", 11, 12));
	show_mode("  link", "olink");
	show_mode("  target untouched", "o");
	show("fchownat AT_SYMLINK_NOFOLLOW", fchownat(AT_FDCWD, "olink", 13, 14,
						      AT_SYMLINK_NOFOLLOW));
	show_mode("  link", "olink");
	show("chown through the symlink", chown("olink", 21, 22));
	show_mode("  target", "o");
	show("fchownat bad flags", fchownat(AT_FDCWD, "o", 0, 0, 0x4));
	show("fchownat AT_REMOVEDIR is a bad flag", fchownat(AT_FDCWD, "o", 0, 0, AT_REMOVEDIR));
	fd = open("o", O_RDONLY);
	show("fchown on a read-only fd", fchown(fd, 31, 32));
	show_mode("  owner", "o");
	show("fchownat AT_EMPTY_PATH on the fd", fchownat(fd, "", 41, 42, AT_EMPTY_PATH));
	show_mode("  owner", "o");
	show("fchownat empty path without AT_EMPTY_PATH", fchownat(fd, "", 0, 0, 0));
	show("fchownat relative to a file fd", fchownat(fd, "x", 0, 0, 0));
	close(fd);
	show("fchown bad fd", fchown(99, 0, 0));
	show("chown missing", chown("none", 0, 0));
	show("chown bad pointer", chown(BAD_POINTER, 0, 0));
	chown("o", 0, 0);
}

static long utimensat_raw(int dfd, const char *path, const struct timespec *t, int flags)
{
	return syscall(SYS_utimensat, dfd, path, t, flags);
}

static void show_times(const char *what, const char *path)
{
	struct stat st = stat_of(path);

	printf("%-52s atime %lld.%09ld mtime %lld.%09ld\n", what, (long long)st.st_atim.tv_sec,
	       st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

static void utimensat_calls(void)
{
	struct timespec t[2] = { { 1000, 500 }, { 2000, 999999999 } };
	struct stat before;
	int fd;

	make_file("t", 0644, "x");
	show("utimensat explicit times", utimensat(AT_FDCWD, "t", t, 0));
	show_times("  times", "t");
	before = stat_of("t");
	nap();
	t[0].tv_nsec = UTIME_OMIT;
	t[1] = (struct timespec){ 3000, 0 };
	show("utimensat atime UTIME_OMIT", utimensat(AT_FDCWD, "t", t, 0));
	show_times("  times", "t");
	show_moved("  what moved", before, stat_of("t"));
	before = stat_of("t");
	nap();
	t[0].tv_nsec = UTIME_NOW;
	t[1].tv_nsec = UTIME_OMIT;
	show("utimensat atime UTIME_NOW, mtime UTIME_OMIT", utimensat(AT_FDCWD, "t", t, 0));
	show_moved("  what moved", before, stat_of("t"));
	before = stat_of("t");
	nap();
	show("utimensat NULL times", utimensat(AT_FDCWD, "t", NULL, 0));
	show_moved("  what moved", before, stat_of("t"));
	age("t");
	before = stat_of("t");
	t[0].tv_nsec = t[1].tv_nsec = UTIME_NOW;
	show("utimensat both UTIME_NOW", utimensat(AT_FDCWD, "t", t, 0));
	show_moved("  what moved", before, stat_of("t"));
	t[0].tv_nsec = t[1].tv_nsec = UTIME_OMIT;
	show("both UTIME_OMIT: not even the path is looked at", utimensat(AT_FDCWD, "none", t, 0));
	t[0] = (struct timespec){ 5, 1000000000 };
	t[1] = (struct timespec){ 5, 0 };
	show("tv_nsec 1000000000", utimensat(AT_FDCWD, "t", t, 0));
	t[0].tv_nsec = -1;
	show("tv_nsec -1", utimensat(AT_FDCWD, "t", t, 0));
	show("tv_nsec -1 on a missing file (ENOENT first)", utimensat(AT_FDCWD, "none", t, 0));
	t[0].tv_nsec = 0;
	show("utimensat bad flags", utimensat(AT_FDCWD, "t", t, 0x4));
	show("utimensat missing", utimensat(AT_FDCWD, "none", t, 0));
	show("utimensat bad times pointer", utimensat_raw(AT_FDCWD, "t", BAD_POINTER, 0));
	show("utimensat bad path pointer", utimensat_raw(AT_FDCWD, BAD_POINTER, t, 0));
	show("utimensat NULL path with AT_FDCWD", utimensat_raw(AT_FDCWD, NULL, t, 0));
	symlink("t", "tlink");
	t[0] = (struct timespec){ 111, 0 };
	t[1] = (struct timespec){ 222, 0 };
	show("utimensat AT_SYMLINK_NOFOLLOW", utimensat(AT_FDCWD, "tlink", t, AT_SYMLINK_NOFOLLOW));
	show_times("  link", "tlink");
	printf("%-52s %d\n", "  target untouched", stat_of("t").st_mtim.tv_sec != 222);
	fd = open("t", O_RDONLY);
	t[1] = (struct timespec){ 333, 3 };
	show("futimens on a read-only fd", futimens(fd, t));
	show_times("  times", "t");
	show("utimensat(fd, NULL) with flags", utimensat_raw(fd, NULL, t, AT_SYMLINK_NOFOLLOW));
	show("utimensat AT_EMPTY_PATH", utimensat(fd, "", t, AT_EMPTY_PATH));
	show("futimens bad fd", futimens(99, t));
	close(fd);
}

static long statx_raw(int dfd, const char *path, int flags, unsigned int mask, void *buf)
{
	return syscall(SYS_statx, dfd, path, flags, mask, buf);
}

static int ts_equal(struct statx_timestamp a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == (unsigned int)b.tv_nsec;
}

/* statx's answer beside stat's: they must agree field by field. */
static void compare_statx(const char *what, const char *path, int flags)
{
	struct statx stx;
	struct stat st;
	long ret = statx_raw(AT_FDCWD, path, flags, STATX_BASIC_STATS, &stx);

	if (ret) {
		show(what, ret);
		return;
	}
	if (flags & AT_SYMLINK_NOFOLLOW)
		lstat(path, &st);
	else
		stat(path, &st);
	/* A directory's size is the file system's own (ext4: blocks, ramfs: 0). */
	printf("%-52s mask %#x mode %06o nlink %u size %llu\n", what,
	       stx.stx_mask & STATX_BASIC_STATS, stx.stx_mode, stx.stx_nlink,
	       S_ISDIR(stx.stx_mode) ? 0 : (unsigned long long)stx.stx_size);
	printf("%-52s %d %d %d %d %d %d %d %d\n", "  same as stat: ino uid gid blocks a/m/c time rdev",
	       stx.stx_ino == st.st_ino, stx.stx_uid == st.st_uid && stx.stx_gid == st.st_gid,
	       stx.stx_blocks == (unsigned long long)st.st_blocks,
	       ts_equal(stx.stx_atime, st.st_atim), ts_equal(stx.stx_mtime, st.st_mtim),
	       ts_equal(stx.stx_ctime, st.st_ctim),
	       makedev(stx.stx_rdev_major, stx.stx_rdev_minor) == st.st_rdev,
	       stx.stx_blksize == (unsigned int)st.st_blksize);
}

static void statx_calls(void)
{
	struct statx stx;
	int fd;

	make_file("s", 0640, "twelve bytes");
	chown("s", 7, 8);
	compare_statx("statx a file", "s", 0);
	compare_statx("statx a directory", ".", 0);
	symlink("s", "slink");
	compare_statx("statx a symlink, followed", "slink", 0);
	compare_statx("statx a symlink, AT_SYMLINK_NOFOLLOW", "slink", AT_SYMLINK_NOFOLLOW);
	compare_statx("statx /dev/null", "/dev/null", 0);
	printf("%-52s %u:%u\n", "  its device number",
	       statx_raw(AT_FDCWD, "/dev/null", 0, STATX_BASIC_STATS, &stx) ? 0 : stx.stx_rdev_major,
	       stx.stx_rdev_minor);
	compare_statx("statx AT_STATX_FORCE_SYNC", "s", AT_STATX_FORCE_SYNC);
	compare_statx("statx AT_STATX_DONT_SYNC", "s", AT_STATX_DONT_SYNC);
	compare_statx("statx mask 0 still fills the basic fields", "s", 0);
	show("statx FORCE_SYNC|DONT_SYNC",
	     statx_raw(AT_FDCWD, "s", AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC, 0, &stx));
	show("statx bad flags", statx_raw(AT_FDCWD, "s", 0x4, STATX_BASIC_STATS, &stx));
	show("statx mask STATX__RESERVED", statx_raw(AT_FDCWD, "s", 0, 0x80000000u, &stx));
	show("statx missing", statx_raw(AT_FDCWD, "none", 0, STATX_BASIC_STATS, &stx));
	show("statx bad buffer", statx_raw(AT_FDCWD, "s", 0, STATX_BASIC_STATS, BAD_POINTER));
	show("statx bad path pointer", statx_raw(AT_FDCWD, BAD_POINTER, 0, STATX_BASIC_STATS, &stx));
	show("statx empty path", statx_raw(AT_FDCWD, "", 0, STATX_BASIC_STATS, &stx));
	fd = open("s", O_RDONLY);
	show("statx AT_EMPTY_PATH on an fd", statx_raw(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx));
	printf("%-52s %llu %06o\n", "  size and mode", (unsigned long long)stx.stx_size, stx.stx_mode);
	show("statx AT_EMPTY_PATH bad fd", statx_raw(99, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx));
	show("statx relative to a file fd", statx_raw(fd, "x", 0, STATX_BASIC_STATS, &stx));
	close(fd);
}

static long access2(const char *path, int mode, int flags)
{
	return syscall(SYS_faccessat2, AT_FDCWD, path, mode, flags);
}

static void access_calls(void)
{
	make_file("a0", 0, NULL);
	make_file("ax", 0100, NULL);
	mkdir("adir", 0);
	symlink("nowhere", "adangling");
	show("access F_OK", access("a0", F_OK));
	show("access R_OK|W_OK on mode 0 as root", access("a0", R_OK | W_OK));
	show("access X_OK on mode 0 as root", access("a0", X_OK));
	show("access X_OK on mode 0100 as root", access("ax", X_OK));
	show("access R_OK|W_OK|X_OK on a mode 0 directory", access("adir", R_OK | W_OK | X_OK));
	show("access missing", access("none", F_OK));
	show("access bad mode", access("a0", 8));
	show("access bad pointer", access(BAD_POINTER, F_OK));
	show("faccessat2 AT_EACCESS", access2("a0", R_OK, AT_EACCESS));
	show("faccessat2 AT_SYMLINK_NOFOLLOW on a dangling link", access2("adangling", F_OK,
									  AT_SYMLINK_NOFOLLOW));
	show("faccessat2 following a dangling link", access2("adangling", F_OK, 0));
	show("faccessat2 bad flags", access2("a0", F_OK, 0x4));
	show("faccessat2 AT_REMOVEDIR|AT_EACCESS is AT_EACCESS", access2("a0", F_OK, 0x200));
	show("faccessat2 empty path without AT_EMPTY_PATH", access2("", F_OK, 0));
	show("faccessat2 bad mode", access2("a0", 0x10, 0));
}

/* Which times each operation moves: old times first, so that "now" shows. */
static void times_moving(void)
{
	struct timespec future[2];
	struct stat before;
	char buf[8];
	DIR *d;
	int fd;

	make_file("w", 0644, "data");
	age("w");
	before = stat_of("w");
	fd = open("w", O_WRONLY);
	write(fd, "x", 1);
	close(fd);
	show_moved("write", before, stat_of("w"));
	age("w");
	before = stat_of("w");
	fd = open("w", O_RDONLY);
	read(fd, buf, 1);
	close(fd);
	show_moved("read with atime older than mtime", before, stat_of("w"));
	clock_gettime(CLOCK_REALTIME, &future[0]);
	future[0].tv_sec += 3600;
	future[1].tv_nsec = UTIME_OMIT;
	utimensat(AT_FDCWD, "w", future, 0);
	before = stat_of("w");
	fd = open("w", O_RDONLY);
	read(fd, buf, 1);
	close(fd);
	show_moved("read with atime later than mtime and ctime", before, stat_of("w"));
	age("w");
	before = stat_of("w");
	fd = open("w", O_RDONLY | O_NOATIME);
	read(fd, buf, 1);
	close(fd);
	show_moved("read through O_NOATIME", before, stat_of("w"));
	age("w");
	before = stat_of("w");
	fd = open("w", O_RDONLY);
	read(fd, buf, 0);
	close(fd);
	show_moved("read of 0 bytes", before, stat_of("w"));
	age("w");
	before = stat_of("w");
	close(open("w", O_WRONLY | O_TRUNC));
	show_moved("open O_TRUNC", before, stat_of("w"));
	age("w");
	before = stat_of("w");
	close(open("w", O_WRONLY | O_TRUNC));
	show_moved("open O_TRUNC of an empty file", before, stat_of("w"));
	age("w");
	before = stat_of("w");
	close(open("w", O_RDWR));
	show_moved("open and close", before, stat_of("w"));
	age("w");
	before = stat_of("w");
	chmod("w", 0600);
	show_moved("chmod", before, stat_of("w"));
	age("w");
	before = stat_of("w");
	chown("w", 5, 5);
	show_moved("chown", before, stat_of("w"));
	age("w");
	before = stat_of("w");
	stat_of("w");
	show_moved("stat", before, stat_of("w"));
	age(".");
	before = stat_of(".");
	make_file("new", 0644, NULL);
	show_moved("directory: a file created in it", before, stat_of("."));
	age(".");
	before = stat_of(".");
	unlink("new");
	show_moved("directory: a file removed from it", before, stat_of("."));
	age(".");
	before = stat_of(".");
	mkdir("newdir", 0755);
	show_moved("directory: mkdir in it", before, stat_of("."));
	age(".");
	before = stat_of(".");
	rmdir("newdir");
	show_moved("directory: rmdir in it", before, stat_of("."));
	age(".");
	before = stat_of(".");
	symlink("w", "newlink");
	show_moved("directory: symlink in it", before, stat_of("."));
	age(".");
	before = stat_of(".");
	d = opendir(".");
	while (readdir(d))
		;
	closedir(d);
	show_moved("directory: listed", before, stat_of("."));
	age(".");
	before = stat_of(".");
	stat_of("w");
	show_moved("directory: a lookup in it", before, stat_of("."));
	make_file("victim", 0644, NULL);
	symlink("victim", "vlink");
	age("victim");
	before = stat_of("victim");
	unlink("vlink");
	show_moved("unlink of a symlink: its target", before, stat_of("victim"));
}

int main(void)
{
	mkdir("/tmp", 01777);
	if (!mkdtemp(dir) || chdir(dir)) {
		perror("scratch directory");
		return 1;
	}
	creation_modes();
	chmod_calls();
	chown_calls();
	utimensat_calls();
	statx_calls();
	access_calls();
	times_moving();
	chdir("/");
	remove_tree(dir);
	show("scratch directory removed", access(dir, F_OK) == -1 && errno == ENOENT);
	return 0;
}
