/*
 * execve: a child replaces its program and keeps its pid; argv and envp
 * arrive as given; ignored signals stay ignored; a failed execve leaves
 * the caller's memory as it was; errors give Linux's errnos; and 1,000
 * fork+execve+wait cycles run to the end.
 * Run as /bin/exec; it execs itself with a mode in argv[1]. A number as
 * argv[1] sets the stress cycles (the in-kernel leak test runs fewer).
 * The same output is expected on Linux (booted in QEMU: user-mode QEMU
 * cannot execve an AArch64 program on an x86 host).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define SELF "/bin/exec"
#define STRESS_CYCLES 1000

static int data_before_exec = 1234;

static void errno_of(const char *what, long ret)
{
	printf("%-44s %ld %s\n", what, ret, ret < 0 ? strerrorname_np(errno) : "");
}

static int run_child(char *const argv[], char *const envp[])
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execve(argv[0], argv, envp);
		printf("execve failed: %s\n", strerror(errno));
		_exit(127);
	}
	waitpid(pid, &status, 0);
	return status;
}

/* Mode "show": print what the new program received. */
static int show(int argc, char **argv, char **envp)
{
	int i;

	printf("  argc %d\n", argc);
	for (i = 0; i < argc; i++)
		printf("  argv[%d] \"%s\"\n", i, i == 2 ? "(the pid)" : argv[i]);
	for (i = 0; envp[i]; i++)
		printf("  envp[%d] \"%s\"\n", i, envp[i]);
	printf("  pid kept: %s\n", atoi(argv[2]) == getpid() ? "yes" : "no");
	return 7;
}

/* Mode "ignored": SIGTERM was SIG_IGN before execve, so it still is. */
static int still_ignored(void)
{
	raise(SIGTERM);
	printf("  SIGTERM still ignored after execve\n");
	return 0;
}

static void arguments_arrive(void)
{
	char pid[16], *argv[] = { SELF, "show", pid, "two words", "", NULL };
	char *envp[] = { "A=1", "B=two words", NULL };
	int status;

	fflush(stdout);
	if (fork() == 0) {
		snprintf(pid, sizeof(pid), "%d", getpid());
		execve(SELF, argv, envp);
		_exit(127);
	}
	wait(&status);
	printf("%-44s %d\n", "show exited", WEXITSTATUS(status));
}

static void ignored_signal_survives(void)
{
	char *argv[] = { SELF, "ignored", NULL }, *envp[] = { NULL };
	int status;

	fflush(stdout);
	if (fork() == 0) {
		signal(SIGTERM, SIG_IGN);
		execve(SELF, argv, envp);
		_exit(127);
	}
	wait(&status);
	printf("%-44s %s\n", "ignored child", WIFEXITED(status) ? "exited" : "killed");
}

static void errors(void)
{
	char *argv[] = { "x", NULL }, *envp[] = { NULL };
	char *huge = malloc(200 * 1024), *big_argv[] = { "x", huge, NULL };
	char *heap = strdup("heap survives");

	memset(huge, 'a', 200 * 1024 - 1);
	huge[200 * 1024 - 1] = '\0';
	errno_of("execve(missing file)", execve("/no/such/file", argv, envp));
	errno_of("execve(\"\")", execve("", argv, envp));
	errno_of("execve(a directory)", execve("/bin", argv, envp));
	errno_of("execve(bad path pointer)", syscall(SYS_execve, 16, argv, envp));
	errno_of("execve(bad argv pointer)", syscall(SYS_execve, SELF, 16, envp));
	argv[0] = (char *)16;
	errno_of("execve(bad argv[0])", execve(SELF, argv, envp));
	argv[0] = "x";
	errno_of("execve(one 200 KiB argument)", execve(SELF, big_argv, envp));
	errno_of("execve(not an ELF file)", execve("/elf-corpus/bad-magic", argv, envp));
	errno_of("execve(wrong machine)", execve("/elf-corpus/machine-x86-64", argv, envp));
	errno_of("execve(ELF header cut short)", execve("/elf-corpus/truncated-ehdr", argv, envp));
	printf("%-44s %d %s\n", "after the failures: data, heap", data_before_exec, heap);
	free(huge);
	free(heap);
}

static void stress(int cycles)
{
	char *argv[] = { "/bin/minimal", NULL }, *envp[] = { NULL };
	int i, ok = 0;

	for (i = 0; i < cycles; i++) {
		int status = run_child(argv, envp);

		ok += WIFEXITED(status) && WEXITSTATUS(status) == 0;
	}
	printf("%-44s %d of %d\n", "fork+execve+wait cycles that exited 0", ok, cycles);
}

int main(int argc, char **argv, char **envp)
{
	if (argc > 1 && !strcmp(argv[1], "show"))
		return show(argc, argv, envp);
	if (argc > 1 && !strcmp(argv[1], "ignored"))
		return still_ignored();
	arguments_arrive();
	ignored_signal_survives();
	errors();
	stress(argc > 1 ? atoi(argv[1]) : STRESS_CYCLES);
	return 0;
}
