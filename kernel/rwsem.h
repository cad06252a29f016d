/*
 * Reader/writer semaphores (Linux's rw_semaphore): any number of readers
 * at once, or one writer alone. Unlike a spinlock, a task that cannot have
 * it sleeps, so the holder may sleep too (allocate memory, wait for I/O).
 *
 * Fair in arrival order: once a task waits, later arrivals queue behind it
 * even if they could share the lock with its holders. So a steady stream
 * of readers (page faults) cannot starve a writer (munmap), and a writer
 * cannot starve the readers that queued before the next writer.
 *
 * The implementation (kernel/rwsem.c) relies on the scheduler's sleep and
 * wake-up; the structure itself is plain data, so mm/ compiles on the host
 * with a stand-in for the functions (tests/host/shim.c). Like a spinlock,
 * each has a lock class for the lock validator (kernel/lockdep.h).
 */
#ifndef KERNEL_RWSEM_H
#define KERNEL_RWSEM_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/spinlock.h>

struct rw_semaphore {
	long count;			/* atomic: readers * RWSEM_READER_BIAS | the two flags */
	spinlock_t wait_lock;		/* guards wait_list */
	struct list_head wait_list;	/* struct rwsem_waiter, oldest first */
	struct lockdep_map dep_map;
};

#define RWSEM_WRITER_LOCKED	1L	/* a writer holds it */
#define RWSEM_FLAG_WAITERS	2L	/* wait_list is not empty */
#define RWSEM_READER_BIAS	4L	/* one reader holding it */

static inline void __init_rwsem(struct rw_semaphore *sem, const char *name,
				const struct lock_class_key *key)
{
	spin_lock_init(&sem->wait_lock);
	sem->count = 0;
	INIT_LIST_HEAD(&sem->wait_list);
	lockdep_init_map(&sem->dep_map, name, key);
}

/* As spin_lock_init: one lock class per line that initialises. */
#define init_rwsem(sem)							\
	do {								\
		static struct lock_class_key __key;			\
		__init_rwsem((sem), #sem, &__key);			\
	} while (0)

void down_read(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
/* Without sleeping: true if it was taken. */
bool down_read_trylock(struct rw_semaphore *sem);
bool down_write_trylock(struct rw_semaphore *sem);
/* The writer becomes a reader, letting in the readers queued behind it. */
void downgrade_write(struct rw_semaphore *sem);

#endif
