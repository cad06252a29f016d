/*
 * Split virtqueues: free descriptors chained through their next fields,
 * chains posted on the available ring, taken back from the used ring.
 * The barriers order our writes to the rings against the device, which
 * reads and writes them from another thread of QEMU (or another bus
 * master): a chain must be complete before its head shows in avail->ring,
 * and that entry before avail->idx moves; used->idx is read before the
 * entry it covers. Relies only on asm/barrier.h and the printk log, so
 * the host tests build it as it is.
 */
#include <kernel/drivers/virtio_ring.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <asm/barrier.h>

static size_t avail_offset(unsigned int num)
{
	return num * sizeof(struct vring_desc);
}

/* The used ring needs 4-byte alignment (Virtio 1.x, 2.7 "Virtqueue Alignment"). */
static size_t used_offset(unsigned int num)
{
	return ALIGN_UP(avail_offset(num) + sizeof(struct vring_avail) + (num + 1) * sizeof(u16),
			(size_t)4);
}

size_t vring_size(unsigned int num)
{
	return used_offset(num) + sizeof(struct vring_used) +
		num * sizeof(struct vring_used_elem) + sizeof(u16);
}

void vring_init(struct virtqueue *vq, unsigned int num, void *mem)
{
	unsigned int i;

	vq->num = num;
	vq->desc = mem;
	vq->avail = (struct vring_avail *)((char *)mem + avail_offset(num));
	vq->used = (struct vring_used *)((char *)mem + used_offset(num));
	for (i = 0; i + 1 < num; i++)
		vq->desc[i].next = (u16)(i + 1);
	vq->free_head = 0;
	vq->num_free = num;
	vq->avail_idx = 0;
	vq->last_used_idx = 0;
	vq->broken = false;
}

int virtqueue_add_sgs(struct virtqueue *vq, const struct scatterlist *sg,
		      unsigned int out, unsigned int in, void *data)
{
	unsigned int total = out + in, i;
	u16 head = vq->free_head, d = head, last = head;

	if (vq->broken)
		return -EIO;
	if (total == 0 || total > vq->num_free)
		return -ENOSPC;
	for (i = 0; i < total; i++) {
		vq->desc[d].addr = sg[i].dma_address;
		vq->desc[d].len = sg[i].length;
		vq->desc[d].flags = (i + 1 < total ? VRING_DESC_F_NEXT : 0) |
				    (i >= out ? VRING_DESC_F_WRITE : 0);
		last = d;
		d = vq->desc[d].next;
	}
	vq->free_head = vq->desc[last].next;
	vq->num_free -= total;
	vq->data[head] = data;
	vq->avail->ring[vq->avail_idx & (vq->num - 1)] = head;
	dma_wmb();
	vq->avail_idx++;
	WRITE_ONCE(vq->avail->idx, vq->avail_idx);
	return 0;
}

bool virtqueue_kick(struct virtqueue *vq)
{
	/* The new avail->idx must be visible before we read whether to kick. */
	mb();
	if (READ_ONCE(vq->used->flags) & VRING_USED_F_NO_NOTIFY)
		return true;
	return vq->notify(vq);
}

/* Give head's chain back to the free list. */
static void detach_buf(struct virtqueue *vq, u16 head)
{
	u16 d = head;

	vq->num_free++;
	while (vq->desc[d].flags & VRING_DESC_F_NEXT) {
		d = vq->desc[d].next;
		vq->num_free++;
	}
	vq->desc[d].next = vq->free_head;
	vq->free_head = head;
	vq->data[head] = NULL;
}

/* The device named a descriptor that heads no chain of ours: stop using the queue. */
static void *bad_ring(struct virtqueue *vq, u32 id)
{
	pr_err("virtio: queue %u: device used descriptor %u, which is not in flight\n",
	       vq->index, id);
	vq->broken = true;
	return NULL;
}

void *virtqueue_get_buf(struct virtqueue *vq, unsigned int *len)
{
	struct vring_used_elem *elem;
	void *data;
	u32 id;

	if (vq->broken || vq->last_used_idx == READ_ONCE(vq->used->idx))
		return NULL;
	dma_rmb();	/* the entry is read after the index that covers it */
	elem = &vq->used->ring[vq->last_used_idx & (vq->num - 1)];
	id = READ_ONCE(elem->id);
	if (id >= vq->num || !vq->data[id])
		return bad_ring(vq, id);
	*len = READ_ONCE(elem->len);
	data = vq->data[id];
	detach_buf(vq, (u16)id);
	vq->last_used_idx++;
	return data;
}
