/*
 * vmalloc, vmap and ioremap (mm/vmalloc.c) over the buddy allocator and
 * the real page-table code, with a 64 MiB arena for RAM. The host cannot
 * dereference vmalloc addresses, so the tests follow the page tables
 * instead (translate_va), as the MMU would, and reach the bytes through
 * the linear map. SLUB is replaced by malloc here, counted, so that a
 * descriptor leak shows. Areas stay at most 512 pages: a larger one
 * keeps its page array in vmalloc memory, which the host cannot reach
 * (the in-kernel tests cover those).
 */
#include <stdlib.h>
#include <string.h>
#include <mm/vmalloc.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include <mm/pgtable.h>
#include <mm/fault_inject.h>
#include "htest.h"
#include "shim.h"
#include "rng.h"

#define RAM_BASE 0x40000000UL
#define RAM_SIZE (64UL << 20)
#define DEVICE_PHYS 0x09000000UL	/* below RAM, like virt's UART */

/* ---- SLUB stand-in: malloc, with a count of live objects ---- */

static long live_objects;

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *))
{
	struct kmem_cache *s = calloc(1, sizeof(*s));

	(void)align;
	(void)flags;
	(void)ctor;
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->object_size = size;
	return s;
}

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	void *p = kmalloc(s->object_size, gfp);

	memset(p, 0x6b, s->object_size);	/* as if recycled: nothing may rely on zero */
	if (gfp & __GFP_ZERO)
		memset(p, 0, s->object_size);
	return p;
}

void kmem_cache_free(struct kmem_cache *s, void *object)
{
	(void)s;
	kfree(object);
}

void *kmalloc(size_t size, gfp_t gfp)
{
	(void)gfp;
	live_objects++;
	return malloc(size);
}

void kfree(const void *p)
{
	if (p)
		live_objects--;
	free((void *)p);
}

/* ---- set-up: one arena and one vmalloc space for all tests ---- */

static struct mem_range ram;
static unsigned long free_at_start;
static long objects_at_start;
static unsigned long errors_at_start;

static phys_addr_t table_alloc(const pte_t *entry)
{
	unsigned long addr = get_zeroed_page(GFP_KERNEL);

	(void)entry;
	return addr ? __pa(addr) : 0;
}

static void table_free(phys_addr_t table)
{
	free_page((unsigned long)__va(table));
}

static void shutdown(void)
{
	host_arena_destroy(ram);
}

/* Boots once; every test then starts from and must return to the same counts. */
static void setup(void)
{
	if (!ram.end) {
		ram = host_arena_create(RAM_SIZE, RAM_BASE);
		atexit(shutdown);
		page_alloc_init(ram, NULL, 0);
		pgtable_alloc = table_alloc;
		pgtable_free = table_free;
		swapper_pg_dir = (pte_t *)get_zeroed_page(GFP_KERNEL);
		vmalloc_init();
	}
	drain_all_pages();
	free_at_start = nr_free_pages();
	objects_at_start = live_objects;
	errors_at_start = host_printk_errors;
}

static void vmallocinfo_text(char *buf, size_t size)
{
	struct seq_buf s;

	seq_buf_init(&s, buf, size);
	vmallocinfo_show(&s);
}

/* Every page, table page and descriptor is back, and no area is left. */
static void check_nothing_leaked(void)
{
	char info[64];

	drain_all_pages();
	CHECK_EQ(nr_free_pages(), free_at_start);
	CHECK_EQ(live_objects, objects_at_start);
	vmallocinfo_text(info, sizeof(info));
	CHECK_EQ(strlen(info), 0);
}

static bool mapped(const void *addr, phys_addr_t *pa, pgprot_t *prot)
{
	return translate_va(swapper_pg_dir, (unsigned long)addr, pa, prot);
}

/* The byte behind a vmalloc address, reached through the linear map. */
static unsigned char *byte_at(const void *addr)
{
	struct page *page = vmalloc_to_page(addr);

	CHECK(page != NULL);
	return (unsigned char *)page_address(page) + ((unsigned long)addr & ~PAGE_MASK);
}

/* size bytes from addr are mapped read-write, the page after them is the guard. */
static void check_area(const void *addr, unsigned long size, pgprot_t prot)
{
	const char *p = addr;
	unsigned long off;
	pgprot_t got;

	CHECK(IS_ALIGNED((unsigned long)addr, PAGE_SIZE));
	for (off = 0; off < size; off += PAGE_SIZE) {
		CHECK(mapped(p + off, NULL, &got));
		CHECK_EQ(got, prot);
	}
	CHECK(!mapped(p + PAGE_ALIGN(size), NULL, NULL));
	CHECK_EQ(find_vm_area(addr)->size, PAGE_ALIGN(size) + PAGE_SIZE);
}

HTEST(one_byte_gets_one_page_and_a_guard_page)
{
	char *p;

	setup();
	p = vmalloc(1);
	CHECK(is_vmalloc_addr(p));
	check_area(p, PAGE_SIZE, PAGE_KERNEL);
	CHECK_EQ(find_vm_area(p)->nr_pages, 1);
	CHECK(find_vm_area(p + PAGE_SIZE) == find_vm_area(p));	/* the guard belongs to it */
	CHECK(PageFlag(vmalloc_to_page(p), PG_vmalloc));
	vfree(p);
	CHECK(!mapped(p, NULL, NULL));
	CHECK(find_vm_area(p) == NULL);
	check_nothing_leaked();
}

HTEST(areas_never_overlap_and_keep_their_guard_gap)
{
	enum { N = 40 };
	char *area[N];
	unsigned long size[N];
	phys_addr_t seen[N * 16];
	int nr_seen = 0;

	setup();
	for (int i = 0; i < N; i++) {
		size[i] = 1 + (i * 7919) % (16 * PAGE_SIZE);
		area[i] = vmalloc(size[i]);
		CHECK(area[i] != NULL);
	}
	for (int i = 0; i < N; i++) {
		check_area(area[i], size[i], PAGE_KERNEL);
		for (int j = 0; j < N; j++)
			CHECK(i == j || area[j] >= area[i] + PAGE_ALIGN(size[i]) + PAGE_SIZE ||
			      area[i] >= area[j] + PAGE_ALIGN(size[j]) + PAGE_SIZE);
		for (unsigned long off = 0; off < size[i]; off += PAGE_SIZE) {
			mapped(area[i] + off, &seen[nr_seen], NULL);
			for (int k = 0; k < nr_seen; k++)
				CHECK(seen[k] != seen[nr_seen]);
			nr_seen++;
		}
	}
	for (int i = 0; i < N; i += 2)
		vfree(area[i]);
	for (int i = 1; i < N; i += 2)
		check_area(area[i], size[i], PAGE_KERNEL);
	for (int i = 1; i < N; i += 2)
		vfree(area[i]);
	check_nothing_leaked();
}

HTEST(freed_range_is_reused_and_coalesced)
{
	char *a, *b, *c, *d;

	setup();
	a = vmalloc(4 * PAGE_SIZE);
	b = vmalloc(PAGE_SIZE);
	c = vmalloc(PAGE_SIZE);
	CHECK(b == a + 5 * PAGE_SIZE);
	CHECK(c == b + 2 * PAGE_SIZE);
	vfree(a);
	CHECK(vmalloc(4 * PAGE_SIZE) == a);
	vfree(a);
	vfree(b);
	/* a's and b's ranges are one free range of 7 pages now: 6 pages and a guard fit. */
	d = vmalloc(6 * PAGE_SIZE);
	CHECK(d == a);
	check_area(d, 6 * PAGE_SIZE, PAGE_KERNEL);
	vfree(c);
	vfree(d);
	check_nothing_leaked();
}

HTEST(contents_live_in_distinct_pages)
{
	unsigned long size = 64 * PAGE_SIZE;
	char *p;

	setup();
	p = vmalloc(size);
	for (unsigned long off = 0; off < size; off += 512)
		*byte_at(p + off) = (unsigned char)(off / 512);
	for (unsigned long off = 0; off < size; off += 512)
		CHECK_EQ(*byte_at(p + off), (unsigned char)(off / 512));
	vfree(p);
	check_nothing_leaked();
}

HTEST(vzalloc_clears_recycled_pages)
{
	unsigned long size = 32 * PAGE_SIZE;
	char *p;

	setup();
	p = vmalloc(size);
	for (unsigned long off = 0; off < size; off++)
		*byte_at(p + off) = 0x5a;
	vfree(p);
	p = vzalloc(size);
	for (unsigned long off = 0; off < size; off += 8)
		CHECK_EQ(*byte_at(p + off), 0);
	vfree(p);
	check_nothing_leaked();
}

HTEST(vfree_flushes_the_tlb)
{
	unsigned long flushes = host_tlb_flushes;
	char *p;

	setup();
	p = vmalloc(3 * PAGE_SIZE);
	vfree(p);
	CHECK(host_tlb_flushes > flushes);
	check_nothing_leaked();
}

HTEST(memory_exhaustion_returns_null_and_leaks_nothing)
{
	enum { MAX_AREAS = 256 };
	char *area[MAX_AREAS];
	int n = 0;

	setup();
	CHECK(vmalloc((totalram_pages() + 1) * PAGE_SIZE) == NULL);
	check_nothing_leaked();
	/* Fill memory in 512 KiB areas until one fails half-way through. */
	while (n < MAX_AREAS && (area[n] = vmalloc(128 * PAGE_SIZE)) != NULL)
		n++;
	CHECK(n < MAX_AREAS);
	CHECK(n > 64);
	CHECK(vmalloc(PAGE_SIZE * 100) == NULL);
	while (n--)
		vfree(area[n]);
	CHECK_EQ(host_printk_errors, errors_at_start);
	check_nothing_leaked();
}

/* Forced failures of the area itself (fail_vmalloc) and of its pages and page tables. */
HTEST(injected_failures_return_null_and_leak_nothing)
{
	enum { KEPT = 32 };
	char *area[KEPT] = { NULL };
	int failed = 0, made = 0;

	setup();
	CHECK_EQ(setup_fault_attr(&fail_vmalloc, "1,10,0,-1"), 0);
	CHECK_EQ(setup_fault_attr(&fail_page_alloc, "1,5,0,-1"), 0);
	fail_vmalloc.verbose = fail_page_alloc.verbose = 0;
	fault_attr_seed(&fail_page_alloc, 5);
	for (int i = 0; i < 400; i++) {
		vfree(area[i % KEPT]);
		area[i % KEPT] = vmalloc((unsigned long)(i % 16 + 1) * PAGE_SIZE);
		if (area[i % KEPT])
			made++;
		else
			failed++;
	}
	CHECK_EQ(setup_fault_attr(&fail_vmalloc, "1,0,0,1"), 0);
	CHECK_EQ(setup_fault_attr(&fail_page_alloc, "1,0,0,1"), 0);
	CHECK(failed > 40 && made > 100);
	for (int i = 0; i < KEPT; i++)
		vfree(area[i]);
	check_nothing_leaked();
}

HTEST(range_exhaustion_returns_null_and_leaks_nothing)
{
	unsigned long whole = VMALLOC_END - VMALLOC_START - PAGE_SIZE;
	char *small;

	setup();
	CHECK(ioremap(0x100000000000UL, whole + 1) == NULL);
	small = vmalloc(1);
	/* Would fit in the empty range, but not beside one page. */
	CHECK(ioremap(0x100000000000UL, whole) == NULL);
	vfree(small);
	check_nothing_leaked();
}

HTEST(vmap_maps_the_given_pages_and_vunmap_keeps_them)
{
	struct page *pages[3];
	phys_addr_t pa;
	char *p;

	setup();
	for (int i = 0; i < 3; i++)
		pages[i] = alloc_page(GFP_KERNEL);
	p = vmap(pages, 3, 0, PAGE_KERNEL_RO);
	check_area(p, 3 * PAGE_SIZE, PAGE_KERNEL_RO);
	for (int i = 0; i < 3; i++) {
		CHECK(mapped(p + i * PAGE_SIZE + 8, &pa, NULL));
		CHECK_EQ(pa, page_to_phys(pages[i]) + 8);
		CHECK(vmalloc_to_page(p + i * PAGE_SIZE) == pages[i]);
	}
	vfree(p);	/* wrong kind: refused */
	CHECK_EQ(host_printk_errors, errors_at_start + 1);
	CHECK(mapped(p, NULL, NULL));
	vunmap(p);
	CHECK(!mapped(p, NULL, NULL));
	for (int i = 0; i < 3; i++)
		__free_page(pages[i]);
	check_nothing_leaked();
}

HTEST(ioremap_maps_device_memory_keeping_the_offset)
{
	phys_addr_t pa;
	pgprot_t prot;
	char info[256];
	char *regs;

	setup();
	regs = ioremap(DEVICE_PHYS + 0x18, 0x30);
	CHECK_EQ((unsigned long)regs & ~PAGE_MASK, 0x18);
	CHECK(mapped(regs + 4, &pa, &prot));
	CHECK_EQ(pa, DEVICE_PHYS + 0x1c);
	CHECK_EQ(prot, PAGE_DEVICE);
	CHECK(!mapped(regs + PAGE_SIZE, NULL, NULL));
	CHECK(vmalloc_to_page(regs) == NULL);	/* not RAM */
	vmallocinfo_text(info, sizeof(info));
	CHECK(strstr(info, " phys=0x0000000009000000 ioremap\n") != NULL);
	iounmap(regs);
	CHECK(!mapped(regs, NULL, NULL));
	CHECK(ioremap(RAM_BASE + PAGE_SIZE, 16) == NULL);	/* RAM: refused */
	CHECK_EQ(host_printk_errors, errors_at_start + 1);
	check_nothing_leaked();
}

HTEST(vmallocinfo_has_linux_format)
{
	char info[512], expect[128];
	unsigned long start;
	char *p, *line2;

	setup();
	p = vmalloc(3 * PAGE_SIZE);
	vmallocinfo_text(info, sizeof(info));
	start = (unsigned long)p;
	snprintf(expect, sizeof(expect), "0x%016lx-0x%016lx   16384 ", start,
		 start + 4 * PAGE_SIZE);
	CHECK(strncmp(info, expect, strlen(expect)) == 0);
	line2 = strchr(info, '\n');
	CHECK(line2 && line2[1] == '\0');
	CHECK(line2 - info > 16 && strncmp(line2 - 16, " pages=3 vmalloc", 16) == 0);
	vfree(p);
	check_nothing_leaked();
}

HTEST(guard_page_hits_name_the_area)
{
	char buf[512];
	char *a, *b;

	setup();
	a = vmalloc(2 * PAGE_SIZE);
	b = vmalloc(PAGE_SIZE);
	CHECK(!vmalloc_describe_guard((unsigned long)a + 5, buf, sizeof(buf)));
	CHECK(!vmalloc_describe_guard((unsigned long)b + 2 * PAGE_SIZE + 5, buf, sizeof(buf)));
	CHECK(!vmalloc_describe_guard(0x1000, buf, sizeof(buf)));

	CHECK(vmalloc_describe_guard((unsigned long)a + 2 * PAGE_SIZE, buf, sizeof(buf)));
	CHECK(strstr(buf, "vmalloc guard page hit at ") == buf);
	snprintf(buf + 256, 256, "just past area 0x%lx-0x%lx (8192 bytes) allocated by ",
		 (unsigned long)a, (unsigned long)a + 2 * PAGE_SIZE);
	CHECK(strstr(buf, buf + 256) != NULL);
	/* The same page is also just below b: a stack in b would have overflowed into it. */
	CHECK(strstr(buf, ", and just below area ") != NULL);

	CHECK(vmalloc_describe_guard((unsigned long)b + PAGE_SIZE + 8, buf, sizeof(buf)));
	CHECK(strstr(buf, "just past area") != NULL && strstr(buf, "below") == NULL);
	/* Too small a buffer: cut, but still terminated. */
	CHECK(vmalloc_describe_guard((unsigned long)b + PAGE_SIZE, buf, 20));
	CHECK_EQ(strlen(buf), 19);
	vfree(a);
	vfree(b);
	check_nothing_leaked();
}

HTEST(bad_frees_are_reported_and_harmless)
{
	char *p;

	setup();
	p = vmalloc(2 * PAGE_SIZE);
	vfree(p + PAGE_SIZE);
	vfree(p + 3 * PAGE_SIZE);
	vunmap(p);
	iounmap(p);
	CHECK_EQ(host_printk_errors, errors_at_start + 4);
	check_area(p, 2 * PAGE_SIZE, PAGE_KERNEL);
	vfree(p);
	vfree(p);
	CHECK_EQ(host_printk_errors, errors_at_start + 5);
	vfree(NULL);
	check_nothing_leaked();
}

/* Random sizes and frees; every live area stays fully mapped with its guard. */
HTEST(random_vmalloc_vfree_keeps_areas_intact)
{
	enum { SLOTS = 64 };
	char *area[SLOTS] = { NULL };
	unsigned long size[SLOTS];
	unsigned long long rng_state = 88172645463325252ULL;

	setup();
	for (int op = 0; op < 3000; op++) {
		unsigned long long rng = rng_next(&rng_state);
		int slot = rng % SLOTS;
		if (area[slot]) {
			check_area(area[slot], size[slot], PAGE_KERNEL);
			CHECK_EQ(*byte_at(area[slot] + size[slot] - 1), (unsigned char)slot);
			vfree(area[slot]);
			area[slot] = NULL;
		} else {
			size[slot] = 1 + (rng >> 20) % (40 * PAGE_SIZE);
			area[slot] = vmalloc(size[slot]);
			CHECK(area[slot] != NULL);
			*byte_at(area[slot] + size[slot] - 1) = (unsigned char)slot;
		}
	}
	for (int slot = 0; slot < SLOTS; slot++)
		vfree(area[slot]);
	check_nothing_leaked();
}
