/*
 * The slab allocator's interface: caches of equal-sized objects carved out
 * of page blocks (mm/slub.c), and kmalloc over a fixed set of such caches
 * (mm/slab_common.c). Pages come from the buddy allocator (mm/gfp.h); a
 * slab is described by the struct page of its first page.
 *
 * The cache descriptor is defined here, as Linux's slub_def.h does, so that
 * both .c files and the tests can see it.
 */
#ifndef MM_SLAB_H
#define MM_SLAB_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/spinlock.h>
#include <kernel/atomic.h>
#include <kernel/lib/seq_buf.h>
#include <asm/cache.h>
#include <asm/smp.h>
#include <asm/page-def.h>
#include <mm/gfp.h>

typedef unsigned int slab_flags_t;

/* Flags for kmem_cache_create(); the values are Linux's. */
#define SLAB_CONSISTENCY_CHECKS	0x00000100u	/* slub_debug F: check every free */
#define SLAB_RED_ZONE		0x00000400u	/* slub_debug Z: guard bytes after each object */
#define SLAB_POISON		0x00000800u	/* slub_debug P: fill free objects with a pattern */
#define SLAB_HWCACHE_ALIGN	0x00002000u	/* align objects to cache lines */
#define SLAB_STORE_USER		0x00010000u	/* slub_debug U: remember who allocated and freed */
#define SLAB_PANIC		0x00040000u	/* kmem_cache_create() failure panics */

#define SLAB_DEBUG_FLAGS \
	(SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)

/* Byte patterns of the debug mode, Linux's values so dumps look familiar. */
#define SLUB_RED_INACTIVE	0xbb	/* red zone of a free object */
#define SLUB_RED_ACTIVE		0xcc	/* red zone of an allocated object */
#define POISON_FREE		0x6b	/* body of a free object */
#define POISON_END		0xa5	/* last byte of a free object */

/* Events counted per CPU, summed by slub_stat(). */
enum stat_item {
	ALLOC_FASTPATH,		/* taken from this CPU's freelist */
	ALLOC_SLOWPATH,		/* served by the slow path (sheaf, partial, new slab, debug); failures not counted */
	FREE_FASTPATH,		/* put on this CPU's freelist */
	FREE_SLOWPATH,		/* an object of another slab: onto the sheaf, or its slab's freelist */
	ALLOC_SLAB,		/* new slab from the buddy allocator */
	FREE_SLAB,		/* slab handed back to the buddy allocator */
	FREE_NODE_LOCK,		/* a slow free that took the node lock: it emptied its slab */
	CPU_PARTIAL_DRAIN,	/* this CPU's partial slabs all went to the node list */
	SHEAF_FLUSH,		/* a sheaf handed objects back to their slabs (half, or all) */
	NR_SLUB_STAT_ITEMS
};

/* The most objects a sheaf holds; a cache may use fewer (sheaf_capacity). */
#define SHEAF_MAX_CAPACITY 32

/*
 * Objects freed on one CPU into slabs it is not allocating from, kept
 * here (oldest first) instead of going to their slabs one at a time under
 * each slab's lock: Linux's per-CPU "sheaf". They are free objects, yet
 * still counted as in use by their slabs. Only that CPU touches it, with
 * interrupts off. Apart from struct kmem_cache_cpu, which then keeps its
 * 128 bytes: a power of two, so the fast paths find it with a shift.
 */
struct slab_sheaf {
	unsigned int size;
	void *objects[SHEAF_MAX_CAPACITY];
} __aligned(L1_CACHE_BYTES);

/*
 * What one CPU owns of a cache. Only that CPU touches it, with interrupts
 * off, so no lock is needed. Cache-line aligned so that CPUs do not share
 * lines.
 */
struct kmem_cache_cpu {
	void *freelist;			/* next free object of the active slab */
	struct page *page;		/* active slab (frozen) */
	struct list_head partial;	/* frozen slabs with free objects, via slab_list */
	unsigned int nr_partial;
	unsigned long stat[NR_SLUB_STAT_ITEMS];
} __aligned(L1_CACHE_BYTES);

/* The shared part of a cache: slabs no CPU owns. */
struct kmem_cache_node {
	spinlock_t list_lock;		/* taken with interrupts off */
	unsigned long nr_partial;
	struct list_head partial;	/* slabs with free objects */
	struct list_head full;		/* debug caches only: slabs without */
	atomic_long_t nr_slabs;
	atomic_long_t total_objects;
};

#define KMEM_CACHE_NAME_LEN 32

struct kmem_cache {
	struct kmem_cache_cpu cpu_slab[NR_CPUS];
	struct slab_sheaf sheaf[NR_CPUS];	/* indexed by CPU, as cpu_slab */
	slab_flags_t flags;
	unsigned int object_size;	/* what the user asked for */
	unsigned int size;		/* object plus metadata: distance between objects */
	unsigned int reciprocal_size;	/* 2^32 / size, rounded up: see obj_to_index() */
	unsigned int offset;		/* of the free pointer inside a free object */
	unsigned int inuse;		/* end of object and red zone: metadata starts here */
	unsigned int align;
	unsigned int order;		/* a slab is 2^order pages */
	unsigned int objects;		/* per slab */
	unsigned int min_order;		/* when 2^order contiguous pages cannot be had */
	unsigned int min_partial;	/* empty slabs the node keeps instead of freeing */
	unsigned int cpu_partial_slabs;	/* most slabs on a CPU's partial list */
	unsigned int sheaf_capacity;	/* objects a CPU's sheaf holds; 0: no sheaf */
	void (*ctor)(void *object);
	char name[KMEM_CACHE_NAME_LEN];
	struct list_head list;		/* on slab_caches */
	struct kmem_cache_node *node;	/* one memory node */
};

/* What /proc/slabinfo prints for a cache (Linux's struct slabinfo). */
struct slabinfo {
	unsigned long active_objs;
	unsigned long num_objs;
	unsigned long active_slabs;
	unsigned long num_slabs;
	unsigned int objects_per_slab;
	unsigned int cache_order;
};

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *s);
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *s, void *object);
int kmem_cache_shrink(struct kmem_cache *s);
void kmem_cache_shrink_all(void);	/* every cache: for leak checks */
void slab_totals(unsigned long *objects, unsigned long *pages);

static inline void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp)
{
	return kmem_cache_alloc(s, gfp | __GFP_ZERO);
}

/* Set up the boot caches and the kmalloc caches; after page_alloc_init(). */
void kmem_cache_init(void);

/*
 * The `slub_debug` boot option: arg is what follows '=', or NULL for the
 * bare word (all checks on all caches). Must run before kmem_cache_init()
 * for the checks to reach the kmalloc caches.
 */
void slub_debug_setup(const char *arg);

/* Corruption and bad-free reports printed so far. */
extern unsigned long slab_bug_reports;

unsigned long slub_stat(struct kmem_cache *s, enum stat_item item);
const char *slub_stat_name(enum stat_item item);	/* "alloc_fastpath" ... */
void slub_stat_show(struct seq_buf *m, struct kmem_cache *s, enum stat_item item);
/*
 * Call fn for every cache, under the lock of the cache list (fn must not
 * sleep, create or destroy a cache), until fn returns non-zero; that value.
 */
int for_each_slab_cache(int (*fn)(struct kmem_cache *s, void *arg), void *arg);
/*
 * The statistic of s into m, if s is still a cache (it may have been
 * destroyed since its sysfs file was made): 0, or -ENOENT.
 */
int slab_stat_show_live(struct seq_buf *m, struct kmem_cache *s, enum stat_item item);
/*
 * The objects in use of a debug cache (any of SLAB_DEBUG_FLAGS: each
 * implies storing the callers), counted by the caller that allocated
 * them, most first: "<count> <symbol>" lines, Linux's alloc_calls. The
 * _live form checks first, as above, that s is still a cache: 0,
 * -ENOENT, -EINVAL (not a debug cache) or -ENOMEM.
 */
int slab_alloc_calls_show(struct seq_buf *m, struct kmem_cache *s);
int slab_alloc_calls_show_live(struct seq_buf *m, struct kmem_cache *s);
void get_slabinfo(struct kmem_cache *s, struct slabinfo *info);
void slabinfo_show(struct seq_buf *m);	/* /proc/slabinfo, version 2.1 */

/* ---- kmalloc: size classes 8 .. 8192 plus 96 and 192 ---- */

#define KMALLOC_MIN_SIZE 8
#define KMALLOC_SHIFT_LOW 3
#define KMALLOC_SHIFT_HIGH (PAGE_SHIFT + 1)
#define KMALLOC_MAX_CACHE_SIZE (1UL << KMALLOC_SHIFT_HIGH)
#define KMALLOC_MAX_SIZE (PAGE_SIZE << (MAX_ORDER - 1))

/* kmalloc(0) hands out this; it faults when used and kfree accepts it. */
#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

/*
 * Which kmalloc cache serves a request of size bytes: index i holds objects
 * of 2^i bytes, except 1 (96 bytes) and 2 (192 bytes), which sit between
 * powers of two to waste less. 0 means size 0.
 */
static inline unsigned int kmalloc_index(size_t size)
{
	if (size == 0)
		return 0;
	/* LAB 2 BEGIN: the index of the smallest size class that holds size bytes */
	/* LAB 2 STUB: return KMALLOC_SHIFT_HIGH; */
	if (size <= KMALLOC_MIN_SIZE)
		return KMALLOC_SHIFT_LOW;
	if (size > 64 && size <= 96)
		return 1;
	if (size > 128 && size <= 192)
		return 2;
	return 64 - __builtin_clzl(size - 1);
	/* LAB 2 END */
}

extern struct kmem_cache *kmalloc_caches[KMALLOC_SHIFT_HIGH + 1];

void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void *kcalloc(size_t n, size_t size, gfp_t gfp);
void *krealloc(const void *p, size_t new_size, gfp_t gfp);
void kfree(const void *p);
size_t ksize(const void *p);

/* ---- between mm/slab_common.c and mm/slub.c ---- */

extern struct list_head slab_caches;	/* every cache, newest first */
extern spinlock_t slab_caches_lock;
extern struct kmem_cache *kmem_cache;	/* the cache of cache descriptors */

void create_boot_cache(struct kmem_cache *s, const char *name,
		       unsigned int size, slab_flags_t flags);
void create_kmalloc_caches(void);
int __kmem_cache_create(struct kmem_cache *s, slab_flags_t flags);
int __kmem_cache_shutdown(struct kmem_cache *s);
void *slab_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long caller);
/* page: the object's slab, which kfree has already looked up. */
void slab_free(struct kmem_cache *s, struct page *page, void *object, unsigned long caller);
size_t __ksize(struct kmem_cache *s);
void slab_report_bad_pointer(const char *cache, const char *what, const void *p,
			     unsigned long caller);

#endif
