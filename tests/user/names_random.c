/*
 * 3,000 random name changes over a small tree, compared with Linux line
 * by line: mkdir, rmdir, creating and unlinking files, hard links,
 * symlinks, rename with and without RENAME_NOREPLACE and
 * RENAME_EXCHANGE, on paths of one to three components drawn from a few
 * names (and "." and ".."; symlink targets without them), so that most of the errno rules meet each
 * other: replacing, moving directories under themselves, trailing
 * components through symlinks, links to directories. The generator is
 * the program's own, so both systems see the same sequence. Every 500
 * operations, and at the end, the tree is listed in name order with
 * each entry's type and link count, which must add up the same way.
 * Works in a scratch directory under /tmp, removed at the end.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define OPS 3000

static const char *const parts[] = { "a", "b", "c", "d", "e", ".", ".." };
static unsigned long long seed = 20261203;
static char dir[64];

static unsigned int next_random(unsigned int n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned int)(seed >> 33) % n;
}

/*
 * One to three components; "." and ".." only now and then, and never in
 * a symlink's target, so nothing leads out of the scratch tree: the
 * working directory is three levels down in it.
 */
static void random_path(char *out, size_t size, bool plain)
{
	unsigned int depth = 1 + next_random(3), i;
	size_t at = 0;

	for (i = 0; i < depth; i++) {
		unsigned int pick = next_random(20);
		const char *part = parts[pick < 18 || plain ? pick % 5 : 5 + pick - 18];

		at += snprintf(out + at, size - at, "%s%s", i ? "/" : "", part);
	}
}

static void report(const char *op, const char *a, const char *b, long ret)
{
	printf("%s %s%s%s -> %s\n", op, a, b ? " " : "", b ? b : "",
	       ret < 0 ? strerrorname_np(errno) : "0");
}

static void one_operation(void)
{
	char a[32], b[32];
	unsigned int op = next_random(10);
	long ret;
	int fd;

	random_path(a, sizeof(a), op == 5);
	random_path(b, sizeof(b), false);
	switch (op) {
	case 0:
		report("mkdir", a, NULL, mkdir(a, 0755));
		break;
	case 1:
		report("rmdir", a, NULL, rmdir(a));
		break;
	case 2:
		fd = open(a, O_CREAT | O_EXCL | O_WRONLY, 0644);
		report("create", a, NULL, fd);
		if (fd >= 0)
			close(fd);
		break;
	case 3:
		report("unlink", a, NULL, unlink(a));
		break;
	case 4:
		report("link", a, b, link(a, b));
		break;
	case 5:
		report("symlink", a, b, symlink(a, b));
		break;
	case 6:
	case 7:
		report("rename", a, b, rename(a, b));
		break;
	case 8:
		ret = syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, 1 /* RENAME_NOREPLACE */);
		report("noreplace", a, b, ret);
		break;
	default:
		ret = syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */);
		report("exchange", a, b, ret);
		break;
	}
}

static int by_name(const struct dirent **x, const struct dirent **y)
{
	return strcmp((*x)->d_name, (*y)->d_name);
}

/* The tree under path, sorted, with types and link counts; remove says to delete it. */
static void walk(const char *path, int depth, int remove)
{
	struct dirent **names;
	int n = scandir(path, &names, NULL, by_name), i;

	for (i = 0; i < n; i++) {
		char child[512];
		struct stat st;

		if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..")) {
			snprintf(child, sizeof(child), "%s/%s", path, names[i]->d_name);
			lstat(child, &st);
			if (!remove)
				printf("%*s%s %c%lu\n", depth * 2, "", names[i]->d_name,
				       S_ISDIR(st.st_mode) ? 'd' : S_ISLNK(st.st_mode) ? 'l' : 'f',
				       (unsigned long)st.st_nlink);
			if (S_ISDIR(st.st_mode))
				walk(child, depth + 1, remove);
			if (remove)
				S_ISDIR(st.st_mode) ? rmdir(child) : unlink(child);
		}
		free(names[i]);
	}
	free(names);
}

/* argv[1]: another seed, to explore by hand; the test runs the default. */
int main(int argc, char **argv)
{
	int i;

	if (argc > 1)
		seed = strtoull(argv[1], NULL, 0);
	mkdir("/tmp", 0777);
	umask(022);
	snprintf(dir, sizeof(dir), "/tmp/tkern-names-random-%d", getpid());
	if (mkdir(dir, 0755) || chdir(dir))
		return 1;
	/* Three levels down: "../../.." is the scratch directory, and as far as paths go. */
	mkdir("t1", 0755);
	mkdir("t1/t2", 0755);
	mkdir("t1/t2/t3", 0755);
	chdir("t1/t2/t3");
	for (i = 1; i <= OPS; i++) {
		one_operation();
		if (i % 500 == 0) {
			printf("-- tree after %d operations\n", i);
			walk("../../..", 0, 0);
		}
	}
	chdir("/");
	walk(dir, 0, 1);
	printf("rmdir scratch directory -> %s\n", rmdir(dir) ? strerrorname_np(errno) : "0");
	return 0;
}
