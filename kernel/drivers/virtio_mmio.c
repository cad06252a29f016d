/*
 * The virtio-mmio transport, modern register layout (Virtio 1.x, 4.2.2:
 * Version 2). QEMU's virt machine lists 32 transports in the device tree
 * (kernel/devicetree.c keeps their windows and interrupts); each holds a
 * device or a zero device id. QEMU offers the legacy layout (Version 1)
 * unless started with -global virtio-mmio.force-legacy=false, which every
 * QEMU command of tkern that attaches a device passes: a legacy transport
 * is skipped with a line saying so.
 *
 * Relies on ioremap and readl/writel (asm/io.h) for the registers, on
 * request_irq for the device's GIC SPI, and on the page allocator for the
 * rings: RAM that the device reaches by physical address. QEMU marks the
 * transports dma-coherent, so no cache maintenance is needed, only the
 * barriers of the ring code.
 */
#include <kernel/drivers/virtio.h>
#include <kernel/machine.h>
#include <kernel/printk.h>
#include <kernel/errno.h>
#include <kernel/err.h>
#include <kernel/lib/string.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include <asm/io.h>
#include <asm/irq.h>

#define VIRTIO_MMIO_MAGIC_VALUE 0x000
#define VIRTIO_MMIO_MAGIC 0x74726976	/* "virt", little-endian */
#define VIRTIO_MMIO_VERSION 0x004
#define VIRTIO_MMIO_DEVICE_ID 0x008
#define VIRTIO_MMIO_DEVICE_FEATURES 0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES 0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL 0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX 0x034
#define VIRTIO_MMIO_QUEUE_NUM 0x038
#define VIRTIO_MMIO_QUEUE_READY 0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY 0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS 0x060
#define VIRTIO_MMIO_INTERRUPT_ACK 0x064
#define VIRTIO_MMIO_STATUS 0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW 0x080
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW 0x090	/* the available ring */
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW 0x0a0	/* the used ring */
#define VIRTIO_MMIO_CONFIG 0x100

#define VIRTIO_MMIO_INT_VRING 1		/* a used ring moved */

/* Entries per queue at most: one page of ring memory holds them all. */
#define VIRTIO_MMIO_QUEUE_MAX 128
#define VIRTIO_MMIO_MAX_VQS 1		/* virtio-blk uses one queue */

struct virtio_mmio_device {
	struct virtio_device vdev;
	void __iomem *base;
	unsigned int irq;
	struct virtqueue *vqs[VIRTIO_MMIO_MAX_VQS];
};

static struct virtio_mmio_device *to_vm_dev(struct virtio_device *vdev)
{
	return container_of(vdev, struct virtio_mmio_device, vdev);
}

static void vm_get(struct virtio_device *vdev, unsigned int offset, void *buf,
		   unsigned int len)
{
	void __iomem *config = to_vm_dev(vdev)->base + VIRTIO_MMIO_CONFIG;
	u8 *bytes = buf;
	unsigned int i;

	for (i = 0; i < len; i++)
		bytes[i] = readb(config + offset + i);
}

static u8 vm_get_status(struct virtio_device *vdev)
{
	return (u8)readl(to_vm_dev(vdev)->base + VIRTIO_MMIO_STATUS);
}

static void vm_set_status(struct virtio_device *vdev, u8 status)
{
	writel(status, to_vm_dev(vdev)->base + VIRTIO_MMIO_STATUS);
}

static void vm_reset(struct virtio_device *vdev)
{
	vm_set_status(vdev, 0);
}

static u64 vm_get_features(struct virtio_device *vdev)
{
	void __iomem *base = to_vm_dev(vdev)->base;
	u64 features;

	writel(1, base + VIRTIO_MMIO_DEVICE_FEATURES_SEL);
	features = (u64)readl(base + VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	writel(0, base + VIRTIO_MMIO_DEVICE_FEATURES_SEL);
	return features | readl(base + VIRTIO_MMIO_DEVICE_FEATURES);
}

static void vm_finalize_features(struct virtio_device *vdev)
{
	void __iomem *base = to_vm_dev(vdev)->base;

	writel(1, base + VIRTIO_MMIO_DRIVER_FEATURES_SEL);
	writel((u32)(vdev->features >> 32), base + VIRTIO_MMIO_DRIVER_FEATURES);
	writel(0, base + VIRTIO_MMIO_DRIVER_FEATURES_SEL);
	writel((u32)vdev->features, base + VIRTIO_MMIO_DRIVER_FEATURES);
}

static bool vm_notify(struct virtqueue *vq)
{
	writel(vq->index, to_vm_dev(vq->vdev)->base + VIRTIO_MMIO_QUEUE_NOTIFY);
	return true;
}

/* A 64-bit address into a Low/High register pair. */
static void write_addr(void __iomem *reg, void *ring_part)
{
	phys_addr_t pa = __pa(ring_part);

	writel((u32)pa, reg);
	writel((u32)(pa >> 32), reg + 4);
}

static struct virtqueue *alloc_vq(struct virtio_device *vdev, unsigned int index,
				  unsigned int num)
{
	struct virtqueue *vq = kzalloc(sizeof(*vq) + num * sizeof(void *), GFP_KERNEL);
	struct page *ring = alloc_pages(GFP_KERNEL | __GFP_ZERO, 0);

	if (!vq || !ring) {
		kfree(vq);
		if (ring)
			__free_page(ring);
		return NULL;
	}
	vring_init(vq, num, page_address(ring));
	vq->vdev = vdev;
	vq->index = index;
	vq->notify = vm_notify;
	return vq;
}

/* 4.2.3.2: select the queue, size it, give it its rings, mark it ready. */
static struct virtqueue *vm_find_vq(struct virtio_device *vdev, unsigned int index,
				    void (*callback)(struct virtqueue *vq))
{
	struct virtio_mmio_device *vm_dev = to_vm_dev(vdev);
	void __iomem *base = vm_dev->base;
	struct virtqueue *vq;
	unsigned int num;

	if (index >= VIRTIO_MMIO_MAX_VQS)
		return ERR_PTR(-EINVAL);
	writel(index, base + VIRTIO_MMIO_QUEUE_SEL);
	if (readl(base + VIRTIO_MMIO_QUEUE_READY))
		return ERR_PTR(-ENOENT);
	num = readl(base + VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (num == 0)
		return ERR_PTR(-ENOENT);
	/* A power of two no larger than what the device takes and one page holds. */
	while (num & (num - 1))
		num &= num - 1;
	num = MIN(num, VIRTIO_MMIO_QUEUE_MAX);
	vq = alloc_vq(vdev, index, num);
	if (!vq)
		return ERR_PTR(-ENOMEM);
	vq->callback = callback;
	writel(num, base + VIRTIO_MMIO_QUEUE_NUM);
	write_addr(base + VIRTIO_MMIO_QUEUE_DESC_LOW, vq->desc);
	write_addr(base + VIRTIO_MMIO_QUEUE_DRIVER_LOW, vq->avail);
	write_addr(base + VIRTIO_MMIO_QUEUE_DEVICE_LOW, vq->used);
	vm_dev->vqs[index] = vq;
	writel(1, base + VIRTIO_MMIO_QUEUE_READY);
	return vq;
}

static const struct virtio_config_ops virtio_mmio_config_ops = {
	.get = vm_get,
	.get_status = vm_get_status,
	.set_status = vm_set_status,
	.reset = vm_reset,
	.get_features = vm_get_features,
	.finalize_features = vm_finalize_features,
	.find_vq = vm_find_vq,
};

/* Acknowledge first: the line drops, and a completion after this raises it again. */
static void vm_interrupt(unsigned int irq __unused, void *data)
{
	struct virtio_mmio_device *vm_dev = data;
	u32 status = readl(vm_dev->base + VIRTIO_MMIO_INTERRUPT_STATUS);
	unsigned int i;

	writel(status, vm_dev->base + VIRTIO_MMIO_INTERRUPT_ACK);
	if (!(status & VIRTIO_MMIO_INT_VRING))
		return;
	for (i = 0; i < VIRTIO_MMIO_MAX_VQS; i++)
		if (vm_dev->vqs[i] && vm_dev->vqs[i]->callback)
			vm_dev->vqs[i]->callback(vm_dev->vqs[i]);
}

/* What sits at base: its device id, 0 for none; -errno for a transport we cannot use. */
static int vm_identify(void __iomem *base, unsigned int index, phys_addr_t phys)
{
	u32 magic = readl(base + VIRTIO_MMIO_MAGIC_VALUE);
	u32 version = readl(base + VIRTIO_MMIO_VERSION);
	u32 id = readl(base + VIRTIO_MMIO_DEVICE_ID);

	if (magic != VIRTIO_MMIO_MAGIC) {
		pr_warn("virtio%u: bad magic %#x at %#llx: skipped\n", index, magic,
			(unsigned long long)phys);
		return -ENODEV;
	}
	if (id == 0)
		return 0;
	if (version != 2) {
		pr_warn("virtio%u: virtio-mmio version %u at %#llx: only version 2 is supported "
			"(QEMU: -global virtio-mmio.force-legacy=false): skipped\n",
			index, version, (unsigned long long)phys);
		return -ENODEV;
	}
	return (int)id;
}

static void vm_probe(const struct virtio_mmio_node *node, unsigned int index)
{
	void __iomem *base = ioremap(node->base, node->size);
	struct virtio_mmio_device *vm_dev;
	int id = base ? vm_identify(base, index, node->base) : -ENOMEM;

	vm_dev = id > 0 ? kzalloc(sizeof(*vm_dev), GFP_KERNEL) : NULL;
	if (!vm_dev) {
		if (base)
			iounmap(base);
		return;
	}
	vm_dev->base = base;
	vm_dev->irq = node->irq;
	vm_dev->vdev.index = index;
	vm_dev->vdev.device_id = (u32)id;
	vm_dev->vdev.config = &virtio_mmio_config_ops;
	if (request_irq(node->irq, vm_interrupt, vm_dev)) {
		pr_warn("virtio%u: interrupt %u is taken: skipped\n", index, node->irq);
		kfree(vm_dev);
		iounmap(base);
		return;
	}
	/*
	 * A device the driver refused is reset and kept: its interrupt
	 * handler holds vm_dev, and interrupts cannot be given back.
	 */
	if (virtio_add_device(&vm_dev->vdev))
		vm_reset(&vm_dev->vdev);
}

void virtio_mmio_init(void)
{
	unsigned int i;

	for (i = 0; i < machine.nr_virtio_mmio; i++)
		vm_probe(&machine.virtio_mmio[i], i);
}
