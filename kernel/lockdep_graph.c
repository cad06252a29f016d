/*
 * The lock validator's classes and dependencies (kernel/lockdep_graph.h).
 *
 * Both tables only grow. A class or dependency is written in full before
 * its slot in the hash table is published with a release store, so the
 * lookups on every lock acquisition (is this dependency known?) read
 * without the graph lock; only something new takes it. A path search is
 * a breadth-first walk, so the chain a report shows is a shortest one.
 */
#include <kernel/lockdep_graph.h>
#include <kernel/lib/string.h>

#define CLASS_HASH_SIZE (2 * MAX_LOCKDEP_KEYS)
#define DEP_HASH_SIZE (2 * MAX_LOCKDEP_ENTRIES)

struct lock_class lock_classes[MAX_LOCKDEP_KEYS];
static unsigned int nr_lock_classes;
static unsigned int class_hash[CLASS_HASH_SIZE];	/* class index + 1; 0 free */

struct lock_dep lock_deps[MAX_LOCKDEP_ENTRIES];
static unsigned int nr_lock_deps;
static unsigned int dep_hash[DEP_HASH_SIZE];		/* (from << 16 | to) + 1; 0 free */

static unsigned int hash_long(unsigned long value, unsigned int size)
{
	return (unsigned int)((value * 0x9e3779b97f4a7c15UL) >> 40) % size;
}

struct lock_class *lookup_lock_class(const void *key)
{
	unsigned int slot = hash_long((unsigned long)key, CLASS_HASH_SIZE), entry;

	while ((entry = __atomic_load_n(&class_hash[slot], __ATOMIC_ACQUIRE))) {
		if (lock_classes[entry - 1].key == key)
			return &lock_classes[entry - 1];
		slot = (slot + 1) % CLASS_HASH_SIZE;
	}
	return NULL;
}

struct lock_class *register_lock_class(const void *key, const char *name)
{
	struct lock_class *class = lookup_lock_class(key);
	unsigned int slot = hash_long((unsigned long)key, CLASS_HASH_SIZE);

	if (class)
		return class;
	if (nr_lock_classes == MAX_LOCKDEP_KEYS)
		return NULL;
	class = &lock_classes[nr_lock_classes];
	class->key = key;
	class->name = name;
	while (class_hash[slot])
		slot = (slot + 1) % CLASS_HASH_SIZE;
	__atomic_store_n(&class_hash[slot], ++nr_lock_classes, __ATOMIC_RELEASE);
	return class;
}

static unsigned int dep_hash_value(unsigned int from, unsigned int to)
{
	return (from << 16 | to) + 1;
}

bool lock_dep_known(unsigned int from, unsigned int to)
{
	unsigned int value = dep_hash_value(from, to), entry;
	unsigned int slot = hash_long(value, DEP_HASH_SIZE);

	while ((entry = __atomic_load_n(&dep_hash[slot], __ATOMIC_ACQUIRE))) {
		if (entry == value)
			return true;
		slot = (slot + 1) % DEP_HASH_SIZE;
	}
	return false;
}

bool add_lock_dep(unsigned int from, unsigned int to, unsigned long from_ip,
		  unsigned long to_ip)
{
	unsigned int value = dep_hash_value(from, to);
	unsigned int slot = hash_long(value, DEP_HASH_SIZE);
	struct lock_dep *dep;

	if (lock_dep_known(from, to))
		return true;
	if (nr_lock_deps == MAX_LOCKDEP_ENTRIES)
		return false;
	dep = &lock_deps[nr_lock_deps++];
	*dep = (struct lock_dep){ from, to, lock_classes[from].first_dep, from_ip, to_ip };
	lock_classes[from].first_dep = nr_lock_deps;
	while (dep_hash[slot])
		slot = (slot + 1) % DEP_HASH_SIZE;
	__atomic_store_n(&dep_hash[slot], value, __ATOMIC_RELEASE);
	return true;
}

/* The walk's state, static because it runs with interrupts off on a small stack. */
static unsigned int walk_queue[MAX_LOCKDEP_KEYS];
static unsigned int reached_by[MAX_LOCKDEP_KEYS];	/* dependency index + 1; 0 unseen */

/* Breadth first from `from`; true when `to` is reached (reached_by then leads back). */
static bool walk_to(unsigned int from, unsigned int to)
{
	unsigned int head = 0, tail = 0, d;

	memset(reached_by, 0, sizeof(reached_by));
	walk_queue[tail++] = from;
	while (head < tail) {
		unsigned int class = walk_queue[head++];

		for (d = lock_classes[class].first_dep; d; d = lock_deps[d - 1].next) {
			unsigned int next = lock_deps[d - 1].to;

			if (reached_by[next] || next == from)
				continue;
			reached_by[next] = d;
			if (next == to)
				return true;
			walk_queue[tail++] = next;
		}
	}
	return false;
}

unsigned int find_lock_path(unsigned int from, unsigned int to, unsigned int *path,
			    unsigned int max)
{
	unsigned int n = 0, class = to, i;

	if (!walk_to(from, to))
		return 0;
	while (class != from) {
		if (n == max)
			return 0;
		path[n++] = reached_by[class] - 1;
		class = lock_deps[reached_by[class] - 1].from;
	}
	for (i = 0; i < n / 2; i++) {
		unsigned int swap = path[i];

		path[i] = path[n - 1 - i];
		path[n - 1 - i] = swap;
	}
	return n;
}
