/*
 * vmalloc, vmap and ioremap: virtually contiguous mappings in the vmalloc
 * range of the kernel's page tables.
 *
 * Every area is its usable size plus one guard page that is never mapped,
 * so an overrun faults at once; vmalloc_describe_guard() lets the fault
 * handler say whose area was overrun. Where areas go is decided by the
 * range allocator in mm/vmap_area.c (lowest fitting address first, in
 * O(log n)); this file gives areas their pages and mappings.
 *
 * Relies on: single pages from the buddy allocator (alloc_page), the
 * descriptors and small page arrays from SLUB (mm/slab.h), and
 * map_range / unmap_range on swapper_pg_dir (mm/pgtable.h), which also
 * flushes the TLB of every CPU when an area goes.
 *
 * Locking: vmap_area_lock guards the range allocator and the vm_structs'
 * flags; vmap_pgtable_lock serialises changes to the tables of the
 * vmalloc range, since neighbouring areas share table pages that mapping
 * adds and unmapping frees. Neither lock is held while memory is
 * allocated, so vmalloc must not be called from an interrupt handler.
 */
#include <mm/vmalloc.h>
#include <mm/vmap_area.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include <mm/fault_inject.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>

static DEFINE_SPINLOCK(vmap_area_lock);
static DEFINE_SPINLOCK(vmap_pgtable_lock);
static struct vmap_space vmalloc_space;
static struct kmem_cache *vmap_area_cachep;
static struct kmem_cache *vm_struct_cachep;

static void free_unused_descriptors(struct list_head *unused)
{
	struct vmap_area *va, *next;

	list_for_each_entry_safe(va, next, unused, list)
		kmem_cache_free(vmap_area_cachep, va);
}

/*
 * Reserve size bytes (page-aligned) plus the guard page. The area is
 * VM_UNINITIALIZED, invisible to lookups, until publish_vm_area().
 */
static struct vmap_area *get_vm_area(unsigned long size, unsigned long flags,
				     const void *caller)
{
	struct vmap_area *va = NULL;
	struct vm_struct *vm = NULL;
	LIST_HEAD(unused);
	bool found;

	if (size == 0 || size >= VMALLOC_END - VMALLOC_START)
		goto fail;
	va = kmem_cache_alloc(vmap_area_cachep, GFP_KERNEL);
	vm = kmem_cache_zalloc(vm_struct_cachep, GFP_KERNEL);
	if (!va || !vm)
		goto fail;
	/* LAB 3 BEGIN: the area's size, guard page included */
	/* LAB 3 STUB: vm->size = size; */
	vm->size = size + PAGE_SIZE;
	/* LAB 3 END */
	vm->flags = flags | VM_UNINITIALIZED;
	vm->caller = caller;

	spin_lock(&vmap_area_lock);
	found = alloc_vmap_area(&vmalloc_space, va, vm->size, &unused);
	if (found) {
		va->vm = vm;
		vm->addr = (void *)va->va_start;
	}
	spin_unlock(&vmap_area_lock);
	free_unused_descriptors(&unused);
	if (found)
		return va;
	pr_warn("vmalloc: no room for %lu bytes in the vmalloc range\n", size);
fail:
	if (vm)
		kmem_cache_free(vm_struct_cachep, vm);
	if (va)
		kmem_cache_free(vmap_area_cachep, va);
	return NULL;
}

static void *publish_vm_area(struct vmap_area *va)
{
	spin_lock(&vmap_area_lock);
	va->vm->flags &= ~VM_UNINITIALIZED;
	spin_unlock(&vmap_area_lock);
	return va->vm->addr;
}

static phys_addr_t page_array_pa(unsigned long i, void *pages)
{
	return page_to_phys(((struct page **)pages)[i]);
}

/* One walk for the whole area; a failure is undone by the caller's unmap. */
static int map_pages(unsigned long addr, struct page **pages, unsigned int count,
		     pgprot_t prot)
{
	int err;

	spin_lock(&vmap_pgtable_lock);
	err = map_page_array(swapper_pg_dir, addr, count, page_array_pa, pages, prot);
	spin_unlock(&vmap_pgtable_lock);
	return err;
}

static void free_page_array(struct page **pages)
{
	if (is_vmalloc_addr(pages))
		vfree(pages);
	else
		kfree(pages);
}

/*
 * Tear down a detached area: unmap it (flushing every CPU's TLB), give
 * its range back, free the pages it owns and its descriptors.
 */
static void destroy_vm_area(struct vmap_area *va)
{
	struct vm_struct *vm = va->vm;
	LIST_HEAD(unused);
	unsigned int i;

	spin_lock(&vmap_pgtable_lock);
	unmap_range(swapper_pg_dir, 0, va->va_start, get_vm_area_size(vm));
	spin_unlock(&vmap_pgtable_lock);

	spin_lock(&vmap_area_lock);
	free_vmap_area(&vmalloc_space, va, &unused);
	spin_unlock(&vmap_area_lock);
	free_unused_descriptors(&unused);

	if (vm->flags & VM_ALLOC) {
		for (i = 0; i < vm->nr_pages; i++) {
			ClearPageFlag(vm->pages[i], PG_vmalloc);
			__free_page(vm->pages[i]);
		}
		if (vm->pages)
			free_page_array(vm->pages);
	}
	kmem_cache_free(vm_struct_cachep, vm);
}

/* Undo an area whose setup failed; whatever it mapped or owns so far goes. */
static void discard_vm_area(struct vmap_area *va)
{
	spin_lock(&vmap_area_lock);
	detach_vmap_area(&vmalloc_space, va);
	spin_unlock(&vmap_area_lock);
	destroy_vm_area(va);
}

static const char *area_kind(unsigned long flags)
{
	if (flags & VM_UNINITIALIZED)
		return "an unfinished";
	if (flags & VM_ALLOC)
		return "a vmalloc";
	if (flags & VM_MAP)
		return "a vmap";
	return "an ioremap";
}

/* start and flags describe the area found at addr, if any (start 0: none). */
static void report_bad_free(const char *who, const void *addr, unsigned long start,
			    unsigned long flags, const void *caller)
{
	if (!start)
		pr_err("%s: no vmalloc area at %p (caller %pS)\n", who, addr, caller);
	else if (start != (unsigned long)addr)
		pr_err("%s: %p is inside the area at 0x%lx, not at its start (caller %pS)\n",
		       who, addr, start, caller);
	else
		pr_err("%s: %p is %s area (caller %pS)\n", who, addr, area_kind(flags), caller);
}

/*
 * Detach the area that starts at addr, if it is a finished area of the
 * kind given by flag; report anything else and return NULL.
 */
static struct vmap_area *take_vm_area(const void *addr, unsigned long flag,
				      const char *who, const void *caller)
{
	unsigned long start = 0, flags = 0;
	struct vmap_area *va;
	bool ok;

	spin_lock(&vmap_area_lock);
	va = find_vmap_area(&vmalloc_space, (unsigned long)addr);
	if (va) {
		start = va->va_start;
		flags = va->vm->flags;
	}
	ok = va && start == (unsigned long)addr && (flags & flag) && !(flags & VM_UNINITIALIZED);
	if (ok)
		detach_vmap_area(&vmalloc_space, va);
	spin_unlock(&vmap_area_lock);
	if (ok)
		return va;
	report_bad_free(who, addr, start, flags, caller);
	return NULL;
}

/* vfree, vunmap and iounmap: the same teardown, each for its own kind of area. */
static void release_vm_area(const void *addr, unsigned long flag, const char *who,
			    const void *caller)
{
	struct vmap_area *va;

	if (!addr)
		return;
	va = take_vm_area(addr, flag, who, caller);
	if (va)
		destroy_vm_area(va);
}

static void *__vmalloc(unsigned long size, gfp_t gfp, const void *caller);

/* A big area's page array comes from vmalloc too: no contiguous memory needed at all. */
static struct page **alloc_page_array(unsigned int count, const void *caller)
{
	unsigned long bytes = count * sizeof(struct page *);

	if (bytes > PAGE_SIZE)
		return __vmalloc(bytes, GFP_KERNEL, caller);
	return kmalloc(bytes, GFP_KERNEL);
}

static int vmalloc_populate(struct vm_struct *vm, gfp_t gfp)
{
	unsigned int count = get_vm_area_size(vm) >> PAGE_SHIFT;

	vm->pages = alloc_page_array(count, vm->caller);
	if (!vm->pages)
		return -ENOMEM;
	/* LAB 3 BEGIN: allocate the pages one by one into vm->pages (nr_pages counts), then map them */
	/* LAB 3 STUB: (void)gfp; */
	/* LAB 3 STUB: return -ENOSYS; */
	while (vm->nr_pages < count) {
		struct page *page = alloc_page(gfp | __GFP_NOWARN);

		if (!page)
			return -ENOMEM;
		SetPageFlag(page, PG_vmalloc);
		vm->pages[vm->nr_pages++] = page;
	}
	return map_pages((unsigned long)vm->addr, vm->pages, count, PAGE_KERNEL);
	/* LAB 3 END */
}

static void *__vmalloc(unsigned long size, gfp_t gfp, const void *caller)
{
	struct vmap_area *va;

	size = PAGE_ALIGN(size);
	/* Fail at once what could never fit in RAM; also keeps nr_pages in range. */
	if (size == 0 || (size >> PAGE_SHIFT) > totalram_pages())
		return NULL;
	if (unlikely(should_fail_vmalloc(size, gfp)))
		return NULL;
	va = get_vm_area(size, VM_ALLOC, caller);
	if (!va)
		return NULL;
	if (vmalloc_populate(va->vm, gfp)) {
		pr_warn("vmalloc: out of memory for %lu bytes (caller %pS)\n", size, caller);
		discard_vm_area(va);
		return NULL;
	}
	return publish_vm_area(va);
}

void *vmalloc(unsigned long size)
{
	return __vmalloc(size, GFP_KERNEL, __builtin_return_address(0));
}

void *vzalloc(unsigned long size)
{
	return __vmalloc(size, GFP_KERNEL | __GFP_ZERO, __builtin_return_address(0));
}

void vfree(const void *addr)
{
	release_vm_area(addr, VM_ALLOC, "vfree", __builtin_return_address(0));
}

void *kvmalloc(unsigned long size)
{
	if (size <= KVMALLOC_KMALLOC_MAX)
		return kmalloc(size ? size : 1, GFP_KERNEL);
	return __vmalloc(size, GFP_KERNEL, __builtin_return_address(0));
}

void kvfree(const void *addr)
{
	if (is_vmalloc_addr(addr))
		release_vm_area(addr, VM_ALLOC, "kvfree", __builtin_return_address(0));
	else
		kfree(addr);
}

void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot)
{
	struct vmap_area *va;

	if (count == 0 || count > totalram_pages())
		return NULL;
	va = get_vm_area((unsigned long)count << PAGE_SHIFT, flags | VM_MAP,
			 __builtin_return_address(0));
	if (!va)
		return NULL;
	if (map_pages(va->va_start, pages, count, prot)) {
		discard_vm_area(va);
		return NULL;
	}
	return publish_vm_area(va);
}

void vunmap(const void *addr)
{
	release_vm_area(addr, VM_MAP, "vunmap", __builtin_return_address(0));
}

static bool overlaps_ram(phys_addr_t start, phys_addr_t end)
{
	return start < ((phys_addr_t)max_pfn << PAGE_SHIFT) &&
	       end > ((phys_addr_t)min_pfn << PAGE_SHIFT);
}

void *ioremap(phys_addr_t phys, unsigned long size)
{
	unsigned long offset = phys & ~PAGE_MASK;
	phys_addr_t base = phys - offset;
	struct vmap_area *va;
	int err;

	if (size == 0 || phys + size < phys)
		return NULL;
	size = PAGE_ALIGN(size + offset);
	/* RAM is already mapped cacheable; a Device alias of it would be unpredictable. */
	if (overlaps_ram(base, base + size)) {
		pr_err("ioremap: 0x%llx-0x%llx is RAM, refused (caller %pS)\n",
		       (unsigned long long)base, (unsigned long long)(base + size),
		       __builtin_return_address(0));
		return NULL;
	}
	va = get_vm_area(size, VM_IOREMAP, __builtin_return_address(0));
	if (!va)
		return NULL;
	va->vm->phys_addr = base;
	spin_lock(&vmap_pgtable_lock);
	err = map_range(swapper_pg_dir, va->va_start, base, size, PAGE_DEVICE, 0);
	spin_unlock(&vmap_pgtable_lock);
	if (err) {
		discard_vm_area(va);
		return NULL;
	}
	return (char *)publish_vm_area(va) + offset;
}

void iounmap(const void *addr)
{
	release_vm_area((const void *)((unsigned long)addr & PAGE_MASK), VM_IOREMAP,
			"iounmap", __builtin_return_address(0));
}

struct page *vmalloc_to_page(const void *addr)
{
	phys_addr_t pa;
	bool mapped;

	if (!is_vmalloc_addr(addr))
		return NULL;
	spin_lock(&vmap_pgtable_lock);
	mapped = translate_va(swapper_pg_dir, (unsigned long)addr, &pa, NULL);
	spin_unlock(&vmap_pgtable_lock);
	if (!mapped || !pfn_valid(pa >> PAGE_SHIFT))
		return NULL;
	return pfn_to_page(pa >> PAGE_SHIFT);
}

struct vm_struct *find_vm_area(const void *addr)
{
	struct vmap_area *va;
	struct vm_struct *vm = NULL;

	spin_lock(&vmap_area_lock);
	va = find_vmap_area(&vmalloc_space, (unsigned long)addr);
	if (va && !(va->vm->flags & VM_UNINITIALIZED))
		vm = va->vm;
	spin_unlock(&vmap_area_lock);
	return vm;
}

static void describe_area(struct seq_buf *s, const char *where, const struct vm_struct *vm)
{
	unsigned long start = (unsigned long)vm->addr;

	seq_buf_printf(s, "%s area 0x%lx-0x%lx (%lu bytes) allocated by %pS", where, start,
		       start + get_vm_area_size(vm), get_vm_area_size(vm), vm->caller);
}

/*
 * The page at addr is unmapped if it is an area's guard page or the page
 * just below an area (each area's last page is its guard, so the page
 * under any area is a guard page or free). An overrun hits the first, a
 * kernel stack overflowing downwards the second; name both when both fit.
 */
bool vmalloc_describe_guard(unsigned long addr, char *buf, size_t len)
{
	unsigned long page = addr & PAGE_MASK;
	struct vmap_area *past, *below;
	struct seq_buf s;

	/* The fault may have struck inside this file, with the lock held. */
	if (!is_vmalloc_addr((void *)addr) || !spin_trylock(&vmap_area_lock))
		return false;
	past = find_vmap_area(&vmalloc_space, page);
	if (past && past->va_end - PAGE_SIZE != page)
		past = NULL;
	below = page + PAGE_SIZE < VMALLOC_END ?
		find_vmap_area(&vmalloc_space, page + PAGE_SIZE) : NULL;
	if (below && below->va_start != page + PAGE_SIZE)
		below = NULL;
	if (past || below) {
		seq_buf_init(&s, buf, len);
		seq_buf_printf(&s, "vmalloc guard page hit at 0x%lx, ", addr);
		if (past)
			describe_area(&s, "just past", past->vm);
		if (past && below)
			seq_buf_printf(&s, ", and ");
		if (below)
			describe_area(&s, "just below", below->vm);
	}
	spin_unlock(&vmap_area_lock);
	return past || below;
}

void vmallocinfo_show(struct seq_buf *s)
{
	struct vmap_area *va;

	spin_lock(&vmap_area_lock);
	list_for_each_entry(va, &vmalloc_space.busy_list, list) {
		const struct vm_struct *vm = va->vm;

		if (vm->flags & VM_UNINITIALIZED)
			continue;
		seq_buf_printf(s, "0x%016lx-0x%016lx %7lu", va->va_start, va->va_end, vm->size);
		if (vm->caller)
			seq_buf_printf(s, " %pS", vm->caller);
		if (vm->nr_pages)
			seq_buf_printf(s, " pages=%u", vm->nr_pages);
		if (vm->flags & VM_IOREMAP)
			seq_buf_printf(s, " phys=0x%016llx ioremap",
				       (unsigned long long)vm->phys_addr);
		if (vm->flags & VM_ALLOC)
			seq_buf_printf(s, " vmalloc");
		if (vm->flags & VM_MAP)
			seq_buf_printf(s, " vmap");
		seq_buf_printf(s, "\n");
	}
	spin_unlock(&vmap_area_lock);
}

void vmalloc_init(void)
{
	struct vmap_area *va;

	vmap_area_cachep = kmem_cache_create("vmap_area", sizeof(struct vmap_area), 0,
					     SLAB_PANIC, NULL);
	vm_struct_cachep = kmem_cache_create("vm_struct", sizeof(struct vm_struct), 0,
					     SLAB_PANIC, NULL);
	va = kmem_cache_alloc(vmap_area_cachep, GFP_KERNEL);
	BUG_ON(!va);
	vmap_space_init(&vmalloc_space, va, VMALLOC_START, VMALLOC_END);
	pr_info("vmalloc: 0x%016lx-0x%016lx (%lu GiB)\n", VMALLOC_START, VMALLOC_END,
		(VMALLOC_END - VMALLOC_START) >> 30);
}
