/*
 * The C string and memory functions, for a kernel without a C library.
 * Same behaviour as C's, except that strtoul/strtol report overflow only by
 * saturating (there is no errno). strscpy is Linux's bounded copy.
 *
 * memset, memcpy and memmove move eight words per step when the pointers
 * allow (the compiler pairs them into ldp/stp), since page clearing and
 * copying lean on them and under -icount every instruction counts. An
 * architecture may bring its own memcpy (asm/string.h says which; arm64's,
 * arch/arm64/lib/memcpy.S, also copies unaligned data a word at a time).
 * The kernel must be compiled with -fno-builtin
 * -fno-tree-loop-distribute-patterns so that GCC does not turn these very
 * loops back into calls to themselves.
 */
#include <kernel/lib/string.h>
#include <kernel/errno.h>
#include <asm/string.h>
#include <limits.h>

/* A word that may alias any object, so word copies stay within the rules. */
typedef unsigned long __attribute__((may_alias)) word_t;
#define WORD_SIZE sizeof(word_t)

static bool word_aligned(const void *p)
{
	return IS_ALIGNED((uintptr_t)p, WORD_SIZE);
}

/* Whether a and b can both become word aligned after the same few bytes. */
static bool co_aligned(const void *a, const void *b)
{
	return IS_ALIGNED((uintptr_t)a ^ (uintptr_t)b, WORD_SIZE);
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	word_t pattern = (unsigned char)c * (~0UL / 0xff);

	while (n && !word_aligned(d)) {
		*d++ = (unsigned char)c;
		n--;
	}
	for (; n >= 8 * WORD_SIZE; n -= 8 * WORD_SIZE, d += 8 * WORD_SIZE) {
		word_t *w = (word_t *)d;

		w[0] = pattern; w[1] = pattern; w[2] = pattern; w[3] = pattern;
		w[4] = pattern; w[5] = pattern; w[6] = pattern; w[7] = pattern;
	}
	for (; n >= WORD_SIZE; n -= WORD_SIZE, d += WORD_SIZE)
		*(word_t *)d = pattern;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

/*
 * Eight words, all loaded before any is stored: so a forward copy with
 * dst below src stays right even when the two overlap.
 */
static void copy_8_words(word_t *d, const word_t *s)
{
	word_t w0 = s[0], w1 = s[1], w2 = s[2], w3 = s[3];
	word_t w4 = s[4], w5 = s[5], w6 = s[6], w7 = s[7];

	d[0] = w0; d[1] = w1; d[2] = w2; d[3] = w3;
	d[4] = w4; d[5] = w5; d[6] = w6; d[7] = w7;
}

/* Copy upwards; safe for overlap when dst is below src (memmove uses it). */
static void copy_forward(unsigned char *d, const unsigned char *s, size_t n)
{
	if (co_aligned(d, s)) {
		while (n && !word_aligned(d)) {
			*d++ = *s++;
			n--;
		}
		for (; n >= 8 * WORD_SIZE; n -= 8 * WORD_SIZE) {
			copy_8_words((word_t *)d, (const word_t *)s);
			d += 8 * WORD_SIZE;
			s += 8 * WORD_SIZE;
		}
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			*(word_t *)d = *(const word_t *)s;
			d += WORD_SIZE;
			s += WORD_SIZE;
		}
	}
	while (n--)
		*d++ = *s++;
}

/* Copy downwards, from the ends; for overlap when dst is above src. */
static void copy_backward(unsigned char *d, const unsigned char *s, size_t n)
{
	d += n;
	s += n;
	if (co_aligned(d, s)) {
		while (n && !word_aligned(d)) {
			*--d = *--s;
			n--;
		}
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			d -= WORD_SIZE;
			s -= WORD_SIZE;
			*(word_t *)d = *(const word_t *)s;
		}
	}
	while (n--)
		*--d = *--s;
}

#ifndef __HAVE_ARCH_MEMCPY
void *memcpy(void *dst, const void *src, size_t n)
{
	copy_forward(dst, src, n);
	return dst;
}
#endif

void *memmove(void *dst, const void *src, size_t n)
{
	if ((uintptr_t)dst - (uintptr_t)src >= n)
		copy_forward(dst, src, n);	/* dst below src, or apart */
	else
		copy_backward(dst, src, n);
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p - *q;
	}
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++) {
		if (*p == (unsigned char)c)
			return (void *)p;
	}
	return NULL;
}

size_t strlen(const char *s)
{
	const char *end = s;

	while (*end)
		end++;
	return end - s;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	while (*p && *p == *q) {
		p++;
		q++;
	}
	return *p - *q;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	for (; n; n--, p++, q++) {
		if (*p != *q || !*p)
			return *p - *q;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *haystack, const char *needle)
{
	size_t len = strlen(needle);

	for (; *haystack; haystack++) {
		if (!strncmp(haystack, needle, len))
			return (char *)haystack;
	}
	return len ? NULL : (char *)haystack;
}

static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return INT_MAX;
}

/*
 * The part strtoul and strtol share: blanks, sign, base prefix and digits.
 * Returns the magnitude, saturated at ULONG_MAX, with the sign in *negative.
 * *end is left at s when there are no digits at all, as C requires.
 */
static unsigned long parse_integer(const char *s, char **end, int base,
				   bool *negative)
{
	const char *p = s;
	unsigned long value = 0;
	bool overflow = false, any = false;

	*negative = false;
	if (base != 0 && (base < 2 || base > 36)) {
		if (end)
			*end = (char *)s;
		return 0;
	}
	while (is_space(*p))
		p++;
	*negative = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	/* "0x" is a prefix only when a hex digit follows; else "0" is the number. */
	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	for (; digit_value(*p) < base; p++) {
		unsigned int digit = digit_value(*p);

		if (value > (ULONG_MAX - digit) / base)
			overflow = true;
		value = value * base + digit;
		any = true;
	}
	if (end)
		*end = (char *)(any ? p : s);
	return overflow ? ULONG_MAX : value;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	bool negative;
	unsigned long value = parse_integer(s, end, base, &negative);

	if (value == ULONG_MAX)
		return value;
	return negative ? -value : value;
}

long strtol(const char *s, char **end, int base)
{
	bool negative;
	unsigned long value = parse_integer(s, end, base, &negative);

	if (negative)
		return value >= (unsigned long)LONG_MAX + 1 ? LONG_MIN
							    : -(long)value;
	return value > LONG_MAX ? LONG_MAX : (long)value;
}

long strscpy(char *dst, const char *src, size_t size)
{
	size_t len;

	if (size == 0)
		return -E2BIG;
	len = strnlen(src, size);
	if (len == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return len;
}
