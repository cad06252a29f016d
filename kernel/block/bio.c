/*
 * bios: allocation, segments, submission to the disk's driver and
 * completion. submit_bio checks what Linux's submit_bio_noacct checks
 * (the range lies on the disk, the segments are whole sectors and few
 * enough for the driver) and ends a bio that fails them at once.
 * submit_bio_wait sleeps on one wait queue shared by every waiter, so
 * that the completing side, often an interrupt handler, touches nothing
 * of the waiter's after setting its done flag: the waiter may return and
 * free the bio the moment it sees the flag.
 */
#include <kernel/block/blkdev.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/wait.h>
#include <mm/slab.h>

static DECLARE_WAIT_QUEUE_HEAD(bio_wait_queue);

struct bio *bio_alloc(struct gendisk *disk, unsigned short nr_vecs, enum req_op op, gfp_t gfp)
{
	struct bio *bio = kzalloc(sizeof(*bio) + nr_vecs * sizeof(struct bio_vec), gfp);

	if (!bio)
		return NULL;
	bio->bi_disk = disk;
	bio->bi_opf = op;
	bio->bi_max_vecs = nr_vecs;
	INIT_LIST_HEAD(&bio->bi_list);
	return bio;
}

void bio_put(struct bio *bio)
{
	kfree(bio);
}

unsigned int bio_add_page(struct bio *bio, struct page *page, unsigned int len,
			  unsigned int offset)
{
	struct bio_vec *bv;

	if (bio->bi_vcnt == bio->bi_max_vecs || len == 0 || offset + len > PAGE_SIZE)
		return 0;
	bv = &bio->bi_io_vec[bio->bi_vcnt++];
	bv->bv_page = page;
	bv->bv_len = len;
	bv->bv_offset = offset;
	return len;
}

unsigned int bio_size(const struct bio *bio)
{
	unsigned int i, size = 0;

	for (i = 0; i < bio->bi_vcnt; i++)
		size += bio->bi_io_vec[i].bv_len;
	return size;
}

struct bio *bio_alloc_pages(struct gendisk *disk, enum req_op op, sector_t sector,
			    struct page **pages, unsigned int nr_sectors, gfp_t gfp)
{
	unsigned int bytes = nr_sectors << SECTOR_SHIFT, i;
	struct bio *bio = bio_alloc(disk, DIV_ROUND_UP(nr_sectors, PAGE_SECTORS), op, gfp);

	if (!bio)
		return NULL;
	bio->bi_sector = sector;
	for (i = 0; bytes; i++) {
		unsigned int len = MIN(bytes, (unsigned int)PAGE_SIZE);

		bio_add_page(bio, pages[i], len, 0);
		bytes -= len;
	}
	return bio;
}

int blk_status_to_errno(blk_status_t status)
{
	switch (status) {
	case BLK_STS_OK:
		return 0;
	case BLK_STS_NOTSUPP:
		return -EOPNOTSUPP;
	case BLK_STS_NOSPC:
		return -ENOSPC;
	case BLK_STS_RESOURCE:
		return -ENOMEM;
	default:
		return -EIO;
	}
}

void bio_endio(struct bio *bio)
{
	if (bio->bi_end_io)
		bio->bi_end_io(bio);
}

static bool bio_segments_ok(const struct bio *bio)
{
	unsigned int i;

	if (bio->bi_vcnt > bio->bi_disk->max_segments)
		return false;
	for (i = 0; i < bio->bi_vcnt; i++)
		if ((bio->bi_io_vec[i].bv_len | bio->bi_io_vec[i].bv_offset) % SECTOR_SIZE)
			return false;
	return (bio->bi_opf == REQ_OP_FLUSH) == (bio->bi_vcnt == 0);
}

/*
 * Linux says "attempt to access beyond end of device" (rate-limited) and
 * fails the bio the same way; here the first time for each disk.
 */
static bool bio_in_range(const struct bio *bio)
{
	struct gendisk *disk = bio->bi_disk;
	sector_t sectors = bio_size(bio) >> SECTOR_SHIFT;

	if (bio->bi_sector <= disk->capacity && sectors <= disk->capacity - bio->bi_sector)
		return true;
	if (!disk->beyond_end_reported)
		pr_info("%s: attempt to access beyond end of device (sector %llu, %llu sectors; "
			"capacity %llu)\n", disk->disk_name, (unsigned long long)bio->bi_sector,
			(unsigned long long)sectors, (unsigned long long)disk->capacity);
	disk->beyond_end_reported = true;
	return false;
}

void submit_bio(struct bio *bio)
{
	if (!bio_segments_ok(bio) || !bio_in_range(bio)) {
		bio->bi_status = BLK_STS_IOERR;
		bio_endio(bio);
		return;
	}
	bio->bi_status = BLK_STS_OK;
	bio->bi_disk->fops->submit_bio(bio);
}

static void submit_bio_wait_endio(struct bio *bio)
{
	bool *done = bio->bi_private;

	smp_wmb();	/* bi_status before the flag */
	WRITE_ONCE(*done, true);
	wake_up(&bio_wait_queue);
}

int submit_bio_wait(struct bio *bio)
{
	bool done = false;

	bio->bi_private = &done;
	bio->bi_end_io = submit_bio_wait_endio;
	submit_bio(bio);
	wait_event(bio_wait_queue, READ_ONCE(done));
	smp_rmb();
	return blk_status_to_errno(bio->bi_status);
}

int blk_rw_pages(struct gendisk *disk, enum req_op op, sector_t sector, struct page **pages,
		 unsigned int nr_sectors)
{
	struct bio *bio = bio_alloc_pages(disk, op, sector, pages, nr_sectors, GFP_KERNEL);
	int err;

	if (!bio)
		return -ENOMEM;
	err = submit_bio_wait(bio);
	bio_put(bio);
	return err;
}
