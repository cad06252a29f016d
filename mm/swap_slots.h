/*
 * The slots of one swap area and who uses them (mm/swap_slots.c): a
 * count per slot (swap_map) and the area cut into clusters of 256 slots,
 * as Linux's swap_cluster_info, so that the pages swapped out together
 * land next to each other on the disk and can be read back together.
 * Plain C over arrays the caller provides: host-tested.
 */
#ifndef MM_SWAP_SLOTS_H
#define MM_SWAP_SLOTS_H

#include <kernel/types.h>

#define SWAPFILE_CLUSTER 256	/* slots per cluster (Linux's, with 4 KiB pages) */
#define SWAP_MAP_MAX 0x3e	/* references one slot may have */
#define SWAP_MAP_BAD 0x3f	/* the header, and the pages mkswap listed as bad */
#define CLUSTER_NONE (~0UL)

struct swap_cluster_info {
	unsigned int count;	/* slots of the cluster in use or bad */
	unsigned long next;	/* the next free cluster, CLUSTER_NONE at the end */
};

struct swap_slots {
	unsigned char *swap_map;		/* max entries: references, or SWAP_MAP_BAD */
	struct swap_cluster_info *cluster_info;	/* DIV_ROUND_UP(max, SWAPFILE_CLUSTER) */
	unsigned long max;			/* slots, the header's included */
	unsigned long free_head, free_tail;	/* clusters with every slot free */
	unsigned long cur;			/* the cluster being filled, or CLUSTER_NONE */
	unsigned long pages, inuse;		/* usable slots, and those in use */
};

/* Bytes the two arrays need for an area of max slots. */
unsigned long swap_slots_map_bytes(unsigned long max);
unsigned long swap_slots_cluster_bytes(unsigned long max);
/*
 * Set up slots over zeroed arrays: slot 0 (the header) and the bad pages
 * (bad[0..nr_bad), each below max) are never handed out.
 */
void swap_slots_init(struct swap_slots *s, unsigned char *map, struct swap_cluster_info *ci,
		     unsigned long max, const u32 *bad, unsigned long nr_bad);
/* A free slot with one reference, or 0 when the area is full. */
unsigned long swap_slots_alloc(struct swap_slots *s);
/* One more reference to a slot in use (fork): false when it has SWAP_MAP_MAX already. */
bool swap_slots_dup(struct swap_slots *s, unsigned long offset);
/* Drop a reference; the references left (0: the slot is free again). */
unsigned int swap_slots_put(struct swap_slots *s, unsigned long offset);

#endif
