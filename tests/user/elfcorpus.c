/*
 * Every broken ELF file of /elf-corpus (tests/user/elf-corpus/
 * make_corpus.py makes them, with a MANIFEST of the errno each must get)
 * given to execve from user space: each is refused with its errno, the
 * caller goes on, and a good program still runs afterwards. tkern only:
 * tkern checks more than Linux does (an entry point outside every
 * executable segment, overlapping segments), so the errnos are tkern's.
 * Prints "ok - ..." or "FAIL - ..." per file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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
	if (fork() == 0) {
		execve(minimal[0], minimal, envp);
		_exit(127);
	}
	wait(&status);
	printf("%s - a good program runs after them all\n",
	       WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "ok" : "FAIL");
	return failures != 0;
}
