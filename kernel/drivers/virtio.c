/*
 * The virtio "bus": matching a device to its driver and the start-up
 * sequence of Virtio 1.x, 3.1.1, common to every transport: reset,
 * ACKNOWLEDGE, DRIVER, the feature bits both sides know, FEATURES_OK
 * (which the device may refuse), then the driver's own set-up, which ends
 * with DRIVER_OK. A device that is not Virtio 1.x (no VIRTIO_F_VERSION_1)
 * is left alone: tkern speaks only the modern interface.
 */
#include <kernel/drivers/virtio.h>
#include <kernel/errno.h>
#include <kernel/printk.h>

static const struct virtio_driver *const virtio_drivers[] = {
	&virtio_blk_driver,
};

static const struct virtio_driver *find_driver(u32 device_id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(virtio_drivers); i++)
		if (virtio_drivers[i]->device_id == device_id)
			return virtio_drivers[i];
	return NULL;
}

static void add_status(struct virtio_device *vdev, u8 bits)
{
	vdev->config->set_status(vdev, vdev->config->get_status(vdev) | bits);
}

static int negotiate_features(struct virtio_device *vdev, const struct virtio_driver *drv)
{
	u64 offered = vdev->config->get_features(vdev);

	if (!(offered & (1ull << VIRTIO_F_VERSION_1))) {
		pr_warn("virtio%u: device without VIRTIO_F_VERSION_1 (legacy only): skipped\n",
			vdev->index);
		return -ENODEV;
	}
	vdev->features = offered & (drv->features | 1ull << VIRTIO_F_VERSION_1);
	vdev->config->finalize_features(vdev);
	add_status(vdev, VIRTIO_CONFIG_S_FEATURES_OK);
	if (!(vdev->config->get_status(vdev) & VIRTIO_CONFIG_S_FEATURES_OK)) {
		pr_warn("virtio%u: device refused features %#llx\n", vdev->index,
			(unsigned long long)vdev->features);
		return -ENODEV;
	}
	return 0;
}

int virtio_add_device(struct virtio_device *vdev)
{
	const struct virtio_driver *drv = find_driver(vdev->device_id);
	int err;

	if (!drv) {
		pr_info("virtio%u: no driver for device id %u\n", vdev->index, vdev->device_id);
		return -ENODEV;
	}
	vdev->config->reset(vdev);
	add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
	err = negotiate_features(vdev, drv);
	if (!err)
		err = drv->probe(vdev);
	if (err) {
		add_status(vdev, VIRTIO_CONFIG_S_FAILED);
		return err;
	}
	return 0;
}

void virtio_device_ready(struct virtio_device *vdev)
{
	add_status(vdev, VIRTIO_CONFIG_S_DRIVER_OK);
}
