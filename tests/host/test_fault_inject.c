/*
 * Fault injection (mm/fault_inject.c): Linux's rules for interval, times,
 * space, probability and the task filter, the boot option's syntax, a
 * seed replaying its choices; then SLUB and the buddy allocator under
 * injection, with ASan watching: every forced failure is a NULL, and
 * nothing is left behind once everything is freed.
 */
#include <stdlib.h>
#include <string.h>
#include <kernel/errno.h>
#include <kernel/smp.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include <mm/fault_inject.h>
#include "htest.h"
#include "shim.h"

#define RAM_BASE 0x40000000UL
#define RAM_SIZE (64UL << 20)

__attribute__((weak)) void on_each_cpu(void (*func)(void *info), void *info)
{
	unsigned int self = host_cpu_id;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		host_cpu_id = cpu;
		func(info);
	}
	host_cpu_id = self;
}

/* attr as the boot option value sets it, quiet, unfiltered, seeded. */
static void set(struct fault_attr *attr, const char *value)
{
	CHECK_EQ(setup_fault_attr(attr, value), 0);
	attr->verbose = 0;
	attr->task_filter = false;
	attr->ignore_gfp_wait = false;
	attr->min_order = 0;
	fault_attr_seed(attr, 1);
}

static void off(void)
{
	for (int i = 0; fault_attrs[i]; i++)
		set(fault_attrs[i], "1,0,0,1");
}

/* The calls out of n that fail, as a bit mask (n <= 64). */
static unsigned long pattern(struct fault_attr *attr, int n, unsigned long size)
{
	unsigned long mask = 0;

	for (int i = 0; i < n; i++)
		if (should_fail(attr, size))
			mask |= 1UL << i;
	return mask;
}

HTEST(interval_and_times)
{
	struct fault_attr *a = &failslab;

	set(a, "3,100,0,2");			/* every third call, twice */
	CHECK_EQ(pattern(a, 12, 8), (1UL << 2) | (1UL << 5));
	CHECK_EQ(a->times, 0);
	set(a, "1,100,0,-1");			/* every call, no limit */
	CHECK_EQ(pattern(a, 10, 8), 0x3ffUL);
	CHECK_EQ(a->times, -1);
	set(a, "1,0,0,-1");			/* probability 0: never */
	CHECK_EQ(pattern(a, 10, 8), 0);
	off();
}

HTEST(space_lets_the_first_bytes_pass)
{
	struct fault_attr *a = &failslab;

	set(a, "1,100,100,-1");
	CHECK(!should_fail(a, 40));		/* 100 > 40: 60 left */
	CHECK(!should_fail(a, 40));		/* 60 > 40: 20 left */
	CHECK(should_fail(a, 40));		/* 20 is not more than 40 */
	CHECK_EQ(a->space, 20);
	off();
}

HTEST(probability_is_about_right_and_a_seed_replays_it)
{
	struct fault_attr *a = &fail_vmalloc;
	unsigned long first, second;
	int failures = 0;

	set(a, "1,30,0,-1");
	for (int i = 0; i < 10000; i++)
		failures += should_fail(a, 8);
	CHECK(failures > 2700 && failures < 3300);
	fault_attr_seed(a, 42);
	first = pattern(a, 64, 8);
	fault_attr_seed(a, 42);
	second = pattern(a, 64, 8);
	CHECK_EQ(first, second);
	fault_attr_seed(a, 43);
	CHECK(pattern(a, 64, 8) != first);
	off();
}

HTEST(task_filter_spares_unmarked_tasks)
{
	struct fault_attr *a = &failslab;
	unsigned long forced = host_fault_failures;

	set(a, "1,100,0,-1");
	a->task_filter = true;
	host_fault_marked = false;
	CHECK(!should_fail(a, 8));
	host_fault_marked = true;
	CHECK(should_fail(a, 8));
	CHECK_EQ(host_fault_failures, forced + 1);
	host_fault_marked = false;
	off();
}

HTEST(boot_option_syntax)
{
	struct fault_attr *a = &fail_page_alloc;

	CHECK_EQ(setup_fault_attr(a, "10,25,4096,-1"), 0);
	CHECK_EQ(a->interval, 10);
	CHECK_EQ(a->probability, 25);
	CHECK_EQ(a->space, 4096);
	CHECK_EQ(a->times, -1);
	CHECK_EQ(setup_fault_attr(a, "1,250,0,3"), 0);
	CHECK_EQ(a->probability, 100);		/* a percentage */
	CHECK_EQ(setup_fault_attr(a, "1,2,3"), -EINVAL);
	CHECK_EQ(setup_fault_attr(a, "1,2,3,4,5"), -EINVAL);
	CHECK_EQ(setup_fault_attr(a, "x,2,3,4"), -EINVAL);
	CHECK_EQ(setup_fault_attr(a, "1,2,3,-2"), -EINVAL);
	CHECK_EQ(setup_fault_attr(a, ""), -EINVAL);
	CHECK_EQ(a->times, 3);			/* the failed parses changed nothing */
	off();
}

/* ---- the allocators under injection ---- */

static void boot(void)
{
	static bool booted;

	if (booted)
		return;
	setenv("HOST_TEST_QUIET", "1", 0);
	page_alloc_init(host_arena_create(RAM_SIZE, RAM_BASE), NULL, 0);
	kmem_cache_init();
	booted = true;
}

static unsigned long settle(void)
{
	kmem_cache_shrink_all();
	drain_all_pages();
	return nr_free_pages();
}

HTEST(filters_gfp_wait_and_min_order)
{
	boot();
	set(&fail_page_alloc, "1,100,0,-1");
	fail_page_alloc.ignore_gfp_wait = true;
	CHECK(alloc_pages(GFP_ATOMIC, 0) == NULL);
	struct page *page = alloc_pages(GFP_KERNEL, 0);
	CHECK(page != NULL);
	__free_pages(page, 0);
	fail_page_alloc.ignore_gfp_wait = false;
	fail_page_alloc.min_order = 2;
	page = alloc_pages(GFP_KERNEL, 1);
	CHECK(page != NULL);
	__free_pages(page, 1);
	CHECK(alloc_pages(GFP_KERNEL, 2) == NULL);
	off();
}

/* Random objects of every kmalloc size, some failing by failslab, some by fail_page_alloc. */
HTEST(slub_and_buddy_fail_cleanly_and_leak_nothing)
{
	enum { N = 4096 };
	static void *objects[N];
	unsigned long free_before, objects_before, pages_before, objs, slab_pages;
	int failed = 0, made = 0;

	boot();
	free_before = settle();
	slab_totals(&objects_before, &pages_before);
	set(&failslab, "1,10,0,-1");
	set(&fail_page_alloc, "1,20,0,-1");
	for (int i = 0; i < N; i++) {
		size_t size = 8u << (i % 12);	/* 8 .. 16384: the large ones from the buddy */

		objects[i] = kmalloc(size, GFP_KERNEL);
		if (objects[i]) {
			memset(objects[i], 0xa5, size);
			made++;
		} else {
			failed++;
		}
		if (i % 3 == 0 && i > 0) {
			kfree(objects[i - 1]);
			objects[i - 1] = NULL;
		}
	}
	off();
	CHECK(failed > N / 20);
	CHECK(made > N / 2);
	for (int i = 0; i < N; i++)
		kfree(objects[i]);
	CHECK_EQ(settle(), free_before);
	slab_totals(&objs, &slab_pages);
	CHECK_EQ(objs, objects_before);
}
