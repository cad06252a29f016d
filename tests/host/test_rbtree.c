/*
 * kernel/lib/rbtree.c against a sorted array: random inserts and erases, each
 * followed by a full check of the red-black rules, the parent links, the
 * key order, the in-order walks both ways and, for augmented trees, every
 * node's subtree maximum.
 */
#include <string.h>
#include <kernel/lib/rbtree.h>
#include "htest.h"
#include "rbcheck.h"
#include "rng.h"

#define NR_ITEMS 600

struct item {
	struct rb_node node;
	long key;
	long weight;
	long subtree_max;	/* largest weight in the subtree: the augmented value */
	bool in_tree;
};

static struct item items[NR_ITEMS];
static long sorted[NR_ITEMS];	/* keys in the tree, ascending */
static int nr_sorted;
static unsigned long long rng_state;

static unsigned long rng(void)
{
	return rng_next(&rng_state);
}

static long subtree_max_of(const struct rb_node *node)
{
	return node ? rb_entry(node, struct item, node)->subtree_max : -1;
}

static void item_augment(struct rb_node *node)
{
	struct item *it = rb_entry(node, struct item, node);

	it->subtree_max = MAX(it->weight, MAX(subtree_max_of(node->rb_left),
					      subtree_max_of(node->rb_right)));
}

/* Distinct keys in scrambled order: i -> i * c mod p is one-to-one for i < p. */
static void reset_items(void)
{
	rng_state = 0x9e3779b97f4a7c15ULL;
	nr_sorted = 0;
	for (long i = 0; i < NR_ITEMS; i++) {
		items[i].key = (i * 2654435761L) % 1000003;
		items[i].weight = rng() % 100000;
		items[i].in_tree = false;
	}
}

static void tree_insert(struct rb_root *root, struct item *new, bool augmented)
{
	struct rb_node **link = &root->rb_node, *parent = NULL;
	int pos = 0;

	while (*link) {
		parent = *link;
		if (new->key < rb_entry(parent, struct item, node)->key)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&new->node, parent, link);
	if (augmented)
		rb_insert_augmented(&new->node, root, item_augment);
	else
		rb_insert_color(&new->node, root);
	new->in_tree = true;

	while (pos < nr_sorted && sorted[pos] < new->key)
		pos++;
	memmove(&sorted[pos + 1], &sorted[pos], (nr_sorted - pos) * sizeof(sorted[0]));
	sorted[pos] = new->key;
	nr_sorted++;
}

static void tree_erase(struct rb_root *root, struct item *old, bool augmented)
{
	int pos = 0;

	if (augmented)
		rb_erase_augmented(&old->node, root, item_augment);
	else
		rb_erase(&old->node, root);
	old->in_tree = false;

	while (sorted[pos] != old->key)
		pos++;
	memmove(&sorted[pos], &sorted[pos + 1], (nr_sorted - pos - 1) * sizeof(sorted[0]));
	nr_sorted--;
}

static bool item_less(const struct rb_node *a, const struct rb_node *b)
{
	return rb_entry(a, struct item, node)->key < rb_entry(b, struct item, node)->key;
}

static void check_in_tree(const struct rb_node *node)
{
	CHECK(rb_entry(node, struct item, node)->in_tree);
}

static void check_augmented(const struct rb_node *node)
{
	const struct item *it = rb_entry(node, struct item, node);

	check_in_tree(node);
	CHECK_EQ(it->subtree_max, MAX(it->weight, MAX(subtree_max_of(node->rb_left),
						      subtree_max_of(node->rb_right))));
}

/* The tree against the rules, and its in-order walks against the sorted array. */
static void check_tree(const struct rb_root *root, bool augmented)
{
	const struct rbcheck check = {
		.less = item_less,
		.check_node = augmented ? check_augmented : check_in_tree,
	};
	const struct rb_node *node;
	int i;

	CHECK_EQ(rbcheck_tree(root, &check), nr_sorted);
	for (node = rb_first(root), i = 0; node; node = rb_next(node), i++)
		CHECK_EQ(rb_entry(node, struct item, node)->key, sorted[i]);
	for (node = rb_last(root), i = nr_sorted - 1; node; node = rb_prev(node), i--)
		CHECK_EQ(rb_entry(node, struct item, node)->key, sorted[i]);
}

static void random_ops(bool augmented, int nr_ops)
{
	struct rb_root root = RB_ROOT;

	reset_items();
	for (int op = 0; op < nr_ops; op++) {
		struct item *it = &items[rng() % NR_ITEMS];

		if (it->in_tree)
			tree_erase(&root, it, augmented);
		else
			tree_insert(&root, it, augmented);
		check_tree(&root, augmented);
	}
	for (int i = 0; i < NR_ITEMS; i++) {
		if (items[i].in_tree) {
			tree_erase(&root, &items[i], augmented);
			check_tree(&root, augmented);
		}
	}
	CHECK(RB_EMPTY_ROOT(&root));
}

HTEST(empty_tree_has_no_first_or_last)
{
	struct rb_root root = RB_ROOT;

	CHECK(RB_EMPTY_ROOT(&root));
	CHECK(rb_first(&root) == NULL);
	CHECK(rb_last(&root) == NULL);
}

HTEST(ascending_inserts_stay_balanced)
{
	struct rb_root root = RB_ROOT;

	reset_items();
	for (int i = 0; i < NR_ITEMS; i++)
		items[i].key = i;
	for (int i = 0; i < NR_ITEMS; i++) {
		tree_insert(&root, &items[i], false);
		check_tree(&root, false);
	}
}

HTEST(random_inserts_and_erases_match_sorted_array)
{
	random_ops(false, 20000);
}

HTEST(augmented_values_survive_random_inserts_and_erases)
{
	random_ops(true, 20000);
}

HTEST(propagate_after_changing_a_weight)
{
	struct rb_root root = RB_ROOT;
	long max = -1;

	reset_items();
	for (int i = 0; i < NR_ITEMS; i++)
		tree_insert(&root, &items[i], true);
	for (int round = 0; round < 2000; round++) {
		struct item *it = &items[rng() % NR_ITEMS];

		it->weight = rng() % 200000;
		rb_augment_propagate(&it->node, item_augment);
		check_tree(&root, true);
	}
	for (int i = 0; i < NR_ITEMS; i++)
		max = MAX(max, items[i].weight);
	CHECK_EQ(subtree_max_of(root.rb_node), max);
}
