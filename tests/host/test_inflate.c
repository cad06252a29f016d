/*
 * Inflate and gunzip (kernel/lib/inflate.c) against the host's zlib: data
 * of many kinds and sizes compressed by zlib at every level and strategy
 * (stored, fixed and dynamic blocks, long and overlapping matches), raw
 * and in gzip members with every optional header field, and by the
 * host's gzip tool; then the same streams truncated at every offset,
 * with bytes corrupted everywhere, and with output buffers too small.
 * Each stream sits in a buffer of exactly its size, so ASan reports any
 * read past the end; the output too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <kernel/errno.h>
#include <kernel/lib/inflate.h>
#include "htest.h"
#include "rng.h"

struct buf {
	unsigned char *p;
	size_t len;
};

static struct inflate_state state;
static unsigned long long rng_state;

static unsigned long long rnd(void)
{
	return rng_next(&rng_state);
}

static void rng_seed(unsigned long long seed)
{
	rng_state = seed * 0x9e3779b97f4a7c15ull;
}

/* An exact-size copy, so that ASan catches reads past its end. */
static struct buf copy(const void *p, size_t len)
{
	struct buf b = { malloc(len ? len : 1), len };

	CHECK(b.p);
	memcpy(b.p, p, len);
	return b;
}

/* zlib's deflate: wbits -15 for raw DEFLATE, 31 for a gzip member. */
static struct buf zlib_compress(const struct buf *in, int level, int strategy, int wbits,
				gz_header *header)
{
	size_t room = in->len + in->len / 2 + 1024;
	unsigned char *out = malloc(room);
	struct buf b;
	z_stream z = { 0 };

	CHECK(deflateInit2(&z, level, Z_DEFLATED, wbits, 8, strategy) == Z_OK);
	if (header)
		CHECK(deflateSetHeader(&z, header) == Z_OK);
	z.next_in = in->p;
	z.avail_in = in->len;
	z.next_out = out;
	z.avail_out = room;
	CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END);
	b = copy(out, z.total_out);
	deflateEnd(&z);
	free(out);
	return b;
}

/* zlib's verdict on a stream: did it decode, to exactly want? */
static bool zlib_accepts(const struct buf *in, int wbits, const struct buf *want)
{
	unsigned char *out = malloc(want->len + 1);
	z_stream z = { 0 };
	int ret;

	CHECK(inflateInit2(&z, wbits) == Z_OK);
	z.next_in = in->p;
	z.avail_in = in->len;
	z.next_out = out;
	z.avail_out = want->len + 1;
	ret = inflate(&z, Z_FINISH);
	ret = ret == Z_STREAM_END && z.total_out == want->len &&
	      memcmp(out, want->p, want->len) == 0;
	inflateEnd(&z);
	free(out);
	return ret;
}

/* Ours, into an exact-size buffer of out_size bytes; the output in *out. */
static int ours(const struct buf *in, bool gzip, size_t out_size, struct buf *out)
{
	int ret;

	out->p = malloc(out_size ? out_size : 1);
	inflate_init(&state, in->p, in->len, out->p, out_size);
	ret = gzip ? gunzip(&state) : inflate_raw(&state);
	out->len = state.out_pos;
	CHECK(state.in_pos <= in->len);
	CHECK((ret == -EINVAL) == (state.error != NULL));
	return ret;
}

static void check_round_trip(const struct buf *data, const struct buf *z, bool gzip)
{
	struct buf out;

	CHECK_EQ(ours(z, gzip, data->len, &out), 0);
	CHECK_EQ(out.len, data->len);
	CHECK(memcmp(out.p, data->p, data->len) == 0);
	CHECK_EQ(state.in_pos, z->len);
	free(out.p);
}

/* Inputs of every kind deflate meets: noise, text, runs, long repeats. */
static struct buf make_input(int kind, size_t len)
{
	struct buf b = { malloc(len ? len : 1), len };
	static const char words[] = "the quick brown fox jumps over the lazy dog; ";

	for (size_t i = 0; i < len; i++) {
		switch (kind) {
		case 0:
			b.p[i] = rnd() & 0xff;
			break;
		case 1:
			b.p[i] = words[(i * 7 + i / 97) % (sizeof(words) - 1)];
			break;
		case 2:
			b.p[i] = (i / 1000) & 1 ? 'a' : 0;
			break;
		case 3:
			b.p[i] = i < 300 ? rnd() & 0xff : b.p[i - 300 + (rnd() % 3 == 0)];
			break;
		default:
			b.p[i] = "ab"[(rnd() % 7) == 0];
		}
	}
	return b;
}

static const size_t sizes[] = { 0, 1, 2, 100, 258, 4095, 32768, 70000 };
static const int levels[] = { 0, 1, 4, 6, 9 };
#define NR_KINDS 5

HTEST(zlib_streams_at_every_level_and_strategy)
{
	static const int strategies[] = { Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY,
					  Z_RLE, Z_FIXED };

	rng_seed(1);
	for (int kind = 0; kind < NR_KINDS; kind++)
		for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
			struct buf data = make_input(kind, sizes[s]);

			for (int l = 0; l < 5; l++)
				for (int st = 0; st < 5; st++) {
					struct buf raw = zlib_compress(&data, levels[l], strategies[st],
								       -15, NULL);
					struct buf gz = zlib_compress(&data, levels[l], strategies[st],
								      31, NULL);

					check_round_trip(&data, &raw, false);
					check_round_trip(&data, &gz, true);
					free(raw.p);
					free(gz.p);
				}
			free(data.p);
		}
}

HTEST(a_large_input)
{
	struct buf data = make_input(3, 3 << 20);
	struct buf gz = zlib_compress(&data, 9, Z_DEFAULT_STRATEGY, 31, NULL);

	check_round_trip(&data, &gz, true);
	free(gz.p);
	free(data.p);
}

HTEST(gzip_header_fields)
{
	struct buf data = make_input(1, 5000);
	unsigned char extra[] = "AP\x04\x00" "abcd";
	gz_header h = { 0 };
	struct buf gz, out;

	h.extra = extra;
	h.extra_len = sizeof(extra) - 1;
	h.name = (unsigned char *)"initramfs.cpio";
	h.comment = (unsigned char *)"a comment";
	h.hcrc = 1;
	gz = zlib_compress(&data, 6, Z_DEFAULT_STRATEGY, 31, &h);
	CHECK_EQ(gz.p[3], 0x02 | 0x04 | 0x08 | 0x10);
	check_round_trip(&data, &gz, true);
	gz.p[3] |= 0x20;		/* a reserved flag */
	CHECK_EQ(ours(&gz, true, data.len, &out), -EINVAL);
	CHECK(strstr(state.error, "reserved"));
	free(out.p);
	gz.p[3] &= ~0x20;
	gz.p[12 + 8] ^= 1;		/* extra's contents: only FHCRC notices */
	CHECK_EQ(ours(&gz, true, data.len, &out), -EINVAL);
	CHECK(strstr(state.error, "header CRC"));
	free(out.p);
	gz.p[12 + 8] ^= 1;
	gz.p[2] = 7;			/* not deflate */
	CHECK_EQ(ours(&gz, true, data.len, &out), -EINVAL);
	free(out.p);
	free(gz.p);
	free(data.p);
}

/* The fixture the .mk made with the host's gzip -9 -n, and one with a name. */
static struct buf load(const char *name)
{
	char path[256];
	FILE *f;
	struct buf b;

	snprintf(path, sizeof(path), "%s/%s", INFLATE_FIXTURES, name);
	f = fopen(path, "rb");
	CHECK(f);
	fseek(f, 0, SEEK_END);
	b.len = ftell(f);
	rewind(f);
	b.p = malloc(b.len ? b.len : 1);
	CHECK(fread(b.p, 1, b.len, f) == b.len);
	fclose(f);
	return b;
}

HTEST(the_gzip_tool_agrees)
{
	static const char *const members[] = { "inflate-n.gz", "inflate-name.gz", "inflate-1.gz" };
	struct buf data = load("inflate-data");

	for (int i = 0; i < 3; i++) {
		struct buf gz = load(members[i]);

		check_round_trip(&data, &gz, true);
		free(gz.p);
	}
	free(data.p);
}

HTEST(members_back_to_back_stop_at_the_end_of_the_first)
{
	struct buf a = make_input(1, 3000), b = make_input(0, 2000);
	struct buf za = zlib_compress(&a, 9, Z_DEFAULT_STRATEGY, 31, NULL);
	struct buf zb = zlib_compress(&b, 1, Z_DEFAULT_STRATEGY, 31, NULL);
	struct buf both = { malloc(za.len + zb.len), za.len + zb.len }, out, rest;

	memcpy(both.p, za.p, za.len);
	memcpy(both.p + za.len, zb.p, zb.len);
	CHECK_EQ(ours(&both, true, a.len + b.len, &out), 0);
	CHECK_EQ(out.len, a.len);
	CHECK_EQ(state.in_pos, za.len);
	free(out.p);
	rest = copy(both.p + za.len, zb.len);
	check_round_trip(&b, &rest, true);
	free(rest.p);
	free(both.p);
	free(za.p);
	free(zb.p);
	free(a.p);
	free(b.p);
}

/* Every cut short of the whole stream is refused as truncated, never overrun. */
static void check_cuts(const struct buf *data, const struct buf *z, bool gzip)
{
	for (size_t len = 0; len < z->len; len++) {
		struct buf cut = copy(z->p, len), out;

		CHECK_EQ(ours(&cut, gzip, data->len, &out), -EINVAL);
		CHECK(strstr(state.error, "truncated") || strstr(state.error, "magic"));
		free(out.p);
		free(cut.p);
	}
}

HTEST(truncated_at_every_offset)
{
	rng_seed(2);
	for (int kind = 0; kind < NR_KINDS; kind++) {
		struct buf data = make_input(kind, 5000);

		for (int level = 0; level <= 9; level += 9) {
			struct buf raw = zlib_compress(&data, level, Z_DEFAULT_STRATEGY, -15, NULL);
			struct buf gz = zlib_compress(&data, level, Z_FIXED, 31, NULL);

			check_cuts(&data, &raw, false);
			check_cuts(&data, &gz, true);
			free(raw.p);
			free(gz.p);
		}
		free(data.p);
	}
}

/*
 * A corrupted stream: what zlib accepts (an unused header byte, say) we
 * accept with the same output; what we accept must be the true data.
 */
static void check_corruption(const struct buf *data, const struct buf *z, bool gzip,
			     size_t at, unsigned char mask)
{
	struct buf bad = copy(z->p, z->len), out;
	int ret;

	bad.p[at] ^= mask;
	ret = ours(&bad, gzip, data->len, &out);
	if (zlib_accepts(&bad, gzip ? 31 : -15, data))
		CHECK_EQ(ret, 0);
	if (ret == 0 && gzip)
		CHECK(out.len == data->len && memcmp(out.p, data->p, data->len) == 0);
	CHECK(ret == 0 || ret == -EINVAL || ret == -ENOSPC);
	free(out.p);
	free(bad.p);
}

HTEST(corrupted_bytes_everywhere)
{
	rng_seed(3);
	for (int kind = 0; kind < NR_KINDS; kind++) {
		struct buf data = make_input(kind, 6000);
		struct buf raw = zlib_compress(&data, 6, Z_DEFAULT_STRATEGY, -15, NULL);
		struct buf gz = zlib_compress(&data, 9, Z_DEFAULT_STRATEGY, 31, NULL);

		for (size_t at = 0; at < gz.len; at++) {
			check_corruption(&data, &gz, true, at, 1u << (at % 8));
			check_corruption(&data, &gz, true, at, 0xff);
		}
		for (size_t at = 0; at < raw.len; at++)
			check_corruption(&data, &raw, false, at, 0x10);
		free(raw.p);
		free(gz.p);
		free(data.p);
	}
}

HTEST(random_garbage_is_refused_without_overruns)
{
	rng_seed(4);
	for (int i = 0; i < 20000; i++) {
		size_t len = rnd() % 200;
		struct buf in = make_input(0, len), out;
		int ret = ours(&in, false, 1000, &out);

		CHECK(ret == 0 || ret == -EINVAL || ret == -ENOSPC);
		free(out.p);
		free(in.p);
	}
}

HTEST(output_too_small_is_enospc)
{
	struct buf data = make_input(1, 3000);
	struct buf gz = zlib_compress(&data, 6, Z_DEFAULT_STRATEGY, 31, NULL);
	struct buf stored = zlib_compress(&data, 0, Z_DEFAULT_STRATEGY, -15, NULL);

	for (size_t size = 0; size < data.len; size += 7) {
		struct buf out;

		CHECK_EQ(ours(&gz, true, size, &out), -ENOSPC);
		CHECK(out.len <= size);
		free(out.p);
		CHECK_EQ(ours(&stored, false, size, &out), -ENOSPC);
		free(out.p);
	}
	check_round_trip(&data, &gz, true);
	free(stored.p);
	free(gz.p);
	free(data.p);
}

/* Hand-made streams for the faults zlib never writes. */
HTEST(malformed_blocks)
{
	static const struct {
		const char *bytes;
		size_t len;
		const char *why;
	} cases[] = {
		{ "\x07", 1, "block type" },			/* final, type 3 */
		{ "\x01\x05\x00\xfb\xff", 5, "complement" },	/* stored, NLEN wrong */
		{ "\x01\x05\x00\xfa\xff" "ab", 7, "truncated" },	/* stored, cut */
		/* fixed: a length 3, distance 1 with no byte before it */
		{ "\x03\x02\x00", 3, "distance" },
		/* dynamic: HLIT 30 (287 codes) */
		{ "\xf5\xff\xff", 3, "too many" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf in = copy(cases[i].bytes, cases[i].len), out;

		CHECK_EQ(ours(&in, false, 100, &out), -EINVAL);
		if (!strstr(state.error, cases[i].why))
			htest_fail(__FILE__, __LINE__, "case %zu: %s", i, state.error);
		free(out.p);
		free(in.p);
	}
}

HTEST(crc32_matches_zlib)
{
	struct buf data = make_input(0, 100000);

	for (size_t len = 0; len < 300; len++)
		CHECK_EQ(gzip_crc32(0, data.p, len), crc32(0, data.p, len));
	CHECK_EQ(gzip_crc32(gzip_crc32(0, data.p, 500), data.p + 500, data.len - 500),
		 crc32(0, data.p, data.len));
	free(data.p);
}
