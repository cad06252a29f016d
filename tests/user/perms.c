/*
 * Permission checks for a user who is not root: root builds a tree of
 * files and directories with chosen modes and owners under /tmp, then a
 * child drops to uid 1000 (groups 1000 and 2000) and tries to open, read
 * directories, search, create, remove (the sticky bit), chmod, chown,
 * utimensat, execute and access(); another keeps effective uid 0 with a
 * real uid of 1000, for access()'s real-id rule; then root looks at what
 * the user's actions left and checks that its own overrides hold (and
 * that even root needs an x bit to execute). Run as init on tkern and on
 * Linux booted in QEMU (LINUX_BOOT_PROGRAMS): it needs a root file
 * system of its own. Run with the argument "hello", it only says hello
 * (what the exec tests run).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "remove_tree.h"

static char dir[] = "/tmp/perms-XXXXXX";
static const char *self;

static void show(const char *what, long ret)
{
	if (ret < 0)
		printf("%-48s -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%-48s %ld\n", what, ret);
}

static void show_owner(const char *what, const char *path)
{
	struct stat st;

	if (lstat(path, &st))
		printf("%-48s -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%-48s %06o uid %u gid %u\n", what, st.st_mode, st.st_uid, st.st_gid);
}

/* 0 if the open works (the descriptor is closed again), else -1 with errno. */
static long try_open(const char *path, int flags)
{
	int fd = open(path, flags, 0644);

	return fd < 0 ? -1 : close(fd);
}

static void make(const char *path, mode_t mode, uid_t uid, gid_t gid)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);

	write(fd, "data\n", 5);
	close(fd);
	chown(path, uid, gid);
	chmod(path, mode);
}

static void make_dir(const char *path, mode_t mode, uid_t uid, gid_t gid)
{
	mkdir(path, 0700);
	chown(path, uid, gid);
	chmod(path, mode);
}

/* A copy of this program, to be executed with the mode it is given. */
static void copy_self(const char *path, mode_t mode)
{
	int in = open(self, O_RDONLY), out = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0700);
	char buf[4096];
	ssize_t n;

	while ((n = read(in, buf, sizeof(buf))) > 0)
		write(out, buf, n);
	close(in);
	close(out);
	chmod(path, mode);
}

static void build_tree(void)
{
	chmod(dir, 0755);
	make("secret", 0600, 0, 0);
	make("public", 0644, 0, 0);
	make("shared", 0666, 0, 0);
	make("mine", 0644, 1000, 0);
	make("suid", 04777, 0, 0);
	make_dir("closed", 0700, 0, 0);
	make("closed/f", 0644, 0, 0);
	make_dir("noread", 0711, 0, 0);
	make("noread/f", 0644, 0, 0);
	make_dir("nosearch", 0744, 0, 0);
	make("nosearch/f", 0644, 0, 0);
	make_dir("open", 0777, 0, 0);
	make_dir("sticky", 01777, 0, 0);
	make("sticky/rootfile", 0666, 0, 0);
	make_dir("sticky/rootdir", 0777, 0, 0);
	make_dir("sgid", 02777, 0, 3000);
	make_dir("usticky", 01777, 1000, 1000);
	make("usticky/rootfile", 0644, 0, 0);
	make("suid2", 06777, 0, 0);
	make("grpfile", 0664, 0, 2000);
	make("owner-none", 0077, 1000, 0);
	make("group-none", 0604, 0, 1000);
	copy_self("prog644", 0644);
	copy_self("prog711", 0711);
	make_dir("progdir", 0755, 0, 0);
}

/* Run path with "hello" in a child: the program ends the line, or the child with the errno. */
static void try_exec(const char *what, const char *path)
{
	int status;
	pid_t pid;

	printf("%-48s ", what);
	pid = fork();
	if (pid == 0) {
		execl(path, path, "hello", (char *)NULL);
		printf("-1 %s\n", strerrorname_np(errno));
		exit(0);
	}
	waitpid(pid, &status, 0);
}

static int list_directory(const char *path)
{
	DIR *d = opendir(path);
	int n = 0;

	if (!d)
		return -1;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

static void as_user_opening(void)
{
	show("open secret O_RDONLY", try_open("secret", O_RDONLY));
	show("open public O_RDONLY", try_open("public", O_RDONLY));
	show("open public O_WRONLY", try_open("public", O_WRONLY));
	show("open public O_RDONLY|O_TRUNC", try_open("public", O_RDONLY | O_TRUNC));
	show("open public O_RDONLY|O_CREAT (exists)", try_open("public", O_RDONLY | O_CREAT));
	show("open public O_CREAT|O_EXCL in a closed dir", try_open("public", O_RDONLY | O_CREAT |
								    O_EXCL));
	show("open shared O_RDWR", try_open("shared", O_RDWR));
	show("open one's own 0077 file (owner class only)", try_open("owner-none", O_RDONLY));
	show("open a 0604 file of one's group", try_open("group-none", O_RDONLY));
	show("open shared O_NOATIME (not the owner)", try_open("shared", O_RDONLY | O_NOATIME));
	show("open mine O_NOATIME (the owner)", try_open("mine", O_RDONLY | O_NOATIME));
	show("open a setuid, setgid file O_TRUNC", try_open("suid2", O_WRONLY | O_TRUNC));
	show("open through a dir without search, O_CREAT", try_open("nosearch/f", O_RDONLY |
									 O_CREAT));
	show("write to a setuid file", try_open("suid", O_WRONLY | O_APPEND));
	show("  (written)", write(open("suid", O_WRONLY | O_APPEND), "more\n", 5));
}

static void as_user_directories(void)
{
	struct stat st;
	int fd;

	show("stat closed/f (no search)", stat("closed/f", &st));
	show("list closed", list_directory("closed"));
	show("chdir closed", chdir("closed"));
	show("stat noread/f (search only)", stat("noread/f", &st));
	show("list noread", list_directory("noread"));
	show("chdir noread", chdir("noread"));
	show("  and back", chdir(dir));
	show("list nosearch (read only): entries", list_directory("nosearch"));
	show("stat nosearch/f", stat("nosearch/f", &st));
	show("stat nosearch/. ", stat("nosearch/.", &st));
	show("chdir nosearch", chdir("nosearch"));
	fd = open("nosearch", O_RDONLY | O_DIRECTORY);
	show("fchdir to nosearch", fchdir(fd));
	show("openat nosearch, f", openat(fd, "f", O_RDONLY));
	close(fd);
	show("access closed/f F_OK", access("closed/f", F_OK));
	show("access public R_OK", access("public", R_OK));
	show("access public W_OK", access("public", W_OK));
	show("access shared R_OK|W_OK", access("shared", R_OK | W_OK));
	show("access noread R_OK", access("noread", R_OK));
	show("access noread X_OK", access("noread", X_OK));
}

static void as_user_names(void)
{
	show("create in a root 0755 directory", try_open("new", O_WRONLY | O_CREAT));
	show("mkdir there", mkdir("newdir", 0755));
	show("symlink there", symlink("public", "newlink"));
	show("unlink there", unlink("public"));
	show("rmdir a non-empty directory there", rmdir("closed"));
	show("unlink a missing name there", unlink("none"));
	show("unlink a directory there", unlink("open"));
	show("create in an open 0777 directory", try_open("open/u", O_WRONLY | O_CREAT));
	show_owner("  its owner and mode", "open/u");
	show("create mode 0444 and open it O_RDWR", try_open("open/ro", O_RDWR | O_CREAT | O_EXCL));
	chmod("open/ro", 0444);
	show("open that read-only file O_RDWR again", try_open("open/ro", O_RDWR));
	show("mkdir in the open directory", mkdir("open/d", 0777));
	show_owner("  its owner and mode", "open/d");
	show("unlink root's file in a sticky directory", unlink("sticky/rootfile"));
	show("rmdir root's directory in a sticky directory", rmdir("sticky/rootdir"));
	show("create in the sticky directory", try_open("sticky/mine", O_WRONLY | O_CREAT));
	show("unlink one's own file there", unlink("sticky/mine"));
	show("unlink root's file in one's own sticky dir", unlink("usticky/rootfile"));
	show("create in a setgid directory", try_open("sgid/f", O_WRONLY | O_CREAT));
	show_owner("  its group", "sgid/f");
	show("create setgid there (group not ours)", open("sgid/g", O_WRONLY | O_CREAT, 02755) >= 0);
	show_owner("  setgid dropped", "sgid/g");
	show("mkdir there", mkdir("sgid/d", 0755));
	show_owner("  setgid and group passed on", "sgid/d");
}

static void as_user_attributes(void)
{
	struct timespec t[2] = { { 100, 0 }, { 200, 0 } };
	struct timespec now[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	struct timespec half[2] = { { 0, UTIME_OMIT }, { 0, UTIME_NOW } };

	show("chmod root's file", chmod("secret", 0777));
	show("chmod one's own file", chmod("mine", 0600));
	show("chmod one's own file 02755 (group root)", chmod("mine", 02755));
	show_owner("  setgid dropped", "mine");
	show("chown one's own file to uid 1001", chown("mine", 1001, -1));
	show("chown one's own file to one's own uid", chown("mine", 1000, -1));
	show("chgrp one's own file to group 1000", chown("mine", -1, 1000));
	show("chgrp one's own file to group 2000", chown("mine", -1, 2000));
	show("chgrp one's own file to group 5", chown("mine", -1, 5));
	show_owner("  owner", "mine");
	show("chown -1:-1 of root's file", chown("public", -1, -1));
	show("chmod a file of one's group, not one's own", chmod("grpfile", 0600));
	show("write to that file of one's group", try_open("grpfile", O_WRONLY));
	show("chown root's file to oneself", chown("public", 1000, -1));
	show("chgrp root's file to group 1000", chown("public", -1, 1000));
	show("utimensat NULL on root's 0644 file", utimensat(AT_FDCWD, "public", NULL, 0));
	show("utimensat NULL on root's 0666 file", utimensat(AT_FDCWD, "shared", NULL, 0));
	show("utimensat UTIME_NOW x2 on root's 0666 file", utimensat(AT_FDCWD, "shared", now, 0));
	show("utimensat OMIT+NOW on root's 0666 file", utimensat(AT_FDCWD, "shared", half, 0));
	show("utimensat times on root's 0666 file", utimensat(AT_FDCWD, "shared", t, 0));
	show("utimensat times on one's own file", utimensat(AT_FDCWD, "mine", t, 0));
	show("access a 0711 program X_OK", access("prog711", X_OK));
	show("access a 0711 program R_OK", access("prog711", R_OK));
}

static void as_user_exec(void)
{
	try_exec("exec a 0711 program of root's", "prog711");
	try_exec("exec a 0644 program", "prog644");
	try_exec("exec a directory", "progdir");
	try_exec("exec through a closed directory", "closed/f");
}

static void as_user(void)
{
	gid_t groups[] = { 1000, 2000 };

	if (setgroups(2, groups) || setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000)) {
		perror("dropping to uid 1000");
		exit(1);
	}
	umask(022);
	as_user_opening();
	as_user_directories();
	as_user_names();
	as_user_attributes();
	as_user_exec();
	exit(0);
}

/* Effective uid 0, real uid 1000: access() answers for the real one. */
static void as_real_user(void)
{
	if (setresuid(1000, 0, 0)) {
		perror("setresuid");
		exit(1);
	}
	show("real 1000: access secret R_OK", access("secret", R_OK));
	show("real 1000: faccessat AT_EACCESS", faccessat(AT_FDCWD, "secret", R_OK, AT_EACCESS));
	show("real 1000: access closed/f F_OK", access("closed/f", F_OK));
	show("real 1000: open secret (fsuid 0)", try_open("secret", O_RDONLY));
	setfsuid(1000);
	show("fsuid 1000: open secret", try_open("secret", O_RDONLY));
	show("fsuid 1000: access secret R_OK (real id)", access("secret", R_OK));
	setfsuid(0);
	show("fsuid 0 again: open secret", try_open("secret", O_RDONLY));
	exit(0);
}

static void in_child(const char *what, void (*fn)(void))
{
	int status;
	pid_t pid;

	printf("-- %s\n", what);
	pid = fork();
	if (pid == 0)
		fn();
	waitpid(pid, &status, 0);
	show("  exit status", WIFEXITED(status) ? WEXITSTATUS(status) : -1000);
}

static void as_root_after(void)
{
	struct stat st;

	printf("-- root\n");
	show_owner("the setuid file after the user's write", "suid");
	show_owner("the setuid file after the user's O_TRUNC", "suid2");
	show("root opens secret O_RDWR", try_open("secret", O_RDWR));
	show("root stats closed/f", stat("closed/f", &st));
	show("root lists closed", list_directory("closed"));
	show("root unlinks in the sticky directory", unlink("sticky/rootfile"));
	show("root access public X_OK", access("public", X_OK));
	try_exec("root execs a 0644 program", "prog644");
	try_exec("root execs a 0711 program", "prog711");
	chmod("prog711", 0100);
	try_exec("root execs a 0100 program", "prog711");
	chmod("mine", 04755);
	show("root writes to a setuid file", write(open("mine", O_WRONLY | O_APPEND), "x", 1));
	show_owner("  setuid kept", "mine");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "hello")) {
		printf("ran: uid %d euid %d\n", getuid(), geteuid());
		return 0;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	self = argv[0];
	umask(022);
	mkdir("/tmp", 01777);
	if (!mkdtemp(dir) || chdir(dir)) {
		perror("scratch directory");
		return 1;
	}
	build_tree();
	in_child("uid 1000, groups 1000 2000", as_user);
	in_child("real uid 1000, effective uid 0", as_real_user);
	as_root_after();
	chdir("/");
	remove_tree(dir);
	show("scratch directory removed", access(dir, F_OK) == -1 && errno == ENOENT);
	return 0;
}
