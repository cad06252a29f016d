/*
 * The split virtqueue of kernel/drivers/virtio_ring.c against a fake
 * device written here from the Virtio 1.x rules: it takes chains from the
 * available ring in order, fills the buffers marked device-writable and
 * posts them on the used ring in whatever order the test asks. Buffer
 * "physical" addresses are host pointers. Checks the layout, chains and
 * tokens, a full ring, completions out of order, 16-bit index wrap-around,
 * notification suppression and a device that names a chain not in flight.
 */
#include "htest.h"
#include <stdlib.h>
#include <string.h>
#include <kernel/drivers/virtio_ring.h>
#include <kernel/errno.h>

extern unsigned long host_printk_errors;

struct fake_device {
	u16 last_avail;		/* avail entries taken */
	u16 heads[1024];	/* taken, not yet used */
	u32 lens[1024];
	unsigned int nr_taken;
	unsigned int kicks;
};

static struct fake_device dev;

static bool fake_notify(struct virtqueue *vq __attribute__((unused)))
{
	dev.kicks++;
	return true;
}

static struct virtqueue *new_vq(unsigned int num)
{
	struct virtqueue *vq = calloc(1, sizeof(*vq) + num * sizeof(void *));
	void *mem = aligned_alloc(16, ALIGN_UP(vring_size(num), (size_t)16));

	memset(mem, 0, vring_size(num));
	vring_init(vq, num, mem);
	vq->notify = fake_notify;
	memset(&dev, 0, sizeof(dev));
	return vq;
}

static void free_vq(struct virtqueue *vq)
{
	free(vq->desc);
	free(vq);
}

/* Take every new chain: fill its writable buffers with 0x5a, remember its head. */
static void device_take(struct virtqueue *vq)
{
	while (dev.last_avail != vq->avail->idx) {
		u16 head = vq->avail->ring[dev.last_avail++ % vq->num], d = head;
		u32 written = 0;

		for (;;) {
			struct vring_desc *desc = &vq->desc[d];

			if (desc->flags & VRING_DESC_F_WRITE) {
				memset((void *)(uintptr_t)desc->addr, 0x5a, desc->len);
				written += desc->len;
			}
			if (!(desc->flags & VRING_DESC_F_NEXT))
				break;
			d = desc->next;
		}
		dev.heads[dev.nr_taken] = head;
		dev.lens[dev.nr_taken++] = written;
	}
}

/* Post taken chain i (in taking order) as used. */
static void device_use(struct virtqueue *vq, unsigned int i)
{
	struct vring_used_elem *elem = &vq->used->ring[vq->used->idx % vq->num];

	elem->id = dev.heads[i];
	elem->len = dev.lens[i];
	vq->used->idx++;
}

static int add_request(struct virtqueue *vq, char *hdr, char *data, char *status, void *token)
{
	struct scatterlist sg[3] = {
		{ (uintptr_t)hdr, 16 }, { (uintptr_t)data, 512 }, { (uintptr_t)status, 1 },
	};

	return virtqueue_add_sgs(vq, sg, 1, 2, token);
}

HTEST(ring_layout_fits_one_page_and_aligns)
{
	struct virtqueue *vq = new_vq(128);

	CHECK(vring_size(128) <= 4096);
	CHECK_EQ((char *)vq->avail - (char *)vq->desc, 128 * 16);
	CHECK_EQ(((uintptr_t)vq->used) % 4, 0);
	CHECK((char *)&vq->used->ring[128] + 2 <= (char *)vq->desc + vring_size(128));
	CHECK((char *)&vq->avail->ring[128] + 2 <= (char *)vq->used);
	free_vq(vq);
}

HTEST(chain_round_trip_gives_token_and_length)
{
	struct virtqueue *vq = new_vq(8);
	char hdr[16] = "header", data[512], status = 0;
	unsigned int len = 0;

	memset(data, 0, sizeof(data));
	CHECK_EQ(add_request(vq, hdr, data, &status, hdr), 0);
	CHECK_EQ(vq->num_free, 5);
	CHECK(virtqueue_kick(vq));
	CHECK_EQ(dev.kicks, 1);
	CHECK(virtqueue_get_buf(vq, &len) == NULL);	/* nothing used yet */
	device_take(vq);
	CHECK_EQ(dev.nr_taken, 1);
	device_use(vq, 0);
	CHECK(virtqueue_get_buf(vq, &len) == hdr);
	CHECK_EQ(len, 513);
	CHECK_EQ(data[511], 0x5a);
	CHECK_EQ(status, 0x5a);
	CHECK_EQ(hdr[0], 'h');				/* the device-readable part is left alone */
	CHECK_EQ(vq->num_free, 8);
	CHECK(virtqueue_get_buf(vq, &len) == NULL);
	free_vq(vq);
}

HTEST(full_ring_then_out_of_order_completion)
{
	static char hdr[64][16], data[64][512], status[64];
	struct virtqueue *vq = new_vq(64);
	unsigned int len, i, added = 0, round;
	bool seen[64];

	for (round = 0; round < 3; round++) {
		for (added = 0; add_request(vq, hdr[added], data[added], &status[added],
					    hdr[added]) == 0; added++)
			;
		CHECK_EQ(added, 21);				/* 64 descriptors, 3 a chain */
		CHECK_EQ(add_request(vq, hdr[0], data[0], &status[0], hdr[0]), -ENOSPC);
		device_take(vq);
		memset(seen, 0, sizeof(seen));
		for (i = added; i-- > 0;)			/* last taken, first used */
			device_use(vq, i);
		for (i = 0; i < added; i++) {
			char (*token)[16] = virtqueue_get_buf(vq, &len);

			CHECK(token != NULL);
			CHECK(!seen[token - hdr]);
			seen[token - hdr] = true;
		}
		CHECK(virtqueue_get_buf(vq, &len) == NULL);
		CHECK_EQ(vq->num_free, 64);
		dev.nr_taken = 0;
	}
	free_vq(vq);
}

HTEST(indices_wrap_past_65536)
{
	struct virtqueue *vq = new_vq(4);
	char hdr[16], data[512], status;
	unsigned int len, i;

	for (i = 0; i < 70000; i++) {
		CHECK_EQ(add_request(vq, hdr, data, &status, (void *)(uintptr_t)(i + 1)), 0);
		device_take(vq);
		device_use(vq, 0);
		dev.nr_taken = 0;
		CHECK_EQ((uintptr_t)virtqueue_get_buf(vq, &len), i + 1);
	}
	CHECK_EQ(vq->avail->idx, (u16)70000);
	CHECK_EQ(vq->num_free, 4);
	free_vq(vq);
}

HTEST(no_notify_flag_spares_the_kick)
{
	struct virtqueue *vq = new_vq(8);
	char hdr[16], data[512], status;

	vq->used->flags = VRING_USED_F_NO_NOTIFY;
	CHECK_EQ(add_request(vq, hdr, data, &status, hdr), 0);
	CHECK(virtqueue_kick(vq));
	CHECK_EQ(dev.kicks, 0);
	vq->used->flags = 0;
	CHECK(virtqueue_kick(vq));
	CHECK_EQ(dev.kicks, 1);
	free_vq(vq);
}

HTEST(device_naming_a_free_chain_breaks_the_queue)
{
	struct virtqueue *vq = new_vq(8);
	char hdr[16], data[512], status;
	unsigned long errors = host_printk_errors;
	unsigned int len;

	CHECK_EQ(add_request(vq, hdr, data, &status, hdr), 0);
	vq->used->ring[0] = (struct vring_used_elem){ 3, 1 };	/* heads no chain */
	vq->used->idx = 1;
	CHECK(virtqueue_get_buf(vq, &len) == NULL);
	CHECK(vq->broken);
	CHECK_EQ(host_printk_errors, errors + 1);
	CHECK_EQ(add_request(vq, hdr, data, &status, hdr), -EIO);
	free_vq(vq);

	vq = new_vq(8);
	CHECK_EQ(add_request(vq, hdr, data, &status, hdr), 0);
	vq->used->ring[0] = (struct vring_used_elem){ 8, 1 };	/* past the table */
	vq->used->idx = 1;
	CHECK(virtqueue_get_buf(vq, &len) == NULL);
	CHECK(vq->broken);
	free_vq(vq);
}
