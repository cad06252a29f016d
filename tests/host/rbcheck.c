/* The red-black tree checker of rbcheck.h. */
#include "rbcheck.h"
#include "htest.h"

static int tree_height(const struct rb_node *node)
{
	if (!node)
		return 0;
	return 1 + MAX(tree_height(node->rb_left), tree_height(node->rb_right));
}

/* Checks the subtree at node, whose keys lie strictly between lo and hi (NULL: no bound). */
static int black_height(const struct rb_node *node, const struct rb_node *parent,
			const struct rb_node *lo, const struct rb_node *hi,
			const struct rbcheck *check, int *count)
{
	int left, right;

	if (!node)
		return 1;
	CHECK(node->rb_parent == parent);
	CHECK(!lo || check->less(lo, node));
	CHECK(!hi || check->less(node, hi));
	CHECK(node->rb_color == RB_RED || node->rb_color == RB_BLACK);
	if (node->rb_color == RB_RED) {
		CHECK(!node->rb_left || node->rb_left->rb_color == RB_BLACK);
		CHECK(!node->rb_right || node->rb_right->rb_color == RB_BLACK);
	}
	left = black_height(node->rb_left, node, lo, node, check, count);
	right = black_height(node->rb_right, node, node, hi, check, count);
	CHECK_EQ(left, right);
	if (check->check_node)
		check->check_node(node);
	(*count)++;
	return left + (node->rb_color == RB_BLACK);
}

int rbcheck_tree(const struct rb_root *root, const struct rbcheck *check)
{
	const struct rb_node *node;
	int count = 0, walked = 0, height;

	height = black_height(root->rb_node, NULL, NULL, NULL, check, &count);
	CHECK(!root->rb_node || root->rb_node->rb_color == RB_BLACK);
	/* Red-black rules bound the height by twice the black height. */
	CHECK(tree_height(root->rb_node) <= 2 * (height - 1));
	for (node = rb_first(root); node; node = rb_next(node))
		walked++;
	CHECK_EQ(walked, count);
	for (node = rb_last(root); node; node = rb_prev(node))
		walked--;
	CHECK_EQ(walked, 0);
	return count;
}
