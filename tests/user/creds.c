/*
 * Credentials, compared with Linux booted in QEMU (run as init, root):
 * the set*id matrix as root and, in forked children, after dropping
 * privileges; getgroups/setgroups; kill() between users (EPERM, and
 * SIGCONT within a session); /proc/<pid>/status's Uid/Gid/Groups lines
 * and /proc/<pid>/maps refused to another user.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *err(long r)
{
	return r >= 0 ? "ok" : strerrorname_np(errno);
}

static void show(const char *what)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;

	getresuid(&r, &e, &s);
	getresgid(&gr, &ge, &gs);
	printf("%-28s uid %u/%u/%u fsuid %u  gid %u/%u/%u fsgid %u\n", what, r, e, s,
	       setfsuid(-1), gr, ge, gs, setfsgid(-1));
}

static void status_lines(pid_t pid)
{
	char path[64], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	if (!f) {
		printf("open %s: %s\n", "status", strerrorname_np(errno));
		return;
	}
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "Uid:", 4) || !strncmp(line, "Gid:", 4) ||
		    !strncmp(line, "Groups:", 7))
			printf("status %s", line);
	fclose(f);
}

/* Run fn in a child and wait for it, so each case starts from root. */
static void in_child(void (*fn)(void))
{
	pid_t pid = fork();

	if (pid == 0) {
		fn();
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

static void root_setuid(void)
{
	printf("setuid(1000): %s\n", err(setuid(1000)));
	show("after root setuid(1000)");
	printf("setuid(0): %s\n", err(setuid(0)));
	printf("seteuid(0): %s\n", err(seteuid(0)));
	printf("setuid(-1): %s\n", err(setuid(-1)));
}

static void swap_ids(void)
{
	printf("setresuid(1000, 1001, 0): %s\n", err(setresuid(1000, 1001, 0)));
	show("after setresuid");
	printf("setresuid(2000, -1, -1): %s\n", err(setresuid(2000, -1, -1)));
	printf("setresuid(-1, 1000, -1): %s\n", err(setresuid(-1, 1000, -1)));
	printf("setresuid(0, 0, 0) via saved: %s\n", err(setresuid(-1, 0, -1)));
	show("back to euid 0");
	printf("setreuid(1000, 1001): %s\n", err(setreuid(1000, 1001)));
	show("after setreuid(1000, 1001)");
	printf("setreuid(-1, 1000): %s\n", err(setreuid(-1, 1000)));
	show("after setreuid(-1, 1000)");
	printf("setreuid(1001, -1): %s\n", err(setreuid(1001, -1)));
	show("after setreuid(1001, -1)");
	printf("setreuid(0, -1): %s\n", err(setreuid(0, -1)));
	printf("setuid(1001): %s\n", err(setuid(1001)));
	printf("setuid(1000): %s\n", err(setuid(1000)));
	show("after setuid(1000)");
	printf("setfsuid(5) returns %d\n", setfsuid(5));
	show("after setfsuid(5)");
	printf("setfsuid(1001) returns %d\n", setfsuid(1001));
	show("after setfsuid(1001)");
}

static void gids(void)
{
	gid_t list[8] = { 30, 10, 20 }, got[8];
	int n;

	printf("setgroups(3): %s\n", err(setgroups(3, list)));
	n = getgroups(8, got);
	printf("getgroups: %d:", n);
	for (int i = 0; i < n; i++)
		printf(" %u", got[i]);
	printf("\ngetgroups(0): %d\n", getgroups(0, NULL));
	printf("getgroups(1): %s\n", err(getgroups(1, got)));
	printf("getgroups(-1): %s\n", err(syscall(SYS_getgroups, -1, NULL)));
	printf("setgroups(-1 gid): %s\n", err(setgroups(1, (gid_t[]){ -1 })));
	printf("setgroups(bad pointer): %s\n", err(setgroups(2, (gid_t *)8)));
	printf("setresgid(100, 200, 300): %s\n", err(setresgid(100, 200, 300)));
	show("after setresgid");
	status_lines(getpid());
	printf("setgid(50): %s\n", err(setgid(50)));
	show("after root setgid(50)");
	printf("setuid(1000): %s\n", err(setuid(1000)));
	printf("setgroups as user: %s\n", err(setgroups(0, NULL)));
	printf("setgid(60): %s\n", err(setgid(60)));
	printf("setregid(-1, 50): %s\n", err(setregid(-1, 50)));
	printf("setresgid(-1, 60, -1): %s\n", err(setresgid(-1, 60, -1)));
	show("as user");
	status_lines(getpid());
}

static int hold[2], ready[2];
static pid_t root_child, user_child, other_session;

/* A child that sets itself up with setup (may be NULL) and waits until hold closes. */
static pid_t holder(void (*setup)(void))
{
	pid_t pid = fork();
	char c;

	if (pid == 0) {
		if (setup)
			setup();
		close(hold[1]);
		write(ready[1], "r", 1);
		read(hold[0], &c, 1);
		_exit(0);
	}
	return pid;
}

static void become_1000(void)
{
	setuid(1000);
}

static void new_session(void)
{
	setsid();
}

static void open_maps(const char *who, pid_t pid)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	fd = open(path, O_RDONLY);
	printf("open maps of %s: %s\n", who, err(fd));
	if (fd >= 0)
		close(fd);
}

static void as_user(void)
{
	setuid(1000);
	printf("user kills root child (0): %s\n", err(kill(root_child, 0)));
	printf("user kills root child (SIGUSR1): %s\n", err(kill(root_child, SIGUSR1)));
	printf("user sends SIGCONT to root child, same session: %s\n",
	       err(kill(root_child, SIGCONT)));
	printf("user sends SIGCONT to root, other session: %s\n",
	       err(kill(other_session, SIGCONT)));
	printf("user kills init: %s\n", err(kill(1, SIGUSR1)));
	printf("user kills user child (0): %s\n", err(kill(user_child, 0)));
	printf("user kills its own group (0): %s\n", err(kill(0, 0)));
	open_maps("root child", root_child);
	open_maps("itself", getpid());
	status_lines(root_child);
}

static void saved_root(void)
{
	setresuid(1000, 1000, 0);
	printf("euid 1000 with saved 0 kills root child: %s\n", err(kill(root_child, 0)));
	seteuid(0);
	printf("back to euid 0 kills user child: %s\n", err(kill(user_child, 0)));
	setresuid(0, 1000, 1000);
	printf("ruid 0 euid 1000 kills root child: %s\n", err(kill(root_child, 0)));
	open_maps("root child with fsuid 1000", root_child);
}

static void kills(void)
{
	char buf[3];

	pipe(hold);
	pipe(ready);
	root_child = holder(NULL);
	user_child = holder(become_1000);
	other_session = holder(new_session);
	for (int got = 0; got < 3; got += read(ready[0], buf, 3 - got))
		;
	in_child(as_user);
	in_child(saved_root);
	printf("root kills user child (0): %s\n", err(kill(user_child, 0)));
	open_maps("user child", user_child);
	close(hold[1]);
	close(hold[0]);
	while (wait(NULL) > 0)
		;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	mount("proc", "/proc", "proc", 0, NULL);
	setsid();
	show("init");
	status_lines(getpid());
	in_child(root_setuid);
	in_child(swap_ids);
	in_child(gids);
	kills();
	return 0;
}
