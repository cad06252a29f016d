/*
 * Red-black trees: insertion and deletion rebalancing, in-order walking,
 * and the upkeep of augmented per-node values. Relies on nothing but
 * kernel/lib/rbtree.h.
 *
 * The rules kept: the root is black, a red node has no red child, and
 * every path from a node down to a NULL link passes the same number of
 * black nodes. So the longest path is at most twice the shortest, and
 * the height is at most 2 log2(n + 1).
 *
 * Every case below has a mirror image with left and right exchanged; the
 * code is written once with a `side` and its opposite.
 *
 * Augmentation: a rotation leaves the set of nodes under its top position
 * unchanged, so it only has to recompute the two nodes it moved, lower one
 * first. Linking in or cutting out a node changes the subtrees of all its
 * ancestors, so those are recomputed up to the root, before rebalancing.
 */
#include <kernel/lib/rbtree.h>

enum rb_side { LEFT, RIGHT };

static enum rb_side opposite(enum rb_side side)
{
	return side == LEFT ? RIGHT : LEFT;
}

static struct rb_node *child(const struct rb_node *node, enum rb_side side)
{
	return side == LEFT ? node->rb_left : node->rb_right;
}

static void set_child(struct rb_node *node, enum rb_side side, struct rb_node *c)
{
	if (side == LEFT)
		node->rb_left = c;
	else
		node->rb_right = c;
	if (c)
		c->rb_parent = node;
}

static enum rb_side side_of(const struct rb_node *node, const struct rb_node *parent)
{
	return parent->rb_left == node ? LEFT : RIGHT;
}

/* NULL links count as black leaves. */
static bool is_red(const struct rb_node *node)
{
	return node && node->rb_color == RB_RED;
}

static bool is_black(const struct rb_node *node)
{
	return !is_red(node);
}

/* Hang new (which may be NULL) where old hangs: under old's parent, or as the root. */
static void replace_child(struct rb_root *root, struct rb_node *old, struct rb_node *new)
{
	struct rb_node *parent = old->rb_parent;

	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
	if (new)
		new->rb_parent = parent;
}

/*
 * Move node down to its `side`; its child on the other side comes up in
 * its place. The in-order sequence is unchanged. For side == LEFT:
 *
 *       node                up
 *      /    \              /  \
 *     a      up    ->   node   c
 *           /  \        /  \
 *          b    c      a    b
 */
static void rotate(struct rb_root *root, struct rb_node *node, enum rb_side side,
		   rb_augment_fn augment)
{
	struct rb_node *up = child(node, opposite(side));

	replace_child(root, node, up);
	set_child(node, opposite(side), child(up, side));
	set_child(up, side, node);
	if (augment) {
		augment(node);
		augment(up);
	}
}

void rb_augment_propagate(struct rb_node *node, rb_augment_fn augment)
{
	for (; node; node = node->rb_parent)
		augment(node);
}

/* node is red and freshly linked; its parent may be red too. */
static void insert_fixup(struct rb_node *node, struct rb_root *root, rb_augment_fn augment)
{
	struct rb_node *parent, *gparent, *uncle;
	enum rb_side side;

	while (is_red(parent = node->rb_parent)) {
		gparent = parent->rb_parent;	/* exists: the root is never red here */
		side = side_of(parent, gparent);
		uncle = child(gparent, opposite(side));
		if (is_red(uncle)) {
			/* Move the grandparent's black down to both its children; the clash may recur higher. */
			parent->rb_color = RB_BLACK;
			uncle->rb_color = RB_BLACK;
			gparent->rb_color = RB_RED;
			node = gparent;
			continue;
		}
		if (node == child(parent, opposite(side))) {
			/* Inner grandchild: rotate it into the outer position. */
			rotate(root, parent, side, augment);
			node = parent;
			parent = node->rb_parent;
		}
		/* Outer grandchild: parent goes up, black, between two red children. */
		parent->rb_color = RB_BLACK;
		gparent->rb_color = RB_RED;
		rotate(root, gparent, opposite(side), augment);
	}
	root->rb_node->rb_color = RB_BLACK;
}

void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	insert_fixup(node, root, NULL);
}

void rb_insert_augmented(struct rb_node *node, struct rb_root *root, rb_augment_fn augment)
{
	rb_augment_propagate(node, augment);
	insert_fixup(node, root, augment);
}

/*
 * Paths through node (possibly a NULL link under parent) have one black
 * fewer than all others: borrow one from the sibling's side or push the
 * shortage up.
 */
static void erase_fixup(struct rb_node *node, struct rb_node *parent, struct rb_root *root,
			rb_augment_fn augment)
{
	struct rb_node *sibling;
	enum rb_side side;

	while (node != root->rb_node && is_black(node)) {
		/* The sibling exists: its side has at least one black more than node's. */
		side = side_of(node, parent);
		sibling = child(parent, opposite(side));
		if (is_red(sibling)) {
			/* Rotate so that node's sibling is black, which the cases below need. */
			sibling->rb_color = RB_BLACK;
			parent->rb_color = RB_RED;
			rotate(root, parent, side, augment);
			sibling = child(parent, opposite(side));
		}
		if (is_black(sibling->rb_left) && is_black(sibling->rb_right)) {
			/* Take a black off the sibling's side as well; parent's paths are now short. */
			sibling->rb_color = RB_RED;
			node = parent;
			parent = node->rb_parent;
			continue;
		}
		if (is_black(child(sibling, opposite(side)))) {
			/* Only the inner nephew is red: rotate it into the outer position. */
			child(sibling, side)->rb_color = RB_BLACK;
			sibling->rb_color = RB_RED;
			rotate(root, sibling, opposite(side), augment);
			sibling = child(parent, opposite(side));
		}
		/* Outer nephew red: a rotation at parent puts a black above node. */
		sibling->rb_color = parent->rb_color;
		parent->rb_color = RB_BLACK;
		child(sibling, opposite(side))->rb_color = RB_BLACK;
		rotate(root, parent, side, augment);
		return;
	}
	if (node)
		node->rb_color = RB_BLACK;
}

void rb_erase_augmented(struct rb_node *node, struct rb_root *root, rb_augment_fn augment)
{
	struct rb_node *gap, *gap_parent;	/* where a node was cut out of the shape */
	enum rb_color removed;

	if (!node->rb_left || !node->rb_right) {
		gap = node->rb_left ? node->rb_left : node->rb_right;
		gap_parent = node->rb_parent;
		removed = node->rb_color;
		replace_child(root, node, gap);
	} else {
		/* Two children: the successor (no left child) leaves its spot and takes node's. */
		struct rb_node *succ = node->rb_right;

		while (succ->rb_left)
			succ = succ->rb_left;
		gap = succ->rb_right;
		removed = succ->rb_color;
		if (succ->rb_parent == node) {
			gap_parent = succ;
		} else {
			gap_parent = succ->rb_parent;
			set_child(gap_parent, LEFT, gap);
			set_child(succ, RIGHT, node->rb_right);
		}
		replace_child(root, node, succ);
		set_child(succ, LEFT, node->rb_left);
		succ->rb_color = node->rb_color;
	}
	if (augment)
		rb_augment_propagate(gap_parent, augment);
	if (removed == RB_BLACK)
		erase_fixup(gap, gap_parent, root, augment);
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	rb_erase_augmented(node, root, NULL);
}

static struct rb_node *outermost(struct rb_node *node, enum rb_side side)
{
	if (node)
		while (child(node, side))
			node = child(node, side);
	return node;
}

/* The next node in order towards side: down then all the way back, or up. */
static struct rb_node *neighbour(const struct rb_node *node, enum rb_side side)
{
	if (child(node, side))
		return outermost(child(node, side), opposite(side));
	while (node->rb_parent && node == child(node->rb_parent, side))
		node = node->rb_parent;
	return node->rb_parent;
}

struct rb_node *rb_first(const struct rb_root *root)
{
	return outermost(root->rb_node, LEFT);
}

struct rb_node *rb_last(const struct rb_root *root)
{
	return outermost(root->rb_node, RIGHT);
}

struct rb_node *rb_next(const struct rb_node *node)
{
	return neighbour(node, RIGHT);
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	return neighbour(node, LEFT);
}
