/*
 * Test fixtures that the .mk files make under build/host/ (RAMFS_FIXTURES),
 * read whole into malloc'd memory; the caller frees buf. The tests run
 * from the repository root.
 */
#ifndef HOST_FIXTURE_H
#define HOST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include "htest.h"

struct blob {
	unsigned char *buf;
	size_t len;
};

static inline struct blob load(const char *name)
{
	char path[256];
	struct blob b;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", RAMFS_FIXTURES, name);
	f = fopen(path, "rb");
	CHECK(f);
	fseek(f, 0, SEEK_END);
	b.len = ftell(f);
	rewind(f);
	b.buf = malloc(b.len);
	CHECK(b.buf && fread(b.buf, 1, b.len, f) == b.len);
	fclose(f);
	return b;
}

#endif
