/*
 * getrusage and wait4's rusage. The counters tkern keeps are the minor
 * page faults (each address space counts its own in handle_mm_fault; a
 * task adds an address space's count to its total when it leaves it, at
 * exec or exit) and the timer ticks a task ran for, reported as user time
 * (user and system time are not told apart). Everything else reads 0.
 * A reaped child's figures join its parent's RUSAGE_CHILDREN, as Linux's.
 * times() reports the same ticks in clock ticks (USER_HZ, 100 a second,
 * which is tkern's HZ too).
 */
#include <kernel/rusage.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/spinlock.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>
#include <asm/timer.h>
#include <mm/vma.h>

#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1
#define USEC_PER_TICK (1000000 / HZ)

/* Linux's struct rusage on a 64-bit machine. */
struct rusage {
	s64 utime_sec, utime_usec;
	s64 stime_sec, stime_usec;
	s64 maxrss, ixrss, idrss, isrss;
	s64 minflt, majflt, nswap, inblock, oublock;
	s64 msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};

void account_mm_faults(struct task_struct *task, struct mm_struct *mm)
{
	task->min_flt += mm->min_flt;
}

void account_reaped_child(struct task_struct *parent, struct task_struct *child)
{
	parent->cmin_flt += child->min_flt + child->cmin_flt;
	parent->cticks += child->ticks + child->cticks;
}

static long put_rusage(unsigned long uaddr, unsigned long ticks, unsigned long min_flt)
{
	struct rusage ru;

	memset(&ru, 0, sizeof(ru));
	ru.utime_sec = (s64)(ticks / HZ);
	ru.utime_usec = (s64)(ticks % HZ) * USEC_PER_TICK;
	ru.minflt = (s64)min_flt;
	return copy_to_user(uaddr, &ru, sizeof(ru)) ? -EFAULT : 0;
}

long put_child_rusage(struct task_struct *child, unsigned long uaddr)
{
	return put_rusage(uaddr, child->ticks, child->min_flt);
}

long sys_getrusage(u64 who, u64 usage, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
		   u64 a5 __unused)
{
	struct task_struct *task = current;
	unsigned long live = task->mm ? task->mm->min_flt : 0;

	switch ((s64)who) {
	case RUSAGE_SELF:
	case RUSAGE_THREAD:
		return put_rusage(usage, task->ticks, task->min_flt + live);
	case RUSAGE_CHILDREN:
		return put_rusage(usage, task->cticks, task->cmin_flt);
	default:
		return -EINVAL;
	}
}

/* Linux's struct tms: clock ticks. */
struct tms {
	s64 tms_utime, tms_stime;
	s64 tms_cutime, tms_cstime;
};

/* The process's ticks: its threads' (the thread list holds still under the siglock). */
static unsigned long process_ticks(struct task_struct *leader)
{
	struct task_struct *t;
	unsigned long ticks = 0, flags;

	spin_lock_irqsave(&leader->sighand->siglock, flags);
	for (t = leader; t; t = next_thread(leader, t))
		ticks += t->ticks;
	spin_unlock_irqrestore(&leader->sighand->siglock, flags);
	return ticks;
}

/* Returns the ticks since boot: programs take differences (Linux starts elsewhere). */
long sys_times(u64 utms, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
	       u64 a5 __unused)
{
	struct tms tms = { (s64)process_ticks(current->group_leader), 0,
			   (s64)current->cticks, 0 };

	if (utms && copy_to_user(utms, &tms, sizeof(tms)))
		return -EFAULT;
	return (long)jiffies;
}
