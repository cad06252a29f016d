/*
 * Reverse mapping (docs/reclaim.md): from a page on the LRU to the
 * page-table entries that map it. An anonymous page records its struct
 * anon_vma in page->mapping, tagged with PAGE_MAPPING_ANON, and its offset
 * in page->index; the anon_vma lists every VMA that may map the page, and
 * in each of them the page can only be at one address, the one its offset
 * gives. Fork puts the child's VMAs on the parent's lists, so a page
 * shared since a fork is found in both; splitting a VMA and mremap keep
 * the offsets. A shmem page (mm/shmem.c) records its object's inode,
 * untagged, and its offset in the object: the VMAs that may map it are
 * the inode's i_mmap list (mm/filemap.c), and the address follows from
 * the offset the same way.
 *
 * Lifetime: an anon_vma lives while a VMA is on its list or a page points
 * to it (refcount), so a page isolated by reclaim can always follow its
 * mapping, even after every process that mapped it has gone.
 *
 * Locking: the anon_vma's lock keeps its VMAs on the list, and with them
 * their mm_structs. The walk then takes each mm's mmap_lock for reading
 * without waiting, which keeps the VMA's range and its page tables where
 * they are (munmap, mremap, mprotect and exit_mmap hold it for writing),
 * and the page_table_lock to change an entry beside the faults. An mm
 * whose lock is taken is skipped and the page counts as in use, so reclaim
 * never waits for a process, and never deadlocks on the mmap_lock its own
 * fault already holds.
 *
 * One holder of the lock may walk all the same: a fork that reclaims for
 * its own copy. It holds the parent's lock for writing while it copies,
 * and the parent is often the one process with pages to give back; its
 * copy only allocates between entries, with the tables consistent, and
 * looks at each entry again afterwards (mm/memory.c, copy_one_page).
 *
 * Relies on mm/pgtable.c for finding an entry and mm/swapfile.c for slot
 * references.
 */
#include <mm/rmap.h>
#include <mm/lru.h>
#include <mm/filemap.h>
#include <mm/shmem.h>
#include <mm/mm.h>
#include <mm/mmap_lock.h>
#include <mm/slab.h>
#include <mm/gfp.h>
#include <kernel/sched.h>
#include <kernel/fs/fs.h>
#include <asm/tlbflush.h>
#include <asm/asid.h>
#include <asm/swap-entry.h>

static void get_anon_vma(struct anon_vma *anon_vma)
{
	__atomic_add_fetch(&anon_vma->refcount, 1, __ATOMIC_RELAXED);
}

static void put_anon_vma(struct anon_vma *anon_vma)
{
	if (!__atomic_sub_fetch(&anon_vma->refcount, 1, __ATOMIC_ACQ_REL))
		kfree(anon_vma);
}

/*
 * A neighbour's anon_vma that vma can share, so that the two can still be
 * merged later (Linux's find_mergeable_anon_vma): adjacent, the same kind
 * of mapping, with offsets that follow on.
 */
static struct anon_vma *mergeable_anon_vma(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *prev = vma_prev(mm, vma), *next = vma_next(mm, vma);

	if (prev && prev->anon_vma && prev->vm_end == vma->vm_start &&
	    prev->vm_file == vma->vm_file && prev->vm_pgoff + vma_pages(prev) == vma->vm_pgoff)
		return prev->anon_vma;
	if (next && next->anon_vma && next->vm_start == vma->vm_end &&
	    next->vm_file == vma->vm_file && vma->vm_pgoff + vma_pages(vma) == next->vm_pgoff)
		return next->anon_vma;
	return NULL;
}

/*
 * Before the first anonymous page of vma is mapped: give it an anon_vma.
 * Faults run beside each other with mmap_lock held for reading, so the
 * one that sets it does so under page_table_lock; 0 or -ENOMEM.
 */
int anon_vma_prepare(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	struct anon_vma *anon_vma, *fresh = NULL;

	if (READ_ONCE(vma->anon_vma))
		return 0;
	anon_vma = mergeable_anon_vma(vma);
	if (!anon_vma) {
		fresh = anon_vma = kmalloc(sizeof(*anon_vma), GFP_KERNEL);
		if (!anon_vma)
			return -ENOMEM;
		spin_lock_init(&anon_vma->lock);
		INIT_LIST_HEAD(&anon_vma->head);
		anon_vma->refcount = 0;
	}
	spin_lock(&anon_vma->lock);
	spin_lock(&mm->page_table_lock);
	if (!vma->anon_vma) {
		WRITE_ONCE(vma->anon_vma, anon_vma);
		list_add_tail(&vma->anon_vma_node, &anon_vma->head);
		get_anon_vma(anon_vma);
		fresh = NULL;
	}
	spin_unlock(&mm->page_table_lock);
	spin_unlock(&anon_vma->lock);
	kfree(fresh);
	return 0;
}

/* vma has just been given its anon_vma (a copy's, or a neighbour's it took over). */
void anon_vma_link(struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma = vma->anon_vma;

	spin_lock(&anon_vma->lock);
	list_add_tail(&vma->anon_vma_node, &anon_vma->head);
	get_anon_vma(anon_vma);
	spin_unlock(&anon_vma->lock);
}

void anon_vma_unlink(struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma = vma->anon_vma;

	spin_lock(&anon_vma->lock);
	list_del(&vma->anon_vma_node);
	spin_unlock(&anon_vma->lock);
	put_anon_vma(anon_vma);
}

static unsigned long linear_page_index(const struct vm_area_struct *vma, unsigned long addr)
{
	return vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
}

static void *anon_mapping(struct anon_vma *anon_vma)
{
	return (void *)((unsigned long)anon_vma | PAGE_MAPPING_ANON);
}

static struct anon_vma *mapping_anon_vma(void *mapping)
{
	return (struct anon_vma *)((unsigned long)mapping & ~PAGE_MAPPING_ANON);
}

/* A page mapped for the first time, at addr of vma: found from now on, and on the LRU. */
void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long addr)
{
	if (!vma->anon_vma)
		return;		/* a mapping made without a fault (exec's stack): never reclaimed */
	get_anon_vma(vma->anon_vma);
	page->mapping = anon_mapping(vma->anon_vma);
	page->index = linear_page_index(vma, addr);
	lru_cache_add(page);
}

/*
 * A page from the swap cache mapped at addr of vma. One read ahead is in
 * no family yet: its first mapping names it. (Every mapping of a slot is
 * in one family: slots are shared only by fork, and moved only by mremap.)
 */
void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long addr)
{
	void *none = NULL;

	if (READ_ONCE(page->mapping) || !vma->anon_vma)
		return;
	get_anon_vma(vma->anon_vma);
	page->index = linear_page_index(vma, addr);
	if (!__atomic_compare_exchange_n(&page->mapping, &none, anon_mapping(vma->anon_vma), false,
					 __ATOMIC_RELEASE, __ATOMIC_RELAXED))
		put_anon_vma(vma->anon_vma);
}

/* The page is being freed: its family may go too. */
void page_remove_anon_vma(struct page *page)
{
	if (page->mapping) {
		put_anon_vma(mapping_anon_vma(page->mapping));
		page->mapping = NULL;
	}
}

/* The mm of a VMA found by a walk, locked as the file's header says; false: it is busy. */
static bool rmap_lock_mm(struct mm_struct *mm)
{
	return mm == current->copying_mm || mmap_read_trylock(mm);
}

static void rmap_unlock_mm(struct mm_struct *mm)
{
	if (mm != current->copying_mm)
		mmap_read_unlock(mm);
}

typedef void (*rmap_one_fn)(struct page *page, struct vm_area_struct *vma, unsigned long addr,
			    pte_t *pte, void *arg);

struct rmap_walk_control {
	struct page *page;
	rmap_one_fn one;
	void *arg;
	bool complete;		/* every VMA could be looked at */
};

/* The entry of vma that maps the page, if one does, handed to rwc->one. */
static void rmap_walk_vma(struct vm_area_struct *vma, void *arg)
{
	struct rmap_walk_control *rwc = arg;
	struct page *page = rwc->page;
	struct mm_struct *mm = vma->vm_mm;
	unsigned long addr = vma->vm_start + ((page->index - vma->vm_pgoff) << PAGE_SHIFT);
	pte_t *pte;

	if (!rmap_lock_mm(mm)) {
		rwc->complete = false;
		return;
	}
	if (page->index >= vma->vm_pgoff && addr < vma->vm_end) {
		spin_lock(&mm->page_table_lock);
		pte = pte_lookup(mm->pgd, addr);
		if (pte && (READ_ONCE(*pte) & PTE_VALID) &&
		    (READ_ONCE(*pte) & PTE_ADDR_MASK) == page_to_phys(page))
			rwc->one(page, vma, addr, pte, rwc->arg);
		spin_unlock(&mm->page_table_lock);
	}
	rmap_unlock_mm(mm);
}

static void rmap_walk_anon(struct anon_vma *anon_vma, struct rmap_walk_control *rwc)
{
	struct vm_area_struct *vma;

	spin_lock(&anon_vma->lock);
	list_for_each_entry(vma, &anon_vma->head, anon_vma_node)
		rmap_walk_vma(vma, rwc);
	spin_unlock(&anon_vma->lock);
}

/* A shmem page: the VMAs of its object, while the page is still the object's. */
static void rmap_walk_file(struct rmap_walk_control *rwc)
{
	struct inode *inode = shmem_page_inode_get(rwc->page);

	if (!inode)
		return;		/* the object let go of it: nothing maps it through the object */
	i_mmap_for_each(inode, rmap_walk_vma, rwc);
	vfs_iput(inode);
}

/*
 * Call one() for each entry that maps page, with the entry's mm locked as
 * the file's header says. false when some mm could not be locked: the
 * page may be mapped there too.
 */
static bool rmap_walk(struct page *page, rmap_one_fn one, void *arg)
{
	struct rmap_walk_control rwc = { page, one, arg, true };
	void *mapping = __atomic_load_n(&page->mapping, __ATOMIC_ACQUIRE);

	if (!mapping)
		return true;
	if (mapping_is_anon(mapping))
		rmap_walk_anon(mapping_anon_vma(mapping), &rwc);
	else
		rmap_walk_file(&rwc);
	return rwc.complete;
}

struct referenced_walk {
	int young;		/* entries whose access flag was set */
	bool locked;		/* some mapping is mlock()ed */
};

static void referenced_one(struct page *page __unused, struct vm_area_struct *vma,
			   unsigned long addr, pte_t *pte, void *arg)
{
	struct referenced_walk *walk = arg;
	pte_t entry = READ_ONCE(*pte);

	if (vma->vm_flags & VM_LOCKED)
		walk->locked = true;
	if (!(entry & PTE_AF))
		return;
	/* Only the access flag changes: no break-before-make. The flush makes the next access set it again. */
	WRITE_ONCE(*pte, entry & ~PTE_AF);
	flush_tlb_range(mm_asid(vma->vm_mm), addr, addr + PAGE_SIZE);
	walk->young++;
}

/*
 * How many of the page's mappings were used since the last look, clearing
 * their access flags so that the next look sees only newer uses (Linux's
 * folio_referenced). A mapping that could not be looked at, or that is
 * locked in memory, counts as used.
 */
int page_referenced(struct page *page)
{
	struct referenced_walk walk = { 0, false };

	if (!rmap_walk(page, referenced_one, &walk) || walk.locked)
		walk.young++;
	return walk.young;
}

struct unmap_walk {
	swp_entry_t entry;
	bool failed;
};

/* One mapping of the page becomes a swap entry for its slot; its reference goes after the flush. */
static void unmap_one(struct page *page, struct vm_area_struct *vma, unsigned long addr,
		      pte_t *pte, void *arg)
{
	struct unmap_walk *walk = arg;
	struct mm_struct *mm = vma->vm_mm;

	if ((vma->vm_flags & VM_LOCKED) || swap_duplicate(walk->entry)) {
		walk->failed = true;
		return;
	}
	WRITE_ONCE(*pte, 0);
	flush_tlb_range(mm_asid(mm), addr, addr + PAGE_SIZE);
	WRITE_ONCE(*pte, walk->entry);
	add_mm_counter(mm, MM_ANONPAGES, -1);
	add_mm_counter(mm, MM_SWAPENTS, 1);
	put_page(page);
}

/*
 * Replace every mapping of page (in the swap cache at entry) with that
 * entry, so that a process that touches it again faults and finds it in
 * the cache, or reads it back. The caller holds a reference of its own
 * and one on the slot. true when no mapping is left.
 */
bool try_to_unmap(struct page *page, swp_entry_t entry)
{
	struct unmap_walk walk = { entry, false };

	return rmap_walk(page, unmap_one, &walk) && !walk.failed;
}

/*
 * One mapping of a shmem page goes: the entry is cleared, and the next
 * access faults and finds the page, or its swap entry, in the object
 * (mm/shmem.c), as a file page is found again in the page cache.
 */
static void unmap_file_one(struct page *page, struct vm_area_struct *vma, unsigned long addr,
			   pte_t *pte, void *arg)
{
	bool *failed = arg;
	struct mm_struct *mm = vma->vm_mm;

	if (vma->vm_flags & VM_LOCKED) {
		*failed = true;
		return;
	}
	WRITE_ONCE(*pte, 0);
	flush_tlb_range(mm_asid(mm), addr, addr + PAGE_SIZE);
	add_mm_counter(mm, MM_FILEPAGES, -1);
	put_page(page);
}

bool try_to_unmap_file(struct page *page)
{
	bool failed = false;

	return rmap_walk(page, unmap_file_one, &failed) && !failed;
}
