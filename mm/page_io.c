/*
 * Moving pages between memory and swap slots: a slot is the page-sized
 * run of sectors at slot × 8 on the area's disk, read and written
 * through the block layer (kernel/block/blkdev.h), waiting for the disk.
 * Neighbouring slots are read with one bio. A write that fails is
 * logged once per area, in Linux's words; the caller keeps the page in
 * memory. Counts pswpin and pswpout, as /proc/vmstat shows them.
 */
#include <mm/swap.h>
#include <mm/mm.h>
#include <kernel/block/blkdev.h>
#include <kernel/printk.h>

static unsigned long nr_pswpin, nr_pswpout;

unsigned long vm_pswpin(void)
{
	return __atomic_load_n(&nr_pswpin, __ATOMIC_RELAXED);
}

unsigned long vm_pswpout(void)
{
	return __atomic_load_n(&nr_pswpout, __ATOMIC_RELAXED);
}

int swap_read_pages(swp_entry_t first, struct page **pages, unsigned int n)
{
	u64 sector;
	struct gendisk *disk = swap_entry_disk(first, &sector);
	int err = blk_rw_pages(disk, REQ_OP_READ, sector, pages, n * PAGE_SECTORS);

	if (!err)
		__atomic_add_fetch(&nr_pswpin, n, __ATOMIC_RELAXED);
	return err;
}

int swap_write_page(swp_entry_t entry, struct page *page)
{
	u64 sector;
	struct gendisk *disk = swap_entry_disk(entry, &sector);
	int err = blk_rw_pages(disk, REQ_OP_WRITE, sector, &page, PAGE_SECTORS);

	if (!err)
		__atomic_add_fetch(&nr_pswpout, 1, __ATOMIC_RELAXED);
	else if (swap_first_write_error(entry))
		pr_err("Write-error on swap-device (%u:%u:%llu)\n", disk->major, disk->first_minor,
		       (unsigned long long)sector);
	return err;
}
