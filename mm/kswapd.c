/*
 * kswapd0, the kernel thread that reclaims in the background (Linux's
 * mm/vmscan.c keeps it beside the policy; here it has a file of its own
 * so that the policy in mm/vmscan.c also builds on the host).
 *
 * The allocator wakes it when free pages fall below the low watermark;
 * it reclaims until they are back above high, so that most allocations
 * never reach min and never reclaim for themselves. It starts with the
 * first swapon: without swap there is nothing it could send anywhere.
 *
 * Relies on mm/vmscan.c (shrink_node_pages) and the allocator's marks.
 */
#include <mm/vmscan.h>
#include <mm/mm.h>
#include <kernel/sched.h>
#include <kernel/wait.h>
#include <kernel/errno.h>

static DECLARE_WAIT_QUEUE_HEAD(kswapd_wait);
static bool kswapd_wanted;
static struct task_struct *kswapd_task;

/* Reclaim until free pages are above the high watermark, or a whole pass brings none back. */
static void balance_pgdat(void)
{
	unsigned long free;

	while ((free = zone_free_pages()) < high_wmark_pages())
		if (!shrink_node_pages(high_wmark_pages() - free, true))
			break;
}

static int kswapd(void *arg __unused)
{
	current->flags |= PF_MEMALLOC | PF_KSWAPD;
	for (;;) {
		wait_event_interruptible(kswapd_wait, READ_ONCE(kswapd_wanted));
		WRITE_ONCE(kswapd_wanted, false);
		balance_pgdat();
	}
	return 0;
}

/* The allocator saw free pages below the low watermark. */
void wakeup_kswapd(void)
{
	if (!READ_ONCE(kswapd_task) || READ_ONCE(kswapd_wanted))
		return;
	WRITE_ONCE(kswapd_wanted, true);
	wake_up(&kswapd_wait);
}

/*
 * kswapd0 starts with the first swapon: without swap no page it could
 * reclaim has anywhere to go. Two swapons at once: one starts it, the
 * other finds it starting. 0 or -ENOMEM.
 */
int kswapd_run(void)
{
	static bool starting;
	struct task_struct *task;

	if (__atomic_exchange_n(&starting, true, __ATOMIC_ACQ_REL))
		return 0;
	task = kthread_create(kswapd, NULL, "kswapd0");
	if (!task) {
		__atomic_store_n(&starting, false, __ATOMIC_RELEASE);
		return -ENOMEM;
	}
	WRITE_ONCE(kswapd_task, task);
	wake_up_process(task);
	return 0;
}
