/*
 * #! scripts through execve, compared with Linux booted in QEMU: scripts
 * are written into /tmp, each run in a child, which prints the errno of a
 * failed execve. The interpreter is this program itself: run with
 * SCRIPT_TEST in its environment it prints the argv it was given, so the
 * rewriting of argv is seen exactly (long arguments by their length), and
 * the environment is seen to be passed on.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void show_args(int argc, char **argv)
{
	printf("  argv:");
	for (int i = 0; i < argc; i++) {
		if (strlen(argv[i]) > 40)
			printf(" [<%zu bytes>]", strlen(argv[i]));
		else
			printf(" [%s]", argv[i]);
	}
	printf("\n");
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		printf("cannot write %s: %s\n", path, strerrorname_np(errno));
	close(fd);
}

#define ARG_LIMIT (128 * 1024)	/* Linux's minimum limit, tkern's ARG_MAX */
#define SCRIPT_ENV "SCRIPT_TEST=1"

/*
 * execve path with argv in a child; report how it went. With a small
 * stack limit Linux's limit on the arguments is its minimum, ARG_LIMIT,
 * which is tkern's: the E2BIG cases agree.
 */
static void run_limited(const char *what, const char *path, char **argv, bool small_stack)
{
	char *envp[] = { SCRIPT_ENV, NULL };
	struct rlimit stack = { 256 * 1024, 256 * 1024 };
	int status;
	pid_t pid;

	printf("%s:\n", what);
	pid = fork();
	if (pid == 0) {
		if (small_stack)
			setrlimit(RLIMIT_STACK, &stack);
		execve(path, argv, envp);
		printf("  execve: %s\n", strerrorname_np(errno));
		_exit(0);
	}
	waitpid(pid, &status, 0);
}

static void run(const char *what, const char *path, char **argv)
{
	run_limited(what, path, argv, false);
}

/*
 * Arguments 100 bytes short of the limit as both kernels count it (the
 * strings with their NULs, the file name, a pointer per string) pass when
 * the program is run directly; through a script, whose interpreter, its
 * argument and the script's long path come in front, they are E2BIG.
 */
static void too_big_through_a_script(void)
{
	static char first[65536], second[65536];
	char script[300] = "/tmp/";
	char *argv[] = { "x", first, second, NULL };
	size_t fixed = strlen("/bin/scripts") + 1 + 2 + strlen(SCRIPT_ENV) + 1 + 4 * sizeof(char *);
	size_t rest = ARG_LIMIT - 100 - fixed - sizeof(first);

	memset(first, 'f', sizeof(first) - 1);
	memset(second, 's', rest - 1);
	memset(script + 5, 'p', 250);
	write_file(script, "#!/bin/scripts show\n", 0755);
	run_limited("arguments near the limit, run directly", "/bin/scripts", argv, true);
	run_limited("the same through a script with a long path: too big", script, argv, true);
	unlink(script);
}

static void long_lines(void)
{
	char text[600];

	strcpy(text, "#!/bin/scripts show ");
	memset(text + strlen(text), 'a', 300);
	text[320] = '\0';
	write_file("/tmp/longarg", text, 0755);
	run("a line past 256 bytes, the name ends early", "/tmp/longarg",
	    (char *[]){ "longarg", NULL });
	strcpy(text, "#!/");
	memset(text + 3, 'x', 300);
	strcpy(text + 303, " arg\n");
	write_file("/tmp/longname", text, 0755);
	run("an interpreter name past 256 bytes", "/tmp/longname",
	    (char *[]){ "longname", NULL });
}

static void nesting(void)
{
	char path[32], text[64];

	for (int i = 0; i <= 5; i++) {
		snprintf(path, sizeof(path), "/tmp/n%d", i);
		if (i < 5)
			snprintf(text, sizeof(text), "#!/tmp/n%d\n", i + 1);
		else
			snprintf(text, sizeof(text), "#!/bin/scripts show\n");
		write_file(path, text, 0755);
	}
	run("5 nested scripts", "/tmp/n1", (char *[]){ "n1", "x", NULL });
	run("6 nested scripts", "/tmp/n0", (char *[]){ "n0", "x", NULL });
}

int main(int argc, char **argv)
{
	if (getenv("SCRIPT_TEST")) {	/* run as an interpreter */
		show_args(argc, argv);
		return 0;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	mkdir("/tmp", 0777);
	write_file("/tmp/basic", "#!/bin/scripts\n", 0755);
	write_file("/tmp/witharg", "#!  /bin/scripts   show  x\t \nignored\n", 0755);
	write_file("/tmp/nonewline", "#!/bin/scripts show", 0755);
	write_file("/tmp/empty", "#!\n", 0755);
	write_file("/tmp/blank", "#!   \t\n", 0755);
	write_file("/tmp/text", "hello\n", 0755);
	write_file("/tmp/missing", "#!/no/such/interpreter\n", 0755);
	write_file("/tmp/noexec", "#!/bin/scripts show\n", 0644);
	write_file("/tmp/interp-text", "#!/tmp/text\n", 0755);
	write_file("/tmp/show", "#!/bin/scripts show\n", 0755);
	run("no argument: the script path becomes argv[1]", "/tmp/basic",
	    (char *[]){ "basic", "show", "b", NULL });
	run("one argument, inner blanks kept", "/tmp/witharg",
	    (char *[]){ "witharg", "a", "b", NULL });
	run("no newline at all", "/tmp/nonewline", (char *[]){ "nonewline", NULL });
	run("argv[0] is replaced by the path", "/tmp/show", (char *[]){ "anything", "1", NULL });
	run("empty argv", "/tmp/show", (char *[]){ NULL });
	run("relative path", "../tmp/show", (char *[]){ "show", NULL });
	run("#! and nothing", "/tmp/empty", (char *[]){ "empty", NULL });
	run("#! and blanks", "/tmp/blank", (char *[]){ "blank", NULL });
	run("neither ELF nor #!", "/tmp/text", (char *[]){ "text", NULL });
	run("missing interpreter", "/tmp/missing", (char *[]){ "missing", NULL });
	run("script not executable", "/tmp/noexec", (char *[]){ "noexec", NULL });
	run("interpreter neither ELF nor #!", "/tmp/interp-text",
	    (char *[]){ "interp-text", NULL });
	long_lines();
	nesting();
	too_big_through_a_script();
	return 0;
}
