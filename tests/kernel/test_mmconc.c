/*
 * One address space shared by threads on several CPUs (mm/memory.c,
 * kernel/rwsem.c, docs/mm-concurrency.md). Kernel threads play the
 * threads of one process: each takes a user reference to an address space
 * made here and works in it (kthread_use_mm) through the user accessors,
 * so its faults are real faults, taken on whichever CPU it runs on.
 *
 * - concurrent first touches of the same pages install each page and each
 *   table once, and rss and the fault counters add up;
 * - munmap or mprotect in one thread while the others keep reading or
 *   writing: once the call has returned, no thread reaches the old page or
 *   the old permission (a stale TLB entry on another CPU would let it);
 * - munmap(2) in one thread waits for a fault in progress in another (it
 *   needs mmap_lock for writing: it frees what a fault may be using);
 * - the rwsem: readers together, writers alone, a queued writer holds back
 *   later readers, downgrade lets earlier readers in, no lost wake-up;
 * - the last of several users tears the address space down, once.
 *
 * Every test waits for its threads to be freed and checks that the memory
 * in use is back where it was.
 */
#include <kernel/ktest.h>
#include <kernel/syscalls.h>
#include <kernel/sched.h>
#include <kernel/rwsem.h>
#include <kernel/uaccess.h>
#include <kernel/atomic.h>
#include <kernel/lib/string.h>
#include <kernel/wait.h>
#include <kernel/time.h>
#include <asm/barrier.h>
#include <asm/timer.h>
#include <mm/memory.h>
#include <mm/mmap_lock.h>
#include <mm/mm.h>
#include <mm/pgtable.h>

#define NR_WORKERS 4
/* Generous: it only ends a hang (a lost wake-up, a deadlock), it decides nothing else. */
#define WAIT_LIMIT_NS 60000000000ull

/* What the workers of one test share. */
struct crew {
	struct mm_struct *mm;		/* NULL: the workers need no address space */
	unsigned long base, len;	/* the mapping they work on */
	int (*work)(struct crew *crew, int id);	/* returns the failures seen */
	atomic_t arrived, finished;
	int failures;
	/* test-specific */
	unsigned long phase;		/* mprotect: 3r + 1 open, 3r + 2 closed */
	atomic_t acked;			/* workers done with the current phase */
	unsigned long closed_prot;	/* mprotect: PROT_READ or PROT_NONE */
	unsigned long unmapped_round;	/* munmap: the last round whose munmap returned */
	bool stop;
};

struct worker {
	struct crew *crew;
	int id;
};

static struct worker workers[NR_WORKERS];

static int worker_main(void *arg)
{
	struct worker *w = arg;
	struct crew *crew = w->crew;
	int failures;

	if (crew->mm)
		kthread_use_mm(crew->mm);
	/* Everybody starts at once, so that the work really overlaps. */
	atomic_inc(&crew->arrived);
	while (atomic_read(&crew->arrived) < NR_WORKERS)
		cpu_relax();
	failures = crew->work(crew, w->id);
	if (crew->mm) {
		kthread_unuse_mm(crew->mm);
		mmput(crew->mm);
	}
	__atomic_add_fetch(&crew->failures, failures, __ATOMIC_RELAXED);
	atomic_inc(&crew->finished);
	return 0;
}

/* Start the workers, each with its own user reference to crew->mm. */
static bool start_crew(struct crew *crew, int (*work)(struct crew *, int))
{
	int i;

	crew->work = work;
	atomic_set(&crew->arrived, 0);
	atomic_set(&crew->finished, 0);
	crew->failures = 0;
	for (i = 0; i < NR_WORKERS; i++) {
		workers[i] = (struct worker){ crew, i };
		if (crew->mm)
			mmget(crew->mm);
		if (!kthread_run(worker_main, &workers[i], "mmconc"))
			return false;
	}
	return true;
}

/* Yield until done(arg); false if WAIT_LIMIT_NS passes first. */
static bool wait_until(bool (*done)(const void *arg), const void *arg)
{
	u64 deadline = ktime_get_ns() + WAIT_LIMIT_NS;

	while (!done(arg)) {
		if (ktime_get_ns() > deadline)
			return false;
		msleep(1);
	}
	return true;
}

static bool crew_finished(const void *crew)
{
	return atomic_read(&((const struct crew *)crew)->finished) == NR_WORKERS;
}

static bool wait_crew(struct crew *crew)
{
	return wait_until(crew_finished, crew);
}

/* The finished threads are freed by the next switch on their CPUs. */
static bool tasks_freed(const void *count)
{
	return nr_tasks() <= *(const unsigned long *)count;
}

struct baseline {
	unsigned long tasks, pages, areas;
};

static void baseline_take(struct baseline *b)
{
	b->tasks = nr_tasks();
	ktest_memory_in_use(&b->pages, &b->areas);
}

static void expect_baseline(struct ktest_ctx *t, const struct baseline *b)
{
	unsigned long pages, areas;

	KT_EXPECT(wait_until(tasks_freed, &b->tasks));
	ktest_memory_in_use(&pages, &areas);
	KT_EXPECT_EQ(pages, b->pages);
	KT_EXPECT_EQ(areas, b->areas);
}

/* An address space with one private read/write mapping of len bytes. */
static bool crew_mm(struct crew *crew, unsigned long len)
{
	crew->mm = mm_create();
	if (!crew->mm)
		return false;
	crew->len = len;
	crew->base = vm_mmap(crew->mm, NULL, 0, len, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, 0);
	return !IS_ERR_VALUE(crew->base);
}

/* The kernel's view of the u64 at va in mm, or NULL if no page is mapped there. */
static u64 *user_word(struct mm_struct *mm, unsigned long va)
{
	phys_addr_t pa;

	if (!translate_va(mm->pgd, va, &pa, NULL))
		return NULL;
	return __va(pa);
}

/* ---------------------------------------------------- concurrent faults */

/* 4 pages at the start of each of 64 2 MiB slots: 64 last-level tables, all raced for. */
#define SLOTS 64
#define PAGES_PER_SLOT 4
#define SLOT_SIZE (UL(2) << 20)

static unsigned long touched_page(struct crew *crew, int n)
{
	return crew->base + (n / PAGES_PER_SLOT) * SLOT_SIZE + (n % PAGES_PER_SLOT) * PAGE_SIZE;
}

/* Every worker writes its own word of every page, in the same order: they collide. */
static int touch_every_page(struct crew *crew, int id)
{
	int n, failures = 0;

	for (n = 0; n < SLOTS * PAGES_PER_SLOT; n++) {
		u64 value = (u64)n << 8 | (u64)id;

		if (copy_to_user(touched_page(crew, n) + id * sizeof(u64), &value, sizeof(value)))
			failures++;
	}
	return failures;
}

KTEST(mmconc, concurrent_faults_install_each_page_once)
{
	static struct crew crew;
	unsigned long faults_before = vm_page_faults();
	struct baseline before;
	int n, id, lost = 0, shared = 0;

	baseline_take(&before);
	memset(&crew, 0, sizeof(crew));
	KT_ASSERT(crew_mm(&crew, SLOTS * SLOT_SIZE));
	KT_ASSERT(start_crew(&crew, touch_every_page));
	KT_ASSERT(wait_crew(&crew));
	KT_EXPECT_EQ(crew.failures, 0);
	/* A page installed twice would have lost the words written to the first one. */
	for (n = 0; n < SLOTS * PAGES_PER_SLOT; n++) {
		u64 *words = user_word(crew.mm, touched_page(&crew, n));

		for (id = 0; words && id < NR_WORKERS; id++)
			lost += words[id] != ((u64)n << 8 | (u64)id);
		lost += !words;
		shared += words && virt_to_page(words)->_refcount != 1;
	}
	KT_EXPECT_EQ(lost, 0);
	KT_EXPECT_EQ(shared, 0);
	KT_EXPECT_EQ((long)get_mm_rss(crew.mm), SLOTS * PAGES_PER_SLOT);
	/* No other address space faults during the tests: both counters saw every fault. */
	KT_EXPECT_EQ(vm_page_faults() - faults_before, crew.mm->min_flt);
	KT_EXPECT(crew.mm->min_flt >= SLOTS * PAGES_PER_SLOT);
	mmput(crew.mm);
	expect_baseline(t, &before);
}

/* ------------------------------------------- munmap while others read */

#define CHURN_PAGES 4
/* Every round costs broadcast TLB flushes, slow under QEMU's TCG: a few dozen show a stale entry. */
#define CHURN_ROUNDS 40
/* Each of these rounds makes three broadcast flushes of every page: fewer. */
#define PROTECT_ROUNDS 20
#define MARKER_BASE 0x6d61726b00000000ull	/* "mark", the page, the round */

/*
 * The page's own index is in its marker: a freed page soon backs another
 * address of the same range again, and a stale translation to it must not
 * pass for the new page of its own address.
 */
static u64 marker(int page, unsigned long round)
{
	return MARKER_BASE | (u64)page << 16 | round;
}

static bool is_stale(u64 value, int page, unsigned long gone)
{
	return value != marker(page, value & 0xffff) || (value & 0xffff) <= gone;
}

/*
 * Markers go in and out 64 bytes at a time: the copy routines then move
 * each aligned word with one access, so a word is never read half from
 * one page and half from the next (a shorter copy goes byte by byte).
 */
struct line {
	u64 word[8];
};

static int write_markers(struct crew *crew, unsigned long round)
{
	struct line line = { { 0 } };
	int p, failures = 0;

	for (p = 0; p < CHURN_PAGES; p++) {
		line.word[0] = marker(p, round);
		failures += copy_to_user(crew->base + p * PAGE_SIZE, &line, sizeof(line)) != 0;
	}
	return failures;
}

/*
 * Worker 0 fills the pages with this round's marker, unmaps them, says
 * so, and maps fresh zeroed pages at the same place for the next round.
 */
static int unmap_in_rounds(struct crew *crew)
{
	unsigned long round;
	int failures = 0;

	for (round = 1; round <= CHURN_ROUNDS; round++) {
		failures += write_markers(crew, round);
		mmap_write_lock(crew->mm);
		failures += do_munmap(crew->mm, crew->base, crew->len) != 0;
		mmap_write_unlock(crew->mm);
		__atomic_store_n(&crew->unmapped_round, round, __ATOMIC_RELEASE);
		failures += vm_mmap(crew->mm, NULL, crew->base, crew->len, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0) != crew->base;
	}
	__atomic_store_n(&crew->stop, true, __ATOMIC_RELEASE);
	return failures;
}

/*
 * The others read all the time. A read may fault (-EFAULT, between munmap
 * and mmap), or see a fresh page (0) or this page's marker of a round
 * whose munmap had not returned when the read began. A marker of an
 * earlier round, or of another page, is an old page reached through a
 * stale TLB entry.
 */
static int read_while_unmapped(struct crew *crew, int id)
{
	int p, failures = 0;

	if (id == 0)
		return unmap_in_rounds(crew);
	while (!__atomic_load_n(&crew->stop, __ATOMIC_ACQUIRE)) {
		for (p = 0; p < CHURN_PAGES; p++) {
			unsigned long gone = __atomic_load_n(&crew->unmapped_round, __ATOMIC_ACQUIRE);
			struct line line;
			u64 value;

			if (copy_from_user(&line, crew->base + p * PAGE_SIZE, sizeof(line)))
				continue;
			value = line.word[0];
			if (value == 0)
				continue;
			if (is_stale(value, p, gone))
				failures++;
		}
	}
	return failures;
}

KTEST(mmconc, munmap_while_others_read_never_shows_the_old_page)
{
	static struct crew crew;
	struct baseline before;

	baseline_take(&before);
	memset(&crew, 0, sizeof(crew));
	KT_ASSERT(crew_mm(&crew, CHURN_PAGES * PAGE_SIZE));
	KT_ASSERT(start_crew(&crew, read_while_unmapped));
	KT_ASSERT(wait_crew(&crew));
	KT_EXPECT_EQ(crew.failures, 0);
	mmput(crew.mm);
	expect_baseline(t, &before);
}

/* -------------------------------------- mprotect while others access */

/*
 * Worker 0 sets the phase; the others acknowledge each one. Whoever waits
 * sleeps on phase_wait: with every CPU busy polling instead, QEMU's
 * broadcast TLB invalidations (which stop every virtual CPU) get slow.
 */
static DECLARE_WAIT_QUEUE_HEAD(phase_wait);

static void next_phase(struct crew *crew, unsigned long phase)
{
	atomic_set(&crew->acked, 0);
	__atomic_store_n(&crew->phase, phase, __ATOMIC_RELEASE);
	wake_up(&phase_wait);
	wait_event(phase_wait, atomic_read(&crew->acked) == NR_WORKERS - 1);
}

static int protect(struct crew *crew, unsigned long prot)
{
	int err;

	mmap_write_lock(crew->mm);
	err = do_mprotect(crew->mm, crew->base, crew->len, prot);
	mmap_write_unlock(crew->mm);
	return err != 0;
}

/*
 * Each round: the pages are made accessible and every other worker
 * accesses them at least once (so their CPUs' TLBs hold the entries);
 * then worker 0 takes the access away, and once mprotect has returned,
 * every access must fault.
 */
static int protect_in_rounds(struct crew *crew)
{
	unsigned long round;
	int failures = 0;

	for (round = 0; round < PROTECT_ROUNDS; round++) {
		failures += protect(crew, PROT_READ | PROT_WRITE);
		failures += write_markers(crew, round + 1);
		next_phase(crew, 3 * round + 1);
		failures += protect(crew, crew->closed_prot);
		next_phase(crew, 3 * round + 2);
	}
	__atomic_store_n(&crew->stop, true, __ATOMIC_RELEASE);
	wake_up(&phase_wait);
	return failures;
}

/* A write if the closed state is read-only, else a read: 0 if it went through. */
static int access_once(struct crew *crew, int p)
{
	struct line line = { { 0 } };
	unsigned long va = crew->base + p * PAGE_SIZE + sizeof(line);

	if (crew->closed_prot == PROT_READ)
		return copy_to_user(va, &line, sizeof(line)) != 0;
	return copy_from_user(&line, va, sizeof(line)) != 0;
}

static int access_while_protected(struct crew *crew, int id)
{
	unsigned long seen = 0, phase;
	int p, failures = 0;

	if (id == 0)
		return protect_in_rounds(crew);
	for (;;) {
		wait_event(phase_wait, __atomic_load_n(&crew->phase, __ATOMIC_ACQUIRE) != seen ||
				       __atomic_load_n(&crew->stop, __ATOMIC_ACQUIRE));
		if (__atomic_load_n(&crew->stop, __ATOMIC_ACQUIRE))
			return failures;
		phase = __atomic_load_n(&crew->phase, __ATOMIC_ACQUIRE);
		for (p = 0; p < CHURN_PAGES; p++) {
			bool open = phase % 3 == 1;
			int faulted = access_once(crew, p);

			failures += open ? faulted : !faulted;
		}
		seen = phase;
		atomic_inc(&crew->acked);
		wake_up(&phase_wait);
	}
}

static void run_protect_test(struct ktest_ctx *t, struct crew *crew, unsigned long closed_prot)
{
	struct baseline before;

	baseline_take(&before);
	memset(crew, 0, sizeof(*crew));
	crew->closed_prot = closed_prot;
	KT_ASSERT(crew_mm(crew, CHURN_PAGES * PAGE_SIZE));
	KT_ASSERT(start_crew(crew, access_while_protected));
	KT_ASSERT(wait_crew(crew));
	KT_EXPECT_EQ(crew->failures, 0);
	mmput(crew->mm);
	expect_baseline(t, &before);
}

KTEST(mmconc, mprotect_read_only_stops_every_cpus_writes)
{
	static struct crew crew;

	run_protect_test(t, &crew, PROT_READ);
}

KTEST(mmconc, mprotect_none_stops_every_cpus_reads)
{
	static struct crew crew;

	run_protect_test(t, &crew, PROT_NONE);
}

/* ------------------------------------------------------ the last user */

static int touch_and_leave(struct crew *crew, int id)
{
	unsigned long va;
	int failures = 0;

	for (va = crew->base; va < crew->base + crew->len; va += PAGE_SIZE)
		failures += copy_to_user(va + id, "x", 1) != 0;
	return failures;
}

KTEST(mmconc, last_user_tears_down_the_mm_once)
{
	static struct crew crew;
	struct baseline before;
	struct mm_struct *mm;

	baseline_take(&before);
	memset(&crew, 0, sizeof(crew));
	KT_ASSERT(crew_mm(&crew, 64 * PAGE_SIZE));
	mm = crew.mm;
	mmgrab(mm);		/* the struct outlives its users, to be looked at */
	KT_ASSERT(start_crew(&crew, touch_and_leave));
	mmput(mm);		/* one of the workers is now the last user */
	KT_ASSERT(wait_crew(&crew));
	KT_EXPECT_EQ(crew.failures, 0);
	KT_EXPECT_EQ(atomic_read(&mm->mm_users), 0);
	KT_EXPECT_EQ(atomic_read(&mm->mm_count), 1);
	KT_EXPECT_EQ(mm->map_count, 0);
	KT_EXPECT_EQ((long)get_mm_rss(mm), 0);
	mmdrop(mm);
	expect_baseline(t, &before);
}

/* ---------------------------------------------------------------- rwsem */

static struct rw_semaphore test_sem;
static atomic_t readers_inside, writers_inside;

/* Each reader waits inside until all are: it would wait forever if readers excluded each other. */
static int read_together(struct crew *crew __unused, int id __unused)
{
	u64 deadline = ktime_get_ns() + WAIT_LIMIT_NS;
	int failures = 0;

	down_read(&test_sem);
	atomic_inc(&readers_inside);
	while (atomic_read(&readers_inside) < NR_WORKERS && !failures)
		failures = ktime_get_ns() > deadline;
	up_read(&test_sem);
	return failures;
}

/* The workers run work on a fresh test_sem; it must end free, with nobody queued. */
static void run_rwsem_crew(struct ktest_ctx *t, int (*work)(struct crew *, int))
{
	static struct crew crew;

	memset(&crew, 0, sizeof(crew));
	init_rwsem(&test_sem);
	atomic_set(&readers_inside, 0);
	atomic_set(&writers_inside, 0);
	KT_ASSERT(start_crew(&crew, work));
	KT_ASSERT(wait_crew(&crew));
	KT_EXPECT_EQ(crew.failures, 0);
	KT_EXPECT_EQ(test_sem.count, 0);
	KT_EXPECT(list_empty(&test_sem.wait_list));
}

KTEST(mmconc, rwsem_readers_share)
{
	run_rwsem_crew(t, read_together);
}

#define RWSEM_ROUNDS 400
static unsigned long guarded_counter;

/*
 * Readers and writers in turn; some sleep while holding the lock, so the
 * others queue and must be woken. A lost wake-up hangs the test; a writer
 * beside anyone else, or a lost update of the plain counter, fails it.
 */
static int read_and_write(struct crew *crew __unused, int id)
{
	int i, failures = 0;

	for (i = 0; i < RWSEM_ROUNDS; i++) {
		bool writer = (i + id) % 4 == 0;

		if (writer) {
			down_write(&test_sem);
			failures += atomic_add_return(1, &writers_inside) != 1 ||
				    atomic_read(&readers_inside) != 0;
			guarded_counter++;
		} else {
			down_read(&test_sem);
			atomic_inc(&readers_inside);
			failures += atomic_read(&writers_inside) != 0;
		}
		if (i % 8 == 0)
			schedule();
		if (writer) {
			atomic_dec(&writers_inside);
			up_write(&test_sem);
		} else {
			atomic_dec(&readers_inside);
			up_read(&test_sem);
		}
	}
	return failures;
}

KTEST(mmconc, rwsem_writers_alone_and_no_lost_wakeups)
{
	guarded_counter = 0;
	run_rwsem_crew(t, read_and_write);
	KT_EXPECT_EQ(guarded_counter, NR_WORKERS * RWSEM_ROUNDS / 4);
}

static bool got_read, got_write;

static int take_write(void *arg __unused)
{
	down_write(&test_sem);
	WRITE_ONCE(got_write, true);
	up_write(&test_sem);
	return 0;
}

static int take_read(void *arg __unused)
{
	down_read(&test_sem);
	WRITE_ONCE(got_read, true);
	up_read(&test_sem);
	return 0;
}

/* At least *n tasks wait on test_sem. */
static bool has_waiters(const void *n)
{
	struct list_head *entry;
	int count = 0;

	spin_lock(&test_sem.wait_lock);
	for (entry = test_sem.wait_list.next; entry != &test_sem.wait_list; entry = entry->next)
		count++;
	spin_unlock(&test_sem.wait_lock);
	return count >= *(const int *)n;
}

static bool wait_for_waiters(int n)
{
	return wait_until(has_waiters, &n);
}

static bool flag_set(const void *flag)
{
	return READ_ONCE(*(const bool *)flag);
}

static bool wait_for_flag(bool *flag)
{
	return wait_until(flag_set, flag);
}

KTEST(mmconc, rwsem_queued_writer_holds_back_new_readers)
{
	struct baseline before;

	baseline_take(&before);
	init_rwsem(&test_sem);
	got_write = false;
	down_read(&test_sem);
	KT_ASSERT(kthread_run(take_write, NULL, "writer"));
	KT_ASSERT(wait_for_waiters(1));
	/* Readers could share with the holder, but the writer came first. */
	KT_EXPECT(!down_read_trylock(&test_sem));
	KT_EXPECT(!down_write_trylock(&test_sem));
	KT_EXPECT(!READ_ONCE(got_write));
	up_read(&test_sem);
	KT_EXPECT(wait_for_flag(&got_write));
	expect_baseline(t, &before);
	KT_EXPECT(down_write_trylock(&test_sem));
	KT_EXPECT(!down_read_trylock(&test_sem));
	up_write(&test_sem);
	KT_EXPECT_EQ(test_sem.count, 0);
}

KTEST(mmconc, rwsem_downgrade_lets_earlier_readers_in)
{
	struct baseline before;

	baseline_take(&before);
	init_rwsem(&test_sem);
	got_read = got_write = false;
	down_write(&test_sem);
	KT_ASSERT(kthread_run(take_read, NULL, "reader"));
	KT_ASSERT(wait_for_waiters(1));
	KT_ASSERT(kthread_run(take_write, NULL, "writer"));
	KT_ASSERT(wait_for_waiters(2));
	downgrade_write(&test_sem);
	/* The reader queued before the writer shares with us; the writer waits. */
	KT_EXPECT(wait_for_flag(&got_read));
	KT_EXPECT(!READ_ONCE(got_write));
	up_read(&test_sem);
	KT_EXPECT(wait_for_flag(&got_write));
	expect_baseline(t, &before);
	KT_EXPECT_EQ(test_sem.count, 0);
}

/* ------------------------------------ munmap against a fault in progress */

#define NR_MUNMAP 215	/* AArch64's number of munmap(2) */

static struct mm_struct *unmap_mm;
static unsigned long unmap_base;
static long unmap_result;
static bool unmap_returned;

/* A thread of the process calls munmap(2), through the system call table as a program would. */
static int call_munmap(void *arg __unused)
{
	u64 args[6] = { unmap_base, PAGE_SIZE };

	kthread_use_mm(unmap_mm);
	unmap_result = invoke_syscall(NR_MUNMAP, args);
	kthread_unuse_mm(unmap_mm);
	mmput(unmap_mm);
	__atomic_store_n(&unmap_returned, true, __ATOMIC_RELEASE);
	return 0;
}

/* The munmap either sleeps on mmap_lock or got through without waiting. */
static bool munmap_queued_or_returned(const void *mm)
{
	const struct mm_struct *m = mm;

	return READ_ONCE(m->mmap_lock.wait_list.next) != &m->mmap_lock.wait_list ||
	       __atomic_load_n(&unmap_returned, __ATOMIC_ACQUIRE);
}

/*
 * A fault holds mmap_lock for reading while it looks at the VMA and fills
 * the tables; munmap in another thread frees both, so it must wait until
 * the fault is done. The test plays the fault by holding the lock itself:
 * the munmap must queue for it and return only once it is let go.
 */
KTEST(mmconc, munmap_waits_for_a_fault_in_progress)
{
	static struct crew crew;
	struct baseline before;
	bool started;

	baseline_take(&before);
	memset(&crew, 0, sizeof(crew));
	KT_ASSERT(crew_mm(&crew, PAGE_SIZE));
	unmap_mm = crew.mm;
	unmap_base = crew.base;
	unmap_result = 1;
	unmap_returned = false;
	mmget(crew.mm);
	mmap_read_lock(crew.mm);
	started = kthread_run(call_munmap, NULL, "munmap") != NULL;
	if (started) {
		KT_EXPECT(wait_until(munmap_queued_or_returned, crew.mm));
		KT_EXPECT(!__atomic_load_n(&unmap_returned, __ATOMIC_ACQUIRE));
	}
	mmap_read_unlock(crew.mm);
	KT_ASSERT(started);
	KT_EXPECT(wait_for_flag(&unmap_returned));
	KT_EXPECT_EQ(unmap_result, 0);
	mmap_read_lock(crew.mm);
	KT_EXPECT(find_vma(crew.mm, crew.base) == NULL);
	mmap_read_unlock(crew.mm);
	mmput(crew.mm);
	expect_baseline(t, &before);
}
