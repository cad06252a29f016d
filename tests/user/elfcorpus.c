/*
 * Every broken ELF file of /elf-corpus (tests/user/elf-corpus/
 * make_corpus.py makes them, with a MANIFEST of the errno each must get)
 * given to execve from user space: each is refused with its errno, the
 * caller goes on, and a good program still runs afterwards; and a file
 * resized while it is being exec'd is read safely. tkern only:
 * tkern checks more than Linux does (an entry point outside every
 * executable segment, overlapping segments), so the errnos are tkern's.
 * Prints "ok - ..." or "FAIL - ..." per file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define RESIZED_TRIES 2000

/*
 * execve of a file that another process keeps resizing: each call sees
 * some size and must read no more than it made room for (tkern once
 * sized its buffer before taking the lock and read the size again
 * after: a file grown between the two overflowed the buffer, an oops
 * the system call fuzzer found). Each call is refused (ENOEXEC for the
 * zeros, ETXTBSY while the file is open for writing, as Linux).
 */
static int resized_while_execed(void)
{
	char *argv[] = { "resized", NULL }, *envp[] = { NULL };
	const char *path = "/tmp/elfcorpus-resized";
	int fd, bad = 0, tries;
	pid_t resizer;

	mkdir("/tmp", 01777);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0755);
	if (fd < 0) {
		printf("FAIL - create %s: %s\n", path, strerrorname_np(errno));
		return 1;
	}
	resizer = fork();
	if (resizer == 0)
		for (;;) {
			ftruncate(fd, 64 << 10);	/* vmalloc'd: a wide window */
			ftruncate(fd, 1 << 20);
		}
	close(fd);
	for (tries = 0; tries < RESIZED_TRIES; tries++) {
		execve(path, argv, envp);
		bad += errno != ENOEXEC && errno != ETXTBSY;
	}
	kill(resizer, SIGKILL);
	waitpid(resizer, NULL, 0);
	unlink(path);
	printf("%s - %d execve of a file being resized: each refused (%d otherwise)\n",
	       bad ? "FAIL" : "ok", tries, bad);
	return bad != 0;
}

int main(void)
{
	char line[256], path[300], *name, *want, *save;
	char *argv[] = { "corpus", NULL }, *envp[] = { NULL };
	char *minimal[] = { "/bin/minimal", NULL };
	FILE *manifest = fopen("/elf-corpus/MANIFEST", "r");
	int failures = 0, status;

	if (!manifest) {
		perror("/elf-corpus/MANIFEST");
		return 1;
	}
	while (fgets(line, sizeof(line), manifest)) {
		name = strtok_r(line, "\t\n", &save);
		want = strtok_r(NULL, "\t\n", &save);
		if (!name || !want)
			continue;
		snprintf(path, sizeof(path), "/elf-corpus/%s", name);
		execve(path, argv, envp);
		failures += strcmp(strerrorname_np(errno), want) != 0;
		printf("%s - %s refused with %s (wants %s)\n",
		       strcmp(strerrorname_np(errno), want) ? "FAIL" : "ok", name,
		       strerrorname_np(errno), want);
	}
	fclose(manifest);
	fflush(stdout);
	failures += resized_while_execed();
	fflush(stdout);
	if (fork() == 0) {
		execve(minimal[0], minimal, envp);
		_exit(127);
	}
	wait(&status);
	printf("%s - a good program runs after them all\n",
	       WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "ok" : "FAIL");
	return failures != 0;
}
