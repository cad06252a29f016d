/*
 * The ASID allocator on real CPUs (arch/arm64/mm/context.c). Kernel
 * threads on every CPU switch among many address spaces, keep making new
 * ones and dropping old ones, so that with asid_bits=8 (the asid8 boot
 * suite in tests/run.py) the generation rolls over several times while
 * the others run. Each address space has one page at the same user
 * address holding its own stamp, and one more is shared by all threads
 * (as the threads of one process). Checked throughout:
 * - every read through the user address finds the stamp of the address
 *   space switched to: no TLB entry of a reused ASID survived a rollover;
 * - TTBR0 carries the ASID the mm's context id names;
 * - no two live address spaces hold the same ASID in the current generation;
 * - at the end, every page and task is given back.
 * With 16-bit ASIDs (the default suite) the same runs without a rollover.
 */
#include <kernel/ktest.h>
#include <kernel/sched.h>
#include <kernel/uaccess.h>
#include <kernel/atomic.h>
#include <kernel/spinlock.h>
#include <kernel/time.h>
#include <asm/asid.h>
#include <asm/sysreg.h>
#include <asm/preempt.h>
#include <asm/timer.h>
#include <mm/memory.h>
#include <mm/mm.h>

#define NR_WORKERS 4
#define WINDOW 16		/* address spaces each worker keeps alive */
#define ITERATIONS 600		/* per worker: 300 new address spaces each */
#define STAMP_VA 0x10000000UL
#define WAIT_LIMIT_NS 60000000000ull	/* only ends a hang */

struct stamped_mm {
	struct mm_struct *mm;
	u64 stamp;
};

static struct stamped_mm live[NR_WORKERS][WINDOW];
static struct stamped_mm shared;
static DEFINE_SPINLOCK(live_lock);	/* live[][]: the checker reads what workers replace */
static atomic_t next_stamp, failures, finished;

/* An address space whose page at STAMP_VA holds a new stamp, written from inside it. */
static bool stamped_mm_create(struct stamped_mm *s)
{
	s->mm = mm_create();
	if (!s->mm)
		return false;
	s->stamp = (u64)atomic_add_return(1, &next_stamp);
	if (vm_mmap(s->mm, NULL, STAMP_VA, PAGE_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0) != STAMP_VA)
		return false;
	kthread_use_mm(s->mm);
	if (copy_to_user(STAMP_VA, &s->stamp, sizeof(s->stamp)))
		s->stamp = 0;
	kthread_unuse_mm(s->mm);
	return s->stamp != 0;
}

/* Switch to s->mm; whether TTBR0 and the page seen at STAMP_VA are its own. */
static bool visit(const struct stamped_mm *s)
{
	u64 seen = 0;
	bool ttbr_ok;

	kthread_use_mm(s->mm);
	preempt_disable();
	ttbr_ok = (read_sysreg(ttbr0_el1) >> 48) == mm_asid(s->mm);
	preempt_enable();
	if (copy_from_user(&seen, STAMP_VA, sizeof(seen)))
		seen = 0;
	kthread_unuse_mm(s->mm);
	return ttbr_ok && seen == s->stamp;
}

static bool asid_seen(const unsigned int *asids, int n, unsigned int asid)
{
	for (int i = 0; i < n; i++)
		if (asids[i] == asid)
			return true;
	return false;
}

/*
 * Whether the live address spaces of the current generation have distinct
 * ASIDs. An mm's id only ever moves into the current generation, so a
 * snapshot taken while the generation stays the same is a fair one.
 */
static bool asids_distinct(void)
{
	static unsigned int asids[NR_WORKERS * WINDOW + 1];
	long generation = atomic_long_read(&asid_generation);
	bool distinct = true;
	int n = 0;

	spin_lock(&live_lock);
	for (int w = 0; w < NR_WORKERS; w++) {
		for (int k = 0; k <= WINDOW; k++) {
			struct mm_struct *mm = k < WINDOW ? live[w][k].mm : shared.mm;
			long id = mm ? atomic_long_read(&mm->context_id) : 0;

			if (!mm || (k == WINDOW && w > 0) ||
			    (id ^ generation) >> asid_bits)
				continue;
			if (asid_seen(asids, n, ctxid2asid(id)))
				distinct = false;
			asids[n++] = ctxid2asid(id);
		}
	}
	spin_unlock(&live_lock);
	return distinct || atomic_long_read(&asid_generation) != generation;
}

/* Put a new address space in slot, dropping the one that was there. */
static bool replace(struct stamped_mm *slot)
{
	struct stamped_mm fresh, old;

	if (!stamped_mm_create(&fresh)) {
		if (fresh.mm)
			mmput(fresh.mm);
		return false;
	}
	spin_lock(&live_lock);
	old = *slot;
	*slot = fresh;
	spin_unlock(&live_lock);
	if (old.mm)
		mmput(old.mm);
	return true;
}

/* Alternately renews a window of address spaces and revisits it, now and then the shared one. */
static int asid_worker(void *arg)
{
	struct stamped_mm *window = arg;
	int bad = 0;

	for (int i = 0; i < ITERATIONS && !bad; i++) {
		struct stamped_mm *slot = &window[i % WINDOW];

		if ((i / WINDOW) % 2 == 0 && !replace(slot))
			bad++;
		else if (!visit(i % 4 == 3 ? &shared : slot))
			bad++;
		else if (i % 8 == 0 && !asids_distinct())
			bad++;
	}
	for (int k = 0; k < WINDOW; k++) {
		struct mm_struct *mm;

		spin_lock(&live_lock);
		mm = window[k].mm;
		window[k].mm = NULL;
		spin_unlock(&live_lock);
		if (mm)
			mmput(mm);
	}
	atomic_add_return(bad, &failures);
	atomic_inc(&finished);
	return 0;
}

/* Yield until done(); false if WAIT_LIMIT_NS passes first (a hang). */
static bool wait_for(bool (*done)(void))
{
	u64 deadline = ktime_get_ns() + WAIT_LIMIT_NS;

	while (!done()) {
		if (ktime_get_ns() > deadline)
			return false;
		msleep(1);
	}
	return true;
}

static bool workers_finished(void)
{
	return atomic_read(&finished) == NR_WORKERS;
}

static unsigned long tasks_before;

static bool workers_freed(void)
{
	return nr_tasks() <= tasks_before;
}

KTEST(asid, rollover_keeps_address_spaces_apart)
{
	unsigned long pages_before, areas_before, pages, areas;
	long generation = atomic_long_read(&asid_generation);
	long rollovers;

	tasks_before = nr_tasks();
	ktest_memory_in_use(&pages_before, &areas_before);
	atomic_set(&failures, 0);
	atomic_set(&finished, 0);
	KT_ASSERT(stamped_mm_create(&shared));
	for (int w = 0; w < NR_WORKERS; w++)
		KT_ASSERT(kthread_run(asid_worker, live[w], "asidtest"));
	KT_ASSERT(wait_for(workers_finished));
	rollovers = (atomic_long_read(&asid_generation) - generation) >> asid_bits;
	KT_EXPECT_EQ(atomic_read(&failures), 0);
	if (asid_bits == 8)
		KT_EXPECT(rollovers >= 3);
	mmput(shared.mm);
	shared.mm = NULL;
	KT_EXPECT(wait_for(workers_freed));
	ktest_memory_in_use(&pages, &areas);
	KT_EXPECT_EQ(pages, pages_before);
	KT_EXPECT_EQ(areas, areas_before);
}
