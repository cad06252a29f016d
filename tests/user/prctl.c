/*
 * prctl: a thread's name (what ps and top show), the parent-death
 * signal a grandchild gets when its parent ends, and EINVAL for options
 * the kernel does not know. The same output is expected on Linux
 * (qemu-aarch64).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define BAD_POINTER ((void *)16)

static volatile sig_atomic_t death_signal;

static void on_usr1(int sig)
{
	death_signal = sig;
}

static void errno_of(const char *what, long ret)
{
	printf("%-44s %s\n", what, ret < 0 ? strerrorname_np(errno) : "ok");
}

static void names(void)
{
	char name[32];

	errno_of("PR_SET_NAME(\"a-very-long-thread-name\")",
		 prctl(PR_SET_NAME, "a-very-long-thread-name"));
	memset(name, 0, sizeof(name));
	errno_of("PR_GET_NAME", prctl(PR_GET_NAME, name));
	printf("name is now [%s]\n", name);
	errno_of("PR_SET_NAME from a bad pointer", syscall(SYS_prctl, PR_SET_NAME, BAD_POINTER));
	errno_of("PR_GET_NAME into a bad pointer", syscall(SYS_prctl, PR_GET_NAME, BAD_POINTER));
	prctl(PR_SET_NAME, "prctl");
}

/*
 * A child that forks a grandchild and then exits: the grandchild asked for
 * SIGUSR1 at its parent's death, and reports it through a pipe, once:
 * under qemu-aarch64 the child also has QEMU's helper thread, so Linux
 * may reparent the grandchild to that thread first and signal it twice.
 */
static void parent_death(void)
{
	int fds[2], ready[2], status, sig = -1;
	char line[64];
	ssize_t n;
	pid_t child;

	errno_of("PR_SET_PDEATHSIG(65)", prctl(PR_SET_PDEATHSIG, 65));
	errno_of("PR_GET_PDEATHSIG", prctl(PR_GET_PDEATHSIG, &sig));
	printf("parent-death signal by default: %d\n", sig);
	pipe(fds);
	pipe(ready);
	fflush(stdout);
	child = fork();
	if (child == 0) {
		if (fork() == 0) {
			struct sigaction sa;
			sigset_t usr1, unblocked;

			memset(&sa, 0, sizeof(sa));
			sa.sa_handler = on_usr1;
			sigaction(SIGUSR1, &sa, NULL);
			sigemptyset(&usr1);
			sigaddset(&usr1, SIGUSR1);
			sigprocmask(SIG_BLOCK, &usr1, &unblocked);
			prctl(PR_SET_PDEATHSIG, SIGUSR1);
			write(ready[1], "r", 1);
			while (!death_signal)
				sigsuspend(&unblocked);
			write(fds[1], "parent-death signal arrived\n", 28);
			_exit(0);
		}
		read(ready[0], line, 1);	/* the grandchild is set up */
		_exit(0);
	}
	close(fds[1]);
	waitpid(child, &status, 0);
	n = read(fds[0], line, sizeof(line) - 1);
	line[n > 0 ? n : 0] = '\0';
	printf("grandchild says: %s", n > 0 ? line : "nothing\n");
	close(fds[0]);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	names();
	parent_death();
	errno_of("an option nobody knows (0x7fff)", prctl(0x7fff, 0, 0, 0, 0));
	return 0;
}
