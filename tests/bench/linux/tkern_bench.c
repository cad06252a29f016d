// SPDX-License-Identifier: GPL-2.0
/*
 * Linux's side of tkern's allocator benchmarks: a module that runs the
 * loops of tests/bench/kernel/bench_alloc.c against Linux's allocators and
 * prints the lines tkern's kbench prints ("kbench: NAME: X ns/op (N ops)"),
 * so tests/bench/run.py reads both kernels the same way.
 *
 * Built against Debian's headers package (see docs/bench.md), loaded by
 * tests/bench/user/kmodload.c from the benchmark initramfs. Everything runs
 * from the module's init function, in the loader's process context with
 * interrupts on, as tkern runs its benchmarks in a kernel thread.
 */
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/barrier.h>
#include <asm/sysreg.h>

struct bench {
	const char *name;
	void (*fn)(unsigned long count);
	unsigned long count;	/* operations per measured run, as in tkern */
};

/*
 * The virtual counter in nanoseconds, computed as tkern's ktime_get_ns():
 * under QEMU's -icount shift=0 both kernels then count guest instructions
 * with the same rounding.
 */
static u64 counter_ns(void)
{
	u64 freq = read_sysreg(cntfrq_el0);
	u64 count;

	isb();
	count = read_sysreg(cntvct_el0);
	return count / freq * NSEC_PER_SEC + count % freq * NSEC_PER_SEC / freq;
}

static void alloc_free_pages(unsigned long count, unsigned int order)
{
	unsigned long i;

	for (i = 0; i < count; i++)
		__free_pages(alloc_pages(GFP_KERNEL, order), order);
}

static void page_alloc_order0(unsigned long count)
{
	alloc_free_pages(count, 0);
}

static void page_alloc_order3(unsigned long count)
{
	alloc_free_pages(count, 3);
}

static void kmalloc_kfree(unsigned long count, size_t size)
{
	unsigned long i;

	for (i = 0; i < count; i++)
		kfree(kmalloc(size, GFP_KERNEL));
}

static void kmalloc_64(unsigned long count)
{
	kmalloc_kfree(count, 64);
}

static void kmalloc_1k(unsigned long count)
{
	kmalloc_kfree(count, 1024);
}

static void kmem_cache_alloc_free(unsigned long count)
{
	struct kmem_cache *cache = kmem_cache_create("bench-128", 128, 0, 0, NULL);
	unsigned long i;

	for (i = 0; i < count; i++)
		kmem_cache_free(cache, kmem_cache_alloc(cache, GFP_KERNEL));
	kmem_cache_destroy(cache);
}

static void vmalloc_vfree(unsigned long count, unsigned long size)
{
	unsigned long i;

	for (i = 0; i < count; i++)
		vfree(vmalloc(size));
}

static void vmalloc_4k(unsigned long count)
{
	vmalloc_vfree(count, PAGE_SIZE);
}

static void vmalloc_64k(unsigned long count)
{
	vmalloc_vfree(count, 16 * PAGE_SIZE);
}

/* In the order of tkern's .kbenches section (the link order of bench_alloc.c). */
static const struct bench benches[] = {
	{ "page_alloc_order0", page_alloc_order0, 100000 },
	{ "page_alloc_order3", page_alloc_order3, 100000 },
	{ "kmalloc_64", kmalloc_64, 100000 },
	{ "kmalloc_1k", kmalloc_1k, 100000 },
	{ "kmem_cache_alloc_free", kmem_cache_alloc_free, 100000 },
	{ "vmalloc_4k", vmalloc_4k, 10000 },
	{ "vmalloc_64k", vmalloc_64k, 10000 },
};

static int __init tkern_bench_init(void)
{
	const struct bench *b;

	for (b = benches; b < benches + ARRAY_SIZE(benches); b++) {
		u64 start, tenths;

		b->fn(b->count / 10 + 1);
		start = counter_ns();
		b->fn(b->count);
		tenths = (counter_ns() - start) * 10 / b->count;
		pr_info("kbench: %s: %llu.%llu ns/op (%lu ops)\n", b->name,
			tenths / 10, tenths % 10, b->count);
	}
	pr_info("kbench: done\n");
	return 0;
}
module_init(tkern_bench_init);

MODULE_DESCRIPTION("tkern's allocator benchmarks, run on Linux");
MODULE_LICENSE("GPL");
