/*
 * tls [-l] [-a] [paths...]: ls, the teaching version: the names in each directory, sorted; with -l,
 * one line each with type and mode, links, size and, for a symlink, its
 * target. A path that is not a directory is listed as itself.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int long_format, show_hidden;

static char type_letter(mode_t mode)
{
	if (S_ISDIR(mode))
		return 'd';
	if (S_ISLNK(mode))
		return 'l';
	if (S_ISCHR(mode))
		return 'c';
	if (S_ISBLK(mode))
		return 'b';
	if (S_ISFIFO(mode))
		return 'p';
	return '-';
}

static void print_entry(const char *dir, const char *name)
{
	static const char rwx[] = "rwxrwxrwx";
	char path[4096], mode[11], target[256];
	struct stat st;
	ssize_t len;
	int i;

	if (!long_format) {
		printf("%s\n", name);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (lstat(dir ? path : name, &st)) {
		fprintf(stderr, "tls: %s: %s\n", name, strerror(errno));
		return;
	}
	mode[0] = type_letter(st.st_mode);
	for (i = 0; i < 9; i++)
		mode[i + 1] = st.st_mode & (0400 >> i) ? rwx[i] : '-';
	mode[10] = '\0';
	printf("%s %3lu %8lld %s", mode, (unsigned long)st.st_nlink, (long long)st.st_size, name);
	len = S_ISLNK(st.st_mode) ? readlink(dir ? path : name, target, sizeof(target) - 1) : -1;
	if (len >= 0) {
		target[len] = '\0';
		printf(" -> %s", target);
	}
	putchar('\n');
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_directory(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *d;
	char **names = NULL;
	size_t nr = 0, i;

	if (!dir) {
		fprintf(stderr, "tls: %s: %s\n", path, strerror(errno));
		return 1;
	}
	while ((d = readdir(dir)) != NULL) {
		if (d->d_name[0] == '.' && !show_hidden)
			continue;
		names = realloc(names, (nr + 1) * sizeof(*names));
		names[nr++] = strdup(d->d_name);
	}
	closedir(dir);
	qsort(names, nr, sizeof(*names), by_name);
	for (i = 0; i < nr; i++) {
		print_entry(path, names[i]);
		free(names[i]);
	}
	free(names);
	return 0;
}

static int list(const char *path, int many)
{
	struct stat st;

	if (stat(path, &st)) {
		fprintf(stderr, "tls: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		print_entry(NULL, path);
		return 0;
	}
	if (many)
		printf("%s:\n", path);
	return list_directory(path);
}

int main(int argc, char **argv)
{
	int opt, status = 0, i;

	while ((opt = getopt(argc, argv, "la")) != -1) {
		if (opt == 'l')
			long_format = 1;
		else if (opt == 'a')
			show_hidden = 1;
		else
			return 2;
	}
	if (optind == argc)
		return list(".", 0);
	for (i = optind; i < argc; i++)
		status |= list(argv[i], argc - optind > 1);
	return status;
}
