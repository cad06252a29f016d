/*
 * The checks of mm/page_table_check.c. The plain tests show that honest
 * address spaces pass: their counters follow their pages and tables, and
 * giving them back reports nothing. The expected-outcome ones corrupt an
 * address space on purpose (a counter off by one, a table of another mm
 * linked in, a page mapped twice on one reference, an entry outside every
 * VMA, a VMA of another mm),
 * give it back with the check on, and end the boot once it has reported:
 * the harness matches the report's lines. Each boots alone, so that its
 * reports stay out of the other tests' logs.
 */
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/errno.h>
#include <mm/memory.h>
#include <mm/mm.h>
#include <mm/pgtable.h>
#include <mm/mmap_lock.h>
#include <mm/page_table_check.h>

#define NR_PAGES 4

static unsigned long map_anon(struct mm_struct *mm)
{
	return do_mmap(mm, NULL, 0, NR_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
}

/* An address space with its first page written: three tables below the root, one anon page. */
static struct mm_struct *mm_with_a_page(unsigned long *addr)
{
	struct mm_struct *mm = mm_create();

	if (!mm)
		return NULL;
	*addr = map_anon(mm);
	if (IS_ERR_VALUE(*addr) || handle_mm_fault(mm, *addr, true, false)) {
		mmput(mm);
		return NULL;
	}
	return mm;
}

KTEST(page_table_check, counters_follow_pages_and_tables)
{
	unsigned long reports = page_table_check_reports, pages, areas, addr;
	struct mm_struct *mm;

	ktest_memory_in_use(&pages, &areas);
	page_table_check_enabled = true;
	mm = mm_with_a_page(&addr);
	KT_ASSERT(mm);
	KT_EXPECT_EQ(get_mm_counter(mm, MM_ANONPAGES), 1);
	KT_EXPECT_EQ(get_mm_counter(mm, MM_FILEPAGES), 0);
	KT_EXPECT_EQ(atomic_long_read(&mm->pgtables_bytes), 3 * PAGE_SIZE);
	KT_EXPECT_EQ(do_munmap(mm, addr, NR_PAGES * PAGE_SIZE), 0);
	KT_EXPECT_EQ(get_mm_counter(mm, MM_ANONPAGES), 0);
	/* munmap frees the tables it emptied. */
	KT_EXPECT_EQ(atomic_long_read(&mm->pgtables_bytes), 0);
	mmput(mm);
	KT_EXPECT_EQ(page_table_check_reports, reports);
	ktest_memory_in_use(&addr, &areas);
	KT_EXPECT_EQ(addr, pages);
}

KTEST(page_table_check, fork_copy_is_counted_and_given_back_cleanly)
{
	unsigned long reports = page_table_check_reports, addr;
	struct mm_struct *mm, *child;

	page_table_check_enabled = true;
	mm = mm_with_a_page(&addr);
	KT_ASSERT(mm);
	child = mm_create();
	KT_ASSERT(child);
	mmap_write_lock(mm);
	KT_EXPECT_EQ(dup_mmap(child, mm), 0);
	mmap_write_unlock(mm);
	KT_EXPECT_EQ(get_mm_counter(child, MM_ANONPAGES), 1);
	KT_EXPECT_EQ(atomic_long_read(&child->pgtables_bytes), 3 * PAGE_SIZE);
	/* The child's write copies the page: still one anonymous page each. */
	KT_EXPECT_EQ(handle_mm_fault(child, addr, true, false), 0);
	KT_EXPECT_EQ(get_mm_counter(child, MM_ANONPAGES), 1);
	mmput(mm);
	mmput(child);
	KT_EXPECT_EQ(page_table_check_reports, reports);
}

/* Ends an expected-outcome test: the reports it provoked are in the log by now. */
static void __noreturn end_after_reports(unsigned long reports_before)
{
	panic("page_table_check: %lu new report(s)", page_table_check_reports - reports_before);
}

KTEST_EXPECT_PANIC(page_table_check, rss_counter_off_by_one)
{
	unsigned long reports = page_table_check_reports, addr;
	struct mm_struct *mm = mm_with_a_page(&addr);

	ktest_expect_report("BUG: Bad rss-counter state mm:");
	ktest_expect_report(" type:MM_ANONPAGES val:1");
	ktest_expect_report("Kernel panic - not syncing: page_table_check: 1 new report(s)");
	KT_ASSERT(mm);
	add_mm_counter(mm, MM_ANONPAGES, 1);
	mmput(mm);
	end_after_reports(reports);
}

KTEST_EXPECT_PANIC(page_table_check, pgtables_bytes_left)
{
	unsigned long reports = page_table_check_reports, addr;
	struct mm_struct *mm = mm_with_a_page(&addr);

	ktest_expect_report("BUG: non-zero pgtables_bytes on freeing mm: 4096");
	ktest_expect_report("Kernel panic - not syncing: page_table_check: 1 new report(s)");
	KT_ASSERT(mm);
	atomic_long_add(PAGE_SIZE, &mm->pgtables_bytes);
	mmput(mm);
	end_after_reports(reports);
}

/*
 * A second entry maps the page without the reference a mapping takes:
 * the exit's first unmap frees the page, the second must not free it again.
 */
KTEST_EXPECT_PANIC(page_table_check, page_unmapped_twice)
{
	unsigned long reports = page_table_check_reports, addr;
	struct mm_struct *mm = mm_with_a_page(&addr);
	pte_t *first, *second;
	int err = 0;

	ktest_expect_report("BUG: Bad page map in process ");
	ktest_expect_report("page dumped because: unmapped, but no reference was left");
	ktest_expect_report("Kernel panic - not syncing: page_table_check: 1 new report(s)");
	KT_ASSERT(mm);
	page_table_check_enabled = true;
	first = pte_alloc(mm->pgd, addr, &mm->page_table_lock, &err);
	second = pte_alloc(mm->pgd, addr + PAGE_SIZE, &mm->page_table_lock, &err);
	KT_ASSERT(first && second);
	set_pte(second, *first);	/* neither a reference nor a count: behind the mm's back */
	mmput(mm);
	end_after_reports(reports);
}

/*
 * An entry no VMA covers (the page's second, past the area's end): the
 * exit's unmap never reaches it, and the check names it by its address.
 */
KTEST_EXPECT_PANIC(page_table_check, entry_outside_every_vma)
{
	unsigned long reports = page_table_check_reports, addr;
	struct mm_struct *mm = mm_with_a_page(&addr);
	pte_t *first, *stray;
	int err = 0;

	ktest_expect_report("BUG: Bad page map in process ");
	ktest_expect_report(" outlived its VMA (mm ");
	ktest_expect_report("Kernel panic - not syncing: page_table_check: 1 new report(s)");
	KT_ASSERT(mm);
	page_table_check_enabled = true;
	first = pte_alloc(mm->pgd, addr, &mm->page_table_lock, &err);
	stray = pte_alloc(mm->pgd, addr + NR_PAGES * PAGE_SIZE, &mm->page_table_lock, &err);
	KT_ASSERT(first && stray && !find_vma_intersection(mm, addr + NR_PAGES * PAGE_SIZE,
							  addr + (NR_PAGES + 1) * PAGE_SIZE));
	set_pte(stray, *first);
	mmput(mm);
	end_after_reports(reports);
}

/* Another mm's level-1 table linked into this one's root: its exit must not free it. */
KTEST_EXPECT_PANIC(page_table_check, table_of_another_mm)
{
	unsigned long reports = page_table_check_reports, addr, pages, areas, now;
	struct mm_struct *victim, *owner;
	unsigned int slot;

	ktest_expect_report("BUG: Bad page state in process ");
	ktest_expect_report("page dumped because: page table of another mm");
	ktest_expect_report("Kernel panic - not syncing: page_table_check: 1 new report(s)");
	ktest_memory_in_use(&pages, &areas);
	page_table_check_enabled = true;
	owner = mm_with_a_page(&addr);
	victim = mm_create();
	KT_ASSERT(owner && victim);
	slot = (unsigned int)(addr >> LEVEL_SHIFT(0)) % PTRS_PER_TABLE;
	victim->pgd[slot] = owner->pgd[slot];
	mmput(victim);
	/* The table stayed with its owner, whose own exit frees it once. */
	KT_EXPECT_EQ(atomic_long_read(&owner->pgtables_bytes), 3 * PAGE_SIZE);
	mmput(owner);
	ktest_memory_in_use(&now, &areas);
	KT_EXPECT_EQ(now, pages);
	end_after_reports(reports);
}

KTEST_EXPECT_PANIC(page_table_check, vma_of_another_mm)
{
	unsigned long reports = page_table_check_reports, addr;
	struct mm_struct *mm = mm_with_a_page(&addr), *other = mm_create();

	ktest_expect_report("BUG: Bad vma in process ");
	ktest_expect_report("Kernel panic - not syncing: page_table_check: 1 new report(s)");
	KT_ASSERT(mm && other);
	page_table_check_enabled = true;
	find_vma(mm, addr)->vm_mm = other;
	mmput(mm);
	mmput(other);
	end_after_reports(reports);
}
