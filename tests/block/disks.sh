# Three virtio disks through BusyBox, run as init on tkern and on Linux
# booted in QEMU with copies of the same images (tests/run.py, run_block):
# the pattern disk (4099 sectors of 64-bit counters, written by the host),
# an empty 1 MiB scratch disk and a 512 KiB one whose sector 8 fails to
# read. Each is found by its size, whatever its name. Every line must be
# the same on both; the host then checks what the writes left in the
# scratch image.

export PATH=/bin
mount -t proc proc /proc 2>/dev/null
# Debian's Linux has virtio-mmio and virtio_blk as modules; tkern has them built in.
grep -q ' vd' /proc/partitions || for m in /lib/modules/*.ko; do insmod "$m"; done

echo "== /proc/partitions"
cat /proc/partitions

# The nodes as mdev would make them from /proc/partitions (Linux's initramfs
# has no devtmpfs; tkern made them at boot, with the same mode).
while read major minor blocks name; do
	case "$name" in
	vd*) [ -b "/dev/$name" ] || mknod -m 600 "/dev/$name" b "$major" "$minor" ;;
	esac
done < /proc/partitions
pattern=/dev/$(awk '$3 == 2049 { print $4 }' /proc/partitions)
scratch=/dev/$(awk '$3 == 1024 { print $4 }' /proc/partitions)
faulty=/dev/$(awk '$3 == 512 { print $4 }' /proc/partitions)

echo "== nodes"
stat -c '%n: %F, mode %a, owner %u:%g, device %t:%T, size %s' "$pattern" "$scratch"
echo "sizes: $(blockdev --getsize64 "$pattern") $(blockdev --getsz "$scratch") sectors"
echo "sector size: $(blockdev --getss "$pattern")"

echo "== reads"
echo "whole disk: $(dd if="$pattern" bs=4096 2>/dev/null | md5sum)"
echo "bs=512: $(dd if="$pattern" bs=512 2>/dev/null | md5sum)"
echo "unaligned: $(dd if="$pattern" bs=1000 skip=3 count=5 2>/dev/null | md5sum)"
echo "last sectors: $(dd if="$pattern" bs=512 skip=4090 2>/dev/null | od -A d -t u8 | tail -n 3)"
echo "at the end: $(dd if="$pattern" bs=512 skip=4099 count=1 2>/dev/null | wc -c) bytes"
echo "seek to end: $(dd if="$pattern" bs=1 skip=2098688 2>/dev/null | wc -c) bytes"

echo "== writes"
echo "hello, disk" | dd of="$scratch" bs=1 seek=1000 conv=notrunc 2>/dev/null
dd if="$pattern" of="$scratch" bs=4096 seek=16 count=64 conv=fsync 2>/dev/null
echo "copy with fsync: status $?"
sync
echo "read back: $(dd if="$scratch" bs=1 skip=1000 count=11 2>/dev/null)"
echo "copied: $(dd if="$scratch" bs=4096 skip=16 count=64 2>/dev/null | md5sum)"
echo "source: $(dd if="$pattern" bs=4096 count=64 2>/dev/null | md5sum)"
echo "past the end: $(dd if=/dev/zero of="$scratch" bs=512 seek=2048 count=1 2>&1 | head -n 1)"

echo "== errors"
echo "before: $(dd if="$faulty" bs=512 count=8 2>&1 | md5sum)"
dd if="$faulty" of=/dev/null bs=512 skip=8 count=1 2>&1 | head -n 1
dd if="$faulty" of=/dev/null bs=4096 count=2 2>&1 | head -n 1
echo "after: $(dd if="$faulty" bs=512 skip=9 count=8 2>&1 | md5sum)"
echo "done"
