/*
 * Inflate: the decoder of DEFLATE (RFC 1951) and of the gzip file format
 * around it (RFC 1952), for compressed initramfs images. The whole input
 * and the whole output are in memory: the output buffer is the window
 * that back-references copy from, so there is no separate 32 KiB window.
 * Nothing in the input is trusted; every length is checked against the
 * buffers. Freestanding: no allocation, so the caller provides the state
 * (a few KiB: too large for a kernel stack, kmalloc it).
 */
#ifndef KERNEL_INFLATE_H
#define KERNEL_INFLATE_H

#include <kernel/types.h>

#define INFLATE_MAX_BITS 15	/* longest Huffman code */
#define INFLATE_FAST_BITS 10	/* codes this short decode with one table look-up */
#define INFLATE_MAX_SYMBOLS 288	/* literal/length alphabet, the largest */

/* A canonical Huffman code, as RFC 1951 3.2.2 builds it from code lengths. */
struct huffman {
	u16 count[INFLATE_MAX_BITS + 1];	/* codes of each length */
	u16 first_code[INFLATE_MAX_BITS + 1];	/* the smallest code of each length */
	u16 first_index[INFLATE_MAX_BITS + 1];	/* its place in symbol[] */
	u16 symbol[INFLATE_MAX_SYMBOLS];	/* symbols by code, shortest first */
	u16 fast[1 << INFLATE_FAST_BITS];	/* next bits -> symbol << 4 | length; 0: longer */
};

struct inflate_state {
	const u8 *in;
	size_t in_len;
	size_t in_pos;		/* bytes consumed, or where the fault was found */
	u64 bitbuf;		/* bits read ahead, the next one in bit 0 */
	unsigned int bitcnt;
	u8 *out;
	size_t out_size;
	size_t out_pos;		/* bytes written */
	const char *error;	/* why the stream was refused */
	struct huffman lit, dist;
};

void inflate_init(struct inflate_state *s, const void *in, size_t in_len, void *out,
		  size_t out_size);

/*
 * Decode one raw DEFLATE stream, up to its final block. Returns 0, -EINVAL
 * for a malformed or truncated stream (s->error says why, s->in_pos where),
 * or -ENOSPC when the output does not fit in out_size bytes. s->in_pos ends
 * at the byte after the last one the stream used.
 */
int inflate_raw(struct inflate_state *s);

/*
 * Decode one gzip member: its header (FEXTRA, FNAME, FCOMMENT and FHCRC
 * read and checked), the DEFLATE data, and the trailer's CRC-32 and ISIZE,
 * both checked. Returns as inflate_raw(); s->in_pos ends after the trailer,
 * where a next member or anything else may follow.
 */
int gunzip(struct inflate_state *s);

/*
 * The CRC-32 of gzip and zlib (polynomial 0xedb88320): start with 0 and
 * pass each result back to go on over the next bytes.
 */
u32 gzip_crc32(u32 crc, const void *p, size_t len);

#endif
