/*
 * The lock validator (kernel/lockdep.c), Linux's lockdep made small: every
 * lock belongs to a class, and the validator learns in which order classes
 * are taken, so that a possible deadlock is reported the first time the
 * two halves of it happen, even years apart, not when they finally race.
 *
 * A lock's class is its key: for a lock defined statically, its own
 * address; for one initialised at run time (spin_lock_init, init_rwsem),
 * a static lock_class_key at the line that initialised it, so every
 * pipe's lock is of one class ("&pipe->lock"), as in Linux.
 *
 * The hooks cost one load and one branch on prove_locking while it is
 * off, as it is unless the command line says prove_locking=1
 * (docs/lockdep.md).
 */
#ifndef KERNEL_LOCKDEP_H
#define KERNEL_LOCKDEP_H

#include <kernel/types.h>

/* Only its address matters: one per spin_lock_init or init_rwsem line. */
struct lock_class_key {
	char unused;
};

struct lock_class;

/* What the validator knows of one lock; it sits in the lock. */
struct lockdep_map {
	const struct lock_class_key *key;	/* NULL: a static lock, keyed by its address */
	const char *name;			/* the lock's C expression, for reports */
	struct lock_class *class_cache;		/* found at the first acquisition */
};

/* A lock the task holds, innermost last (task_struct's held_locks). */
struct held_lock {
	struct lockdep_map *map;
	struct lock_class *class;	/* NULL: taken while the validator was off */
	unsigned long ip;		/* where it was taken */
	bool trylock;			/* taken without waiting: no order to learn */
	bool hardirq;			/* taken in an interrupt handler */
};

#define MAX_LOCK_DEPTH 32

/*
 * prove_locking=1 on the command line: the hooks keep every task's held
 * locks from the first lock on. debug_locks: the validator checks them; it
 * goes off at the first report (the tests turn it back on).
 */
extern bool prove_locking;
extern bool debug_locks;

/* In a locking function out of line: its caller, where the lock was taken. */
#define _RET_IP_ ((unsigned long)__builtin_return_address(0))

static inline void lockdep_init_map(struct lockdep_map *map, const char *name,
				    const struct lock_class_key *key)
{
	map->key = key;
	map->name = name;
	map->class_cache = NULL;
}

/*
 * Called before the lock is taken, so that a deadlock is reported, not
 * entered; ip is where it is taken. spin_acquire is for the inline
 * spinlock functions: where it is called from is the site.
 */
void lock_acquire(struct lockdep_map *map, bool trylock, unsigned long ip);
void spin_acquire(struct lockdep_map *map, bool trylock);
void lock_release(struct lockdep_map *map);

/*
 * A function that may sleep says so: called with a spinlock held
 * (preemption off) or with interrupts off, it is reported, as Linux's
 * "BUG: sleeping function called from invalid context".
 */
void __might_sleep(const char *file, int line);
#define might_sleep()							\
	do {								\
		if (unlikely(prove_locking))				\
			__might_sleep(__FILE__, __LINE__);		\
	} while (0)
/* A user copy: its page fault may sleep, whether or not it happens this time. */
#define might_fault() might_sleep()

#endif
