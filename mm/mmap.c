/*
 * The bookkeeping of a process's address space: which ranges are mapped,
 * with which rights (mm/vma.h). Relies on kernel/lib/rbtree.c for the tree,
 * the slab allocator for descriptors, and struct mm_ops for everything
 * that touches pages; docs/mmap.md walks through it.
 *
 * Each mm keeps its VMAs twice: in a red-black tree by address, for
 * lookups, and in a list in the same order, for walks and neighbours. The
 * tree is augmented: every node keeps rb_subtree_gap, the largest free gap
 * just below any VMA of its subtree, so that get_unmapped_area can skip
 * subtrees too crowded to hold the request.
 *
 * Two neighbouring VMAs with the same flags, the same file and contiguous
 * file offsets are always one VMA: every change here merges what it can.
 */
#include <kernel/errno.h>
#include <mm/slab.h>
#include <mm/vma.h>
#include <mm/mmap_lock.h>
#include <mm/overcommit.h>

int sysctl_max_map_count = DEFAULT_MAX_MAP_COUNT;
struct kmem_cache *vm_area_cachep;
struct kmem_cache *mm_cachep;

void mmap_init(void)
{
	vm_area_cachep = kmem_cache_create("vm_area_struct", sizeof(struct vm_area_struct),
					   0, SLAB_PANIC, NULL);
	mm_cachep = kmem_cache_create("mm_struct", sizeof(struct mm_struct), 0,
				      SLAB_PANIC, NULL);
	overcommit_init();
}

/*
 * Linux's protection_map for arm64. User pages are never executable at
 * EL1 (PXN). A private writable area starts read-only so that the first
 * write faults: the fault path then gives the page its own copy and makes
 * it writable. PROT_NONE keeps the page away from EL0 (no PTE_USER).
 */
pgprot_t vm_get_page_prot(unsigned long vm_flags)
{
	pgprot_t prot = PROT_NORMAL | PTE_NG | PTE_PXN;

	if (!(vm_flags & VM_ACCESS_FLAGS))
		return prot | PTE_RDONLY | PTE_UXN;
	prot |= PTE_USER;
	if (!(vm_flags & VM_EXEC))
		prot |= PTE_UXN;
	if (!((vm_flags & VM_WRITE) && (vm_flags & VM_SHARED)))
		prot |= PTE_RDONLY;
	return prot;
}

/* ---- walking ---- */

static struct vm_area_struct *to_vma(const struct rb_node *node)
{
	return node ? rb_entry(node, struct vm_area_struct, vm_rb) : NULL;
}

static struct vm_area_struct *list_to_vma(struct mm_struct *mm, struct list_head *entry)
{
	return entry == &mm->mmap ? NULL : list_entry(entry, struct vm_area_struct, vm_list);
}

struct vm_area_struct *vma_first(struct mm_struct *mm)
{
	return list_to_vma(mm, mm->mmap.next);
}

static struct vm_area_struct *vma_last(struct mm_struct *mm)
{
	return list_to_vma(mm, mm->mmap.prev);
}

struct vm_area_struct *vma_next(struct mm_struct *mm, struct vm_area_struct *vma)
{
	return list_to_vma(mm, vma->vm_list.next);
}

struct vm_area_struct *vma_prev(struct mm_struct *mm, struct vm_area_struct *vma)
{
	return list_to_vma(mm, vma->vm_list.prev);
}

/*
 * Readers hold mmap_lock for reading and may store the cache side by side:
 * each stores a VMA that is in the tree, which is all a later hit needs.
 */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *found = READ_ONCE(mm->mmap_cache);
	struct rb_node *node = mm->mm_rb.rb_node;

	if (found && found->vm_start <= addr && found->vm_end > addr)
		return found;
	found = NULL;
	while (node) {
		struct vm_area_struct *vma = to_vma(node);

		if (vma->vm_end > addr) {
			found = vma;
			if (vma->vm_start <= addr) {
				WRITE_ONCE(mm->mmap_cache, vma);
				break;
			}
			node = node->rb_left;
		} else {
			node = node->rb_right;
		}
	}
	return found;
}

struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	*pprev = vma ? vma_prev(mm, vma) : vma_last(mm);
	return vma;
}

struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	return vma && vma->vm_start < end ? vma : NULL;
}

/* ---- the gap augmentation ---- */

/* A stack keeps a guard gap free below it, so nothing may be placed there. */
static unsigned long vm_start_gap(const struct vm_area_struct *vma)
{
	if (!(vma->vm_flags & VM_GROWSDOWN))
		return vma->vm_start;
	return vma->vm_start > STACK_GUARD_GAP ? vma->vm_start - STACK_GUARD_GAP : 0;
}

/* Where the free gap just below vma begins. */
static unsigned long gap_start(struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma_prev(vma->vm_mm, vma);

	return prev ? prev->vm_end : 0;
}

static unsigned long vma_gap(struct vm_area_struct *vma)
{
	unsigned long start = gap_start(vma), end = vm_start_gap(vma);

	return end > start ? end - start : 0;
}

static unsigned long subtree_gap(const struct rb_node *node)
{
	return node ? to_vma(node)->rb_subtree_gap : 0;
}

static void vma_gap_augment(struct rb_node *node)
{
	struct vm_area_struct *vma = to_vma(node);

	vma->rb_subtree_gap = MAX(vma_gap(vma), MAX(subtree_gap(node->rb_left),
						     subtree_gap(node->rb_right)));
}

/* vma's own gap changed: its start moved, or the VMA before it changed. */
static void vma_gap_update(struct vm_area_struct *vma)
{
	if (vma)
		rb_augment_propagate(&vma->vm_rb, vma_gap_augment);
}

/* ---- linking and unlinking ---- */

static void vma_link(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct rb_node **link = &mm->mm_rb.rb_node, *parent = NULL;
	struct vm_area_struct *prev = NULL;

	while (*link) {
		parent = *link;
		if (vma->vm_start < to_vma(parent)->vm_start) {
			link = &parent->rb_left;
		} else {
			prev = to_vma(parent);
			link = &parent->rb_right;
		}
	}
	/* In the list first: the augment callback looks up the previous VMA there. */
	list_add(&vma->vm_list, prev ? &prev->vm_list : &mm->mmap);
	rb_link_node(&vma->vm_rb, parent, link);
	rb_insert_augmented(&vma->vm_rb, &mm->mm_rb, vma_gap_augment);
	vma_gap_update(vma_next(mm, vma));
	mm->map_count++;
}

static void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *next = vma_next(mm, vma);

	if (mm->mmap_cache == vma)
		mm->mmap_cache = NULL;
	list_del(&vma->vm_list);
	rb_erase_augmented(&vma->vm_rb, &mm->mm_rb, vma_gap_augment);
	vma_gap_update(next);
	mm->map_count--;
}

/* Move vma's bounds without changing its place in the order. */
static void vma_set_range(struct mm_struct *mm, struct vm_area_struct *vma,
			  unsigned long start, unsigned long end, unsigned long pgoff)
{
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_pgoff = pgoff;
	vma_gap_update(vma);
	vma_gap_update(vma_next(mm, vma));
}

static unsigned long pgoff_at(const struct vm_area_struct *vma, unsigned long addr)
{
	return vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
}

struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma = kmem_cache_zalloc(vm_area_cachep, GFP_KERNEL);

	if (vma)
		vma->vm_mm = mm;
	return vma;
}

void vm_area_free(struct vm_area_struct *vma)
{
	kmem_cache_free(vm_area_cachep, vma);
}

/* A copy of vma for mm, in no tree yet, holding its own file reference. */
static struct vm_area_struct *vm_area_dup(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *new = vm_area_alloc(mm);

	if (!new)
		return NULL;
	*new = *vma;
	new->vm_mm = mm;
	INIT_LIST_HEAD(&new->vm_list);
	if (new->anon_vma && mm->ops->anon_vma_link)
		mm->ops->anon_vma_link(new);
	if (new->vm_file && mm->ops->link_file)
		mm->ops->link_file(new);
	if (new->vm_ops && new->vm_ops->open)
		new->vm_ops->open(new);
	return new;
}

/* Free a VMA that is out of the tree; its pages are someone else's now or gone. */
static void remove_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (vma->vm_ops && vma->vm_ops->close)
		vma->vm_ops->close(vma);
	if (vma->vm_file && mm->ops->unlink_file)
		mm->ops->unlink_file(vma);
	if (vma->anon_vma && mm->ops->anon_vma_unlink)
		mm->ops->anon_vma_unlink(vma);
	vm_area_free(vma);
}

int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (find_vma_intersection(mm, vma->vm_start, vma->vm_end))
		return -ENOMEM;
	if ((vma->vm_flags & VM_ACCOUNT) && vm_enough_memory_mm(mm, vma_pages(vma)))
		return -ENOMEM;
	vma->vm_mm = mm;
	vma_link(mm, vma);
	mm->total_vm += vma_pages(vma);
	return 0;
}

/* ---- splitting ---- */

int __split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
		int new_below)
{
	struct vm_area_struct *new = vm_area_dup(mm, vma);

	if (!new)
		return -ENOMEM;
	if (new_below) {
		new->vm_end = addr;
		vma_set_range(mm, vma, addr, vma->vm_end, pgoff_at(vma, addr));
	} else {
		new->vm_start = addr;
		new->vm_pgoff = pgoff_at(vma, addr);
		vma_set_range(mm, vma, vma->vm_start, addr, vma->vm_pgoff);
	}
	vma_link(mm, new);
	return 0;
}

int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
	      int new_below)
{
	if (mm->map_count >= sysctl_max_map_count)
		return -ENOMEM;
	return __split_vma(mm, vma, addr, new_below);
}

/* ---- merging ---- */

/* Anonymous pages of both can live in one VMA: at most one of them has any yet. */
static bool anon_vma_compatible(const struct anon_vma *a, const struct anon_vma *b)
{
	return !a || !b || a == b;
}

/*
 * Could vma take in an area with these attributes? Shared anonymous
 * memory has no object naming it yet, so two such areas cannot be told
 * apart from one: they are never merged.
 */
static bool is_mergeable_vma(const struct vm_area_struct *vma, unsigned long vm_flags,
			     const struct anon_vma *anon_vma, const struct file *file)
{
	if (vma->vm_flags != vm_flags || vma->vm_file != file || (vm_flags & VM_SPECIAL))
		return false;
	/* One that counts its VMAs (System V attaches) must see every one made. */
	if (vma->vm_ops && vma->vm_ops->close)
		return false;
	if ((vm_flags & VM_SHARED) && !file)
		return false;
	return anon_vma_compatible(vma->anon_vma, anon_vma);
}

/* Can prev grow up over an area whose first page has file offset pgoff? */
static bool can_vma_merge_after(const struct vm_area_struct *prev, unsigned long vm_flags,
				const struct anon_vma *anon_vma, const struct file *file,
				unsigned long pgoff)
{
	return is_mergeable_vma(prev, vm_flags, anon_vma, file) &&
	       prev->vm_pgoff + vma_pages(prev) == pgoff;
}

/* Can next grow down over an area whose end has file offset end_pgoff? */
static bool can_vma_merge_before(const struct vm_area_struct *next, unsigned long vm_flags,
				 const struct anon_vma *anon_vma, const struct file *file,
				 unsigned long end_pgoff)
{
	return is_mergeable_vma(next, vm_flags, anon_vma, file) && next->vm_pgoff == end_pgoff;
}

/* into takes over pages of from: it must share from's anonymous pages. */
static void adopt_anon_vma(struct vm_area_struct *into, const struct vm_area_struct *from)
{
	vma_set_anon_vma(into, from->anon_vma);
}

/* vma, which had no anonymous pages, takes in pages of the family anon_vma (NULL: none). */
void vma_set_anon_vma(struct vm_area_struct *vma, struct anon_vma *anon_vma)
{
	if (vma->anon_vma || !anon_vma)
		return;
	vma->anon_vma = anon_vma;
	if (vma->vm_mm->ops->anon_vma_link)
		vma->vm_mm->ops->anon_vma_link(vma);
}

struct vm_area_struct *vma_merge(struct mm_struct *mm, struct vm_area_struct *prev,
				 unsigned long addr, unsigned long end,
				 unsigned long vm_flags, struct anon_vma *anon_vma,
				 struct file *file, unsigned long pgoff)
{
	struct vm_area_struct *next = prev ? vma_next(mm, prev) : vma_first(mm);
	unsigned long end_pgoff = pgoff + ((end - addr) >> PAGE_SHIFT);
	bool merge_prev = prev && prev->vm_end == addr &&
			  can_vma_merge_after(prev, vm_flags, anon_vma, file, pgoff);
	bool merge_next = next && next->vm_start == end &&
			  can_vma_merge_before(next, vm_flags, anon_vma, file, end_pgoff);

	if (merge_prev && merge_next && !anon_vma_compatible(prev->anon_vma, next->anon_vma))
		merge_next = false;
	if (merge_prev && merge_next) {
		end = next->vm_end;
		adopt_anon_vma(prev, next);
		vma_unlink(mm, next);
		remove_vma(mm, next);
	}
	if (merge_prev) {
		vma_set_range(mm, prev, prev->vm_start, end, prev->vm_pgoff);
		return prev;
	}
	if (merge_next) {
		vma_set_range(mm, next, addr, next->vm_end, pgoff);
		return next;
	}
	return NULL;
}

struct vm_area_struct *vma_modify_flags(struct mm_struct *mm,
					       struct vm_area_struct *prev,
					       struct vm_area_struct *vma, unsigned long start,
					       unsigned long end, unsigned long newflags)
{
	struct vm_area_struct *next = vma_next(mm, vma);
	unsigned long pgoff = pgoff_at(vma, start), end_pgoff = pgoff_at(vma, end);
	bool whole_start = start == vma->vm_start, whole_end = end == vma->vm_end;
	bool merge_prev = whole_start && prev && prev->vm_end == start &&
			  can_vma_merge_after(prev, newflags, vma->anon_vma, vma->vm_file, pgoff);
	bool merge_next = whole_end && next && next->vm_start == end &&
			  can_vma_merge_before(next, newflags, vma->anon_vma, vma->vm_file,
					       end_pgoff);

	if (merge_prev && merge_next && !anon_vma_compatible(prev->anon_vma, next->anon_vma))
		merge_next = false;
	if (merge_prev) {
		adopt_anon_vma(prev, vma);
		if (whole_end) {
			vma_unlink(mm, vma);
			remove_vma(mm, vma);
		} else {
			vma_set_range(mm, vma, end, vma->vm_end, end_pgoff);
		}
		if (merge_next) {
			end = next->vm_end;
			adopt_anon_vma(prev, next);
			vma_unlink(mm, next);
			remove_vma(mm, next);
		}
		vma_set_range(mm, prev, prev->vm_start, end, prev->vm_pgoff);
		return prev;
	}
	if (merge_next) {
		adopt_anon_vma(next, vma);
		if (whole_start) {
			vma_unlink(mm, vma);
			remove_vma(mm, vma);
		} else {
			vma_set_range(mm, vma, vma->vm_start, start, vma->vm_pgoff);
		}
		vma_set_range(mm, next, start, next->vm_end, pgoff);
		return next;
	}
	if ((!whole_start && split_vma(mm, vma, start, 1)) ||
	    (!whole_end && split_vma(mm, vma, end, 0)))
		return NULL;
	vma->vm_flags = newflags;
	vma->vm_page_prot = vm_get_page_prot(newflags);
	return vma;
}

/* ---- finding room ---- */

/*
 * The highest address a with low <= a and a + len <= high where
 * [a, a + len) lies in the gap below some VMA of node's subtree. A
 * subtree is entered only if its largest gap could hold len and its
 * addresses can reach into [low, high).
 */
static bool topdown_fit(struct rb_node *node, unsigned long len, unsigned long low,
			unsigned long high, unsigned long *addr)
{
	/* LAB 4 BEGIN: right subtree first, then the gap below this VMA, then the left subtree */
	/* LAB 4 STUB: (void)node; (void)len; (void)low; (void)high; (void)addr; */
	/* LAB 4 STUB: return false; */
	struct vm_area_struct *vma = to_vma(node);
	unsigned long lo, hi;

	if (subtree_gap(node) < len)
		return false;
	if (vma->vm_end < high && topdown_fit(node->rb_right, len, low, high, addr))
		return true;
	lo = MAX(gap_start(vma), low);
	hi = MIN(vm_start_gap(vma), high);
	if (hi > lo && hi - lo >= len) {
		*addr = hi - len;
		return true;
	}
	return gap_start(vma) > low && topdown_fit(node->rb_left, len, low, high, addr);
	/* LAB 4 END */
}

/* The mirror image: the lowest such address. */
static bool bottomup_fit(struct rb_node *node, unsigned long len, unsigned long low,
			 unsigned long high, unsigned long *addr)
{
	/* LAB 4 BEGIN: left subtree first, then the gap below this VMA, then the right subtree */
	/* LAB 4 STUB: (void)node; (void)len; (void)low; (void)high; (void)addr; */
	/* LAB 4 STUB: return false; */
	struct vm_area_struct *vma = to_vma(node);
	unsigned long lo, hi;

	if (subtree_gap(node) < len)
		return false;
	if (gap_start(vma) > low && bottomup_fit(node->rb_left, len, low, high, addr))
		return true;
	lo = MAX(gap_start(vma), low);
	hi = MIN(vm_start_gap(vma), high);
	if (hi > lo && hi - lo >= len) {
		*addr = lo;
		return true;
	}
	return vma->vm_end < high && bottomup_fit(node->rb_right, len, low, high, addr);
	/* LAB 4 END */
}

/* Where the free space above the last VMA starts. */
static unsigned long highest_vm_end(struct mm_struct *mm)
{
	struct vm_area_struct *last = vma_last(mm);

	return last ? last->vm_end : 0;
}

static unsigned long unmapped_area_topdown(struct mm_struct *mm, unsigned long len,
					   unsigned long low, unsigned long high)
{
	unsigned long addr;

	if (high < len || high - len < low)
		return -ENOMEM;
	if (highest_vm_end(mm) <= high - len)
		return high - len;
	if (topdown_fit(mm->mm_rb.rb_node, len, low, high, &addr))
		return addr;
	return -ENOMEM;
}

static unsigned long unmapped_area(struct mm_struct *mm, unsigned long len,
				   unsigned long low, unsigned long high)
{
	unsigned long addr, top = MAX(highest_vm_end(mm), low);

	if (high < len || high - len < low)
		return -ENOMEM;
	if (bottomup_fit(mm->mm_rb.rb_node, len, low, high, &addr))
		return addr;
	if (top <= high - len)
		return top;
	return -ENOMEM;
}

/* Is [addr, addr + len) free, guard gaps included? */
static bool range_is_free(struct mm_struct *mm, unsigned long addr, unsigned long len)
{
	struct vm_area_struct *prev, *vma = find_vma_prev(mm, addr, &prev);

	return (!vma || addr + len <= vm_start_gap(vma)) && (!prev || addr >= prev->vm_end);
}

/*
 * Linux's flexible layout: MAP_FIXED takes addr as it is; a hint is used
 * if that range is free; else the highest fit below mmap_base, and if the
 * area below mmap_base is full, the lowest fit above TASK_UNMAPPED_BASE.
 */
unsigned long get_unmapped_area(struct mm_struct *mm, struct file *file, unsigned long addr,
				unsigned long len, unsigned long pgoff, unsigned long flags)
{
	unsigned long found;

	(void)file;
	(void)pgoff;
	if (len > TASK_SIZE - MMAP_MIN_ADDR)
		return -ENOMEM;
	if (flags & MAP_FIXED) {
		if (addr > TASK_SIZE - len)
			return -ENOMEM;
		if (offset_in_page(addr))
			return -EINVAL;
		return addr < MMAP_MIN_ADDR ? (unsigned long)-EPERM : addr;
	}
	if (addr) {
		addr = PAGE_ALIGN(addr);
		if (addr >= MMAP_MIN_ADDR && addr <= TASK_SIZE - len && range_is_free(mm, addr, len))
			return addr;
	}
	found = unmapped_area_topdown(mm, len, MMAP_MIN_ADDR, mm->mmap_base);
	if (!IS_ERR_VALUE(found))
		return found;
	return unmapped_area(mm, len, TASK_UNMAPPED_BASE, TASK_SIZE);
}

/* ---- unmapping ---- */

/* Take every VMA in [start, end) (already split at both ends) out of the tree onto gone. */
static void detach_vmas(struct mm_struct *mm, unsigned long start, unsigned long end,
			struct list_head *gone)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	while (vma && vma->vm_start < end) {
		struct vm_area_struct *next = vma_next(mm, vma);

		vma_unlink(mm, vma);
		list_add_tail(&vma->vm_list, gone);
		vma = next;
	}
}

/*
 * exit: every VMA onto gone at once. The tree is simply forgotten, as
 * Linux's exit_mmap forgets its maple tree: erasing the nodes one by one
 * would rebalance it and update its gaps for nobody.
 */
static void detach_all_vmas(struct mm_struct *mm, struct list_head *gone)
{
	list_splice_init(&mm->mmap, gone);
	mm->mm_rb = RB_ROOT;
	mm->mmap_cache = NULL;
	mm->map_count = 0;
}

/* The page-table layer drops the pages of each detached VMA; then the VMA goes. */
static void unmap_and_free(struct mm_struct *mm, struct list_head *gone, bool fullmm)
{
	struct vm_area_struct *vma, *tmp;
	unsigned long accounted = 0;

	list_for_each_entry_safe(vma, tmp, gone, vm_list) {
		list_del(&vma->vm_list);
		if (vma->vm_flags & VM_ACCOUNT)
			accounted += vma_pages(vma);
		mm->total_vm -= vma_pages(vma);
		if (vma->vm_flags & VM_LOCKED)
			mm->locked_vm -= vma_pages(vma);
		if (mm->ops->unmap_region)
			mm->ops->unmap_region(mm, vma, vma->vm_start, vma->vm_end, fullmm);
		remove_vma(mm, vma);
	}
	vm_unacct_memory((long)accounted);
}

int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	struct vm_area_struct *vma, *last;
	unsigned long end;
	LIST_HEAD(gone);
	int err;

	if (offset_in_page(start) || start > TASK_SIZE || len > TASK_SIZE - start)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	end = start + len;
	vma = find_vma(mm, start);
	if (!vma || vma->vm_start >= end)
		return 0;
	/* A hole punched in the middle makes one VMA two: the only case that adds one. */
	if (start > vma->vm_start) {
		if (end < vma->vm_end && mm->map_count >= sysctl_max_map_count)
			return -ENOMEM;
		err = __split_vma(mm, vma, start, 1);
		if (err)
			return err;
	}
	last = find_vma(mm, end);
	if (last && last->vm_start < end) {
		err = __split_vma(mm, last, end, 1);
		if (err)
			return err;
	}
	detach_vmas(mm, start, end, &gone);
	unmap_and_free(mm, &gone, false);
	return 0;
}

/* ---- limits ---- */

/* Linux's is_data_mapping: private, writable, not a stack. */
static bool is_data_mapping(unsigned long flags)
{
	return (flags & (VM_WRITE | VM_SHARED | VM_GROWSDOWN)) == VM_WRITE;
}

/*
 * Linux keeps a running data_vm; the VMAs are walked instead, and only
 * when RLIMIT_DATA is finite, so that no path that changes flags or
 * sizes can let a counter drift.
 */
static unsigned long data_vm(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	unsigned long pages = 0;

	list_for_each_entry(vma, &mm->mmap, vm_list)
		if (is_data_mapping(vma->vm_flags))
			pages += vma_pages(vma);
	return pages;
}

bool may_expand_vm(struct mm_struct *mm, unsigned long flags, unsigned long npages)
{
	unsigned long data = mm_rlimit(mm, RLIMIT_DATA);

	if (mm->total_vm + npages > mm_rlimit(mm, RLIMIT_AS) >> PAGE_SHIFT)
		return false;
	return !is_data_mapping(flags) || data == RLIM_INFINITY ||
	       data_vm(mm) + npages <= data >> PAGE_SHIFT;
}

/* Pages of the VMAs overlapping [start, end): a MAP_FIXED mapping replaces them. */
static unsigned long count_vma_pages_range(struct mm_struct *mm, unsigned long start,
					   unsigned long end)
{
	struct vm_area_struct *vma = find_vma_intersection(mm, start, end);
	unsigned long pages = 0;

	for (; vma && vma->vm_start < end; vma = vma_next(mm, vma))
		pages += (MIN(vma->vm_end, end) - MAX(vma->vm_start, start)) >> PAGE_SHIFT;
	return pages;
}

/* ---- mapping ---- */

/*
 * Private writable memory is committed when mapped, unless the caller said
 * not to. Shared anonymous memory is committed too, but by its object
 * (mm/shmem.c), once for all its mappings.
 */
static bool accountable_mapping(unsigned long vm_flags)
{
	if (vm_flags & VM_NORESERVE)
		return false;
	return (vm_flags & (VM_SHARED | VM_WRITE)) == VM_WRITE;
}

/* mmap_region's VMA when no neighbour could take the range: 0 or -errno. */
static int new_vma(struct mm_struct *mm, struct file *file, unsigned long addr,
		   unsigned long len, unsigned long vm_flags, unsigned long pgoff)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);
	int err = 0;

	if (!vma)
		return -ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags;
	vma->vm_page_prot = vm_get_page_prot(vm_flags);
	vma->vm_pgoff = pgoff;
	vma->vm_file = file;
	/*
	 * The file is held before its mmap method runs, which may refuse or
	 * even put another file in its place (/dev/zero shared: an object);
	 * shared anonymous memory gets an object of its own.
	 */
	if (file && mm->ops->link_file)
		mm->ops->link_file(vma);
	if (file && mm->ops->call_mmap)
		err = mm->ops->call_mmap(file, vma);
	else if (!file && (vm_flags & VM_SHARED) && mm->ops->shmem_zero_setup)
		err = mm->ops->shmem_zero_setup(vma);
	if (err) {
		if (vma->vm_file && mm->ops->unlink_file)
			mm->ops->unlink_file(vma);
		vm_area_free(vma);
		return err;
	}
	/* A driver's mapping is never locked, as Linux's (its pages are the driver's). */
	if (vma->vm_flags & VM_SPECIAL)
		vma->vm_flags &= ~VM_LOCKED_MASK;
	vma_link(mm, vma);
	return 0;
}

unsigned long mmap_region(struct mm_struct *mm, struct file *file, unsigned long addr,
			  unsigned long len, unsigned long vm_flags, unsigned long pgoff)
{
	struct vm_area_struct *vma, *prev;
	unsigned long end = addr + len;
	int err;

	if (!may_expand_vm(mm, vm_flags, len >> PAGE_SHIFT) &&
	    !may_expand_vm(mm, vm_flags, (len >> PAGE_SHIFT) - count_vma_pages_range(mm, addr, end)))
		return -ENOMEM;
	if (find_vma_intersection(mm, addr, end)) {
		err = do_munmap(mm, addr, len);
		if (err)
			return err;
	}
	if (accountable_mapping(vm_flags))
		vm_flags |= VM_ACCOUNT;
	if ((vm_flags & VM_ACCOUNT) && vm_enough_memory_mm(mm, len >> PAGE_SHIFT))
		return -ENOMEM;
	find_vma_prev(mm, addr, &prev);
	vma = vma_merge(mm, prev, addr, end, vm_flags, NULL, file, pgoff);
	if (!vma) {
		err = new_vma(mm, file, addr, len, vm_flags, pgoff);
		if (err) {
			if (vm_flags & VM_ACCOUNT)
				vm_unacct_memory((long)(len >> PAGE_SHIFT));
			return err;
		}
		vma = find_vma(mm, addr);
	}
	mm->total_vm += len >> PAGE_SHIFT;
	if (vma->vm_flags & VM_LOCKED)
		mm->locked_vm += len >> PAGE_SHIFT;
	return addr;
}

static unsigned long calc_vm_prot_bits(unsigned long prot)
{
	return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
}

static unsigned long calc_vm_flag_bits(unsigned long flags)
{
	return (flags & MAP_GROWSDOWN ? VM_GROWSDOWN : 0) | (flags & MAP_LOCKED ? VM_LOCKED : 0);
}

/* A hint below MMAP_MIN_ADDR is moved up to it rather than ignored, as Linux does. */
static unsigned long round_hint_to_min(unsigned long hint)
{
	hint &= PAGE_MASK;
	if (hint && hint < MMAP_MIN_ADDR)
		return MMAP_MIN_ADDR;
	return hint;
}

/* The type part of the flags, for an anonymous mapping: vm_flags and pgoff, or -EINVAL. */
static int anon_mapping_type(unsigned long flags, unsigned long addr,
			     unsigned long *vm_flags, unsigned long *pgoff)
{
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:	/* MAP_SHARED_VALIDATE is for files only: -EINVAL, as Linux */
		if (*vm_flags & VM_GROWSDOWN)
			return -EINVAL;
		*pgoff = 0;
		*vm_flags |= VM_SHARED | VM_MAYSHARE;
		return 0;
	case MAP_PRIVATE:
		/* An offset that follows the address lets neighbours merge. */
		*pgoff = addr >> PAGE_SHIFT;
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * The file's open mode is checked by the file layer before it calls here.
 * MAP_SHARED ignores flags it does not know; MAP_SHARED_VALIDATE refuses
 * them (-EOPNOTSUPP), which is how a program asks for MAP_SYNC safely.
 */
static int file_mapping_type(unsigned long flags, unsigned long *vm_flags)
{
	switch (flags & MAP_TYPE) {
	case MAP_SHARED_VALIDATE:
		if (flags & ~(unsigned long)LEGACY_MAP_MASK)
			return -EOPNOTSUPP;
		*vm_flags |= VM_SHARED | VM_MAYSHARE;
		return 0;
	case MAP_SHARED:
		*vm_flags |= VM_SHARED | VM_MAYSHARE;
		return 0;
	case MAP_PRIVATE:
		return 0;
	default:
		return -EINVAL;
	}
}

unsigned long do_mmap(struct mm_struct *mm, struct file *file, unsigned long addr,
		      unsigned long len, unsigned long prot, unsigned long flags,
		      unsigned long pgoff)
{
	unsigned long vm_flags;
	int err;

	/* No huge pages: a file is not hugetlbfs (-EINVAL), and the pool is empty (-ENOMEM). */
	if (flags & MAP_HUGETLB)
		return file ? -EINVAL : -ENOMEM;
	if (!len)
		return -EINVAL;
	/* NOREPLACE is placed as MAP_FIXED is, then refuses to replace. */
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	if (!(flags & MAP_FIXED))
		addr = round_hint_to_min(addr);
	len = PAGE_ALIGN(len);
	if (!len)
		return -ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	if (mm->map_count > sysctl_max_map_count)
		return -ENOMEM;
	addr = get_unmapped_area(mm, file, addr, len, pgoff, flags);
	if (IS_ERR_VALUE(addr))
		return addr;
	if ((flags & MAP_FIXED_NOREPLACE) && find_vma_intersection(mm, addr, addr + len))
		return -EEXIST;
	vm_flags = calc_vm_prot_bits(prot) | calc_vm_flag_bits(flags) | mm->def_flags |
		   VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if ((flags & MAP_LOCKED) && !can_do_mlock(mm))
		return -EPERM;
	if (mlock_future_check(mm, vm_flags, len))
		return -EAGAIN;
	if (file)
		err = file_mapping_type(flags, &vm_flags);
	else
		err = anon_mapping_type(flags, addr, &vm_flags, &pgoff);
	if (!err && file && mm->ops->file_mmap_check)
		err = mm->ops->file_mmap_check(file, prot, &vm_flags);
	if (err)
		return err;
	/* Strict accounting ignores MAP_NORESERVE, as Linux. */
	if ((flags & MAP_NORESERVE) && READ_ONCE(sysctl_overcommit_memory) != OVERCOMMIT_NEVER)
		vm_flags |= VM_NORESERVE;
	return mmap_region(mm, file, addr, len, vm_flags, pgoff);
}

/* ---- changing protection ---- */

/* Give [start, end) of vma newflags; 0 or -ENOMEM. */
static int mprotect_fixup(struct mm_struct *mm, struct vm_area_struct *vma,
			  unsigned long start, unsigned long end, unsigned long newflags)
{
	unsigned long oldflags = vma->vm_flags, charged = 0;

	if (newflags == oldflags)
		return 0;
	/* Memory turning into data must fit RLIMIT_DATA (as Linux, not if it already did not). */
	if ((newflags & VM_WRITE) && !may_expand_vm(mm, newflags, (end - start) >> PAGE_SHIFT) &&
	    may_expand_vm(mm, oldflags, (end - start) >> PAGE_SHIFT))
		return -ENOMEM;
	/*
	 * Becoming private and writable commits the memory, as mmap would have;
	 * losing the right to write keeps the charge (Linux: it may come back).
	 */
	if ((newflags & VM_WRITE) &&
	    !(oldflags & (VM_ACCOUNT | VM_WRITE | VM_SHARED | VM_NORESERVE))) {
		charged = (end - start) >> PAGE_SHIFT;
		if (vm_enough_memory_mm(mm, charged))
			return -ENOMEM;
		newflags |= VM_ACCOUNT;
	}
	vma = vma_modify_flags(mm, vma_prev(mm, vma), vma, start, end, newflags);
	if (!vma) {
		vm_unacct_memory((long)charged);
		return -ENOMEM;
	}
	if (mm->ops->change_protection)
		mm->ops->change_protection(vma, start, end);
	return 0;
}

/*
 * Linux's checks and order: a hole anywhere in the range is -ENOMEM, but
 * the VMAs before the hole keep their new protection.
 */
int do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len,
		unsigned long prot)
{
	const unsigned long grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
	struct vm_area_struct *vma;
	unsigned long end;

	prot &= ~grows;
	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (offset_in_page(start))
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end <= start)
		return -ENOMEM;
	if (prot & ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL;
	vma = find_vma(mm, start);
	if (!vma || vma->vm_start >= end)
		return -ENOMEM;
	/* No VMA grows up on arm64. */
	if (grows & PROT_GROWSUP)
		return -EINVAL;
	if (grows & PROT_GROWSDOWN) {
		if (!(vma->vm_flags & VM_GROWSDOWN))
			return -EINVAL;
		start = vma->vm_start;
	} else if (vma->vm_start > start) {
		return -ENOMEM;
	}
	while (start < end) {
		unsigned long newflags, tmp;
		int err;

		vma = find_vma(mm, start);
		if (!vma || vma->vm_start > start)
			return -ENOMEM;
		newflags = calc_vm_prot_bits(prot) | (vma->vm_flags & ~VM_ACCESS_FLAGS);
		/* Nothing beyond what the VM_MAY* bits allow. */
		if ((newflags & ~(newflags >> 4)) & VM_ACCESS_FLAGS)
			return -EACCES;
		tmp = MIN(vma->vm_end, end);
		err = mprotect_fixup(mm, vma, start, tmp, newflags);
		if (err)
			return err;
		start = tmp;
	}
	return 0;
}

/* ---- brk ---- */

/*
 * Anonymous data at [addr, addr + len), which is free: grow prev over it
 * when prev ends there and matches, else a new VMA. Only prev, as Linux's
 * do_brk_flags: the heap grows upwards.
 */
static int do_brk_flags(struct mm_struct *mm, struct vm_area_struct *prev,
			unsigned long addr, unsigned long len, unsigned long flags)
{
	unsigned long pgoff = addr >> PAGE_SHIFT;
	struct vm_area_struct *vma;

	if (len > TASK_SIZE || addr > TASK_SIZE - len)
		return -ENOMEM;
	if (mm->map_count > sysctl_max_map_count)
		return -ENOMEM;
	flags |= VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT | mm->def_flags;
	if (!may_expand_vm(mm, flags, len >> PAGE_SHIFT))
		return -ENOMEM;
	if (vm_enough_memory_mm(mm, len >> PAGE_SHIFT))
		return -ENOMEM;
	if (prev && prev->vm_end == addr && can_vma_merge_after(prev, flags, NULL, NULL, pgoff)) {
		vma_set_range(mm, prev, prev->vm_start, addr + len, prev->vm_pgoff);
	} else {
		vma = vm_area_alloc(mm);
		if (!vma) {
			vm_unacct_memory((long)(len >> PAGE_SHIFT));
			return -ENOMEM;
		}
		vma->vm_start = addr;
		vma->vm_end = addr + len;
		vma->vm_pgoff = pgoff;
		vma->vm_flags = flags;
		vma->vm_page_prot = vm_get_page_prot(flags);
		vma_link(mm, vma);
	}
	mm->total_vm += len >> PAGE_SHIFT;
	if (flags & VM_LOCKED)
		mm->locked_vm += len >> PAGE_SHIFT;
	return 0;
}

int vm_brk_flags(struct mm_struct *mm, unsigned long addr, unsigned long len,
		 unsigned long flags)
{
	struct vm_area_struct *prev;
	unsigned long request = len;
	int err;

	len = PAGE_ALIGN(request);
	if (len < request)
		return -ENOMEM;
	if (!len)
		return 0;
	if (offset_in_page(addr))
		return -EINVAL;
	err = do_munmap(mm, addr, len);
	if (err)
		return err;
	find_vma_prev(mm, addr, &prev);
	return do_brk_flags(mm, prev, addr, len, flags);
}

/* brk's own check against RLIMIT_DATA: heap plus initialised data. */
static bool brk_over_rlimit(struct mm_struct *mm, unsigned long brk)
{
	unsigned long limit = mm_rlimit(mm, RLIMIT_DATA);

	return limit != RLIM_INFINITY &&
	       (brk - mm->start_brk) + (mm->end_data - mm->start_data) > limit;
}

/* Under mlockall(MCL_FUTURE) growth is locked memory, within RLIMIT_MEMLOCK. */
static bool brk_over_memlock(struct mm_struct *mm, unsigned long brk)
{
	unsigned long newbrk = PAGE_ALIGN(brk), oldbrk = PAGE_ALIGN(mm->brk);

	return newbrk > oldbrk && mlock_future_check(mm, mm->def_flags, newbrk - oldbrk);
}

unsigned long mm_brk(struct mm_struct *mm, unsigned long brk)
{
	if (brk < mm->start_brk || brk > TASK_SIZE || brk_over_rlimit(mm, brk) ||
	    brk_over_memlock(mm, brk))
		return mm->brk;
	/* LAB 4 BEGIN: move the break: within its page, shrinking (unmap) or growing (check room, map) */
	/* LAB 4 STUB: return mm->brk; */
	unsigned long newbrk = PAGE_ALIGN(brk), oldbrk = PAGE_ALIGN(mm->brk);
	struct vm_area_struct *next, *brkvma;

	if (newbrk == oldbrk) {
		mm->brk = brk;
		return brk;
	}
	if (brk <= mm->brk) {
		if (do_munmap(mm, newbrk, oldbrk - newbrk))
			return mm->brk;
		mm->brk = brk;
		return brk;
	}
	/* Growing must leave a page free below the next mapping (more below a stack). */
	next = find_vma_prev(mm, oldbrk, &brkvma);
	if (next && newbrk + PAGE_SIZE > vm_start_gap(next))
		return mm->brk;
	/* The heap grows its own VMA, never one below start_brk (the bss). */
	if (brkvma && brkvma->vm_start < mm->start_brk)
		brkvma = NULL;
	if (do_brk_flags(mm, brkvma, oldbrk, newbrk - oldbrk, 0))
		return mm->brk;
	mm->brk = brk;
	return brk;
	/* LAB 4 END */
}

/* ---- growing in place (mremap) ---- */

int vma_expand_end(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long new_end)
{
	struct vm_area_struct *next = vma_next(mm, vma);

	if (new_end > TASK_SIZE || (next && new_end > vm_start_gap(next)))
		return -ENOMEM;
	if (!may_expand_vm(mm, vma->vm_flags, (new_end - vma->vm_end) >> PAGE_SHIFT))
		return -ENOMEM;
	if ((vma->vm_flags & VM_ACCOUNT) &&
	    vm_enough_memory_mm(mm, (new_end - vma->vm_end) >> PAGE_SHIFT))
		return -ENOMEM;
	mm->total_vm += (new_end - vma->vm_end) >> PAGE_SHIFT;
	if (vma->vm_flags & VM_LOCKED)
		mm->locked_vm += (new_end - vma->vm_end) >> PAGE_SHIFT;
	vma_set_range(mm, vma, vma->vm_start, new_end, vma->vm_pgoff);
	return 0;
}

/* ---- the stack ---- */

int expand_stack(struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *prev = vma_prev(mm, vma);
	unsigned long start = addr & PAGE_MASK;

	if (!(vma->vm_flags & VM_GROWSDOWN))
		return -EFAULT;
	if (start >= vma->vm_start)
		return 0;
	if (start < MMAP_MIN_ADDR || vma->vm_end - start > mm_rlimit(mm, RLIMIT_STACK))
		return -ENOMEM;
	if (!may_expand_vm(mm, vma->vm_flags, (vma->vm_start - start) >> PAGE_SHIFT))
		return -ENOMEM;
	/* A locked stack stays within RLIMIT_MEMLOCK (Linux's acct_stack_growth). */
	if (mlock_future_check(mm, vma->vm_flags, vma->vm_start - start))
		return -ENOMEM;
	/* Another stack may sit right below; anything else keeps the guard gap. */
	if (prev && !(prev->vm_flags & VM_GROWSDOWN) && start - prev->vm_end < STACK_GUARD_GAP)
		return -ENOMEM;
	if ((vma->vm_flags & VM_ACCOUNT) &&
	    vm_enough_memory_mm(mm, (vma->vm_start - start) >> PAGE_SHIFT))
		return -ENOMEM;
	mm->total_vm += (vma->vm_start - start) >> PAGE_SHIFT;
	if (vma->vm_flags & VM_LOCKED)
		mm->locked_vm += (vma->vm_start - start) >> PAGE_SHIFT;
	vma_set_range(mm, vma, start, vma->vm_end,
		      vma->vm_pgoff - ((vma->vm_start - start) >> PAGE_SHIFT));
	return 0;
}

/* ---- the whole address space ---- */

/*
 * Linux's mmap_base without randomisation: room for the stack as
 * RLIMIT_STACK allows plus its guard gap, at least 128 MiB and at most
 * five sixths of the address space.
 */
void arch_pick_mmap_layout(struct mm_struct *mm, unsigned long stack_limit)
{
	const unsigned long min_gap = UL(128) << 20, max_gap = TASK_SIZE / 6 * 5;
	unsigned long gap = stack_limit;

	if (gap > max_gap - STACK_GUARD_GAP)
		gap = max_gap;
	else
		gap += STACK_GUARD_GAP;
	gap = MAX(gap, min_gap);
	mm->mmap_base = PAGE_ALIGN(STACK_TOP - gap);
}

struct mm_struct *mm_alloc(const struct mm_ops *ops)
{
	struct mm_struct *mm = kmem_cache_zalloc(mm_cachep, GFP_KERNEL);

	if (!mm)
		return NULL;
	mm->mm_rb = RB_ROOT;
	INIT_LIST_HEAD(&mm->mmap);
	mm->ops = ops;
	atomic_set(&mm->mm_users, 1);
	atomic_set(&mm->mm_count, 1);
	init_rwsem(&mm->mmap_lock);
	spin_lock_init(&mm->page_table_lock);
	arch_pick_mmap_layout(mm, mm_rlimit(mm, RLIMIT_STACK));
	return mm;
}

/*
 * The last user is gone, but reclaim's reverse-map walk may still reach
 * this mm through a shared anon_vma: the lock, held for writing as by
 * munmap, keeps it out while the tables go.
 */
void exit_mmap(struct mm_struct *mm)
{
	LIST_HEAD(gone);

	mmap_write_lock(mm);
	detach_all_vmas(mm, &gone);
	unmap_and_free(mm, &gone, true);
	if (mm->ops->free_pgtables)
		mm->ops->free_pgtables(mm);
	mmap_write_unlock(mm);
}

void mmput(struct mm_struct *mm)
{
	if (atomic_dec_and_test(&mm->mm_users)) {
		exit_mmap(mm);
		mmdrop(mm);
	}
}

void mmdrop(struct mm_struct *mm)
{
	if (!atomic_dec_and_test(&mm->mm_count))
		return;
	if (mm->ops->destroy_context)
		mm->ops->destroy_context(mm);
	kmem_cache_free(mm_cachep, mm);
}

/* fork: the pages the child's copy charges; a private copy is a promise of its own. */
static unsigned long copy_charge(const struct vm_area_struct *vma)
{
	return vma->vm_flags & VM_ACCOUNT ? vma_pages(vma) : 0;
}

int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct vm_area_struct *vma, *new;
	unsigned long charge;

	mm->mmap_base = oldmm->mmap_base;
	mm->start_code = oldmm->start_code;
	mm->end_code = oldmm->end_code;
	mm->start_data = oldmm->start_data;
	mm->end_data = oldmm->end_data;
	mm->start_brk = oldmm->start_brk;
	mm->brk = oldmm->brk;
	mm->start_stack = oldmm->start_stack;
	mm->arg_start = oldmm->arg_start;
	mm->arg_end = oldmm->arg_end;
	mm->env_start = oldmm->env_start;
	mm->env_end = oldmm->env_end;
	mm->sigpage = oldmm->sigpage;
	list_for_each_entry(vma, &oldmm->mmap, vm_list) {
		if (vma->vm_flags & VM_DONTCOPY)
			continue;
		charge = copy_charge(vma);
		if (charge && vm_enough_memory_mm(oldmm, charge))
			return -ENOMEM;
		new = vm_area_dup(mm, vma);
		if (!new) {
			vm_unacct_memory((long)charge);
			return -ENOMEM;
		}
		/* Locks are not inherited (mlock(2)); the copies are not merged, as in Linux. */
		new->vm_flags &= ~VM_LOCKED_MASK;
		vma_link(mm, new);
		mm->total_vm += vma_pages(new);
		if (mm->ops->copy_page_range && mm->ops->copy_page_range(new, vma))
			return -ENOMEM;
	}
	return 0;
}

/* ---- /proc/<pid>/maps ---- */

/* The name column starts here, as in Linux: 25 + 6 * sizeof(void *) - 1 columns, then a space. */
#define MAPS_NAME_COLUMN 72

static const char *special_name(struct mm_struct *mm, struct vm_area_struct *vma)
{
	/* The heap's own VMAs: the bss below start_brk is not the heap. */
	if (vma->vm_start >= mm->start_brk && vma->vm_start < MAX(mm->brk, mm->start_brk + 1))
		return "[heap]";
	if (vma->vm_start <= mm->start_stack && vma->vm_end >= mm->start_stack)
		return "[stack]";
	if (mm->sigpage && vma->vm_start == mm->sigpage)
		return "[sigpage]";
	return NULL;
}

/* One maps line: the range, rights from flags, offset, device, inode, and name if any. */
void show_vma_header(struct seq_buf *m, const struct vma_header *h)
{
	size_t line_start = m->len;

	seq_buf_printf(m, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ",
		       h->start, h->end, h->flags & VM_READ ? 'r' : '-',
		       h->flags & VM_WRITE ? 'w' : '-', h->flags & VM_EXEC ? 'x' : '-',
		       h->flags & VM_MAYSHARE ? 's' : 'p', h->offset, h->major, h->minor, h->ino);
	if (h->name) {
		int pad = (int)(line_start + MAPS_NAME_COLUMN - m->len);

		seq_buf_printf(m, "%*s %s", pad > 0 ? pad : 0, "", h->name);
	}
	seq_buf_printf(m, "\n");
}

void show_map_vma(struct seq_buf *m, struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vma_header h = {
		.start = vma->vm_start, .end = vma->vm_end, .flags = vma->vm_flags,
	};

	if (vma->vm_file && mm->ops->file_info) {
		mm->ops->file_info(vma->vm_file, &h.major, &h.minor, &h.ino, &h.name);
		h.offset = vma->vm_pgoff << PAGE_SHIFT;
	} else if (!vma->vm_file) {
		h.name = special_name(mm, vma);
	}
	show_vma_header(m, &h);
}

void show_map(struct seq_buf *m, struct mm_struct *mm)
{
	struct vm_area_struct *vma;

	list_for_each_entry(vma, &mm->mmap, vm_list)
		show_map_vma(m, mm, vma);
}
