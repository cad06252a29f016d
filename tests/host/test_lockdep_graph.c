/*
 * kernel/lockdep_graph.c, the lock validator's memory: classes found by
 * key, dependencies learnt once, the shortest chain from one class to
 * another (the report's circle), and tables that say when they are full
 * rather than overflow. Classes and dependencies are never removed, so
 * each test uses keys of its own; the tables fill up in the last one.
 */
#include <kernel/lockdep_graph.h>
#include "htest.h"

static char keys[MAX_LOCKDEP_KEYS + 8];
static unsigned int next_key;

/* A class for a key no test used before. */
static unsigned int new_class(const char *name)
{
	struct lock_class *class = register_lock_class(&keys[next_key++], name);

	CHECK(class != NULL);
	return lock_class_index(class);
}

HTEST(a_key_has_one_class)
{
	const void *key = &keys[next_key++];
	struct lock_class *class;

	CHECK(lookup_lock_class(key) == NULL);
	class = register_lock_class(key, "vfs_lock");
	CHECK(class != NULL);
	CHECK(lookup_lock_class(key) == class);
	CHECK(register_lock_class(key, "another name") == class);
	CHECK(class->key == key && class->name && class->name[0] == 'v');
	CHECK(register_lock_class(&keys[next_key++], "vfs_lock") != class);
}

HTEST(a_dependency_is_one_way)
{
	unsigned int a = new_class("a"), b = new_class("b");

	CHECK(!lock_dep_known(a, b));
	CHECK(add_lock_dep(a, b, 0x10, 0x20));
	CHECK(lock_dep_known(a, b));
	CHECK(!lock_dep_known(b, a));
	CHECK(add_lock_dep(a, b, 0x30, 0x40));	/* known: kept as first seen */
	CHECK_EQ(lock_deps[lock_classes[a].first_dep - 1].from_ip, 0x10);
	CHECK_EQ(lock_deps[lock_classes[a].first_dep - 1].to_ip, 0x20);
	CHECK_EQ(lock_deps[lock_classes[a].first_dep - 1].next, 0);
}

HTEST(the_path_is_the_chain_in_order)
{
	unsigned int a = new_class("a"), b = new_class("b"), c = new_class("c");
	unsigned int path[MAX_LOCKDEP_PATH];

	CHECK(add_lock_dep(a, b, 1, 2));
	CHECK(add_lock_dep(b, c, 3, 4));
	CHECK_EQ(find_lock_path(a, c, path, MAX_LOCKDEP_PATH), 2);
	CHECK_EQ(lock_deps[path[0]].from, a);
	CHECK_EQ(lock_deps[path[0]].to, b);
	CHECK_EQ(lock_deps[path[1]].from, b);
	CHECK_EQ(lock_deps[path[1]].to, c);
	/* Taking a while holding c would close the circle; nothing leads from c. */
	CHECK_EQ(find_lock_path(c, a, path, MAX_LOCKDEP_PATH), 0);
	CHECK_EQ(find_lock_path(b, a, path, MAX_LOCKDEP_PATH), 0);
}

HTEST(the_shortest_chain_is_found)
{
	unsigned int a = new_class("a"), b = new_class("b"), c = new_class("c");
	unsigned int d = new_class("d"), path[MAX_LOCKDEP_PATH];

	CHECK(add_lock_dep(a, b, 1, 2));
	CHECK(add_lock_dep(b, c, 3, 4));
	CHECK(add_lock_dep(c, d, 5, 6));
	CHECK(add_lock_dep(b, d, 7, 8));
	CHECK_EQ(find_lock_path(a, d, path, MAX_LOCKDEP_PATH), 2);
	CHECK_EQ(lock_deps[path[1]].from, b);
	CHECK_EQ(lock_deps[path[1]].to_ip, 8);
}

HTEST(a_circle_elsewhere_does_not_hang_the_walk)
{
	unsigned int a = new_class("a"), b = new_class("b"), c = new_class("c");
	unsigned int d = new_class("d"), path[MAX_LOCKDEP_PATH];

	CHECK(add_lock_dep(a, b, 1, 2));
	CHECK(add_lock_dep(b, c, 3, 4));
	CHECK(add_lock_dep(c, b, 5, 6));	/* the validator would have refused it */
	CHECK_EQ(find_lock_path(a, d, path, MAX_LOCKDEP_PATH), 0);
	CHECK_EQ(find_lock_path(a, c, path, MAX_LOCKDEP_PATH), 2);
}

HTEST(a_chain_longer_than_the_report_is_not_returned)
{
	unsigned int classes[MAX_LOCKDEP_PATH + 2], path[MAX_LOCKDEP_PATH], i;

	for (i = 0; i < MAX_LOCKDEP_PATH + 2; i++)
		classes[i] = new_class("link");
	for (i = 0; i + 1 < MAX_LOCKDEP_PATH + 2; i++)
		CHECK(add_lock_dep(classes[i], classes[i + 1], i, i + 1));
	CHECK_EQ(find_lock_path(classes[0], classes[MAX_LOCKDEP_PATH], path,
				MAX_LOCKDEP_PATH), MAX_LOCKDEP_PATH);
	CHECK_EQ(find_lock_path(classes[0], classes[MAX_LOCKDEP_PATH + 1], path,
				MAX_LOCKDEP_PATH), 0);
}

/* Last: the tables fill up, say so, and still answer for what they hold. */
HTEST(full_tables_refuse_and_still_answer)
{
	unsigned int n, added = 0, from = 0, to = 0;
	struct lock_class *class;

	for (n = 0; n <= MAX_LOCKDEP_KEYS; n++) {
		class = register_lock_class(&keys[next_key], "filler");
		if (!class)
			break;
		next_key++;
	}
	CHECK(n < MAX_LOCKDEP_KEYS);
	CHECK(lookup_lock_class(&keys[next_key]) == NULL);
	CHECK_EQ(lock_class_index(lookup_lock_class(&keys[0])), 0);
	while (add_lock_dep(from, to, 1, 2) && added <= MAX_LOCKDEP_ENTRIES) {
		added++;
		to = (to + 1) % MAX_LOCKDEP_KEYS;
		from += to == 0;
	}
	CHECK(added > 0 && added < MAX_LOCKDEP_ENTRIES);
	CHECK(!lock_dep_known(from, to));
	CHECK(lock_dep_known(0, 0));
}
