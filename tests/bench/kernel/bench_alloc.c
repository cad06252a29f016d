/*
 * Allocator costs: one operation is an allocation and its free, repeated
 * on the same CPU, so each figure is the allocator's steady-state path
 * (the per-CPU lists for order-0 pages, the per-CPU slab for kmalloc).
 */
#include <kernel/kbench.h>
#include <mm/gfp.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include <asm/page-def.h>

static void alloc_free_pages(unsigned long count, unsigned int order)
{
	unsigned long i;

	for (i = 0; i < count; i++)
		__free_pages(alloc_pages(GFP_KERNEL, order), order);
}

KBENCH(page_alloc_order0, 100000)
{
	alloc_free_pages(count, 0);
}

KBENCH(page_alloc_order3, 100000)
{
	alloc_free_pages(count, 3);
}

static void kmalloc_kfree(unsigned long count, size_t size)
{
	unsigned long i;

	for (i = 0; i < count; i++)
		kfree(kmalloc(size, GFP_KERNEL));
}

KBENCH(kmalloc_64, 100000)
{
	kmalloc_kfree(count, 64);
}

KBENCH(kmalloc_1k, 100000)
{
	kmalloc_kfree(count, 1024);
}

KBENCH(kmem_cache_alloc_free, 100000)
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

KBENCH(vmalloc_4k, 10000)
{
	vmalloc_vfree(count, PAGE_SIZE);
}

KBENCH(vmalloc_64k, 10000)
{
	vmalloc_vfree(count, 16 * PAGE_SIZE);
}
