/*
 * vsnprintf and snprintf: the kernel's formatting engine, for a freestanding
 * build (no C library). The integer, character and string conversions follow
 * C99 exactly, so the host tests can compare the output with the C library's.
 *
 * Differences from C:
 *  - %p always prints 0x-prefixed lowercase hex, also for NULL ("0x0", where
 *    glibc prints "(nil)"); Linux would hash the value, we do not.
 *  - %pS prints a code address as "name+0xoff/0xsize" and %ps as "name",
 *    both through ksym_lookup(); an unknown address is printed as with %p.
 *  - %s of NULL prints "(null)" whatever the precision.
 *  - field widths are cut to WIDTH_MAX (4096).
 *  - no floating point, no %n, no wide characters.
 * An unknown conversion is copied to the output as it stands.
 */
#include <kernel/printk.h>
#include <kernel/lib/string.h>

#define FLAG_LEFT	0x01	/* '-': pad on the right */
#define FLAG_ZERO	0x02	/* '0': pad numbers with zeros */
#define FLAG_ALT	0x04	/* '#': 0x prefix, leading octal 0 */
#define FLAG_SPACE	0x08	/* ' ': space where a '+' could be */
#define FLAG_PLUS	0x10	/* '+': always print the sign */

/* Wider fields are cut to this: no kernel message needs more. */
#define WIDTH_MAX	4096

struct printf_spec {
	unsigned int flags;
	int width;		/* minimum field width, 0 for none */
	int precision;		/* -1 for none */
	char length;		/* 'H' for hh, 'L' for ll, else the letter, 0 */
	char conv;		/* the conversion letter */
};

/* The output is counted in full but stored only while it fits. */
struct outbuf {
	char *buf;
	size_t size;
	size_t len;
};

static void out_char(struct outbuf *out, char c)
{
	if (out->len + 1 < out->size)
		out->buf[out->len] = c;
	out->len++;
}

static void out_repeat(struct outbuf *out, char c, int count)
{
	while (count-- > 0)
		out_char(out, c);
}

static void out_chars(struct outbuf *out, const char *s, size_t n)
{
	while (n--)
		out_char(out, *s++);
}

/*
 * Emit one field: width padding, then the prefix (sign, 0x), then leading
 * zeros, then the body. Zero padding goes between prefix and body, which
 * is where C puts it ("-0005", "0x00ff").
 */
static void out_field(struct outbuf *out, const struct printf_spec *spec,
		      const char *prefix, int zeros, const char *body,
		      size_t body_len, bool zero_pad)
{
	size_t prefix_len = strlen(prefix);
	long pad = (long)spec->width - (long)(prefix_len + zeros + body_len);

	if (pad > 0 && zero_pad && !(spec->flags & FLAG_LEFT)) {
		zeros += pad;
		pad = 0;
	}
	if (!(spec->flags & FLAG_LEFT))
		out_repeat(out, ' ', pad);
	out_chars(out, prefix, prefix_len);
	out_repeat(out, '0', zeros);
	out_chars(out, body, body_len);
	if (spec->flags & FLAG_LEFT)
		out_repeat(out, ' ', pad);
}

static unsigned int conv_base(char conv)
{
	switch (conv) {
	case 'o':
		return 8;
	case 'x':
	case 'X':
	case 'p':
		return 16;
	default:
		return 10;
	}
}

static void format_number(struct outbuf *out, const struct printf_spec *spec,
			  unsigned long long value, bool negative)
{
	const char *digit_set = spec->conv == 'X' ? "0123456789ABCDEF"
						  : "0123456789abcdef";
	unsigned int base = conv_base(spec->conv);
	char digits[24];	/* 64 bits take 22 octal digits */
	char *first = digits + sizeof(digits);
	char prefix[3] = "";
	int ndigits, zeros = 0;

	/* C prints no digits at all for a zero value with precision 0. */
	if (value != 0 || spec->precision != 0) {
		do {
			*--first = digit_set[value % base];
			value /= base;
		} while (value);
	}
	ndigits = digits + sizeof(digits) - first;

	if (negative)
		prefix[0] = '-';
	else if (spec->flags & FLAG_PLUS)
		prefix[0] = '+';
	else if (spec->flags & FLAG_SPACE)
		prefix[0] = ' ';

	if (spec->conv == 'p' ||
	    ((spec->flags & FLAG_ALT) && ndigits && *first != '0' &&
	     (spec->conv == 'x' || spec->conv == 'X'))) {
		prefix[0] = '0';
		prefix[1] = spec->conv == 'X' ? 'X' : 'x';
	}

	if (spec->precision > ndigits)
		zeros = spec->precision - ndigits;
	/* '#' with %o: make sure the number starts with a 0. */
	if ((spec->flags & FLAG_ALT) && spec->conv == 'o' && zeros == 0 &&
	    (ndigits == 0 || *first != '0'))
		zeros = 1;

	out_field(out, spec, prefix, zeros, first, ndigits,
		  (spec->flags & FLAG_ZERO) && spec->precision < 0);
}

static void format_string(struct outbuf *out, const struct printf_spec *spec,
			  const char *s)
{
	size_t len;

	if (!s)
		s = "(null)";
	len = spec->precision < 0 ? strlen(s) : strnlen(s, spec->precision);
	out_field(out, spec, "", 0, s, len, false);
}

static void format_pointer(struct outbuf *out, const struct printf_spec *spec,
			   const void *ptr)
{
	struct printf_spec hex = *spec;
	unsigned long addr = (unsigned long)ptr;
	const char *name;
	unsigned long offset, size;
	char sym[128];

	hex.conv = 'p';
	hex.precision = -1;
	if ((spec->conv == 'S' || spec->conv == 's') &&
	    ksym_lookup(addr, &name, &offset, &size)) {
		if (spec->conv == 's')
			snprintf(sym, sizeof(sym), "%s", name);
		else
			snprintf(sym, sizeof(sym), "%s+0x%lx/0x%lx", name,
				 offset, size);
		format_string(out, &hex, sym);
		return;
	}
	format_number(out, &hex, addr, false);
}

/*
 * va_arg on a va_list received as a parameter is only portable through a
 * pointer to a local copy, hence the va_list pointers below.
 */
static unsigned long long fetch_unsigned(va_list *args, char length)
{
	switch (length) {
	case 'H':
		return (unsigned char)va_arg(*args, unsigned int);
	case 'h':
		return (unsigned short)va_arg(*args, unsigned int);
	case 'l':
		return va_arg(*args, unsigned long);
	case 'L':
		return va_arg(*args, unsigned long long);
	case 'z':
		return va_arg(*args, size_t);
	case 't':
		return (size_t)va_arg(*args, ptrdiff_t);
	case 'j':
		return va_arg(*args, uintmax_t);
	default:
		return va_arg(*args, unsigned int);
	}
}

static long long fetch_signed(va_list *args, char length)
{
	switch (length) {
	case 'H':
		return (signed char)va_arg(*args, int);
	case 'h':
		return (short)va_arg(*args, int);
	case 'l':
		return va_arg(*args, long);
	case 'L':
		return va_arg(*args, long long);
	case 'z':
		return (ptrdiff_t)va_arg(*args, size_t);
	case 't':
		return va_arg(*args, ptrdiff_t);
	case 'j':
		return va_arg(*args, intmax_t);
	default:
		return va_arg(*args, int);
	}
}

static const char *parse_flags(const char *fmt, struct printf_spec *spec)
{
	for (;; fmt++) {
		switch (*fmt) {
		case '-':
			spec->flags |= FLAG_LEFT;
			break;
		case '0':
			spec->flags |= FLAG_ZERO;
			break;
		case '#':
			spec->flags |= FLAG_ALT;
			break;
		case ' ':
			spec->flags |= FLAG_SPACE;
			break;
		case '+':
			spec->flags |= FLAG_PLUS;
			break;
		default:
			return fmt;
		}
	}
}

static int parse_decimal(const char **fmt)
{
	int value = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		if (value < 100000000)	/* saturate rather than overflow */
			value = value * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return value;
}

static const char *parse_length(const char *fmt, struct printf_spec *spec)
{
	switch (*fmt) {
	case 'h':
	case 'l':
		if (fmt[1] == fmt[0]) {
			spec->length = fmt[0] == 'h' ? 'H' : 'L';
			return fmt + 2;
		}
		spec->length = *fmt;
		return fmt + 1;
	case 'z':
	case 't':
	case 'j':
		spec->length = *fmt;
		return fmt + 1;
	default:
		return fmt;
	}
}

/*
 * Parse one conversion specification, the part after '%', taking '*'
 * widths and precisions from the arguments. Returns where it ends.
 */
static const char *parse_spec(const char *fmt, struct printf_spec *spec,
			      va_list *args)
{
	*spec = (struct printf_spec){ .precision = -1 };
	fmt = parse_flags(fmt, spec);
	if (*fmt == '*') {
		spec->width = va_arg(*args, int);
		if (spec->width < 0) {
			spec->flags |= FLAG_LEFT;
			spec->width = spec->width < -WIDTH_MAX ? WIDTH_MAX
							       : -spec->width;
		}
		fmt++;
	} else {
		spec->width = parse_decimal(&fmt);
	}
	spec->width = MIN(spec->width, WIDTH_MAX);
	if (*fmt == '.') {
		fmt++;
		if (*fmt == '*') {
			spec->precision = va_arg(*args, int);
			if (spec->precision < 0)
				spec->precision = -1;
			fmt++;
		} else {
			spec->precision = parse_decimal(&fmt);
		}
	}
	fmt = parse_length(fmt, spec);
	spec->conv = *fmt;
	return fmt;
}

/* Carry out one parsed conversion; fmt points at its letter. */
static const char *convert(struct outbuf *out, struct printf_spec *spec,
			   const char *fmt, const char *start, va_list *args)
{
	long long value;
	char c;

	switch (spec->conv) {
	case 'd':
	case 'i':
		value = fetch_signed(args, spec->length);
		format_number(out, spec, value < 0 ? -(unsigned long long)value
						   : (unsigned long long)value,
			      value < 0);
		break;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		spec->flags &= ~(FLAG_PLUS | FLAG_SPACE);
		format_number(out, spec, fetch_unsigned(args, spec->length),
			      false);
		break;
	case 'c':
		c = (char)va_arg(*args, int);
		out_field(out, spec, "", 0, &c, 1, false);
		break;
	case 's':
		format_string(out, spec, va_arg(*args, const char *));
		break;
	case 'p':
		spec->flags &= ~(FLAG_PLUS | FLAG_SPACE);
		if (fmt[1] == 'S' || fmt[1] == 's')
			spec->conv = *++fmt;
		format_pointer(out, spec, va_arg(*args, const void *));
		break;
	case '%':
		out_char(out, '%');
		break;
	case '\0':
		/* A lone '%' at the end: print it and stop at the NUL. */
		out_char(out, '%');
		return fmt;
	default:
		out_chars(out, start, fmt + 1 - start);
		break;
	}
	return fmt + 1;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct outbuf out = { buf, size, 0 };
	struct printf_spec spec;
	va_list ap;

	va_copy(ap, args);
	while (*fmt) {
		const char *start = fmt;

		if (*fmt != '%') {
			out_char(&out, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &spec, &ap);
		fmt = convert(&out, &spec, fmt, start, &ap);
	}
	va_end(ap);
	if (size > 0)
		buf[out.len < size ? out.len : size - 1] = '\0';
	return (int)out.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}
