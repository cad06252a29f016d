/*
 * The checks of mm/page_table_check.h. Table pages remember the mm whose
 * tree they are in (page->pt_mm, Linux's ptdesc->pt_mm), taken from the
 * table they are linked under when they are made, and count in its
 * pgtables_bytes; the root is marked by mm_create. The reports use
 * Linux's first lines so that a student can look them up.
 *
 * A report never frees what it found wrong: a page with no reference
 * left is not freed again, a foreign table is unlinked and left to its
 * own mm. Leaking one page is better than corrupting the allocator.
 */
#include <mm/page_table_check.h>
#include <mm/mm.h>
#include <kernel/sched.h>
#include <kernel/printk.h>

bool page_table_check_enabled;
unsigned long page_table_check_reports;

static const char *const resident_page_types[NR_MM_COUNTERS] = {
	"MM_FILEPAGES", "MM_ANONPAGES", "MM_SWAPENTS", "MM_SHMEMPAGES",
};

void pagetable_ctor(struct page *page, const pte_t *entry)
{
	struct page *parent = entry ? virt_to_page(entry) : NULL;
	struct mm_struct *mm = NULL;

	/* The static pool's tables (early boot, the kernel's) are not marked. */
	if (parent && PageFlag(parent, PG_pgtable))
		mm = parent->pt_mm;
	SetPageFlag(page, PG_pgtable);
	page->pt_mm = mm;
	if (mm)
		atomic_long_add(PAGE_SIZE, &mm->pgtables_bytes);
}

void pagetable_dtor(struct page *page)
{
	if (page->pt_mm)
		atomic_long_sub(PAGE_SIZE, &page->pt_mm->pgtables_bytes);
	page->pt_mm = NULL;
}

void pagetable_root_ctor(struct page *page, struct mm_struct *mm)
{
	SetPageFlag(page, PG_pgtable);
	page->pt_mm = mm;
}

static void count_report(void)
{
	__atomic_add_fetch(&page_table_check_reports, 1, __ATOMIC_RELAXED);
}

/* Linux's __dump_page, the fields tkern's struct page has. */
static void dump_page(const struct page *page, const char *reason)
{
	pr_alert("page:%p refcount:%d mapcount:%d pfn:%#lx\n", page, page->_refcount,
		 page->_mapcount, page_to_pfn(page));
	pr_alert("flags: %#lx\n", page->flags);
	pr_alert("page dumped because: %s\n", reason);
}

/* Linux's check_mm, at the last mmdrop. */
void check_mm(struct mm_struct *mm)
{
	long bytes = atomic_long_read(&mm->pgtables_bytes);
	int i;

	for (i = 0; i < NR_MM_COUNTERS; i++) {
		long x = get_mm_counter(mm, i);

		if (x) {
			count_report();
			pr_alert("BUG: Bad rss-counter state mm:%p type:%s val:%ld\n", mm,
				 resident_page_types[i], x);
		}
	}
	if (bytes) {
		count_report();
		pr_alert("BUG: non-zero pgtables_bytes on freeing mm: %ld\n", bytes);
	}
}

/* A page still mapped by a process holds a reference and is neither free nor the kernel's. */
static const char *bad_mapped_page(const struct page *page)
{
	if (PageFlag(page, PG_buddy) || PageFlag(page, PG_pcp) ||
	    __atomic_load_n(&page->_refcount, __ATOMIC_RELAXED) <= 0)
		return "unmapped, but no reference was left for the mapping";
	if (PageFlag(page, PG_pgtable))
		return "a page table mapped as a user page";
	if (PageFlag(page, PG_slab))
		return "a slab page mapped as a user page";
	return NULL;
}

/*
 * Linux's print_bad_pte. Its pmd: is not printed: the release comes after
 * the TLB flush, when the table that held the entry is no longer known.
 */
bool page_table_check_unmap(struct mm_struct *mm, pte_t pte, struct page *page)
{
	const char *reason = bad_mapped_page(page);

	if (!reason)
		return true;
	count_report();
	pr_alert("BUG: Bad page map in process %s  pte:%016llx\n", current->comm,
		 (unsigned long long)pte);
	dump_page(page, reason);
	pr_alert("mm:%p\n", mm);
	return false;
}

void page_table_check_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (vma->vm_mm == mm)
		return;
	count_report();
	pr_alert("BUG: Bad vma in process %s: vma of another mm freed at exit\n", current->comm);
	pr_alert("vma %p start %#lx end %#lx mm %p, freed by mm %p\n", vma, vma->vm_start,
		 vma->vm_end, vma->vm_mm, mm);
}

/* prune_pgtables' question: may this table go with mm's tree? */
static bool own_table(phys_addr_t table, void *arg)
{
	struct mm_struct *mm = arg;
	struct page *page = pfn_to_page(table >> PAGE_SHIFT);

	if (PageFlag(page, PG_pgtable) && page->pt_mm == mm)
		return true;
	count_report();
	pr_alert("BUG: Bad page state in process %s  pfn:%05lx\n", current->comm,
		 page_to_pfn(page));
	dump_page(page, PageFlag(page, PG_pgtable) ? "page table of another mm" :
		  "not a page table");
	pr_alert("table of mm %p, in the tree of mm %p\n",
		 PageFlag(page, PG_pgtable) ? page->pt_mm : NULL, mm);
	return false;
}

/*
 * Exit unmapped every VMA first: an entry still in the tree maps what no
 * VMA accounts for, a page (and its counter in the rss) that will never
 * be released. Named with its address, the one clue to the call that
 * left it there.
 */
static void leftover_entry(unsigned long va, pte_t entry, void *arg)
{
	count_report();
	pr_alert("BUG: Bad page map in process %s: entry %016llx at %#lx outlived its VMA (mm %p)\n",
		 current->comm, (unsigned long long)entry, va, arg);
}

void page_table_check_pgtables(struct mm_struct *mm)
{
	prune_pgtables(mm->pgd, own_table, mm);
	for_each_leaf_entry(mm->pgd, leftover_entry, mm);
}
