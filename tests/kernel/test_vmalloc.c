/*
 * In-kernel tests of vmalloc (group `vmalloc`), through the real MMU:
 * sizes from one byte to more than the largest free buddy block, every
 * page given back by vfree, exhaustion undone without a trace, vmap,
 * ioremap, /proc/vmallocinfo, all CPUs at once, and a write into a guard
 * page that must end in a report naming the area.
 * Relies on vmalloc_init() having run at boot.
 */
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/lib/seq_buf.h>
#include <kernel/smp.h>
#include <kernel/sched.h>
#include <kernel/time.h>
#include <kernel/atomic.h>
#include <kernel/lib/string.h>
#include <mm/mm.h>
#include <mm/pgtable.h>
#include <mm/vmalloc.h>
#include <mm/slab.h>

/* Fill every word with a value derived from its address, then check it back. */
static void fill_pattern(void *p, unsigned long size)
{
	unsigned long *w = p;
	unsigned long i;

	for (i = 0; i < size / sizeof(*w); i++)
		w[i] = (unsigned long)&w[i] ^ 0x5a5a5a5a5a5a5a5aUL;
}

static bool pattern_intact(const void *p, unsigned long size)
{
	const unsigned long *w = p;
	unsigned long i;

	for (i = 0; i < size / sizeof(*w); i++)
		if (w[i] != ((unsigned long)&w[i] ^ 0x5a5a5a5a5a5a5a5aUL))
			return false;
	return true;
}

/* Writes, reads back and frees an area of size bytes; false if vmalloc failed. */
static bool try_size(struct ktest_ctx *t, unsigned long size)
{
	unsigned long rounded = PAGE_ALIGN(size);
	char *p = vmalloc(size);

	if (!p)
		return false;
	KT_EXPECT(is_vmalloc_addr(p));
	KT_EXPECT(IS_ALIGNED((unsigned long)p, PAGE_SIZE));
	KT_EXPECT_EQ(find_vm_area(p)->nr_pages, rounded >> PAGE_SHIFT);
	KT_EXPECT_EQ(find_vm_area(p)->size, rounded + PAGE_SIZE);
	KT_EXPECT(!translate_va(swapper_pg_dir, (unsigned long)p + rounded, NULL, NULL));
	fill_pattern(p, rounded);
	KT_EXPECT(pattern_intact(p, rounded));
	vfree(p);
	return true;
}

KTEST(vmalloc, one_byte)
{
	KT_EXPECT(try_size(t, 1));
}

KTEST(vmalloc, one_page)
{
	KT_EXPECT(try_size(t, PAGE_SIZE));
}

KTEST(vmalloc, one_mib)
{
	KT_EXPECT(try_size(t, 1UL << 20));
}

/* Proof that no physically contiguous memory is needed. */
KTEST(vmalloc, larger_than_largest_free_block)
{
	int order = MAX_ORDER - 1;
	unsigned long size;

	drain_all_pages();
	while (order > 0 && nr_free_pages_order(order) == 0)
		order--;
	size = 2 * (PAGE_SIZE << order);
	pr_info("largest free block: order %d; vmalloc of %lu KiB\n", order, size >> 10);
	KT_ASSERT((size >> PAGE_SHIFT) < nr_free_pages() / 2);
	KT_EXPECT(try_size(t, size));
}

KTEST(vmalloc, vzalloc_clears_recycled_pages)
{
	unsigned long size = 64 * PAGE_SIZE, i;
	unsigned char *p = vmalloc(size);

	KT_ASSERT(p != NULL);
	memset(p, 0xff, size);
	vfree(p);
	p = vzalloc(size);
	KT_ASSERT(p != NULL);
	for (i = 0; i < size && p[i] == 0; i++)
		;
	KT_EXPECT_EQ(i, size);
	vfree(p);
}

/*
 * Page counts are compared only between two runs of the same work: the
 * first run leaves slabs in the descriptor and kmalloc caches, which SLUB
 * keeps; the second must then leave the count exactly as it found it.
 */
static unsigned long free_pages_now(void)
{
	kmem_cache_shrink_all();
	drain_all_pages();
	return nr_free_pages();
}

/* vmalloc and vfree once, so that the caches the next test uses hold a slab. */
static unsigned long free_pages_after_warm_up(unsigned long size)
{
	vfree(vmalloc(size));
	return free_pages_now();
}

/* The lowest free address, where the next small area goes. */
static unsigned long lowest_free_address(void)
{
	void *p = vmalloc(1);

	vfree(p);
	return (unsigned long)p;
}

KTEST(vmalloc, vfree_returns_every_page)
{
	unsigned long before = free_pages_after_warm_up(1UL << 20);
	char *p = vmalloc(1UL << 20);

	KT_ASSERT(p != NULL);
	KT_EXPECT(nr_free_pages() <= before - 256);
	vfree(p);
	KT_EXPECT_EQ(free_pages_now(), before);
}

/* One area asking for more than is free: it fails half-way and gives all back. */
KTEST(vmalloc, exhaustion_leaks_nothing)
{
	unsigned long size = (free_pages_now() + 16) * PAGE_SIZE;
	unsigned long lowest = lowest_free_address();
	unsigned long before;

	KT_EXPECT(vmalloc(size) == NULL);
	before = free_pages_now();
	KT_EXPECT(vmalloc(size) == NULL);
	KT_EXPECT_EQ(free_pages_now(), before);
	KT_EXPECT_EQ(lowest_free_address(), lowest);
	KT_EXPECT(try_size(t, 1UL << 20));
}

/* 1 MiB areas until memory runs out; returns how many there were. */
static int fill_memory_then_free_all(void)
{
	enum { MAX_AREAS = 4096 };
	static void *area[MAX_AREAS];
	int n = 0, i;

	while (n < MAX_AREAS && (area[n] = vmalloc(1UL << 20)) != NULL)
		n++;
	for (i = n - 1; i >= 0; i--)
		vfree(area[i]);
	return n;
}

KTEST(vmalloc, fill_memory_twice)
{
	unsigned long lowest = lowest_free_address();
	unsigned long before;
	int n;

	fill_memory_then_free_all();
	before = free_pages_now();
	n = fill_memory_then_free_all();
	pr_info("vmalloc: %d areas of 1 MiB before running out\n", n);
	KT_EXPECT(n > 0 && n < 4096);
	KT_EXPECT_EQ(free_pages_now(), before);
	KT_EXPECT_EQ(lowest_free_address(), lowest);
}

KTEST(vmalloc, vmap_shows_the_callers_pages)
{
	struct page *pages[4];
	unsigned char *p;
	int i;

	for (i = 0; i < 4; i++) {
		pages[i] = alloc_page(__GFP_ZERO);
		KT_ASSERT(pages[i] != NULL);
	}
	p = vmap(pages, 4, 0, PAGE_KERNEL);
	KT_ASSERT(p != NULL);
	for (i = 0; i < 4; i++) {
		p[i * PAGE_SIZE + 7] = (unsigned char)(0x10 + i);
		KT_EXPECT(vmalloc_to_page(p + i * PAGE_SIZE) == pages[i]);
		KT_EXPECT_EQ(((unsigned char *)page_address(pages[i]))[7], 0x10 + i);
	}
	vunmap(p);
	KT_EXPECT(!translate_va(swapper_pg_dir, (unsigned long)p, NULL, NULL));
	for (i = 0; i < 4; i++)
		__free_page(pages[i]);
}

/* Mapped but never touched: the physical page just above RAM is no device we know. */
KTEST(vmalloc, ioremap_maps_as_device_memory)
{
	phys_addr_t phys = ((phys_addr_t)max_pfn << PAGE_SHIFT) + 0x40;
	phys_addr_t pa;
	pgprot_t prot;
	char *regs = ioremap(phys, 0x100);

	KT_ASSERT(regs != NULL);
	KT_EXPECT_EQ((unsigned long)regs & ~PAGE_MASK, 0x40);
	KT_EXPECT(translate_va(swapper_pg_dir, (unsigned long)regs, &pa, &prot));
	KT_EXPECT_EQ(pa, phys);
	KT_EXPECT_EQ(prot, PAGE_DEVICE);
	KT_EXPECT(ioremap((phys_addr_t)min_pfn << PAGE_SHIFT, PAGE_SIZE) == NULL);
	iounmap(regs);
	KT_EXPECT(!translate_va(swapper_pg_dir, (unsigned long)regs, NULL, NULL));
}

KTEST(vmalloc, vmallocinfo_lists_the_area)
{
	static char info[4096];
	char expect[64];
	struct seq_buf s;
	char *p = vmalloc(3 * PAGE_SIZE);

	KT_ASSERT(p != NULL);
	seq_buf_init(&s, info, sizeof(info));
	vmallocinfo_show(&s);
	snprintf(expect, sizeof(expect), "0x%016lx-0x%016lx   16384 ", (unsigned long)p,
		 (unsigned long)p + 4 * PAGE_SIZE);
	KT_EXPECT(strstr(info, expect) != NULL);
	KT_EXPECT(strstr(info, "ktest_vmalloc_vmallocinfo_lists_the_area+") != NULL);
	KT_EXPECT(strstr(info, " pages=3 vmalloc\n") != NULL);
	vfree(p);
}

static int parallel_failures;
static atomic_t parallel_done;

/*
 * One of a kernel thread per CPU. Not in on_each_cpu's IPI handler: vmalloc
 * takes locks that others take with interrupts on, which an interrupt
 * handler must never do (the lock validator says so).
 */
static int vmalloc_rounds(void *arg)
{
	unsigned long size = PAGE_SIZE * (1 + (unsigned long)arg);
	int round;

	for (round = 0; round < 100; round++) {
		char *p = vmalloc(size);

		if (!p) {
			__atomic_add_fetch(&parallel_failures, 1, __ATOMIC_RELAXED);
			continue;
		}
		fill_pattern(p, size);
		if (!pattern_intact(p, size))
			__atomic_add_fetch(&parallel_failures, 1, __ATOMIC_RELAXED);
		vfree(p);
		size = size % (16 * PAGE_SIZE) + PAGE_SIZE;
	}
	atomic_inc(&parallel_done);
	return 0;
}

/*
 * Slab counts vary with the interleaving, so the check is that every range
 * came back, the threads' stacks too once they are reaped (within a second).
 */
KTEST(vmalloc, all_cpus_at_once)
{
	unsigned long lowest = lowest_free_address(), i, n = num_online_cpus();
	int waited;

	parallel_failures = 0;
	atomic_set(&parallel_done, 0);
	for (i = 0; i < n; i++)
		KT_ASSERT(kthread_run(vmalloc_rounds, (void *)i, "vmalloc_rounds") != NULL);
	while (atomic_read(&parallel_done) < (int)n)
		schedule();
	for (waited = 0; waited < 100 && lowest_free_address() != lowest; waited++)
		msleep(10);
	KT_EXPECT_EQ(parallel_failures, 0);
	KT_EXPECT_EQ(lowest_free_address(), lowest);
}

/* noinline keeps the write in a frame of its own in the backtrace. */
static __attribute__((noinline)) void write_byte(volatile char *p)
{
	*p = 1;
}

KTEST_EXPECT_PANIC(vmalloc, guard_page_hit)
{
	char *p = vmalloc(2 * PAGE_SIZE);

	KT_ASSERT(p != NULL);
	ktest_expect_report("vmalloc guard page hit");
	ktest_expect_report("just past area");
	ktest_expect_report("(8192 bytes) allocated by ktest_vmalloc_guard_page_hit+");
	write_byte(p + 2 * PAGE_SIZE);
}
