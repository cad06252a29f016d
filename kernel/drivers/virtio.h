/*
 * Virtio devices as drivers see them, whatever the transport: a device
 * id, negotiated feature bits, a configuration space and virtqueues
 * (Virtio 1.x, sections 2 and 3). A transport (kernel/drivers/virtio_mmio.c)
 * fills struct virtio_config_ops and hands each device it finds to
 * virtio_add_device(), which runs the status handshake and the driver
 * for its id (kernel/drivers/virtio.c).
 */
#ifndef KERNEL_DRIVERS_VIRTIO_H
#define KERNEL_DRIVERS_VIRTIO_H

#include <kernel/types.h>
#include <kernel/drivers/virtio_ring.h>

/* Device status bits (2.1). */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE 1
#define VIRTIO_CONFIG_S_DRIVER 2
#define VIRTIO_CONFIG_S_DRIVER_OK 4
#define VIRTIO_CONFIG_S_FEATURES_OK 8
#define VIRTIO_CONFIG_S_FAILED 0x80

#define VIRTIO_F_VERSION_1 32	/* a Virtio 1.x device, not a legacy one */

#define VIRTIO_ID_BLOCK 2

struct virtio_device;

struct virtio_config_ops {
	/* len bytes of the device's configuration space from offset. */
	void (*get)(struct virtio_device *vdev, unsigned int offset, void *buf,
		    unsigned int len);
	u8 (*get_status)(struct virtio_device *vdev);
	void (*set_status)(struct virtio_device *vdev, u8 status);
	/* Back to the state before the driver: rings forgotten, status 0. */
	void (*reset)(struct virtio_device *vdev);
	u64 (*get_features)(struct virtio_device *vdev);
	/* Write vdev->features (the accepted ones) to the device. */
	void (*finalize_features)(struct virtio_device *vdev);
	/* Set up queue index with callback on its interrupts; NULL or ERR_PTR. */
	struct virtqueue *(*find_vq)(struct virtio_device *vdev, unsigned int index,
				     void (*callback)(struct virtqueue *vq));
};

struct virtio_device {
	unsigned int index;		/* the transport's number: virtio0, virtio1, ... */
	u32 device_id;
	u64 features;			/* the ones both sides accepted */
	const struct virtio_config_ops *config;
	void *priv;			/* the driver's */
};

struct virtio_driver {
	const char *name;
	u32 device_id;
	u64 features;			/* bits it understands, VIRTIO_F_VERSION_1 aside */
	/* The device is acknowledged and its features settled; 0 or -errno. */
	int (*probe)(struct virtio_device *vdev);
};

extern const struct virtio_driver virtio_blk_driver;

static inline bool virtio_has_feature(const struct virtio_device *vdev, unsigned int bit)
{
	return vdev->features & (1ull << bit);
}

/* Find the driver for a device a transport found and start it; 0 or -errno. */
int virtio_add_device(struct virtio_device *vdev);
/* The driver is ready: the device may use its queues (DRIVER_OK). */
void virtio_device_ready(struct virtio_device *vdev);

/* Look for virtio-mmio devices in the device tree and start them (at boot). */
void virtio_mmio_init(void);

#endif
