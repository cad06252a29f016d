/*
 * tsh: the project's small shell (BusyBox's ash is /bin/sh). It reads a line, splits it into words (double or
 * single quotes group words; $? is the last status), and runs the
 * builtins cd, pwd, exit and help itself; anything else is a program,
 * looked up in /bin, /usr/bin, /sbin and /usr/sbin unless the name has a
 * slash, run in a child with
 * fork+execve and waited for. A child killed by a signal is reported by
 * the signal's name. `tsh -c "line"` runs one line; when standard input is
 * not the console, lines are read without a prompt.
 *
 * The shell ignores SIGINT, so Ctrl-C ends the program running, not the
 * shell; the child puts the default action back before its execve.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_LINE 1024
#define MAX_WORDS 64

extern char **environ;
static int last_status;

/* Split line in place into words; returns how many, or -1 on an unclosed quote. */
static int split_words(char *line, char **words, char *storage)
{
	int nr = 0;
	char *out = storage;

	while (*line) {
		char quote = 0;

		while (*line == ' ' || *line == '\t' || *line == '\n')
			line++;
		if (!*line || nr == MAX_WORDS - 1)
			break;
		words[nr++] = out;
		for (; *line && (quote || (*line != ' ' && *line != '\t' && *line != '\n')); line++) {
			if (!quote && (*line == '"' || *line == '\''))
				quote = *line;
			else if (quote && *line == quote)
				quote = 0;
			else if (!quote && line[0] == '$' && line[1] == '?') {
				out += sprintf(out, "%d", last_status);
				line++;
			} else
				*out++ = *line;
		}
		if (quote)
			return -1;
		*out++ = '\0';
	}
	words[nr] = NULL;
	return nr;
}

static void report_child(const char *name, int status)
{
	int sig;

	if (!WIFSIGNALED(status)) {
		last_status = WEXITSTATUS(status);
		return;
	}
	sig = WTERMSIG(status);
	last_status = 128 + sig;
	fprintf(stderr, "%s: %s%s\n", name, sig == SIGINT ? "interrupted" : strsignal(sig),
		WCOREDUMP(status) ? " (core dumped)" : "");
}

/* In the child: the program by its path, or from the first directory that has it. */
static void exec_program(char **words)
{
	static const char *const dirs[] = { "/bin", "/usr/bin", "/sbin", "/usr/sbin" };
	char path[256];

	if (strchr(words[0], '/')) {
		execve(words[0], words, environ);
		return;
	}
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dirs[i], words[0]);
		execve(path, words, environ);
		if (errno != ENOENT)
			return;
	}
}

static void run_program(char **words)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "tsh: fork: %s\n", strerror(errno));
		last_status = 1;
		return;
	}
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		exec_program(words);
		fprintf(stderr, "tsh: %s: %s\n", words[0],
			errno == ENOENT ? "command not found" : strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return;
	}
	report_child(words[0], status);
}

static void change_directory(char **words)
{
	const char *dir = words[1] ? words[1] : getenv("HOME");

	last_status = chdir(dir ? dir : "/") ? 1 : 0;
	if (last_status)
		fprintf(stderr, "tsh: cd: %s: %s\n", dir, strerror(errno));
}

static void help(void)
{
	printf("Builtins: cd [dir], pwd, exit [status], help.\n"
	       "Anything else runs the program <name> (from /bin, /usr/bin, /sbin or\n"
	       "/usr/sbin) with its arguments; try: ls /bin\n"
	       "Ctrl-C interrupts the program running; Ctrl-D or exit leaves.\n");
}

/* Run one line; returns false when the shell should exit. */
static bool run_line(char *line)
{
	char *words[MAX_WORDS], storage[2 * MAX_LINE];
	char cwd[256];
	int nr = split_words(line, words, storage);

	if (nr < 0) {
		fprintf(stderr, "tsh: unclosed quote\n");
		last_status = 2;
	} else if (nr == 0) {
		return true;
	} else if (!strcmp(words[0], "exit")) {
		if (words[1])
			last_status = atoi(words[1]);
		return false;
	} else if (!strcmp(words[0], "cd")) {
		change_directory(words);
	} else if (!strcmp(words[0], "pwd")) {
		puts(getcwd(cwd, sizeof(cwd)) ? cwd : "?");
	} else if (!strcmp(words[0], "help")) {
		help();
	} else {
		run_program(words);
	}
	return true;
}

int main(int argc, char **argv)
{
	char line[MAX_LINE], cwd[256];
	bool interactive = isatty(0);

	signal(SIGINT, SIG_IGN);
	if (argc > 2 && !strcmp(argv[1], "-c")) {
		snprintf(line, sizeof(line), "%s", argv[2]);
		run_line(line);
		return last_status;
	}
	if (interactive)
		printf("tkern shell: type help for the builtins.\n");
	for (;;) {
		if (interactive) {
			printf("%s # ", getcwd(cwd, sizeof(cwd)) ? cwd : "?");
			fflush(stdout);
		}
		if (!fgets(line, sizeof(line), stdin))
			break;
		if (!run_line(line))
			break;
	}
	if (interactive && feof(stdin))
		putchar('\n');
	return last_status;
}
