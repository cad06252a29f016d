/*
 * init: the first process (rdinit=/init, the default). It mounts /proc
 * and /sys, starts a session with the console as its controlling terminal (as
 * getty does on a real system: without one a shell has no job control,
 * and Ctrl-C reaches nobody), then runs the command given after `--` on
 * the kernel command line, or else the interactive shell /bin/sh (BusyBox's
 * ash; the project's tsh in an image made without BusyBox), and waits: for
 * that child, and for any
 * orphan the kernel hands over. When the child ends, init ends with its
 * status, and the kernel powers the machine off.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

static char *default_command[] = { "/bin/sh", NULL };

/* A bare name runs from the first of BusyBox's directories that has it. */
static void run(char **argv, char **envp)
{
	static const char *const dirs[] = { "/bin", "/usr/bin", "/sbin", "/usr/sbin" };
	char path[256];

	if (strchr(argv[0], '/')) {
		execve(argv[0], argv, envp);
	} else {
		for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
			snprintf(path, sizeof(path), "%s/%s", dirs[i], argv[0]);
			execve(path, argv, envp);
			if (errno != ENOENT)
				break;
		}
	}
	fprintf(stderr, "init: %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

int main(int argc, char **argv, char **envp)
{
	char **command = argc > 1 ? &argv[1] : default_command;
	int status = 0;
	pid_t child, pid;

	if (mount("proc", "/proc", "proc", 0, NULL))
		fprintf(stderr, "init: mount /proc: %s\n", strerror(errno));
	if (mount("sysfs", "/sys", "sysfs", 0, NULL))
		fprintf(stderr, "init: mount /sys: %s\n", strerror(errno));
	if (setsid() < 0 || ioctl(STDIN_FILENO, TIOCSCTTY, 0))
		fprintf(stderr, "init: no controlling terminal: %s\n", strerror(errno));
	fflush(stdout);
	child = fork();
	if (child < 0) {
		perror("init: fork");
		return 1;
	}
	if (child == 0)
		run(command, envp);
	do {
		pid = wait(&status);
	} while (pid != child && !(pid < 0 && errno == ECHILD));
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
