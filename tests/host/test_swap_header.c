/*
 * mm/swap_header.c on headers the host's mkswap wrote (tests/host/swap.mk)
 * and on copies of them changed the ways a disk or a hand can change
 * them: the signature, the version, the byte order, the size, the list
 * of bad pages. Each refusal must be Linux's (-EINVAL, and its words).
 */
#include <string.h>
#include <kernel/errno.h>
#include <mm/swap.h>
#include "fixture.h"

#define PAGE 4096UL
#define AREA_PAGES 256UL	/* 1 MiB */

static struct swap_header_info *info_of(unsigned char *page)
{
	return (struct swap_header_info *)(page + SWAP_HEADER_INFO_OFFSET);
}

static int parse(unsigned char *page, unsigned long dev_pages, struct swap_area_geometry *geo,
		 const char **why)
{
	*why = NULL;
	return parse_swap_header(page, PAGE, dev_pages, geo, why);
}

/* The header must be refused with -EINVAL and Linux's words. */
static void check_refused(unsigned char *page, unsigned long dev_pages, const char *words)
{
	struct swap_area_geometry geo;
	const char *why;

	CHECK_EQ(parse(page, dev_pages, &geo, &why), -EINVAL);
	CHECK(!strcmp(why, words));
}

HTEST(mkswap_header_is_taken_whole)
{
	struct blob b = load("swap-1M.img");
	struct swap_area_geometry geo;
	const char *why;

	CHECK_EQ(b.len, AREA_PAGES * PAGE);
	CHECK_EQ(parse(b.buf, AREA_PAGES, &geo, &why), 0);
	CHECK_EQ(geo.maxpages, AREA_PAGES);
	CHECK_EQ(geo.nr_good_pages, AREA_PAGES - 1);	/* the header is no slot */
	CHECK_EQ(geo.nr_badpages, 0);
	CHECK(!geo.swapped_bytes);
	CHECK(!memcmp(info_of(b.buf)->label, "tkern-swap", 11));
	CHECK_EQ(info_of(b.buf)->uuid[0], 0x0f);
	CHECK_EQ(info_of(b.buf)->uuid[15], 0xf0);
	/* A device of unknown size, and one larger than the area: both fine. */
	CHECK_EQ(parse(b.buf, 0, &geo, &why), 0);
	CHECK_EQ(parse(b.buf, AREA_PAGES * 4, &geo, &why), 0);
	CHECK_EQ(geo.maxpages, AREA_PAGES);
	free(b.buf);
}

HTEST(signature_and_version_are_checked)
{
	struct blob b = load("swap-1M.img");

	b.buf[PAGE - 1] ^= 1;
	check_refused(b.buf, AREA_PAGES, "Unable to find swap-space signature");
	b.buf[PAGE - 1] ^= 1;
	memcpy(b.buf + PAGE - 10, "SWAP-SPACE", 10);	/* the old version 0 format */
	check_refused(b.buf, AREA_PAGES, "Unable to find swap-space signature");
	memcpy(b.buf + PAGE - 10, "SWAPSPACE2", 10);
	info_of(b.buf)->version = 2;
	check_refused(b.buf, AREA_PAGES, "Unable to handle swap header version");
	free(b.buf);
}

/* A header from a big-endian machine: every field byte-swapped, bad pages too. */
HTEST(other_byte_order_is_read)
{
	struct blob b = load("swap-1M.img");
	struct swap_header_info *info = info_of(b.buf);
	struct swap_area_geometry geo;
	const char *why;

	info->version = __builtin_bswap32(1);
	info->last_page = __builtin_bswap32(AREA_PAGES - 1);
	info->nr_badpages = __builtin_bswap32(2);
	info->badpages[0] = __builtin_bswap32(7);
	info->badpages[1] = __builtin_bswap32(AREA_PAGES - 1);
	CHECK_EQ(parse(b.buf, AREA_PAGES, &geo, &why), 0);
	CHECK(geo.swapped_bytes);
	CHECK_EQ(geo.maxpages, AREA_PAGES);
	CHECK_EQ(geo.nr_badpages, 2);
	CHECK_EQ(geo.nr_good_pages, AREA_PAGES - 3);
	free(b.buf);
}

HTEST(truncated_or_empty_area_is_refused)
{
	struct blob b = load("swap-1M.img");

	check_refused(b.buf, AREA_PAGES - 1, "Swap area shorter than signature indicates");
	info_of(b.buf)->last_page = 0;
	check_refused(b.buf, AREA_PAGES, "Empty swap-file");
	info_of(b.buf)->last_page = 1;	/* one slot, then found bad: nothing left */
	info_of(b.buf)->nr_badpages = 1;
	info_of(b.buf)->badpages[0] = 1;
	check_refused(b.buf, AREA_PAGES, "Empty swap-file");
	free(b.buf);
}

HTEST(bad_pages_are_counted_and_checked)
{
	struct blob b = load("swap-1M.img");
	struct swap_header_info *info = info_of(b.buf);
	struct swap_area_geometry geo;
	const char *why;
	u32 i;

	info->nr_badpages = 3;
	info->badpages[0] = 1;
	info->badpages[1] = 100;
	info->badpages[2] = AREA_PAGES - 1;	/* the last page may be bad */
	CHECK_EQ(parse(b.buf, AREA_PAGES, &geo, &why), 0);
	CHECK_EQ(geo.nr_good_pages, AREA_PAGES - 4);
	info->badpages[2] = 0;			/* the header itself cannot be listed */
	check_refused(b.buf, AREA_PAGES, "Bad page out of range");
	info->badpages[2] = AREA_PAGES;		/* past last_page */
	check_refused(b.buf, AREA_PAGES, "Bad page out of range");
	/* The list runs up to the signature: 637 entries on 4 KiB pages, not one more. */
	CHECK_EQ(MAX_SWAP_BADPAGES(PAGE), 637);
	CHECK_EQ(SWAP_HEADER_INFO_OFFSET + sizeof(*info) + 637 * 4, 4084);
	info->last_page = 4095;			/* a 16 MiB area, on a device of unknown size */
	for (i = 0; i < 637; i++)
		info->badpages[i] = 1 + i;
	info->nr_badpages = 637;
	CHECK_EQ(parse(b.buf, 0, &geo, &why), 0);
	CHECK_EQ(geo.nr_good_pages, 4095 - 637);
	free(b.buf);
}

HTEST(too_many_bad_pages_is_refused)
{
	struct blob b = load("swap-1M.img");

	info_of(b.buf)->nr_badpages = 638;
	check_refused(b.buf, AREA_PAGES, "Too many bad pages");
	free(b.buf);
}

/* mkswap -p 65536: the signature at the end of a 64 KiB page, not of a 4 KiB one. */
HTEST(page_size_decides_where_the_signature_is)
{
	struct blob b = load("swap-64k.img");
	struct swap_area_geometry geo;
	const char *why;

	check_refused(b.buf, AREA_PAGES, "Unable to find swap-space signature");
	CHECK_EQ(parse_swap_header(b.buf, 65536, 16, &geo, &why), 0);
	CHECK_EQ(geo.maxpages, 16);
	free(b.buf);
}
