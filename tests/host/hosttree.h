/*
 * The host's view of a directory tree, for tests that compare it with the
 * kernel's ramfs. Kept apart from the tests because the host's <sys/stat.h>
 * and <dirent.h> define the same names as kernel/fs/stat.h.
 */
#ifndef TESTS_HOST_HOSTTREE_H
#define TESTS_HOST_HOSTTREE_H

#include <stddef.h>

struct host_file {
	char path[512];		/* relative to the tree's root */
	unsigned int mode;
	unsigned int nlink;
	unsigned long ino;
	long long size;
	long long mtime;
};

/* Every file under root, depth first; -1 when there are more than max. */
int host_tree_list(const char *root, struct host_file *files, int max);

/* A whole file, or a symlink's target, into buf: its length, or -1. */
long host_read(const char *root, const struct host_file *f, void *buf, size_t size);

#endif
