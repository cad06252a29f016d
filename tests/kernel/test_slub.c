/*
 * In-kernel tests of SLUB and kmalloc (group `slub`), on the real CPUs:
 * every CPU allocates and frees at once through on_each_cpu(), most
 * objects are freed on another CPU than the one that allocated them, and
 * the free page count must come back once the caches are destroyed.
 *
 * The debug-mode tests corrupt objects of their own debug caches on
 * purpose. The reports do not panic: each test checks that exactly one
 * report was counted, and the report itself is printed for the log.
 * Relies on page_alloc_init() and kmem_cache_init() having run at boot.
 */
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/lib/seq_buf.h>
#include <kernel/smp.h>
#include <kernel/lib/string.h>
#include <kernel/atomic.h>
#include <asm/barrier.h>
#include <mm/mm.h>
#include <mm/slab.h>

/* Every CPU's slabs back to the nodes, every empty slab back to the buddy. */
static unsigned long settle(void)
{
	for (struct list_head *p = slab_caches.next; p != &slab_caches; p = p->next)
		kmem_cache_shrink(list_entry(p, struct kmem_cache, list));
	return nr_free_pages();
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

KTEST(slub, kmalloc_size_classes)
{
	static const unsigned int classes[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512,
						1024, 2048, 4096, 8192 };
	unsigned long before = settle();
	unsigned int c = 0;

	KT_EXPECT(kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	for (size_t size = 1; size <= 8192; size += size < 256 ? 1 : 61) {
		void *p = kmalloc(size, GFP_KERNEL);

		while (size > classes[c])
			c++;
		KT_ASSERT(p);
		KT_EXPECT_EQ(ksize(p), classes[c]);
		fill(p, size, (unsigned char)size);
		KT_EXPECT(filled(p, size, (unsigned char)size));
		kfree(p);
	}
	void *big = kmalloc(100000, GFP_KERNEL);

	KT_ASSERT(big);
	KT_EXPECT(PageFlag(virt_to_page(big), PG_large_kmalloc));
	KT_EXPECT_EQ(ksize(big), 32 * PAGE_SIZE);
	kfree(big);
	KT_EXPECT_EQ(settle(), before);
}

KTEST(slub, slabinfo_lists_the_caches)
{
	static char buf[4096];
	struct seq_buf m;

	seq_buf_init(&m, buf, sizeof(buf));
	slabinfo_show(&m);
	KT_EXPECT(!m.overflowed);
	KT_EXPECT(strncmp(buf, "slabinfo - version: 2.1\n# name ", 31) == 0);
	KT_EXPECT(strstr(buf, "\nkmalloc-96 "));
	KT_EXPECT(strstr(buf, "\nkmalloc-192 "));
	KT_EXPECT(strstr(buf, "\nkmalloc-8192 "));
	KT_EXPECT(strstr(buf, "\nkmem_cache_node "));
	for (char *line = buf, *end; *line; line = end + 1) {
		end = strchr(line, '\n');
		if (!end)
			break;
		*end = '\0';
		pr_info("%s\n", line);
	}
}

/* ------------------------------------------------------ all CPUs at once */

#define SMP_ROUNDS 40
#define SMP_DEBUG_ROUNDS 8	/* every debug free walks a freelist: slower */
#define SMP_PER_ROUND 200

static struct {
	struct kmem_cache *cache;
	unsigned int nr_cpus;
	unsigned int rounds;
	void *obj[NR_CPUS][SMP_PER_ROUND];
	size_t size[NR_CPUS][SMP_PER_ROUND];
	atomic_t arrived;
	atomic_t generation;
	atomic_t errors;
} smp;

/* All CPUs wait here until the last arrives. */
static void smp_barrier(void)
{
	int generation = atomic_read(&smp.generation);

	if (atomic_add_return(1, &smp.arrived) == (int)smp.nr_cpus) {
		atomic_set(&smp.arrived, 0);
		atomic_add_return(1, &smp.generation);
	} else {
		while (atomic_read(&smp.generation) == generation)
			cpu_relax();
	}
	smp_mb();
}

static void alloc_round(unsigned int cpu, unsigned int round)
{
	for (unsigned int i = 0; i < SMP_PER_ROUND; i++) {
		size_t size = i % 2 ? 24 + (i * 37 + round * 11) % 1500 : 200;
		void *p = i % 2 ? kmalloc(size, GFP_KERNEL)
				: kmem_cache_alloc(smp.cache, GFP_KERNEL);

		if (!p) {
			atomic_inc(&smp.errors);
			size = 0;
		} else {
			fill(p, size, (unsigned char)(cpu + i + round));
		}
		smp.obj[cpu][i] = p;
		smp.size[cpu][i] = size;
	}
}

/* Free what the previous CPU allocated. */
static void free_round(unsigned int cpu, unsigned int round)
{
	unsigned int from = (cpu + smp.nr_cpus - 1) % smp.nr_cpus;

	for (unsigned int i = 0; i < SMP_PER_ROUND; i++) {
		void *p = smp.obj[from][i];

		if (!p)
			continue;
		if (!filled(p, smp.size[from][i], (unsigned char)(from + i + round)))
			atomic_inc(&smp.errors);
		if (i % 2)
			kfree(p);
		else
			kmem_cache_free(smp.cache, p);
	}
}

static void smp_worker(void *info __unused)
{
	unsigned int cpu = smp_processor_id();

	for (unsigned int round = 0; round < smp.rounds; round++) {
		alloc_round(cpu, round);
		smp_barrier();
		free_round(cpu, round);
		smp_barrier();
	}
}

static void run_on_all_cpus(struct ktest_ctx *t, slab_flags_t flags, unsigned int rounds)
{
	unsigned long reports = slab_bug_reports;
	unsigned long total, fast, slow;

	smp.cache = kmem_cache_create("ktest-smp", 200, 0, flags, NULL);
	smp.nr_cpus = num_online_cpus();
	smp.rounds = rounds;
	atomic_set(&smp.arrived, 0);
	atomic_set(&smp.errors, 0);
	on_each_cpu(smp_worker, NULL);

	total = (unsigned long)smp.nr_cpus * rounds * SMP_PER_ROUND / 2;
	fast = slub_stat(smp.cache, ALLOC_FASTPATH);
	slow = slub_stat(smp.cache, ALLOC_SLOWPATH);
	KT_EXPECT_EQ(atomic_read(&smp.errors), 0);
	KT_EXPECT_EQ(slab_bug_reports, reports);
	KT_EXPECT_EQ(fast + slow, total);
	KT_EXPECT_EQ(slub_stat(smp.cache, FREE_FASTPATH) + slub_stat(smp.cache, FREE_SLOWPATH),
		     total);
	if (smp.nr_cpus > 1)
		KT_EXPECT(slub_stat(smp.cache, FREE_SLOWPATH) > 0);
	pr_info("slub: %u CPUs, %lu allocations: %lu fast, %lu slow; frees: %lu fast, %lu slow\n",
		smp.nr_cpus, total, fast, slow, slub_stat(smp.cache, FREE_FASTPATH),
		slub_stat(smp.cache, FREE_SLOWPATH));
	kmem_cache_destroy(smp.cache);
}

KTEST(slub, all_cpus_alloc_and_free_across_cpus)
{
	unsigned long before = settle();

	run_on_all_cpus(t, 0, SMP_ROUNDS);
	KT_EXPECT_EQ(settle(), before);
}

KTEST(slub, all_cpus_on_a_debug_cache)
{
	unsigned long before = settle();

	run_on_all_cpus(t, SLAB_DEBUG_FLAGS, SMP_DEBUG_ROUNDS);
	KT_EXPECT_EQ(settle(), before);
}

KTEST(slub, pages_come_back_after_destroy)
{
	static const unsigned int sizes[] = { 16, 100, 700, 3000, 9000 };
	static void *obj[ARRAY_SIZE(sizes)][300];
	struct kmem_cache *cache[ARRAY_SIZE(sizes)];
	unsigned long before = settle();
	struct slabinfo info;

	for (unsigned int c = 0; c < ARRAY_SIZE(sizes); c++) {
		cache[c] = kmem_cache_create("ktest-destroy", sizes[c], 0, 0, NULL);
		KT_ASSERT(cache[c]);
		for (unsigned int i = 0; i < 300; i++)
			obj[c][i] = kmem_cache_alloc(cache[c], GFP_KERNEL);
	}
	KT_EXPECT(nr_free_pages() < before);
	for (unsigned int c = 0; c < ARRAY_SIZE(sizes); c++) {
		kmem_cache_shrink(cache[c]);
		get_slabinfo(cache[c], &info);
		KT_EXPECT_EQ(info.active_objs, 300);
		for (unsigned int i = 0; i < 300; i++)
			kmem_cache_free(cache[c], obj[c][i]);
		kmem_cache_destroy(cache[c]);
	}
	KT_EXPECT_EQ(settle(), before);
}

/* -------------------------------------------------------------- debug mode */

static struct kmem_cache *debug_cache(const char *name)
{
	return kmem_cache_create(name, 40, 0, SLAB_DEBUG_FLAGS, NULL);
}

KTEST(slub, debug_reports_red_zone_overflow)
{
	struct kmem_cache *s = debug_cache("ktest-redzone");
	unsigned long reports = slab_bug_reports;
	char *p = kmem_cache_alloc(s, GFP_KERNEL);
	struct slabinfo info;

	pr_info("slub: a 'Redzone overwritten' report in ktest-redzone follows, on purpose\n");
	p[40] = 'X';
	kmem_cache_free(s, p);
	KT_EXPECT_EQ(slab_bug_reports, reports + 1);
	get_slabinfo(s, &info);
	KT_EXPECT_EQ(info.active_objs, 1);	/* the damaged object is kept out of use */
}

KTEST(slub, debug_reports_double_free)
{
	struct kmem_cache *s = debug_cache("ktest-double");
	unsigned long reports = slab_bug_reports;
	void *p = kmem_cache_alloc(s, GFP_KERNEL);

	pr_info("slub: a 'Double free' report in ktest-double follows, on purpose\n");
	kmem_cache_free(s, p);
	kmem_cache_free(s, p);
	KT_EXPECT_EQ(slab_bug_reports, reports + 1);
	kmem_cache_destroy(s);
}

KTEST(slub, debug_reports_use_after_free)
{
	struct kmem_cache *s = debug_cache("ktest-poison");
	unsigned long reports = slab_bug_reports;
	char *p = kmem_cache_alloc(s, GFP_KERNEL), *q;

	pr_info("slub: a 'Poison overwritten' report in ktest-poison follows, on purpose\n");
	kmem_cache_free(s, p);
	p[3] = 0;
	q = kmem_cache_alloc(s, GFP_KERNEL);
	KT_EXPECT_EQ(slab_bug_reports, reports + 1);
	KT_EXPECT(q && q != p);
	kmem_cache_free(s, q);
	KT_EXPECT_EQ(slab_bug_reports, reports + 1);
}

static char not_from_kmalloc[64];

KTEST(slub, debug_reports_invalid_free)
{
	struct kmem_cache *s = debug_cache("ktest-invalid");
	unsigned long reports = slab_bug_reports;
	char *p = kmem_cache_alloc(s, GFP_KERNEL);

	pr_info("slub: three 'Invalid free'/'Invalid kfree' reports follow, on purpose\n");
	kmem_cache_free(s, p + 8);
	kmem_cache_free(s, not_from_kmalloc);
	kfree(not_from_kmalloc);
	KT_EXPECT_EQ(slab_bug_reports, reports + 3);
	kmem_cache_free(s, p);
	KT_EXPECT_EQ(slab_bug_reports, reports + 3);
	kmem_cache_destroy(s);
}
