/* The list helpers every allocator relies on: order and removal. */
#include <kernel/list.h>
#include "htest.h"

struct item {
	int value;
	struct list_head node;
};

HTEST(add_tail_keeps_order)
{
	LIST_HEAD(head);
	struct item items[4];
	struct item *it;
	int expect = 0;

	for (int i = 0; i < 4; i++) {
		items[i].value = i;
		list_add_tail(&items[i].node, &head);
	}
	list_for_each_entry(it, &head, node)
		CHECK_EQ(it->value, expect++);
	CHECK_EQ(expect, 4);
}

HTEST(del_while_walking_empties_the_list)
{
	LIST_HEAD(head);
	struct item items[3], *it, *next;

	for (int i = 0; i < 3; i++)
		list_add(&items[i].node, &head);
	list_for_each_entry_safe(it, next, &head, node)
		list_del(&it->node);
	CHECK(list_empty(&head));
}

HTEST(splice_moves_every_entry_in_order_to_the_front)
{
	LIST_HEAD(from);
	LIST_HEAD(to);
	struct item items[5], *it;
	int expect[] = { 0, 1, 2, 3, 4 }, n = 0;

	for (int i = 0; i < 5; i++)
		items[i].value = i;
	for (int i = 0; i < 3; i++)
		list_add_tail(&items[i].node, &from);
	list_add_tail(&items[3].node, &to);
	list_add_tail(&items[4].node, &to);
	list_splice_init(&from, &to);
	CHECK(list_empty(&from));
	list_for_each_entry(it, &to, node)
		CHECK_EQ(it->value, expect[n++]);
	CHECK_EQ(n, 5);
	CHECK(to.prev == &items[4].node && items[0].node.prev == &to);
	list_splice_init(&from, &to);	/* an empty list changes nothing */
	CHECK(to.next == &items[0].node);
}
