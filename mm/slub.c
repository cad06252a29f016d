/*
 * SLUB: caches of equal-sized objects, after Christoph Lameter's allocator
 * in Linux. A slab is a block of 2^order pages cut into objects; its first
 * struct page (PG_slab) describes it: the cache, the first free object,
 * how many objects are in use, and whether a CPU owns ("froze") it. A free
 * object holds the pointer to the next free one, so there is no other
 * metadata.
 *
 * Fast path: every CPU owns one active slab and takes objects from its own
 * freelist with interrupts off, touching no shared data. Slow path, when
 * that freelist is empty: objects other CPUs have meanwhile freed into the
 * active slab, then this CPU's partial slabs, then the node's partial list
 * (under its spinlock), then a new slab. A free into a slab this CPU is not
 * using goes onto this CPU's sheaf, an array of such objects that the
 * slow path hands out before it looks at the slabs; a full sheaf gives its
 * older half back to the slabs, one slab lock (slab_lock()) per slab rather
 * than per object. The node lock is taken only when a slab changes lists
 * (docs/slub.md, "Remote frees" and "Sheaves").
 *
 * Debug caches (slub_debug, or the SLAB_* debug flags) skip the per-CPU
 * layer altogether: every allocation and free takes the node lock and
 * checks the object's red zone, poison and free pointer.
 *
 * Relies on the buddy allocator (mm/gfp.h, mm/mm.h) and on on_each_cpu()
 * to make every CPU give back its slabs when a cache is shrunk or destroyed.
 */
#include <mm/slab.h>
#include <mm/mm.h>
#include <mm/fault_inject.h>
#include <kernel/printk.h>
#include <kernel/lib/string.h>
#include <kernel/errno.h>
#include <kernel/smp.h>
#include <asm/barrier.h>


#define SLUB_MAX_ORDER PAGE_ALLOC_COSTLY_ORDER
#define MAX_OBJS_PER_SLAB 32767		/* what page->objects can hold */

struct kmem_cache *kmem_cache;
static struct kmem_cache *kmem_cache_node;
unsigned long slab_bug_reports;

static struct kmem_cache_node *get_node(struct kmem_cache *s)
{
	return s->node;
}

/* Only valid with interrupts off: then this CPU cannot change under us. */
static struct kmem_cache_cpu *this_cpu_slab(struct kmem_cache *s)
{
	return &s->cpu_slab[smp_processor_id()];
}

/* The same for this CPU's sheaf. */
static struct slab_sheaf *this_cpu_sheaf(struct kmem_cache *s)
{
	return &s->sheaf[smp_processor_id()];
}

static void stat(struct kmem_cache_cpu *c, enum stat_item item)
{
	c->stat[item]++;
}

static void *get_freepointer(struct kmem_cache *s, void *object)
{
	return *(void **)((char *)object + s->offset);
}

static void set_freepointer(struct kmem_cache *s, void *object, void *fp)
{
	*(void **)((char *)object + s->offset) = fp;
}

static bool kmem_cache_debug(struct kmem_cache *s)
{
	return s->flags & SLAB_DEBUG_FLAGS;
}

/* The slab's first struct page, or NULL when p is not inside a slab. */
static struct page *virt_to_slab(const void *p)
{
	struct page *page;

	if (!pfn_valid(__pa(p) >> PAGE_SHIFT))
		return NULL;
	page = compound_head(virt_to_page(p));
	return PageFlag(page, PG_slab) ? page : NULL;
}

/*
 * offset / s->size without a division, which costs tens of cycles on every
 * slow free (Linux's obj_to_index does the same). reciprocal_size is
 * 2^32 / size rounded up: exact for offsets inside a slab (under 2^22).
 */
static unsigned long obj_to_index(struct kmem_cache *s, unsigned long offset)
{
	return (offset * s->reciprocal_size) >> 32;
}

/*
 * NULL (end of a freelist) or the start of one of the slab's objects.
 * Reads the page's address and its objects, which never change while it
 * is a slab, so it needs no lock.
 */
static inline __attribute__((always_inline)) bool
check_valid_pointer(struct kmem_cache *s, struct page *page, void *p)
{
	char *base = page_address(page);
	unsigned long offset = (char *)p - base;

	if (!p)
		return true;
	return (char *)p >= base && offset < (unsigned long)page->objects * s->size &&
	       obj_to_index(s, offset) * s->size == offset;
}

/* The start of the object p points into (or of the last one, past the end). */
static void *nearest_obj(struct kmem_cache *s, struct page *page, const void *p)
{
	char *base = page_address(page);
	unsigned long index = ((const char *)p - base) / s->size;

	return base + MIN(index, page->objects - 1UL) * s->size;
}

/*
 * The lock of one slab: its freelist, inuse and frozen change under it
 * once other CPUs can see the slab. Taken with interrupts off, inside the
 * node's list_lock when both are needed. A word of struct page rather
 * than a spinlock_t, so that struct page keeps its 64 bytes whatever a
 * spinlock grows to.
 */
static void slab_lock(struct page *page)
{
	while (atomic_xchg_acquire(&page->slab_locked, 1))
		while (atomic_read(&page->slab_locked))
			cpu_relax();
}

static void slab_unlock(struct page *page)
{
	atomic_set_release(&page->slab_locked, 0);
}

/* ---------------------------------------------------------------- sizing */

static unsigned int fls(unsigned long x)
{
	return x ? 64 - __builtin_clzl(x) : 0;
}

static unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (PAGE_SIZE << order) / size;
}

/*
 * The smallest order whose slab holds min_objects and loses at most
 * 1/fraction of itself to the tail that no object fits in.
 */
static int fit_order(unsigned int size, unsigned int min_objects, unsigned int fraction)
{
	for (unsigned int order = 0; order <= SLUB_MAX_ORDER; order++) {
		unsigned long bytes = PAGE_SIZE << order;

		if (bytes / size >= min_objects && bytes % size <= bytes / fraction)
			return order;
	}
	return -1;
}

/*
 * As SLUB does: aim for enough objects per slab that the slow path is
 * rare (more CPUs, more objects), accept less and less waste, and keep
 * the order at most SLUB_MAX_ORDER unless one object needs more.
 */
static int calculate_order(unsigned int size)
{
	unsigned int min_objects = 4 * (fls(NR_CPUS) + 1);

	min_objects = MIN(min_objects, order_objects(SLUB_MAX_ORDER, size));
	for (; min_objects >= 1; min_objects--) {
		for (unsigned int fraction = 16; fraction >= 4; fraction /= 2) {
			int order = fit_order(size, min_objects, fraction);

			if (order >= 0)
				return order;
		}
	}
	for (unsigned int order = 0; order < MAX_ORDER; order++)
		if ((PAGE_SIZE << order) >= size)
			return order;
	return -1;
}

struct track {
	unsigned long addr;	/* caller of the allocation or the free */
	unsigned int cpu;
};

enum track_item { TRACK_ALLOC, TRACK_FREE };

/*
 * Layout of one object slot:
 *   object | red zone (debug) | free pointer (if not inside the object)
 *   | alloc and free tracks (debug) | padding to the alignment.
 * The free pointer moves out of the object when the object is poisoned
 * while free, or when a constructor's work must survive a free.
 */
static bool calculate_sizes(struct kmem_cache *s)
{
	unsigned int size = ALIGN_UP(s->object_size, sizeof(void *));
	int order;

	if (s->flags & SLAB_RED_ZONE)
		size += sizeof(void *);
	s->inuse = size;
	if ((s->flags & SLAB_POISON) || s->ctor) {
		s->offset = size;
		size += sizeof(void *);
	} else {
		s->offset = 0;
	}
	if (kmem_cache_debug(s))
		size += 2 * sizeof(struct track);
	s->size = ALIGN_UP(size, s->align);
	s->reciprocal_size = (1UL << 32) / s->size + 1;

	order = calculate_order(s->size);
	if (order < 0)
		return false;
	s->order = order;
	s->objects = order_objects(order, s->size);
	s->min_order = 0;
	while ((PAGE_SIZE << s->min_order) < s->size)
		s->min_order++;
	return s->objects <= MAX_OBJS_PER_SLAB;
}

/* Linux's heuristics: big objects keep more empty slabs, fewer per CPU. */
static void set_partial_limits(struct kmem_cache *s)
{
	unsigned int cpu_partial_objects;

	/* ilog2(size) / 2 within [5, 10], as Linux's set_min_partial(): fls() is ilog2() + 1. */
	s->min_partial = MIN(MAX((fls(s->size) - 1) / 2, 5u), 10u);
	if (s->size >= PAGE_SIZE)
		cpu_partial_objects = 6;
	else if (s->size >= 1024)
		cpu_partial_objects = 24;
	else if (s->size >= 256)
		cpu_partial_objects = 52;
	else
		cpu_partial_objects = 120;
	s->cpu_partial_slabs = DIV_ROUND_UP(cpu_partial_objects * 2, s->objects);
}

/*
 * As the old SLAB's array_cache limits, smaller: what a CPU may hold back
 * stays under 32 KiB per cache. Debug caches have no per-CPU layer.
 */
static unsigned int calculate_sheaf_capacity(struct kmem_cache *s)
{
	if (kmem_cache_debug(s))
		return 0;
	if (s->size <= 256)
		return SHEAF_MAX_CAPACITY;
	if (s->size <= 1024)
		return 16;
	if (s->size <= PAGE_SIZE)
		return 8;
	return 4;
}

/* ------------------------------------------------------- slabs and pages */

static void setup_object_debug(struct kmem_cache *s, void *object);

/* A new slab with all its objects chained on page->freelist, on no list. */
/* gfp for 2^order pages of a slab: compound when more than one. */
static gfp_t slab_page_gfp(gfp_t gfp, unsigned int order)
{
	return (gfp & ~__GFP_ZERO) | (order ? __GFP_COMP : 0);
}

/*
 * A slab's pages. The preferred order first, quietly and without
 * reclaiming: when memory is short it is also fragmented, and free pairs
 * are rare though single pages are not. Then the smallest order one
 * object fits in, with the caller's gfp, as Linux's SLUB falls back from
 * s->oo to s->min: a slab of few objects beats a failed allocation.
 */
static struct page *alloc_slab_page(struct kmem_cache *s, gfp_t gfp, unsigned int *order)
{
	struct page *page;

	*order = s->order;
	if (s->order == s->min_order)
		return alloc_pages(slab_page_gfp(gfp, s->order), s->order);
	page = alloc_pages(slab_page_gfp(gfp | __GFP_NOWARN | __GFP_NORETRY, s->order), s->order);
	if (page)
		return page;
	*order = s->min_order;
	return alloc_pages(slab_page_gfp(gfp, s->min_order), s->min_order);
}

static struct page *allocate_slab(struct kmem_cache *s, gfp_t gfp)
{
	unsigned int order;
	struct page *page = alloc_slab_page(s, gfp, &order);
	char *start;

	if (!page)
		return NULL;
	SetPageFlag(page, PG_slab);
	page->slab_cache = s;
	page->counters = 0;
	page->objects = order_objects(order, s->size);

	start = page_address(page);
	for (unsigned int i = 0; i < page->objects; i++) {
		char *object = start + i * s->size;

		if (kmem_cache_debug(s))
			setup_object_debug(s, object);
		if (s->ctor)
			s->ctor(object);
		set_freepointer(s, object, i + 1 < page->objects ? object + s->size : NULL);
	}
	page->freelist = start;
	return page;
}

/* The order a slab was allocated at: more objects than min_order holds means s->order. */
static unsigned int slab_order(struct kmem_cache *s, struct page *page)
{
	return page->objects == s->objects ? s->order : s->min_order;
}

static void account_slab(struct kmem_cache_node *n, struct page *page)
{
	atomic_long_add(1, &n->nr_slabs);
	atomic_long_add(page->objects, &n->total_objects);
}

/* Back to the buddy allocator. Interrupts off (for the statistics). */
static void discard_slab(struct kmem_cache *s, struct page *page)
{
	struct kmem_cache_node *n = get_node(s);
	unsigned int order = slab_order(s, page);

	atomic_long_sub(1, &n->nr_slabs);
	atomic_long_sub(page->objects, &n->total_objects);
	stat(this_cpu_slab(s), FREE_SLAB);
	ClearPageFlag(page, PG_slab);
	page->slab_cache = NULL;
	page->freelist = NULL;
	page->counters = 0;
	__free_pages(page, order);
}

static void discard_slabs(struct kmem_cache *s, struct list_head *list)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, list, slab_list) {
		list_del(&page->slab_list);
		discard_slab(s, page);
	}
}

/*
 * ------------------------------------------- node lists (list_lock held)
 *
 * Both check the lock as Linux's lockdep_assert_held() does: a change made
 * without it would corrupt the list only when another CPU raced, now and
 * then; the check catches it on every call.
 */

static void add_partial(struct kmem_cache_node *n, struct page *page)
{
	BUG_ON(!spin_is_locked(&n->list_lock));
	list_add_tail(&page->slab_list, &n->partial);
	n->nr_partial++;
}

static void remove_partial(struct kmem_cache_node *n, struct page *page)
{
	BUG_ON(!spin_is_locked(&n->list_lock));
	list_del(&page->slab_list);
	n->nr_partial--;
}

/*
 * A slab no CPU owns any more goes where its state says: to the partial
 * list, nowhere when full (nothing will allocate from it and a free finds
 * it by address), or back to the buddy allocator when empty and the node
 * already keeps min_partial slabs. Returns true for the last case; the
 * caller frees it after dropping the locks. Slab lock held too.
 */
static bool place_unfrozen_slab(struct kmem_cache *s, struct kmem_cache_node *n,
				struct page *page)
{
	page->frozen = 0;
	if (page->inuse == 0 && n->nr_partial >= s->min_partial)
		return true;
	if (page->freelist)
		add_partial(n, page);
	return false;
}

/*
 * Take a slab's free objects for the CPU that owns it: from now on they
 * count as in use on the slab, and only that CPU hands them out. Slab
 * lock held.
 */
static void *__take_freelist(struct page *page)
{
	void *freelist = page->freelist;

	page->freelist = NULL;
	page->inuse = page->objects;
	return freelist;
}

/* The same for a frozen slab, which other CPUs may be freeing into. */
static void *take_freelist(struct page *page)
{
	void *freelist;

	slab_lock(page);
	freelist = __take_freelist(page);
	slab_unlock(page);
	return freelist;
}

/* ---------------------------------------- per-CPU slabs (interrupts off) */

/*
 * The active slab's freelist ran dry. Other CPUs may have freed objects
 * into it since; take those. If there are none the slab is full: unfreeze
 * it in the same critical section, so that no free can slip in between
 * and find it frozen but abandoned.
 */
static void *refill_or_unfreeze(struct page *page)
{
	void *freelist;

	slab_lock(page);
	freelist = __take_freelist(page);
	if (!freelist)
		page->frozen = 0;
	slab_unlock(page);
	return freelist;
}

/* Give the active slab back with the objects still on the CPU freelist. */
static void deactivate_slab(struct kmem_cache *s, struct page *page, void *freelist)
{
	struct kmem_cache_node *n = get_node(s);
	unsigned int nr_free = 0;
	void *tail = NULL;
	bool discard;

	for (void *p = freelist; p; p = get_freepointer(s, p)) {
		tail = p;
		nr_free++;
	}
	spin_lock(&n->list_lock);
	slab_lock(page);
	if (tail) {
		set_freepointer(s, tail, page->freelist);
		page->freelist = freelist;
	}
	page->inuse -= nr_free;
	discard = place_unfrozen_slab(s, n, page);
	slab_unlock(page);
	spin_unlock(&n->list_lock);
	if (discard)
		discard_slab(s, page);
}

static void unfreeze_partials(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct kmem_cache_node *n = get_node(s);
	struct page *page, *next;
	LIST_HEAD(discard);

	if (c->nr_partial)
		stat(c, CPU_PARTIAL_DRAIN);
	spin_lock(&n->list_lock);
	list_for_each_entry_safe(page, next, &c->partial, slab_list) {
		bool empty;

		list_del(&page->slab_list);
		slab_lock(page);
		empty = place_unfrozen_slab(s, n, page);
		slab_unlock(page);
		if (empty)
			list_add(&page->slab_list, &discard);
	}
	c->nr_partial = 0;
	spin_unlock(&n->list_lock);
	discard_slabs(s, &discard);
}

/* LAB 2 BEGIN: put_cpu_partial(): a frozen slab joins this CPU's partial list (kept short) */
/* The slab (already frozen by the caller) joins this CPU's partial list. */
static void put_cpu_partial(struct kmem_cache *s, struct kmem_cache_cpu *c,
			    struct page *page)
{
	if (c->nr_partial >= s->cpu_partial_slabs)
		unfreeze_partials(s, c);
	list_add(&page->slab_list, &c->partial);
	c->nr_partial++;
}
/* LAB 2 END */

static void sheaf_flush(struct kmem_cache *s, struct kmem_cache_cpu *c, unsigned int nr);

/*
 * The sheaf goes first: its objects may land on the active slab's freelist
 * or make slabs partial on this CPU, which the rest then gives back.
 */
static void flush_cpu_slab(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	sheaf_flush(s, c, this_cpu_sheaf(s)->size);
	if (c->page)
		deactivate_slab(s, c->page, c->freelist);
	c->page = NULL;
	c->freelist = NULL;
	unfreeze_partials(s, c);
}

static void flush_this_cpu(void *info)
{
	struct kmem_cache *s = info;
	unsigned long flags = local_irq_save();

	flush_cpu_slab(s, this_cpu_slab(s));
	local_irq_restore(flags);
}

/* Every CPU gives its slabs back to the node, as Linux's flush_all(). */
static void flush_all(struct kmem_cache *s)
{
	if (!kmem_cache_debug(s))
		on_each_cpu(flush_this_cpu, s);
}

/* ------------------------------------------------------------ allocation */

/*
 * Freeze a slab of the node's partial list for this CPU; with freelist,
 * take its free objects in the same step.
 */
static struct page *acquire_partial(struct kmem_cache_node *n, void **freelist)
{
	struct page *page = list_first_entry(&n->partial, struct page, slab_list);

	remove_partial(n, page);
	slab_lock(page);
	page->frozen = 1;
	if (freelist)
		*freelist = __take_freelist(page);
	slab_unlock(page);
	return page;
}

/*
 * Take the first slab of the node's partial list to allocate from, and
 * move a few more to this CPU's partial list, so that the next refills
 * need not look at the node.
 */
static struct page *get_partial_node(struct kmem_cache *s, struct kmem_cache_cpu *c,
				     void **freelist)
{
	struct kmem_cache_node *n = get_node(s);
	struct page *page = NULL;

	spin_lock(&n->list_lock);
	if (!list_empty(&n->partial))
		page = acquire_partial(n, freelist);
	while (!list_empty(&n->partial) && c->nr_partial < s->cpu_partial_slabs / 2) {
		list_add(&acquire_partial(n, NULL)->slab_list, &c->partial);
		c->nr_partial++;
	}
	spin_unlock(&n->list_lock);
	return page;
}

static struct page *get_cpu_partial(struct kmem_cache_cpu *c, void **freelist)
{
	struct page *page;

	if (list_empty(&c->partial))
		return NULL;
	page = list_first_entry(&c->partial, struct page, slab_list);
	list_del(&page->slab_list);
	c->nr_partial--;
	*freelist = take_freelist(page);
	return page;
}

static struct page *new_frozen_slab(struct kmem_cache *s, struct kmem_cache_cpu *c,
				    gfp_t gfp, void **freelist)
{
	struct page *page = allocate_slab(s, gfp);

	if (!page)
		return NULL;
	account_slab(get_node(s), page);
	stat(c, ALLOC_SLAB);
	/* Nobody else can see the slab yet: no lock needed. */
	page->frozen = 1;
	*freelist = __take_freelist(page);
	return page;
}

/*
 * The sheaf's newest object, if any. Counted as the slow path it is part
 * of, as a free onto the sheaf is: each allocation and free then counts
 * on the same side as before sheaves, so that a reader of the counters
 * who allocates while reading them (a leak check reading the sysfs
 * files) sees its own traffic counted as it was.
 */
static void *alloc_from_sheaf(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct slab_sheaf *sheaf = this_cpu_sheaf(s);

	if (!sheaf->size)
		return NULL;
	stat(c, ALLOC_SLOWPATH);
	return sheaf->objects[--sheaf->size];
}

/*
 * The slow path: this CPU's freelist is empty. The sheaf comes first,
 * then the slabs. Interrupts off.
 */
static __slowpath void *___slab_alloc(struct kmem_cache *s, struct kmem_cache_cpu *c,
				      gfp_t gfp)
{
	void *freelist = alloc_from_sheaf(s, c);
	struct page *page;

	if (freelist)
		return freelist;
	if (c->page) {
		freelist = refill_or_unfreeze(c->page);
		if (freelist)
			goto load_freelist;
		c->page = NULL;
	}
	page = get_cpu_partial(c, &freelist);
	if (!page)
		page = get_partial_node(s, c, &freelist);
	if (!page)
		page = new_frozen_slab(s, c, gfp, &freelist);
	if (!page)
		return NULL;
	c->page = page;
load_freelist:
	/* Counted only when served: allocations minus frees is then the objects in use. */
	stat(c, ALLOC_SLOWPATH);
	c->freelist = get_freepointer(s, freelist);
	return freelist;
}

static void *debug_slab_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long caller);

void *slab_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long caller)
{
	struct kmem_cache_cpu *c;
	unsigned long flags;
	void *object;

	/* As Linux, never the cache of caches: a failure there is a boot that cannot go on. */
	if (unlikely(s != kmem_cache && should_failslab(s->object_size, gfp)))
		return NULL;
	if (unlikely(kmem_cache_debug(s))) {
		object = debug_slab_alloc(s, gfp, caller);
	} else {
		flags = local_irq_save();
		c = this_cpu_slab(s);
		/* LAB 2 BEGIN: fast path: pop the first object of this CPU's freelist, if any */
		/* LAB 2 STUB: object = ___slab_alloc(s, c, gfp); */
		object = c->freelist;
		if (likely(object)) {
			c->freelist = get_freepointer(s, object);
			stat(c, ALLOC_FASTPATH);
		} else {
			object = ___slab_alloc(s, c, gfp);
		}
		/* LAB 2 END */
		local_irq_restore(flags);
	}
	if (unlikely(gfp & __GFP_ZERO) && object)
		memset(object, 0, s->object_size);
	return object;
}

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	return slab_alloc(s, gfp, (unsigned long)__builtin_return_address(0));
}

/* ------------------------------------------------------------------ free */

/* LAB 2 BEGIN: free_may_empty_slab(): would freeing cnt objects empty a listed slab no CPU owns? */
/*
 * Would freeing cnt more objects empty this slab while no CPU owns it?
 * Then the free may take it off the node's partial list, and needs the
 * node lock, which comes before the slab lock. Slab lock held.
 */
static bool free_may_empty_slab(struct page *page, unsigned int cnt)
{
	return !page->frozen && page->inuse == cnt && page->freelist;
}
/* LAB 2 END */

/*
 * cnt objects, chained from head to tail, belong to a slab this CPU is not
 * allocating from: put them on that slab's own freelist under the slab
 * lock. A frozen slab stays with the CPU that owns it. An unfrozen one
 * that was full becomes partial and joins this CPU's partial list (where
 * it will be reused first), still without the node lock; one that
 * becomes empty goes back to the buddy allocator unless the node keeps
 * too few, and only for that is the node lock taken. Interrupts off.
 */
static __slowpath void __slab_free(struct kmem_cache *s, struct kmem_cache_cpu *c,
				   struct page *page, void *head, void *tail, unsigned int cnt)
{
	/* LAB 2 BEGIN: slow free: onto the slab's own freelist; then move the slab as its state says */
	/* LAB 2 STUB: (void)s; (void)c; (void)page; (void)head; (void)tail; (void)cnt; */
	struct kmem_cache_node *n = NULL;
	bool to_cpu_partial = false, discard = false;
	void *prior;

	slab_lock(page);
	if (free_may_empty_slab(page, cnt)) {
		slab_unlock(page);
		n = get_node(s);
		spin_lock(&n->list_lock);
		slab_lock(page);
		stat(c, FREE_NODE_LOCK);
	}
	prior = page->freelist;
	set_freepointer(s, tail, prior);
	page->freelist = head;
	page->inuse -= cnt;
	if (!page->frozen && !prior) {
		page->frozen = 1;
		to_cpu_partial = true;
	} else if (n && !page->frozen && page->inuse == 0 && n->nr_partial > s->min_partial) {
		remove_partial(n, page);
		discard = true;
	}
	slab_unlock(page);
	if (n)
		spin_unlock(&n->list_lock);
	if (to_cpu_partial)
		put_cpu_partial(s, c, page);
	if (discard)
		discard_slab(s, page);
	/* LAB 2 END */
}

/* Objects of this CPU's active slab need no lock: onto its freelist. */
static void free_to_slab(struct kmem_cache *s, struct kmem_cache_cpu *c, struct page *page,
			 void *head, void *tail, unsigned int cnt)
{
	if (page == c->page) {
		set_freepointer(s, tail, c->freelist);
		c->freelist = head;
	} else {
		__slab_free(s, c, page, head, tail, cnt);
	}
}

/*
 * Hand the nr oldest objects of the sheaf back to their slabs, those of
 * one slab chained together so that each slab is locked once. Objects
 * freed in a row mostly share a slab, so the groups are long.
 */
static void sheaf_flush(struct kmem_cache *s, struct kmem_cache_cpu *c, unsigned int nr)
{
	struct slab_sheaf *sheaf = this_cpu_sheaf(s);
	void **objects = sheaf->objects;
	struct page *pages[SHEAF_MAX_CAPACITY];

	if (!nr)
		return;
	for (unsigned int i = 0; i < nr; i++)
		pages[i] = compound_head(virt_to_page(objects[i]));
	for (unsigned int i = 0; i < nr; i++) {
		void *tail = objects[i];
		unsigned int cnt = 1;

		if (!pages[i])
			continue;
		for (unsigned int j = i + 1; j < nr; j++) {
			if (pages[j] != pages[i])
				continue;
			set_freepointer(s, tail, objects[j]);
			tail = objects[j];
			pages[j] = NULL;
			cnt++;
		}
		free_to_slab(s, c, pages[i], objects[i], tail, cnt);
	}
	sheaf->size -= nr;
	memmove(objects, objects + nr, sheaf->size * sizeof(void *));
	stat(c, SHEAF_FLUSH);
}

static void debug_slab_free(struct kmem_cache *s, void *object, unsigned long caller);
static void object_err(struct kmem_cache *s, struct page *page, void *object,
		       const char *reason, const u8 *bad, int expected);

/* The cheap checks every slow free makes: right cache, start of an object. */
static bool free_pointer_ok(struct kmem_cache *s, struct page *page, void *object,
			    unsigned long caller)
{
	if (!page) {
		slab_report_bad_pointer(s->name, "Invalid free: pointer outside any slab",
					object, caller);
		return false;
	}
	if (page->slab_cache != s) {
		slab_report_bad_pointer(s->name, "Invalid free: object of another cache",
					object, caller);
		pr_err("The object belongs to cache %s\n", page->slab_cache->name);
		return false;
	}
	if (!check_valid_pointer(s, page, object)) {
		void *start = nearest_obj(s, page, object);

		object_err(s, page, start, "Invalid free: not the start of an object", NULL, 0);
		pr_err("Pointer %p freed by %pS is %ld bytes into the object\n", object,
		       (void *)caller, (long)((char *)object - (char *)start));
		return false;
	}
	return true;
}

/*
 * The same checks, made inline on the page the caller looked up: they cost
 * a batch of remote frees a third of its time as a call through
 * virt_to_slab() (host bench). Only a failure pays for that, and reports.
 */
static inline __attribute__((always_inline)) bool
remote_free_ok(struct kmem_cache *s, struct page *page, void *object, unsigned long caller)
{
	if (likely(PageFlag(page, PG_slab) && page->slab_cache == s &&
		   check_valid_pointer(s, page, object)))
		return true;
	return free_pointer_ok(s, virt_to_slab(object), object, caller);
}

/*
 * A free into another slab than the active one, with no atomic
 * instruction: onto the sheaf, after making room in it if it is full.
 * Without a sheaf, straight to the slab. Out of line, so that the fast
 * free around it saves no more registers than it needs (kbench).
 */
static __slowpath void free_to_sheaf(struct kmem_cache *s, struct kmem_cache_cpu *c,
				     struct page *page, void *object, unsigned long caller)
{
	struct slab_sheaf *sheaf = this_cpu_sheaf(s);

	if (!remote_free_ok(s, page, object, caller))
		return;
	if (unlikely(!s->sheaf_capacity)) {
		__slab_free(s, c, page, object, object, 1);
		return;
	}
	if (sheaf->size == s->sheaf_capacity)
		sheaf_flush(s, c, DIV_ROUND_UP(sheaf->size, 2));
	sheaf->objects[sheaf->size++] = object;
}

/*
 * The free of a cache without debug checks; page is the object's slab.
 * Forced inline into both callers: a call more cost kmem_cache_free 8 of
 * its 116 instructions (kbench).
 */
static inline __attribute__((always_inline)) void
do_slab_free(struct kmem_cache *s, struct page *page, void *object, unsigned long caller)
{
	struct kmem_cache_cpu *c;
	unsigned long flags;

	flags = local_irq_save();
	c = this_cpu_slab(s);
	/* LAB 2 BEGIN: fast path: an object of this CPU's active slab goes onto its freelist */
	/* LAB 2 STUB: stat(c, FREE_SLOWPATH); */
	/* LAB 2 STUB: free_to_sheaf(s, c, page, object, caller); */
	if (likely(page == c->page)) {
		set_freepointer(s, object, c->freelist);
		c->freelist = object;
		stat(c, FREE_FASTPATH);
	} else {
		stat(c, FREE_SLOWPATH);
		free_to_sheaf(s, c, page, object, caller);
	}
	/* LAB 2 END */
	local_irq_restore(flags);
}

void slab_free(struct kmem_cache *s, struct page *page, void *object, unsigned long caller)
{
	if (unlikely(kmem_cache_debug(s)))
		debug_slab_free(s, object, caller);
	else
		do_slab_free(s, page, object, caller);
}

void kmem_cache_free(struct kmem_cache *s, void *object)
{
	unsigned long caller = (unsigned long)__builtin_return_address(0);

	if (!object)
		return;
	/* A debug cache checks the pointer before anything reads its page. */
	if (unlikely(kmem_cache_debug(s)))
		debug_slab_free(s, object, caller);
	else
		do_slab_free(s, compound_head(virt_to_page(object)), object, caller);
}

/* ------------------------------------------------------------- debugging */

static slab_flags_t slub_debug;		/* checks asked for on the command line */
static char slub_debug_slabs[128];	/* for these caches ("a,b,c"); empty: all */

/*
 * Linux's syntax: `slub_debug` alone, or `slub_debug=<letters>[,<cache>...]`
 * with F (consistency checks), Z (red zones), P (poisoning), U (caller
 * tracking), `-` for none. A cache name may end in '*' to match a prefix.
 */
void slub_debug_setup(const char *arg)
{
	slub_debug = SLAB_DEBUG_FLAGS;
	slub_debug_slabs[0] = '\0';
	if (!arg || !*arg)
		return;
	if (*arg != ',')
		slub_debug = 0;
	for (; *arg && *arg != ','; arg++) {
		switch (*arg) {
		case 'f': case 'F':
			slub_debug |= SLAB_CONSISTENCY_CHECKS;
			break;
		case 'z': case 'Z':
			slub_debug |= SLAB_RED_ZONE;
			break;
		case 'p': case 'P':
			slub_debug |= SLAB_POISON;
			break;
		case 'u': case 'U':
			slub_debug |= SLAB_STORE_USER;
			break;
		case '-':
			slub_debug = 0;
			break;
		default:
			pr_err("slub_debug: option '%c' not supported, ignored\n", *arg);
		}
	}
	if (*arg == ',' &&
	    snprintf(slub_debug_slabs, sizeof(slub_debug_slabs), "%s", arg + 1) >=
		    (int)sizeof(slub_debug_slabs))
		pr_err("slub_debug: cache list too long, cut to \"%s\"\n", slub_debug_slabs);
}

static bool name_in_list(const char *name, const char *list)
{
	while (*list) {
		const char *comma = strchr(list, ',');
		size_t len = comma ? (size_t)(comma - list) : strlen(list);

		if (len && list[len - 1] == '*') {
			if (strncmp(name, list, len - 1) == 0)
				return true;
		} else if (strlen(name) == len && strncmp(name, list, len) == 0) {
			return true;
		}
		list += len;
		if (*list == ',')
			list++;
	}
	return false;
}

static slab_flags_t kmem_cache_flags(const char *name, slab_flags_t flags)
{
	if (slub_debug && (!slub_debug_slabs[0] || name_in_list(name, slub_debug_slabs)))
		flags |= slub_debug;
	return flags;
}

/* The tracks sit after the free pointer, or after the red zone if it is inside. */
static struct track *get_track(struct kmem_cache *s, void *object, enum track_item item)
{
	unsigned int offset = s->offset == s->inuse ? s->inuse + sizeof(void *) : s->inuse;

	return (struct track *)((char *)object + offset) + item;
}

static void set_track(struct kmem_cache *s, void *object, enum track_item item,
		      unsigned long caller)
{
	struct track *t = get_track(s, object, item);

	t->addr = caller;
	t->cpu = smp_processor_id();
}

/* Poison (for a free object) and red zone in the given state. */
static void init_object(struct kmem_cache *s, void *object, u8 red)
{
	u8 *p = object;

	if ((s->flags & SLAB_POISON) && red == SLUB_RED_INACTIVE) {
		memset(p, POISON_FREE, s->object_size - 1);
		p[s->object_size - 1] = POISON_END;
	}
	if (s->flags & SLAB_RED_ZONE)
		memset(p + s->object_size, red, s->inuse - s->object_size);
}

static void setup_object_debug(struct kmem_cache *s, void *object)
{
	init_object(s, object, SLUB_RED_INACTIVE);
	memset(get_track(s, object, TRACK_ALLOC), 0, 2 * sizeof(struct track));
}

static const u8 *check_bytes(const u8 *start, u8 value, unsigned int len)
{
	for (unsigned int i = 0; i < len; i++)
		if (start[i] != value)
			return start + i;
	return NULL;
}

static void print_track(struct kmem_cache *s, void *object, enum track_item item)
{
	struct track *t = get_track(s, object, item);
	const char *what = item == TRACK_ALLOC ? "Last allocated" : "Last freed";

	if (t->addr)
		pr_err("%s by %pS on cpu %u\n", what, (void *)t->addr, t->cpu);
	else
		pr_err("%s: never\n", what);
}

static void hex_dump(const u8 *start, const u8 *end)
{
	for (const u8 *line = start; line < end; line += 16) {
		char hex[16 * 3 + 1], ascii[17];
		unsigned int i;

		for (i = 0; i < 16 && line + i < end; i++) {
			snprintf(hex + 3 * i, 4, " %02x", line[i]);
			ascii[i] = line[i] >= 0x20 && line[i] < 0x7f ? line[i] : '.';
		}
		ascii[i] = '\0';
		pr_err("  %p:%-48s  %s\n", (const void *)line, hex, ascii);
	}
}

/* Bytes around the damage (or the object), clipped to the slab. */
static void dump_around(struct kmem_cache *s, struct page *page, void *object, const u8 *bad)
{
	const u8 *slab = page_address(page);
	const u8 *slab_end = slab + (PAGE_SIZE << slab_order(s, page));
	const u8 *center = bad ? bad : object;
	const u8 *start = (const u8 *)ALIGN_DOWN((uintptr_t)center, 16) - 32;
	const u8 *end = start + 96;

	pr_err("Bytes around %p:\n", (const void *)center);
	hex_dump(MAX(start, slab), MIN(end, slab_end));
}

static void slab_bug(const char *cache, const char *reason)
{
	__atomic_add_fetch(&slab_bug_reports, 1, __ATOMIC_RELAXED);
	pr_err("=============================================================================\n");
	pr_err("BUG %s: %s\n", cache, reason);
	pr_err("-----------------------------------------------------------------------------\n");
}

/* A report on a damaged or misused object of a slab. */
static void object_err(struct kmem_cache *s, struct page *page, void *object,
		       const char *reason, const u8 *bad, int expected)
{
	slab_bug(s->name, reason);
	if (bad)
		pr_err("First bad byte at %p (object+%ld): 0x%02x instead of 0x%02x\n",
		       (const void *)bad, (long)(bad - (u8 *)object), *bad, expected);
	pr_err("Object %p in slab %p (%u objects, %u in use), object size %u, slot %u\n",
	       object, page_address(page), page->objects, page->inuse, s->object_size,
	       s->size);
	if (kmem_cache_debug(s)) {
		print_track(s, object, TRACK_ALLOC);
		print_track(s, object, TRACK_FREE);
	}
	dump_around(s, page, object, bad);
}

void slab_report_bad_pointer(const char *cache, const char *what, const void *p,
			     unsigned long caller)
{
	slab_bug(cache, what);
	pr_err("Pointer %p, from %pS on cpu %u\n", p, (void *)caller, smp_processor_id());
}

/*
 * Check a free object (red == SLUB_RED_INACTIVE) before handing it out,
 * or an allocated one (SLUB_RED_ACTIVE) before taking it back.
 */
static bool check_object(struct kmem_cache *s, struct page *page, void *object, u8 red)
{
	u8 *p = object;
	const u8 *bad;

	if (s->flags & SLAB_RED_ZONE) {
		bad = check_bytes(p + s->object_size, red, s->inuse - s->object_size);
		if (bad) {
			object_err(s, page, object, "Redzone overwritten", bad, red);
			return false;
		}
	}
	if (red == SLUB_RED_ACTIVE)
		return true;
	if (s->flags & SLAB_POISON) {
		bad = check_bytes(p, POISON_FREE, s->object_size - 1);
		if (!bad)
			bad = check_bytes(p + s->object_size - 1, POISON_END, 1);
		if (bad) {
			object_err(s, page, object, "Poison overwritten (use after free)", bad,
				   bad == p + s->object_size - 1 ? POISON_END : POISON_FREE);
			return false;
		}
	}
	if (!check_valid_pointer(s, page, get_freepointer(s, object))) {
		object_err(s, page, object, "Freepointer corrupt", NULL, 0);
		return false;
	}
	return true;
}

/*
 * Is object on the slab's freelist? The walk also checks the list; a bad
 * link is reported and the list cut there, the lost objects counted as in
 * use, so that nothing beyond it is ever handed out. List lock held.
 */
static bool on_freelist(struct kmem_cache *s, struct page *page, void *object)
{
	void **link = &page->freelist;
	unsigned int nr_free = 0;

	while (*link && nr_free <= page->objects) {
		if (*link == object)
			return true;
		if (!check_valid_pointer(s, page, *link)) {
			object_err(s, page, object, "Freelist corrupt: list cut", NULL, 0);
			*link = NULL;
			page->inuse = page->objects - nr_free;
			return false;
		}
		nr_free++;
		link = (void **)((char *)*link + s->offset);
	}
	return false;
}

static void move_to_full(struct kmem_cache_node *n, struct page *page)
{
	remove_partial(n, page);
	list_add(&page->slab_list, &n->full);
}

/*
 * A free object failed its checks: count it as in use for good, so it is
 * never handed out. If its free pointer is damaged too, nothing after it
 * can be trusted, and the whole slab is marked in use, as Linux does.
 */
static void retire_object(struct kmem_cache *s, struct kmem_cache_node *n,
			  struct page *page, void *object)
{
	void *next = get_freepointer(s, object);

	if (check_valid_pointer(s, page, next)) {
		pr_err("%s: object %p taken out of use\n", s->name, object);
		page->freelist = next;
		page->inuse++;
	} else {
		pr_err("%s: slab %p marked all in use\n", s->name, page_address(page));
		page->freelist = NULL;
		page->inuse = page->objects;
	}
	if (!page->freelist)
		move_to_full(n, page);
}

/* The first free object of the node's partial slabs that passes the checks. */
static void *debug_take_object(struct kmem_cache *s, struct kmem_cache_node *n,
			       unsigned long caller)
{
	while (!list_empty(&n->partial)) {
		struct page *page = list_first_entry(&n->partial, struct page, slab_list);
		void *object = page->freelist;

		if (!check_object(s, page, object, SLUB_RED_INACTIVE)) {
			retire_object(s, n, page, object);
			continue;
		}
		page->freelist = get_freepointer(s, object);
		page->inuse++;
		if (!page->freelist)
			move_to_full(n, page);
		init_object(s, object, SLUB_RED_ACTIVE);
		set_track(s, object, TRACK_ALLOC, caller);
		return object;
	}
	return NULL;
}

static __slowpath void *debug_slab_alloc(struct kmem_cache *s, gfp_t gfp,
					 unsigned long caller)
{
	struct kmem_cache_node *n = get_node(s);
	unsigned long flags = local_irq_save();
	struct page *page;
	void *object;

	for (;;) {
		spin_lock(&n->list_lock);
		object = debug_take_object(s, n, caller);
		spin_unlock(&n->list_lock);
		if (object) {
			stat(this_cpu_slab(s), ALLOC_SLOWPATH);	/* only when served */
			break;
		}
		page = allocate_slab(s, gfp);
		if (!page)
			break;
		account_slab(n, page);
		stat(this_cpu_slab(s), ALLOC_SLAB);
		spin_lock(&n->list_lock);
		add_partial(n, page);
		spin_unlock(&n->list_lock);
	}
	local_irq_restore(flags);
	return object;
}

/* Everything a free must pass in a debug cache. List lock held. */
static bool free_debug_checks(struct kmem_cache *s, struct page *page, void *object)
{
	if (on_freelist(s, page, object)) {
		object_err(s, page, object, "Double free: object already free", NULL, 0);
		return false;
	}
	return check_object(s, page, object, SLUB_RED_ACTIVE);
}

static __slowpath void debug_slab_free(struct kmem_cache *s, void *object,
				       unsigned long caller)
{
	struct kmem_cache_node *n = get_node(s);
	struct page *page = virt_to_slab(object);
	bool discard = false;
	unsigned long flags;

	if (!free_pointer_ok(s, page, object, caller))
		return;
	flags = local_irq_save();
	stat(this_cpu_slab(s), FREE_SLOWPATH);
	spin_lock(&n->list_lock);
	if (!free_debug_checks(s, page, object)) {
		pr_err("%s: object %p not freed\n", s->name, object);
		goto out;
	}
	set_track(s, object, TRACK_FREE, caller);
	init_object(s, object, SLUB_RED_INACTIVE);
	if (!page->freelist) {
		list_del(&page->slab_list);
		add_partial(n, page);
	}
	set_freepointer(s, object, page->freelist);
	page->freelist = object;
	page->inuse--;
	if (page->inuse == 0 && n->nr_partial > s->min_partial) {
		remove_partial(n, page);
		discard = true;
	}
out:
	spin_unlock(&n->list_lock);
	if (discard)
		discard_slab(s, page);
	local_irq_restore(flags);
}

/* --------------------------------------------------------- cache set-up */

static void init_kmem_cache_node(struct kmem_cache_node *n)
{
	spin_lock_init(&n->list_lock);
	n->nr_partial = 0;
	INIT_LIST_HEAD(&n->partial);
	INIT_LIST_HEAD(&n->full);
	n->nr_slabs = (atomic_long_t){ 0 };
	n->total_objects = (atomic_long_t){ 0 };
}

/*
 * The cache of node descriptors needs a node descriptor before it can
 * allocate anything: cut the first object of its first slab by hand.
 */
static struct kmem_cache_node *early_kmem_cache_node_alloc(struct kmem_cache *s)
{
	struct page *page = allocate_slab(s, GFP_KERNEL);
	struct kmem_cache_node *n;

	BUG_ON(!page);
	n = page->freelist;
	page->freelist = get_freepointer(s, n);
	page->inuse = 1;
	if (kmem_cache_debug(s)) {
		init_object(s, n, SLUB_RED_ACTIVE);
		set_track(s, n, TRACK_ALLOC, (unsigned long)__builtin_return_address(0));
	}
	init_kmem_cache_node(n);
	account_slab(n, page);
	/* Nobody else can see n yet; the lock is for add_partial's check. */
	spin_lock(&n->list_lock);
	add_partial(n, page);
	spin_unlock(&n->list_lock);
	return n;
}

int __kmem_cache_create(struct kmem_cache *s, slab_flags_t flags)
{
	s->flags = kmem_cache_flags(s->name, flags);
	/* Poison would wipe what the constructor built. */
	if (s->ctor)
		s->flags &= ~SLAB_POISON;
	if (!calculate_sizes(s))
		return -EINVAL;
	set_partial_limits(s);
	s->sheaf_capacity = calculate_sheaf_capacity(s);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		memset(&s->cpu_slab[cpu], 0, sizeof(s->cpu_slab[cpu]));
		INIT_LIST_HEAD(&s->cpu_slab[cpu].partial);
		s->sheaf[cpu].size = 0;
	}
	if (s == kmem_cache_node) {
		s->node = early_kmem_cache_node_alloc(s);
		return 0;
	}
	s->node = kmem_cache_alloc(kmem_cache_node, GFP_KERNEL);
	if (!s->node)
		return -ENOMEM;
	init_kmem_cache_node(s->node);
	return 0;
}

/* Free the empty slabs of the node's partial list. CPUs flushed before. */
static void discard_empty_partials(struct kmem_cache *s)
{
	struct kmem_cache_node *n = get_node(s);
	unsigned long flags;
	struct page *page, *next;
	LIST_HEAD(discard);

	spin_lock_irqsave(&n->list_lock, flags);
	list_for_each_entry_safe(page, next, &n->partial, slab_list) {
		bool empty;

		slab_lock(page);
		empty = page->inuse == 0;
		slab_unlock(page);
		if (empty) {
			remove_partial(n, page);
			list_add(&page->slab_list, &discard);
		}
	}
	spin_unlock(&n->list_lock);
	discard_slabs(s, &discard);
	local_irq_restore(flags);
}

/* Returns 0 when the cache holds no slab any more. */
int kmem_cache_shrink(struct kmem_cache *s)
{
	flush_all(s);
	discard_empty_partials(s);
	return atomic_long_read(&get_node(s)->nr_slabs) != 0;
}

int __kmem_cache_shutdown(struct kmem_cache *s)
{
	struct slabinfo info;

	if (kmem_cache_shrink(s)) {
		get_slabinfo(s, &info);
		pr_err("kmem_cache_destroy %s: %lu objects still in use in %lu slabs\n",
		       s->name, info.active_objs, info.num_slabs);
		return -EBUSY;
	}
	kmem_cache_free(kmem_cache_node, s->node);
	s->node = NULL;
	return 0;
}

size_t __ksize(struct kmem_cache *s)
{
	if (s->flags & (SLAB_RED_ZONE | SLAB_POISON))
		return s->object_size;
	return s->inuse;
}

static unsigned long count_list(struct list_head *head)
{
	unsigned long nr = 0;

	for (struct list_head *p = head->next; p != head; p = p->next)
		nr++;
	return nr;
}

/*
 * A boot cache was built in static memory; move it into an object of the
 * kmem_cache cache. Its slabs must then name the copy: at this point of
 * the boot they are few, none full, and all on the node's lists once the
 * boot CPU has given them back.
 */
static struct kmem_cache *bootstrap(struct kmem_cache *static_cache)
{
	struct kmem_cache *s = kmem_cache_zalloc(kmem_cache, GFP_KERNEL);
	struct kmem_cache_node *n;
	unsigned long flags;
	struct page *page;

	BUG_ON(!s);
	flags = local_irq_save();
	flush_cpu_slab(static_cache, this_cpu_slab(static_cache));
	local_irq_restore(flags);
	memcpy(s, static_cache, sizeof(*s));
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		INIT_LIST_HEAD(&s->cpu_slab[cpu].partial);

	n = get_node(s);
	BUG_ON(count_list(&n->partial) + count_list(&n->full) !=
	       (unsigned long)atomic_long_read(&n->nr_slabs));
	list_for_each_entry(page, &n->partial, slab_list)
		page->slab_cache = s;
	list_for_each_entry(page, &n->full, slab_list)
		page->slab_cache = s;

	spin_lock(&slab_caches_lock);
	list_add(&s->list, &slab_caches);
	spin_unlock(&slab_caches_lock);
	return s;
}

void kmem_cache_init(void)
{
	static struct kmem_cache boot_kmem_cache, boot_kmem_cache_node;

	kmem_cache_node = &boot_kmem_cache_node;
	kmem_cache = &boot_kmem_cache;
	create_boot_cache(kmem_cache_node, "kmem_cache_node",
			  sizeof(struct kmem_cache_node), SLAB_HWCACHE_ALIGN);
	create_boot_cache(kmem_cache, "kmem_cache", sizeof(struct kmem_cache),
			  SLAB_HWCACHE_ALIGN);
	kmem_cache = bootstrap(&boot_kmem_cache);
	kmem_cache_node = bootstrap(&boot_kmem_cache_node);
	create_kmalloc_caches();
	pr_info("SLUB: HWalign=%d, Order=0-%d, MinObjects=%u, CPUs=%d, Nodes=1\n",
		L1_CACHE_BYTES, SLUB_MAX_ORDER, 4 * (fls(NR_CPUS) + 1), NR_CPUS);
}

/* ------------------------------------------------------------ statistics */

unsigned long slub_stat(struct kmem_cache *s, enum stat_item item)
{
	unsigned long sum = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		sum += READ_ONCE(s->cpu_slab[cpu].stat[item]);
	return sum;
}

static const char *const stat_names[NR_SLUB_STAT_ITEMS] = {
	[ALLOC_FASTPATH] = "alloc_fastpath", [ALLOC_SLOWPATH] = "alloc_slowpath",
	[FREE_FASTPATH] = "free_fastpath", [FREE_SLOWPATH] = "free_slowpath",
	[ALLOC_SLAB] = "alloc_slab", [FREE_SLAB] = "free_slab",
	[FREE_NODE_LOCK] = "free_node_lock", [CPU_PARTIAL_DRAIN] = "cpu_partial_drain",
	[SHEAF_FLUSH] = "sheaf_flush",
};

const char *slub_stat_name(enum stat_item item)
{
	return stat_names[item];
}

/* Linux's CONFIG_SLUB_STATS text: the sum, then " C<cpu>=<count>" for each CPU that counted. */
void slub_stat_show(struct seq_buf *m, struct kmem_cache *s, enum stat_item item)
{
	unsigned long count;

	seq_buf_printf(m, "%lu", slub_stat(s, item));
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		count = READ_ONCE(s->cpu_slab[cpu].stat[item]);
		if (count)
			seq_buf_printf(m, " C%u=%lu", cpu, count);
	}
	seq_buf_printf(m, "\n");
}

/*
 * As Linux counts for /proc/slabinfo: objects free on the node's partial
 * slabs are free, everything else (CPU freelists included) is active.
 */
void get_slabinfo(struct kmem_cache *s, struct slabinfo *info)
{
	struct kmem_cache_node *n = get_node(s);
	unsigned long nr_free = 0, flags;
	struct page *page;

	spin_lock_irqsave(&n->list_lock, flags);
	list_for_each_entry(page, &n->partial, slab_list) {
		slab_lock(page);
		nr_free += page->objects - page->inuse;
		slab_unlock(page);
	}
	spin_unlock_irqrestore(&n->list_lock, flags);

	info->num_objs = atomic_long_read(&n->total_objects);
	info->active_objs = info->num_objs - nr_free;
	info->num_slabs = atomic_long_read(&n->nr_slabs);
	info->active_slabs = info->num_slabs;
	info->objects_per_slab = s->objects;
	info->cache_order = s->order;
}

/*
 * Linux's alloc_calls (debugfs's alloc_traces today): the objects in use,
 * grouped by the caller that allocated them, the most frequent first. Only
 * a debug cache stores its callers (every slub_debug letter implies U),
 * and it keeps every slab on the node's lists, so one walk under the list
 * lock sees every object. A leak check that finds a cache grown reads it
 * to name the code that allocated what was never freed.
 */
struct location {
	unsigned long addr;
	unsigned long count;
};

#define MAX_LOCATIONS (PAGE_SIZE / sizeof(struct location))
#define BITS_PER_WORD (8 * sizeof(unsigned long))

static void add_location(struct location *loc, unsigned int *nr, unsigned long addr)
{
	for (unsigned int i = 0; i < *nr; i++)
		if (loc[i].addr == addr) {
			loc[i].count++;
			return;
		}
	if (*nr < MAX_LOCATIONS)
		loc[(*nr)++] = (struct location){ .addr = addr, .count = 1 };
}

/* The slab's free objects into free_map (a damaged free list is followed only while valid). */
static void mark_free_objects(struct kmem_cache *s, struct page *page, unsigned long *free_map)
{
	char *base = page_address(page);
	unsigned int steps = 0;

	memset(free_map, 0, (page->objects + BITS_PER_WORD - 1) / BITS_PER_WORD * sizeof(long));
	for (void *p = page->freelist; p && steps < page->objects; p = get_freepointer(s, p)) {
		unsigned long index;

		if (!check_valid_pointer(s, page, p))
			break;
		index = obj_to_index(s, (char *)p - base);
		free_map[index / BITS_PER_WORD] |= 1UL << (index % BITS_PER_WORD);
		steps++;
	}
}

static void count_slab_callers(struct kmem_cache *s, struct page *page, unsigned long *free_map,
			       struct location *loc, unsigned int *nr)
{
	char *base = page_address(page);

	mark_free_objects(s, page, free_map);
	for (unsigned int i = 0; i < page->objects; i++)
		if (!(free_map[i / BITS_PER_WORD] & (1UL << (i % BITS_PER_WORD))))
			add_location(loc, nr, get_track(s, base + i * s->size, TRACK_ALLOC)->addr);
}

static void sort_locations(struct location *loc, unsigned int nr)
{
	for (unsigned int i = 1; i < nr; i++) {
		struct location key = loc[i];
		unsigned int j = i;

		for (; j > 0 && loc[j - 1].count < key.count; j--)
			loc[j] = loc[j - 1];
		loc[j] = key;
	}
}

/* Atomic allocations: the caller holds the cache list's lock (slab_alloc_calls_show_live). */
int slab_alloc_calls_show(struct seq_buf *m, struct kmem_cache *s)
{
	struct location *loc = (struct location *)__get_free_page(GFP_ATOMIC);
	unsigned long *free_map = (unsigned long *)__get_free_page(GFP_ATOMIC);
	struct kmem_cache_node *n = get_node(s);
	unsigned int nr = 0;
	struct page *page;
	unsigned long flags;

	if (!kmem_cache_debug(s)) {
		free_pages((unsigned long)loc, 0);
		free_pages((unsigned long)free_map, 0);
		return -EINVAL;	/* no tracks: the callers were never stored */
	}
	if (!loc || !free_map) {
		free_pages((unsigned long)loc, 0);
		free_pages((unsigned long)free_map, 0);
		return -ENOMEM;
	}
	spin_lock_irqsave(&n->list_lock, flags);
	list_for_each_entry(page, &n->partial, slab_list)
		count_slab_callers(s, page, free_map, loc, &nr);
	list_for_each_entry(page, &n->full, slab_list)
		count_slab_callers(s, page, free_map, loc, &nr);
	spin_unlock_irqrestore(&n->list_lock, flags);

	sort_locations(loc, nr);
	for (unsigned int i = 0; i < nr; i++)
		seq_buf_printf(m, "%7lu %pS\n", loc[i].count, (void *)loc[i].addr);
	if (nr == MAX_LOCATIONS)
		seq_buf_printf(m, "(more callers than the %lu counted)\n", MAX_LOCATIONS);
	free_pages((unsigned long)loc, 0);
	free_pages((unsigned long)free_map, 0);
	return 0;
}
