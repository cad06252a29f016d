/*
 * The cpio newc reader (see kernel/lib/cpio.h). An archive comes from outside
 * the kernel, so nothing in it is trusted: each length is checked against
 * what is left of the buffer before anything is read, with arithmetic
 * that cannot wrap, and any doubt refuses the whole archive.
 *
 * Relies only on <kernel/lib/string.h>.
 */
#include <kernel/lib/cpio.h>
#include <kernel/errno.h>
#include <kernel/fs/stat.h>
#include <kernel/lib/string.h>

#define CPIO_NR_FIELDS 13
#define CPIO_FIELD_LEN 8

void cpio_reader_init(struct cpio_reader *r, const void *buf, size_t len)
{
	r->buf = buf;
	r->len = len;
	r->pos = 0;
	r->in_archive = false;
	r->error = NULL;
}

static int refuse(struct cpio_reader *r, const char *why)
{
	r->error = why;
	return -EINVAL;
}

/* Exactly 8 hex digits, either case; anything else is not a number here. */
static bool parse_hex8(const u8 *s, u32 *value)
{
	u32 v = 0;

	for (int i = 0; i < CPIO_FIELD_LEN; i++) {
		u8 c = s[i];
		u32 digit;

		if (c >= '0' && c <= '9')
			digit = c - '0';
		else if (c >= 'a' && c <= 'f')
			digit = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			digit = c - 'A' + 10;
		else
			return false;
		v = v << 4 | digit;
	}
	*value = v;
	return true;
}

/* The fields in header order; struct cpio_entry lists them the same way. */
static bool parse_fields(const u8 *hdr, struct cpio_entry *e)
{
	u32 *field[CPIO_NR_FIELDS] = {
		&e->ino, &e->mode, &e->uid, &e->gid, &e->nlink, &e->mtime,
		&e->filesize, &e->devmajor, &e->devminor, &e->rdevmajor,
		&e->rdevminor, &e->namesize, &e->check,
	};

	for (int i = 0; i < CPIO_NR_FIELDS; i++)
		if (!parse_hex8(hdr + 6 + i * CPIO_FIELD_LEN, field[i]))
			return false;
	return true;
}

/* Bytes from pos to the end of the buffer; pos never passes len. */
static size_t left(const struct cpio_reader *r, size_t pos)
{
	return r->len - pos;
}

static u32 data_checksum(const u8 *data, u32 size)
{
	u32 sum = 0;

	for (u32 i = 0; i < size; i++)
		sum += data[i];
	return sum;
}

/*
 * Between archives, and after the last, only NUL bytes may appear; the
 * next archive starts at a multiple of 4. Returns false at the end.
 */
static bool skip_padding(struct cpio_reader *r)
{
	while (r->pos < r->len && r->buf[r->pos] == '\0')
		r->pos++;
	return r->pos < r->len;
}

/*
 * Does a cpio archive start here? What follows one may be something else
 * (a compressed part of the same initramfs), which is the caller's to
 * judge; a few bytes left are compared as far as they go.
 */
static bool looks_like_cpio(const struct cpio_reader *r)
{
	return memcmp(r->buf + r->pos, "0707", MIN(left(r, r->pos), 4)) == 0;
}

static int read_header(struct cpio_reader *r, struct cpio_entry *e, bool *crc)
{
	const u8 *hdr = r->buf + r->pos;

	if (left(r, r->pos) < CPIO_HDRLEN)
		return refuse(r, "truncated header");
	if (memcmp(hdr, "070701", 6) == 0)
		*crc = false;
	else if (memcmp(hdr, "070702", 6) == 0)
		*crc = true;
	else if (memcmp(hdr, "070707", 6) == 0)
		return refuse(r, "old (odc) cpio format: use cpio -H newc");
	else
		return refuse(r, "no cpio magic");
	if (!parse_fields(hdr, e))
		return refuse(r, "header field is not 8 hex digits");
	e->offset = r->pos;
	return 0;
}

/* The name follows the header, NUL-terminated, padded to a multiple of 4. */
static int read_name(struct cpio_reader *r, struct cpio_entry *e, size_t *pos)
{
	size_t start = r->pos + CPIO_HDRLEN;
	size_t padded;

	if (e->namesize == 0 || e->namesize > CPIO_NAME_MAX)
		return refuse(r, "bad name size");
	padded = ALIGN_UP(start + e->namesize, 4) - start;
	if (padded > left(r, start))
		return refuse(r, "truncated name");
	e->name = (const char *)r->buf + start;
	/*
	 * The name is the string up to its first NUL, and more NULs may
	 * follow it within namesize, as Linux reads it: that is how an
	 * archive makes room to put file data on page boundaries
	 * (qemu/cpio-align.py). The last byte must be a NUL.
	 */
	if (e->name[e->namesize - 1] != '\0')
		return refuse(r, "name not NUL-terminated where namesize says");
	*pos = start + padded;
	return 0;
}

/* The data follows the name, padded to a multiple of 4 as well. */
static int read_data(struct cpio_reader *r, struct cpio_entry *e, size_t start, bool crc)
{
	size_t padded;

	if (e->filesize > left(r, start))
		return refuse(r, "truncated data");
	padded = ALIGN_UP(start + e->filesize, 4) - start;
	if (padded > left(r, start))
		return refuse(r, "truncated padding");
	e->data = r->buf + start;
	/* cpio, like Linux, only sums regular files: symlinks carry 0. */
	if (crc && S_ISREG(e->mode) && data_checksum(e->data, e->filesize) != e->check)
		return refuse(r, "bad data checksum");
	r->pos = start + padded;
	return 0;
}

static int read_entry(struct cpio_reader *r, struct cpio_entry *e)
{
	bool crc;
	size_t data;
	int err;

	err = read_header(r, e, &crc);
	if (!err)
		err = read_name(r, e, &data);
	if (!err)
		err = read_data(r, e, data, crc);
	return err;
}

int cpio_next(struct cpio_reader *r, struct cpio_entry *e)
{
	for (;;) {
		int err;

		if (r->error)
			return -EINVAL;
		if (!r->in_archive) {
			if (!skip_padding(r) || !looks_like_cpio(r))
				return 0;
			if (!IS_ALIGNED(r->pos, 4))
				return refuse(r, "archive not aligned to 4 bytes");
		} else if (r->pos == r->len) {
			return refuse(r, "no " CPIO_TRAILER " at the end");
		}
		err = read_entry(r, e);
		if (err)
			return err;
		r->in_archive = strcmp(e->name, CPIO_TRAILER) != 0;
		if (r->in_archive)
			return 1;
	}
}
