/*
 * The address-range allocator under vmalloc. Relies on kernel/lib/rbtree.c
 * and kernel/list.h only.
 *
 * Busy areas and free ranges each sit in a red-black tree ordered by
 * address and in a list in the same order (the list gives a node's
 * neighbours in O(1)). Free ranges never touch each other: freeing merges
 * a range with the free ranges right before and after it.
 *
 * The free tree is augmented: each node keeps subtree_max_size, the size
 * of the largest free range in its subtree. To find the lowest range that
 * fits, walk down from the root: go left while the left subtree holds a
 * fit (everything there is at lower addresses), else take this node if it
 * fits, else go right. A subtree is entered only when it is known to hold
 * a fit, so the walk never backs up: O(log n), however fragmented.
 */
#include <mm/vmap_area.h>

static unsigned long va_size(const struct vmap_area *va)
{
	return va->va_end - va->va_start;
}

static struct vmap_area *to_va(const struct rb_node *node)
{
	return node ? rb_entry(node, struct vmap_area, rb_node) : NULL;
}

static unsigned long subtree_max_size(const struct rb_node *node)
{
	return node ? to_va(node)->subtree_max_size : 0;
}

static void free_va_augment(struct rb_node *node)
{
	struct vmap_area *va = to_va(node);

	va->subtree_max_size = MAX(va_size(va), MAX(subtree_max_size(node->rb_left),
						    subtree_max_size(node->rb_right)));
}

/* Put va into a tree (augmented or not) and its list, both by address. */
static void link_va(struct vmap_area *va, struct rb_root *root, struct list_head *head,
		    rb_augment_fn augment)
{
	struct rb_node **link = &root->rb_node, *parent = NULL, *prev;

	while (*link) {
		parent = *link;
		if (va->va_start < to_va(parent)->va_start)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&va->rb_node, parent, link);
	if (augment)
		rb_insert_augmented(&va->rb_node, root, augment);
	else
		rb_insert_color(&va->rb_node, root);
	prev = rb_prev(&va->rb_node);
	list_add(&va->list, prev ? &to_va(prev)->list : head);
}

static void unlink_free_va(struct vmap_space *space, struct vmap_area *va,
			   struct list_head *unused)
{
	rb_erase_augmented(&va->rb_node, &space->free_root, free_va_augment);
	list_move(&va->list, unused);
}

void vmap_space_init(struct vmap_space *space, struct vmap_area *va,
		     unsigned long start, unsigned long end)
{
	space->busy_root = RB_ROOT;
	space->free_root = RB_ROOT;
	INIT_LIST_HEAD(&space->busy_list);
	INIT_LIST_HEAD(&space->free_list);
	va->va_start = start;
	va->va_end = end;
	link_va(va, &space->free_root, &space->free_list, free_va_augment);
}

static struct vmap_area *find_lowest_fit(struct vmap_space *space, unsigned long size)
{
	struct rb_node *node = space->free_root.rb_node;

	if (subtree_max_size(node) < size)
		return NULL;
	for (;;) {
		if (subtree_max_size(node->rb_left) >= size)
			node = node->rb_left;
		else if (va_size(to_va(node)) >= size)
			return to_va(node);
		else
			node = node->rb_right;
	}
}

bool alloc_vmap_area(struct vmap_space *space, struct vmap_area *va, unsigned long size,
		     struct list_head *unused)
{
	struct vmap_area *free = find_lowest_fit(space, size);

	if (!free)
		return false;
	va->va_start = free->va_start;
	va->va_end = free->va_start + size;
	/* Cut from the bottom of the free range: its place in the order stays. */
	if (va_size(free) == size) {
		unlink_free_va(space, free, unused);
	} else {
		free->va_start += size;
		rb_augment_propagate(&free->rb_node, free_va_augment);
	}
	link_va(va, &space->busy_root, &space->busy_list, NULL);
	return true;
}

struct vmap_area *find_vmap_area(struct vmap_space *space, unsigned long addr)
{
	struct rb_node *node = space->busy_root.rb_node;

	while (node) {
		struct vmap_area *va = to_va(node);

		if (addr < va->va_start)
			node = node->rb_left;
		else if (addr >= va->va_end)
			node = node->rb_right;
		else
			return va;
	}
	return NULL;
}

void detach_vmap_area(struct vmap_space *space, struct vmap_area *va)
{
	rb_erase(&va->rb_node, &space->busy_root);
	list_del(&va->list);
}

/* The lowest free range starting at or above addr, or NULL. */
static struct vmap_area *free_range_from(struct vmap_space *space, unsigned long addr)
{
	struct rb_node *node = space->free_root.rb_node;
	struct vmap_area *found = NULL;

	while (node) {
		if (to_va(node)->va_start >= addr) {
			found = to_va(node);
			node = node->rb_left;
		} else {
			node = node->rb_right;
		}
	}
	return found;
}

void free_vmap_area(struct vmap_space *space, struct vmap_area *va, struct list_head *unused)
{
	struct vmap_area *next = free_range_from(space, va->va_end);
	struct list_head *prev_link = next ? next->list.prev : space->free_list.prev;
	struct vmap_area *prev = prev_link == &space->free_list ? NULL :
				 list_entry(prev_link, struct vmap_area, list);
	bool join_prev = prev && prev->va_end == va->va_start;
	bool join_next = next && next->va_start == va->va_end;

	if (join_prev && join_next) {
		prev->va_end = next->va_end;
		unlink_free_va(space, next, unused);
		rb_augment_propagate(&prev->rb_node, free_va_augment);
		list_add(&va->list, unused);
	} else if (join_prev) {
		prev->va_end = va->va_end;
		rb_augment_propagate(&prev->rb_node, free_va_augment);
		list_add(&va->list, unused);
	} else if (join_next) {
		next->va_start = va->va_start;
		rb_augment_propagate(&next->rb_node, free_va_augment);
		list_add(&va->list, unused);
	} else {
		link_va(va, &space->free_root, &space->free_list, free_va_augment);
	}
}
