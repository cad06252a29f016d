/*
 * Starting programs the ways the C library does: vfork (the parent sleeps
 * until the child's execve or exit, and sees what the child wrote in its
 * memory meanwhile), posix_spawn (glibc: clone3 or clone with
 * CLONE_VM|CLONE_VFORK), system(), popen/pclose, clone3 itself and the
 * clone flag combinations Linux refuses, and execve from a thread (the
 * other threads go, the exec'ing thread takes over the process's pid).
 * It execs, so it is compared with Linux booted in QEMU
 * (LINUX_BOOT_PROGRAMS); it runs /bin/echo and /bin/sh of the initramfs.
 * Run as /bin/spawn; it execs itself with "after-exec PID" in argv.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/sched.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define SELF "/bin/spawn"

extern char **environ;

static void report_status(const char *what, int status)
{
	if (WIFEXITED(status))
		printf("%s: exited %d\n", what, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("%s: killed by signal %d\n", what, WTERMSIG(status));
}

static void wait_and_report(const char *what, pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		printf("%s: waitpid failed: %s\n", what, strerrorname_np(errno));
	else
		report_status(what, status);
}

static volatile int written_by_child;

static void vfork_memory(void)
{
	pid_t pid;

	fflush(stdout);
	pid = vfork();
	if (pid == 0) {
		written_by_child = 1234;
		_exit(3);
	}
	printf("vfork: the parent sees the child's write: %d\n", written_by_child);
	wait_and_report("vfork child", pid);
}

/* The child works a while before its exec: a parent not held back would see 0. */
static void vfork_then_exec(void)
{
	char *argv[] = { "echo", "echo ran from a vfork child", NULL };
	volatile unsigned long spin;
	int seen, status = 0;
	pid_t pid, got;

	written_by_child = 0;
	fflush(stdout);
	pid = vfork();
	if (pid == 0) {
		for (spin = 0; spin < 20000000; spin++)
			;
		written_by_child = 2;
		execve("/bin/echo", argv, environ);
		_exit(127);
	}
	/* Read now, printed once echo has exited: echo's line and ours would race. */
	seen = written_by_child;
	got = waitpid(pid, &status, 0);
	printf("vfork+execve: the parent ran on only after the exec: %s\n", seen == 2 ? "yes" : "no");
	if (got != pid)
		printf("vfork+execve child: waitpid failed: %s\n", strerrorname_np(errno));
	else
		report_status("vfork+execve child", status);
}

static void spawn(void)
{
	char *argv[] = { "echo", "posix_spawn ran echo", NULL };
	char *bad[] = { "nothing", NULL };
	pid_t pid;
	int err;

	fflush(stdout);
	err = posix_spawn(&pid, "/bin/echo", NULL, NULL, argv, environ);
	if (err)
		printf("posix_spawn: %s\n", strerrorname_np(err));
	else
		wait_and_report("posix_spawn child", pid);
	err = posix_spawn(&pid, "/bin/no-such-program", NULL, NULL, bad, environ);
	printf("posix_spawn of a missing program: %s\n", err ? strerrorname_np(err) : "0");
	if (!err)
		wait_and_report("posix_spawn of a missing program", pid);
}

/* The child's stdout is a pipe: posix_spawn_file_actions run in the child. */
static void spawn_with_pipe(void)
{
	char *argv[] = { "echo", "through a pipe", NULL };
	posix_spawn_file_actions_t actions;
	char buf[64] = "";
	int fds[2], err;
	ssize_t n;
	pid_t pid;

	pipe(fds);
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
	posix_spawn_file_actions_addclose(&actions, fds[0]);
	err = posix_spawnp(&pid, "/bin/echo", &actions, NULL, argv, environ);
	close(fds[1]);
	n = err ? 0 : read(fds[0], buf, sizeof(buf) - 1);
	close(fds[0]);
	if (n > 0)
		buf[n - (buf[n - 1] == '\n')] = '\0';
	printf("posix_spawnp with file actions read back: \"%s\"\n", buf);
	if (!err)
		wait_and_report("posix_spawnp child", pid);
	posix_spawn_file_actions_destroy(&actions);
}

static void system_and_popen(void)
{
	char line[64] = "";
	FILE *f;

	fflush(stdout);
	report_status("system(\"echo from system\")", system("echo from system"));
	fflush(stdout);
	f = popen("/bin/echo popen read this", "r");
	if (!f || !fgets(line, sizeof(line), f))
		printf("popen: failed\n");
	else
		printf("popen: %s", line);
	if (f)
		report_status("pclose", pclose(f));
}

static long clone3_call(struct clone_args *args, size_t size)
{
	long ret = syscall(SYS_clone3, args, size);

	if (ret == 0)
		_exit(4);
	return ret < 0 ? -errno : ret;
}

static void clone3_cases(void)
{
	struct { struct clone_args args; char more[16]; } big;
	struct clone_args args = { .exit_signal = SIGCHLD };
	long pid;

	fflush(stdout);
	pid = clone3_call(&args, sizeof(args));
	if (pid > 0)
		wait_and_report("clone3 like fork", (pid_t)pid);
	printf("clone3 size 63: %s\n", strerrorname_np((int)-clone3_call(&args, 63)));
	printf("clone3 size 8192: %s\n", strerrorname_np((int)-clone3_call(&args, 8192)));
	memset(&big, 0, sizeof(big));
	big.args.exit_signal = SIGCHLD;
	big.more[3] = 1;
	printf("clone3 with non-zero bytes past the struct: %s\n",
	       strerrorname_np((int)-clone3_call(&big.args, sizeof(big))));
	args = (struct clone_args){ .flags = CLONE_THREAD, .exit_signal = 0 };
	printf("clone3 CLONE_THREAD alone: %s\n",
	       strerrorname_np((int)-clone3_call(&args, sizeof(args))));
	args = (struct clone_args){ .flags = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM,
				    .exit_signal = SIGCHLD };
	printf("clone3 thread with an exit signal: %s\n",
	       strerrorname_np((int)-clone3_call(&args, sizeof(args))));
	args = (struct clone_args){ .stack = 4096, .exit_signal = SIGCHLD };
	printf("clone3 stack without a size: %s\n",
	       strerrorname_np((int)-clone3_call(&args, sizeof(args))));
	args = (struct clone_args){ .flags = CLONE_SIGHAND | CLONE_VM | CLONE_CLEAR_SIGHAND };
	printf("clone3 CLONE_SIGHAND|CLONE_CLEAR_SIGHAND: %s\n",
	       strerrorname_np((int)-clone3_call(&args, sizeof(args))));
	args = (struct clone_args){ .exit_signal = 65 };
	printf("clone3 exit signal 65: %s\n",
	       strerrorname_np((int)-clone3_call(&args, sizeof(args))));
}

static void clone_refusals(void)
{
	static const struct { const char *what; unsigned long flags; } cases[] = {
		{ "CLONE_THREAD without CLONE_SIGHAND", CLONE_THREAD | CLONE_VM },
		{ "CLONE_SIGHAND without CLONE_VM", CLONE_SIGHAND },
		{ "CLONE_NEWNS|CLONE_FS", CLONE_NEWNS | CLONE_FS },
	};
	unsigned int i;
	long ret;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ret = syscall(SYS_clone, cases[i].flags | SIGCHLD, 0, 0, 0, 0);
		if (ret == 0)
			_exit(0);
		printf("clone %s: %s\n", cases[i].what, ret < 0 ? strerrorname_np(errno) : "made");
		if (ret > 0)
			waitpid((pid_t)ret, NULL, 0);
	}
}

static char pid_text[16];

static void *exec_from_thread(void *arg)
{
	char *argv[] = { SELF, "after-exec", pid_text, NULL };

	(void)arg;
	execve(SELF, argv, environ);
	printf("execve from a thread failed: %s\n", strerrorname_np(errno));
	_exit(1);
}

static void *idle_thread(void *arg)
{
	(void)arg;
	for (;;)
		sched_yield();
	return NULL;
}

static void thread_exec(void)
{
	pthread_t t[3];
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		snprintf(pid_text, sizeof(pid_text), "%d", getpid());
		pthread_create(&t[0], NULL, idle_thread, NULL);
		pthread_create(&t[1], NULL, idle_thread, NULL);
		pthread_create(&t[2], NULL, exec_from_thread, NULL);
		for (;;)
			sched_yield();
	}
	wait_and_report("execve from a thread", pid);
}

/* The program exec'd from a thread: one thread left, with the process's pid. */
static int after_exec(const char *pid)
{
	char line[128];
	FILE *f = fopen("/proc/self/status", "r");
	int threads = -1;

	while (f && fgets(line, sizeof(line), f))
		sscanf(line, "Threads: %d", &threads);
	if (f)
		fclose(f);
	printf("after execve from a thread: pid kept: %s, gettid == getpid: %s, threads: %d\n",
	       atoi(pid) == getpid() ? "yes" : "no",
	       syscall(SYS_gettid) == getpid() ? "yes" : "no", threads);
	return 6;
}

int main(int argc, char **argv)
{
	mount("proc", "/proc", "proc", 0, NULL);
	if (argc == 3 && !strcmp(argv[1], "after-exec"))
		return after_exec(argv[2]);
	vfork_memory();
	vfork_then_exec();
	spawn();
	spawn_with_pipe();
	system_and_popen();
	clone3_cases();
	clone_refusals();
	thread_exec();
	return 0;
}
