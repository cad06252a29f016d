#!/bin/sh
# Print the QEMU options that attach each raw image named as a virtio disk
# on a modern (version 2) virtio-mmio transport, the only kind tkern drives
# (docs/block.md): the first image becomes /dev/vda, the next /dev/vdb, ...
# QEMU plugs the first -device into the transport with the highest address
# and the kernel, as Linux, names disks lowest address first, so the
# options go out in reverse. Nothing at all without images.
# Usage: qemu/disk-args.sh IMAGE...
[ $# -gt 0 ] || exit 0
args=""
i=0
for image in "$@"; do
	args="-drive file=$image,format=raw,if=none,id=disk$i -device virtio-blk-device,drive=disk$i $args"
	i=$((i + 1))
done
echo "-global virtio-mmio.force-legacy=false $args"
