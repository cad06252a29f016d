/*
 * The transport-independent start of a virtio device (kernel/drivers/
 * virtio.c) on a fake transport made here: which devices are refused
 * before their driver runs, which feature bits are accepted, and the
 * status bits written on the way. No device is touched.
 */
#include <kernel/ktest.h>
#include <kernel/drivers/virtio.h>
#include <kernel/errno.h>

struct fake_transport {
	struct virtio_device vdev;
	u64 offered;
	bool refuse_features;	/* clear FEATURES_OK when the driver sets it */
	u8 status;
	u64 written_features;
	unsigned int resets;
};

static struct fake_transport *to_fake(struct virtio_device *vdev)
{
	return container_of(vdev, struct fake_transport, vdev);
}

static u8 fake_get_status(struct virtio_device *vdev)
{
	return to_fake(vdev)->status;
}

static void fake_set_status(struct virtio_device *vdev, u8 status)
{
	struct fake_transport *fake = to_fake(vdev);

	if (fake->refuse_features)
		status &= ~VIRTIO_CONFIG_S_FEATURES_OK;
	fake->status = status;
}

static void fake_reset(struct virtio_device *vdev)
{
	to_fake(vdev)->status = 0;
	to_fake(vdev)->resets++;
}

static u64 fake_get_features(struct virtio_device *vdev)
{
	return to_fake(vdev)->offered;
}

static void fake_finalize_features(struct virtio_device *vdev)
{
	to_fake(vdev)->written_features = vdev->features;
}

static const struct virtio_config_ops fake_ops = {
	.get_status = fake_get_status,
	.set_status = fake_set_status,
	.reset = fake_reset,
	.get_features = fake_get_features,
	.finalize_features = fake_finalize_features,
};

static void fake_init(struct fake_transport *fake, u32 device_id, u64 offered)
{
	*fake = (struct fake_transport){ .offered = offered };
	fake->vdev.device_id = device_id;
	fake->vdev.index = 99;
	fake->vdev.config = &fake_ops;
}

KTEST(virtio, legacy_device_without_version_1_is_refused)
{
	struct fake_transport fake;

	fake_init(&fake, VIRTIO_ID_BLOCK, ~(1ull << VIRTIO_F_VERSION_1));
	fake.status = 0x55;	/* whatever a previous driver left */
	KT_EXPECT_EQ(virtio_add_device(&fake.vdev), -ENODEV);
	KT_EXPECT_EQ(fake.resets, 1);
	KT_EXPECT_EQ(fake.status, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
				  VIRTIO_CONFIG_S_FAILED);
	KT_EXPECT_EQ(fake.written_features, 0);
}

KTEST(virtio, only_known_features_are_accepted)
{
	struct fake_transport fake;

	/* Every bit offered; the device then refuses, so the driver's probe never runs. */
	fake_init(&fake, VIRTIO_ID_BLOCK, ~0ull);
	fake.refuse_features = true;
	KT_EXPECT_EQ(virtio_add_device(&fake.vdev), -ENODEV);
	KT_EXPECT_EQ(fake.written_features,
		     virtio_blk_driver.features | 1ull << VIRTIO_F_VERSION_1);
	KT_EXPECT(fake.status & VIRTIO_CONFIG_S_FAILED);
	KT_EXPECT(!(fake.status & VIRTIO_CONFIG_S_DRIVER_OK));
}

KTEST(virtio, device_without_driver_is_left_alone)
{
	struct fake_transport fake;

	fake_init(&fake, 4242, ~0ull);
	KT_EXPECT_EQ(virtio_add_device(&fake.vdev), -ENODEV);
	KT_EXPECT_EQ(fake.resets, 0);
	KT_EXPECT_EQ(fake.status, 0);
}
