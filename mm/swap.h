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

/*
 * Swap entries: where a page went, in the form a page-table entry holds
 * it (asm/swap-entry.h: the area's index and the slot). Each slot counts
 * the entries that refer to it.
 */
struct page;
struct gendisk;
typedef u64 swp_entry_t;

/* A free slot of the highest-priority area with room, one reference; 0: no swap space. */
swp_entry_t get_swap_page(void);
/* One more entry refers to the slot (fork, mremap): 0, or -ENOMEM when it has too many. */
int swap_duplicate(swp_entry_t entry);
/* One entry less; the last frees the slot, and the page the swap cache kept for it. */
void swap_free(swp_entry_t entry);
/* Pages kept in the swap cache (SwapCached). */
unsigned long swap_cache_pages(void);

/*
 * The swap cache (mm/swap_state.c keeps its rules): a page read back for
 * a slot stays with the slot while other entries still refer to it, so
 * every process that shares the slot since a fork finds the same page.
 */
struct page *lookup_swap_cache(swp_entry_t entry);
/* Keep page for the slot: the page now kept (maybe another's), with a reference; NULL if the slot is free. */
struct page *add_to_swap_cache(swp_entry_t entry, struct page *page);
swp_entry_t add_to_swap(struct page *page);
bool remove_mapping(swp_entry_t entry, struct page *page);
/*
 * Slots around entry worth reading with it: the run of slots in use and
 * not cached, around entry inside its aligned window of window slots.
 * Returns the run's length, *first its first entry.
 */
unsigned int swap_readahead_run(swp_entry_t entry, unsigned int window, swp_entry_t *first);
/* Only the entry at hand refers to the slot, and only the cache keeps page besides the caller. */
bool swap_page_exclusive(swp_entry_t entry, struct page *page);
/* The disk behind an entry, and the sector of its slot. */
struct gendisk *swap_entry_disk(swp_entry_t entry, u64 *sector);
/* Whether this is the area's first write error (logged once per area). */
bool swap_first_write_error(swp_entry_t entry);

/* ---- reading and writing slots (mm/page_io.c) ---- */

/* Read n slots from first into pages: 0 or -EIO. */
int swap_read_pages(swp_entry_t first, struct page **pages, unsigned int n);
/* Write page into the slot: 0 or -EIO (logged once per area). */
int swap_write_page(swp_entry_t entry, struct page *page);
/* /proc/vmstat's pswpin and pswpout. */
unsigned long vm_pswpin(void);
unsigned long vm_pswpout(void);

/* ---- swap-in (mm/swap_state.c) ---- */

/*
 * The page for entry, with a reference: from the swap cache, or read from
 * the disk together with the neighbouring slots in use (*major set).
 * NULL with *err -ENOMEM or -EIO.
 */
struct page *swapin_readahead(swp_entry_t entry, bool *major, int *err);

/* ---- swapoff (mm/memory.c) ---- */

/* Bring every page of area type back into the address space of mm: 0 or -ENOMEM. */
struct mm_struct;
int unuse_mm(struct mm_struct *mm, unsigned int type);

#endif
