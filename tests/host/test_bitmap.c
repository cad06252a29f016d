/*
 * kernel/lib/bitmap.c: CPU masks in the text forms Linux's %*pb and %*pbl
 * give (the expected strings are what Linux prints in /proc/<pid>/status
 * and /sys/devices/system/cpu for those masks).
 */
#include <string.h>
#include <kernel/lib/bitmap.h>
#include "htest.h"

static char text[128];

static const char *hex(unsigned long mask, unsigned int nbits)
{
	struct seq_buf m;

	seq_buf_init(&m, text, sizeof(text));
	seq_buf_bitmap_hex(&m, mask, nbits);
	return text;
}

static const char *list(unsigned long mask)
{
	struct seq_buf m;

	seq_buf_init(&m, text, sizeof(text));
	seq_buf_bitmap_list(&m, mask);
	return text;
}

HTEST(hex_pads_to_whole_digits)
{
	CHECK(!strcmp(hex(0x1, 1), "1"));
	CHECK(!strcmp(hex(0x3, 2), "3"));
	CHECK(!strcmp(hex(0xf, 4), "f"));
	CHECK(!strcmp(hex(0x4, 8), "04"));
	CHECK(!strcmp(hex(0x1f, 5), "1f"));
	CHECK(!strcmp(hex(0, 3), "0"));
}

HTEST(hex_drops_bits_beyond_nbits)
{
	CHECK(!strcmp(hex(~0UL, 4), "f"));
	CHECK(!strcmp(hex(~0UL, 8), "ff"));
	CHECK(!strcmp(hex(0x1f0, 4), "0"));
}

HTEST(hex_puts_a_comma_between_32_bit_groups)
{
	CHECK(!strcmp(hex(1UL << 32, 64), "00000001,00000000"));
	CHECK(!strcmp(hex(~0UL, 36), "f,ffffffff"));
	CHECK(!strcmp(hex(0x80000001UL, 33), "0,80000001"));
}

HTEST(list_of_ranges)
{
	CHECK(!strcmp(list(0x1), "0"));
	CHECK(!strcmp(list(0xf), "0-3"));
	CHECK(!strcmp(list(0x4), "2"));
	CHECK(!strcmp(list(0xd), "0,2-3"));
	CHECK(!strcmp(list(0xa5), "0,2,5,7"));
	CHECK(!strcmp(list(0x6), "1-2"));
	CHECK(!strcmp(list(0), ""));
}

HTEST(list_reaches_bit_63)
{
	CHECK(!strcmp(list(1UL << 63), "63"));
	CHECK(!strcmp(list(~0UL), "0-63"));
	CHECK(!strcmp(list(0xc000000000000001UL), "0,62-63"));
}
