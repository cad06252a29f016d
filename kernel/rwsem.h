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
 * with a stand-in for the functions (tests/host/shim.c).
 */
#ifndef KERNEL_RWSEM_H
#define KERNEL_RWSEM_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/spinlock.h>

struct rw_semaphore {
	spinlock_t wait_lock;		/* guards count and wait_list */
	long count;			/* readers holding it; RWSEM_WRITER_HELD: a writer */
	struct list_head wait_list;	/* struct rwsem_waiter, oldest first */
};

#define RWSEM_WRITER_HELD (-1L)

static inline void init_rwsem(struct rw_semaphore *sem)
{
	spin_lock_init(&sem->wait_lock);
	sem->count = 0;
	INIT_LIST_HEAD(&sem->wait_list);
}

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
