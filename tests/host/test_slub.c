/*
 * SLUB and kmalloc (mm/slub.c, mm/slab_common.c) over the buddy allocator
 * and a 64 MiB arena. The allocator is booted once; every test leaves it
 * as it found it, and most check that by counting free pages after every
 * CPU has been flushed and every cache shrunk.
 *
 * With ASan the arena is one host allocation, so ASan sees nothing of
 * objects: content checks and the allocator's own debug reports must.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <kernel/errno.h>
#include <kernel/smp.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include "htest.h"
#include "shim.h"

#define RAM_BASE 0x40000000UL
#define RAM_SIZE (64UL << 20)

/*
 * An IPI stand-in: run func as each CPU in turn, on this thread. Good
 * enough for flushing per-CPU slabs while the other test threads are idle.
 * Weak, so that a shared stand-in in shim.c would take over.
 */
__attribute__((weak)) void on_each_cpu(void (*func)(void *info), void *info)
{
	unsigned int self = host_cpu_id;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		host_cpu_id = cpu;
		func(info);
	}
	host_cpu_id = self;
}

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

/* Every CPU's slabs back to the nodes, every empty slab back to the buddy. */
static unsigned long settle(void)
{
	for (struct list_head *p = slab_caches.next; p != &slab_caches; p = p->next)
		kmem_cache_shrink(list_entry(p, struct kmem_cache, list));
	return nr_free_pages();
}

static unsigned long xorshift(unsigned long *state)
{
	unsigned long x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

static void fill(void *p, size_t size, unsigned char seed)
{
	for (size_t i = 0; i < size; i++)
		((unsigned char *)p)[i] = (unsigned char)(seed + i * 7);
}

static bool filled(const void *p, size_t size, unsigned char seed)
{
	for (size_t i = 0; i < size; i++)
		if (((const unsigned char *)p)[i] != (unsigned char)(seed + i * 7))
			return false;
	return true;
}

/* Allocate obj[i] from first to end by step, each filled with seed i. */
static void alloc_and_fill(struct kmem_cache *s, void **obj, int first, int end, int step,
			   size_t size)
{
	for (int i = first; i < end; i += step) {
		obj[i] = kmem_cache_alloc(s, GFP_KERNEL);
		CHECK(obj[i]);
		fill(obj[i], size, (unsigned char)i);
	}
}

/* The reverse: check the contents, free. */
static void check_and_free(struct kmem_cache *s, void **obj, int first, int end, int step,
			   size_t size)
{
	for (int i = first; i < end; i += step) {
		CHECK(filled(obj[i], size, (unsigned char)i));
		kmem_cache_free(s, obj[i]);
	}
}

/* ------------------------------------------------------------ kmalloc */

HTEST(kmalloc_index_matches_size_classes)
{
	static const unsigned int classes[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512,
						1024, 2048, 4096, 8192 };
	unsigned int c = 0;

	boot();
	CHECK_EQ(kmalloc_index(0), 0);
	CHECK_EQ(kmalloc_index(1), 3);
	CHECK_EQ(kmalloc_index(65), 1);
	CHECK_EQ(kmalloc_index(96), 1);
	CHECK_EQ(kmalloc_index(97), 7);
	CHECK_EQ(kmalloc_index(129), 2);
	CHECK_EQ(kmalloc_index(193), 8);
	CHECK_EQ(kmalloc_index(8192), 13);
	for (size_t size = 1; size <= 8192; size++) {
		if (size > classes[c])
			c++;
		CHECK_EQ(kmalloc_caches[kmalloc_index(size)]->object_size, classes[c]);
	}
}

HTEST(kmalloc_uses_the_smallest_class_that_fits)
{
	boot();
	unsigned long before = settle();

	for (size_t size = 1; size <= 8192; size += size < 300 ? 1 : 97) {
		void *p = kmalloc(size, GFP_KERNEL);
		size_t class = ksize(p);

		CHECK(p);
		CHECK(class >= size);
		CHECK(size <= 8 || class < 2 * size);
		CHECK_EQ((uintptr_t)p % (class >= 64 ? 64 : 8), 0);
		fill(p, class, (unsigned char)size);
		CHECK(filled(p, class, (unsigned char)size));
		kfree(p);
	}
	CHECK_EQ(settle(), before);
}

HTEST(zero_size_and_null)
{
	boot();
	unsigned long reports = slab_bug_reports;

	CHECK(kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	CHECK(ZERO_OR_NULL_PTR(kzalloc(0, GFP_KERNEL)));
	kfree(ZERO_SIZE_PTR);
	kfree(NULL);
	CHECK_EQ(ksize(ZERO_SIZE_PTR), 0);
	CHECK_EQ(slab_bug_reports, reports);
}

HTEST(large_kmalloc_comes_from_the_buddy_allocator)
{
	boot();
	unsigned long before = settle();
	void *p = kmalloc(8193, GFP_KERNEL);
	struct page *page = virt_to_page(p);

	CHECK(p);
	CHECK_EQ((uintptr_t)p % PAGE_SIZE, 0);
	CHECK(PageFlag(page, PG_large_kmalloc));
	CHECK(!PageFlag(page, PG_slab));
	CHECK_EQ(ksize(p), 4 * PAGE_SIZE);
	CHECK_EQ(nr_free_pages(), before - 4);
	fill(p, 4 * PAGE_SIZE, 3);
	CHECK(filled(p, 4 * PAGE_SIZE, 3));
	kfree(p);
	CHECK_EQ(nr_free_pages(), before);
	CHECK(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN) == NULL);
}

HTEST(kzalloc_and_kcalloc_zero_and_check_overflow)
{
	boot();
	unsigned long before = settle();
	unsigned char *p = kmalloc(100, GFP_KERNEL);

	memset(p, 0xff, 100);
	kfree(p);
	p = kzalloc(100, GFP_KERNEL);
	for (int i = 0; i < 100; i++)
		CHECK_EQ(p[i], 0);
	kfree(p);

	p = kcalloc(1000, 10, GFP_KERNEL);
	CHECK(p);
	for (int i = 0; i < 10000; i++)
		CHECK_EQ(p[i], 0);
	kfree(p);
	CHECK(kcalloc(SIZE_MAX / 2, 3, GFP_KERNEL) == NULL);
	CHECK(kcalloc(1UL << 33, 1UL << 31, GFP_KERNEL) == NULL);
	CHECK_EQ(settle(), before);
}

HTEST(krealloc_keeps_contents)
{
	boot();
	unsigned long before = settle();
	char *p = krealloc(NULL, 20, GFP_KERNEL);
	char *q;

	CHECK(p);
	fill(p, 20, 9);
	q = krealloc(p, 30, GFP_KERNEL);
	CHECK(q == p);	/* still fits the 32-byte class */
	q = krealloc(p, 5000, GFP_KERNEL);
	CHECK(q && q != p);
	CHECK(filled(q, 20, 9));
	CHECK_EQ(ksize(q), 8192);
	fill(q, 5000, 4);
	p = krealloc(q, 20000, GFP_KERNEL);
	CHECK(filled(p, 5000, 4));
	CHECK(PageFlag(virt_to_page(p), PG_large_kmalloc));
	q = krealloc(p, 10, GFP_KERNEL);
	CHECK(q == p);
	CHECK(krealloc(q, 0, GFP_KERNEL) == ZERO_SIZE_PTR);
	CHECK_EQ(settle(), before);
}

/* Random sizes, small and large, freed in random order, contents checked. */
HTEST(random_kmalloc_and_kfree)
{
	enum { SLOTS = 512, OPS = 40000 };
	static struct {
		unsigned char *p;
		size_t size;
	} slot[SLOTS];
	unsigned long rng = 0x9e3779b97f4a7c15UL;

	boot();
	unsigned long before = settle();

	for (int op = 0; op < OPS; op++) {
		int i = xorshift(&rng) % SLOTS;

		if (slot[i].p) {
			CHECK(filled(slot[i].p, slot[i].size, (unsigned char)i));
			kfree(slot[i].p);
			slot[i].p = NULL;
			continue;
		}
		unsigned long r = xorshift(&rng);
		size_t size = r % 16 == 0 ? 8193 + r % 40000 : 1 + (r >> 8) % 3000;

		slot[i].p = kmalloc(size, GFP_KERNEL);
		CHECK(slot[i].p);
		slot[i].size = size;
		fill(slot[i].p, size, (unsigned char)i);
	}
	for (int i = 0; i < SLOTS; i++) {
		if (!slot[i].p)
			continue;
		CHECK(filled(slot[i].p, slot[i].size, (unsigned char)i));
		kfree(slot[i].p);
		slot[i].p = NULL;
	}
	CHECK_EQ(settle(), before);
}

/* ------------------------------------------------------------- caches */

HTEST(slab_orders_like_slub)
{
	boot();
	struct { unsigned int index, order, objects; } expect[] = {
		{ 3, 0, 512 }, { 6, 0, 64 }, { 1, 0, 42 }, { 2, 0, 21 },
		{ 9, 2, 32 }, { 10, 3, 32 }, { 12, 3, 8 }, { 13, 3, 4 },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(expect); i++) {
		struct kmem_cache *s = kmalloc_caches[expect[i].index];

		CHECK_EQ(s->order, expect[i].order);
		CHECK_EQ(s->objects, expect[i].objects);
	}
}

HTEST(cache_objects_are_distinct_and_aligned)
{
	enum { N = 3000 };
	static void *obj[N];

	boot();
	unsigned long before = settle();
	struct kmem_cache *s = kmem_cache_create("test-40", 40, 0, SLAB_HWCACHE_ALIGN, NULL);

	CHECK(s);
	CHECK_EQ(s->size, 64);
	for (int i = 0; i < N; i++) {
		obj[i] = kmem_cache_alloc(s, GFP_KERNEL);
		CHECK(obj[i]);
		CHECK_EQ((uintptr_t)obj[i] % 64, 0);
		fill(obj[i], 40, (unsigned char)i);
	}
	check_and_free(s, obj, 0, N, 1, 40);
	kmem_cache_destroy(s);
	CHECK_EQ(settle(), before);
}

HTEST(explicit_alignment)
{
	boot();
	unsigned long before = settle();
	struct kmem_cache *s = kmem_cache_create("test-align", 24, 256, 0, NULL);
	void *p[10];

	CHECK(s);
	for (int i = 0; i < 10; i++) {
		p[i] = kmem_cache_zalloc(s, GFP_KERNEL);
		CHECK_EQ((uintptr_t)p[i] % 256, 0);
	}
	for (int i = 0; i < 10; i++)
		kmem_cache_free(s, p[i]);
	kmem_cache_destroy(s);
	CHECK(kmem_cache_create("bad-align", 24, 48, 0, NULL) == NULL);
	CHECK_EQ(settle(), before);
}

static int ctor_calls;

static void ctor_magic(void *object)
{
	ctor_calls++;
	memset(object, 0x5c, 48);
}

/* The constructor runs once per object per slab; its work survives a free. */
HTEST(constructor_state_survives_free)
{
	boot();
	unsigned long before = settle();
	struct kmem_cache *s = kmem_cache_create("test-ctor", 48, 0, 0, ctor_magic);
	unsigned char *p;

	CHECK(s);
	CHECK(s->offset >= 48);
	ctor_calls = 0;
	p = kmem_cache_alloc(s, GFP_KERNEL);
	CHECK_EQ(ctor_calls, s->objects);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 48; i++)
			CHECK_EQ(p[i], 0x5c);
		kmem_cache_free(s, p);
		p = kmem_cache_alloc(s, GFP_KERNEL);
	}
	kmem_cache_free(s, p);
	CHECK_EQ(ctor_calls, s->objects);
	kmem_cache_destroy(s);
	CHECK_EQ(settle(), before);
}

HTEST(fast_path_dominates_and_counters_add_up)
{
	enum { N = 5000 };
	static void *obj[N];

	boot();
	unsigned long before = settle();
	struct kmem_cache *s = kmem_cache_create("test-stats", 100, 0, 0, NULL);
	struct slabinfo info;

	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < N; i++)
			obj[i] = kmem_cache_alloc(s, GFP_KERNEL);
		for (int i = N - 1; i >= 0; i--)
			kmem_cache_free(s, obj[i]);
	}
	CHECK_EQ(slub_stat(s, ALLOC_FASTPATH) + slub_stat(s, ALLOC_SLOWPATH), 4 * N);
	CHECK_EQ(slub_stat(s, FREE_FASTPATH) + slub_stat(s, FREE_SLOWPATH), 4 * N);
	/*
	 * One slow allocation per slab's worth of objects, roughly, plus one
	 * per object the sheaf held (the frees into slabs other than the
	 * active one wait there, and the slow path hands them out).
	 */
	CHECK(slub_stat(s, ALLOC_SLOWPATH) <= 4 * (N / s->objects + 2 + s->sheaf_capacity));
	CHECK(slub_stat(s, ALLOC_SLAB) >= (unsigned long)N / s->objects);

	for (int i = 0; i < N; i++)
		obj[i] = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_shrink(s);
	get_slabinfo(s, &info);
	CHECK_EQ(info.active_objs, N);
	CHECK_EQ(info.num_slabs, DIV_ROUND_UP(N, s->objects));
	for (int i = 0; i < N; i++)
		kmem_cache_free(s, obj[i]);
	CHECK_EQ(kmem_cache_shrink(s), 0);
	get_slabinfo(s, &info);
	CHECK_EQ(info.num_slabs, 0);
	CHECK_EQ(slub_stat(s, ALLOC_SLAB), slub_stat(s, FREE_SLAB));
	kmem_cache_destroy(s);
	CHECK_EQ(settle(), before);
}

/*
 * A cache whose remote frees go straight to their slabs, for the tests of
 * the slab layer itself: with a sheaf in front, a free reaches its slab
 * only when the sheaf is flushed.
 */
static struct kmem_cache *create_sheafless(const char *name, unsigned int size)
{
	struct kmem_cache *s = kmem_cache_create(name, size, 0, 0, NULL);

	s->sheaf_capacity = 0;
	return s;
}

/* Objects freed as another CPU than the one that allocated them. */
HTEST(remote_frees_go_to_the_slab_freelist)
{
	enum { N = 2000 };
	static void *obj[N];

	boot();
	unsigned long before = settle();
	struct kmem_cache *s = kmem_cache_create("test-remote", 64, 0, 0, NULL);

	host_cpu_id = 1;
	alloc_and_fill(s, obj, 0, N, 1, 64);
	host_cpu_id = 2;
	check_and_free(s, obj, 0, N, 2, 64);
	CHECK_EQ(slub_stat(s, FREE_FASTPATH), 0);
	/* CPU 2 now reuses the slabs it freed into, CPU 1 finds its own frees. */
	alloc_and_fill(s, obj, 0, N, 2, 64);
	host_cpu_id = 1;
	for (int i = 1; i < N; i += 2)
		kmem_cache_free(s, obj[i]);
	alloc_and_fill(s, obj, 1, N, 2, 64);
	host_cpu_id = 0;
	check_and_free(s, obj, 0, N, 1, 64);
	kmem_cache_destroy(s);
	CHECK_EQ(settle(), before);
}

/*
 * A remote free needs the node lock only when it empties a slab no CPU
 * owns. CPU 1 fills a slab and moves on; CPU 2 frees all of that slab's
 * objects: the first free freezes it onto CPU 2's partial list, the others
 * go into a frozen slab. None may take the node lock.
 */
HTEST(remote_frees_into_own_slabs_skip_the_node_lock)
{
	enum { N = 200 };
	static void *obj[N];

	boot();
	unsigned long before = settle();
	struct kmem_cache *s = create_sheafless("test-nolock", 64);
	struct page *first;

	host_cpu_id = 1;
	alloc_and_fill(s, obj, 0, s->objects + 1, 1, 64);
	first = virt_to_page(obj[0]);
	CHECK(s->cpu_slab[1].page != first);
	host_cpu_id = 2;
	check_and_free(s, obj, 0, s->objects, 1, 64);
	CHECK_EQ(slub_stat(s, FREE_SLOWPATH), s->objects);
	CHECK_EQ(slub_stat(s, FREE_NODE_LOCK), 0);
	CHECK(first->frozen);
	CHECK_EQ(first->inuse, 0);
	CHECK_EQ(list_first_entry(&s->cpu_slab[2].partial, struct page, slab_list), first);
	host_cpu_id = 1;
	check_and_free(s, obj, s->objects, s->objects + 1, 1, 64);
	host_cpu_id = 0;
	kmem_cache_destroy(s);
	CHECK_EQ(settle(), before);
}

/*
 * CPU 1 frees every object of a slab that sits on the node's partial list:
 * only the last free, which empties it, takes the node lock.
 */
HTEST(only_the_free_that_empties_a_node_slab_takes_the_node_lock)
{
	enum { N = 200 };
	static void *obj[N];

	boot();
	unsigned long before = settle();
	struct kmem_cache *s = create_sheafless("test-lastlock", 64);
	struct page *page;

	alloc_and_fill(s, obj, 0, s->objects, 1, 64);
	page = virt_to_page(obj[0]);
	/* One free object, then CPU 0 lets the slab go: it joins the node list. */
	kmem_cache_free(s, obj[0]);
	kmem_cache_shrink(s);
	CHECK(!page->frozen);
	CHECK_EQ(page->inuse, s->objects - 1);
	host_cpu_id = 1;
	check_and_free(s, obj, 1, s->objects, 1, 64);
	CHECK_EQ(slub_stat(s, FREE_NODE_LOCK), 1);
	host_cpu_id = 0;
	kmem_cache_destroy(s);
	CHECK_EQ(settle(), before);
}

static unsigned int list_length(const struct list_head *head)
{
	unsigned int n = 0;

	for (const struct list_head *p = head->next; p != head; p = p->next)
		n++;
	return n;
}

/*
 * Remote frees into many full slabs: each such slab joins the freeing CPU's
 * partial list, which must stay within cpu_partial_slabs (the excess goes
 * back to the node), with nr_partial counting what is on it.
 */
HTEST(cpu_partial_list_is_bounded_and_counted)
{
	enum { N = 20000 };
	static void *obj[N];

	boot();
	unsigned long before = settle();
	struct kmem_cache *s = create_sheafless("test-cpu-partial", 64);
	struct kmem_cache_cpu *c = &s->cpu_slab[2];
	unsigned int slabs = 0;

	host_cpu_id = 1;
	alloc_and_fill(s, obj, 0, N, 1, 64);
	host_cpu_id = 2;
	for (int i = 0; i < N; i += (int)s->objects, slabs++) {
		kmem_cache_free(s, obj[i]);
		CHECK(c->nr_partial <= s->cpu_partial_slabs);
		CHECK_EQ(list_length(&c->partial), c->nr_partial);
	}
	CHECK(slabs > 2 * s->cpu_partial_slabs);
	for (int i = 0; i < N; i++)
		if (i % (int)s->objects)
			kmem_cache_free(s, obj[i]);
	host_cpu_id = 0;
	kmem_cache_destroy(s);
	CHECK_EQ(settle(), before);
}

static uintptr_t slab_of(const struct kmem_cache *s, const void *object)
{
	return (uintptr_t)object >> (PAGE_SHIFT + s->order);
}

/*
 * A slab on CPU 3's partial list (frozen) whose last objects another CPU
 * frees is empty but still CPU 3's: it stays on that list, and the node's
 * lists (long enough that an unfrozen empty slab would be discarded) keep
 * their counts.
 */
HTEST(emptied_frozen_slab_stays_with_its_cpu)
{
	enum { N = 20000 };
	static void *obj[N];
	static bool freed[N];
	struct kmem_cache_cpu *c3;
	uintptr_t a;

	boot();
	unsigned long before = settle();
	struct kmem_cache *s = create_sheafless("test-frozen-empty", 64);

	c3 = &s->cpu_slab[3];
	memset(freed, 0, sizeof(freed));
	host_cpu_id = 1;
	alloc_and_fill(s, obj, 0, N, 1, 64);
	a = slab_of(s, obj[N / 2]);
	host_cpu_id = 0;
	for (int i = 0; i < N / 4; i += (int)s->objects)
		if (slab_of(s, obj[i]) != a) {
			kmem_cache_free(s, obj[i]);
			freed[i] = true;
		}
	CHECK(s->node->nr_partial > s->min_partial);
	host_cpu_id = 3;
	kmem_cache_free(s, obj[N / 2]);
	freed[N / 2] = true;
	CHECK_EQ(c3->nr_partial, 1);
	host_cpu_id = 2;
	for (int i = 0; i < N; i++)
		if (!freed[i] && slab_of(s, obj[i]) == a) {
			kmem_cache_free(s, obj[i]);
			freed[i] = true;
		}
	CHECK_EQ(list_length(&c3->partial), c3->nr_partial);
	CHECK_EQ(c3->nr_partial, 1);
	CHECK_EQ(list_length(&s->node->partial), s->node->nr_partial);
	for (int i = 0; i < N; i++)
		if (!freed[i])
			kmem_cache_free(s, obj[i]);
	host_cpu_id = 0;
	kmem_cache_destroy(s);
	CHECK_EQ(settle(), before);
}

/* ------------------------------------------------------------ sheaves */

static int compare_pointers(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return x < y ? -1 : x > y;
}

static bool all_distinct(void **obj, size_t n)
{
	qsort(obj, n, sizeof(*obj), compare_pointers);
	for (size_t i = 1; i < n; i++)
		if (obj[i] == obj[i - 1])
			return false;
	return true;
}

static unsigned long in_use(struct kmem_cache *s)
{
	return slub_stat(s, ALLOC_FASTPATH) + slub_stat(s, ALLOC_SLOWPATH) -
	       slub_stat(s, FREE_FASTPATH) - slub_stat(s, FREE_SLOWPATH);
}

/*
 * CPU 1 allocates, CPU 2 frees it all: CPU 2's sheaf fills, hands half of
 * itself back at a time and never holds more than its capacity. Each
 * object is counted once, when freed onto the sheaf, not again when the
 * sheaf passes it on; allocations take the sheaf's newest objects first.
 */
HTEST(sheaf_counts_stay_exact_across_flush_and_refill)
{
	enum { N = 3000 };
	static void *obj[N];

	boot();
	unsigned long before = settle();
	struct kmem_cache *s = kmem_cache_create("test-sheaf", 64, 0, 0, NULL);
	struct slab_sheaf *sheaf2 = &s->sheaf[2];

	CHECK_EQ(s->sheaf_capacity, SHEAF_MAX_CAPACITY);
	host_cpu_id = 1;
	alloc_and_fill(s, obj, 0, N, 1, 64);
	CHECK_EQ(in_use(s), N);
	host_cpu_id = 2;
	for (int i = 0; i < N; i++) {
		CHECK(filled(obj[i], 64, (unsigned char)i));
		kmem_cache_free(s, obj[i]);
		CHECK_EQ(in_use(s), N - 1 - i);
		CHECK(sheaf2->size >= 1 && sheaf2->size <= s->sheaf_capacity);
	}
	CHECK_EQ(slub_stat(s, FREE_SLOWPATH), N);
	CHECK_EQ(sheaf2->size + slub_stat(s, SHEAF_FLUSH) * (s->sheaf_capacity / 2), N);
	CHECK_EQ(sheaf2->objects[sheaf2->size - 1], obj[N - 1]);

	alloc_and_fill(s, obj, 0, N, 1, 64);
	CHECK_EQ(sheaf2->size, 0);
	CHECK_EQ(in_use(s), N);
	check_and_free(s, obj, 0, N, 1, 64);
	CHECK_EQ(in_use(s), 0);
	CHECK(all_distinct(obj, N));
	host_cpu_id = 0;
	CHECK_EQ(kmem_cache_shrink(s), 0);
	kmem_cache_destroy(s);
	CHECK_EQ(settle(), before);
}

/*
 * Objects of a full slab freed on another CPU wait on that CPU's sheaf,
 * still counted in use by their slab; a flush (here kmem_cache_shrink's)
 * puts each back on its slab's freelist, and the emptied slab goes back
 * to the buddy allocator.
 */
HTEST(sheaf_objects_come_back_to_their_slab)
{
	enum { N = 600 };
	static void *obj[N];

	boot();
	unsigned long before = settle();
	struct kmem_cache *s = kmem_cache_create("test-sheaf-back", 64, 0, 0, NULL);
	struct slab_sheaf *sheaf2 = &s->sheaf[2];
	struct slabinfo info;
	struct page *first;

	host_cpu_id = 1;
	alloc_and_fill(s, obj, 0, s->objects + 1, 1, 64);
	first = virt_to_page(obj[0]);
	CHECK(s->cpu_slab[1].page != first);
	host_cpu_id = 2;
	check_and_free(s, obj, 0, s->objects, 1, 64);
	CHECK(sheaf2->size > 0);
	CHECK(slub_stat(s, SHEAF_FLUSH) > 0);
	CHECK_EQ(first->inuse, sheaf2->size);
	CHECK_EQ(slub_stat(s, FREE_NODE_LOCK), 0);
	host_cpu_id = 0;
	kmem_cache_shrink(s);
	CHECK_EQ(sheaf2->size, 0);
	CHECK(!PageFlag(first, PG_slab));
	get_slabinfo(s, &info);
	CHECK_EQ(info.num_slabs, 1);
	CHECK_EQ(info.active_objs, 1);
	host_cpu_id = 1;
	check_and_free(s, obj, s->objects, s->objects + 1, 1, 64);
	host_cpu_id = 0;
	kmem_cache_destroy(s);
	CHECK_EQ(settle(), before);
}

static bool cache_listed(struct kmem_cache *s)
{
	for (struct list_head *p = slab_caches.next; p != &slab_caches; p = p->next)
		if (p == &s->list)
			return true;
	return false;
}

/*
 * Objects left on the sheaves of three CPUs: kmem_cache_destroy drains
 * them all, the cache goes, and every page comes back. Debug caches have
 * no sheaf at all.
 */
HTEST(destroy_drains_the_sheaves)
{
	enum { N = 500 };
	static void *obj[N];

	boot();
	unsigned long before = settle();
	struct kmem_cache *s = kmem_cache_create("test-sheaf-destroy", 128, 0, 0, NULL);
	struct kmem_cache *d = kmem_cache_create("test-sheaf-debug", 128, 0, SLAB_POISON, NULL);

	CHECK_EQ(d->sheaf_capacity, 0);
	kmem_cache_destroy(d);
	alloc_and_fill(s, obj, 0, N, 1, 128);
	for (unsigned int cpu = 1; cpu <= 3; cpu++) {
		host_cpu_id = cpu;
		check_and_free(s, obj, (int)cpu - 1, N, 3, 128);
		CHECK(s->sheaf[cpu].size > 0);
	}
	host_cpu_id = 0;
	CHECK_EQ(in_use(s), 0);
	kmem_cache_destroy(s);
	CHECK(!cache_listed(s));
	CHECK_EQ(settle(), before);
}

HTEST(destroy_refuses_a_cache_in_use)
{
	boot();
	unsigned long before = settle();
	struct kmem_cache *s = kmem_cache_create("test-busy", 32, 0, 0, NULL);
	void *p = kmem_cache_alloc(s, GFP_KERNEL);
	bool listed = false;

	kmem_cache_destroy(s);
	for (struct list_head *p = slab_caches.next; p != &slab_caches; p = p->next)
		listed |= p == &s->list;
	CHECK(listed);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
	CHECK_EQ(settle(), before);
}

HTEST(slabinfo_format)
{
	static char buf[8192];
	struct seq_buf m;
	char name[64];
	unsigned long active, num, size, per, pages, l, b, sh, as, ns, sa;
	int lines = 0;

	boot();
	seq_buf_init(&m, buf, sizeof(buf));
	slabinfo_show(&m);
	CHECK(!m.overflowed);
	CHECK(strncmp(buf, "slabinfo - version: 2.1\n# name            <active_objs> <num_objs> "
			   "<objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> "
			   "<sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n",
		      strlen("slabinfo - version: 2.1\n")) == 0);
	CHECK(strstr(buf, "\nkmalloc-96 "));
	CHECK(strstr(buf, "\nkmalloc-192 "));
	CHECK(strstr(buf, "\nkmalloc-8192 "));
	CHECK(strstr(buf, "\nkmem_cache "));
	CHECK(strstr(buf, "\nkmem_cache_node "));
	for (char *line = strchr(buf, '\n') + 1; (line = strchr(line, '\n') + 1) && *line;) {
		CHECK_EQ(sscanf(line, "%63s %lu %lu %lu %lu %lu : tunables %lu %lu %lu : slabdata %lu %lu %lu",
				name, &active, &num, &size, &per, &pages, &l, &b, &sh, &as, &ns, &sa), 12);
		CHECK(active <= num);
		CHECK_EQ(num, ns * per);
		CHECK(per * size <= pages * PAGE_SIZE);
		lines++;
	}
	CHECK(lines >= 15);
	CHECK(strstr(buf, "kmalloc-8192         "));
}

/* ------------------------------------------------------------ bad frees */

HTEST(invalid_kfree_is_reported)
{
	boot();
	unsigned long reports = slab_bug_reports;
	char on_stack[16];
	char *p = kmalloc(64, GFP_KERNEL);
	struct page *page = alloc_page(GFP_KERNEL);
	struct kmem_cache *s = kmem_cache_create("test-wrong", 64, 0, 0, NULL);

	kfree(on_stack);
	CHECK_EQ(slab_bug_reports, reports + 1);
	kfree(page_address(page));
	CHECK_EQ(slab_bug_reports, reports + 2);
	CHECK(strstr(host_last_report, "Pointer"));
	/*
	 * Without debug checks only the slow path looks closely: from the CPU
	 * that owns p's slab, p + 8 would go onto the freelist unchecked.
	 */
	host_cpu_id = 3;
	kfree(p + 8);
	CHECK_EQ(slab_bug_reports, reports + 3);
	kmem_cache_free(s, p);
	CHECK_EQ(slab_bug_reports, reports + 4);
	host_cpu_id = 0;
	__free_page(page);
	kfree(p);
	kmem_cache_destroy(s);
	CHECK_EQ(slab_bug_reports, reports + 4);
}

/*
 * The slow free finds the start of an object by multiplying, not dividing
 * (obj_to_index): for sizes that are not powers of two, every offset into
 * an object but 0 must still be refused, in the first object and the last.
 * Freed from a CPU that does not own the slab, so the slow path checks.
 */
HTEST(slow_free_refuses_every_interior_pointer)
{
	static const unsigned int sizes[] = { 24, 96, 200, 1000, 3000 };

	boot();
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct kmem_cache *s = kmem_cache_create("test-interior", sizes[i], 0, 0, NULL);
		unsigned long reports = slab_bug_reports;
		char *first, *last;

		first = kmem_cache_alloc(s, GFP_KERNEL);
		last = first + (s->objects - 1) * s->size;
		for (unsigned int n = 1; n < s->objects; n++)
			CHECK(kmem_cache_alloc(s, GFP_KERNEL));
		host_cpu_id = 1;
		for (unsigned int off = 1; off < s->size; off++) {
			kmem_cache_free(s, first + off);
			kmem_cache_free(s, last + off);
		}
		CHECK_EQ(slab_bug_reports, reports + 2 * (s->size - 1));
		for (char *p = first; p <= last; p += s->size)
			kmem_cache_free(s, p);
		CHECK_EQ(slab_bug_reports, reports + 2 * (s->size - 1));
		host_cpu_id = 0;
		kmem_cache_destroy(s);
	}
}

/* --------------------------------------------------------- debug mode */

#define ALL_CHECKS SLAB_DEBUG_FLAGS

/* Collect what the allocator prints to stderr while fn runs. */
static char captured[16384];

static void capture(void (*fn)(void *), void *arg)
{
	FILE *tmp = tmpfile();
	int saved = dup(2);
	size_t n;

	CHECK(tmp && saved >= 0);
	unsetenv("HOST_TEST_QUIET");
	fflush(stderr);
	dup2(fileno(tmp), 2);
	fn(arg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	setenv("HOST_TEST_QUIET", "1", 1);
	rewind(tmp);
	n = fread(captured, 1, sizeof(captured) - 1, tmp);
	captured[n] = '\0';
	fclose(tmp);
}

struct debug_case {
	struct kmem_cache *s;
	unsigned char *p;
};

static void overflow_then_free(void *arg)
{
	struct debug_case *d = arg;

	d->p[40] = 'X';
	kmem_cache_free(d->s, d->p);
}

HTEST(debug_red_zone_catches_overflow)
{
	boot();
	struct kmem_cache *s = kmem_cache_create("dbg-redzone", 40, 0, ALL_CHECKS, NULL);
	unsigned long reports = slab_bug_reports;
	struct debug_case d = { s, kmem_cache_alloc(s, GFP_KERNEL) };
	struct slabinfo info;

	CHECK(s->inuse > 40);
	for (unsigned int i = 40; i < s->inuse; i++)
		CHECK_EQ(d.p[i], SLUB_RED_ACTIVE);
	capture(overflow_then_free, &d);
	CHECK_EQ(slab_bug_reports, reports + 1);
	CHECK(strstr(captured, "BUG dbg-redzone: Redzone overwritten"));
	CHECK(strstr(captured, "0x58 instead of 0xcc"));
	CHECK(strstr(captured, "Last allocated by"));
	CHECK(strstr(captured, " 58 cc cc"));
	CHECK(strstr(captured, "not freed"));
	/* The damaged object stays allocated: it is never handed out again. */
	get_slabinfo(s, &info);
	CHECK_EQ(info.active_objs, 1);
}

static void free_twice(void *arg)
{
	struct debug_case *d = arg;

	kmem_cache_free(d->s, d->p);
	kmem_cache_free(d->s, d->p);
}

HTEST(debug_catches_double_free)
{
	boot();
	unsigned long before = settle();
	struct kmem_cache *s = kmem_cache_create("dbg-double", 72, 0, ALL_CHECKS, NULL);
	unsigned long reports = slab_bug_reports;
	struct debug_case d = { s, kmem_cache_alloc(s, GFP_KERNEL) };

	capture(free_twice, &d);
	CHECK_EQ(slab_bug_reports, reports + 1);
	CHECK(strstr(captured, "BUG dbg-double: Double free"));
	CHECK(strstr(captured, "Last freed by"));
	/* The slab survived intact: every object can still be had once. */
	void *a = kmem_cache_alloc(s, GFP_KERNEL), *b = kmem_cache_alloc(s, GFP_KERNEL);

	CHECK(a == d.p && b != a);
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	CHECK_EQ(slab_bug_reports, reports + 1);
	kmem_cache_destroy(s);
	CHECK_EQ(settle(), before);
}

static void write_after_free(void *arg)
{
	struct debug_case *d = arg;

	kmem_cache_free(d->s, d->p);
	d->p[10] = 0;
	d->p = kmem_cache_alloc(d->s, GFP_KERNEL);
}

HTEST(debug_poison_catches_use_after_free)
{
	boot();
	struct kmem_cache *s = kmem_cache_create("dbg-poison", 64, 0, ALL_CHECKS, NULL);
	unsigned long reports = slab_bug_reports;
	unsigned char *freed = kmem_cache_alloc(s, GFP_KERNEL);
	struct debug_case d = { s, freed };

	capture(write_after_free, &d);
	CHECK_EQ(slab_bug_reports, reports + 1);
	CHECK(strstr(captured, "BUG dbg-poison: Poison overwritten"));
	CHECK(strstr(captured, "(object+10): 0x00 instead of 0x6b"));
	CHECK(d.p && d.p != freed);
	for (int i = 0; i < 63; i++)
		CHECK_EQ(d.p[i], POISON_FREE);
	CHECK_EQ(d.p[63], POISON_END);
	CHECK(strstr(captured, "taken out of use"));
	/* Still poisoned after the report: the bad object is left alone. */
	CHECK_EQ(freed[10], 0);
	CHECK_EQ(freed[11], POISON_FREE);
	kmem_cache_free(s, d.p);
	CHECK_EQ(slab_bug_reports, reports + 1);
}

static void smash_free_pointer(void *arg)
{
	struct debug_case *d = arg;

	kmem_cache_free(d->s, d->p);
	*(unsigned long *)(d->p + d->s->offset) = 12345;
	d->p = kmem_cache_alloc(d->s, GFP_KERNEL);
}

/* A bad free pointer poisons the rest of the freelist: the slab is retired. */
HTEST(debug_catches_corrupt_free_pointer)
{
	boot();
	struct kmem_cache *s = kmem_cache_create("dbg-freeptr", 64, 0, ALL_CHECKS, NULL);
	unsigned long reports = slab_bug_reports;
	unsigned char *freed = kmem_cache_alloc(s, GFP_KERNEL);
	struct debug_case d = { s, freed };
	struct slabinfo info;

	capture(smash_free_pointer, &d);
	CHECK_EQ(slab_bug_reports, reports + 1);
	CHECK(strstr(captured, "BUG dbg-freeptr: Freepointer corrupt"));
	CHECK(strstr(captured, "marked all in use"));
	CHECK(d.p && virt_to_page(d.p) != virt_to_page(freed));
	get_slabinfo(s, &info);
	CHECK_EQ(info.num_slabs, 2);
	CHECK_EQ(info.active_objs, s->objects + 1);
	kmem_cache_free(s, d.p);
}

static void free_bad_pointers(void *arg)
{
	struct debug_case *d = arg;
	long on_stack;

	kmem_cache_free(d->s, d->p + 8);
	kmem_cache_free(d->s, &on_stack);
	kmem_cache_free(d->s, kmalloc(64, GFP_KERNEL));
}

HTEST(debug_catches_invalid_free)
{
	boot();
	unsigned long before = settle();
	struct kmem_cache *s = kmem_cache_create("dbg-invalid", 64, 0, ALL_CHECKS, NULL);
	unsigned long reports = slab_bug_reports;
	struct debug_case d = { s, kmem_cache_alloc(s, GFP_KERNEL) };

	capture(free_bad_pointers, &d);
	CHECK_EQ(slab_bug_reports, reports + 3);
	CHECK(strstr(captured, "BUG dbg-invalid: Invalid free: not the start of an object"));
	CHECK(strstr(captured, "is 8 bytes into the object"));
	CHECK(strstr(captured, "BUG dbg-invalid: Invalid free: pointer outside any slab"));
	CHECK(strstr(captured, "BUG dbg-invalid: Invalid free: object of another cache"));
	CHECK(strstr(captured, "belongs to cache kmalloc-64"));
	kmem_cache_free(s, d.p);
	kmem_cache_destroy(s);
	CHECK_EQ(slab_bug_reports, reports + 3);
	/* One kmalloc-64 object was leaked on purpose. */
	CHECK(settle() <= before);
}

HTEST(debug_cache_works_normally_when_used_well)
{
	enum { N = 1500 };
	static unsigned char *obj[N];

	boot();
	unsigned long before = settle();
	unsigned long reports = slab_bug_reports;
	struct kmem_cache *s = kmem_cache_create("dbg-clean", 100, 0, ALL_CHECKS, ctor_magic);

	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < N; i++) {
			obj[i] = kmem_cache_alloc(s, GFP_KERNEL);
			CHECK_EQ(obj[i][0], 0x5c);
			fill(obj[i], 100, (unsigned char)i);
		}
		for (int i = 0; i < N; i++) {
			CHECK(filled(obj[i], 100, (unsigned char)i));
			memset(obj[i], 0x5c, 48);
			kmem_cache_free(s, obj[i]);
		}
	}
	CHECK_EQ(slab_bug_reports, reports);
	kmem_cache_destroy(s);
	CHECK_EQ(settle(), before);
}

static __attribute__((noinline)) void *alloc_at_one_place(struct kmem_cache *s)
{
	return kmem_cache_alloc(s, GFP_KERNEL);
}

static __attribute__((noinline)) void *alloc_at_another_place(struct kmem_cache *s)
{
	return kmem_cache_alloc(s, GFP_KERNEL);
}

/* The counts of alloc_calls' lines, in order; how many lines. */
static int alloc_calls_counts(struct kmem_cache *s, unsigned long *counts, int max)
{
	static char buf[4096];
	struct seq_buf m;
	int n = 0;

	seq_buf_init(&m, buf, sizeof(buf));
	CHECK_EQ(slab_alloc_calls_show(&m, s), 0);
	for (char *line = buf; *line && n < max; line = strchr(line, '\n') + 1)
		if (sscanf(line, "%lu", &counts[n]) == 1)
			n++;
	return n;
}

HTEST(alloc_calls_counts_objects_in_use_by_caller)
{
	enum { A = 30, B = 70 };	/* more than a slab's worth; B / 2 > A still */
	static void *a[A], *b[B];
	unsigned long counts[4];
	struct seq_buf m;
	char buf[64];

	boot();
	unsigned long before = settle();
	struct kmem_cache *s = kmem_cache_create("dbg-calls", 200, 0, SLAB_STORE_USER, NULL);
	struct kmem_cache *plain = kmem_cache_create("no-calls", 200, 0, 0, NULL);

	for (int i = 0; i < A; i++)
		a[i] = alloc_at_one_place(s);
	for (int i = 0; i < B; i++)
		b[i] = alloc_at_another_place(s);
	CHECK_EQ(alloc_calls_counts(s, counts, 4), 2);
	CHECK_EQ(counts[0], B);
	CHECK_EQ(counts[1], A);
	for (int i = 0; i < B; i += 2)
		kmem_cache_free(s, b[i]);
	CHECK_EQ(alloc_calls_counts(s, counts, 4), 2);
	CHECK_EQ(counts[0], B / 2);
	CHECK_EQ(counts[1], A);
	for (int i = 0; i < A; i++)
		kmem_cache_free(s, a[i]);
	for (int i = 1; i < B; i += 2)
		kmem_cache_free(s, b[i]);
	CHECK_EQ(alloc_calls_counts(s, counts, 4), 0);
	seq_buf_init(&m, buf, sizeof(buf));
	CHECK_EQ(slab_alloc_calls_show(&m, plain), -EINVAL);
	kmem_cache_destroy(s);
	kmem_cache_destroy(plain);
	CHECK_EQ(settle(), before);
}

HTEST(slub_debug_option_selects_caches_and_checks)
{
	boot();
	struct kmem_cache *a, *b, *c, *d;

	slub_debug_setup("ZP,dbg-opt-a,dbg-pre*");
	a = kmem_cache_create("dbg-opt-a", 32, 0, 0, NULL);
	b = kmem_cache_create("dbg-prefix", 32, 0, 0, NULL);
	c = kmem_cache_create("dbg-opt", 32, 0, 0, NULL);
	slub_debug_setup(NULL);
	d = kmem_cache_create("dbg-any", 32, 0, 0, NULL);
	slub_debug_setup("-");

	CHECK_EQ(a->flags & SLAB_DEBUG_FLAGS, SLAB_RED_ZONE | SLAB_POISON);
	CHECK_EQ(b->flags & SLAB_DEBUG_FLAGS, SLAB_RED_ZONE | SLAB_POISON);
	CHECK_EQ(c->flags & SLAB_DEBUG_FLAGS, 0);
	CHECK_EQ(d->flags & SLAB_DEBUG_FLAGS, SLAB_DEBUG_FLAGS);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	kmem_cache_destroy(c);
	kmem_cache_destroy(d);
	c = kmem_cache_create("dbg-off", 32, 0, 0, NULL);
	CHECK_EQ(c->flags & SLAB_DEBUG_FLAGS, 0);
	kmem_cache_destroy(c);
}

/* ------------------------------------------------------------ threads */

enum { THREADS = 4, ROUNDS = 60, PER_ROUND = 300 };

struct mailbox {
	void *obj[PER_ROUND];
	size_t size[PER_ROUND];
};

static struct mailbox mailbox[THREADS];
static pthread_barrier_t barrier;
static struct kmem_cache *shared_cache;
static int thread_errors;

static void *worker(void *arg)
{
	unsigned int cpu = (unsigned int)(uintptr_t)arg;
	struct mailbox *out = &mailbox[(cpu + 1) % THREADS], *in = &mailbox[cpu];
	unsigned long rng = 0x1234567 + cpu;

	host_cpu_id = cpu;
	for (int round = 0; round < ROUNDS; round++) {
		for (int i = 0; i < PER_ROUND; i++) {
			unsigned long r = xorshift(&rng);
			size_t size = i % 3 == 0 ? 200 : 1 + r % 2048;
			void *p = i % 3 == 0 ? kmem_cache_alloc(shared_cache, GFP_KERNEL)
					     : kmalloc(size, GFP_KERNEL);
			void *keep = kmalloc(size, GFP_KERNEL);

			fill(p, size, (unsigned char)(cpu + i));
			out->obj[i] = p;
			out->size[i] = size;
			kfree(keep);
		}
		pthread_barrier_wait(&barrier);
		for (int i = 0; i < PER_ROUND; i++) {
			unsigned char seed = (unsigned char)((cpu + THREADS - 1) % THREADS + i);

			if (!filled(in->obj[i], in->size[i], seed))
				__atomic_add_fetch(&thread_errors, 1, __ATOMIC_RELAXED);
			if (i % 3 == 0)
				kmem_cache_free(shared_cache, in->obj[i]);
			else
				kfree(in->obj[i]);
		}
		pthread_barrier_wait(&barrier);
	}
	return NULL;
}

static void run_threads(slab_flags_t flags)
{
	pthread_t thread[THREADS];
	unsigned long reports = slab_bug_reports;
	unsigned long before = settle();

	shared_cache = kmem_cache_create("test-threads", 200, 0, flags, NULL);
	thread_errors = 0;
	pthread_barrier_init(&barrier, NULL, THREADS);
	for (uintptr_t i = 0; i < THREADS; i++)
		CHECK_EQ(pthread_create(&thread[i], NULL, worker, (void *)i), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(thread[i], NULL);
	pthread_barrier_destroy(&barrier);
	host_cpu_id = 0;

	CHECK_EQ(thread_errors, 0);
	CHECK_EQ(slab_bug_reports, reports);
	CHECK_EQ(slub_stat(shared_cache, ALLOC_FASTPATH) + slub_stat(shared_cache, ALLOC_SLOWPATH),
		 THREADS * ROUNDS * PER_ROUND / 3);
	CHECK_EQ(slub_stat(shared_cache, FREE_FASTPATH) + slub_stat(shared_cache, FREE_SLOWPATH),
		 THREADS * ROUNDS * PER_ROUND / 3);
	kmem_cache_destroy(shared_cache);
	CHECK_EQ(settle(), before);
}

HTEST(threads_allocate_and_free_across_cpus)
{
	boot();
	run_threads(0);
}

HTEST(threads_on_a_debug_cache)
{
	boot();
	run_threads(SLAB_DEBUG_FLAGS);
}

/*
 * Remote frees while the owner allocates: every thread allocates from its
 * own CPU's slabs and hands the objects round to all the others, which
 * free them, several at once into the same slab, while its owner refills
 * from it. No barrier separates the two. Small slabs (16 objects) keep
 * them changing state. A lost free shows as an object still in use at the
 * end; an object handed out twice, as a live tag found set.
 */
enum {
	RACE_THREADS = 4, RACE_ITERATIONS = 200000, RACE_SIZE = 256, RING = 64,
	LIVE = 0x11ae,
};

struct ring {
	void *slot[RING];
	unsigned long head, tail;	/* head: next to take; tail: next to fill */
};

static struct ring rings[RACE_THREADS][RACE_THREADS];	/* [from][to] */
static struct kmem_cache *race_cache;
static unsigned long race_allocs, race_frees;

static bool ring_put(struct ring *r, void *p)
{
	unsigned long tail = r->tail;

	if (tail - __atomic_load_n(&r->head, __ATOMIC_ACQUIRE) == RING)
		return false;
	r->slot[tail % RING] = p;
	__atomic_store_n(&r->tail, tail + 1, __ATOMIC_RELEASE);
	return true;
}

static void *ring_get(struct ring *r)
{
	unsigned long head = r->head;
	void *p;

	if (head == __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE))
		return NULL;
	p = r->slot[head % RING];
	__atomic_store_n(&r->head, head + 1, __ATOMIC_RELEASE);
	return p;
}

static void *race_alloc(unsigned char seed)
{
	unsigned long *p = kmem_cache_alloc(race_cache, GFP_KERNEL);

	if (!p || __atomic_exchange_n(&p[1], LIVE, __ATOMIC_RELAXED) == LIVE)
		__atomic_add_fetch(&thread_errors, 1, __ATOMIC_RELAXED);
	if (p) {
		((unsigned char *)p)[16] = seed;
		fill((char *)p + 24, RACE_SIZE - 24, seed);
	}
	return p;
}

static void race_free(unsigned long *p)
{
	unsigned char seed = ((unsigned char *)p)[16];

	if (p[1] != LIVE || !filled((char *)p + 24, RACE_SIZE - 24, seed))
		__atomic_add_fetch(&thread_errors, 1, __ATOMIC_RELAXED);
	p[1] = 0;
	kmem_cache_free(race_cache, p);
}

/* Free what the others sent, up to max objects: how many. */
static unsigned long race_receive(unsigned int cpu, unsigned long max)
{
	unsigned long frees = 0;
	void *p;

	for (unsigned int from = 0; from < RACE_THREADS; from++)
		while (frees < max && (p = ring_get(&rings[from][cpu]))) {
			race_free(p);
			frees++;
		}
	return frees;
}

static void *race_worker(void *arg)
{
	unsigned int cpu = (unsigned int)(uintptr_t)arg;
	unsigned long allocs = 0, frees = 0;

	host_cpu_id = cpu;
	for (int i = 0; i < RACE_ITERATIONS; i++) {
		unsigned int to = (cpu + 1 + i % (RACE_THREADS - 1)) % RACE_THREADS;
		void *p = race_alloc((unsigned char)(cpu * 64 + i));

		allocs++;
		if (!ring_put(&rings[cpu][to], p)) {
			race_free(p);
			frees++;
		}
		/* Every third round frees nothing, so that slabs also fill up. */
		if (i % 3)
			frees += race_receive(cpu, 2);
	}
	pthread_barrier_wait(&barrier);
	frees += race_receive(cpu, ~0UL);
	__atomic_add_fetch(&race_allocs, allocs, __ATOMIC_RELAXED);
	__atomic_add_fetch(&race_frees, frees, __ATOMIC_RELAXED);
	return NULL;
}

/* The race above, with sheaves of sheaf_capacity objects (0: none) in front of the slabs. */
static void remote_free_race(unsigned int sheaf_capacity)
{
	pthread_t thread[RACE_THREADS];
	unsigned long reports = slab_bug_reports;

	boot();
	unsigned long before = settle();

	race_cache = kmem_cache_create("test-race", RACE_SIZE, 0, 0, NULL);
	race_cache->sheaf_capacity = sheaf_capacity;
	race_allocs = race_frees = 0;
	thread_errors = 0;
	pthread_barrier_init(&barrier, NULL, RACE_THREADS);
	for (uintptr_t i = 0; i < RACE_THREADS; i++)
		CHECK_EQ(pthread_create(&thread[i], NULL, race_worker, (void *)i), 0);
	for (int i = 0; i < RACE_THREADS; i++)
		pthread_join(thread[i], NULL);
	pthread_barrier_destroy(&barrier);
	host_cpu_id = 0;

	CHECK_EQ(thread_errors, 0);
	CHECK_EQ(slab_bug_reports, reports);
	CHECK_EQ(race_allocs, (unsigned long)RACE_THREADS * RACE_ITERATIONS);
	CHECK_EQ(race_frees, race_allocs);
	CHECK(slub_stat(race_cache, FREE_SLOWPATH) > 0);
	CHECK_EQ(slub_stat(race_cache, ALLOC_FASTPATH) + slub_stat(race_cache, ALLOC_SLOWPATH),
		 race_allocs);
	CHECK_EQ(slub_stat(race_cache, FREE_FASTPATH) + slub_stat(race_cache, FREE_SLOWPATH),
		 race_frees);
	CHECK_EQ(slub_stat(race_cache, SHEAF_FLUSH) > 0, sheaf_capacity > 0);
	/* Every object back on a freelist: no slab is left once the CPUs let go. */
	CHECK_EQ(kmem_cache_shrink(race_cache), 0);
	kmem_cache_destroy(race_cache);
	CHECK_EQ(settle(), before);
}

HTEST(remote_frees_race_with_the_owner)
{
	remote_free_race(0);
}

/*
 * The same with sheaves: each remote free waits on its CPU's sheaf, and
 * reaches its slab in a flush of many, under that slab's lock, while the
 * owner allocates from it.
 */
HTEST(sheaves_race_with_the_owner)
{
	remote_free_race(SHEAF_MAX_CAPACITY);
}
