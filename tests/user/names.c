/*
 * Names: rename and renameat2 (RENAME_NOREPLACE, RENAME_EXCHANGE), hard
 * links with their link counts, symlink errors (ELOOP, ENAMETOOLONG,
 * trailing slashes, O_NOFOLLOW), and O_PATH descriptors. Every errno
 * rename(2), link(2), symlink(2) and open(2) list for these cases, and
 * the link counts of files and parent directories after each change.
 * Works in a scratch directory of its own under /tmp, removed at the
 * end, so it runs the same on tkern and on Linux (qemu-aarch64).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#endif

static void *volatile bad_pointer = (void *)16;
static char dir[64];

static void show(const char *what, long ret)
{
	if (ret < 0)
		printf("%-50s -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%-50s %ld\n", what, ret);
}

/* A path in the scratch directory; four rotating buffers, so a call can take two. */
static const char *p(const char *name)
{
	static char paths[4][400];
	static int next;
	char *path = paths[next++ % 4];

	snprintf(path, sizeof(paths[0]), "%s/%s", dir, name);
	return path;
}

static long nlink(const char *name)
{
	struct stat st;

	return lstat(p(name), &st) ? -1 : (long)st.st_nlink;
}

static void make_file(const char *name, const char *text)
{
	int fd = open(p(name), O_CREAT | O_WRONLY | O_TRUNC, 0644);

	write(fd, text, strlen(text));
	close(fd);
}

static void show_file(const char *what, const char *name)
{
	char buf[64] = { 0 };
	int fd = open(p(name), O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	printf("%-50s %s\n", what, n < 0 ? strerrorname_np(errno) : buf);
}

static long renameat2_(const char *old, const char *new, unsigned int flags)
{
	return syscall(SYS_renameat2, AT_FDCWD, old, AT_FDCWD, new, flags);
}

static void rename_files(void)
{
	char long_name[257];
	int fd;

	memset(long_name, 'x', 256);
	long_name[256] = '\0';
	make_file("a", "alpha");
	make_file("b", "beta");
	show("rename a b (replaces b)", rename(p("a"), p("b")));
	show_file("b now holds", "b");
	show("a is gone", access(p("a"), F_OK));
	show("rename missing x", rename(p("x"), p("y")));
	show("rename into a missing directory", rename(p("b"), p("nodir/b")));
	show("rename b b (itself)", rename(p("b"), p("b")));
	show("link b c", link(p("b"), p("c")));
	show("rename b c (two links of one file)", rename(p("b"), p("c")));
	show("both names stay", access(p("b"), F_OK) + access(p("c"), F_OK));
	show("nlink after the no-op", nlink("b"));
	show("unlink c", unlink(p("c")));
	fd = open(p("b"), O_RDWR);
	show("rename b with b open", rename(p("b"), p("moved")));
	show("the open descriptor still writes", pwrite(fd, "B", 1, 0));
	close(fd);
	show_file("moved holds", "moved");
	show("rename file/ (trailing slash)", rename(p("moved/"), p("m2")));
	show("rename file to name/ (trailing slash)", rename(p("moved"), p("m2/")));
	show("rename over a file/x", rename(p("moved"), p("moved/x")));
	show("rename bad old pointer", rename(bad_pointer, p("m2")));
	show("rename bad new pointer", rename(p("moved"), bad_pointer));
	show("rename empty old path", rename("", p("m2")));
	show("renameat bad dirfd", renameat(99, "moved", AT_FDCWD, p("m2")));
	show("rename to a 256-byte name", rename(p("moved"), p(long_name)));
	show("renameat with dirfds", ({
		int d = open(dir, O_RDONLY | O_DIRECTORY);
		long r = renameat(d, "moved", d, "a");

		close(d);
		r;
	}));
}

static void rename_dirs(void)
{
	show("mkdir d1", mkdir(p("d1"), 0755));
	show("mkdir d2", mkdir(p("d2"), 0755));
	show("mkdir d1/sub", mkdir(p("d1/sub"), 0755));
	show("nlink scratch dir before", nlink("."));
	show("nlink d1 before", nlink("d1"));
	show("rename d1/sub d2/sub (across parents)", rename(p("d1/sub"), p("d2/sub")));
	show("nlink d1 after", nlink("d1"));
	show("nlink d2 after", nlink("d2"));
	show("rename d2/sub d2/sub2 (same parent)", rename(p("d2/sub"), p("d2/sub2")));
	show("nlink d2 still", nlink("d2"));
	show("rename d2/sub2 d2/sub2/in (into itself)", rename(p("d2/sub2"), p("d2/sub2/in")));
	show("rename d2 d2/sub2/in (below itself)", rename(p("d2"), p("d2/sub2/in")));
	show("rename d2/sub2 d2 (onto an ancestor)", rename(p("d2/sub2"), p("d2")));
	show("rename d1 d2 (d2 not empty)", rename(p("d1"), p("d2")));
	show("rename d1 a (directory onto a file)", rename(p("d1"), p("a")));
	show("rename a d1 (file onto a directory)", rename(p("a"), p("d1")));
	show("rename d2/sub2 d1 (onto an empty directory)", rename(p("d2/sub2"), p("d1")));
	show("nlink scratch dir after", nlink("."));
	show("nlink d2 after the move", nlink("d2"));
	show("rename d1/ dd/ (trailing slashes, directories)", rename(p("d1/"), p("dd/")));
	show("rename . x", rename(p("."), p("x")));
	show("rename .. x", rename(p(".."), p("x")));
	show("rename dd dd/.", rename(p("dd"), p("dd/.")));
	show("rename dd ..", rename(p("dd"), p("..")));
	show("rename / x", rename("/", p("x")));
	show("rename dd /", rename(p("dd"), "/"));
	show("rename NOREPLACE onto ..", renameat2_(p("dd"), p(".."), RENAME_NOREPLACE));
	show("rmdir dd", rmdir(p("dd")));
	show("rmdir d2", rmdir(p("d2")));
	show("nlink scratch dir at the end", nlink("."));
}

static void rename_cwd(void)
{
	char cwd[256];
	int fd;

	mkdir(p("w"), 0755);
	mkdir(p("w/in"), 0755);
	chdir(p("w/in"));
	show("rename the cwd's parent", rename(p("w"), p("w2")));
	show("getcwd follows", getcwd(cwd, sizeof(cwd)) ? (long)(strstr(cwd, "/w2/in") != NULL) : -1);
	fd = open("f", O_CREAT | O_WRONLY, 0644);
	show("create in the moved cwd", fd >= 0);
	close(fd);
	show("rename into the cwd by relative path", rename("f", "g"));
	chdir("/");
	show("rename an open directory's file", rename(p("w2/in/g"), p("w2/g")));
	show("rename w2/in over empty w2/x", (mkdir(p("w2/x"), 0755), rename(p("w2/in"), p("w2/x"))));
	show("unlink w2/g", unlink(p("w2/g")));
	show("rmdir w2/x", rmdir(p("w2/x")));
	show("rmdir w2", rmdir(p("w2")));
}

static void renameat2_flags(void)
{
	make_file("e1", "one");
	make_file("e2", "two");
	mkdir(p("ed"), 0755);
	make_file("ed/inner", "in");
	show("NOREPLACE onto an existing file", renameat2_(p("e1"), p("e2"), RENAME_NOREPLACE));
	show("NOREPLACE to a free name", renameat2_(p("e1"), p("e3"), RENAME_NOREPLACE));
	show("EXCHANGE two files", renameat2_(p("e3"), p("e2"), RENAME_EXCHANGE));
	show_file("e3 holds", "e3");
	show_file("e2 holds", "e2");
	show("EXCHANGE with a missing name", renameat2_(p("e3"), p("none"), RENAME_EXCHANGE));
	show("EXCHANGE|NOREPLACE", renameat2_(p("e3"), p("e2"), RENAME_EXCHANGE | RENAME_NOREPLACE));
	show("unknown flag 8", renameat2_(p("e3"), p("e2"), 8));
	show("nlink scratch dir before a dir exchange", nlink("."));
	show("EXCHANGE a file and a directory", renameat2_(p("e2"), p("ed"), RENAME_EXCHANGE));
	show_file("ed is the file now", "ed");
	show_file("e2/inner is reached", "e2/inner");
	show("nlink scratch dir (same parent)", nlink("."));
	mkdir(p("ex"), 0755);
	make_file("ex/f", "f");
	show("EXCHANGE e2 (dir) with ex/f (file)", renameat2_(p("e2"), p("ex/f"), RENAME_EXCHANGE));
	show("nlink scratch dir (a directory left)", nlink("."));
	show("nlink ex (a directory came)", nlink("ex"));
	show_file("ex/f/inner", "ex/f/inner");
	show("EXCHANGE ex with ex/f (an ancestor)", renameat2_(p("ex"), p("ex/f"), RENAME_EXCHANGE));
	show("EXCHANGE ex/f with ex (an ancestor)", renameat2_(p("ex/f"), p("ex"), RENAME_EXCHANGE));
	show("EXCHANGE file e2 with e3/ (trailing slash)", renameat2_(p("e2"), p("e3/"), RENAME_EXCHANGE));
	show("EXCHANGE a name with itself", renameat2_(p("e3"), p("e3"), RENAME_EXCHANGE));
	unlink(p("ex/f/inner"));
	rmdir(p("ex/f"));
	rmdir(p("ex"));
	unlink(p("e2"));
	unlink(p("e3"));
	unlink(p("ed"));
}

static void links(void)
{
	make_file("l1", "linked");
	show("link l1 l2", link(p("l1"), p("l2")));
	show("nlink l1", nlink("l1"));
	show("link l1 l2 again (EEXIST)", link(p("l1"), p("l2")));
	show("link missing", link(p("none"), p("l3")));
	show("link to l3/ (trailing slash)", link(p("l1"), p("l3/")));
	show("link l1/ (trailing slash on a file)", link(p("l1/"), p("l3")));
	show("link a directory", (mkdir(p("ld"), 0755), link(p("ld"), p("ld2"))));
	show("link a directory onto a taken name", link(p("ld"), p("l1")));
	show("link into a missing directory", link(p("l1"), p("nodir/x")));
	show("link to .", link(p("l1"), p(".")));
	show("linkat bad flags", linkat(AT_FDCWD, p("l1"), AT_FDCWD, p("l3"), 0x1));
	show("linkat bad old pointer", linkat(AT_FDCWD, bad_pointer, AT_FDCWD, p("l3"), 0));
	show("symlink s -> l1", symlink("l1", p("s")));
	show("linkat s (the link itself)", linkat(AT_FDCWD, p("s"), AT_FDCWD, p("s2"), 0));
	show("s2 is a symlink", ({ struct stat st; lstat(p("s2"), &st) ? -1L : (long)S_ISLNK(st.st_mode); }));
	show("nlink s", nlink("s"));
	show("linkat s AT_SYMLINK_FOLLOW", linkat(AT_FDCWD, p("s"), AT_FDCWD, p("l3"), AT_SYMLINK_FOLLOW));
	show("nlink l1 with three names", nlink("l1"));
	show("unlink l2", unlink(p("l2")));
	show("nlink l1 after unlink", nlink("l1"));
	show_file("l3 reads", "l3");
	show("linkat empty path without AT_EMPTY_PATH", linkat(AT_FDCWD, "", AT_FDCWD, p("l4"), 0));
	unlink(p("l1"));
	unlink(p("l3"));
	unlink(p("s"));
	unlink(p("s2"));
	rmdir(p("ld"));
}

static void symlinks(void)
{
	char buf[64], *longpath;
	int i;

	show("symlink loop a -> b", symlink("loopb", p("loopa")));
	show("symlink loop b -> a", symlink("loopa", p("loopb")));
	show("open through a loop", open(p("loopa"), O_RDONLY));
	show("stat through a loop", ({ struct stat st; (long)stat(p("loopa"), &st); }));
	show("lstat a loop link", ({ struct stat st; (long)lstat(p("loopa"), &st); }));
	show("symlink onto an existing name", symlink("x", p("loopa")));
	show("symlink with an empty target", symlink("", p("empty")));
	show("symlink bad target pointer", symlink(bad_pointer, p("bad")));
	show("symlink name/ (trailing slash)", symlink("x", p("sl/")));
	show("readlink a regular file", (make_file("reg", "r"), readlink(p("reg"), buf, sizeof(buf))));
	show("readlink a directory", readlink(dir, buf, sizeof(buf)));
	show("readlink size 0", readlink(p("loopa"), buf, 0));
	show("readlink short buffer", readlink(p("loopa"), buf, 3));
	show("open O_NOFOLLOW on a link", open(p("loopa"), O_RDONLY | O_NOFOLLOW));
	show("open reg/ (trailing slash on a file)", open(p("reg/"), O_RDONLY));
	show("stat reg/.", ({ struct stat st; (long)stat(p("reg/."), &st); }));
	show("unlink reg/", unlink(p("reg/")));
	/* A chain of 40 links resolves, 41 do not (MAXSYMLINKS). */
	for (i = 1; i <= 41; i++) {
		char name[16], target[16];

		snprintf(name, sizeof(name), "c%d", i);
		snprintf(target, sizeof(target), i == 1 ? "reg" : "c%d", i - 1);
		symlink(target, p(name));
	}
	show("40 links in a row", ({ struct stat st; (long)stat(p("c40"), &st); }));
	show("41 links in a row", ({ struct stat st; (long)stat(p("c41"), &st); }));
	for (i = 1; i <= 41; i++) {
		char name[16];

		snprintf(name, sizeof(name), "c%d", i);
		unlink(p(name));
	}
	longpath = malloc(5000);
	memset(longpath, 'a', 4999);
	longpath[4999] = '\0';
	for (i = 100; i < 4999; i += 100)
		longpath[i] = '/';
	show("symlink target of 4999 bytes", symlink(longpath, p("longtarget")));
	show("open a path of 4999 bytes", open(longpath, O_RDONLY));
	memset(longpath, 'b', 256);
	longpath[256] = '\0';
	show("symlink a 256-byte name", symlink("x", longpath));
	free(longpath);
	unlink(p("loopa"));
	unlink(p("loopb"));
	unlink(p("reg"));
}

static void o_path(void)
{
	char buf[16];
	struct stat st;
	int fd, d, dup_fd;

	make_file("op", "opath");
	symlink("op", p("oplink"));
	mkdir(p("opdir"), 0755);
	fd = open(p("op"), O_PATH | O_RDWR | O_CREAT | O_TRUNC);
	show("O_PATH open (other flags ignored)", fd >= 0);
	show("O_PATH F_GETFL", fcntl(fd, F_GETFL));
	show("O_PATH read", read(fd, buf, 1));
	show("O_PATH write", write(fd, "x", 1));
	show("O_PATH lseek", lseek(fd, 0, SEEK_SET));
	show("O_PATH fstat size", fstat(fd, &st) ? -1L : (long)st.st_size);
	show("O_PATH fstatat AT_EMPTY_PATH", fstatat(fd, "", &st, AT_EMPTY_PATH));
	show("O_PATH mmap", mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED ? -1 : 0);
	show("O_PATH fcntl F_SETFL", fcntl(fd, F_SETFL, O_NONBLOCK));
	show("O_PATH F_SETFD/F_GETFD", (fcntl(fd, F_SETFD, FD_CLOEXEC), fcntl(fd, F_GETFD)));
	dup_fd = dup(fd);
	show("O_PATH dup", dup_fd >= 0);
	show("O_PATH close the dup", close(dup_fd));
	show("O_PATH fchdir on a file", fchdir(fd));
	show("O_PATH ioctl", ioctl(fd, 0x5401, buf));
	close(fd);
	show_file("O_TRUNC was ignored", "op");
	fd = open(p("oplink"), O_PATH | O_NOFOLLOW);
	show("O_PATH|O_NOFOLLOW on a link", fd >= 0);
	show("it is the link", fstat(fd, &st) ? -1L : (long)S_ISLNK(st.st_mode));
	show("readlinkat(fd, \"\")", readlinkat(fd, "", buf, sizeof(buf)));
	close(fd);
	fd = open(p("op"), O_PATH);
	show("readlinkat on a non-link with \"\"", readlinkat(fd, "", buf, sizeof(buf)));
	close(fd);
	d = open(p("opdir"), O_PATH | O_DIRECTORY);
	show("O_PATH directory as dirfd", openat(d, "inside", O_CREAT | O_WRONLY, 0644) >= 0);
	show("getdents on O_PATH", syscall(SYS_getdents64, d, buf, sizeof(buf)));
	show("fchdir to an O_PATH directory", fchdir(d));
	show("relative open after fchdir", access("inside", F_OK));
	chdir("/");
	close(d);
	show("O_PATH|O_DIRECTORY on a file", open(p("op"), O_PATH | O_DIRECTORY));
	show("O_PATH on a missing file", open(p("none"), O_PATH));
	unlink(p("opdir/inside"));
	rmdir(p("opdir"));
	unlink(p("oplink"));
	unlink(p("op"));
}

static void tmpfile_opens(void)
{
	char buf[8] = { 0 };
	struct stat st;
	int fd;

	show("O_TMPFILE read-only", open(dir, O_TMPFILE | O_RDONLY, 0600));
	show("O_TMPFILE with O_CREAT", open(dir, O_TMPFILE | O_CREAT | O_RDWR, 0600));
	show("O_TMPFILE in a missing directory", open(p("none"), O_TMPFILE | O_RDWR, 0600));
	make_file("plain", "x");
	show("O_TMPFILE on a file", open(p("plain"), O_TMPFILE | O_RDWR, 0600));
	unlink(p("plain"));
	fd = open(dir, O_TMPFILE | O_RDWR, 0666);
	show("O_TMPFILE in the scratch directory", fd >= 0);
	show("write to it", write(fd, "temp", 4));
	show("pread it back", pread(fd, buf, sizeof(buf), 0));
	show("fstat: no links", fstat(fd, &st) ? -1L : (long)st.st_nlink);
	show("fstat: a regular file, umask applied", (long)(st.st_mode & (S_IFMT | 07777)));
	close(fd);
}

int main(void)
{
	mkdir("/tmp", 0777);
	snprintf(dir, sizeof(dir), "/tmp/tkern-names-%d", getpid());
	umask(022);
	show("mkdir scratch directory", mkdir(dir, 0755));
	rename_files();
	rename_dirs();
	rename_cwd();
	renameat2_flags();
	links();
	symlinks();
	o_path();
	tmpfile_opens();
	unlink(p("a"));
	unlink(p("longtarget"));
	show("rmdir scratch directory", rmdir(dir));
	return 0;
}
