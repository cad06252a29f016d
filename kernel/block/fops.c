/*
 * Block device files (/dev/vda, ...): read, write, lseek, fsync and the
 * size ioctls, as Linux's block/fops.c answers them for a file opened without
 * a page cache. Each read or write goes to the disk through bios of up to
 * BLKDEV_IO_PAGES bounce pages: a read covers the pages around the range
 * asked for, and a write of part of a sector reads it first
 * (read-modify-write). A read at the end gives 0,
 * a write there -ENOSPC, and one that crosses the end is cut short, as on
 * Linux.
 */
#include <kernel/block/blkdev.h>
#include <kernel/fs/fs.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <mm/mm.h>

#define BLKDEV_IO_PAGES 16

/* ioctl numbers of linux/fs.h. */
#define BLKROGET 0x125e
#define BLKGETSIZE 0x1260
#define BLKSSZGET 0x1268
#define BLKGETSIZE64 0x80081272
#define BLKPBSZGET 0x127b

struct bounce {
	unsigned int nr;	/* pages, as many as the call needs up to BLKDEV_IO_PAGES */
	struct page *pages[BLKDEV_IO_PAGES];
};

static loff_t disk_bytes(const struct gendisk *disk)
{
	return (loff_t)disk->capacity << SECTOR_SHIFT;
}

static int blkdev_open(struct inode *inode, struct file *file)
{
	struct gendisk *disk = get_gendisk(inode->i_rdev);

	if (!disk)
		return -ENXIO;	/* a node whose disk is not there */
	file->private_data = disk;
	return 0;
}

static void bounce_free(struct bounce *b)
{
	while (b->nr)
		__free_page(b->pages[--b->nr]);
}

/* Enough pages for len bytes from pos: a small read or write takes one or two. */
static int bounce_alloc(struct bounce *b, loff_t pos, size_t len)
{
	size_t want = MIN(DIV_ROUND_UP(pos % PAGE_SIZE + len, PAGE_SIZE), (size_t)BLKDEV_IO_PAGES);

	for (b->nr = 0; b->nr < want; b->nr++) {
		b->pages[b->nr] = alloc_page(GFP_KERNEL);
		if (!b->pages[b->nr]) {
			bounce_free(b);
			return -ENOMEM;
		}
	}
	return 0;
}

/* Copy n bytes between user memory and the bounce pages from byte off. */
static int bounce_copy(struct bounce *b, unsigned int off, unsigned long ubuf, size_t n,
		       bool to_user)
{
	while (n) {
		char *kaddr = (char *)page_address(b->pages[off / PAGE_SIZE]) + off % PAGE_SIZE;
		size_t len = MIN(n, PAGE_SIZE - off % PAGE_SIZE);
		long left = to_user ? copy_to_user(ubuf, kaddr, len) :
				      copy_from_user(kaddr, ubuf, len);

		if (left)
			return -EFAULT;
		off += len;
		ubuf += len;
		n -= len;
	}
	return 0;
}

/*
 * One piece of a read or write, as much as the bounce pages hold: bytes moved or
 * -errno. A read takes the whole pages (of the file's offsets) around the
 * range, as Linux's page cache reads a block device, so a bad sector fails
 * every read that touches its page on both; a write takes whole sectors.
 */
static long blkdev_rw_chunk(struct gendisk *disk, struct bounce *b, enum req_op op,
			    unsigned long ubuf, size_t len, loff_t pos)
{
	loff_t granule = op == REQ_OP_READ ? PAGE_SIZE : SECTOR_SIZE;
	loff_t start = ALIGN_DOWN(pos, granule);
	unsigned int off = pos - start;
	size_t n = MIN(len, b->nr * PAGE_SIZE - off);
	loff_t end = MIN(ALIGN_UP(pos + (loff_t)n, granule), disk_bytes(disk));
	unsigned int nr = (end - start) >> SECTOR_SHIFT;
	bool partial = off % SECTOR_SIZE || (off + n) % SECTOR_SIZE;
	int err = 0;

	if (op == REQ_OP_READ || partial)
		err = blk_rw_pages(disk, REQ_OP_READ, start >> SECTOR_SHIFT, b->pages, nr);
	if (!err)
		err = bounce_copy(b, off, ubuf, n, op == REQ_OP_READ);
	if (!err && op == REQ_OP_WRITE)
		err = blk_rw_pages(disk, REQ_OP_WRITE, start >> SECTOR_SHIFT, b->pages, nr);
	return err ? err : (long)n;
}

static long blkdev_rw(struct file *file, enum req_op op, unsigned long buf, size_t len,
		      loff_t *pos)
{
	struct gendisk *disk = file->private_data;
	struct bounce b;
	size_t done = 0;
	long n = 0;

	if (*pos >= disk_bytes(disk))
		return op == REQ_OP_WRITE && len ? -ENOSPC : 0;
	len = MIN(len, (size_t)(disk_bytes(disk) - *pos));
	if (len && bounce_alloc(&b, *pos, len))
		return -ENOMEM;
	while (done < len) {
		n = blkdev_rw_chunk(disk, &b, op, buf + done, len - done, *pos);
		if (n < 0)
			break;
		done += n;
		*pos += n;
	}
	if (len)
		bounce_free(&b);
	return done ? (long)done : n;
}

static long blkdev_read(struct file *file, unsigned long buf, size_t len, loff_t *pos)
{
	return blkdev_rw(file, REQ_OP_READ, buf, len, pos);
}

static long blkdev_write(struct file *file, unsigned long buf, size_t len, loff_t *pos)
{
	return blkdev_rw(file, REQ_OP_WRITE, buf, len, pos);
}

static loff_t blkdev_llseek(struct file *file, loff_t offset, int whence)
{
	return generic_file_llseek(file, offset, whence, disk_bytes(file->private_data));
}

/* Linux's blkdev_fsync: what the disk holds in its write cache reaches the medium. */
static int blkdev_fsync(struct file *file)
{
	return blk_rw_pages(file->private_data, REQ_OP_FLUSH, 0, NULL, 0);
}

static long put_value(unsigned long arg, const void *value, size_t size)
{
	return copy_to_user(arg, value, size) ? -EFAULT : 0;
}

static long blkdev_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct gendisk *disk = file->private_data;
	u64 bytes = (u64)disk_bytes(disk);
	unsigned long sectors = disk->capacity;
	int sector_size = SECTOR_SIZE, read_only = 0;

	switch (cmd) {
	case BLKGETSIZE64:
		return put_value(arg, &bytes, sizeof(bytes));
	case BLKGETSIZE:
		return put_value(arg, &sectors, sizeof(sectors));
	case BLKSSZGET:
	case BLKPBSZGET:
		return put_value(arg, &sector_size, sizeof(sector_size));
	case BLKROGET:
		return put_value(arg, &read_only, sizeof(read_only));
	default:
		return -ENOTTY;
	}
}

const struct file_operations def_blk_fops = {
	.open = blkdev_open,
	.read = blkdev_read,
	.write = blkdev_write,
	.llseek = blkdev_llseek,
	.ioctl = blkdev_ioctl,
	.fsync = blkdev_fsync,
};
