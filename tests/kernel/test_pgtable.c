/*
 * Page tables on the running kernel: a private tree mapped and unmapped
 * across level boundaries with every table page given back, a live mapping
 * in the kernel's own tables, and the kernel map's permissions (W^X).
 */
#include <kernel/ktest.h>
#include <kernel/lib/string.h>
#include <asm/setup.h>
#include <mm/mm.h>
#include <mm/pgtable.h>

#define SZ_2M (2UL << 20)
#define SZ_1G (1UL << 30)

KTEST(pgtable, private_tree_crossing_levels_frees_tables)
{
	unsigned long base_free, va = SZ_1G * 3 - SZ_2M - 2 * PAGE_SIZE;
	phys_addr_t pa;
	pte_t *pgd;

	drain_all_pages();
	base_free = nr_free_pages();
	pgd = (pte_t *)get_zeroed_page(GFP_KERNEL);
	KT_ASSERT(pgd);
	/* crosses an L2 boundary (2 MiB) and an L1 boundary (1 GiB) */
	KT_ASSERT_EQ(map_range(pgd, va, 0x40000000, SZ_2M + 4 * PAGE_SIZE, PAGE_KERNEL, 0), 0);
	KT_EXPECT(translate_va(pgd, va + SZ_2M + 3 * PAGE_SIZE + 5, &pa, NULL));
	KT_EXPECT_EQ(pa, 0x40000000 + SZ_2M + 3 * PAGE_SIZE + 5);
	KT_EXPECT_EQ(protect_range(pgd, 0, va, 2 * PAGE_SIZE, PAGE_KERNEL_RO), 0);
	KT_EXPECT_EQ(unmap_range(pgd, 0, va, SZ_2M + 4 * PAGE_SIZE), 0);
	KT_EXPECT(!translate_va(pgd, va, NULL, NULL));
	free_page((unsigned long)pgd);
	drain_all_pages();
	KT_EXPECT_EQ(nr_free_pages(), base_free);
}

KTEST(pgtable, live_kernel_mapping)
{
	unsigned long va = VMALLOC_END - 16 * PAGE_SIZE;
	unsigned long page = get_zeroed_page(GFP_KERNEL);
	volatile u64 *alias = (volatile u64 *)va;

	KT_ASSERT(page);
	KT_ASSERT_EQ(map_range(swapper_pg_dir, va, __pa(page), PAGE_SIZE, PAGE_KERNEL, 0), 0);
	alias[3] = 0x1234abcd;
	KT_EXPECT_EQ(((u64 *)page)[3], 0x1234abcd);
	KT_EXPECT_EQ(unmap_range(swapper_pg_dir, 0, va, PAGE_SIZE), 0);
	KT_EXPECT(!translate_va(swapper_pg_dir, va, NULL, NULL));
	free_page(page);
}

static pgprot_t prot_of(void *addr)
{
	pgprot_t prot = 0;

	translate_va(swapper_pg_dir, (unsigned long)addr, NULL, &prot);
	return prot;
}

KTEST(pgtable, kernel_sections_have_their_permissions)
{
	KT_EXPECT_EQ(prot_of(_stext), PAGE_KERNEL_ROX);
	KT_EXPECT_EQ(prot_of(_srodata), PAGE_KERNEL_RO);
	KT_EXPECT_EQ(prot_of(_sdata), PAGE_KERNEL);
	KT_EXPECT_EQ(prot_of(__bss_start), PAGE_KERNEL);
}

KTEST(pgtable, no_mapping_is_writable_and_executable)
{
	KT_EXPECT_EQ(check_wx_mappings(), 0);
}

KTEST(pgtable, linear_map_covers_all_ram)
{
	KT_EXPECT(translate_va(swapper_pg_dir, (unsigned long)page_address(pfn_to_page(min_pfn)),
			       NULL, NULL));
	KT_EXPECT(translate_va(swapper_pg_dir,
			       (unsigned long)page_address(pfn_to_page(max_pfn - 1)), NULL, NULL));
}
