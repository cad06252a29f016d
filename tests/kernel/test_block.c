/*
 * The block layer and virtio-blk on the machine's first disk, vda, which
 * tests/run.py attaches to the boot suite that runs these: 4099 sectors
 * holding 64-bit little-endian counters (the word at byte 8k is k), so a
 * read of the wrong sector or a short one shows. Writes go to sectors the
 * tests read first and put back afterwards. Without a vda every test
 * fails, saying so.
 */
#include <kernel/ktest.h>
#include <kernel/block/blkdev.h>
#include <kernel/fs/fs.h>
#include <kernel/fs/stat.h>
#include <kernel/atomic.h>
#include <kernel/errno.h>
#include <kernel/wait.h>
#include <kernel/lib/string.h>
#include <mm/mm.h>

#define IN_FLIGHT_BIOS 200	/* over the queue's 128 descriptors, 3 per one-page bio */

static struct gendisk *test_disk(struct ktest_ctx *t)
{
	struct gendisk *disk = get_gendisk_by_name("vda");

	if (!disk)
		ktest_fail(t, __FILE__, __LINE__, "no vda: boot with the test disk of tests/run.py");
	return disk;
}

/* Does buf hold the counters of nr sectors from sector on? */
static bool holds_pattern(const void *buf, sector_t sector, unsigned int nr)
{
	const u64 *word = buf;
	u64 k;

	for (k = 0; k < nr * SECTOR_SIZE / 8; k++)
		if (word[k] != sector * (SECTOR_SIZE / 8) + k)
			return false;
	return true;
}

KTEST(block, reads_the_host_pattern)
{
	struct gendisk *disk = test_disk(t);
	struct page *page[2] = { alloc_page(GFP_KERNEL), alloc_page(GFP_KERNEL) };
	sector_t last;

	KT_ASSERT(disk && page[0] && page[1]);
	KT_EXPECT_EQ(disk->capacity, 4099);
	last = disk->capacity - 3;
	KT_EXPECT_EQ(blk_rw_pages(disk, REQ_OP_READ, 0, page, 16), 0);
	KT_EXPECT(holds_pattern(page_address(page[0]), 0, 8));
	KT_EXPECT(holds_pattern(page_address(page[1]), 8, 8));
	KT_EXPECT_EQ(blk_rw_pages(disk, REQ_OP_READ, 5, page, 1), 0);
	KT_EXPECT(holds_pattern(page_address(page[0]), 5, 1));
	/* The disk ends three sectors into a page: a bio of part of one. */
	KT_EXPECT_EQ(blk_rw_pages(disk, REQ_OP_READ, last, page, 3), 0);
	KT_EXPECT(holds_pattern(page_address(page[0]), last, 3));
	__free_page(page[0]);
	__free_page(page[1]);
}

KTEST(block, write_read_back_and_restore)
{
	unsigned long pages_before, areas_before, pages_after, areas_after;
	struct gendisk *disk = test_disk(t);
	struct page *out[2], *in[2];
	unsigned int i;

	KT_ASSERT(disk);
	ktest_memory_in_use(&pages_before, &areas_before);
	for (i = 0; i < 2; i++) {
		out[i] = alloc_page(GFP_KERNEL);
		in[i] = alloc_page(GFP_KERNEL);
		KT_ASSERT(out[i] && in[i]);
		memset(page_address(out[i]), 0xa5 + i, PAGE_SIZE);
	}
	KT_EXPECT_EQ(blk_rw_pages(disk, REQ_OP_WRITE, 101, out, 16), 0);
	KT_EXPECT_EQ(blk_rw_pages(disk, REQ_OP_FLUSH, 0, NULL, 0), 0);
	KT_EXPECT_EQ(blk_rw_pages(disk, REQ_OP_READ, 101, in, 16), 0);
	for (i = 0; i < 2; i++)
		KT_EXPECT(!memcmp(page_address(in[i]), page_address(out[i]), PAGE_SIZE));
	/* The neighbours are untouched. */
	KT_EXPECT_EQ(blk_rw_pages(disk, REQ_OP_READ, 100, in, 1), 0);
	KT_EXPECT(holds_pattern(page_address(in[0]), 100, 1));
	KT_EXPECT_EQ(blk_rw_pages(disk, REQ_OP_READ, 117, in, 1), 0);
	KT_EXPECT(holds_pattern(page_address(in[0]), 117, 1));

	for (i = 0; i < 16 * SECTOR_SIZE / 8; i++)
		((u64 *)page_address(out[i / (PAGE_SIZE / 8)]))[i % (PAGE_SIZE / 8)] =
			101 * (SECTOR_SIZE / 8) + i;
	KT_EXPECT_EQ(blk_rw_pages(disk, REQ_OP_WRITE, 101, out, 16), 0);
	KT_EXPECT_EQ(blk_rw_pages(disk, REQ_OP_READ, 101, in, 16), 0);
	KT_EXPECT(holds_pattern(page_address(in[0]), 101, 8));
	KT_EXPECT(holds_pattern(page_address(in[1]), 109, 8));
	for (i = 0; i < 2; i++) {
		__free_page(out[i]);
		__free_page(in[i]);
	}
	ktest_memory_in_use(&pages_after, &areas_after);
	KT_EXPECT_EQ(pages_after, pages_before);
	KT_EXPECT_EQ(areas_after, areas_before);
}

static atomic_t bios_done;
static DECLARE_WAIT_QUEUE_HEAD(bios_done_wait);

static void count_done(struct bio *bio __unused)
{
	atomic_inc(&bios_done);
	wake_up(&bios_done_wait);
}

/* Sector each bio of the in-flight test reads: spread over the disk, whole pages. */
static sector_t spread(unsigned int i, sector_t capacity)
{
	return (sector_t)i * 37 % (capacity - PAGE_SECTORS);
}

KTEST(block, many_requests_in_flight)
{
	unsigned long pages_before, areas_before, pages_after, areas_after;
	struct gendisk *disk = test_disk(t);
	static struct bio *bios[IN_FLIGHT_BIOS];
	unsigned int i, good = 0;

	KT_ASSERT(disk);
	ktest_memory_in_use(&pages_before, &areas_before);
	atomic_set(&bios_done, 0);
	for (i = 0; i < IN_FLIGHT_BIOS; i++) {
		struct page *page = alloc_page(GFP_KERNEL);

		bios[i] = bio_alloc(disk, 1, REQ_OP_READ, GFP_KERNEL);
		KT_ASSERT(page && bios[i]);
		bio_add_page(bios[i], page, PAGE_SIZE, 0);
		bios[i]->bi_sector = spread(i, disk->capacity);
		bios[i]->bi_end_io = count_done;
	}
	for (i = 0; i < IN_FLIGHT_BIOS; i++)
		submit_bio(bios[i]);
	wait_event(bios_done_wait, atomic_read(&bios_done) == IN_FLIGHT_BIOS);
	for (i = 0; i < IN_FLIGHT_BIOS; i++) {
		struct page *page = bios[i]->bi_io_vec[0].bv_page;

		good += bios[i]->bi_status == BLK_STS_OK &&
			holds_pattern(page_address(page), spread(i, disk->capacity), PAGE_SECTORS);
		__free_page(page);
		bio_put(bios[i]);
	}
	KT_EXPECT_EQ(good, IN_FLIGHT_BIOS);
	ktest_memory_in_use(&pages_after, &areas_after);
	KT_EXPECT_EQ(pages_after, pages_before);
	KT_EXPECT_EQ(areas_after, areas_before);
}

KTEST(block, past_the_end_fails_with_eio)
{
	struct gendisk *disk = test_disk(t);
	struct page *page = alloc_page(GFP_KERNEL);

	KT_ASSERT(disk && page);
	KT_EXPECT_EQ(blk_rw_pages(disk, REQ_OP_READ, disk->capacity - 1, &page, 2), -EIO);
	KT_EXPECT_EQ(blk_rw_pages(disk, REQ_OP_READ, disk->capacity, &page, 1), -EIO);
	KT_EXPECT_EQ(blk_rw_pages(disk, REQ_OP_WRITE, disk->capacity + 100, &page, 1), -EIO);
	/* Up to the very last sector is fine. */
	KT_EXPECT_EQ(blk_rw_pages(disk, REQ_OP_READ, disk->capacity - 1, &page, 1), 0);
	KT_EXPECT(holds_pattern(page_address(page), disk->capacity - 1, 1));
	__free_page(page);
}

KTEST(block, proc_partitions_and_dev_node)
{
	struct gendisk *disk = test_disk(t);
	char text[512];
	struct seq_buf m;
	struct inode *node;
	umode_t mode;
	u32 rdev;
	int err;

	KT_ASSERT(disk);
	seq_buf_init(&m, text, sizeof(text));
	partitions_show(&m);
	KT_EXPECT(!strncmp(text, "major minor  #blocks  name\n\n", 28));
	KT_EXPECT(strstr(text, " 254        0       2049 vda\n") != NULL);
	spin_lock(&vfs_lock);
	err = ramfs_lookup(ramfs_root(), "/dev/vda", 0, &node);
	mode = err ? 0 : node->i_mode;
	rdev = err ? 0 : node->i_rdev;
	spin_unlock(&vfs_lock);
	KT_ASSERT_EQ(err, 0);
	KT_EXPECT_EQ(mode, S_IFBLK | 0600);
	KT_EXPECT_EQ(rdev, MKDEV(254, 0));
	KT_EXPECT(get_gendisk(rdev) == disk);
}
