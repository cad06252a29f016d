/*
 * The user page-fault paths of mm/memory.c, driven directly on address
 * spaces made here (no process runs in them): demand paging of anonymous
 * memory and of the brk heap, and copy-on-write after dup_mmap (fork's
 * copy of the address space). A "user write" is a write fault followed by
 * a store through the linear map to the page the fault mapped.
 *
 * Every test gives back all it took: ktest_memory_in_use() before and
 * after must agree.
 */
#include <kernel/ktest.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>
#include <kernel/sched.h>
#include <mm/fault_inject.h>
#include <mm/memory.h>
#include <mm/mm.h>
#include <mm/pgtable.h>

#define NR_PAGES 4
#define HEAP_START UL(0x10000000)

struct leak_check {
	unsigned long pages, areas;
};

static void leak_check_start(struct leak_check *before)
{
	ktest_memory_in_use(&before->pages, &before->areas);
}

static bool leak_check_passed(const struct leak_check *before)
{
	struct leak_check now;

	ktest_memory_in_use(&now.pages, &now.areas);
	return now.pages == before->pages && now.areas == before->areas;
}

/* The page mapped at va in mm (its kernel alias), or NULL; *prot gets its attributes. */
static u8 *user_page(struct mm_struct *mm, unsigned long va, pgprot_t *prot)
{
	phys_addr_t pa;

	if (!translate_va(mm->pgd, va, &pa, prot))
		return NULL;
	return __va(pa & PAGE_MASK);
}

static unsigned long map_anon(struct mm_struct *mm, unsigned long prot, unsigned long flags)
{
	return do_mmap(mm, NULL, 0, NR_PAGES * PAGE_SIZE, prot, flags | MAP_ANONYMOUS, 0);
}

/* What a program's store does: fault the page in for writing, then write. */
static bool user_write(struct mm_struct *mm, unsigned long va, u8 value)
{
	u8 *page;

	if (handle_mm_fault(mm, va, true, false))
		return false;
	page = user_page(mm, va, NULL);
	if (!page)
		return false;
	page[va & ~PAGE_MASK] = value;
	return true;
}

static bool all_zero(const u8 *bytes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (bytes[i])
			return false;
	return true;
}

static int page_refs(struct mm_struct *mm, unsigned long va)
{
	phys_addr_t pa;

	if (!translate_va(mm->pgd, va, &pa, NULL))
		return 0;
	return pfn_to_page(pa >> PAGE_SHIFT)->_refcount;
}

/* ------------------------------------------------------- demand paging */

/* mm_create() with the next page allocation of this task made to fail. */
static struct mm_struct *mm_create_failing_a_page(void)
{
	struct fault_attr saved = fail_page_alloc;
	bool marked = current->make_it_fail;
	struct mm_struct *mm;

	fail_page_alloc.task_filter = true;
	fail_page_alloc.interval = 1;
	fail_page_alloc.space = 0;
	fail_page_alloc.times = 1;
	fail_page_alloc.min_order = 0;
	fail_page_alloc.ignore_gfp_wait = false;
	fail_page_alloc.verbose = 0;
	current->make_it_fail = true;
	WRITE_ONCE(fail_page_alloc.probability, 100);
	mm = mm_create();
	WRITE_ONCE(fail_page_alloc.probability, 0);
	current->make_it_fail = marked;
	fail_page_alloc = saved;
	return mm;
}

/*
 * fork and execve under memory pressure: the address space is made but
 * its root table cannot be had. mm_create() fails cleanly, and the
 * half-made mm goes without a tree to free (the syscall fuzzer found an
 * oops there when memory ran out). The failure may hit a new slab for
 * the mm instead, whose allocation then falls back to a smaller block
 * and succeeds: then the slab is there and the next try reaches the root.
 */
KTEST(paging, mm_create_without_a_root_table_fails_cleanly)
{
	struct leak_check before;
	struct mm_struct *mm;
	int tries = 0;

	leak_check_start(&before);
	while ((mm = mm_create_failing_a_page()) && ++tries < 4)
		mmput(mm);
	KT_EXPECT(!mm);
	KT_EXPECT(leak_check_passed(&before));
}

KTEST(paging, read_fault_maps_a_zeroed_read_only_page)
{
	struct leak_check before;
	struct mm_struct *mm;
	unsigned long addr;
	pgprot_t prot;
	u8 *page;

	leak_check_start(&before);
	mm = mm_create();
	KT_ASSERT(mm);
	addr = map_anon(mm, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	KT_ASSERT(!IS_ERR_VALUE(addr));
	KT_EXPECT(!user_page(mm, addr, NULL));
	KT_EXPECT_EQ(handle_mm_fault(mm, addr + PAGE_SIZE + 5, false, false), 0);
	page = user_page(mm, addr + PAGE_SIZE, &prot);
	KT_ASSERT(page);
	KT_EXPECT(all_zero(page, PAGE_SIZE));
	/* Private and writable, but mapped read-only until the first write. */
	KT_EXPECT(prot & PTE_USER);
	KT_EXPECT(prot & PTE_RDONLY);
	KT_EXPECT_EQ((long)get_mm_rss(mm), 1);
	KT_EXPECT(!user_page(mm, addr, NULL));
	KT_EXPECT(!user_page(mm, addr + 2 * PAGE_SIZE, NULL));
	mmput(mm);
	KT_EXPECT(leak_check_passed(&before));
}

KTEST(paging, write_fault_maps_a_writable_page)
{
	struct leak_check before;
	struct mm_struct *mm;
	unsigned long addr;
	pgprot_t prot;

	leak_check_start(&before);
	mm = mm_create();
	KT_ASSERT(mm);
	addr = map_anon(mm, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	KT_ASSERT(!IS_ERR_VALUE(addr));
	for (unsigned int i = 0; i < NR_PAGES; i++)
		KT_EXPECT(user_write(mm, addr + i * PAGE_SIZE + i, 0x40 + i));
	for (unsigned int i = 0; i < NR_PAGES; i++) {
		u8 *page = user_page(mm, addr + i * PAGE_SIZE, &prot);

		KT_ASSERT(page);
		KT_EXPECT(!(prot & PTE_RDONLY));
		KT_EXPECT_EQ(page[i], 0x40 + i);
	}
	KT_EXPECT_EQ((long)get_mm_rss(mm), NR_PAGES);
	mmput(mm);
	KT_EXPECT(leak_check_passed(&before));
}

KTEST(paging, faults_outside_or_against_a_vma_fail)
{
	struct leak_check before;
	struct mm_struct *mm;
	unsigned long addr;

	leak_check_start(&before);
	mm = mm_create();
	KT_ASSERT(mm);
	addr = map_anon(mm, PROT_READ, MAP_PRIVATE);
	KT_ASSERT(!IS_ERR_VALUE(addr));
	KT_EXPECT_EQ(handle_mm_fault(mm, addr - PAGE_SIZE, false, false), -EFAULT);
	KT_EXPECT_EQ(handle_mm_fault(mm, addr, true, false), -EACCES);
	KT_EXPECT_EQ(handle_mm_fault(mm, addr, false, true), -EACCES);
	KT_EXPECT(!user_page(mm, addr, NULL));
	KT_EXPECT_EQ((long)get_mm_rss(mm), 0);
	mmput(mm);
	KT_EXPECT(leak_check_passed(&before));
}

KTEST(paging, brk_heap_grows_is_paged_on_demand_and_shrinks)
{
	unsigned long top = HEAP_START + 3 * PAGE_SIZE + 16;
	struct leak_check before;
	struct mm_struct *mm;

	leak_check_start(&before);
	mm = mm_create();
	KT_ASSERT(mm);
	mm->start_brk = mm->brk = HEAP_START;
	KT_EXPECT_EQ(mm_brk(mm, top), top);
	KT_EXPECT_EQ(mm->brk, top);
	KT_EXPECT(find_vma_intersection(mm, HEAP_START, top));
	KT_EXPECT(!user_page(mm, HEAP_START, NULL));
	KT_EXPECT(user_write(mm, top - 1, 0x5a));
	KT_EXPECT(user_write(mm, HEAP_START, 0xa5));
	KT_EXPECT_EQ((long)get_mm_rss(mm), 2);
	KT_EXPECT_EQ(handle_mm_fault(mm, PAGE_ALIGN(top), true, false), -EFAULT);
	/* Shrinking gives the pages above the new break back at once. */
	KT_EXPECT_EQ(mm_brk(mm, HEAP_START + 1), HEAP_START + 1);
	KT_EXPECT(user_page(mm, HEAP_START, NULL));
	KT_EXPECT(!user_page(mm, top - 1, NULL));
	KT_EXPECT_EQ((long)get_mm_rss(mm), 1);
	KT_EXPECT_EQ(mm_brk(mm, HEAP_START - PAGE_SIZE), HEAP_START + 1);
	mmput(mm);
	KT_EXPECT(leak_check_passed(&before));
}

/* ------------------------------------------------------- copy-on-write */

/* A parent whose NR_PAGES private pages hold 1, 2, 3, ..., and its child by dup_mmap. */
static bool fork_pair(struct mm_struct **parent, struct mm_struct **child,
		      unsigned long *addr, unsigned long flags)
{
	*child = NULL;
	*parent = mm_create();
	if (!*parent)
		return false;
	*addr = map_anon(*parent, PROT_READ | PROT_WRITE, flags);
	if (IS_ERR_VALUE(*addr))
		return false;
	for (unsigned int i = 0; i < NR_PAGES; i++)
		if (!user_write(*parent, *addr + i * PAGE_SIZE, i + 1))
			return false;
	*child = mm_create();
	return *child && dup_mmap(*child, *parent) == 0;
}

static void destroy_pair(struct mm_struct *parent, struct mm_struct *child)
{
	if (child)
		mmput(child);
	if (parent)
		mmput(parent);
}

KTEST(cow, fork_shares_private_pages_read_only)
{
	struct mm_struct *parent, *child;
	struct leak_check before;
	pgprot_t pprot, cprot;
	unsigned long addr;

	leak_check_start(&before);
	KT_ASSERT(fork_pair(&parent, &child, &addr, MAP_PRIVATE));
	for (unsigned int i = 0; i < NR_PAGES; i++) {
		unsigned long va = addr + i * PAGE_SIZE;

		KT_EXPECT(user_page(parent, va, &pprot) == user_page(child, va, &cprot));
		KT_EXPECT(pprot & PTE_RDONLY);
		KT_EXPECT(cprot & PTE_RDONLY);
		KT_EXPECT_EQ(page_refs(parent, va), 2);
	}
	destroy_pair(parent, child);
	KT_EXPECT(leak_check_passed(&before));
}

KTEST(cow, write_after_fork_copies_the_page)
{
	struct mm_struct *parent, *child;
	struct leak_check before;
	unsigned long addr, va;
	u8 *mine, *theirs;
	pgprot_t prot;

	leak_check_start(&before);
	KT_ASSERT(fork_pair(&parent, &child, &addr, MAP_PRIVATE));
	va = addr + PAGE_SIZE;
	KT_ASSERT(user_write(child, va + 8, 0x77));
	mine = user_page(child, va, &prot);
	theirs = user_page(parent, va, NULL);
	KT_ASSERT(mine && theirs);
	KT_EXPECT(mine != theirs);
	KT_EXPECT(!(prot & PTE_RDONLY));
	KT_EXPECT_EQ(mine[0], 2);		/* the copy has the old contents */
	KT_EXPECT_EQ(mine[8], 0x77);
	KT_EXPECT_EQ(theirs[8], 0);		/* and the parent never sees the write */
	KT_EXPECT_EQ(page_refs(parent, va), 1);
	KT_EXPECT_EQ(page_refs(child, va), 1);
	/* The other pages are still shared. */
	KT_EXPECT(user_page(child, addr, NULL) == user_page(parent, addr, NULL));
	destroy_pair(parent, child);
	KT_EXPECT(leak_check_passed(&before));
}

KTEST(cow, last_sharer_keeps_the_page)
{
	struct mm_struct *parent, *child;
	struct leak_check before;
	unsigned long addr;
	u8 *shared;
	pgprot_t prot;

	leak_check_start(&before);
	KT_ASSERT(fork_pair(&parent, &child, &addr, MAP_PRIVATE));
	shared = user_page(parent, addr, NULL);
	KT_ASSERT(user_write(child, addr, 0x11));
	/* The parent is now the page's only user: no copy, just write access. */
	KT_ASSERT(user_write(parent, addr + 1, 0x22));
	KT_EXPECT(user_page(parent, addr, &prot) == shared);
	KT_EXPECT(!(prot & PTE_RDONLY));
	KT_EXPECT_EQ(shared[0], 1);
	KT_EXPECT_EQ(shared[1], 0x22);
	KT_EXPECT_EQ(user_page(child, addr, NULL)[1], 0);
	destroy_pair(parent, child);
	KT_EXPECT(leak_check_passed(&before));
}

KTEST(cow, shared_mapping_is_never_copied)
{
	struct mm_struct *parent, *child;
	struct leak_check before;
	unsigned long addr;
	pgprot_t prot;

	leak_check_start(&before);
	KT_ASSERT(fork_pair(&parent, &child, &addr, MAP_SHARED));
	KT_EXPECT(user_write(child, addr, 0x33));
	KT_EXPECT(user_page(child, addr, &prot) == user_page(parent, addr, NULL));
	KT_EXPECT(!(prot & PTE_RDONLY));
	KT_EXPECT_EQ(user_page(parent, addr, NULL)[0], 0x33);
	destroy_pair(parent, child);
	KT_EXPECT(leak_check_passed(&before));
}

KTEST(cow, exits_in_either_order_free_everything)
{
	struct mm_struct *parent, *child;
	struct leak_check before;
	unsigned long addr;

	leak_check_start(&before);
	KT_ASSERT(fork_pair(&parent, &child, &addr, MAP_PRIVATE));
	KT_EXPECT(user_write(child, addr + 2 * PAGE_SIZE, 9));
	mmput(parent);
	mmput(child);
	KT_EXPECT(leak_check_passed(&before));
	KT_ASSERT(fork_pair(&parent, &child, &addr, MAP_PRIVATE));
	KT_EXPECT(user_write(parent, addr, 9));
	destroy_pair(parent, child);
	KT_EXPECT(leak_check_passed(&before));
}
