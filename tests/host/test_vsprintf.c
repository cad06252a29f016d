/*
 * kernel/lib/vsprintf.c against the C library. Our vsnprintf replaces the C
 * library's in this program, so the reference is fetched with
 * dlsym(RTLD_NEXT). Integer conversions are checked over the cross product
 * of flags, widths, precisions and values; the rest case by case, each at
 * several buffer sizes to cover truncation. %pS uses a stand-in symbol
 * table: the .mk links with --wrap=ksym_lookup.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <kernel/printk.h>
#include "htest.h"

typedef int vsnprintf_fn(char *, size_t, const char *, va_list);

static vsnprintf_fn *libc_vsnprintf(void)
{
	static vsnprintf_fn *fn;

	if (!fn)
		fn = (vsnprintf_fn *)dlsym(RTLD_NEXT, "vsnprintf");
	if (!fn)
		htest_fail(__FILE__, __LINE__, "no vsnprintf in the C library");
	return fn;
}

static const size_t buf_sizes[] = { 200, 0, 1, 2, 7 };

/* Format with both at every size in buf_sizes; fail on any difference. */
static void __printf(3, 4) compare(const char *file, int line,
				   const char *fmt, ...)
{
	char mine[200], ref[200];

	for (size_t i = 0; i < ARRAY_SIZE(buf_sizes); i++) {
		size_t size = buf_sizes[i];
		va_list a, b;
		int n_mine, n_ref;

		memset(mine, 'X', sizeof(mine));
		memset(ref, 'X', sizeof(ref));
		va_start(a, fmt);
		n_mine = vsnprintf(mine, size, fmt, a);
		va_end(a);
		va_start(b, fmt);
		n_ref = libc_vsnprintf()(ref, size, fmt, b);
		va_end(b);
		if (n_mine != n_ref || memcmp(mine, ref, sizeof(mine)))
			htest_fail(file, line,
				   "\"%s\" size %zu: got %d \"%.*s\", want %d \"%.*s\"",
				   fmt, size, n_mine, (int)MIN(size, 200), mine,
				   n_ref, (int)MIN(size, 200), ref);
	}
}

#define CMP(fmt, ...) compare(__FILE__, __LINE__, fmt, ##__VA_ARGS__)

/* Expect an exact text where C leaves the output up to us. */
#define EXPECT(want, fmt, ...)						\
	do {								\
		char __buf[200];					\
		int __n = snprintf(__buf, sizeof(__buf), fmt, ##__VA_ARGS__); \
		if (strcmp(__buf, want) || __n != (int)strlen(want))	\
			htest_fail(__FILE__, __LINE__,			\
				   "\"%s\": got \"%s\" (%d), want \"%s\"", \
				   fmt, __buf, __n, want);		\
	} while (0)

static const char *const flag_sets[] = {
	"", "-", "0", "#", " ", "+", "-0", "-#", "0#", "+ ", "-+", "0+",
	"0 ", "#+", "-0# +",
};
static const char *const widths[] = { "", "1", "6", "13", "30" };
static const char *const precisions[] = { "", ".", ".0", ".1", ".4", ".25" };

/*
 * Build "%<flags><width><precision><length><conv>" for every combination
 * and hand each to check(), which supplies the argument.
 */
static void for_each_format(const char *length, const char *convs,
			    void (*check)(const char *fmt))
{
	char fmt[32];

	for (size_t f = 0; f < ARRAY_SIZE(flag_sets); f++)
		for (size_t w = 0; w < ARRAY_SIZE(widths); w++)
			for (size_t p = 0; p < ARRAY_SIZE(precisions); p++)
				for (const char *c = convs; *c; c++) {
					snprintf(fmt, sizeof(fmt), "%%%s%s%s%s%c",
						 flag_sets[f], widths[w],
						 precisions[p], length, *c);
					check(fmt);
				}
}

static const long long int_values[] = {
	0, 1, -1, 7, 8, 42, -42, 255, 256, 0x1234abcd, INT_MAX, INT_MIN,
	-100000,
};

static void check_int(const char *fmt)
{
	for (size_t i = 0; i < ARRAY_SIZE(int_values); i++)
		compare(__FILE__, __LINE__, fmt, (int)int_values[i]);
}

static const long long ll_values[] = {
	0, 1, -1, LLONG_MAX, LLONG_MIN, 0x123456789abcdefLL, -0x7fffffffffLL,
	(long long)1 << 32, 4294967295LL,
};

static void check_long_long(const char *fmt)
{
	for (size_t i = 0; i < ARRAY_SIZE(ll_values); i++)
		compare(__FILE__, __LINE__, fmt, ll_values[i]);
}

static void check_long(const char *fmt)
{
	for (size_t i = 0; i < ARRAY_SIZE(ll_values); i++)
		compare(__FILE__, __LINE__, fmt, (long)ll_values[i]);
}

static void check_size(const char *fmt)
{
	for (size_t i = 0; i < ARRAY_SIZE(ll_values); i++)
		compare(__FILE__, __LINE__, fmt, (size_t)ll_values[i]);
}

static void check_ptrdiff(const char *fmt)
{
	for (size_t i = 0; i < ARRAY_SIZE(ll_values); i++)
		compare(__FILE__, __LINE__, fmt, (ptrdiff_t)ll_values[i]);
}

static void check_intmax(const char *fmt)
{
	for (size_t i = 0; i < ARRAY_SIZE(ll_values); i++)
		compare(__FILE__, __LINE__, fmt, (intmax_t)ll_values[i]);
}

HTEST(int_conversions_match_libc)
{
	CHECK(libc_vsnprintf() != vsnprintf);
	for_each_format("", "diuxXo", check_int);
}

HTEST(hh_and_h_truncate_like_libc)
{
	for_each_format("hh", "diuxo", check_int);
	for_each_format("h", "diuXo", check_int);
}

HTEST(wide_lengths_match_libc)
{
	for_each_format("ll", "diuxXo", check_long_long);
	for_each_format("l", "dux", check_long);
	for_each_format("z", "dux", check_size);
	for_each_format("t", "dio", check_ptrdiff);
	for_each_format("j", "dX", check_intmax);
}

HTEST(strings_and_chars)
{
	static const char *const strs[] = { "", "a", "hello", "hello, world" };
	static const char *const formats[] = {
		"%s", "%10s", "%-10s", "%.0s", "%.3s", "%8.3s", "%-8.3s",
		"%.20s", "%2s", "[%s]",
	};

	for (size_t f = 0; f < ARRAY_SIZE(formats); f++)
		for (size_t s = 0; s < ARRAY_SIZE(strs); s++)
			compare(__FILE__, __LINE__, formats[f], strs[s]);
	CMP("%c", 'x');
	CMP("%5c|%-5c|%c", 'a', 'b', 0xff);
	CMP("%s=%c%c", "key", '4', '2');
}

HTEST(star_width_and_precision)
{
	CMP("%*d", 6, 42);
	CMP("%*d", -6, 42);
	CMP("%-*d", -6, 42);
	CMP("%.*d", 5, 42);
	CMP("%.*d", -5, 42);
	CMP("%*.*x", 10, 6, 0xbeef);
	CMP("%*.*s", -10, 3, "abcdef");
	CMP("%.*s", 4, "abcdef");
	CMP("%0*d", 8, -3);
}

/*
 * Formats GCC would check against the buffer size at compile time (and
 * find truncated, which is the point) are kept in variables.
 */
static const char *volatile empty_format = "";
static const char *volatile hello = "hello";
static const char *volatile huge_width = "%999999999d";
static const char *volatile star_width = "%*d";

HTEST(plain_text_and_percent)
{
	compare(__FILE__, __LINE__, empty_format, 0);
	CMP("no conversions at all");
	CMP("100%%");
	CMP("%%d%d%%", 5);
	CMP("%s %d %u %x %c %%", "mix", -1, 2u, 0xabcu, 'z');
	CMP("a very long line that does not fit in the small buffers %d", 1);
}

HTEST(pointers_print_like_glibc_except_null)
{
	int x;

	CMP("%p", (void *)&x);
	CMP("%20p|%-20p", (void *)&x, (void *)&x);
	CMP("%p", (void *)0x1000);
	EXPECT("0x0", "%p", NULL);
	EXPECT("  0xff", "%6p", (void *)0xff);
}

HTEST(null_string)
{
	const char *volatile null = NULL;

	EXPECT("(null)", "%s", null);
	EXPECT("  (null)", "%8s", null);
	EXPECT("(nu", "%.3s", null);
}

HTEST(return_value_counts_what_did_not_fit)
{
	char buf[4] = "abc";

	CHECK_EQ(snprintf(NULL, 0, "%d-%s", 12345, "xyz"), 9);
	CHECK_EQ(snprintf(buf, 0, "hello"), 5);
	CHECK(!strcmp(buf, "abc"));
	CHECK_EQ(snprintf(buf, sizeof(buf), "%s", hello), 5);
	CHECK(!strcmp(buf, "hel"));
}

HTEST(huge_width_is_capped)
{
	char buf[8];

	CHECK_EQ(snprintf(buf, sizeof(buf), huge_width, 1), 4096);
	CHECK_EQ(snprintf(buf, sizeof(buf), star_width, INT_MIN, 1), 4096);
	CHECK(!strcmp(buf, "1      "));
}

HTEST(unknown_conversion_is_copied)
{
	char buf[32];
	const char *fmt = "a%-5ky";	/* not a literal, to keep -Wformat calm */

	snprintf(buf, sizeof(buf), fmt, 0);
	CHECK(!strcmp(buf, "a%-5ky"));
}

/* The stand-in symbol table: one function at 0x1000, 0x40 bytes long. */
bool __wrap_ksym_lookup(unsigned long addr, const char **name,
			unsigned long *offset, unsigned long *size);

bool __wrap_ksym_lookup(unsigned long addr, const char **name,
			unsigned long *offset, unsigned long *size)
{
	if (addr < 0x1000 || addr >= 0x1040)
		return false;
	*name = "start_kernel";
	*offset = addr - 0x1000;
	*size = 0x40;
	return true;
}

HTEST(symbolic_pointers)
{
	EXPECT("start_kernel+0x10/0x40", "%pS", (void *)0x1010);
	EXPECT("start_kernel+0x0/0x40", "%pS", (void *)0x1000);
	EXPECT("start_kernel", "%ps", (void *)0x103f);
	EXPECT("[start_kernel+0x8/0x40    ]", "[%-25pS]", (void *)0x1008);
	EXPECT("0x1040", "%pS", (void *)0x1040);
	EXPECT("0xfff:x", "%pS:x", (void *)0xfff);
	EXPECT("0x0", "%ps", NULL);
}
