/*
 * User memory: each address space's page tables (TTBR0, tagged with an
 * ASID from arch/arm64/mm/context.c), the page-fault handler that fills them on demand, and the hooks
 * mm/mmap.c calls when mappings go away or change protection.
 *
 * Demand paging: an anonymous page is allocated, zeroed and mapped at its
 * first touch. Private writable pages are mapped read-only until the first
 * write (vm_get_page_prot follows Linux here). fork shares every page of
 * the parent with the child, read-only for private mappings, and counts
 * the sharers in page->_refcount; a write fault then copies a page that is
 * still shared (copy-on-write), or simply makes it writable when the
 * writer is its last user.
 *
 * Concurrency (docs/mm-concurrency.md): a fault holds mm->mmap_lock for
 * reading, so the threads of a process fault at once on several CPUs.
 * Whatever a fault decides from the entry it read, it does under
 * mm->page_table_lock after reading the entry again: if another CPU's
 * fault changed it meanwhile, that one won, and this one gives back what
 * it prepared and lets the access run again. Unmapping and changing
 * protection hold mmap_lock for writing, so no fault runs beside them;
 * other CPUs may still run threads of the mm on their TLB entries, which
 * is why a page is freed only after the flush that ends them.
 *
 * Swap (docs/swap.md): a page MADV_PAGEOUT wrote to swap leaves a swap
 * entry in its place; do_swap_page brings it back at the next touch, and
 * unmapping, fork and mremap release, duplicate or move such entries
 * (mm/swapfile.c counts them per slot).
 *
 * Relies on mm/pgtable.c for the tables, the page allocator for pages,
 * and mm/mmap.c for the VMAs.
 */
#include <mm/memory.h>
#include <mm/mmap_lock.h>
#include <mm/mm.h>
#include <mm/gfp.h>
#include <mm/pgtable.h>
#include <mm/filemap.h>
#include <mm/oom.h>
#include <mm/shmem.h>
#include <mm/page_table_check.h>
#include <mm/swap.h>
#include <mm/rmap.h>
#include <kernel/fs/fs.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/resource.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <asm/barrier.h>
#include <asm/tlbflush.h>
#include <asm/asid.h>
#include <kernel/lib/string.h>

/* Every page fault handled, system-wide (/proc/vmstat's pgfault). */
static unsigned long nr_page_faults;

unsigned long vm_page_faults(void)
{
	return __atomic_load_n(&nr_page_faults, __ATOMIC_RELAXED);
}

/* ...and of them those that had to read from a disk (pgmajfault). */
static unsigned long nr_major_faults;

unsigned long vm_major_faults(void)
{
	return __atomic_load_n(&nr_major_faults, __ATOMIC_RELAXED);
}

/* Which of mm's counters a mapped page is counted in (Linux's mm_counter). */
static int mm_counter(const struct page *page)
{
	return PageFlag(page, PG_anon) ? MM_ANONPAGES : MM_FILEPAGES;
}

/* A page unmapped from mm, once no TLB holds it: drop the mapping's reference. */
static void release_user_page(pte_t pte, void *arg)
{
	struct mm_struct *mm = arg;
	struct page *page = pfn_to_page((pte & PTE_ADDR_MASK) >> PAGE_SHIFT);

	add_mm_counter(mm, mm_counter(page), -1);
	put_page(page);
}

/*
 * With page_table_check on: a page that has no reference left to drop is
 * reported instead of freed a second time (its flags are gone with it, so
 * no counter can say what it was).
 */
static void release_user_page_checked(pte_t pte, void *arg)
{
	if (page_table_check_unmap(arg, pte, pfn_to_page((pte & PTE_ADDR_MASK) >> PAGE_SHIFT)))
		release_user_page(pte, arg);
}

/* Chosen once an unmap, so that the check costs nothing per page when it is off. */
static release_fn user_page_release(void)
{
	return page_table_check_enabled ? release_user_page_checked : release_user_page;
}

/* A swap entry unmapped: its slot loses a reference. */
static int zap_swap_entry(pte_t *entry, unsigned long va __unused, int level __unused,
			  void *arg)
{
	swp_entry_t swp = READ_ONCE(*entry);

	WRITE_ONCE(*entry, 0);
	add_mm_counter(arg, MM_SWAPENTS, -1);
	swap_free(swp);
	return 0;
}

/*
 * Whether mm's tables may hold swap entries, so that looking for them is
 * worth it. MM_SWAPENTS is raised after an entry becomes a swap entry
 * and lowered after one stops being one; munmap, exit and fork hold
 * mmap_lock for writing, which keeps reclaim's unmapping out (or, in
 * fork, runs it in this very task), so a count of 0 read then means
 * none (a fault reads it under the lock for reading: __handle_mm_fault
 * says why that is enough there). Most processes never have a page on
 * swap: without this test each munmap, fork and exit walked every range
 * twice, and each fault looked up its entry once more.
 */
static bool mm_has_swap_entries(struct mm_struct *mm)
{
	return get_mm_counter(mm, MM_SWAPENTS) != 0;
}

/* Unmap [start, end) and, after the TLB flush, drop each page's reference. */
static void zap_page_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	if (mm_has_swap_entries(mm))
		walk_swap_entries(mm->pgd, start, end, zap_swap_entry, mm);
	unmap_range_release(mm->pgd, mm_asid(mm), start, end - start, user_page_release(), mm);
}

static void user_unmap_region(struct mm_struct *mm, struct vm_area_struct *vma,
			      unsigned long start, unsigned long end, bool fullmm)
{
	if (!fullmm) {
		zap_page_range(mm, start, end);
		return;
	}
	if (mm_has_swap_entries(mm))
		walk_swap_entries(mm->pgd, start, end, zap_swap_entry, mm);
	if (page_table_check_enabled)
		page_table_check_vma(mm, vma);
	unmap_range_teardown(mm->pgd, mm_asid(mm), start, end - start, user_page_release(), mm);
}

static void user_free_pgtables(struct mm_struct *mm)
{
	/* mm_create() could not get the root table: there is no tree. */
	if (!mm->pgd)
		return;
	if (page_table_check_enabled)
		page_table_check_pgtables(mm);
	free_pgtables(mm->pgd, mm_asid(mm));
}

static void user_change_protection(struct vm_area_struct *vma, unsigned long start,
				   unsigned long end)
{
	protect_range(vma->vm_mm->pgd, mm_asid(vma->vm_mm), start, end - start,
		      vma->vm_page_prot);
}

struct copy_walk {
	struct mm_struct *child;
	bool cow;		/* private and writable: both sides lose write access */
	bool write_protected;	/* the parent's TLB needs a flush */
	pte_t *table;		/* the child's last-level table last written ... */
	unsigned long table_va;	/* ... which maps from here */
	/* Pages, and of them the anonymous ones, for the child's counters at the end. */
	unsigned long copied, anon;
};

/*
 * The child's entry for va. Its last-level table is found (or made) once
 * per table, not once per page: the pages a VMA has are mostly in the
 * same few tables, and a walk from the root for each was most of fork.
 */
static pte_t *child_pte(struct copy_walk *walk, unsigned long va, int *err)
{
	unsigned long table_va = ALIGN_DOWN(va, PTRS_PER_TABLE * PAGE_SIZE);

	if (!walk->table || walk->table_va != table_va) {
		walk->table = pte_alloc(walk->child->pgd, table_va,
					&walk->child->page_table_lock, err);
		walk->table_va = table_va;
		if (!walk->table)
			return NULL;
	}
	return &walk->table[(va - table_va) >> PAGE_SHIFT];
}

/* fork: the child's entry refers to the same slot as swap, one more reference to it. */
static int copy_swap_pte(struct copy_walk *walk, pte_t *child, pte_t swap)
{
	int err = swap_duplicate(swap);

	if (err)
		return err;
	WRITE_ONCE(*child, swap);
	add_mm_counter(walk->child, MM_SWAPENTS, 1);
	return 0;
}

/*
 * The child's table first: making it may reclaim, and reclaim may send
 * this very page to swap (mm/rmap.c lets a fork's own reclaim in), so
 * the parent's entry is read only afterwards.
 */
static int copy_one_page(pte_t *entry, unsigned long va, int level, void *arg)
{
	struct copy_walk *walk = arg;
	pte_t *child, pte;
	struct page *page;
	int err = -ENOMEM;

	if (level != 3)		/* user mappings are made of pages, never blocks */
		return -EINVAL;
	child = child_pte(walk, va, &err);
	if (!child)
		return err;
	if (!(READ_ONCE(*entry) & PTE_VALID))
		return copy_swap_pte(walk, child, READ_ONCE(*entry));
	/* LAB 6 BEGIN: in a copy-on-write VMA, make the parent's entry read-only (the child copies it) */
	if (walk->cow && !(*entry & PTE_RDONLY)) {
		/* Only a permission bit changes: no break-before-make needed. */
		WRITE_ONCE(*entry, *entry | PTE_RDONLY);
		walk->write_protected = true;
	}
	/* LAB 6 END */
	pte = READ_ONCE(*entry);
	page = pfn_to_page((pte & PTE_ADDR_MASK) >> PAGE_SHIFT);
	/* The child cannot run yet: its entries need no barrier each (one at the end). */
	WRITE_ONCE(*child, mk_pte(pte & PTE_ADDR_MASK, pte & PTE_ATTR_MASK));
	get_page(page);
	walk->copied++;
	walk->anon += PageFlag(page, PG_anon);
	return 0;
}

/*
 * The parent's swap entries. One whose child entry is already there was
 * a page when copy_one_page passed, sent to swap since by the fork's own
 * reclaim, in the child as in the parent.
 */
static int copy_swap_entry(pte_t *entry, unsigned long va, int level __unused, void *arg)
{
	struct copy_walk *walk = arg;
	int err = -ENOMEM;
	pte_t *child = child_pte(walk, va, &err);

	if (!child)
		return err;
	if (READ_ONCE(*child))
		return 0;
	return copy_swap_pte(walk, child, READ_ONCE(*entry));
}

/*
 * fork: the child's VMA dst gets the same pages as the parent's src, one
 * more reference each. In a private writable VMA both sides lose write
 * access, so the first write by either copies (copy-on-write). The walk
 * visits only the pages present, skipping empty tables whole. A mapping
 * of a file or an object is left empty when it is shared, or private
 * with no anonymous page yet (no anon_vma), as Linux's vma_needs_copy
 * leaves it: its pages are the file's, and the child's faults find the
 * same ones (a few at a time, do_fault_around), if it ever touches them;
 * a child that calls execve at once never does.
 */
static int user_copy_page_range(struct vm_area_struct *dst, struct vm_area_struct *src)
{
	struct mm_struct *parent = src->vm_mm;
	struct copy_walk walk = {
		.child = dst->vm_mm,
		.cow = (src->vm_flags & VM_WRITE) && !(src->vm_flags & VM_SHARED),
	};
	int err;

	if (src->vm_file && ((src->vm_flags & VM_SHARED) || !src->anon_vma))
		return 0;
	err = walk_page_range(parent->pgd, src->vm_start, src->vm_end, copy_one_page, &walk);
	/* Read after the walk: its own reclaim may have sent pages of the parent to swap. */
	if (!err && mm_has_swap_entries(parent))
		err = walk_swap_entries(parent->pgd, src->vm_start, src->vm_end, copy_swap_entry,
					&walk);
	dsb(ishst);
	add_mm_counter(walk.child, MM_ANONPAGES, (long)walk.anon);
	add_mm_counter(walk.child, MM_FILEPAGES, (long)(walk.copied - walk.anon));
	if (walk.write_protected)
		flush_tlb_range(mm_asid(parent), src->vm_start, src->vm_end);
	return err;
}

struct move_walk {
	struct mm_struct *mm;
	unsigned long old, new;
};

static int map_page_again(pte_t *entry, unsigned long va, int level __unused, void *arg)
{
	struct move_walk *walk = arg;
	phys_addr_t pa = *entry & PTE_ADDR_MASK;
	int err = map_range(walk->mm->pgd, walk->new + (va - walk->old), pa, PAGE_SIZE,
			    *entry & PTE_ATTR_MASK, 0);

	if (err)
		return err;
	get_page(pfn_to_page(pa >> PAGE_SHIFT));
	add_mm_counter(walk->mm, mm_counter(pfn_to_page(pa >> PAGE_SHIFT)), 1);
	return 0;
}

/* A swap entry of the old range, referring to its slot from the new one too. */
static int move_swap_entry(pte_t *entry, unsigned long va, int level __unused, void *arg)
{
	struct move_walk *walk = arg;
	int err = swap_duplicate(*entry);
	pte_t *pte;

	if (err)
		return err;
	pte = pte_alloc(walk->mm->pgd, walk->new + (va - walk->old), &walk->mm->page_table_lock,
			&err);
	if (!pte) {
		swap_free(*entry);
		return err;
	}
	WRITE_ONCE(*pte, *entry);
	add_mm_counter(walk->mm, MM_SWAPENTS, 1);
	return 0;
}

/* mremap: the pages present in the old range, and its swap entries, at the new one too. */
static int user_move_page_range(struct mm_struct *mm, unsigned long old, unsigned long new,
				unsigned long len)
{
	struct move_walk walk = { mm, old, new };
	int err = walk_page_range(mm->pgd, old, old + len, map_page_again, &walk);

	return err ? err : walk_swap_entries(mm->pgd, old, old + len, move_swap_entry, &walk);
}

/*
 * MADV_PAGEOUT of one present page: written to a free slot, its entry
 * then holds the slot instead. Only an anonymous page this mapping alone
 * holds (as Linux's, which leaves pages mapped more than once; a file's
 * page stays with its file). The entry is cleared and flushed first, so
 * no thread writes the page while it goes to the disk (they fault, and
 * wait for mmap_lock, held for writing here); if the write fails the
 * page is mapped again, unchanged.
 */
static int pageout_one(pte_t *entry, unsigned long va, int level __unused, void *arg)
{
	struct mm_struct *mm = arg;
	pte_t old = READ_ONCE(*entry);
	struct page *page = pfn_to_page((old & PTE_ADDR_MASK) >> PAGE_SHIFT);
	swp_entry_t swp;

	if (!PageFlag(page, PG_anon) || __atomic_load_n(&page->_refcount, __ATOMIC_RELAXED) != 1)
		return 0;
	swp = get_swap_page();
	if (!swp)
		return 0;
	WRITE_ONCE(*entry, 0);
	flush_tlb_range(mm_asid(mm), va, va + PAGE_SIZE);
	if (swap_write_page(swp, page)) {
		set_pte(entry, old);
		swap_free(swp);
		return 0;
	}
	WRITE_ONCE(*entry, swp);
	add_mm_counter(mm, mm_counter(page), -1);
	add_mm_counter(mm, MM_SWAPENTS, 1);
	put_page(page);
	return 0;
}

static void user_pageout_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	walk_page_range(mm->pgd, start, end, pageout_one, mm);
}

/*
 * The last mmdrop: every VMA is gone already, and with them the tables
 * below the root; what mm still counts was never given back (check_mm).
 */
static void user_destroy_context(struct mm_struct *mm)
{
	check_mm(mm);
	if (mm->pgd)
		free_page((unsigned long)mm->pgd);
}

/* Capabilities follow the effective uid in tkern (as capable_ipc_lock): root has them all. */
static bool capable_sys_admin(void)
{
	return current->cred.euid == 0;
}

static const struct mm_ops user_mm_ops = {
	.unmap_region = user_unmap_region,
	.free_pgtables = user_free_pgtables,
	.zap_page_range = zap_page_range,
	.pageout_range = user_pageout_range,
	.change_protection = user_change_protection,
	.copy_page_range = user_copy_page_range,
	.move_page_range = user_move_page_range,
	.file_mmap_check = filemap_check,
	.call_mmap = call_mmap,
	.shmem_zero_setup = shmem_zero_setup,
	.link_file = filemap_link_vma,
	.unlink_file = filemap_unlink_vma,
	.anon_vma_link = anon_vma_link,
	.anon_vma_unlink = anon_vma_unlink,
	.file_info = file_maps_info,
	.destroy_context = user_destroy_context,
	.rlimit = rlimit,
	.capable_ipc_lock = capable_ipc_lock,
	.capable_sys_admin = capable_sys_admin,
};

struct mm_struct *mm_create(void)
{
	struct mm_struct *mm = mm_alloc(&user_mm_ops);
	unsigned long root;

	if (!mm)
		return NULL;
	root = get_zeroed_page(GFP_KERNEL);
	mm->pgd = (pte_t *)root;
	if (!root) {
		mmput(mm);
		return NULL;
	}
	pagetable_root_ctor(virt_to_page(mm->pgd), mm);
	return mm;
}

/* The attributes a page gets when faulted in: writable at once on a write. */
static pgprot_t fault_prot(struct vm_area_struct *vma, bool write)
{
	pgprot_t prot = vma->vm_page_prot;

	if (write && (vma->vm_flags & VM_WRITE))
		prot &= ~PTE_RDONLY;
	return prot;
}

static bool access_allowed(struct vm_area_struct *vma, bool write, bool exec)
{
	if (write)
		return vma->vm_flags & VM_WRITE;
	if (exec)
		return vma->vm_flags & VM_EXEC;
	return vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC);
}

/*
 * A first touch: map the new page at the fault's entry unless another
 * CPU's fault on the same page got there first. 0 when mapped; -EAGAIN
 * when the other one won, or when reclaim has just put a swap entry there
 * (the caller gives its page back, and the access, run again, finds the
 * other page or reads the swapped one back). An anonymous page gets its
 * reverse map and goes on the LRU (the fault made the VMA's anon_vma
 * beforehand).
 */
static int set_new_pte(struct vm_fault *vmf, struct page *page, pgprot_t prot)
{
	struct mm_struct *mm = vmf->vma->vm_mm;
	int err = 0;

	spin_lock(&mm->page_table_lock);
	/* Not only a page: a swap entry reclaim has just written. */
	if (READ_ONCE(*vmf->pte))
		err = -EAGAIN;
	else
		set_pte(vmf->pte, mk_pte(page_to_phys(page), prot));
	spin_unlock(&mm->page_table_lock);
	if (!err && PageFlag(page, PG_anon))
		page_add_new_anon_rmap(page, vmf->vma, vmf->address);
	return err;
}

/* Whether the entry at va still maps pa read-only, as the write fault saw it. pte lock held. */
static pte_t *same_wp_pte(struct mm_struct *mm, unsigned long va, phys_addr_t pa)
{
	int err;
	pte_t *pte = pte_alloc(mm->pgd, va, &mm->page_table_lock, &err);
	pte_t entry = pte ? READ_ONCE(*pte) : 0;

	if (!(entry & PTE_VALID) || !(entry & PTE_RDONLY) || (entry & PTE_ADDR_MASK) != pa)
		return NULL;
	return pte;
}

/*
 * A write fault that keeps the page: make the entry at va (mapping pa)
 * writable, unless another CPU's fault changed it meanwhile. Only a
 * permission bit changes, so no break-before-make; the flush spares the
 * other CPUs a second fault on their read-only entries.
 */
static int wp_page_reuse(struct mm_struct *mm, unsigned long va, phys_addr_t pa, pgprot_t prot)
{
	pte_t *pte;

	spin_lock(&mm->page_table_lock);
	pte = same_wp_pte(mm, va, pa);
	if (pte)
		set_pte(pte, mk_pte(pa, prot));
	spin_unlock(&mm->page_table_lock);
	if (pte)
		flush_tlb_range(mm_asid(mm), va, va + PAGE_SIZE);
	return 0;
}

/*
 * Copy-on-write's switch: the entry at va moves from the shared page at
 * old_pa to this mm's copy at new_pa, unless another CPU's fault changed
 * it meanwhile (-EAGAIN: the caller frees its copy). A different page
 * needs break-before-make: the entry is cleared and every CPU's TLB
 * flushed before the new one is written, so no CPU ever holds both.
 * (__unused: lab 6's skeleton has no caller until the student writes one.)
 */
static int __unused wp_page_replace(struct mm_struct *mm, unsigned long va,
				    phys_addr_t old_pa, phys_addr_t new_pa, pgprot_t prot)
{
	pte_t *pte;

	SetPageFlag(pfn_to_page(new_pa >> PAGE_SHIFT), PG_anon);
	spin_lock(&mm->page_table_lock);
	pte = same_wp_pte(mm, va, old_pa);
	if (pte) {
		WRITE_ONCE(*pte, 0);
		flush_tlb_range(mm_asid(mm), va, va + PAGE_SIZE);
		set_pte(pte, mk_pte(new_pa, prot));
	}
	spin_unlock(&mm->page_table_lock);
	if (!pte)
		return -EAGAIN;
	/* The copy is anonymous, whatever the page it replaces was (a file's, say). */
	add_mm_counter(mm, mm_counter(pfn_to_page(old_pa >> PAGE_SHIFT)), -1);
	add_mm_counter(mm, MM_ANONPAGES, 1);
	page_add_new_anon_rmap(pfn_to_page(new_pa >> PAGE_SHIFT), find_vma(mm, va), va);
	return 0;
}

/* LAB 6 BEGIN: page_count() and copy_on_write(): give this mm its own copy of a shared page */
static int page_count(struct page *page)
{
	return __atomic_load_n(&page->_refcount, __ATOMIC_RELAXED);
}

/* A write to a page others still share: this mm gets its own copy. */
static int copy_on_write(struct mm_struct *mm, struct vm_area_struct *vma,
			 unsigned long page_va, phys_addr_t old_pa)
{
	struct page *old = pfn_to_page(old_pa >> PAGE_SHIFT);
	struct page *copy = alloc_page(GFP_KERNEL);
	int err;

	if (!copy)
		return -ENOMEM;
	memcpy(page_address(copy), page_address(old), PAGE_SIZE);
	err = wp_page_replace(mm, page_va, old_pa, page_to_phys(copy), fault_prot(vma, true));
	if (err) {
		__free_page(copy);
		return err == -EAGAIN ? 0 : err;
	}
	/* This mm's reference to the shared page went with its mapping (after the flush). */
	put_page(old);
	return 0;
}
/* LAB 6 END */

/*
 * A write to a present page that is mapped read-only in a writable
 * private VMA: the page is still shared since fork (copy it), or this mm
 * is its last user (make it writable where it is).
 */
static int do_wp_page(struct mm_struct *mm, struct vm_area_struct *vma,
		      unsigned long page_va, phys_addr_t pa)
{
	/* LAB 6 BEGIN: copy the page if others still share it, else just make it writable */
	/* LAB 6 STUB: return wp_page_reuse(mm, page_va, pa, fault_prot(vma, true)); */
	if (page_count(pfn_to_page(pa >> PAGE_SHIFT)) > 1)
		return copy_on_write(mm, vma, page_va, pa);
	return wp_page_reuse(mm, page_va, pa, fault_prot(vma, true));
	/* LAB 6 END */
}

static inline bool fault_is_write(const struct vm_fault *vmf)
{
	return vmf->flags & FAULT_FLAG_WRITE;
}

/* The first touch of a page of anonymous memory: a zeroed page, mapped. */
static int do_anonymous_page(struct vm_fault *vmf)
{
	/* LAB 4 BEGIN: allocate a zeroed page and map it with the VMA's attributes; count it in rss */
	/* LAB 4 STUB: (void)vmf; */
	/* LAB 4 STUB: return -ENOSYS; */
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	int err;

	if (!page)
		return -ENOMEM;
	SetPageFlag(page, PG_anon);
	err = set_new_pte(vmf, page, fault_prot(vmf->vma, fault_is_write(vmf)));
	if (err) {
		__free_page(page);
		return err == -EAGAIN ? 0 : err;
	}
	add_mm_counter(vmf->vma->vm_mm, MM_ANONPAGES, 1);
	return 0;
	/* LAB 4 END */
}

/*
 * Map vmf->page, found for the first touch of a page of an object's
 * mapping (a file's, a driver's) with a reference for the mapping: for a
 * write to a private mapping, this mm's copy of it instead (Linux's
 * finish_fault).
 */
static int finish_fault(struct vm_fault *vmf)
{
	/* LAB 4 BEGIN: for a private write, copy the page first; map it; count it in rss */
	/* LAB 4 STUB: (void)set_new_pte; */
	/* LAB 4 STUB: put_page(vmf->page); */
	/* LAB 4 STUB: return -ENOSYS; */
	struct vm_area_struct *vma = vmf->vma;
	bool write = fault_is_write(vmf);
	struct page *page = vmf->page, *copy;
	int err;

	if (write && !(vma->vm_flags & VM_SHARED)) {
		copy = alloc_page(GFP_KERNEL);
		if (!copy) {
			put_page(page);
			return -ENOMEM;
		}
		memcpy(page_address(copy), page_address(page), PAGE_SIZE);
		put_page(page);
		SetPageFlag(copy, PG_anon);
		page = copy;
	}
	err = set_new_pte(vmf, page, fault_prot(vma, write));
	if (err) {
		put_page(page);
		return err == -EAGAIN ? 0 : err;
	}
	add_mm_counter(vma->vm_mm, mm_counter(page), 1);
	return 0;
	/* LAB 4 END */
}

/* The first touch of a page of a file mapping: the file's own page. */
static int do_file_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	unsigned long page_va = vmf->address;
	int err = 0;

	vmf->page = filemap_get_page(vma, page_va, &err);
	if (!vmf->page)
		return err;
	err = finish_fault(vmf);
	if (err)
		return err;
	/* A truncation since filemap_get_page looked may have missed this entry. */
	if (filemap_page_beyond_eof(vma, page_va)) {
		zap_page_range(vma->vm_mm, page_va, page_va + PAGE_SIZE);
		return VM_FAULT_SIGBUS;
	}
	return 0;
}

/* Linux's default fault_around_bytes: a read fault maps up to 64 KiB of the file. */
#define FAULT_AROUND_BYTES 65536UL
#define FAULT_AROUND_PAGES (FAULT_AROUND_BYTES / PAGE_SIZE)

/*
 * After a read fault on page_va of a file mapping, map the neighbouring
 * pages the file already has too (Linux's do_fault_around and
 * filemap_map_pages): a program's text and read-only data are read page
 * after page, and one fault then does for up to sixteen. The window is
 * the 64 KiB-aligned block holding page_va, cut to the VMA; being
 * aligned, it never crosses a last-level table. Only pages already there
 * are mapped (no hole is filled, nothing past the end of the file), with
 * the VMA's own attributes, so a private writable mapping gets them
 * read-only and a later write still copies. Entries that hold anything
 * are left alone: a page, or a swap entry (this mapping's own copy of a
 * page, sent to swap), which the file's page must not replace. The pages
 * beyond the end of the file after a truncation that ran meanwhile are
 * unmapped again, as do_file_page does for its one.
 */
static void do_fault_around(struct mm_struct *mm, struct vm_area_struct *vma,
			    unsigned long page_va)
{
	unsigned long block = ALIGN_DOWN(page_va, FAULT_AROUND_BYTES);
	unsigned long start = MAX(block, vma->vm_start);
	unsigned long end = MIN(block + FAULT_AROUND_BYTES, vma->vm_end);
	unsigned int nr = (end - start) >> PAGE_SHIFT, mapped = 0, i;
	struct page *pages[FAULT_AROUND_PAGES];
	pgprot_t prot = fault_prot(vma, false);
	unsigned long eof;
	pte_t *pte;
	int err;

	if (!filemap_get_present_pages(vma, start, nr, pages))
		return;
	pte = pte_alloc(mm->pgd, start, &mm->page_table_lock, &err);
	spin_lock(&mm->page_table_lock);
	for (i = 0; pte && i < nr; i++) {
		if (pages[i] && !READ_ONCE(pte[i])) {
			set_pte(&pte[i], mk_pte(page_to_phys(pages[i]), prot));
			pages[i] = NULL;	/* its reference is the mapping's now */
			mapped++;
		}
	}
	spin_unlock(&mm->page_table_lock);
	add_mm_counter(mm, MM_FILEPAGES, mapped);	/* a file's own pages: never PG_anon */
	for (i = 0; i < nr; i++)
		if (pages[i])
			put_page(pages[i]);
	eof = filemap_end_address(vma);
	if (mapped && eof < end)
		zap_page_range(mm, MAX(eof, start), end);
}

/* A fault that read its page from a disk (maj_flt in /proc/<pid>/stat). */
static void count_major_fault(struct mm_struct *mm)
{
	__atomic_add_fetch(&mm->maj_flt, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&nr_major_faults, 1, __ATOMIC_RELAXED);
}

/*
 * The first touch of a page of a driver's mapping: its vm_ops->fault
 * method says which page (Linux's do_fault). Nothing was mapped at mmap
 * time; each page comes when it is first used.
 */
static int do_fault(struct vm_fault *vmf)
{
	int err = vmf->vma->vm_ops->fault(vmf);

	if (vmf->major)
		count_major_fault(vmf->vma->vm_mm);
	if (err)
		return err;
	return finish_fault(vmf);
}

/*
 * A touch of a page that went to swap (Linux's do_swap_page): the page
 * from the swap cache, or read with its neighbours, mapped where the
 * entry was unless another CPU's fault got there first. Writable at once
 * only for a write by the slot's one user; a page others still share
 * (after fork) is mapped read-only, and a write copies it as any shared
 * page. The entry's reference to the slot goes; the last one frees it.
 */
static int do_swap_page(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long page_va,
			pte_t *pte, swp_entry_t entry, bool write)
{
	bool major, mapped = false;
	int err = 0;
	struct page *page = swapin_readahead(entry, &major, &err);
	pgprot_t prot = vma->vm_page_prot;

	if (!page)
		return err == -EAGAIN ? 0 : err == -EIO ? VM_FAULT_SIGBUS : err;
	if (major)
		count_major_fault(mm);
	if (write && swap_page_exclusive(entry, page))
		prot = fault_prot(vma, true);
	spin_lock(&mm->page_table_lock);
	if (READ_ONCE(*pte) == entry) {
		set_pte(pte, mk_pte(page_to_phys(page), prot));
		mapped = true;
	}
	spin_unlock(&mm->page_table_lock);
	if (!mapped) {
		put_page(page);
		return 0;
	}
	add_mm_counter(mm, mm_counter(page), 1);
	add_mm_counter(mm, MM_SWAPENTS, -1);
	page_add_anon_rmap(page, vma, page_va);
	swap_free(entry);
	return 0;
}

struct unuse_walk {
	struct vm_area_struct *vma;
	unsigned int type;
};

/* swapoff: the page of one swap entry of the area, back in place (read-only, as a read fault maps it). */
static int unuse_pte(pte_t *entry, unsigned long va, int level __unused, void *arg)
{
	struct unuse_walk *walk = arg;
	swp_entry_t swp = READ_ONCE(*entry);

	if (arch_pte_swp_type(swp) != walk->type)
		return 0;
	return do_swap_page(walk->vma->vm_mm, walk->vma, va, entry, swp, false);
}

int unuse_mm(struct mm_struct *mm, unsigned int type)
{
	struct unuse_walk walk = { .type = type };
	struct vm_area_struct *vma;
	int err = 0;

	mmap_write_lock(mm);
	for (vma = find_vma(mm, 0); vma && !err; vma = vma_next(mm, vma)) {
		walk.vma = vma;
		err = walk_swap_entries(mm->pgd, vma->vm_start, vma->vm_end, unuse_pte, &walk);
	}
	mmap_write_unlock(mm);
	return err == VM_FAULT_SIGBUS ? -EIO : err;
}

/*
 * An access to a page whose access flag reclaim cleared (mm/rmap.c): the
 * page was used, which is all reclaim wanted to know. On a CPU with
 * FEAT_HAF the hardware sets the flag itself and this never runs.
 */
static int do_access_flag_fault(struct mm_struct *mm, unsigned long page_va)
{
	pte_t *pte;

	spin_lock(&mm->page_table_lock);
	pte = pte_lookup(mm->pgd, page_va);
	if (pte && (READ_ONCE(*pte) & PTE_VALID))
		WRITE_ONCE(*pte, READ_ONCE(*pte) | PTE_AF);
	spin_unlock(&mm->page_table_lock);
	flush_tlb_page_local(mm_asid(mm), page_va);
	return 0;
}

/*
 * A fault at addr in vma (which covers it), mmap_lock held for reading.
 * The page tables are walked once, here, making the missing tables on the
 * way (Linux's __handle_mm_fault and handle_pte_fault); what the entry
 * holds says which handler goes on: a page (present: a stale TLB entry,
 * an access flag reclaim cleared, or a write to a page mapped read-only),
 * a swap entry, or nothing yet (the first touch). A handler that maps a page maps it only
 * if the entry is still empty, so a swap entry reclaim writes after this
 * read, or a page another CPU's fault maps, makes it back off.
 */
static int __handle_mm_fault(struct vm_area_struct *vma, unsigned long addr, bool write,
			     bool exec)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_fault vmf = {
		.vma = vma,
		.address = addr & PAGE_MASK,
		.pgoff = vma->vm_pgoff + (((addr & PAGE_MASK) - vma->vm_start) >> PAGE_SHIFT),
		.flags = write ? FAULT_FLAG_WRITE : 0,
	};
	phys_addr_t pa;
	pgprot_t prot;
	int err = 0;

	if (!access_allowed(vma, write, exec))
		return -EACCES;
	__atomic_add_fetch(&mm->min_flt, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&nr_page_faults, 1, __ATOMIC_RELAXED);
	/*
	 * Anonymous pages may come of this fault, a copy-on-write of a file's
	 * page included: their VMA needs its anon_vma first. fork copies a
	 * file VMA's entries only when it has one (user_copy_page_range).
	 */
	if ((write || !vma->vm_file) && !(vma->vm_flags & VM_SHARED) && unlikely(!vma->anon_vma) &&
	    anon_vma_prepare(vma))
		return -ENOMEM;
	vmf.pte = pte_alloc(mm->pgd, vmf.address, &mm->page_table_lock, &err);
	if (!vmf.pte)
		return err;
	vmf.orig_pte = READ_ONCE(*vmf.pte);
	if (vmf.orig_pte & PTE_VALID) {
		pa = vmf.orig_pte & PTE_ADDR_MASK;
		prot = vmf.orig_pte & PTE_ATTR_MASK;
		/*
		 * Present and already allowing the access: the TLB of this CPU
		 * held an older entry (a spurious fault, as Linux calls it), or
		 * another CPU's fault on the same page has just made it so.
		 * Forget the entry here and let the access run again.
		 */
		if ((prot & PTE_USER) && !(write && (prot & PTE_RDONLY))) {
			if (!(prot & PTE_AF))
				return do_access_flag_fault(mm, vmf.address);
			flush_tlb_page_local(mm_asid(mm), vmf.address);
			return 0;
		}
		/* Present: only a write to a page mapped read-only gets here. */
		if (!(write && (prot & PTE_RDONLY)))
			return -EACCES;
		/* A shared page is the same for every mapper: never copied. */
		if (vma->vm_flags & VM_SHARED)
			return wp_page_reuse(mm, vmf.address, pa, fault_prot(vma, true));
		return do_wp_page(mm, vma, vmf.address, pa);
	}
	if (arch_pte_is_swap(vmf.orig_pte))
		return do_swap_page(mm, vma, vmf.address, vmf.pte, vmf.orig_pte, write);
	if (vma->vm_ops && vma->vm_ops->fault)
		return do_fault(&vmf);
	if (!vma->vm_file)
		return do_anonymous_page(&vmf);
	err = do_file_page(&vmf);
	/* Write faults never map around (Linux's do_cow_fault and do_shared_fault). */
	if (!err && !fault_is_write(&vmf))
		do_fault_around(mm, vma, vmf.address);
	return err;
}

/*
 * The VMA for a fault at addr, returned with mmap_lock held for reading;
 * NULL, unlocked, when there is none. A fault just below the stack grows
 * it, which changes the VMA tree: for that the lock is taken again for
 * writing, and downgraded once the stack has grown (Linux's
 * lock_mm_and_find_vma).
 */
static struct vm_area_struct *lock_mm_and_find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;
	bool may_grow;

	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	if (vma && addr >= vma->vm_start)
		return vma;
	may_grow = vma && (vma->vm_flags & VM_GROWSDOWN);
	mmap_read_unlock(mm);
	if (!may_grow)
		return NULL;
	mmap_write_lock(mm);
	vma = find_vma(mm, addr);
	if (!vma || (addr < vma->vm_start && expand_stack(vma, addr))) {
		mmap_write_unlock(mm);
		return NULL;
	}
	mmap_write_downgrade(mm);
	return vma;
}

int handle_mm_fault(struct mm_struct *mm, unsigned long addr, bool write, bool exec)
{
	struct vm_area_struct *vma = lock_mm_and_find_vma(mm, addr);
	int err;

	if (!vma)
		return -EFAULT;
	err = __handle_mm_fault(vma, addr, write, exec);
	mmap_read_unlock(mm);
	return err;
}

/*
 * One page of a populate: faulted in unless it is present with the
 * access it needs already (a present page costs no fault, as with Linux's
 * get_user_pages). Out of memory, the OOM killer makes room, as Linux's
 * allocator would call it, unless the caller is the one dying.
 */
static int populate_page(struct vm_area_struct *vma, unsigned long va, bool write)
{
	phys_addr_t pa;
	pgprot_t prot;
	int err;

	if (translate_va(vma->vm_mm->pgd, va, &pa, &prot) && (prot & PTE_USER) &&
	    !(write && (prot & PTE_RDONLY)))
		return 0;
	while ((err = __handle_mm_fault(vma, va, write, false)) == -ENOMEM &&
	       !fatal_signal_pending(current) && out_of_memory())
		;
	return err;
}

/*
 * Linux's populate_vma_page_range: fault in [start, end) of vma. 0,
 * -ENOMEM, or -EFAULT where no access is allowed (PROT_NONE) or a page
 * would raise SIGBUS.
 */
static int populate_vma_page_range(struct vm_area_struct *vma, unsigned long start,
				   unsigned long end)
{
	/* Private writable pages are written, so copy-on-write is broken now. */
	bool write = (vma->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE;
	unsigned long va;
	int err;

	/* Locked on fault: the pages come when touched. */
	if (vma->vm_flags & VM_LOCKONFAULT)
		return 0;
	if (!(vma->vm_flags & VM_ACCESS_FLAGS))
		return -EFAULT;
	for (va = start; va < end; va += PAGE_SIZE) {
		err = populate_page(vma, va, write);
		if (err)
			return err == -ENOMEM ? -ENOMEM : -EFAULT;
	}
	return 0;
}

int __mm_populate(struct mm_struct *mm, unsigned long start, unsigned long len,
		  bool ignore_errors)
{
	unsigned long end = start + len, addr = start, from;
	struct vm_area_struct *vma;
	int err = 0;

	mmap_read_lock(mm);
	while (addr < end && (vma = find_vma_intersection(mm, addr, end))) {
		from = MAX(addr, vma->vm_start);
		addr = MIN(end, vma->vm_end);
		if (vma->vm_flags & (VM_IO | VM_PFNMAP))
			continue;
		err = populate_vma_page_range(vma, from, addr);
		if (err && !ignore_errors)
			break;
		err = 0;
	}
	mmap_read_unlock(mm);
	return err;
}

void mm_populate(struct mm_struct *mm, unsigned long addr, unsigned long len)
{
	__mm_populate(mm, addr & PAGE_MASK, PAGE_ALIGN(addr + len) - (addr & PAGE_MASK), true);
}

unsigned long vm_mmap(struct mm_struct *mm, struct file *file, unsigned long addr,
		      unsigned long len, unsigned long prot, unsigned long flags,
		      unsigned long pgoff)
{
	unsigned long mapped;
	bool locked;

	mmap_write_lock(mm);
	/* A locked mapping is populated whole, as MAP_POPULATE's. */
	locked = (flags & MAP_LOCKED) || (mm->def_flags & VM_LOCKED);
	mapped = do_mmap(mm, file, addr, len, prot, flags, pgoff);
	mmap_write_unlock(mm);
	if (!IS_ERR_VALUE(mapped) &&
	    (locked || ((flags & MAP_POPULATE) && !(flags & MAP_NONBLOCK))))
		mm_populate(mm, mapped, len);
	return mapped;
}

unsigned long mm_brk_populate(struct mm_struct *mm, unsigned long brk)
{
	unsigned long oldbrk, newbrk = PAGE_ALIGN(brk), ret;
	bool populate;

	mmap_write_lock(mm);
	oldbrk = PAGE_ALIGN(mm->brk);
	ret = mm_brk(mm, brk);
	/* The course's walk-through: under mlockall(MCL_FUTURE) new heap is filled in at once. */
	populate = ret == brk && newbrk > oldbrk && (mm->def_flags & VM_LOCKED);
	mmap_write_unlock(mm);
	if (populate)
		mm_populate(mm, oldbrk, newbrk - oldbrk);
	return ret;
}

unsigned long vm_mremap(struct mm_struct *mm, unsigned long addr, unsigned long old_len,
			unsigned long new_len, unsigned long flags, unsigned long new_addr)
{
	unsigned long ret, grown = PAGE_ALIGN(old_len);
	struct vm_area_struct *vma;
	bool populate;

	mmap_write_lock(mm);
	ret = do_mremap(mm, addr, old_len, new_len, flags, new_addr);
	vma = IS_ERR_VALUE(ret) ? NULL : find_vma(mm, ret);
	populate = vma && (vma->vm_flags & VM_LOCKED) && PAGE_ALIGN(new_len) > grown;
	mmap_write_unlock(mm);
	if (populate)
		mm_populate(mm, ret + grown, PAGE_ALIGN(new_len) - grown);
	return ret;
}

/* Linux's __mlock_posix_error_return: what populating's errors mean to mlock's caller. */
static int mlock_posix_error(int err)
{
	if (err == -EFAULT)
		return -ENOMEM;
	if (err == -ENOMEM)
		return -EAGAIN;
	return err;
}

int vm_mlock(struct mm_struct *mm, unsigned long start, unsigned long len, int flags)
{
	int err;

	mmap_write_lock(mm);
	err = do_mlock(mm, start, len, flags);
	mmap_write_unlock(mm);
	if (err)
		return err;
	len = PAGE_ALIGN(len + offset_in_page(start));
	return mlock_posix_error(__mm_populate(mm, start & PAGE_MASK, len, false));
}

int vm_mlockall(struct mm_struct *mm, int flags)
{
	int err;

	mmap_write_lock(mm);
	err = do_mlockall(mm, flags);
	mmap_write_unlock(mm);
	if (!err && (flags & MCL_CURRENT))
		mm_populate(mm, 0, TASK_SIZE);
	return err;
}

size_t access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf, size_t len)
{
	size_t done = 0;

	spin_lock(&mm->page_table_lock);
	while (done < len) {
		size_t offset = (addr + done) % PAGE_SIZE;
		size_t n = MIN(len - done, PAGE_SIZE - offset);
		phys_addr_t pa;

		if (!translate_va(mm->pgd, addr + done, &pa, NULL))
			break;
		memcpy((char *)buf + done,
		       (char *)page_address(pfn_to_page(pa >> PAGE_SHIFT)) + offset, n);
		done += n;
	}
	spin_unlock(&mm->page_table_lock);
	return done;
}
