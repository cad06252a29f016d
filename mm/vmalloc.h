/*
 * vmalloc: memory that is contiguous in the kernel's virtual address space
 * but built from single pages found anywhere in RAM, plus vmap (map given
 * pages) and ioremap (map device registers), all in the vmalloc range
 * [VMALLOC_START, VMALLOC_END). Every area is followed by one unmapped
 * guard page, so running off its end faults instead of corrupting the
 * next area. mm/vmalloc.c implements it; docs/vmalloc.md explains it.
 */
#ifndef MM_VMALLOC_H
#define MM_VMALLOC_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/lib/rbtree.h>
#include <kernel/lib/seq_buf.h>
#include <asm/page-def.h>
#include <mm/pgtable.h>

struct page;

/* vm_struct.flags: what the area maps. */
#define VM_IOREMAP 0x1ul	/* device memory, ioremap() */
#define VM_ALLOC 0x2ul		/* pages of its own, vmalloc() */
#define VM_MAP 0x4ul		/* pages of the caller's, vmap() */
#define VM_UNINITIALIZED 0x20ul	/* still being set up: not shown, not found */

/*
 * A range of the vmalloc space, busy or free. A busy one belongs to a
 * vm_struct and sits in the tree of busy areas; a free one sits in the
 * tree of free ranges, where each node also knows the largest free range
 * in its subtree.
 */
struct vmap_area {
	unsigned long va_start;
	unsigned long va_end;		/* exclusive; includes the guard page */
	struct rb_node rb_node;		/* in the busy or the free tree, by address */
	struct list_head list;		/* in the busy or the free list, by address */
	union {
		unsigned long subtree_max_size;	/* free: largest va_end - va_start below */
		struct vm_struct *vm;		/* busy */
	};
};

/* What a busy area is used for. */
struct vm_struct {
	void *addr;
	unsigned long size;		/* including the guard page */
	unsigned long flags;		/* VM_* */
	struct page **pages;		/* VM_ALLOC: the pages, in address order */
	unsigned int nr_pages;
	phys_addr_t phys_addr;		/* VM_IOREMAP: where the device registers are */
	const void *caller;		/* who asked for it, shown as %pS */
};

static inline bool is_vmalloc_addr(const void *addr)
{
	unsigned long a = (unsigned long)addr;

	return a >= VMALLOC_START && a < VMALLOC_END;
}

/* The usable size of an area: without its guard page. */
static inline unsigned long get_vm_area_size(const struct vm_struct *vm)
{
	return vm->size - PAGE_SIZE;
}

/* Set up the vmalloc space; after page_alloc_init() and kmem_cache_init(). */
void vmalloc_init(void);

/* size bytes rounded up to pages, readable and writable; NULL when out of space or memory. */
void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
void vfree(const void *addr);

/*
 * kmalloc for up to KVMALLOC_KMALLOC_MAX bytes, vmalloc beyond (Linux's
 * kvmalloc): for buffers that need not be physically contiguous, so a
 * small one costs no page-table work and a big one needs no high order.
 * kvfree() frees either.
 */
#define KVMALLOC_KMALLOC_MAX (2 * PAGE_SIZE)
void *kvmalloc(unsigned long size);
void kvfree(const void *addr);

/* Map count pages of the caller's, in order; vunmap() leaves the pages alone. */
void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot);
void vunmap(const void *addr);

/* Map device registers at phys (any alignment) as Device-nGnRE memory. */
void *ioremap(phys_addr_t phys, unsigned long size);
void iounmap(const void *addr);

/* The page mapped at a vmalloc address, or NULL. */
struct page *vmalloc_to_page(const void *addr);

/* The area addr falls in (guard page included), or NULL. */
struct vm_struct *find_vm_area(const void *addr);

/*
 * For the fault handler: if addr is in a guard page, write into buf
 * which area it guards and who allocated that area, and return true.
 */
bool vmalloc_describe_guard(unsigned long addr, char *buf, size_t len);

/* /proc/vmallocinfo: one line per area, in Linux's format. */
void vmallocinfo_show(struct seq_buf *s);

#endif
