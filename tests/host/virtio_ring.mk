# The split virtqueue against a fake device: chains, tokens, a full ring, wrap-around.
HOST_TESTS += virtio_ring
host_virtio_ring_SRCS := tests/host/test_virtio_ring.c kernel/drivers/virtio_ring.c
