/*
 * Reader/writer semaphores (kernel/rwsem.h), on a spinlock and a queue.
 *
 * The lock is handed over, not fought for: whoever releases it hands it to
 * the waiters at the head of the queue (one writer, or every reader up to
 * the next writer), counting them in before waking them. A woken waiter
 * therefore already holds the lock, and a newcomer cannot slip in between
 * the wake-up and the waiter's return: that is what makes the queue order
 * the order the lock is taken in.
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

/* Give the lock to the head of the queue, as far as it can be shared. wait_lock held. */
static void rwsem_wake(struct rw_semaphore *sem)
{
	struct rwsem_waiter *waiter, *next;

	list_for_each_entry_safe(waiter, next, &sem->wait_list, list) {
		if (waiter->writer && sem->count != 0)
			break;
		sem->count = waiter->writer ? RWSEM_WRITER_HELD : sem->count + 1;
		list_del(&waiter->list);
		waiter->granted = true;
		wake_up_process(waiter->task);
		if (sem->count == RWSEM_WRITER_HELD)
			break;
	}
}

/* Queue up and sleep until the lock is handed over. Entered with wait_lock held. */
static void rwsem_wait(struct rw_semaphore *sem, bool writer)
{
	struct rwsem_waiter waiter = { .task = current, .writer = writer };

	list_add_tail(&waiter.list, &sem->wait_list);
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

/* A reader may join the holders only if no writer holds it and nobody queues before it. */
static bool read_may_enter(struct rw_semaphore *sem)
{
	return sem->count >= 0 && list_empty(&sem->wait_list);
}

/* Before the wait: a lock-order report comes before the deadlock it foretells. */
static void rwsem_acquire(struct rw_semaphore *sem, bool trylock, unsigned long ip)
{
	if (unlikely(prove_locking))
		lock_acquire(&sem->dep_map, trylock, ip);
}

static void rwsem_release(struct rw_semaphore *sem)
{
	if (unlikely(prove_locking))
		lock_release(&sem->dep_map);
}

void down_read(struct rw_semaphore *sem)
{
	might_sleep();
	rwsem_acquire(sem, false, _RET_IP_);
	spin_lock(&sem->wait_lock);
	if (!read_may_enter(sem)) {
		rwsem_wait(sem, false);
		return;
	}
	sem->count++;
	spin_unlock(&sem->wait_lock);
}

bool down_read_trylock(struct rw_semaphore *sem)
{
	bool taken;

	spin_lock(&sem->wait_lock);
	taken = read_may_enter(sem);
	if (taken)
		sem->count++;
	spin_unlock(&sem->wait_lock);
	if (taken)
		rwsem_acquire(sem, true, _RET_IP_);
	return taken;
}

void up_read(struct rw_semaphore *sem)
{
	rwsem_release(sem);
	spin_lock(&sem->wait_lock);
	if (--sem->count == 0 && !list_empty(&sem->wait_list))
		rwsem_wake(sem);
	spin_unlock(&sem->wait_lock);
}

void down_write(struct rw_semaphore *sem)
{
	might_sleep();
	rwsem_acquire(sem, false, _RET_IP_);
	spin_lock(&sem->wait_lock);
	if (sem->count != 0) {
		rwsem_wait(sem, true);
		return;
	}
	sem->count = RWSEM_WRITER_HELD;
	spin_unlock(&sem->wait_lock);
}

bool down_write_trylock(struct rw_semaphore *sem)
{
	bool taken;

	spin_lock(&sem->wait_lock);
	taken = sem->count == 0;
	if (taken)
		sem->count = RWSEM_WRITER_HELD;
	spin_unlock(&sem->wait_lock);
	if (taken)
		rwsem_acquire(sem, true, _RET_IP_);
	return taken;
}

void up_write(struct rw_semaphore *sem)
{
	rwsem_release(sem);
	spin_lock(&sem->wait_lock);
	sem->count = 0;
	rwsem_wake(sem);
	spin_unlock(&sem->wait_lock);
}

void downgrade_write(struct rw_semaphore *sem)
{
	spin_lock(&sem->wait_lock);
	sem->count = 1;
	rwsem_wake(sem);
	spin_unlock(&sem->wait_lock);
}
