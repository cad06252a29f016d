/*
 * Inflate (see kernel/lib/inflate.h), written from RFC 1951 (DEFLATE) and
 * RFC 1952 (gzip). The stream is a sequence of bits packed from the least
 * significant bit of each byte; Huffman codes are sent most significant
 * bit first, so the one-look-up table for short codes is indexed by the
 * code's bits reversed. Every table the stream describes is checked
 * before use, every symbol and distance against its range and the output
 * written so far.
 *
 * Relies only on <kernel/lib/string.h>.
 */
#include <kernel/lib/inflate.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>

#define NR_LENGTH_SYMBOLS 29	/* 257..285 */
#define NR_DIST_SYMBOLS 30
#define NR_CODELEN_SYMBOLS 19
#define END_OF_BLOCK 256

/* RFC 1951 3.2.5: each length and distance symbol's base and extra bits. */
static const u16 length_base[NR_LENGTH_SYMBOLS] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
};
static const u8 length_extra[NR_LENGTH_SYMBOLS] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
};
static const u16 dist_base[NR_DIST_SYMBOLS] = {
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
	257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
};
static const u8 dist_extra[NR_DIST_SYMBOLS] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
	7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
};

/* RFC 1951 3.2.7: the order in which a dynamic block lists code-length code lengths. */
static const u8 codelen_order[NR_CODELEN_SYMBOLS] = {
	16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
};

void inflate_init(struct inflate_state *s, const void *in, size_t in_len, void *out,
		  size_t out_size)
{
	s->in = in;
	s->in_len = in_len;
	s->in_pos = 0;
	s->bitbuf = 0;
	s->bitcnt = 0;
	s->out = out;
	s->out_size = out_size;
	s->out_pos = 0;
	s->error = NULL;
}

/* The first reason found is the one reported. */
static int fail(struct inflate_state *s, const char *why)
{
	if (!s->error)
		s->error = why;
	return -EINVAL;
}

/* Read whole bytes ahead while they fit; near the end of the input, fewer. */
static void refill(struct inflate_state *s)
{
	while (s->bitcnt <= 56 && s->in_pos < s->in_len) {
		s->bitbuf |= (u64)s->in[s->in_pos++] << s->bitcnt;
		s->bitcnt += 8;
	}
}

/*
 * Drop the bits left of a partly used byte and return the bytes read
 * ahead: in_pos is then the next byte the stream has not used.
 */
static void align_to_byte(struct inflate_state *s)
{
	s->in_pos -= s->bitcnt / 8;
	s->bitbuf = 0;
	s->bitcnt = 0;
}

/* The next n bits (n <= 32), the first in bit 0. Past the end: 0 and an error. */
static u32 get_bits(struct inflate_state *s, unsigned int n)
{
	u32 v;

	if (s->bitcnt < n) {
		refill(s);
		if (s->bitcnt < n) {
			fail(s, "truncated stream");
			return 0;
		}
	}
	v = s->bitbuf & ((1ull << n) - 1);
	s->bitbuf >>= n;
	s->bitcnt -= n;
	return v;
}

/* Enter symbol's code in every fast-table slot whose low bits are the code, reversed. */
static void fill_fast(struct huffman *h, unsigned int symbol, unsigned int len,
		      unsigned int code)
{
	unsigned int reversed = 0;

	for (unsigned int i = 0; i < len; i++)
		reversed |= ((code >> i) & 1) << (len - 1 - i);
	for (unsigned int k = reversed; k < (1u << INFLATE_FAST_BITS); k += 1u << len)
		h->fast[k] = symbol << 4 | len;
}

/*
 * The canonical code of RFC 1951 3.2.2 for n symbols with these code
 * lengths (0: the symbol is unused). A set of lengths that needs more
 * codes than there are is refused; an incomplete set is accepted, and a
 * missing code is refused when the stream uses it.
 */
static int huffman_build(struct inflate_state *s, struct huffman *h, const u8 *lengths,
			 unsigned int n)
{
	u16 next[INFLATE_MAX_BITS + 1];
	unsigned int code = 0, index = 0;
	int left = 1;

	memset(h->count, 0, sizeof(h->count));
	for (unsigned int i = 0; i < n; i++)
		h->count[lengths[i]]++;
	for (unsigned int len = 1; len <= INFLATE_MAX_BITS; len++) {
		left = 2 * left - h->count[len];
		if (left < 0)
			return fail(s, "over-subscribed Huffman code");
		h->first_code[len] = code;
		h->first_index[len] = index;
		next[len] = index;
		index += h->count[len];
		code = (code + h->count[len]) << 1;
	}
	memset(h->fast, 0, sizeof(h->fast));
	for (unsigned int symbol = 0; symbol < n; symbol++) {
		unsigned int len = lengths[symbol], rank;

		if (len == 0)
			continue;
		rank = next[len]++;
		h->symbol[rank] = symbol;
		if (len <= INFLATE_FAST_BITS)
			fill_fast(h, symbol, len, h->first_code[len] + rank - h->first_index[len]);
	}
	return 0;
}

/* One symbol: from the fast table when its code is short, else bit by bit. */
static int decode(struct inflate_state *s, const struct huffman *h)
{
	unsigned int code = 0;
	u16 entry;

	refill(s);
	entry = h->fast[s->bitbuf & ((1u << INFLATE_FAST_BITS) - 1)];
	if (entry && (entry & 15) <= s->bitcnt) {
		s->bitbuf >>= entry & 15;
		s->bitcnt -= entry & 15;
		return entry >> 4;
	}
	for (unsigned int len = 1; len <= INFLATE_MAX_BITS; len++) {
		code = code << 1 | get_bits(s, 1);
		if (s->error)
			return -EINVAL;
		if (code - h->first_code[len] < h->count[len])
			return h->symbol[h->first_index[len] + code - h->first_code[len]];
	}
	return fail(s, "invalid Huffman code");
}

/* Copy len bytes from dist back; they may overlap what is being written. */
static int copy_match(struct inflate_state *s, unsigned int len, unsigned int dist)
{
	u8 *to = s->out + s->out_pos;
	const u8 *from;

	if (dist > s->out_pos)
		return fail(s, "distance before the start of the output");
	if (len > s->out_size - s->out_pos)
		return -ENOSPC;
	from = to - dist;
	if (dist >= len) {
		memcpy(to, from, len);
	} else {
		for (unsigned int i = 0; i < len; i++)	/* a run: bytes copy bytes just written */
			to[i] = from[i];
	}
	s->out_pos += len;
	return 0;
}

static int match(struct inflate_state *s, unsigned int length_symbol)
{
	unsigned int len, dist;
	int dist_symbol;

	if (length_symbol >= NR_LENGTH_SYMBOLS)
		return fail(s, "invalid length symbol");
	len = length_base[length_symbol] + get_bits(s, length_extra[length_symbol]);
	dist_symbol = decode(s, &s->dist);
	if (dist_symbol < 0)
		return dist_symbol;
	if (dist_symbol >= NR_DIST_SYMBOLS)
		return fail(s, "invalid distance symbol");
	dist = dist_base[dist_symbol] + get_bits(s, dist_extra[dist_symbol]);
	if (s->error)
		return -EINVAL;
	return copy_match(s, len, dist);
}

/* The compressed data of a block, with the codes in s->lit and s->dist. */
static int codes(struct inflate_state *s)
{
	for (;;) {
		int symbol = decode(s, &s->lit);
		int err;

		if (symbol < 0)
			return symbol;
		if (symbol == END_OF_BLOCK)
			return 0;
		if (symbol < END_OF_BLOCK) {
			if (s->out_pos == s->out_size)
				return -ENOSPC;
			s->out[s->out_pos++] = symbol;
			continue;
		}
		err = match(s, symbol - END_OF_BLOCK - 1);
		if (err)
			return err;
	}
}

static u32 get_le16(const u8 *p)
{
	return p[0] | (u32)p[1] << 8;
}

static u32 get_le32(const u8 *p)
{
	return get_le16(p) | get_le16(p + 2) << 16;
}

/* Block type 0: LEN, its complement NLEN, and LEN bytes as they are. */
static int stored_block(struct inflate_state *s)
{
	const u8 *p;
	u32 len;

	align_to_byte(s);
	if (s->in_len - s->in_pos < 4)
		return fail(s, "truncated stored block");
	p = s->in + s->in_pos;
	len = get_le16(p);
	if (get_le16(p + 2) != (~len & 0xffff))
		return fail(s, "stored block length and its complement differ");
	s->in_pos += 4;
	if (len > s->in_len - s->in_pos)
		return fail(s, "truncated stored block");
	if (len > s->out_size - s->out_pos)
		return -ENOSPC;
	memcpy(s->out + s->out_pos, s->in + s->in_pos, len);
	s->in_pos += len;
	s->out_pos += len;
	return 0;
}

/* Block type 1: the codes RFC 1951 3.2.6 fixes. */
static int fixed_block(struct inflate_state *s)
{
	u8 lengths[INFLATE_MAX_SYMBOLS];

	memset(lengths, 8, 144);
	memset(lengths + 144, 9, 256 - 144);
	memset(lengths + 256, 7, 280 - 256);
	memset(lengths + 280, 8, INFLATE_MAX_SYMBOLS - 280);
	huffman_build(s, &s->lit, lengths, INFLATE_MAX_SYMBOLS);
	memset(lengths, 5, NR_DIST_SYMBOLS);
	huffman_build(s, &s->dist, lengths, NR_DIST_SYMBOLS);
	return codes(s);
}

/* Code lengths 16, 17, 18 repeat the previous length, or zero, a few times. */
static int repeat_length(struct inflate_state *s, int symbol, u8 *lengths, unsigned int i,
			 unsigned int n)
{
	unsigned int times;
	u8 value = 0;

	if (symbol == 16) {
		if (i == 0)
			return fail(s, "length repeated before any length");
		value = lengths[i - 1];
		times = 3 + get_bits(s, 2);
	} else if (symbol == 17) {
		times = 3 + get_bits(s, 3);
	} else {
		times = 11 + get_bits(s, 7);
	}
	if (s->error)
		return -EINVAL;
	if (times > n - i)
		return fail(s, "code lengths run past the alphabets");
	memset(lengths + i, value, times);
	return times;
}

/* The n code lengths of a dynamic block, coded with the code-length code. */
static int read_code_lengths(struct inflate_state *s, u8 *lengths, unsigned int n,
			     unsigned int ncodelen)
{
	u8 codelen_lengths[NR_CODELEN_SYMBOLS] = { 0 };
	int err;

	for (unsigned int i = 0; i < ncodelen; i++)
		codelen_lengths[codelen_order[i]] = get_bits(s, 3);
	if (s->error)
		return -EINVAL;
	err = huffman_build(s, &s->lit, codelen_lengths, NR_CODELEN_SYMBOLS);
	if (err)
		return err;
	for (unsigned int i = 0; i < n;) {
		int symbol = decode(s, &s->lit), times;

		if (symbol < 0)
			return symbol;
		if (symbol < 16) {
			lengths[i++] = symbol;
			continue;
		}
		times = repeat_length(s, symbol, lengths, i, n);
		if (times < 0)
			return times;
		i += times;
	}
	return 0;
}

/* Block type 2: the block's own codes first, then the data. */
static int dynamic_block(struct inflate_state *s)
{
	u8 lengths[286 + NR_DIST_SYMBOLS];
	unsigned int nlit = get_bits(s, 5) + 257;
	unsigned int ndist = get_bits(s, 5) + 1;
	unsigned int ncodelen = get_bits(s, 4) + 4;
	int err;

	if (s->error)
		return -EINVAL;
	if (nlit > 286 || ndist > NR_DIST_SYMBOLS)
		return fail(s, "too many length or distance codes");
	err = read_code_lengths(s, lengths, nlit + ndist, ncodelen);
	if (err)
		return err;
	if (lengths[END_OF_BLOCK] == 0)
		return fail(s, "no code for the end of the block");
	err = huffman_build(s, &s->lit, lengths, nlit);
	if (!err)
		err = huffman_build(s, &s->dist, lengths + nlit, ndist);
	return err ? err : codes(s);
}

int inflate_raw(struct inflate_state *s)
{
	bool final;
	int err;

	do {
		unsigned int type;

		final = get_bits(s, 1);
		type = get_bits(s, 2);
		if (s->error)
			err = -EINVAL;
		else if (type == 0)
			err = stored_block(s);
		else if (type == 1)
			err = fixed_block(s);
		else if (type == 2)
			err = dynamic_block(s);
		else
			err = fail(s, "invalid block type");
	} while (!err && !final);
	align_to_byte(s);
	return err;
}

/* RFC 1952 2.3.1: the header's flags. */
#define GZIP_FHCRC 0x02
#define GZIP_FEXTRA 0x04
#define GZIP_FNAME 0x08
#define GZIP_FCOMMENT 0x10
#define GZIP_FRESERVED 0xe0
#define GZIP_HEADER_LEN 10
#define GZIP_TRAILER_LEN 8

/*
 * CRC-32 a byte at a time: entry n is the byte n run through eight steps
 * of the bitwise algorithm (shift right; if a 1 fell out, xor 0xedb88320).
 */
static const u32 crc32_table[256] = {
	0x00000000, 0x77073096, 0xee0e612c, 0x990951ba, 0x076dc419, 0x706af48f,
	0xe963a535, 0x9e6495a3, 0x0edb8832, 0x79dcb8a4, 0xe0d5e91e, 0x97d2d988,
	0x09b64c2b, 0x7eb17cbd, 0xe7b82d07, 0x90bf1d91, 0x1db71064, 0x6ab020f2,
	0xf3b97148, 0x84be41de, 0x1adad47d, 0x6ddde4eb, 0xf4d4b551, 0x83d385c7,
	0x136c9856, 0x646ba8c0, 0xfd62f97a, 0x8a65c9ec, 0x14015c4f, 0x63066cd9,
	0xfa0f3d63, 0x8d080df5, 0x3b6e20c8, 0x4c69105e, 0xd56041e4, 0xa2677172,
	0x3c03e4d1, 0x4b04d447, 0xd20d85fd, 0xa50ab56b, 0x35b5a8fa, 0x42b2986c,
	0xdbbbc9d6, 0xacbcf940, 0x32d86ce3, 0x45df5c75, 0xdcd60dcf, 0xabd13d59,
	0x26d930ac, 0x51de003a, 0xc8d75180, 0xbfd06116, 0x21b4f4b5, 0x56b3c423,
	0xcfba9599, 0xb8bda50f, 0x2802b89e, 0x5f058808, 0xc60cd9b2, 0xb10be924,
	0x2f6f7c87, 0x58684c11, 0xc1611dab, 0xb6662d3d, 0x76dc4190, 0x01db7106,
	0x98d220bc, 0xefd5102a, 0x71b18589, 0x06b6b51f, 0x9fbfe4a5, 0xe8b8d433,
	0x7807c9a2, 0x0f00f934, 0x9609a88e, 0xe10e9818, 0x7f6a0dbb, 0x086d3d2d,
	0x91646c97, 0xe6635c01, 0x6b6b51f4, 0x1c6c6162, 0x856530d8, 0xf262004e,
	0x6c0695ed, 0x1b01a57b, 0x8208f4c1, 0xf50fc457, 0x65b0d9c6, 0x12b7e950,
	0x8bbeb8ea, 0xfcb9887c, 0x62dd1ddf, 0x15da2d49, 0x8cd37cf3, 0xfbd44c65,
	0x4db26158, 0x3ab551ce, 0xa3bc0074, 0xd4bb30e2, 0x4adfa541, 0x3dd895d7,
	0xa4d1c46d, 0xd3d6f4fb, 0x4369e96a, 0x346ed9fc, 0xad678846, 0xda60b8d0,
	0x44042d73, 0x33031de5, 0xaa0a4c5f, 0xdd0d7cc9, 0x5005713c, 0x270241aa,
	0xbe0b1010, 0xc90c2086, 0x5768b525, 0x206f85b3, 0xb966d409, 0xce61e49f,
	0x5edef90e, 0x29d9c998, 0xb0d09822, 0xc7d7a8b4, 0x59b33d17, 0x2eb40d81,
	0xb7bd5c3b, 0xc0ba6cad, 0xedb88320, 0x9abfb3b6, 0x03b6e20c, 0x74b1d29a,
	0xead54739, 0x9dd277af, 0x04db2615, 0x73dc1683, 0xe3630b12, 0x94643b84,
	0x0d6d6a3e, 0x7a6a5aa8, 0xe40ecf0b, 0x9309ff9d, 0x0a00ae27, 0x7d079eb1,
	0xf00f9344, 0x8708a3d2, 0x1e01f268, 0x6906c2fe, 0xf762575d, 0x806567cb,
	0x196c3671, 0x6e6b06e7, 0xfed41b76, 0x89d32be0, 0x10da7a5a, 0x67dd4acc,
	0xf9b9df6f, 0x8ebeeff9, 0x17b7be43, 0x60b08ed5, 0xd6d6a3e8, 0xa1d1937e,
	0x38d8c2c4, 0x4fdff252, 0xd1bb67f1, 0xa6bc5767, 0x3fb506dd, 0x48b2364b,
	0xd80d2bda, 0xaf0a1b4c, 0x36034af6, 0x41047a60, 0xdf60efc3, 0xa867df55,
	0x316e8eef, 0x4669be79, 0xcb61b38c, 0xbc66831a, 0x256fd2a0, 0x5268e236,
	0xcc0c7795, 0xbb0b4703, 0x220216b9, 0x5505262f, 0xc5ba3bbe, 0xb2bd0b28,
	0x2bb45a92, 0x5cb36a04, 0xc2d7ffa7, 0xb5d0cf31, 0x2cd99e8b, 0x5bdeae1d,
	0x9b64c2b0, 0xec63f226, 0x756aa39c, 0x026d930a, 0x9c0906a9, 0xeb0e363f,
	0x72076785, 0x05005713, 0x95bf4a82, 0xe2b87a14, 0x7bb12bae, 0x0cb61b38,
	0x92d28e9b, 0xe5d5be0d, 0x7cdcefb7, 0x0bdbdf21, 0x86d3d2d4, 0xf1d4e242,
	0x68ddb3f8, 0x1fda836e, 0x81be16cd, 0xf6b9265b, 0x6fb077e1, 0x18b74777,
	0x88085ae6, 0xff0f6a70, 0x66063bca, 0x11010b5c, 0x8f659eff, 0xf862ae69,
	0x616bffd3, 0x166ccf45, 0xa00ae278, 0xd70dd2ee, 0x4e048354, 0x3903b3c2,
	0xa7672661, 0xd06016f7, 0x4969474d, 0x3e6e77db, 0xaed16a4a, 0xd9d65adc,
	0x40df0b66, 0x37d83bf0, 0xa9bcae53, 0xdebb9ec5, 0x47b2cf7f, 0x30b5ffe9,
	0xbdbdf21c, 0xcabac28a, 0x53b39330, 0x24b4a3a6, 0xbad03605, 0xcdd70693,
	0x54de5729, 0x23d967bf, 0xb3667a2e, 0xc4614ab8, 0x5d681b02, 0x2a6f2b94,
	0xb40bbe37, 0xc30c8ea1, 0x5a05df1b, 0x2d02ef8d,
};

u32 gzip_crc32(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;

	crc = ~crc;
	for (size_t i = 0; i < len; i++)
		crc = crc >> 8 ^ crc32_table[(crc ^ p[i]) & 0xff];
	return ~crc;
}

/* Skip FNAME or FCOMMENT: Latin-1 text ended by a NUL. */
static int skip_string(struct inflate_state *s)
{
	const u8 *nul = memchr(s->in + s->in_pos, 0, s->in_len - s->in_pos);

	if (!nul)
		return fail(s, "truncated gzip header");
	s->in_pos = nul + 1 - s->in;
	return 0;
}

/* FEXTRA: a two-byte length and that many bytes. */
static int skip_extra(struct inflate_state *s)
{
	size_t len;

	if (s->in_len - s->in_pos < 2)
		return fail(s, "truncated gzip header");
	len = get_le16(s->in + s->in_pos);
	if (len > s->in_len - s->in_pos - 2)
		return fail(s, "truncated gzip header");
	s->in_pos += 2 + len;
	return 0;
}

/* FHCRC: the low half of the CRC-32 of the header bytes before it. */
static int check_header_crc(struct inflate_state *s)
{
	u32 crc;

	if (s->in_len - s->in_pos < 2)
		return fail(s, "truncated gzip header");
	crc = gzip_crc32(0, s->in, s->in_pos) & 0xffff;
	if (get_le16(s->in + s->in_pos) != crc)
		return fail(s, "gzip header CRC mismatch");
	s->in_pos += 2;
	return 0;
}

static int gzip_header(struct inflate_state *s)
{
	const u8 *p = s->in;
	int err = 0;

	if (s->in_len < GZIP_HEADER_LEN)
		return fail(s, "truncated gzip header");
	if (p[0] != 0x1f || p[1] != 0x8b)
		return fail(s, "no gzip magic");
	if (p[2] != 8)
		return fail(s, "gzip compression method is not deflate");
	if (p[3] & GZIP_FRESERVED)
		return fail(s, "reserved gzip header flags set");
	s->in_pos = GZIP_HEADER_LEN;
	if (p[3] & GZIP_FEXTRA)
		err = skip_extra(s);
	if (!err && (p[3] & GZIP_FNAME))
		err = skip_string(s);
	if (!err && (p[3] & GZIP_FCOMMENT))
		err = skip_string(s);
	if (!err && (p[3] & GZIP_FHCRC))
		err = check_header_crc(s);
	return err;
}

/* The CRC-32 of the data and its length modulo 2^32. */
static int gzip_trailer(struct inflate_state *s)
{
	const u8 *p = s->in + s->in_pos;

	if (s->in_len - s->in_pos < GZIP_TRAILER_LEN)
		return fail(s, "truncated gzip trailer");
	if (get_le32(p) != gzip_crc32(0, s->out, s->out_pos))
		return fail(s, "CRC-32 of the data does not match");
	if (get_le32(p + 4) != (u32)s->out_pos)
		return fail(s, "length of the data does not match");
	s->in_pos += GZIP_TRAILER_LEN;
	return 0;
}

int gunzip(struct inflate_state *s)
{
	int err = gzip_header(s);

	if (!err)
		err = inflate_raw(s);
	if (!err)
		err = gzip_trailer(s);
	return err;
}
