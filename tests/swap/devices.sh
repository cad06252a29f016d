# Sourced by the swap scripts (swapon.sh, reclaim.sh) as they start as
# init: /proc, the virtio modules on Linux (tkern has the drivers built
# in), and a node for each disk as mdev would make it from
# /proc/partitions (Linux's initramfs has no devtmpfs).
export PATH=/bin
mount -t proc proc /proc 2>/dev/null
grep -q ' vd' /proc/partitions || for m in /lib/modules/*.ko; do insmod "$m"; done
while read major minor blocks name; do
	case "$name" in
	vd*) [ -b "/dev/$name" ] || mknod -m 600 "/dev/$name" b "$major" "$minor" ;;
	esac
done < /proc/partitions
