/*
 * kernel/lib/string.c against the C library. Our functions replace the C
 * library's in this program (and run under ASan, which catches any access
 * outside the buffers); the originals are fetched with dlsym(RTLD_NEXT).
 * Every alignment of source and destination and many lengths are tried, so
 * that both the word and the byte paths of memset/memcpy/memmove run.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <kernel/lib/string.h>
#include <kernel/errno.h>
#include "htest.h"

static void *libc(const char *name)
{
	void *fn = dlsym(RTLD_NEXT, name);

	if (!fn)
		htest_fail(__FILE__, __LINE__, "no %s in the C library", name);
	return fn;
}

static int sign(long v)
{
	return (v > 0) - (v < 0);
}

/* Bytes with a pattern that differs at every position and over 0x7f. */
static void fill(unsigned char *buf, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (unsigned char)(i * 37 + seed * 101 + 0x80);
}

#define AREA 160

HTEST(memset_all_alignments_and_lengths)
{
	void *(*ref)(void *, int, size_t) = libc("memset");
	static const int values[] = { 0, 0xff, 0x5a, 0x1ab, -1 };
	unsigned char mine[AREA], want[AREA];

	CHECK((void *)ref != (void *)memset);
	for (size_t v = 0; v < ARRAY_SIZE(values); v++)
		for (size_t off = 0; off < 16; off++)
			for (size_t len = 0; off + len <= AREA; len++) {
				fill(mine, AREA, len);
				fill(want, AREA, len);
				CHECK(memset(mine + off, values[v], len) == mine + off);
				ref(want + off, values[v], len);
				for (size_t i = 0; i < AREA; i++)
					CHECK_EQ(mine[i], want[i]);
			}
}

HTEST(memcpy_all_alignments_and_lengths)
{
	unsigned char src[AREA], dst[AREA], want[AREA];

	fill(src, AREA, 1);
	for (size_t so = 0; so < 16; so++)
		for (size_t d_off = 0; d_off < 16; d_off++)
			for (size_t len = 0; len + MAX(so, d_off) <= AREA; len += 1 + len / 8) {
				fill(dst, AREA, 2);
				fill(want, AREA, 2);
				CHECK(memcpy(dst + d_off, src + so, len) == dst + d_off);
				for (size_t i = 0; i < len; i++)
					want[d_off + i] = src[so + i];
				for (size_t i = 0; i < AREA; i++)
					CHECK_EQ(dst[i], want[i]);
			}
}

HTEST(memmove_overlapping_both_ways)
{
	void *(*ref)(void *, const void *, size_t) = libc("memmove");
	unsigned char mine[AREA], want[AREA];

	for (size_t so = 0; so < 40; so++)
		for (size_t d_off = 0; d_off < 40; d_off++)
			for (size_t len = 0; len + 40 <= AREA; len += 1 + len / 4) {
				fill(mine, AREA, 3);
				fill(want, AREA, 3);
				CHECK(memmove(mine + d_off, mine + so, len) == mine + d_off);
				ref(want + d_off, want + so, len);
				for (size_t i = 0; i < AREA; i++)
					CHECK_EQ(mine[i], want[i]);
			}
}

HTEST(memcmp_and_memchr)
{
	int (*ref_cmp)(const void *, const void *, size_t) = libc("memcmp");
	void *(*ref_chr)(const void *, int, size_t) = libc("memchr");
	unsigned char a[64], b[64];

	fill(a, sizeof(a), 4);
	for (size_t pos = 0; pos < sizeof(a); pos++)
		for (int delta = -1; delta <= 1; delta++) {
			fill(b, sizeof(b), 4);
			b[pos] += delta;
			for (size_t len = 0; len <= sizeof(a); len += 7)
				CHECK_EQ(sign(memcmp(a, b, len)),
					 sign(ref_cmp(a, b, len)));
		}
	for (int c = -1; c < 300; c += 3)
		for (size_t len = 0; len <= sizeof(a); len += 5)
			CHECK(memchr(a, c, len) == ref_chr(a, c, len));
}

HTEST(strlen_and_strnlen)
{
	size_t (*ref_nlen)(const char *, size_t) = libc("strnlen");
	char s[40];

	for (size_t len = 0; len < 32; len++)
		for (size_t off = 0; off < 8; off++) {
			memset(s, 'a', sizeof(s));
			s[off + len] = '\0';
			CHECK_EQ(strlen(s + off), len);
			for (size_t max = 0; max < 34; max += 3)
				CHECK_EQ(strnlen(s + off, max),
					 ref_nlen(s + off, max));
		}
}

static const char *const words[] = {
	"", "a", "b", "ab", "abc", "abd", "abcd", "ABC", "\xff", "\x7f",
	"a\xe9", "a\x01", "hello world", "hello",
};

HTEST(strcmp_and_strncmp_sign)
{
	int (*ref_cmp)(const char *, const char *) = libc("strcmp");
	int (*ref_ncmp)(const char *, const char *, size_t) = libc("strncmp");

	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		for (size_t j = 0; j < ARRAY_SIZE(words); j++) {
			CHECK_EQ(sign(strcmp(words[i], words[j])),
				 sign(ref_cmp(words[i], words[j])));
			for (size_t n = 0; n < 8; n++)
				CHECK_EQ(sign(strncmp(words[i], words[j], n)),
					 sign(ref_ncmp(words[i], words[j], n)));
		}
}

HTEST(strchr_strrchr_strstr)
{
	char *(*ref_chr)(const char *, int) = libc("strchr");
	char *(*ref_rchr)(const char *, int) = libc("strrchr");
	char *(*ref_str)(const char *, const char *) = libc("strstr");
	static const int chars[] = { 'a', 'l', 'o', 'z', 0, 'l' + 256, 0xff, -1 };

	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		for (size_t c = 0; c < ARRAY_SIZE(chars); c++) {
			CHECK(strchr(words[i], chars[c]) == ref_chr(words[i], chars[c]));
			CHECK(strrchr(words[i], chars[c]) == ref_rchr(words[i], chars[c]));
		}
		for (size_t j = 0; j < ARRAY_SIZE(words); j++)
			CHECK(strstr(words[i], words[j]) == ref_str(words[i], words[j]));
	}
	CHECK(strstr("aaab", "aab") == ref_str("aaab", "aab"));
	CHECK(strstr("mississippi", "issip") == ref_str("mississippi", "issip"));
}

static const char *const numbers[] = {
	"0", "1", "42", "-42", "+7", "  \t\n 12", "0x1f", "0X1F", "0x", "0xg",
	"-0x10", "017", "08", "09", "0", "z", "Zz", "777777", "1010102",
	"18446744073709551615", "18446744073709551616",
	"99999999999999999999999", "-99999999999999999999999",
	"9223372036854775807", "9223372036854775808", "-9223372036854775808",
	"-9223372036854775809", "0xffffffffffffffff", "0x10000000000000000",
	"", " ", "-", "+", "- 1", "12abc", "  -0", "1_000",
};
static const int bases[] = { 0, 2, 8, 10, 16, 36 };

HTEST(strtoul_and_strtol_match_libc)
{
	unsigned long (*ref_ul)(const char *, char **, int) = libc("strtoul");
	long (*ref_l)(const char *, char **, int) = libc("strtol");
	char *end, *ref_end;

	for (size_t i = 0; i < ARRAY_SIZE(numbers); i++)
		for (size_t b = 0; b < ARRAY_SIZE(bases); b++) {
			const char *s = numbers[i];
			int base = bases[b];

			CHECK(strtoul(s, &end, base) == ref_ul(s, &ref_end, base));
			CHECK_EQ(end - s, ref_end - s);
			CHECK_EQ(strtol(s, &end, base), ref_l(s, &ref_end, base));
			CHECK_EQ(end - s, ref_end - s);
		}
	CHECK_EQ(strtol("123", NULL, 10), 123);
}

HTEST(strtoul_rejects_bad_bases)
{
	char *end = NULL;
	const char *s = "123";

	CHECK_EQ(strtoul(s, &end, 1), 0);
	CHECK(end == s);
	CHECK_EQ(strtol(s, &end, 37), 0);
	CHECK(end == s);
	CHECK_EQ(strtol(s, &end, -5), 0);
}

HTEST(strscpy_fits_and_truncates)
{
	char buf[6];

	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(strscpy(buf, "abc", sizeof(buf)), 3);
	CHECK(!strcmp(buf, "abc"));
	CHECK_EQ(strscpy(buf, "abcde", sizeof(buf)), 5);
	CHECK(!strcmp(buf, "abcde"));
	CHECK_EQ(strscpy(buf, "abcdef", sizeof(buf)), -E2BIG);
	CHECK(!strcmp(buf, "abcde"));
	CHECK_EQ(strscpy(buf, "", sizeof(buf)), 0);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(strscpy(buf, "zz", 1), -E2BIG);
	CHECK_EQ(buf[0], '\0');
	buf[0] = 'q';
	CHECK_EQ(strscpy(buf, "zz", 0), -E2BIG);
	CHECK_EQ(buf[0], 'q');
}
