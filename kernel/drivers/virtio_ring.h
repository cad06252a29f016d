/*
 * The split virtqueue of Virtio 1.x (section 2.7): a descriptor table, an
 * available ring the driver fills and a used ring the device fills, all
 * in memory both sides reach. The ring logic (kernel/drivers/virtio_ring.c)
 * knows nothing of the transport: it is handed zeroed memory of
 * vring_size(num) bytes and a notify function, which is also what lets
 * the host tests drive it with a fake device. Callers serialise calls on
 * one queue (the driver's lock).
 *
 * Every field is little-endian on the wire; the kernel is little-endian
 * only (the Image header says so), so they are plain integers here.
 */
#ifndef KERNEL_DRIVERS_VIRTIO_RING_H
#define KERNEL_DRIVERS_VIRTIO_RING_H

#include <kernel/types.h>

#define VRING_DESC_F_NEXT 1	/* the chain goes on at next */
#define VRING_DESC_F_WRITE 2	/* the device writes this buffer (else reads it) */
#define VRING_USED_F_NO_NOTIFY 1	/* the device needs no kick for now */

struct vring_desc {
	u64 addr;		/* physical address of the buffer */
	u32 len;
	u16 flags;
	u16 next;
};

struct vring_avail {
	u16 flags;
	u16 idx;		/* where the driver puts the next entry, mod 2^16 */
	u16 ring[];		/* heads of descriptor chains */
};

struct vring_used_elem {
	u32 id;			/* head of the chain the device is done with */
	u32 len;		/* bytes it wrote into the chain */
};

struct vring_used {
	u16 flags;
	u16 idx;
	struct vring_used_elem ring[];
};

/* One buffer of a request, by physical address (Linux's scatterlist, reduced). */
struct scatterlist {
	phys_addr_t dma_address;
	unsigned int length;
};

struct virtio_device;

struct virtqueue {
	struct virtio_device *vdev;
	unsigned int index;		/* the queue's number on its device */
	unsigned int num;		/* entries in each ring, a power of two */
	unsigned int num_free;		/* descriptors not in any chain */
	bool broken;			/* the device broke the protocol: no more I/O */
	u16 free_head;			/* free descriptors are chained through next */
	u16 avail_idx;			/* our copy of avail->idx */
	u16 last_used_idx;		/* used entries taken so far, mod 2^16 */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	/* Tell the device the available ring moved; false if it is gone. */
	bool (*notify)(struct virtqueue *vq);
	/* The device used buffers (from its interrupt). */
	void (*callback)(struct virtqueue *vq);
	void *priv;			/* the driver's */
	void *data[];			/* the caller's token per chain head */
};

/* Bytes of ring memory for num entries: descriptors, then avail, then used. */
size_t vring_size(unsigned int num);
/* Lay out vq's rings in mem (zeroed, vring_size(num) bytes, 16-byte aligned). */
void vring_init(struct virtqueue *vq, unsigned int num, void *mem);

/*
 * Post one chain: out buffers the device reads, then in buffers it
 * writes, with a token that virtqueue_get_buf gives back. 0, -ENOSPC when
 * there are too few free descriptors, -EIO when the queue is broken.
 */
int virtqueue_add_sgs(struct virtqueue *vq, const struct scatterlist *sg,
		      unsigned int out, unsigned int in, void *data);
/* Notify the device of what was added, unless it said it needs no kick. */
bool virtqueue_kick(struct virtqueue *vq);
/* The token of the next chain the device is done with (its length in *len), or NULL. */
void *virtqueue_get_buf(struct virtqueue *vq, unsigned int *len);

#endif
