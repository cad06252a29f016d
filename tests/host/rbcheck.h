/*
 * A full check of a red-black tree for host tests: parent links, the root
 * black, no red node with a red child, the same black height on every
 * path, keys strictly ascending in order, and a per-node check (e.g. of an
 * augmented value) called on every node. Fails the current test on error.
 */
#ifndef HOST_RBCHECK_H
#define HOST_RBCHECK_H

#include <kernel/lib/rbtree.h>

struct rbcheck {
	/* Is a strictly before b? */
	bool (*less)(const struct rb_node *a, const struct rb_node *b);
	/* Optional: checks one node whose children are already checked. */
	void (*check_node)(const struct rb_node *node);
};

/* Returns the number of nodes. */
int rbcheck_tree(const struct rb_root *root, const struct rbcheck *check);

#endif
