/*
 * Building cpio newc archives in memory, for tests that need members the
 * cpio tool will not write (odd names, missing parents, broken fields).
 * The archive grows in a malloc'd buffer; newc_finish() adds the trailer.
 */
#ifndef TESTS_HOST_NEWC_H
#define TESTS_HOST_NEWC_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct newc {
	char *buf;
	size_t len;
};

static inline void newc_put(struct newc *a, const void *p, size_t n)
{
	a->buf = realloc(a->buf, a->len + n);
	if (!a->buf)
		abort();
	memcpy(a->buf + a->len, p, n);
	a->len += n;
}

static inline void newc_pad(struct newc *a)
{
	while (a->len % 4)
		newc_put(a, "", 1);
}

/* One member; ino and nlink let tests build hard links. */
static inline void newc_add_ino(struct newc *a, const char *name, unsigned int mode,
				const void *data, size_t size, unsigned int ino,
				unsigned int nlink)
{
	char hdr[128];

	snprintf(hdr, sizeof(hdr), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 ino, mode, 0u, 0u, nlink, 1700000000u, (unsigned int)size, 0u, 0u, 1u, 3u,
		 (unsigned int)strlen(name) + 1, 0u);
	newc_put(a, hdr, 110);
	newc_put(a, name, strlen(name) + 1);
	newc_pad(a);
	newc_put(a, data, size);
	newc_pad(a);
}

static inline void newc_add(struct newc *a, const char *name, unsigned int mode,
			    const void *data, size_t size)
{
	static unsigned int ino = 1000;

	newc_add_ino(a, name, mode, data, size, ino++, (mode & 0170000) == 0040000 ? 2 : 1);
}

static inline void newc_finish(struct newc *a)
{
	newc_add_ino(a, "TRAILER!!!", 0, "", 0, 0, 1);
}

#endif
