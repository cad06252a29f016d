/*
 * futex(2): sleeping on a user-space word, and the robust-futex list.
 *
 * A waiter is a struct futex_q on its own kernel stack, queued on one of
 * FUTEX_HASH_SIZE buckets chosen by its key: (address space, address).
 * The protocol that loses no wake-up: the waiter queues itself under the
 * bucket lock first and only then reads the word; a waker changes the
 * word first and then takes the bucket lock. Either the waker's lock
 * section comes after the waiter's, and finds it queued, or before, and
 * then (lock release/acquire) the waiter's read sees the new value and it
 * does not sleep. Reading the word outside the lock also means a page
 * fault while reading never happens under a spinlock.
 *
 * A woken waiter is taken off its bucket by the waker, which then clears
 * q->lock_ptr: that is how the waiter knows. Tasks are woken after the
 * bucket lock is dropped, through a wake list as Linux's wake_q.
 *
 * A shared futex (no FUTEX_PRIVATE_FLAG) in a MAP_SHARED mapping is keyed
 * by its physical address, so processes sharing the page meet on it; in
 * private memory it is keyed like a private one (docs/threads.md).
 */
#include <kernel/futex.h>
#include <mm/mmap_lock.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/spinlock.h>
#include <kernel/time.h>
#include <kernel/timer.h>
#include <kernel/wait.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <asm/barrier.h>
#include <asm/timer.h>
#include <mm/vma.h>
#include <mm/pgtable.h>

#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_LOCK_PI		6
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_WAIT_REQUEUE_PI	11
#define FUTEX_LOCK_PI2		13
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_BITSET_MATCH_ANY	0xffffffffU

#define FUTEX_WAITERS		0x80000000U	/* robust: someone sleeps on it */
#define FUTEX_OWNER_DIED	0x40000000U
#define FUTEX_TID_MASK		0x3fffffffU
#define ROBUST_LIST_LIMIT	2048		/* Linux's bound on a (maybe circular) list */

#define FUTEX_HASH_SIZE 256
#define WAKE_Q_TAIL ((struct task_struct *)1)

struct futex_key {
	struct mm_struct *mm;
	unsigned long address;
};

struct futex_q {
	struct list_head list;		/* in its bucket's chain */
	struct task_struct *task;
	struct futex_key key;
	u32 bitset;
	spinlock_t *lock_ptr;		/* its bucket's lock while queued; NULL once woken */
};

/* Zeroed memory is an unlocked lock; a chain is set up when first used. */
struct futex_hash_bucket {
	spinlock_t lock;
	struct list_head chain;
};

static struct futex_hash_bucket futex_queues[FUTEX_HASH_SIZE];

static struct futex_hash_bucket *hash_futex(const struct futex_key *key)
{
	unsigned long h = (key->address >> 2) ^ ((unsigned long)key->mm >> 6);

	h ^= h >> 8;
	h ^= h >> 16;
	return &futex_queues[h % FUTEX_HASH_SIZE];
}

static void bucket_lock(struct futex_hash_bucket *hb)
{
	spin_lock(&hb->lock);
	if (!hb->chain.next)
		INIT_LIST_HEAD(&hb->chain);
}

static bool match_futex(const struct futex_key *a, const struct futex_key *b)
{
	return a->mm == b->mm && a->address == b->address;
}

/*
 * A shared futex in a MAP_SHARED mapping is the same word for every
 * process that maps the page: keyed by the page's physical address (mm
 * NULL). The word has just been read, so its page is present. The VMA and
 * page-table walk read the address space: they need mmap_lock for reading
 * once faults and munmap take it (docs/threads.md).
 */
static void shared_mapping_key(unsigned long uaddr, struct futex_key *key)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	phys_addr_t pa;

	mmap_read_lock(mm);	/* another thread's munmap must not free the VMA under us */
	vma = find_vma(mm, uaddr);
	if (vma && uaddr >= vma->vm_start && (vma->vm_flags & VM_SHARED) &&
	    translate_va(mm->pgd, uaddr & PAGE_MASK, &pa, NULL)) {
		key->mm = NULL;
		key->address = (unsigned long)(pa & PAGE_MASK) + (uaddr & ~PAGE_MASK);
	}
	mmap_read_unlock(mm);
}

/*
 * EINVAL for an unaligned word; a shared one must also be readable now
 * (EFAULT). Private memory is keyed by (mm, address), as Linux keys it.
 */
static int get_futex_key(unsigned long uaddr, bool shared, struct futex_key *key)
{
	u32 word;

	if (uaddr % sizeof(u32))
		return -EINVAL;
	if (!access_ok(uaddr, sizeof(u32)))
		return -EFAULT;
	if (shared && copy_from_user(&word, uaddr, sizeof(word)))
		return -EFAULT;
	key->mm = current->mm;
	key->address = uaddr;
	if (shared)
		shared_mapping_key(uaddr, key);
	return 0;
}

/*
 * Wake lists: a task is on at most one (wake_q_next non-NULL), so a task
 * woken again before an earlier waker got to it is woken once, by that
 * one, after this waker's q->lock_ptr store: it cannot miss either.
 */
static void wake_q_add(struct task_struct **head, struct task_struct *task)
{
	struct task_struct *none = NULL;

	get_task_struct(task);
	if (__atomic_compare_exchange_n(&task->wake_q_next, &none, *head, false,
					__ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
		*head = task;
	else
		put_task_struct(task);
}

static void wake_up_q(struct task_struct *head)
{
	struct task_struct *task, *next;

	for (task = head; task != WAKE_Q_TAIL; task = next) {
		next = task->wake_q_next;
		WRITE_ONCE(task->wake_q_next, NULL);
		smp_mb();	/* the caller's lock_ptr stores before the state it reads */
		wake_up_process(task);
		put_task_struct(task);
	}
}

/* Take q off its bucket (lock held) and put its task on the wake list. */
static void mark_woken(struct futex_q *q, struct task_struct **wake)
{
	struct task_struct *task = q->task;

	list_del_init(&q->list);
	wake_q_add(wake, task);
	/* From here the waiter may return, and q, on its stack, be gone. */
	__atomic_store_n(&q->lock_ptr, NULL, __ATOMIC_RELEASE);
}

/* Dequeue a waiter that was not woken; false if a waker got there first. */
static bool unqueue_me(struct futex_q *q)
{
	spinlock_t *lock;

	for (;;) {
		lock = __atomic_load_n(&q->lock_ptr, __ATOMIC_ACQUIRE);
		if (!lock)
			return false;
		spin_lock(lock);
		/* A requeue may have moved it to another bucket meanwhile. */
		if (lock == q->lock_ptr) {
			list_del_init(&q->list);
			q->lock_ptr = NULL;
			spin_unlock(lock);
			return true;
		}
		spin_unlock(lock);
	}
}

/* Asleep until woken, a signal, or the deadline (if has_deadline). */
static void futex_wait_queued(struct futex_q *q, bool has_deadline, u64 deadline)
{
	struct sleep_timer timer;

	if (has_deadline)
		sleep_timer_arm(&timer, deadline);
	for (;;) {
		current->state = TASK_INTERRUPTIBLE;
		smp_mb();	/* the state before lock_ptr is read: see wake_up_q */
		if (!__atomic_load_n(&q->lock_ptr, __ATOMIC_ACQUIRE) || signal_pending(current) ||
		    (has_deadline && ktime_get_ns() >= deadline))
			break;
		schedule();
	}
	current->state = TASK_RUNNING;
	if (has_deadline)
		sleep_timer_cancel(&timer);
}

static long futex_wait(unsigned long uaddr, bool shared, u32 val, bool has_deadline,
		       u64 deadline, u32 bitset)
{
	/* LAB 9 BEGIN: queue under the bucket lock, then read the word (EAGAIN if it changed), sleep, dequeue */
	/* LAB 9 STUB: (void)uaddr; (void)shared; (void)val; */
	/* LAB 9 STUB: (void)has_deadline; (void)deadline; (void)bitset; */
	/* LAB 9 STUB: (void)unqueue_me; (void)futex_wait_queued; */
	/* LAB 9 STUB: return -ENOSYS; */
	struct futex_q q = { .list = LIST_HEAD_INIT(q.list), .task = current, .bitset = bitset };
	struct futex_hash_bucket *hb;
	u32 uval;
	long err;

	if (!bitset)
		return -EINVAL;
	err = get_futex_key(uaddr, shared, &q.key);
	if (err)
		return err;
	hb = hash_futex(&q.key);
	bucket_lock(hb);
	list_add_tail(&q.list, &hb->chain);
	q.lock_ptr = &hb->lock;
	spin_unlock(&hb->lock);
	if (copy_from_user(&uval, uaddr, sizeof(uval)))
		return unqueue_me(&q) ? -EFAULT : 0;
	/* Changed: whether or not a waker took it off meanwhile, there is nothing to wait for. */
	if (uval != val) {
		unqueue_me(&q);
		return -EAGAIN;
	}
	futex_wait_queued(&q, has_deadline, deadline);
	if (!unqueue_me(&q))
		return 0;
	if (has_deadline && ktime_get_ns() >= deadline)
		return -ETIMEDOUT;
	/* Restarted unless a handler without SA_RESTART runs; a timed wait is not restarted. */
	return has_deadline ? -EINTR : -ERESTARTSYS;
	/* LAB 9 END */
}

static long futex_wake(unsigned long uaddr, bool shared, int nr_wake, u32 bitset)
{
	/* LAB 9 BEGIN: under the bucket lock, wake at most nr_wake waiters whose key and bitset match */
	/* LAB 9 STUB: (void)uaddr; (void)shared; (void)nr_wake; (void)bitset; */
	/* LAB 9 STUB: return 0; */
	struct task_struct *wake = WAKE_Q_TAIL;
	struct futex_hash_bucket *hb;
	struct futex_q *q, *next;
	struct futex_key key;
	long err, woken = 0;

	if (!bitset)
		return -EINVAL;
	err = get_futex_key(uaddr, shared, &key);
	if (err)
		return err;
	hb = hash_futex(&key);
	bucket_lock(hb);
	list_for_each_entry_safe(q, next, &hb->chain, list) {
		if (!match_futex(&q->key, &key) || !(q->bitset & bitset))
			continue;
		mark_woken(q, &wake);
		/* As Linux: asked to wake 0 (or fewer), it wakes one. */
		if (++woken >= nr_wake)
			break;
	}
	spin_unlock(&hb->lock);
	wake_up_q(wake);
	return woken;
	/* LAB 9 END */
}

void futex_wake_address(unsigned long uaddr)
{
	futex_wake(uaddr, true, 1, FUTEX_BITSET_MATCH_ANY);
}

/* Both buckets locked, the lower address first, so two requeues cannot deadlock. */
static void double_lock(struct futex_hash_bucket *hb1, struct futex_hash_bucket *hb2)
{
	if (hb1 > hb2) {
		bucket_lock(hb2);
		bucket_lock(hb1);
	} else {
		bucket_lock(hb1);
		if (hb1 != hb2)
			bucket_lock(hb2);
	}
}

static void double_unlock(struct futex_hash_bucket *hb1, struct futex_hash_bucket *hb2)
{
	spin_unlock(&hb1->lock);
	if (hb1 != hb2)
		spin_unlock(&hb2->lock);
}

/* Move q to key2's bucket (both locked): it now waits there. */
static void requeue_futex(struct futex_q *q, struct futex_hash_bucket *hb1,
			  struct futex_hash_bucket *hb2, const struct futex_key *key2)
{
	if (hb1 != hb2) {
		list_del(&q->list);
		list_add_tail(&q->list, &hb2->chain);
		__atomic_store_n(&q->lock_ptr, &hb2->lock, __ATOMIC_RELEASE);
	}
	q->key = *key2;
}

/*
 * Wake nr_wake waiters of uaddr1 and move up to nr_requeue others to
 * uaddr2; the number woken plus moved. With cmpval (FUTEX_CMP_REQUEUE),
 * only if uaddr1 still holds it (else EAGAIN). The comparison is made
 * before the buckets are locked (see docs/threads.md).
 */
static long futex_requeue(unsigned long uaddr1, bool shared, unsigned long uaddr2,
			  int nr_wake, int nr_requeue, const u32 *cmpval)
{
	struct task_struct *wake = WAKE_Q_TAIL;
	struct futex_hash_bucket *hb1, *hb2;
	struct futex_key key1, key2;
	struct futex_q *q, *next;
	long err, count = 0;
	u32 uval;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	err = get_futex_key(uaddr1, shared, &key1);
	if (!err)
		err = get_futex_key(uaddr2, shared, &key2);
	if (!err && cmpval && copy_from_user(&uval, uaddr1, sizeof(uval)))
		err = -EFAULT;
	if (!err && cmpval && uval != *cmpval)
		err = -EAGAIN;
	if (err)
		return err;
	hb1 = hash_futex(&key1);
	hb2 = hash_futex(&key2);
	double_lock(hb1, hb2);
	list_for_each_entry_safe(q, next, &hb1->chain, list) {
		if (count - nr_wake >= nr_requeue)
			break;
		if (!match_futex(&q->key, &key1))
			continue;
		if (++count <= nr_wake)
			mark_woken(q, &wake);
		else
			requeue_futex(q, hb1, hb2, &key2);
	}
	double_unlock(hb1, hb2);
	wake_up_q(wake);
	return count;
}

/* Whether cmd takes a timeout in utime (for the others utime is a number). */
static bool cmd_has_timeout(unsigned int cmd)
{
	return cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_LOCK_PI ||
	       cmd == FUTEX_LOCK_PI2 || cmd == FUTEX_WAIT_REQUEUE_PI;
}

long sys_futex(u64 uaddr, u64 op, u64 val, u64 utime, u64 uaddr2, u64 val3)
{
	unsigned int cmd = (unsigned int)op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
	bool shared = !(op & FUTEX_PRIVATE_FLAG), timed = utime && cmd_has_timeout(cmd);
	u64 deadline = 0, now;
	long err;

	if (timed) {
		err = get_timespec_ns(utime, &deadline);
		if (err)
			return err;
		/*
		 * FUTEX_WAIT's timeout is relative; the others' absolute, on
		 * the monotonic clock or, with the flag, the wall clock.
		 */
		now = ktime_get_ns();
		if (cmd == FUTEX_WAIT)
			deadline = deadline > ~0ULL - now ? ~0ULL : now + deadline;
		else if (op & FUTEX_CLOCK_REALTIME)
			deadline = realtime_to_monotonic(deadline);
	}
	/* Linux 6.1 takes the flag only where the timeout is absolute (not FUTEX_WAIT). */
	if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET &&
	    cmd != FUTEX_WAIT_REQUEUE_PI && cmd != FUTEX_LOCK_PI2)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		return futex_wait(uaddr, shared, (u32)val, timed, deadline, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAIT_BITSET:
		return futex_wait(uaddr, shared, (u32)val, timed, deadline, (u32)val3);
	case FUTEX_WAKE:
		return futex_wake(uaddr, shared, (int)val, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, shared, (int)val, (u32)val3);
	case FUTEX_REQUEUE:
		return futex_requeue(uaddr, shared, uaddr2, (int)val, (int)utime, NULL);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, shared, uaddr2, (int)val, (int)utime,
				     &(u32){ (u32)val3 });
	default:
		return -ENOSYS;	/* FUTEX_WAKE_OP and the priority-inheritance ops */
	}
}

/* ---- robust futexes ---- */

/* Linux's struct robust_list_head: the list, where the word is in each entry, a pending one. */
struct robust_list_head {
	unsigned long next;
	long futex_offset;
	unsigned long list_op_pending;
};

long sys_set_robust_list(u64 head, u64 len, u64 a2 __unused, u64 a3 __unused,
			 u64 a4 __unused, u64 a5 __unused)
{
	if (len != sizeof(struct robust_list_head))
		return -EINVAL;
	current->robust_list = head;
	return 0;
}

long sys_get_robust_list(u64 pid, u64 head_ptr, u64 len_ptr, u64 a3 __unused,
			 u64 a4 __unused, u64 a5 __unused)
{
	/* A pid, even the caller's own, is looked up with a reference, which goes back here. */
	struct task_struct *task = pid ? find_get_task_by_pid((int)pid) : current;
	unsigned long head, len = sizeof(struct robust_list_head);

	if (!task || (s64)pid < 0 || pid > 0x7fffffff) {
		if (task && pid)
			put_task_struct(task);
		return -ESRCH;
	}
	head = READ_ONCE(task->robust_list);
	if (pid)
		put_task_struct(task);
	if (copy_to_user(len_ptr, &len, sizeof(len)))
		return -EFAULT;
	return copy_to_user(head_ptr, &head, sizeof(head)) ? -EFAULT : 0;
}

/*
 * The owner died holding the lock word at uaddr: mark it so (the next
 * locker sees EOWNERDEAD) and wake a waiter. A pending entry whose word
 * is still 0 was being taken: wake a waiter that may have raced. The
 * update is a read and a write, not a compare-and-swap: a waiter setting
 * FUTEX_WAITERS between them could be missed (docs/threads.md).
 */
static int handle_futex_death(unsigned long uaddr, struct task_struct *task, bool pi,
			      bool pending)
{
	u32 uval, mval;

	if (uaddr % sizeof(u32) || copy_from_user(&uval, uaddr, sizeof(uval)))
		return -EFAULT;
	if (pending && !pi && !uval) {
		futex_wake_address(uaddr);
		return 0;
	}
	if ((uval & FUTEX_TID_MASK) != (u32)task->pid)
		return 0;
	mval = (uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
	if (copy_to_user(uaddr, &mval, sizeof(mval)))
		return -EFAULT;
	if (!pi && (uval & FUTEX_WAITERS))
		futex_wake_address(uaddr);
	return 0;
}

/* An entry's next pointer: bit 0 says the futex is a PI one. */
static int fetch_robust_entry(unsigned long *entry, unsigned long uptr, bool *pi)
{
	unsigned long value;

	if (copy_from_user(&value, uptr, sizeof(value)))
		return -EFAULT;
	*entry = value & ~1UL;
	*pi = value & 1;
	return 0;
}

void exit_robust_list(struct task_struct *task)
{
	unsigned long head = task->robust_list, entry, next = 0, pending;
	unsigned int limit = ROBUST_LIST_LIMIT;
	bool pi, next_pi, pending_pi;
	long offset;
	int err;

	task->robust_list = 0;
	if (!head || fetch_robust_entry(&entry, head, &pi) ||
	    copy_from_user(&offset, head + sizeof(long), sizeof(offset)) ||
	    fetch_robust_entry(&pending, head + 2 * sizeof(long), &pending_pi))
		return;
	while (entry != head) {
		err = fetch_robust_entry(&next, entry, &next_pi);
		/* The pending one is handled last, as pending. */
		if (entry != pending && handle_futex_death(entry + offset, task, pi, false))
			return;
		if (err)
			return;
		entry = next;
		pi = next_pi;
		if (!--limit)
			break;
	}
	if (pending)
		handle_futex_death(pending + offset, task, pending_pi, true);
}
