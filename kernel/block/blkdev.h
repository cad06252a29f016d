/*
 * The block layer: disks (struct gendisk) that take reads and writes of
 * whole 512-byte sectors as bios, lists of page segments. A caller builds
 * a bio (bio_alloc, bio_add_page), says where it ends (bi_end_io, called
 * once the device is done, possibly from its interrupt) and hands it to
 * submit_bio(), which passes it to the disk's driver; submit_bio_wait()
 * sleeps until it is done instead. The driver queues what it cannot start
 * at once, so many bios may be in flight together. Names, status codes
 * and rules are Linux's (include/linux/blkdev.h, bio.h, blk_types.h);
 * docs/block.md describes the whole path.
 */
#ifndef KERNEL_BLOCK_BLKDEV_H
#define KERNEL_BLOCK_BLKDEV_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/lib/seq_buf.h>
#include <mm/gfp.h>
#include <asm/page-def.h>

typedef u64 sector_t;
typedef u8 blk_status_t;

#define SECTOR_SHIFT 9
#define SECTOR_SIZE (1u << SECTOR_SHIFT)
#define PAGE_SECTORS (PAGE_SIZE >> SECTOR_SHIFT)

/* Linux's values, which blk_status_to_errno maps. */
#define BLK_STS_OK 0
#define BLK_STS_NOTSUPP 1	/* -EOPNOTSUPP */
#define BLK_STS_NOSPC 3		/* -ENOSPC */
#define BLK_STS_RESOURCE 9	/* -ENOMEM: the driver could not allocate */
#define BLK_STS_IOERR 10	/* -EIO */

enum req_op {
	REQ_OP_READ = 0,
	REQ_OP_WRITE = 1,
	REQ_OP_FLUSH = 2,	/* make written data durable; carries no data */
};

/* Every disk's major: Linux gives virtio_blk 254 on QEMU's virt (a dynamic one). */
#define VIRTBLK_MAJOR 254
#define VIRTBLK_MINORS 16	/* per disk: the disk and 15 partitions, as Linux's */

struct bio;
typedef void bio_end_io_t(struct bio *bio);

/* A segment: len bytes at offset in page; len and offset multiples of 512. */
struct bio_vec {
	struct page *bv_page;
	unsigned int bv_len;
	unsigned int bv_offset;
};

struct bio {
	struct gendisk *bi_disk;
	enum req_op bi_opf;
	sector_t bi_sector;		/* where on the disk the first segment goes */
	blk_status_t bi_status;		/* set before bi_end_io is called */
	unsigned short bi_vcnt;		/* segments added */
	unsigned short bi_max_vecs;
	bio_end_io_t *bi_end_io;
	void *bi_private;		/* the submitter's */
	struct list_head bi_list;	/* the driver's, while it holds the bio */
	struct bio_vec bi_io_vec[];
};

/* What a driver provides: take a bio and, sooner or later, bio_endio() it. */
struct block_device_operations {
	void (*submit_bio)(struct bio *bio);
};

struct gendisk {
	char disk_name[32];		/* "vda": its /dev node and /proc/partitions name */
	unsigned int major, first_minor;
	sector_t capacity;		/* in 512-byte sectors */
	unsigned int max_segments;	/* bio_vecs per bio the driver takes */
	const struct block_device_operations *fops;
	void *private_data;		/* the driver's */
	bool beyond_end_reported;	/* a bio past the end was logged (once per disk) */
	struct list_head list;		/* all disks, in the order added */
};

/* ---- bios (kernel/block/bio.c) ---- */

/* A bio for up to nr_vecs segments on disk, with no segment yet; NULL without memory. */
struct bio *bio_alloc(struct gendisk *disk, unsigned short nr_vecs, enum req_op op, gfp_t gfp);
void bio_put(struct bio *bio);
/* Append a segment; len bytes at offset in page. Returns len, or 0 when the bio is full. */
unsigned int bio_add_page(struct bio *bio, struct page *page, unsigned int len,
			  unsigned int offset);
/* Bytes the bio moves. */
unsigned int bio_size(const struct bio *bio);
/*
 * A bio over nr_sectors from sector held in pages[0], pages[1], ...: whole
 * pages, the last one possibly in part. NULL without memory.
 */
struct bio *bio_alloc_pages(struct gendisk *disk, enum req_op op, sector_t sector,
			    struct page **pages, unsigned int nr_sectors, gfp_t gfp);
/* The same bio, submitted and waited for: 0 or -errno. */
int blk_rw_pages(struct gendisk *disk, enum req_op op, sector_t sector, struct page **pages,
		 unsigned int nr_sectors);
/*
 * Start the bio. It ends, once, through bi_end_io with bi_status set: at
 * once with BLK_STS_IOERR when it reaches past the disk's end or is
 * malformed, as Linux ends such a bio.
 */
void submit_bio(struct bio *bio);
/* Start the bio and sleep until it is done: 0 or -errno (-EIO for a device error). */
int submit_bio_wait(struct bio *bio);
/* For drivers: the bio is done, bi_status says how. */
void bio_endio(struct bio *bio);
int blk_status_to_errno(blk_status_t status);

/* ---- disks (kernel/block/genhd.c) ---- */

/* Make disk known: /proc/partitions, its /dev node once /dev exists, opens of its number. */
void add_disk(struct gendisk *disk);
/* The disk with device number dev (MKDEV encoding), or NULL. */
struct gendisk *get_gendisk(u32 dev);
/* Disks by name, in the order added ("vda"); NULL when there is none. */
struct gendisk *get_gendisk_by_name(const char *name);
/* /proc/partitions, and the block half of /proc/devices. */
void partitions_show(struct seq_buf *m);
void blkdev_show(struct seq_buf *m);
struct inode;
/* The nodes of the known disks in dev, each unless it is there already; vfs_lock held. */
void disk_make_nodes(struct inode *dev);

/* Block device files (kernel/block/fops.c): read, write, seek, ioctl through bios. */
extern const struct file_operations def_blk_fops;

#endif
