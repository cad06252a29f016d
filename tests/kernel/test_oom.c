/*
 * The OOM killer's arithmetic (mm/oom_kill.c) on a task made here: an
 * empty address space whose resident count is set by hand, a process's
 * shared state with an oom_score_adj, and a descriptor table pointer so
 * the task looks like a user process. oom_badness must follow Linux's
 * formula (resident pages, plus adj thousandths of all memory) and leave
 * out what is never chosen; oom_score must scale it to 0..2000. The
 * choosing and killing are tested by tests/user/oomkill.c.
 */
#include <kernel/ktest.h>
#include <kernel/sched.h>
#include <kernel/lib/string.h>
#include <mm/memory.h>
#include <mm/mm.h>
#include <mm/oom.h>
#include <mm/slab.h>

struct fake_process {
	struct task_struct *task;
	struct signal_struct *signal;
	struct mm_struct *mm;
};

static bool fake_process_make(struct fake_process *p, long rss, short adj)
{
	p->task = kzalloc(sizeof(*p->task), GFP_KERNEL);
	p->signal = kzalloc(sizeof(*p->signal), GFP_KERNEL);
	p->mm = mm_create();
	if (!p->task || !p->signal || !p->mm)
		return false;
	spin_lock_init(&p->task->alloc_lock);	/* oom_score takes it */
	p->task->tgid = p->task->pid = 1000;
	p->task->signal = p->signal;
	p->task->mm = p->mm;
	p->task->files = (struct files_struct *)p->signal;	/* any pointer: a user task */
	p->signal->oom_score_adj = adj;
	atomic_long_set(&p->mm->rss_stat[MM_ANONPAGES], rss);
	return true;
}

static void fake_process_free(struct fake_process *p)
{
	if (p->mm) {
		atomic_long_set(&p->mm->rss_stat[MM_ANONPAGES], 0);
		mmput(p->mm);
	}
	kfree(p->signal);
	kfree(p->task);
}

KTEST(oom, badness_is_rss_plus_adj_thousandths)
{
	unsigned long total = totalram_pages();
	struct fake_process p = { 0 };

	KT_ASSERT(fake_process_make(&p, 100, 0));
	KT_EXPECT_EQ(oom_badness(p.task, total), 100);
	p.signal->oom_score_adj = 500;
	KT_EXPECT_EQ(oom_badness(p.task, total), 100 + 500 * (long)(total / 1000));
	p.signal->oom_score_adj = -20;
	KT_EXPECT_EQ(oom_badness(p.task, total), 100 - 20 * (long)(total / 1000));
	fake_process_free(&p);
}

KTEST(oom, never_chosen_get_no_badness)
{
	unsigned long total = totalram_pages();
	struct fake_process p = { 0 };

	KT_ASSERT(fake_process_make(&p, 100, OOM_SCORE_ADJ_MIN));
	KT_EXPECT_EQ(oom_badness(p.task, total), OOM_BADNESS_NONE);
	p.signal->oom_score_adj = 0;
	p.task->in_vfork = true;
	KT_EXPECT_EQ(oom_badness(p.task, total), OOM_BADNESS_NONE);
	p.task->in_vfork = false;
	p.task->tgid = 1;	/* init */
	KT_EXPECT_EQ(oom_badness(p.task, total), OOM_BADNESS_NONE);
	p.task->tgid = 1000;
	p.task->files = NULL;	/* a kernel thread */
	KT_EXPECT_EQ(oom_badness(p.task, total), OOM_BADNESS_NONE);
	fake_process_free(&p);
}

KTEST(oom, score_is_scaled_to_2000)
{
	unsigned long total = totalram_pages();
	struct fake_process p = { 0 };

	KT_ASSERT(fake_process_make(&p, 0, OOM_SCORE_ADJ_MIN));
	KT_EXPECT_EQ(oom_score(p.task), 0);
	p.signal->oom_score_adj = 0;
	KT_EXPECT_EQ(oom_score(p.task), 666);	/* (1000 + 0) * 2 / 3 */
	atomic_long_set(&p.mm->rss_stat[MM_ANONPAGES], (long)total);
	KT_EXPECT_EQ(oom_score(p.task), 1333);	/* (1000 + 1000) * 2 / 3 */
	atomic_long_set(&p.mm->rss_stat[MM_ANONPAGES], 0);
	p.signal->oom_score_adj = OOM_SCORE_ADJ_MAX;
	KT_EXPECT(oom_score(p.task) > 1320 && oom_score(p.task) <= 1333);
	fake_process_free(&p);
}
