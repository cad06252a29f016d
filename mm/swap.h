/*
 * Swap areas: disks that mkswap prepared, which swapon(2) hands to the
 * kernel and swapoff(2) takes back. The on-disk header is Linux's
 * (include/linux/swap.h, union swap_header), so the host's mkswap and
 * BusyBox's prepare the same images for tkern and for Linux; the parser
 * (mm/swap_header.c) is plain C that the host tests run. The areas
 * themselves, their priorities and /proc/swaps are mm/swapfile.c.
 */
#ifndef MM_SWAP_H
#define MM_SWAP_H

#include <kernel/types.h>
#include <kernel/lib/seq_buf.h>

/*
 * The page mkswap writes at the start of an area (version 1): the
 * signature in the last ten bytes, the rest from byte 1024 on, the
 * first 1 KiB left for a boot block. Fields are in the writer's byte
 * order: a header with version 1 byte-swapped came from a machine of the
 * other endianness.
 */
#define SWAP_HEADER_INFO_OFFSET 1024
#define SWAP_SIGNATURE "SWAPSPACE2"
#define SWAP_SIGNATURE_LEN 10
#define SWAP_UUID_LEN 16
#define SWAP_LABEL_LEN 16

struct swap_header_info {
	u32 version;
	u32 last_page;		/* the last usable page, counted from the header's 0 */
	u32 nr_badpages;
	u8 uuid[SWAP_UUID_LEN];
	u8 label[SWAP_LABEL_LEN];
	u32 padding[117];
	u32 badpages[];		/* nr_badpages page numbers, up to the signature */
};

/* Bad pages the list can hold on 4 KiB pages: (4086 - 1536) / 4 = 637. */
#define MAX_SWAP_BADPAGES(page_size) \
	(((page_size) - SWAP_SIGNATURE_LEN - SWAP_HEADER_INFO_OFFSET - \
	  sizeof(struct swap_header_info)) / sizeof(u32))

/* What an area offers, read from its header by parse_swap_header. */
struct swap_area_geometry {
	unsigned long maxpages;		/* pages 0 .. maxpages - 1: the header and the slots */
	unsigned long nr_good_pages;	/* maxpages less the header and the bad pages */
	u32 nr_badpages;
	bool swapped_bytes;		/* written by a machine of the other byte order */
};

/*
 * Check the header page (page_size bytes) of an area on a device of
 * dev_pages pages, as Linux's read_swap_header and
 * setup_swap_map_and_extents do: 0 and *geo filled in, or -EINVAL with
 * *why set to the words Linux logs (dev_pages 0: a size not known).
 */
int parse_swap_header(const void *page, unsigned long page_size, unsigned long dev_pages,
		      struct swap_area_geometry *geo, const char **why);

/* swapon flags (Linux's): a priority chosen by the caller, and discard policies. */
#define SWAP_FLAG_PREFER 0x8000
#define SWAP_FLAG_PRIO_MASK 0x7fff
#define SWAP_FLAG_DISCARD 0x10000
#define SWAP_FLAG_DISCARD_ONCE 0x20000
#define SWAP_FLAG_DISCARD_PAGES 0x40000
#define SWAP_FLAGS_VALID (SWAP_FLAG_PRIO_MASK | SWAP_FLAG_PREFER | SWAP_FLAG_DISCARD | \
			  SWAP_FLAG_DISCARD_ONCE | SWAP_FLAG_DISCARD_PAGES)

/* ---- the areas (mm/swapfile.c) ---- */

long sys_swapon(u64 specialfile, u64 swap_flags, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_swapoff(u64 specialfile, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
/* Pages of swap in all areas, and those not in use (SwapTotal, SwapFree). */
unsigned long total_swap_pages(void);
unsigned long nr_swap_pages(void);
/* /proc/swaps. */
void swaps_show(struct seq_buf *m);

#endif
