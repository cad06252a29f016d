/*
 * The header of a swap area, as mkswap writes it and Linux's swapon
 * checks it (read_swap_header, setup_swap_map_and_extents in
 * mm/swapfile.c): the signature, version 1, the last page, the list of
 * bad pages. The same rules, and the same refusals, so an image Linux
 * takes tkern takes, and one Linux refuses tkern refuses. Plain C over
 * one page in memory: the host tests run it on headers the real mkswap
 * wrote.
 */
#include <mm/swap.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>

static u32 swab32(u32 x)
{
	return (x >> 24) | ((x >> 8) & 0xff00) | ((x << 8) & 0xff0000) | (x << 24);
}

/* The header's fields in our byte order, whichever machine wrote them. */
static u32 field(const struct swap_header_info *info, const u32 *f)
{
	return info->version == 1 ? *f : swab32(*f);
}

static int refuse(const char **why, const char *words)
{
	*why = words;
	return -EINVAL;
}

/* Linux drops a bad page at 0 or past last_page as a broken header; a duplicate counts twice. */
static int count_bad_pages(const struct swap_header_info *info, u32 last_page,
			   struct swap_area_geometry *geo, const char **why)
{
	u32 i, page_nr;

	for (i = 0; i < geo->nr_badpages; i++) {
		page_nr = field(info, &info->badpages[i]);
		if (page_nr == 0 || page_nr > last_page)
			return refuse(why, "Bad page out of range");
		if (page_nr < geo->maxpages)
			geo->nr_good_pages--;
	}
	return 0;
}

int parse_swap_header(const void *page, unsigned long page_size, unsigned long dev_pages,
		      struct swap_area_geometry *geo, const char **why)
{
	const struct swap_header_info *info =
		(const void *)((const char *)page + SWAP_HEADER_INFO_OFFSET);
	const char *signature = (const char *)page + page_size - SWAP_SIGNATURE_LEN;
	u32 last_page;

	if (memcmp(signature, SWAP_SIGNATURE, SWAP_SIGNATURE_LEN))
		return refuse(why, "Unable to find swap-space signature");
	geo->swapped_bytes = info->version != 1 && swab32(info->version) == 1;
	if (info->version != 1 && !geo->swapped_bytes)
		return refuse(why, "Unable to handle swap header version");
	last_page = field(info, &info->last_page);
	geo->nr_badpages = field(info, &info->nr_badpages);
	if (!last_page)
		return refuse(why, "Empty swap-file");
	geo->maxpages = (unsigned long)last_page + 1;
	if (dev_pages && geo->maxpages > dev_pages)
		return refuse(why, "Swap area shorter than signature indicates");
	if (geo->nr_badpages > MAX_SWAP_BADPAGES(page_size))
		return refuse(why, "Too many bad pages");
	geo->nr_good_pages = geo->maxpages - 1;
	if (count_bad_pages(info, last_page, geo, why))
		return -EINVAL;
	if (!geo->nr_good_pages)
		return refuse(why, "Empty swap-file");
	return 0;
}
