/*
 * virtio-blk (Virtio 1.x, 5.2): a disk on one virtqueue. Each bio
 * becomes one request, a descriptor chain of a header the device reads
 * (type and first sector), the bio's segments (read by the device for a
 * write, written by it for a read) and a status byte it writes. Requests
 * wait on a pending list while the ring has too few free descriptors and
 * go in as completions free them, so the ring stays as full as the
 * callers keep it. Completions come by interrupt: the transport calls
 * virtblk_done(), which ends each finished bio outside the lock (a bio's
 * end may submit the next one).
 *
 * Relies on the transport (virtio.h) and the ring (virtio_ring.h) for the
 * device, on the block layer (kernel/block/blkdev.h) for its callers.
 */
#include <kernel/drivers/virtio.h>
#include <kernel/block/blkdev.h>
#include <kernel/spinlock.h>
#include <kernel/printk.h>
#include <kernel/errno.h>
#include <kernel/err.h>
#include <mm/mm.h>
#include <mm/slab.h>

#define VIRTIO_BLK_F_SEG_MAX 2		/* config seg_max: data segments per request */
#define VIRTIO_BLK_F_FLUSH 9		/* the device has a write cache to flush */

#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4

#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_UNSUPP 2

/* Offsets in the configuration space (struct virtio_blk_config). */
#define VIRTIO_BLK_CFG_CAPACITY 0	/* u64, 512-byte sectors */
#define VIRTIO_BLK_CFG_SEG_MAX 12	/* u32 */

struct virtio_blk_outhdr {
	u32 type;
	u32 ioprio;
	u64 sector;
};

struct virtblk_req {
	struct virtio_blk_outhdr out_hdr;	/* device-readable */
	u8 status;				/* device-writable */
	struct bio *bio;
	struct list_head list;			/* pending, then done */
	unsigned int out, in;			/* buffers the device reads, writes */
	struct scatterlist sg[];		/* header, segments, status */
};

struct virtio_blk {
	struct virtio_device *vdev;
	struct virtqueue *vq;
	spinlock_t lock;			/* the queue and pending */
	struct list_head pending;		/* requests not yet on the ring */
	bool error_reported;
	struct gendisk disk;
};

static unsigned int nr_disks;

static const char *op_name(enum req_op op)
{
	return op == REQ_OP_READ ? "READ" : op == REQ_OP_WRITE ? "WRITE" : "FLUSH";
}

static struct virtblk_req *virtblk_req_alloc(struct bio *bio)
{
	unsigned int nsegs = bio->bi_vcnt, i;
	struct virtblk_req *req = kmalloc(sizeof(*req) + (nsegs + 2) * sizeof(req->sg[0]),
					  GFP_KERNEL);

	if (!req)
		return NULL;
	req->bio = bio;
	req->status = 0xff;	/* not VIRTIO_BLK_S_OK until the device says so */
	req->out_hdr.type = bio->bi_opf == REQ_OP_READ ? VIRTIO_BLK_T_IN :
			    bio->bi_opf == REQ_OP_WRITE ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_FLUSH;
	req->out_hdr.ioprio = 0;
	req->out_hdr.sector = bio->bi_opf == REQ_OP_FLUSH ? 0 : bio->bi_sector;
	req->sg[0] = (struct scatterlist){ __pa(&req->out_hdr), sizeof(req->out_hdr) };
	for (i = 0; i < nsegs; i++) {
		struct bio_vec *bv = &bio->bi_io_vec[i];

		req->sg[1 + i] = (struct scatterlist){
			page_to_phys(bv->bv_page) + bv->bv_offset, bv->bv_len };
	}
	req->sg[1 + nsegs] = (struct scatterlist){ __pa(&req->status), 1 };
	req->out = 1 + (bio->bi_opf == REQ_OP_WRITE ? nsegs : 0);
	req->in = 1 + (bio->bi_opf == REQ_OP_READ ? nsegs : 0);
	return req;
}

/* The device's answer to the bio's status; a failure is logged once per disk. */
static void virtblk_finish(struct virtio_blk *vblk, struct virtblk_req *req)
{
	struct bio *bio = req->bio;

	bio->bi_status = req->status == VIRTIO_BLK_S_OK ? BLK_STS_OK :
			 req->status == VIRTIO_BLK_S_UNSUPP ? BLK_STS_NOTSUPP : BLK_STS_IOERR;
	if (bio->bi_status && !vblk->error_reported) {
		vblk->error_reported = true;
		pr_err("I/O error, dev %s, sector %llu op 0x%x:(%s) (device status %u)\n",
		       vblk->disk.disk_name, (unsigned long long)req->out_hdr.sector,
		       bio->bi_opf, op_name(bio->bi_opf), req->status);
	}
	kfree(req);
	bio_endio(bio);
}

/*
 * Move pending requests onto the ring while it has room; lock held.
 * A broken queue fails them instead (onto done).
 */
static void virtblk_start_pending(struct virtio_blk *vblk, struct list_head *done)
{
	struct virtblk_req *req, *next;
	bool added = false;

	list_for_each_entry_safe(req, next, &vblk->pending, list) {
		int err = virtqueue_add_sgs(vblk->vq, req->sg, req->out, req->in, req);

		if (err == -ENOSPC)
			break;
		list_del(&req->list);
		if (err)
			list_add_tail(&req->list, done);
		added |= !err;
	}
	if (added)
		virtqueue_kick(vblk->vq);
}

static void finish_all(struct virtio_blk *vblk, struct list_head *done)
{
	struct virtblk_req *req, *next;

	list_for_each_entry_safe(req, next, done, list)
		virtblk_finish(vblk, req);
}

/* The queue's interrupt: take every used request, refill the ring, end the bios. */
static void virtblk_done(struct virtqueue *vq)
{
	struct virtio_blk *vblk = vq->priv;
	struct virtblk_req *req;
	unsigned long flags;
	unsigned int len;
	LIST_HEAD(done);

	spin_lock_irqsave(&vblk->lock, flags);
	while ((req = virtqueue_get_buf(vq, &len)))
		list_add_tail(&req->list, &done);
	virtblk_start_pending(vblk, &done);
	spin_unlock_irqrestore(&vblk->lock, flags);
	finish_all(vblk, &done);
}

static void virtblk_submit_bio(struct bio *bio)
{
	struct virtio_blk *vblk = bio->bi_disk->private_data;
	struct virtblk_req *req;
	unsigned long flags;
	LIST_HEAD(done);

	if (bio->bi_opf == REQ_OP_FLUSH && !virtio_has_feature(vblk->vdev, VIRTIO_BLK_F_FLUSH)) {
		bio_endio(bio);		/* no write cache: nothing to flush */
		return;
	}
	req = virtblk_req_alloc(bio);
	if (!req) {
		bio->bi_status = BLK_STS_RESOURCE;
		bio_endio(bio);
		return;
	}
	spin_lock_irqsave(&vblk->lock, flags);
	list_add_tail(&req->list, &vblk->pending);
	virtblk_start_pending(vblk, &done);
	spin_unlock_irqrestore(&vblk->lock, flags);
	finish_all(vblk, &done);
}

static const struct block_device_operations virtblk_fops = {
	.submit_bio = virtblk_submit_bio,
};

/* vda .. vdz, then vdaa .. vdaz, ...: Linux's naming. */
static void virtblk_name(char *name, size_t size, unsigned int index)
{
	if (index < 26)
		snprintf(name, size, "vd%c", 'a' + index);
	else
		snprintf(name, size, "vd%c%c", 'a' + index / 26 - 1, 'a' + index % 26);
}

/* Segments per request: what the device takes, and two descriptors fewer than the ring. */
static unsigned int virtblk_max_segments(struct virtio_blk *vblk)
{
	unsigned int max = vblk->vq->num - 2;
	u32 seg_max;

	if (virtio_has_feature(vblk->vdev, VIRTIO_BLK_F_SEG_MAX)) {
		vblk->vdev->config->get(vblk->vdev, VIRTIO_BLK_CFG_SEG_MAX, &seg_max,
					sizeof(seg_max));
		if (seg_max)
			max = MIN(max, seg_max);
	}
	return max;
}

static int virtblk_probe(struct virtio_device *vdev)
{
	struct virtio_blk *vblk = kzalloc(sizeof(*vblk), GFP_KERNEL);
	struct gendisk *disk;
	struct virtqueue *vq;

	if (!vblk)
		return -ENOMEM;
	vq = vdev->config->find_vq(vdev, 0, virtblk_done);
	if (IS_ERR(vq)) {
		kfree(vblk);
		return (int)PTR_ERR(vq);
	}
	vq->priv = vblk;
	vblk->vdev = vdev;
	vblk->vq = vq;
	spin_lock_init(&vblk->lock);
	INIT_LIST_HEAD(&vblk->pending);
	vdev->priv = vblk;
	disk = &vblk->disk;
	virtblk_name(disk->disk_name, sizeof(disk->disk_name), nr_disks);
	disk->major = VIRTBLK_MAJOR;
	disk->first_minor = nr_disks++ * VIRTBLK_MINORS;
	vdev->config->get(vdev, VIRTIO_BLK_CFG_CAPACITY, &disk->capacity, sizeof(disk->capacity));
	disk->max_segments = virtblk_max_segments(vblk);
	disk->fops = &virtblk_fops;
	disk->private_data = vblk;
	virtio_device_ready(vdev);
	add_disk(disk);
	pr_info("virtio_blk virtio%u: [%s] %llu 512-byte logical blocks (%llu KiB), %u segments "
		"per request, queue of %u\n", vdev->index, disk->disk_name,
		(unsigned long long)disk->capacity, (unsigned long long)disk->capacity / 2,
		disk->max_segments, vq->num);
	return 0;
}

const struct virtio_driver virtio_blk_driver = {
	.name = "virtio_blk",
	.device_id = VIRTIO_ID_BLOCK,
	.features = 1ull << VIRTIO_BLK_F_SEG_MAX | 1ull << VIRTIO_BLK_F_FLUSH,
	.probe = virtblk_probe,
};
