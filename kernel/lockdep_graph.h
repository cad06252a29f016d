/*
 * The lock validator's memory (kernel/lockdep_graph.c): the lock classes
 * and the dependencies between them, "class A was held when class B was
 * taken", in fixed tables: the validator runs inside the locking
 * functions, so it may not allocate. Lookups need no lock; additions
 * and path searches are made under the caller's graph lock.
 */
#ifndef KERNEL_LOCKDEP_GRAPH_H
#define KERNEL_LOCKDEP_GRAPH_H

#include <kernel/types.h>

#define MAX_LOCKDEP_KEYS 1024		/* classes */
#define MAX_LOCKDEP_ENTRIES 8192	/* dependencies */
#define MAX_LOCKDEP_PATH 16		/* the longest chain a report shows */

/* The two uses of a class whose mix can deadlock with an interrupt handler. */
enum lock_usage_bit {
	LOCK_USED_IN_HARDIRQ,	/* taken in an interrupt handler */
	LOCK_ENABLED_HARDIRQ,	/* taken with interrupts on */
	LOCK_USAGE_STATES
};

struct lock_class {
	const void *key;
	const char *name;	/* NULL for a static lock without one: shown by address */
	unsigned int first_dep;	/* its dependencies: index + 1 in lock_deps, 0 for none */
	unsigned long usage_ip[LOCK_USAGE_STATES];	/* where each was first seen; 0 not yet */
};

/* A dependency: `from` was held (taken at from_ip) when `to` was taken at to_ip. */
struct lock_dep {
	unsigned int from, to;	/* class indexes */
	unsigned int next;	/* the next of from's, index + 1; 0 ends */
	unsigned long from_ip, to_ip;
};

extern struct lock_class lock_classes[MAX_LOCKDEP_KEYS];
extern struct lock_dep lock_deps[MAX_LOCKDEP_ENTRIES];

static inline unsigned int lock_class_index(const struct lock_class *class)
{
	return (unsigned int)(class - lock_classes);
}

struct lock_class *lookup_lock_class(const void *key);
/* NULL when the table is full. Graph lock held. */
struct lock_class *register_lock_class(const void *key, const char *name);

bool lock_dep_known(unsigned int from, unsigned int to);
/* false when the table is full. Graph lock held. */
bool add_lock_dep(unsigned int from, unsigned int to, unsigned long from_ip,
		  unsigned long to_ip);

/*
 * The shortest chain of dependencies from class `from` to class `to`:
 * its dependencies' indexes in path[], in order, and their number; 0 when
 * there is none (or it is longer than max). Graph lock held.
 */
unsigned int find_lock_path(unsigned int from, unsigned int to, unsigned int *path,
			    unsigned int max);

#endif
