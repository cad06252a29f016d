/*
 * The list of every task, the pids handed out, and task references.
 * Idle tasks are all pid 0 (swapper, as in Linux), so the first real task
 * is pid 1. The list has its own lock, apart from the run queues', so
 * that walking it (/proc, kill, wait) never holds up a CPU's scheduling;
 * it is taken with interrupts off because the console monitor walks it
 * from an interrupt.
 */
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/atomic.h>
#include <kernel/errno.h>
#include <asm/timer.h>

static DEFINE_SPINLOCK(task_list_lock);
static LIST_HEAD(all_tasks);
static int last_pid;

/* Tasks alive, counted down only once a dead task's memory is freed. */
static atomic_long_t nr_alive = { 1 };

unsigned long nr_tasks(void)
{
	return atomic_long_read(&nr_alive);
}

int last_pid_allocated(void)
{
	return READ_ONCE(last_pid);
}

/* Listed tasks of real uid uid, threads and zombies included (task_list_lock held). */
static unsigned long user_tasks(u32 uid)
{
	struct task_struct *task;
	unsigned long n = 0;

	list_for_each_entry(task, &all_tasks, tasks)
		n += task->pid && task->cred.uid == uid;
	return n;
}

/* Under task_list_lock: a pid, and a place in the list. */
static void add_task_locked(struct task_struct *task, bool is_idle)
{
	task->pid = is_idle ? 0 : ++last_pid;
	task->start_time = jiffies;
	if (task->group_leader == task)
		task->tgid = task->pid;
	list_add_tail(&task->tasks, &all_tasks);
	atomic_long_add(1, &nr_alive);
}

void sched_add_task(struct task_struct *task, bool is_idle)
{
	unsigned long flags;

	spin_lock_irqsave(&task_list_lock, flags);
	add_task_locked(task, is_idle);
	spin_unlock_irqrestore(&task_list_lock, flags);
}

/*
 * Counting and adding under the one lock makes RLIMIT_NPROC exact: a
 * fork that raced this one is either counted or comes after.
 */
int sched_add_child(struct task_struct *task, unsigned long nproc_limit)
{
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&task_list_lock, flags);
	if (nproc_limit != RLIM_INFINITY && user_tasks(task->cred.uid) >= nproc_limit)
		err = -EAGAIN;
	else
		add_task_locked(task, false);
	spin_unlock_irqrestore(&task_list_lock, flags);
	return err;
}

/* The task leaves the list as it dies; its memory goes with its last reference. */
void unlist_task(struct task_struct *task)
{
	unsigned long flags;

	spin_lock_irqsave(&task_list_lock, flags);
	list_del(&task->tasks);
	spin_unlock_irqrestore(&task_list_lock, flags);
}

void release_dead_task(struct task_struct *task)
{
	atomic_long_sub(1, &nr_alive);
	put_task_struct(task);
}

void sched_remove_task(struct task_struct *task)
{
	unlist_task(task);
	release_dead_task(task);
}

void get_task_struct(struct task_struct *task)
{
	__atomic_add_fetch(&task->usage, 1, __ATOMIC_RELAXED);
}

void put_task_struct(struct task_struct *task)
{
	if (__atomic_sub_fetch(&task->usage, 1, __ATOMIC_ACQ_REL) == 0)
		free_task(task);
}

struct task_struct *find_get_task_by_pid(int pid)
{
	struct task_struct *task, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&task_list_lock, flags);
	list_for_each_entry(task, &all_tasks, tasks) {
		if (task->pid == pid && task->state != TASK_DEAD) {
			found = task;
			get_task_struct(found);
			break;
		}
	}
	spin_unlock_irqrestore(&task_list_lock, flags);
	return found;
}

int user_pids(int *pids, int max)
{
	struct task_struct *task;
	unsigned long flags;
	int n = 0;

	spin_lock_irqsave(&task_list_lock, flags);
	list_for_each_entry(task, &all_tasks, tasks) {
		if (task->mm && thread_group_leader(task) && n < max)
			pids[n++] = task->pid;
	}
	spin_unlock_irqrestore(&task_list_lock, flags);
	return n;
}

void for_each_task(void (*fn)(struct task_struct *task, void *arg), void *arg)
{
	struct task_struct *task;
	unsigned long flags;

	spin_lock_irqsave(&task_list_lock, flags);
	fn(&init_task, arg);
	list_for_each_entry(task, &all_tasks, tasks)
		fn(task, arg);
	spin_unlock_irqrestore(&task_list_lock, flags);
}
