/*
 * Directories and paths: mkdirat, unlinkat (with AT_REMOVEDIR), getdents64
 * (names sorted before printing: the order is the file system's own),
 * rewinding a directory, chdir, fchdir, getcwd, readlinkat, faccessat,
 * umask, relative paths and *at calls with a directory descriptor, and
 * their error cases. Works in a scratch directory under /tmp, printed
 * relative to it, so it runs the same on tkern and on Linux
 * (qemu-aarch64). The same output is expected on Linux.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_NAMES 32

static void *volatile bad_pointer = (void *)16;
static char dir[64];

static void show(const char *what, long ret)
{
	if (ret < 0)
		printf("%-44s -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%-44s %ld\n", what, ret);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names getdents64 gives for fd, sorted, on one line. */
static void list(const char *what, int fd)
{
	char buf[512], *names[MAX_NAMES];
	int n = 0, i;
	long got;

	while ((got = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long at = 0; at < got;) {
			struct dirent64 *d = (struct dirent64 *)(buf + at);

			if (n < MAX_NAMES)
				names[n++] = strdup(d->d_name);
			at += d->d_reclen;
		}
	}
	qsort(names, n, sizeof(names[0]), by_name);
	printf("%-44s", what);
	for (i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("%s\n", got < 0 ? " (error)" : "");
}

/* The working directory, relative to the scratch directory. */
static void show_cwd(const char *what)
{
	char buf[256];

	if (!getcwd(buf, sizeof(buf)))
		show(what, -1);
	else if (strncmp(buf, dir, strlen(dir)) == 0)
		printf("%-44s .%s\n", what, buf + strlen(dir));
	else
		printf("%-44s %s\n", what, buf);
}

static void make_and_remove(void)
{
	show("mkdir sub", mkdir("sub", 0755));
	show("mkdir sub again", mkdir("sub", 0755));
	show("mkdir in a missing directory", mkdir("none/sub", 0755));
	show("mkdir bad pointer", mkdir(bad_pointer, 0755));
	show("mkdir under a file", (close(open("file", O_CREAT | O_WRONLY, 0644)),
				     mkdir("file/sub", 0755)));
	show("mkdir sub/inner", mkdir("sub/inner", 0700));
	show("rmdir a non-empty directory", rmdir("sub"));
	show("rmdir a file", rmdir("file"));
	show("rmdir .", rmdir("sub/inner/."));
	show("rmdir missing", rmdir("none"));
	show("unlink a directory", unlink("sub"));
	show("unlink missing", unlink("none"));
	show("unlinkat bad flags", unlinkat(AT_FDCWD, "file", 0x4));
	show("unlinkat AT_REMOVEDIR on sub/inner", unlinkat(AT_FDCWD, "sub/inner",
							   AT_REMOVEDIR));
}

static void listing(void)
{
	int fd = open(".", O_RDONLY | O_DIRECTORY), file = open("file", O_RDONLY);
	char small[8];

	mkdir("sub/x", 0755);
	mkdir("sub/y", 0755);
	list("getdents64 of the scratch directory", fd);
	list("  again at the end: nothing", fd);
	show("lseek to the start", lseek(fd, 0, SEEK_SET));
	list("  and again", fd);
	show("getdents64 on a file", syscall(SYS_getdents64, file, small, sizeof(small)));
	show("getdents64 bad fd", syscall(SYS_getdents64, 99, small, sizeof(small)));
	lseek(fd, 0, SEEK_SET);
	show("getdents64 buffer too small", syscall(SYS_getdents64, fd, small, sizeof(small)));
	show("getdents64 bad pointer", syscall(SYS_getdents64, fd, bad_pointer, 512));
	close(fd);
	close(file);
}

static void working_directory(void)
{
	int fd;
	char small[4];

	show_cwd("getcwd");
	show("chdir sub", chdir("sub"));
	show_cwd("getcwd");
	show("chdir ..", chdir(".."));
	show("chdir to a file", chdir("file"));
	show("chdir missing", chdir("none"));
	show("chdir bad pointer", chdir(bad_pointer));
	fd = open("sub/x", O_RDONLY | O_DIRECTORY);
	show("fchdir sub/x", fchdir(fd));
	show_cwd("getcwd");
	show("fchdir a file", fchdir(open("../../file", O_RDONLY)));
	show("fchdir bad fd", fchdir(99));
	show("getcwd too small", syscall(SYS_getcwd, small, sizeof(small)));
	show("getcwd bad pointer", syscall(SYS_getcwd, bad_pointer, 256));
	show("mkdirat relative to an fd", mkdirat(fd, "deep", 0755));
	show("  stat it by full path", access("deep", F_OK));
	show("unlinkat it through the fd", unlinkat(fd, "deep", AT_REMOVEDIR));
	show("mkdirat bad fd", mkdirat(99, "deep", 0755));
	show("mkdirat with a file as fd", mkdirat(open("../../file", O_RDONLY), "deep", 0755));
	close(fd);
	chdir("../..");
	show_cwd("back");
	show("rmdir sub/x (cwd elsewhere)", rmdir("sub/x"));
	mkdir("gone", 0755);
	chdir("gone");
	rmdir("../gone");
	show_cwd("getcwd in a removed directory");
	show("create in a removed directory", open("f", O_CREAT | O_WRONLY, 0644));
	chdir("..");
}

static void links_and_access(void)
{
	char buf[64];
	long n;

	symlink("sub/y", "link");
	n = readlink("link", buf, sizeof(buf));
	show("readlink", n);
	printf("%-44s %.*s\n", "  target", (int)(n > 0 ? n : 0), buf);
	show("readlink short buffer", readlink("link", buf, 3));
	show("readlink of a file", readlink("file", buf, sizeof(buf)));
	show("readlink missing", readlink("none", buf, sizeof(buf)));
	show("readlink size 0", readlink("link", buf, 0));
	show("readlink bad buffer", readlink("link", bad_pointer, 8));
	show("chdir through the link", chdir("link"));
	show_cwd("getcwd");
	chdir("../..");
	show("access F_OK", access("file", F_OK));
	show("access R_OK|W_OK", access("file", R_OK | W_OK));
	show("access X_OK on a 0644 file", access("file", X_OK));
	show("access X_OK on a directory", access("sub", X_OK));
	show("access missing", access("none", F_OK));
	show("access bad mode", access("file", 0x10));
	umask(077);	/* what it was depends on who started us */
	show("umask returns the mask set before (077)", umask(022));
	unlink("link");
}

int main(void)
{
	mkdir("/tmp", 0777);
	snprintf(dir, sizeof(dir), "/tmp/tkern-dirs-%d", getpid());
	show("mkdir scratch directory", mkdir(dir, 0755));
	show("chdir into it", chdir(dir));
	make_and_remove();
	listing();
	working_directory();
	links_and_access();
	rmdir("sub/y");
	rmdir("sub");
	unlink("file");
	chdir("/");
	show("rmdir scratch directory", rmdir(dir));
	return 0;
}
