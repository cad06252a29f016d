/*
 * The kernel's own page tables (swapper_pg_dir, in TTBR1).
 *
 * paging_init() replaces head.S's early tables: all of RAM in the linear
 * map (blocks where aligned), the image with a permission per section
 * (text RX, rodata R, data and bss RW, never W and X together), and a
 * fixmap range for device registers needed before vmalloc exists.
 * Until the buddy allocator runs, table pages come from a static pool.
 */
#include <asm/setup.h>
#include <asm/memory.h>
#include <asm/sysreg.h>
#include <asm/barrier.h>
#include <mm/pgtable.h>
#include <mm/gfp.h>
#include <mm/page_table_check.h>
#include <kernel/printk.h>
#include <kernel/lib/string.h>

#define POOL_PAGES 64
#define FIXMAP_START VMALLOC_END
#define FIXMAP_END KIMAGE_VADDR

u64 kimage_voffset;	/* set by head.S before any C runs */
u64 empty_user_root[PTRS_PER_TABLE] __aligned(PAGE_SIZE);

static u8 pgtable_pool[POOL_PAGES][PAGE_SIZE] __aligned(PAGE_SIZE);
static unsigned int pool_used;
static unsigned long fixmap_next = FIXMAP_START;

extern char cpu_replace_ttbr1[];

static phys_addr_t pool_alloc(const pte_t *entry __unused)
{
	if (pool_used == POOL_PAGES)
		return 0;
	return __pa_symbol(pgtable_pool[pool_used++]);
}

struct mem_range pgtable_pool_range(void)
{
	phys_addr_t start = __pa_symbol(pgtable_pool);

	return (struct mem_range){ start, start + sizeof(pgtable_pool) };
}

static void buddy_free(phys_addr_t table)
{
	struct mem_range pool = pgtable_pool_range();

	/* Pool pages are part of the image; they are simply never reused. */
	if (table >= pool.start && table < pool.end)
		return;
	pagetable_dtor(virt_to_page(__va(table)));
	free_page((unsigned long)__va(table));
}

static phys_addr_t buddy_alloc(const pte_t *entry)
{
	unsigned long page = get_zeroed_page(GFP_KERNEL);

	if (!page)
		return 0;
	pagetable_ctor(virt_to_page((void *)page), entry);
	return __pa(page);
}

/*
 * This CPU is done with head.S's identity map: TTBR0 gets the empty root,
 * and the identity map's global TLB entries (they would shadow user
 * addresses) are dropped.
 */
void cpu_leave_idmap(void)
{
	write_sysreg(__pa_symbol(empty_user_root), ttbr0_el1);
	isb();
	asm volatile("tlbi vmalle1\n\tdsb nsh\n\tisb" : : : "memory");
}

void pgtable_use_page_allocator(void)
{
	pgtable_alloc = buddy_alloc;
	pgtable_free = buddy_free;
}

static void map_kernel_segment(char *start, char *end, pgprot_t prot)
{
	unsigned long va = (unsigned long)start;
	unsigned long size = PAGE_ALIGN((unsigned long)end) - va;

	if (map_range(swapper_pg_dir, va, __pa_symbol(start), size, prot, 0))
		panic("paging_init: cannot map the kernel at %p", start);
}

void paging_init(struct mem_range ram)
{
	void (*replace_ttbr1)(phys_addr_t, phys_addr_t);
	phys_addr_t empty_root;

	pgtable_alloc = pool_alloc;
	swapper_pg_dir = __va(pool_alloc(NULL));
	empty_root = pool_alloc(NULL);
	if (map_range(swapper_pg_dir, (unsigned long)__va(ram.start), ram.start,
		      ram.end - ram.start, PAGE_KERNEL, MAP_ALLOW_BLOCKS))
		panic("paging_init: cannot map RAM");
	map_kernel_segment(_text, _srodata, PAGE_KERNEL_ROX);
	map_kernel_segment(_srodata, _sdata, PAGE_KERNEL_RO);
	map_kernel_segment(_sdata, _end, PAGE_KERNEL);

	replace_ttbr1 = (void *)__pa_symbol(cpu_replace_ttbr1);
	replace_ttbr1(__pa(swapper_pg_dir), empty_root);
}

void __iomem *early_ioremap(phys_addr_t phys, size_t size)
{
	phys_addr_t base = ALIGN_DOWN(phys, PAGE_SIZE);
	unsigned long span = PAGE_ALIGN(phys + size) - base;
	unsigned long va = fixmap_next;

	if (va + span > FIXMAP_END ||
	    map_range(swapper_pg_dir, va, base, span, PAGE_DEVICE, 0))
		panic("early_ioremap: cannot map %#llx (+%#zx)", (unsigned long long)phys, size);
	fixmap_next += span + PAGE_SIZE;	/* a hole between mappings catches overruns */
	return (void __iomem *)(va + (phys - base));
}

void early_iounmap(void __iomem *addr, size_t size)
{
	unsigned long va = ALIGN_DOWN((unsigned long)addr, PAGE_SIZE);
	unsigned long span = PAGE_ALIGN((unsigned long)addr + size) - va;

	unmap_range(swapper_pg_dir, 0, va, span);
}

static void print_range(const char *name, unsigned long start, unsigned long end)
{
	unsigned long kib = (end - start) >> 10;

	if (kib >= (1UL << 20))
		pr_info("    %-8s: %#018lx - %#018lx   (%6lu GB)\n", name, start, end, kib >> 20);
	else
		pr_info("    %-8s: %#018lx - %#018lx   (%6lu KB)\n", name, start, end, kib);
}

void print_memory_layout(struct mem_range ram)
{
	pr_info("Virtual kernel memory layout:\n");
	print_range("linear", PAGE_OFFSET, LINEAR_MAP_END);
	print_range("  RAM", (unsigned long)__va(ram.start), (unsigned long)__va(ram.end));
	print_range("vmalloc", VMALLOC_START, VMALLOC_END);
	print_range("fixmap", FIXMAP_START, FIXMAP_END);
	print_range("kernel", (unsigned long)_text, (unsigned long)_end);
	print_range("  .text", (unsigned long)_text, (unsigned long)_etext);
	print_range("  .rodata", (unsigned long)_srodata, (unsigned long)_erodata);
	print_range("  .data", (unsigned long)_sdata, (unsigned long)_edata);
	print_range("  .bss", (unsigned long)__bss_start, (unsigned long)__bss_end);
}

unsigned long check_wx_mappings(void)
{
	return count_wx_leaves(swapper_pg_dir);
}
