/*
 * Listing and reading a host directory tree (see hosttree.h) with the C
 * library and POSIX calls.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "hosttree.h"

static int list_dir(const char *root, const char *rel, struct host_file *files, int n, int max)
{
	char path[1024];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	d = opendir(path);
	if (!d)
		return -1;
	while (n >= 0 && (de = readdir(d))) {
		struct host_file *f = &files[n];
		struct stat st;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (n == max) {
			n = -1;
			break;
		}
		snprintf(f->path, sizeof(f->path), "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		snprintf(path, sizeof(path), "%s/%s", root, f->path);
		if (lstat(path, &st)) {
			n = -1;
			break;
		}
		f->mode = st.st_mode;
		f->nlink = st.st_nlink;
		f->ino = st.st_ino;
		f->size = st.st_size;
		f->mtime = st.st_mtime;
		n++;
		if (S_ISDIR(st.st_mode))
			n = list_dir(root, f->path, files, n, max);
	}
	closedir(d);
	return n;
}

int host_tree_list(const char *root, struct host_file *files, int max)
{
	return list_dir(root, "", files, 0, max);
}

long host_read(const char *root, const struct host_file *f, void *buf, size_t size)
{
	char path[1024];
	FILE *file;
	long n;

	snprintf(path, sizeof(path), "%s/%s", root, f->path);
	if (S_ISLNK(f->mode))
		return readlink(path, buf, size);
	file = fopen(path, "rb");
	if (!file)
		return -1;
	n = fread(buf, 1, size, file);
	fclose(file);
	return n;
}
