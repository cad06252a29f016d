/*
 * For test programs that work in a scratch directory of their own (they
 * run on the host under qemu-aarch64 too): remove_tree(path) removes
 * everything below path, then path itself.
 */
#ifndef TESTS_USER_REMOVE_TREE_H
#define TESTS_USER_REMOVE_TREE_H

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void remove_tree(const char *path)
{
	struct dirent *e;
	DIR *d = opendir(path);
	char sub[512];

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		if (e->d_type == DT_DIR)
			remove_tree(sub);
		else
			unlink(sub);
	}
	if (d)
		closedir(d);
	rmdir(path);
}

#endif
