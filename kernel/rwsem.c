/*
 * Reader/writer semaphores (kernel/rwsem.h): one atomic word, and a
 * spinlock and a queue for the tasks that wait.
 *
 * The word counts the readers holding the lock (RWSEM_READER_BIAS each)
 * and has two flags: RWSEM_WRITER_LOCKED, and RWSEM_FLAG_WAITERS, set
 * while anyone is queued. With nobody queued a task takes or releases the
 * lock with one compare-and-swap on the word, as Linux's fast paths do: a
 * page fault's down_read and up_read touch nothing else. Once the flag is
 * set every compare-and-swap of the fast paths fails (each expects the
 * flag clear), so from then on the word changes only under wait_lock,
 * where the waiters are.
 *
 * The lock is handed over, not fought for: whoever releases it with
 * waiters queued hands it to the head of the queue (one writer, or every
 * reader up to the next writer), counting them in before waking them. A
 * woken waiter therefore already holds the lock, and a newcomer cannot
 * slip in between the wake-up and the waiter's return: that is what makes
 * the queue order the order the lock is taken in. A task that queues
 * itself sets the flag and then tries the hand-over itself, for the
 * holder may have left by the fast path just before the flag was set.
 *
 * A waiter's record lives on its own stack. It looks at its granted flag
 * under wait_lock, and the releaser sets the flag and wakes it under the
 * same lock, so the record is never touched after the waiter has gone, and
 * a wake-up between the waiter's check and its sleep is not lost (the
 * waiter is marked asleep before the check; see wake_up_process).
 *
 * Each call tells the lock validator (kernel/lockdep.h) before it may
 * wait, so that a deadlock is reported rather than entered, and says that
 * it may sleep.
 */
#include <kernel/rwsem.h>
#include <kernel/sched.h>

struct rwsem_waiter {
	struct list_head list;		/* in sem->wait_list */
	struct task_struct *task;
	bool writer;
	bool granted;			/* the lock is this waiter's now */
};

static long rwsem_read_count(struct rw_semaphore *sem)
{
	return __atomic_load_n(&sem->count, __ATOMIC_RELAXED);
}

/* count from old to new, if it still is old; acquire and release both, for either direction. */
static bool rwsem_try_cmpxchg(struct rw_semaphore *sem, long *old, long new)
{
	return __atomic_compare_exchange_n(&sem->count, old, new, false, __ATOMIC_ACQ_REL,
					   __ATOMIC_RELAXED);
}

/* A change of the word under wait_lock, with the waiters flag set or being set. */
static void rwsem_add(struct rw_semaphore *sem, long delta)
{
	__atomic_fetch_add(&sem->count, delta, __ATOMIC_ACQ_REL);
}

/* Give the lock to the head of the queue, as far as it can be shared. wait_lock held. */
static void rwsem_wake(struct rw_semaphore *sem)
{
	struct rwsem_waiter *waiter, *next;
	long held;

	list_for_each_entry_safe(waiter, next, &sem->wait_list, list) {
		held = rwsem_read_count(sem) & ~RWSEM_FLAG_WAITERS;
		if (waiter->writer ? held != 0 : (held & RWSEM_WRITER_LOCKED))
			break;
		rwsem_add(sem, waiter->writer ? RWSEM_WRITER_LOCKED : RWSEM_READER_BIAS);
		list_del(&waiter->list);
		waiter->granted = true;
		wake_up_process(waiter->task);
		if (waiter->writer)
			break;
	}
	if (list_empty(&sem->wait_list))
		__atomic_fetch_and(&sem->count, ~RWSEM_FLAG_WAITERS, __ATOMIC_RELEASE);
}

/*
 * Queue up and sleep until the lock is handed over. Entered with
 * wait_lock held. The first waiter sets the flag that sends every other
 * task to the slow paths; then the hand-over runs once here, in case the
 * lock was released by a fast path before the flag went up.
 */
static void rwsem_wait(struct rw_semaphore *sem, bool writer)
{
	struct rwsem_waiter waiter = { .task = current, .writer = writer };

	list_add_tail(&waiter.list, &sem->wait_list);
	__atomic_fetch_or(&sem->count, RWSEM_FLAG_WAITERS, __ATOMIC_ACQ_REL);
	rwsem_wake(sem);
	for (;;) {
		/* Deaf to signals, as Linux's: a D state the hung-task check watches. */
		current->state = TASK_UNINTERRUPTIBLE;
		if (waiter.granted)
			break;
		spin_unlock(&sem->wait_lock);
		schedule();
		spin_lock(&sem->wait_lock);
	}
	current->state = TASK_RUNNING;
	spin_unlock(&sem->wait_lock);
}

/* One more reader, if no writer holds it and nobody is queued (who would go first). */
static bool read_trylock(struct rw_semaphore *sem)
{
	long count = rwsem_read_count(sem);

	while (!(count & (RWSEM_WRITER_LOCKED | RWSEM_FLAG_WAITERS))) {
		if (rwsem_try_cmpxchg(sem, &count, count + RWSEM_READER_BIAS))
			return true;
	}
	return false;
}

static bool write_trylock(struct rw_semaphore *sem)
{
	long free = 0;

	return rwsem_try_cmpxchg(sem, &free, RWSEM_WRITER_LOCKED);
}

/*
 * The lock validator's calls are made apart, in the _validated functions
 * below: with it off, the fast paths of down_read and up_read (every page
 * fault's pair) call nothing until they must wait, so they keep their
 * values in scratch registers and save none.
 * Before the wait: a lock-order report comes before the deadlock it foretells.
 */
static void rwsem_acquire(struct rw_semaphore *sem, bool trylock, unsigned long ip)
{
	if (unlikely(prove_locking))
		lock_acquire(&sem->dep_map, trylock, ip);
}

static bool rwsem_trylock(struct rw_semaphore *sem, bool writer)
{
	return writer ? write_trylock(sem) : read_trylock(sem);
}

/* The lock was taken or contended: try once more under wait_lock, then queue. */
static __slowpath void rwsem_down_slowpath(struct rw_semaphore *sem, bool writer)
{
	spin_lock(&sem->wait_lock);
	if (rwsem_trylock(sem, writer)) {
		spin_unlock(&sem->wait_lock);
		return;
	}
	rwsem_wait(sem, writer);
}

static __slowpath void rwsem_down_validated(struct rw_semaphore *sem, bool writer,
					     unsigned long ip)
{
	might_sleep();
	lock_acquire(&sem->dep_map, false, ip);
	if (!rwsem_trylock(sem, writer))
		rwsem_down_slowpath(sem, writer);
}

void down_read(struct rw_semaphore *sem)
{
	if (unlikely(prove_locking)) {
		rwsem_down_validated(sem, false, _RET_IP_);
		return;
	}
	if (likely(read_trylock(sem)))
		return;
	rwsem_down_slowpath(sem, false);
}

bool down_read_trylock(struct rw_semaphore *sem)
{
	bool taken = read_trylock(sem);

	if (taken)
		rwsem_acquire(sem, true, _RET_IP_);
	return taken;
}

/* The last holder to leave with waiters queued hands the lock on. */
static __slowpath void rwsem_release_slow(struct rw_semaphore *sem, long delta)
{
	spin_lock(&sem->wait_lock);
	rwsem_add(sem, -delta);
	rwsem_wake(sem);
	spin_unlock(&sem->wait_lock);
}

/*
 * Give back a reader's bias or the writer's bit: one compare-and-swap
 * while nobody waits (a writer's word is then exactly RWSEM_WRITER_LOCKED).
 */
static void rwsem_put(struct rw_semaphore *sem, long delta)
{
	long count = rwsem_read_count(sem);

	while (!(count & RWSEM_FLAG_WAITERS)) {
		if (rwsem_try_cmpxchg(sem, &count, count - delta))
			return;
	}
	rwsem_release_slow(sem, delta);
}

static __slowpath void rwsem_put_validated(struct rw_semaphore *sem, long delta)
{
	lock_release(&sem->dep_map);
	rwsem_put(sem, delta);
}

void up_read(struct rw_semaphore *sem)
{
	if (unlikely(prove_locking)) {
		rwsem_put_validated(sem, RWSEM_READER_BIAS);
		return;
	}
	rwsem_put(sem, RWSEM_READER_BIAS);
}

void down_write(struct rw_semaphore *sem)
{
	if (unlikely(prove_locking)) {
		rwsem_down_validated(sem, true, _RET_IP_);
		return;
	}
	if (likely(write_trylock(sem)))
		return;
	rwsem_down_slowpath(sem, true);
}

bool down_write_trylock(struct rw_semaphore *sem)
{
	bool taken = write_trylock(sem);

	if (taken)
		rwsem_acquire(sem, true, _RET_IP_);
	return taken;
}

void up_write(struct rw_semaphore *sem)
{
	if (unlikely(prove_locking)) {
		rwsem_put_validated(sem, RWSEM_WRITER_LOCKED);
		return;
	}
	rwsem_put(sem, RWSEM_WRITER_LOCKED);
}

void downgrade_write(struct rw_semaphore *sem)
{
	spin_lock(&sem->wait_lock);
	rwsem_add(sem, RWSEM_READER_BIAS - RWSEM_WRITER_LOCKED);
	rwsem_wake(sem);
	spin_unlock(&sem->wait_lock);
}
