/*
 * The address-range allocator under vmalloc (mm/vmap_area.c): hands out
 * and takes back page-aligned ranges of one span of addresses, lowest
 * fitting address first. It knows nothing of pages, guard pages or page
 * tables, and allocates no memory: the caller brings the descriptors and
 * frees the ones handed back, and holds the lock that guards the space.
 */
#ifndef MM_VMAP_AREA_H
#define MM_VMAP_AREA_H

#include <mm/vmalloc.h>

struct vmap_space {
	struct rb_root busy_root;	/* busy areas by address */
	struct list_head busy_list;	/* the same areas, in address order */
	struct rb_root free_root;	/* free ranges by address, with subtree_max_size */
	struct list_head free_list;	/* the same ranges, in address order */
};

/* One free range, described by va, covering [start, end). */
void vmap_space_init(struct vmap_space *space, struct vmap_area *va,
		     unsigned long start, unsigned long end);

/*
 * Give va the lowest free range of size bytes (a multiple of PAGE_SIZE)
 * and make it busy. Returns false if no free range is that large. A free
 * range's descriptor that is no longer needed is put on *unused.
 */
bool alloc_vmap_area(struct vmap_space *space, struct vmap_area *va, unsigned long size,
		     struct list_head *unused);

/* The busy area holding addr, or NULL. */
struct vmap_area *find_vmap_area(struct vmap_space *space, unsigned long addr);

/*
 * Freeing is in two steps, so that the range can be unmapped in between
 * and is reused only once that is done: detach takes va out of the busy
 * tree, free merges its range into the free ranges. Descriptors that
 * merging leaves unused (va's own, or a neighbour's) go on *unused.
 */
void detach_vmap_area(struct vmap_space *space, struct vmap_area *va);
void free_vmap_area(struct vmap_space *space, struct vmap_area *va, struct list_head *unused);

#endif
