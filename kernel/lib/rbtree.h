/*
 * Red-black trees, with Linux's names (<linux/rbtree.h>). The tree only
 * links nodes and keeps itself balanced; the user embeds a struct rb_node
 * in its own structure, walks down from the root comparing keys to find
 * where a new node goes, links it there with rb_link_node() and then calls
 * rb_insert_color() to restore the red-black rules.
 *
 * Augmented trees keep a value per node that depends on the node's
 * subtree (e.g. the largest free gap below it). The user supplies one
 * function that recomputes that value for a node from the node itself and
 * its two children; the _augmented variants call it wherever the shape of
 * the tree changes. See kernel/lib/rbtree.c.
 */
#ifndef KERNEL_RBTREE_H
#define KERNEL_RBTREE_H

#include <kernel/types.h>

enum rb_color { RB_RED, RB_BLACK };

struct rb_node {
	struct rb_node *rb_left;
	struct rb_node *rb_right;
	struct rb_node *rb_parent;	/* NULL at the root */
	enum rb_color rb_color;
};

struct rb_root {
	struct rb_node *rb_node;
};

#define RB_ROOT ((struct rb_root){ NULL })
#define RB_EMPTY_ROOT(root) ((root)->rb_node == NULL)
#define rb_entry(ptr, type, member) container_of(ptr, type, member)

/*
 * Recompute the augmented value of node from node's own data and the
 * (already correct) values of node->rb_left and node->rb_right.
 */
typedef void (*rb_augment_fn)(struct rb_node *node);

/* Put node, as a red leaf, at *link under parent (link is &parent->rb_left or ->rb_right). */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **link)
{
	node->rb_parent = parent;
	node->rb_left = NULL;
	node->rb_right = NULL;
	node->rb_color = RB_RED;
	*link = node;
}

/* Rebalance after rb_link_node(). */
void rb_insert_color(struct rb_node *node, struct rb_root *root);
void rb_erase(struct rb_node *node, struct rb_root *root);

/* The same, keeping every node's augmented value up to date. */
void rb_insert_augmented(struct rb_node *node, struct rb_root *root, rb_augment_fn augment);
void rb_erase_augmented(struct rb_node *node, struct rb_root *root, rb_augment_fn augment);

/*
 * The data behind node's augmented value changed without the tree's
 * shape changing: recompute node and every ancestor up to the root.
 */
void rb_augment_propagate(struct rb_node *node, rb_augment_fn augment);

/* In-order walk; NULL past either end. */
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

#endif
