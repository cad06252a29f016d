/*
 * The cpio newc reader (kernel/lib/cpio.c) on archives made by the real cpio
 * from build/host/ramfs-tree (see ramfs.mk), checked member by member
 * against the tree with lstat, and on broken archives: cut at every
 * offset, bad magic, bad hex in every field, sizes that run past the end,
 * names without their NUL. Every archive sits in a buffer of exactly its
 * size, so ASan reports any read past the end.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <kernel/lib/cpio.h>
#include <kernel/errno.h>
#include "htest.h"
#include "fixture.h"
#include "newc.h"

#define TREE RAMFS_FIXTURES "/ramfs-tree"
#define NR_TREE_MEMBERS 18	/* what find lists in the tree, "." included */

/* An exact-size copy of the first len bytes. */
static struct blob cut(const struct blob *b, size_t len)
{
	struct blob c = { malloc(len ? len : 1), len };

	memcpy(c.buf, b->buf, len);
	return c;
}

/* Walk to the end: the number of members, or the error. */
static int count_members(const void *buf, size_t len, struct cpio_reader *r)
{
	struct cpio_entry e;
	int n = 0, ret;

	cpio_reader_init(r, buf, len);
	while ((ret = cpio_next(r, &e)) > 0)
		n++;
	return ret < 0 ? ret : n;
}

static int count_blob(const struct blob *b)
{
	struct cpio_reader r;

	return count_members(b->buf, b->len, &r);
}

/* The end of the first trailer member: cpio pads the archive after it. */
static size_t trailer_end(const struct blob *b)
{
	const unsigned char *t = memmem(b->buf, b->len, CPIO_TRAILER, sizeof(CPIO_TRAILER));

	CHECK(t);
	return ((size_t)(t - b->buf) + sizeof(CPIO_TRAILER) + 3) & ~3ul;
}

static void compare_with_tree(const struct cpio_entry *e)
{
	char path[512], target[256];
	struct stat st;
	FILE *f;
	char *data;

	snprintf(path, sizeof(path), "%s/%s", TREE, e->name);
	CHECK_EQ(lstat(path, &st), 0);
	CHECK_EQ(e->mode, st.st_mode);
	CHECK_EQ(e->mtime, st.st_mtime);
	CHECK_EQ(e->uid, 0);
	CHECK_EQ(e->namesize, strlen(e->name) + 1);
	if (S_ISLNK(st.st_mode)) {
		ssize_t n = readlink(path, target, sizeof(target));

		CHECK_EQ(e->filesize, n);
		CHECK(memcmp(e->data, target, n) == 0);
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		CHECK_EQ(e->filesize, 0);
		return;
	}
	/* cpio stores a hard-linked file's data once, with its last name. */
	CHECK(e->filesize == st.st_size || (st.st_nlink > 1 && e->filesize == 0));
	data = malloc(st.st_size + 1);
	f = fopen(path, "rb");
	CHECK(f && fread(data, 1, st.st_size, f) == (size_t)st.st_size);
	fclose(f);
	CHECK(memcmp(e->data, data, e->filesize) == 0);
	free(data);
}

static void check_against_tree(const char *archive, unsigned int *nlink_total)
{
	struct blob b = load(archive);
	struct cpio_reader r;
	struct cpio_entry e;
	int n = 0, ret;

	cpio_reader_init(&r, b.buf, b.len);
	while ((ret = cpio_next(&r, &e)) > 0) {
		compare_with_tree(&e);
		*nlink_total += e.nlink;
		n++;
	}
	CHECK_EQ(ret, 0);
	CHECK_EQ(n, NR_TREE_MEMBERS);
	free(b.buf);
}

HTEST(newc_members_match_the_tree)
{
	unsigned int nlink = 0;

	check_against_tree("ramfs-newc.cpio", &nlink);
	CHECK(nlink > NR_TREE_MEMBERS);
}

HTEST(crc_members_match_the_tree)
{
	unsigned int nlink = 0;

	check_against_tree("ramfs-crc.cpio", &nlink);
}

HTEST(crc_checksum_is_checked)
{
	struct blob b = load("ramfs-crc.cpio");
	unsigned char *p = memmem(b.buf, b.len, "hello world", 11);
	struct cpio_reader r;

	CHECK(p);
	*p = 'H';
	CHECK_EQ(count_members(b.buf, b.len, &r), -EINVAL);
	CHECK(strstr(r.error, "checksum"));
	free(b.buf);
}

HTEST(archives_back_to_back)
{
	struct blob b = load("ramfs-twice.cpio");

	CHECK_EQ(count_blob(&b), NR_TREE_MEMBERS + 2);
	free(b.buf);
}

HTEST(cut_at_every_offset_is_refused)
{
	struct blob b = load("ramfs-newc.cpio");
	size_t end = trailer_end(&b);

	for (size_t len = 0; len <= b.len; len++) {
		struct blob c = cut(&b, len);
		int ret = count_blob(&c);

		if (len == 0)
			CHECK_EQ(ret, 0);
		else if (len < end)
			CHECK_EQ(ret, -EINVAL);
		else
			CHECK_EQ(ret, NR_TREE_MEMBERS);
		free(c.buf);
	}
	free(b.buf);
}

HTEST(cut_crc_archive_is_refused)
{
	struct blob b = load("ramfs-crc.cpio");
	size_t end = trailer_end(&b);

	for (size_t len = 1; len < end; len += 3) {
		struct blob c = cut(&b, len);

		CHECK_EQ(count_blob(&c), -EINVAL);
		free(c.buf);
	}
	free(b.buf);
}

static int first_member_error(const struct blob *b, const char **why)
{
	struct blob c = cut(b, b->len);
	struct cpio_reader r;
	int ret = count_members(c.buf, c.len, &r);

	*why = r.error;
	free(c.buf);
	return ret;
}

HTEST(bad_magic_is_refused)
{
	struct blob b = load("ramfs-newc.cpio");
	const char *why;

	memcpy(b.buf, "070707", 6);
	CHECK_EQ(first_member_error(&b, &why), -EINVAL);
	CHECK(strstr(why, "newc"));
	memcpy(b.buf, "070703", 6);
	CHECK_EQ(first_member_error(&b, &why), -EINVAL);
	CHECK(strstr(why, "magic"));
	free(b.buf);
}

HTEST(bad_hex_in_every_field_is_refused)
{
	static const char bad[] = { 'g', 'G', ' ', 'x', '-', '\0', '+', 0x80 };
	struct blob b = load("ramfs-newc.cpio");
	const char *why;

	for (int field = 0; field < 13; field++) {
		for (size_t i = 0; i < sizeof(bad); i++) {
			for (int digit = 0; digit < 8; digit += 7) {
				unsigned char *p = b.buf + 6 + field * 8 + digit;
				unsigned char saved = *p;

				*p = bad[i];
				CHECK_EQ(first_member_error(&b, &why), -EINVAL);
				CHECK(strstr(why, "hex"));
				*p = saved;
			}
		}
	}
	CHECK_EQ(count_blob(&b), NR_TREE_MEMBERS);
	free(b.buf);
}

/* Overwrite field (0 = ino ... 11 = namesize) of the header at offset. */
static void set_field(struct blob *b, size_t offset, int field, unsigned int value)
{
	char hex[9];

	snprintf(hex, sizeof(hex), "%08X", value);
	memcpy(b->buf + offset + 6 + field * 8, hex, 8);
}

#define FIELD_FILESIZE 6
#define FIELD_NAMESIZE 11

HTEST(sizes_past_the_end_are_refused)
{
	static const unsigned int huge[] = { 0xffffffff, 0x80000000, 0x7fffffff, 0x10000, 0x1001 };
	struct blob b = load("ramfs-newc.cpio");
	const char *why;

	for (size_t i = 0; i < sizeof(huge) / sizeof(huge[0]); i++) {
		struct blob c = cut(&b, b.len);

		set_field(&c, 0, FIELD_NAMESIZE, huge[i]);
		CHECK_EQ(first_member_error(&c, &why), -EINVAL);
		memcpy(c.buf, b.buf, b.len);
		set_field(&c, 0, FIELD_FILESIZE, huge[i]);
		CHECK_EQ(first_member_error(&c, &why), -EINVAL);
		free(c.buf);
	}
	set_field(&b, 0, FIELD_NAMESIZE, 0);
	CHECK_EQ(first_member_error(&b, &why), -EINVAL);
	CHECK(strstr(why, "name size"));
	free(b.buf);
}

HTEST(names_must_end_where_namesize_says)
{
	struct newc a = { 0 };
	struct blob b;
	const char *why;

	newc_add(&a, "hello", 0100644, "hi", 2);
	newc_finish(&a);
	b = (struct blob){ (unsigned char *)a.buf, a.len };
	CHECK_EQ(count_blob(&b), 1);
	set_field(&b, 0, FIELD_NAMESIZE, 5);	/* the NUL left out */
	CHECK_EQ(first_member_error(&b, &why), -EINVAL);
	CHECK(strstr(why, "NUL"));
	set_field(&b, 0, FIELD_NAMESIZE, 7);	/* its NUL inside, a data byte last */
	CHECK_EQ(first_member_error(&b, &why), -EINVAL);
	CHECK(strstr(why, "NUL"));
	free(a.buf);
}

/* NULs after the name's own, within namesize, are Linux's way too (qemu/cpio-align.py). */
HTEST(names_may_carry_more_nuls)
{
	struct newc a = { 0 };
	struct cpio_reader r;
	struct cpio_entry e;
	struct blob b;

	newc_add(&a, "hell", 0100644, "hi", 2);	/* 110 + 5 bytes: one NUL of padding */
	newc_finish(&a);
	b = (struct blob){ (unsigned char *)a.buf, a.len };
	set_field(&b, 0, FIELD_NAMESIZE, 6);	/* the padding joins the name */
	cpio_reader_init(&r, a.buf, a.len);
	CHECK_EQ(cpio_next(&r, &e), 1);
	CHECK(strcmp(e.name, "hell") == 0);
	CHECK_EQ(e.namesize, 6);
	CHECK(e.filesize == 2 && memcmp(e.data, "hi", 2) == 0);
	CHECK_EQ(cpio_next(&r, &e), 0);
	free(a.buf);
}

HTEST(lowercase_hex_is_accepted)
{
	struct newc a = { 0 };
	struct cpio_reader r;
	struct cpio_entry e;

	newc_add(&a, "x", 0100644, "", 0);
	memcpy(a.buf + 6 + 8, "000081a4", 8);
	newc_finish(&a);
	cpio_reader_init(&r, a.buf, a.len);
	CHECK_EQ(cpio_next(&r, &e), 1);
	CHECK_EQ(e.mode, 0100644);
	CHECK_EQ(e.rdevmajor, 1);
	CHECK_EQ(e.rdevminor, 3);
	CHECK_EQ(cpio_next(&r, &e), 0);
	CHECK_EQ(cpio_next(&r, &e), 0);
	free(a.buf);
}

HTEST(missing_trailer_is_refused)
{
	struct newc a = { 0 };
	struct cpio_reader r;
	struct cpio_entry e;

	newc_add(&a, "a", 0100644, "abc", 3);
	newc_add(&a, "b", 0040755, "", 0);
	cpio_reader_init(&r, a.buf, a.len);
	CHECK_EQ(cpio_next(&r, &e), 1);
	CHECK_EQ(cpio_next(&r, &e), 1);
	CHECK_EQ(cpio_next(&r, &e), -EINVAL);
	CHECK(strstr(r.error, "TRAILER"));
	CHECK_EQ(cpio_next(&r, &e), -EINVAL);	/* and it stays refused */
	free(a.buf);
}

/* After a trailer, what is not cpio ends the walk: the caller judges it. */
HTEST(padding_and_other_data_after_the_trailer)
{
	struct newc a = { 0 };
	struct cpio_reader r;
	size_t end;

	newc_add(&a, "a", 0100644, "abc", 3);
	newc_finish(&a);
	newc_put(&a, "\0\0\0\0\0\0\0\0", 8);
	CHECK_EQ(count_members(a.buf, a.len, &r), 1);
	CHECK_EQ(r.pos, a.len);
	end = a.len;
	newc_put(&a, "\0\0x", 3);	/* at an odd offset */
	CHECK_EQ(count_members(a.buf, a.len, &r), 1);
	CHECK_EQ(r.pos, end + 2);
	a.len = end;
	newc_put(&a, "\x1f\x8b", 2);	/* gzip, say */
	CHECK_EQ(count_members(a.buf, a.len, &r), 1);
	CHECK_EQ(r.pos, end);
	a.len = end;
	newc_put(&a, "\0" "0707", 5);	/* cpio, but not at a multiple of 4 */
	CHECK_EQ(count_members(a.buf, a.len, &r), -EINVAL);
	CHECK(strstr(r.error, "aligned"));
	free(a.buf);
}

HTEST(data_that_is_not_cpio_is_left_to_the_caller)
{
	struct cpio_reader r;

	CHECK_EQ(count_members("\x1f\x8b\x08\x00", 4, &r), 0);
	CHECK_EQ(r.pos, 0);
	CHECK_EQ(count_members("07", 2, &r), -EINVAL);	/* a cut header */
}

HTEST(only_zeroes_is_an_empty_archive)
{
	struct blob b = { calloc(1, 512), 512 };

	CHECK_EQ(count_blob(&b), 0);
	free(b.buf);
}
