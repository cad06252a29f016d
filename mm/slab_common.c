/*
 * What every slab allocator shares in Linux, over SLUB's core (mm/slub.c):
 * creating and destroying caches, the list of all caches and its
 * /proc/slabinfo view, and kmalloc: a request is rounded up to one of the
 * size classes 8, 16, 32, 64, 96, 128, 192, 256, ... 8192 and served by
 * that class's cache; anything larger comes straight from the buddy
 * allocator as a compound page block marked PG_large_kmalloc.
 */
#include <mm/slab.h>
#include <mm/mm.h>
#include <kernel/printk.h>
#include <kernel/lib/string.h>
#include <kernel/errno.h>

LIST_HEAD(slab_caches);
DEFINE_SPINLOCK(slab_caches_lock);
struct kmem_cache *kmalloc_caches[KMALLOC_SHIFT_HIGH + 1];

#define ARCH_SLAB_MINALIGN sizeof(void *)

/* SLAB_HWCACHE_ALIGN: a cache line, or a fraction of one for small objects. */
static unsigned int calculate_alignment(slab_flags_t flags, unsigned int align,
					unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = L1_CACHE_BYTES;

		while (size <= ralign / 2)
			ralign /= 2;
		align = MAX(align, ralign);
	}
	return MAX(align, (unsigned int)ARCH_SLAB_MINALIGN);
}

static int init_cache(struct kmem_cache *s, const char *name, unsigned int size,
		      unsigned int align, slab_flags_t flags, void (*ctor)(void *))
{
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->object_size = size;
	s->align = calculate_alignment(flags, align, size);
	s->ctor = ctor;
	return __kmem_cache_create(s, flags);
}

/* A cache whose descriptor is not (yet) an object of kmem_cache. */
void create_boot_cache(struct kmem_cache *s, const char *name, unsigned int size,
		       slab_flags_t flags)
{
	if (init_cache(s, name, size, ARCH_SLAB_MINALIGN, flags, NULL))
		panic("Creation of boot cache %s (size %u) failed", name, size);
}

static void add_to_slab_caches(struct kmem_cache *s)
{
	spin_lock(&slab_caches_lock);
	list_add(&s->list, &slab_caches);
	spin_unlock(&slab_caches_lock);
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *))
{
	struct kmem_cache *s = NULL;

	if (!name || size == 0 || size > KMALLOC_MAX_SIZE || (align & (align - 1)))
		goto fail;
	s = kmem_cache_zalloc(kmem_cache, GFP_KERNEL);
	if (!s)
		goto fail;
	if (init_cache(s, name, size, align, flags, ctor)) {
		kmem_cache_free(kmem_cache, s);
		goto fail;
	}
	add_to_slab_caches(s);
	return s;
fail:
	if (flags & SLAB_PANIC)
		panic("kmem_cache_create: cannot create cache %s", name ? name : "(null)");
	pr_warn("kmem_cache_create(%s, size %u, align %u) failed\n",
		name ? name : "(null)", size, align);
	return NULL;
}

/* Refused (and reported) while the cache still has objects in use. */
void kmem_cache_destroy(struct kmem_cache *s)
{
	if (!s)
		return;
	if (__kmem_cache_shutdown(s)) {
		pr_err("kmem_cache_destroy %s: slab cache still has objects\n", s->name);
		return;
	}
	spin_lock(&slab_caches_lock);
	list_del(&s->list);
	spin_unlock(&slab_caches_lock);
	kmem_cache_free(kmem_cache, s);
}

/*
 * Give every cache's empty slabs back to the page allocator, including
 * those kept per CPU and on purpose (min_partial): what a leak check does
 * first, so that only memory really in use stays allocated.
 */
void kmem_cache_shrink_all(void)
{
	struct list_head *pos;

	spin_lock(&slab_caches_lock);
	for (pos = slab_caches.next; pos != &slab_caches; pos = pos->next)
		kmem_cache_shrink(list_entry(pos, struct kmem_cache, list));
	spin_unlock(&slab_caches_lock);
}

/*
 * Objects in use and pages held, over every cache. A leak check compares
 * the objects; pages may differ by slabs that fragmentation keeps alive.
 */
void slab_totals(unsigned long *objects, unsigned long *pages)
{
	struct list_head *pos;
	struct slabinfo info;

	*objects = 0;
	*pages = 0;
	spin_lock(&slab_caches_lock);
	for (pos = slab_caches.next; pos != &slab_caches; pos = pos->next) {
		get_slabinfo(list_entry(pos, struct kmem_cache, list), &info);
		*objects += info.active_objs;
		*pages += info.num_slabs << info.cache_order;
	}
	spin_unlock(&slab_caches_lock);
}

int for_each_slab_cache(int (*fn)(struct kmem_cache *s, void *arg), void *arg)
{
	struct list_head *pos;
	int ret = 0;

	spin_lock(&slab_caches_lock);
	for (pos = slab_caches.next; pos != &slab_caches && !ret; pos = pos->next)
		ret = fn(list_entry(pos, struct kmem_cache, list), arg);
	spin_unlock(&slab_caches_lock);
	return ret;
}

/* Under the list lock, so that s cannot be destroyed while it is read. */
static bool cache_exists_locked(struct kmem_cache *s)
{
	for (struct list_head *pos = slab_caches.next; pos != &slab_caches; pos = pos->next)
		if (list_entry(pos, struct kmem_cache, list) == s)
			return true;
	return false;
}

int slab_stat_show_live(struct seq_buf *m, struct kmem_cache *s, enum stat_item item)
{
	int ret = -ENOENT;

	spin_lock(&slab_caches_lock);
	if (cache_exists_locked(s)) {
		slub_stat_show(m, s, item);
		ret = 0;
	}
	spin_unlock(&slab_caches_lock);
	return ret;
}

int slab_alloc_calls_show_live(struct seq_buf *m, struct kmem_cache *s)
{
	int ret = -ENOENT;

	spin_lock(&slab_caches_lock);
	if (cache_exists_locked(s))
		ret = slab_alloc_calls_show(m, s);
	spin_unlock(&slab_caches_lock);
	return ret;
}

/* ----------------------------------------------------------------- kmalloc */

static unsigned int kmalloc_size(unsigned int index)
{
	if (index == 1)
		return 96;
	if (index == 2)
		return 192;
	return 1U << index;
}

static struct kmem_cache *create_kmalloc_cache(unsigned int index)
{
	struct kmem_cache *s = kmem_cache_zalloc(kmem_cache, GFP_KERNEL);
	char name[KMEM_CACHE_NAME_LEN];

	BUG_ON(!s);
	snprintf(name, sizeof(name), "kmalloc-%u", kmalloc_size(index));
	create_boot_cache(s, name, kmalloc_size(index), 0);
	add_to_slab_caches(s);
	return s;
}

/* The 96- and 192-byte classes come right after 64 and 128, as in Linux. */
void create_kmalloc_caches(void)
{
	for (unsigned int i = KMALLOC_SHIFT_LOW; i <= KMALLOC_SHIFT_HIGH; i++) {
		kmalloc_caches[i] = create_kmalloc_cache(i);
		if (i == 6)
			kmalloc_caches[1] = create_kmalloc_cache(1);
		if (i == 7)
			kmalloc_caches[2] = create_kmalloc_cache(2);
	}
}

static unsigned int large_kmalloc_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

/* The order is kept in page->private for kfree and ksize. */
static void *kmalloc_large(size_t size, gfp_t gfp)
{
	unsigned int order = large_kmalloc_order(size);
	struct page *page = alloc_pages(gfp | __GFP_COMP, order);

	if (!page)
		return NULL;
	SetPageFlag(page, PG_large_kmalloc);
	page->private = order;
	return page_address(page);
}

static void free_large_kmalloc(struct page *page)
{
	unsigned int order = page->private;

	ClearPageFlag(page, PG_large_kmalloc);
	page->private = 0;
	__free_pages(page, order);
}

/*
 * Forced inline: GCC would otherwise call it from kmalloc, one more call
 * level on the fast path (host bench: kmalloc+kfree 8.1 -> 6.6 ns with
 * kmalloc_page's).
 */
static inline __attribute__((always_inline)) void *
__do_kmalloc(size_t size, gfp_t gfp, unsigned long caller)
{
	unsigned int index;

	if (unlikely(size > KMALLOC_MAX_CACHE_SIZE)) {
		if (size <= KMALLOC_MAX_SIZE)
			return kmalloc_large(size, gfp);
		if (!(gfp & __GFP_NOWARN))
			pr_warn("kmalloc: %zu bytes is more than the largest block (%lu) from %pS\n",
				size, KMALLOC_MAX_SIZE, (void *)caller);
		return NULL;
	}
	index = kmalloc_index(size);
	if (!index)
		return ZERO_SIZE_PTR;
	return slab_alloc(kmalloc_caches[index], gfp, caller);
}

void *kmalloc(size_t size, gfp_t gfp)
{
	return __do_kmalloc(size, gfp, (unsigned long)__builtin_return_address(0));
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return __do_kmalloc(size, gfp | __GFP_ZERO,
			    (unsigned long)__builtin_return_address(0));
}

void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return __do_kmalloc(bytes, gfp | __GFP_ZERO,
			    (unsigned long)__builtin_return_address(0));
}

/*
 * The page that tells what p is: the first page of its slab or large
 * block. NULL, after a report, when p cannot have come from kmalloc.
 * Forced inline into kfree, as __do_kmalloc into kmalloc.
 */
static inline __attribute__((always_inline)) struct page *
kmalloc_page(const void *p, const char *what, unsigned long caller)
{
	struct page *page;

	if (pfn_valid(__pa(p) >> PAGE_SHIFT)) {
		page = compound_head(virt_to_page(p));
		if (PageFlag(page, PG_slab))
			return page;
		if (PageFlag(page, PG_large_kmalloc) && p == page_address(page))
			return page;
	}
	slab_report_bad_pointer("kmalloc", what, p, caller);
	return NULL;
}

static void __kfree(const void *p, unsigned long caller)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(p))
		return;
	page = kmalloc_page(p, "Invalid kfree: not a kmalloc pointer", caller);
	if (!page)
		return;
	if (PageFlag(page, PG_slab))
		slab_free(page->slab_cache, page, (void *)p, caller);
	else
		free_large_kmalloc(page);
}

void kfree(const void *p)
{
	__kfree(p, (unsigned long)__builtin_return_address(0));
}

/* How many bytes at p the caller may use: the whole size class. */
size_t ksize(const void *p)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(p))
		return 0;
	page = kmalloc_page(p, "Invalid ksize: not a kmalloc pointer",
			    (unsigned long)__builtin_return_address(0));
	if (!page)
		return 0;
	if (PageFlag(page, PG_slab))
		return __ksize(page->slab_cache);
	return PAGE_SIZE << page->private;
}

/*
 * Grow or shrink a block, keeping its contents. Stays in place while the
 * size class is big enough; new_size 0 frees. On failure p is untouched.
 */
void *krealloc(const void *p, size_t new_size, gfp_t gfp)
{
	unsigned long caller = (unsigned long)__builtin_return_address(0);
	size_t old_size;
	void *n;

	if (new_size == 0) {
		__kfree(p, caller);
		return ZERO_SIZE_PTR;
	}
	old_size = ZERO_OR_NULL_PTR(p) ? 0 : ksize(p);
	if (old_size >= new_size)
		return (void *)p;
	n = __do_kmalloc(new_size, gfp, caller);
	if (!n)
		return NULL;
	if (old_size)
		memcpy(n, p, old_size);
	__kfree(p, caller);
	return n;
}

/* -------------------------------------------------------------- slabinfo */

/* Linux's /proc/slabinfo 2.1; SLUB has no tunables and no shared arrays. */
void slabinfo_show(struct seq_buf *m)
{
	struct slabinfo info;
	struct list_head *entry;

	seq_buf_printf(m, "slabinfo - version: 2.1\n");
	seq_buf_printf(m, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>");
	seq_buf_printf(m, " : tunables <limit> <batchcount> <sharedfactor>");
	seq_buf_printf(m, " : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	spin_lock(&slab_caches_lock);
	/*
	 * Not list_for_each_entry: its end test forms a struct kmem_cache
	 * pointer from the list head, misaligned for this 64-byte aligned type.
	 */
	for (entry = slab_caches.next; entry != &slab_caches; entry = entry->next) {
		struct kmem_cache *s = list_entry(entry, struct kmem_cache, list);

		get_slabinfo(s, &info);
		seq_buf_printf(m, "%-17s %6lu %6lu %6u %4u %4u", s->name, info.active_objs,
			       info.num_objs, s->size, info.objects_per_slab,
			       1U << info.cache_order);
		seq_buf_printf(m, " : tunables %4u %4u %4u", 0, 0, 0);
		seq_buf_printf(m, " : slabdata %6lu %6lu %6lu\n", info.active_slabs,
			       info.num_slabs, 0UL);
	}
	spin_unlock(&slab_caches_lock);
}
