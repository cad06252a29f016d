/*
 * Wait queues: a task that must wait for something puts itself on the
 * queue, marks itself asleep and calls schedule(); whoever makes the
 * condition true calls wake_up() on the queue. wait_event() is the usual
 * loop, with Linux's name: the condition is checked after the task is on
 * the queue and marked asleep, so a wake-up between the check and
 * schedule() is never lost. wait_event_interruptible() also gives up,
 * with -ERESTARTSYS, when a signal is pending (send_signal wakes the
 * sleeper): the system call then restarts or fails with EINTR.
 */
#ifndef KERNEL_WAIT_H
#define KERNEL_WAIT_H

#include <kernel/list.h>
#include <kernel/spinlock.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/errno.h>

struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
};

struct wait_queue_entry {
	struct task_struct *task;
	struct list_head entry;
};

#define DECLARE_WAIT_QUEUE_HEAD(name) \
	struct wait_queue_head name = { SPINLOCK_INIT(name.lock), LIST_HEAD_INIT(name.head) }

void init_waitqueue_head(struct wait_queue_head *wq);
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait);
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait);
void wake_up(struct wait_queue_head *wq);

#define wait_event(wq, condition)					\
	do {								\
		struct wait_queue_entry __wait = {			\
			.entry = LIST_HEAD_INIT(__wait.entry)		\
		};							\
		for (;;) {						\
			prepare_to_wait(&(wq), &__wait);		\
			if (condition)					\
				break;					\
			schedule();					\
		}							\
		finish_wait(&(wq), &__wait);				\
	} while (0)

#define wait_event_interruptible(wq, condition)			\
	({								\
		struct wait_queue_entry __wait = {			\
			.entry = LIST_HEAD_INIT(__wait.entry)		\
		};							\
		int __ret = 0;						\
		for (;;) {						\
			prepare_to_wait(&(wq), &__wait);		\
			if (condition)					\
				break;					\
			if (signal_pending(current)) {			\
				__ret = -ERESTARTSYS;			\
				break;					\
			}						\
			schedule();					\
		}							\
		finish_wait(&(wq), &__wait);				\
		__ret;							\
	})

#endif
