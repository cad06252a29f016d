/*
 * struct page: one per 4 KiB page of RAM, in the mem_map array. It is kept
 * to 64 bytes (1.6% of RAM). What a page is being used for decides which
 * member of the union is live, as in Linux: a free page belongs to the
 * buddy allocator, the first page of a slab describes the slab.
 */
#ifndef MM_MM_TYPES_H
#define MM_MM_TYPES_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/atomic.h>

struct kmem_cache;
struct mm_struct;

/* Bits in page->flags. */
enum pageflags {
	PG_reserved,	/* never handed out: kernel image, DTB, initrd, mem_map, holes */
	PG_buddy,	/* free, heads a block on a buddy free list */
	PG_pcp,		/* free, heads a block on a per-CPU list (order in private) */
	PG_head,	/* first page of a multi-page allocation (__GFP_COMP) */
	PG_tail,	/* later page of one; compound_head points to the head */
	PG_slab,	/* first page of a slab */
	PG_large_kmalloc, /* kmalloc too big for a cache, straight from the buddy allocator */
	PG_vmalloc,	/* backs a vmalloc area */
	PG_pgtable,	/* holds a page table */
	PG_anon,	/* a process's anonymous memory (MM_ANONPAGES), not a file's page */
	/* Reclaim's (mm/swap.c, mm/vmscan.c); changed with the atomic helpers below. */
	PG_lru,		/* on an LRU list, under lru_lock */
	PG_active,	/* ... the active one */
	PG_referenced,	/* seen used once at the inactive tail: the next use activates it */
	PG_swapcache,	/* in the swap cache; private holds its swap entry */
	PG_dirty,	/* newer than its copy in swap (or it has none yet) */
};

struct page {
	unsigned long flags;
	union {
		struct {	/* free pages and the allocator's lists; pages of processes */
			struct list_head lru;	/* buddy and per-CPU lists; LRU lists */
			unsigned long private;	/* buddy: order of a free block; swap entry */
			/* PG_anon with a reverse map: its struct anon_vma (mm/rmap.c) ... */
			void *mapping;
			unsigned long index;	/* ... and its page offset there */
		};
		/* PG_pgtable: the address space whose tree holds it (NULL: the kernel's) */
		struct mm_struct *pt_mm;
		struct {	/* PG_slab: the slab this page starts */
			struct list_head slab_list;	/* a node's partial list */
			struct kmem_cache *slab_cache;
			void *freelist;		/* first free object */
			union {
				unsigned long counters;
				struct {
					unsigned inuse : 16;
					unsigned objects : 15;
					unsigned frozen : 1;	/* owned by a CPU */
					atomic_t slab_locked;	/* slab_lock() in mm/slub.c */
				};
			};
		};
	};
	struct page *compound_head;	/* PG_tail: the head page */
	int _refcount;
	int _mapcount;
};

_Static_assert(sizeof(struct page) == 64, "struct page must stay 64 bytes");

static inline bool PageFlag(const struct page *page, enum pageflags flag)
{
	return (page->flags >> flag) & 1;
}

static inline void SetPageFlag(struct page *page, enum pageflags flag)
{
	page->flags |= 1UL << flag;
}

static inline void ClearPageFlag(struct page *page, enum pageflags flag)
{
	page->flags &= ~(1UL << flag);
}

/*
 * For the flags reclaim changes on pages that others use at the same
 * time (a fault, the swap cache, a free): one read-modify-write each, so
 * that no CPU's change is lost to another's. The plain ones above are
 * for a page nobody else can see yet, or any more.
 */
static inline void SetPageFlagAtomic(struct page *page, enum pageflags flag)
{
	__atomic_or_fetch(&page->flags, 1UL << flag, __ATOMIC_RELAXED);
}

static inline void ClearPageFlagAtomic(struct page *page, enum pageflags flag)
{
	__atomic_and_fetch(&page->flags, ~(1UL << flag), __ATOMIC_RELAXED);
}

static inline bool TestClearPageFlag(struct page *page, enum pageflags flag)
{
	return (__atomic_fetch_and(&page->flags, ~(1UL << flag), __ATOMIC_RELAXED) >> flag) & 1;
}

#endif
