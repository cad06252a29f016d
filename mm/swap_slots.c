/*
 * Handing out the slots of a swap area, Linux's cluster idea made small.
 * The area is cut into clusters of SWAPFILE_CLUSTER slots. Clusters whose
 * slots are all free wait on a list; allocation takes slots one after
 * the other from the cluster it last took, and only when that one is
 * full takes the next free cluster. So pages paged out together get
 * neighbouring slots (one bio can read them back), and a cluster that
 * empties goes to the end of the list, not back into use at once. When
 * no cluster is wholly free, any free slot will do, searched from the
 * start (Linux scans too, per CPU; tkern keeps one cursor per area).
 *
 * Each slot's byte in swap_map counts the page-table entries (and, later,
 * the swap cache) that refer to it; SWAP_MAP_BAD marks the header and
 * the bad pages. The caller serialises (swap_lock).
 */
#include <mm/swap_slots.h>

unsigned long swap_slots_map_bytes(unsigned long max)
{
	return max;
}

static unsigned long nr_clusters(unsigned long max)
{
	return (max + SWAPFILE_CLUSTER - 1) / SWAPFILE_CLUSTER;
}

unsigned long swap_slots_cluster_bytes(unsigned long max)
{
	return nr_clusters(max) * sizeof(struct swap_cluster_info);
}

static void add_free_cluster(struct swap_slots *s, unsigned long c)
{
	s->cluster_info[c].next = CLUSTER_NONE;
	if (s->free_tail == CLUSTER_NONE)
		s->free_head = c;
	else
		s->cluster_info[s->free_tail].next = c;
	s->free_tail = c;
}

static unsigned long take_free_cluster(struct swap_slots *s)
{
	unsigned long c = s->free_head;

	if (c == CLUSTER_NONE)
		return c;
	s->free_head = s->cluster_info[c].next;
	if (s->free_head == CLUSTER_NONE)
		s->free_tail = CLUSTER_NONE;
	return c;
}

static void mark_bad(struct swap_slots *s, unsigned long offset)
{
	if (s->swap_map[offset] == SWAP_MAP_BAD)
		return;
	s->swap_map[offset] = SWAP_MAP_BAD;
	s->cluster_info[offset / SWAPFILE_CLUSTER].count++;
	s->pages--;
}

void swap_slots_init(struct swap_slots *s, unsigned char *map, struct swap_cluster_info *ci,
		     unsigned long max, const u32 *bad, unsigned long nr_bad)
{
	unsigned long c, i;

	*s = (struct swap_slots){ .swap_map = map, .cluster_info = ci, .max = max,
				  .free_head = CLUSTER_NONE, .free_tail = CLUSTER_NONE,
				  .cur = CLUSTER_NONE, .pages = max };
	mark_bad(s, 0);
	for (i = 0; i < nr_bad; i++)
		mark_bad(s, bad[i]);
	for (c = 0; c < nr_clusters(max); c++)
		if (!ci[c].count)
			add_free_cluster(s, c);
}

/* A free slot of cluster c; 0 if none. */
static unsigned long scan_cluster(struct swap_slots *s, unsigned long c)
{
	unsigned long offset = c * SWAPFILE_CLUSTER, end = offset + SWAPFILE_CLUSTER;

	for (end = end < s->max ? end : s->max; offset < end; offset++)
		if (!s->swap_map[offset])
			return offset;
	return 0;
}

static unsigned long scan_all(struct swap_slots *s)
{
	unsigned long offset;

	for (offset = 1; offset < s->max; offset++)
		if (!s->swap_map[offset])
			return offset;
	return 0;
}

/* The cluster being filled is full: the next one wholly free takes its place. */
static unsigned long next_cluster(struct swap_slots *s)
{
	if (s->cur != CLUSTER_NONE && !s->cluster_info[s->cur].count)
		add_free_cluster(s, s->cur);
	s->cur = take_free_cluster(s);
	return s->cur == CLUSTER_NONE ? scan_all(s) : s->cur * SWAPFILE_CLUSTER;
}

unsigned long swap_slots_alloc(struct swap_slots *s)
{
	unsigned long offset = s->cur != CLUSTER_NONE ? scan_cluster(s, s->cur) : 0;

	if (!offset)
		offset = next_cluster(s);
	if (!offset)
		return 0;
	s->swap_map[offset] = 1;
	s->cluster_info[offset / SWAPFILE_CLUSTER].count++;
	s->inuse++;
	return offset;
}

bool swap_slots_dup(struct swap_slots *s, unsigned long offset)
{
	if (s->swap_map[offset] >= SWAP_MAP_MAX)
		return false;
	s->swap_map[offset]++;
	return true;
}

unsigned int swap_slots_put(struct swap_slots *s, unsigned long offset)
{
	unsigned long c = offset / SWAPFILE_CLUSTER;

	if (--s->swap_map[offset])
		return s->swap_map[offset];
	s->inuse--;
	/* The cluster being filled stays so; others rejoin the list once empty. */
	if (!--s->cluster_info[c].count && c != s->cur)
		add_free_cluster(s, c);
	return 0;
}
