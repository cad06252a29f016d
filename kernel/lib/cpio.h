/*
 * A reader for cpio archives in the "newc" format (magic 070701) and its
 * checksummed twin "crc" (070702): the format of Linux's initramfs, made
 * by `cpio -o -H newc`. The reader walks an archive that is entirely in
 * memory, checks every field and length against the buffer, and hands
 * out one entry at a time with pointers into the archive; it copies
 * nothing and allocates nothing. docs/initramfs.md draws the format.
 */
#ifndef KERNEL_CPIO_H
#define KERNEL_CPIO_H

#include <kernel/types.h>

#define CPIO_HDRLEN 110		/* magic (6) + 13 fields of 8 hex digits */
#define CPIO_NAME_MAX 4096	/* longest name, its NUL included (Linux's PATH_MAX) */
#define CPIO_TRAILER "TRAILER!!!"

/* One archive member, as its header describes it. */
struct cpio_entry {
	u32 ino;
	u32 mode;		/* file type and permission bits, as st_mode */
	u32 uid;
	u32 gid;
	u32 nlink;
	u32 mtime;		/* seconds since 1970 */
	u32 filesize;		/* bytes at data */
	u32 devmajor;		/* of the device the file came from */
	u32 devminor;
	u32 rdevmajor;		/* of the device a special file stands for */
	u32 rdevminor;
	u32 namesize;		/* strlen(name) + 1 */
	u32 check;		/* crc format: sum of the data bytes */
	const char *name;	/* NUL-terminated, inside the archive */
	const void *data;	/* filesize bytes, inside the archive */
	size_t offset;		/* of the header from the start of the buffer */
};

struct cpio_reader {
	const u8 *buf;
	size_t len;
	size_t pos;		/* of the next header, or of padding after a trailer */
	bool in_archive;	/* a header was read since the last trailer */
	const char *error;	/* why cpio_next() refused the archive */
};

void cpio_reader_init(struct cpio_reader *r, const void *buf, size_t len);

/*
 * Read the next entry into *e. Returns 1 for an entry; 0 at the end of
 * the buffer, or where something that is not a cpio archive follows a
 * trailer and its NUL padding (r->pos then points at it, below r->len);
 * or -EINVAL for a malformed archive, with r->error saying why and r->pos
 * where. Trailers are not returned. Several archives may follow each
 * other, as the kernel accepts them, each at a multiple of 4 bytes.
 * A reader may start at any r->pos after cpio_reader_init().
 */
int cpio_next(struct cpio_reader *r, struct cpio_entry *e);

#endif
