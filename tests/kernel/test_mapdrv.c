/*
 * /dev/mapdrv's fault method (kernel/fs/mapdrv.c) driven on address
 * spaces made here, no process running in them: mmap maps nothing; a
 * fault maps the buffer's own page, holding one more reference, which
 * the unmapping gives back; a second address space maps the very same
 * page; a page of the mapping past the buffer is VM_FAULT_SIGBUS.
 */
#include <kernel/ktest.h>
#include <kernel/errno.h>
#include <kernel/fs/fs.h>
#include <kernel/lib/string.h>
#include <mm/memory.h>
#include <mm/mm.h>
#include <mm/pgtable.h>

#define BUFFER_PAGES 16

/* The physical address mapped at va in mm, or 0. */
static phys_addr_t mapped_at(struct mm_struct *mm, unsigned long va)
{
	phys_addr_t pa;

	return translate_va(mm->pgd, va, &pa, NULL) ? pa & PAGE_MASK : 0;
}

static int refs(phys_addr_t pa)
{
	return pfn_to_page(pa >> PAGE_SHIFT)->_refcount;
}

KTEST(mapdrv, fault_maps_the_buffer_pages_by_reference)
{
	unsigned long pages_before, areas_before, pages_after, areas_after, addr, addr2;
	struct file *file = vfs_open_at(AT_FDCWD, "/dev/mapdrv", O_RDWR, 0);
	struct mm_struct *mm, *mm2;
	phys_addr_t pa;
	int refs_before;

	KT_ASSERT(!IS_ERR(file));
	ktest_memory_in_use(&pages_before, &areas_before);
	mm = mm_create();
	mm2 = mm_create();
	KT_ASSERT(mm && mm2);
	/* One page more than the buffer: the last one is past its end. */
	addr = do_mmap(mm, file, 0, (BUFFER_PAGES + 1) * PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_SHARED, 0);
	KT_ASSERT(!IS_ERR_VALUE(addr));
	for (unsigned int i = 0; i <= BUFFER_PAGES; i++)
		KT_EXPECT(!mapped_at(mm, addr + i * PAGE_SIZE));

	KT_EXPECT_EQ(handle_mm_fault(mm, addr + 3 * PAGE_SIZE + 8, false, false), 0);
	pa = mapped_at(mm, addr + 3 * PAGE_SIZE);
	KT_ASSERT(pa);
	KT_EXPECT(!memcmp(__va(pa), "mapdrv page 3\n", 14));
	KT_EXPECT_EQ((long)get_mm_rss(mm), 1);
	refs_before = refs(pa);

	/* Another address space, mapping from page 3 on: the same page, one more reference. */
	addr2 = do_mmap(mm2, file, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, 3);
	KT_ASSERT(!IS_ERR_VALUE(addr2));
	KT_EXPECT_EQ(handle_mm_fault(mm2, addr2, true, false), 0);
	KT_EXPECT_EQ(mapped_at(mm2, addr2), pa);
	KT_EXPECT_EQ(refs(pa), refs_before + 1);

	KT_EXPECT_EQ(handle_mm_fault(mm, addr + BUFFER_PAGES * PAGE_SIZE, false, false),
		     VM_FAULT_SIGBUS);
	KT_EXPECT(!mapped_at(mm, addr + BUFFER_PAGES * PAGE_SIZE));
	mmput(mm2);
	KT_EXPECT_EQ(refs(pa), refs_before);
	mmput(mm);
	KT_EXPECT_EQ(refs(pa), refs_before - 1);
	ktest_memory_in_use(&pages_after, &areas_after);
	KT_EXPECT_EQ(pages_after, pages_before);
	KT_EXPECT_EQ(areas_after, areas_before);
	fput(file);
}

KTEST(mapdrv, mmap_method_refuses_offsets_past_the_buffer_and_private_writes)
{
	struct file *file = vfs_open_at(AT_FDCWD, "/dev/mapdrv", O_RDWR, 0);
	struct mm_struct *mm;

	KT_ASSERT(!IS_ERR(file));
	mm = mm_create();
	KT_ASSERT(mm);
	KT_EXPECT_EQ(do_mmap(mm, file, 0, PAGE_SIZE, PROT_READ, MAP_SHARED, BUFFER_PAGES),
		     (unsigned long)-EINVAL);
	KT_EXPECT_EQ(do_mmap(mm, file, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0),
		     (unsigned long)-EINVAL);
	KT_EXPECT_EQ(mm->map_count, 0);
	mmput(mm);
	fput(file);
}
