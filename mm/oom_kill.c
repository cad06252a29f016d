/*
 * The OOM killer. When a page for a process's user memory cannot be had
 * (a fault from user space, a fault inside a copy to or from user space,
 * the populate of mlock or MAP_POPULATE), the process whose death gives
 * back the most is sent SIGKILL, and the one that ran out tries again.
 * Kernel allocations never come here: they get NULL and fail with their
 * callers' errors, so nothing in the kernel waits on this.
 *
 * The choice (select_bad_process) is Linux's: each user process's
 * badness is its resident pages plus its page-table pages (not counted
 * per address space yet: 0), moved by its oom_score_adj in thousandths of
 * all memory; -1000 is never chosen.
 * Kernel threads have no user memory. Init is chosen only when no other
 * process can be (Linux never chooses it, and panics instead; tkern does
 * not let a user program crash it, see docs/oom.md).
 *
 * One victim at a time: until the victim's address space has given its
 * pages back (no user left, nothing resident), whoever else runs out waits
 * a moment and tries again instead of choosing a second victim. A victim
 * that has not let go after OOM_VICTIM_TIMEOUT is given up on, as Linux's
 * oom reaper gives up on an mm (MMF_OOM_SKIP), so that one stuck process
 * cannot stop every other from getting memory.
 *
 * Relies on the task list (for_each_task), task_lock for a task's mm,
 * force_kill_process, and /proc's page counts for the report.
 * docs/oom.md.
 */
#include <mm/oom.h>
#include <mm/mm.h>
#include <mm/vma.h>
#include <mm/mmap_lock.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/syscalls.h>
#include <kernel/printk.h>
#include <kernel/time.h>
#include <kernel/fs/procfs.h>
#include <asm/timer.h>

#define OOM_VICTIM_TIMEOUT (10 * HZ)
#define K(pages) ((pages) * (PAGE_SIZE / 1024))

/* Guards victim: choosing one and seeing the last one off are one step. */
static DEFINE_SPINLOCK(oom_lock);

static struct {
	struct mm_struct *mm;	/* the victim's address space (mmgrab'd), or NULL */
	unsigned long deadline;	/* jiffies after which it is given up on */
} victim;

/* Kernel threads and init: Linux's oom_unkillable_task. */
static bool oom_unkillable_task(struct task_struct *p)
{
	return !p->files || p->tgid == 1;
}

/* The badness formula itself, init included; p's task_lock held, p->mm set. */
static long mm_badness(struct task_struct *p, unsigned long totalpages)
{
	long adj = READ_ONCE(p->signal->oom_score_adj);
	long points;

	if (adj == OOM_SCORE_ADJ_MIN || READ_ONCE(p->in_vfork))
		return OOM_BADNESS_NONE;
	/* Pages in swap count as Linux counts them: killing frees their slots too. */
	points = (long)get_mm_rss(p->mm) + MAX(get_mm_counter(p->mm, MM_SWAPENTS), 0L) +
		 atomic_long_read(&p->mm->pgtables_bytes) / (long)PAGE_SIZE;
	return points + adj * (long)(totalpages / 1000);
}

long oom_badness(struct task_struct *p, unsigned long totalpages)
{
	long points = OOM_BADNESS_NONE;

	if (oom_unkillable_task(p))
		return points;
	task_lock(p);
	if (p->mm)
		points = mm_badness(p, totalpages);
	task_unlock(p);
	return points;
}

unsigned long oom_score(struct task_struct *p)
{
	unsigned long totalpages = totalram_pages();
	long badness = oom_badness(p, totalpages);

	if (badness == OOM_BADNESS_NONE)
		return 0;
	return (unsigned long)((1000 + badness * 1000 / (long)totalpages) * 2 / 3);
}

struct oom_control {
	unsigned long totalpages;
	struct task_struct *chosen;	/* with a reference */
	long chosen_points;
	struct task_struct *init;	/* init, if it may be the last resort (with a reference) */
};

static void choose(struct task_struct **slot, struct task_struct *task)
{
	get_task_struct(task);
	if (*slot)
		put_task_struct(*slot);	/* never the last reference: it is still listed */
	*slot = task;
}

/*
 * One task of the walk (task_list_lock held). Ties go to the later task,
 * as in Linux. A process already on its way out is left alone: its memory
 * is coming back anyway.
 */
static void oom_evaluate_task(struct task_struct *task, void *arg)
{
	struct oom_control *oc = arg;
	long points = OOM_BADNESS_NONE;

	if (!task->pid || !task->files || fatal_signal_pending(task))
		return;
	task_lock(task);
	if (task->mm)
		points = mm_badness(task, oc->totalpages);
	task_unlock(task);
	if (points == OOM_BADNESS_NONE)
		return;
	if (task->tgid == 1) {
		if (!oc->init)
			choose(&oc->init, task);
		return;
	}
	if (oc->chosen && points < oc->chosen_points)
		return;
	choose(&oc->chosen, task);
	oc->chosen_points = points;
}

static void select_bad_process(struct oom_control *oc)
{
	for_each_task(oom_evaluate_task, oc);
	if (!oc->chosen) {
		oc->chosen = oc->init;
		oc->init = NULL;
	}
	if (oc->init)
		put_task_struct(oc->init);
}

/*
 * Whether the last victim is still to give its memory back (oom_lock
 * held). Once it has, or its time is up, it is forgotten.
 */
static bool victim_pending(void)
{
	struct mm_struct *mm = victim.mm;

	if (!mm)
		return false;
	if ((atomic_read(&mm->mm_users) > 0 || get_mm_rss(mm) > 0) &&
	    (long)(jiffies - victim.deadline) < 0)
		return true;
	victim.mm = NULL;
	mmdrop(mm);
	return false;
}

void oom_forget_victim(struct mm_struct *mm)
{
	bool was_victim;

	spin_lock(&oom_lock);
	was_victim = victim.mm == mm;
	if (was_victim)
		victim.mm = NULL;
	spin_unlock(&oom_lock);
	if (was_victim)
		mmdrop(mm);	/* not the last reference: the caller still holds its own */
}

/* The victim's address space, grabbed, made the one being waited for (oom_lock held). */
static struct mm_struct *mark_oom_victim(struct task_struct *task)
{
	struct mm_struct *mm;

	task_lock(task);
	mm = task->mm;
	if (mm)
		mmgrab(mm);
	task_unlock(task);
	if (!mm)
		return NULL;
	mmgrab(mm);
	victim.mm = mm;
	victim.deadline = jiffies + OOM_VICTIM_TIMEOUT;
	return mm;
}

struct rss_split {
	unsigned long anon, file, shmem;
};

/*
 * The victim's resident pages by kind, for the report. Its VMAs are only
 * looked at if its mmap_lock is free: the caller may hold its own, and
 * the victim may be itself.
 */
static void count_rss(struct mm_struct *mm, struct rss_split *rss)
{
	unsigned long total = get_mm_rss(mm);
	struct vm_area_struct *vma;

	rss->file = rss->shmem = 0;
	if (mmap_read_trylock(mm)) {
		list_for_each_entry(vma, &mm->mmap, vm_list)
			proc_count_shared_pages(vma, &rss->file, &rss->shmem);
		mmap_read_unlock(mm);
	}
	rss->anon = total > rss->file + rss->shmem ? total - rss->file - rss->shmem : 0;
}

/* Linux's line, field for field, so that a student can grep for it as on Linux. */
static void report_kill(struct task_struct *task, struct mm_struct *mm)
{
	struct rss_split rss;

	count_rss(mm, &rss);
	pr_err("Out of memory: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, "
	       "file-rss:%lukB, shmem-rss:%lukB, UID:%u pgtables:%lukB oom_score_adj:%d\n",
	       task->tgid, task->comm, K(mm->total_vm), K(rss.anon), K(rss.file), K(rss.shmem),
	       task->cred.uid, (unsigned long)atomic_long_read(&mm->pgtables_bytes) / 1024,
	       task->signal->oom_score_adj);
}

struct mm_sharers {
	struct mm_struct *mm;
	struct task_struct *skip;
};

/* Every other process using the victim's memory (CLONE_VM, vfork) must die too, or none is freed. */
static void kill_sharer(struct task_struct *task, void *arg)
{
	struct mm_sharers *sharers = arg;

	if (task->mm == sharers->mm && task->group_leader != sharers->skip->group_leader &&
	    task->files && !fatal_signal_pending(task))
		force_kill_process(task);
}

/* Victims killed since boot: /proc/vmstat's oom_kill. */
static unsigned long nr_oom_kills;

unsigned long vm_oom_kills(void)
{
	return __atomic_load_n(&nr_oom_kills, __ATOMIC_RELAXED);
}

static void oom_kill_process(struct task_struct *task, struct mm_struct *mm)
{
	struct mm_sharers sharers = { .mm = mm, .skip = task };

	__atomic_add_fetch(&nr_oom_kills, 1, __ATOMIC_RELAXED);
	report_kill(task, mm);
	force_kill_process(task);
	for_each_task(kill_sharer, &sharers);
	mmdrop(mm);
}

/*
 * Linux's last try before choosing (__alloc_pages_may_oom): a page free
 * now means the failure is over, or was not for want of memory (pages
 * freed by an exit since, a failure injected for a test); nobody needs to
 * die for it. The allocator drained every CPU's list before failing, so a
 * free page counted here can be had; those below the min watermark are
 * the reserve, which an allocation that may sleep does not get.
 */
static bool memory_came_back(void)
{
	return nr_free_pages() > min_wmark_pages();
}

/* Let the dying victim run, then try again (Linux's schedule_timeout_killable(1)). */
static bool wait_for_victim(void)
{
	msleep(1);
	return true;
}

bool out_of_memory(void)
{
	struct oom_control oc = { .totalpages = totalram_pages() };
	struct mm_struct *mm = NULL;

	if (fatal_signal_pending(current))
		return true;	/* dying: its own memory is about to come back */
	spin_lock(&oom_lock);
	if (victim_pending() || memory_came_back()) {
		spin_unlock(&oom_lock);
		return wait_for_victim();
	}
	select_bad_process(&oc);
	if (oc.chosen)
		mm = mark_oom_victim(oc.chosen);
	spin_unlock(&oom_lock);
	if (!oc.chosen)
		return false;
	if (mm) {
		pr_warn("%s invoked oom-killer: order=0, oom_score_adj=%d\n", current->comm,
			current->signal->oom_score_adj);
		oom_kill_process(oc.chosen, mm);
	}
	put_task_struct(oc.chosen);
	return fatal_signal_pending(current) || wait_for_victim();
}

void pagefault_out_of_memory(void)
{
	if (out_of_memory())
		return;
	pr_err("Out of memory and no killable processes: killing %s[%d], which faulted\n",
	       current->comm, current->tgid);
	force_kill_process(current);
}
