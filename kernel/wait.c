/* Wait queues (kernel/wait.h): sleeping until woken, and waking. */
#include <kernel/wait.h>
#include <asm/barrier.h>

void init_waitqueue_head(struct wait_queue_head *wq)
{
	spin_lock_init(&wq->lock);
	INIT_LIST_HEAD(&wq->head);
}

void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait)
{
	unsigned long flags;

	wait->task = current;
	spin_lock_irqsave(&wq->lock, flags);
	if (list_empty(&wait->entry))
		list_add_tail(&wait->entry, &wq->head);
	current->state = TASK_INTERRUPTIBLE;
	spin_unlock_irqrestore(&wq->lock, flags);
	/* The caller's next look at its condition must come after the state is seen. */
	smp_mb();
}

void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait)
{
	unsigned long flags;

	current->state = TASK_RUNNING;
	spin_lock_irqsave(&wq->lock, flags);
	list_del_init(&wait->entry);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void wake_up(struct wait_queue_head *wq)
{
	struct wait_queue_entry *wait;
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	list_for_each_entry(wait, &wq->head, entry)
		wake_up_process(wait->task);
	spin_unlock_irqrestore(&wq->lock, flags);
}
