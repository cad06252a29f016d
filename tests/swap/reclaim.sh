# Page reclaim: tests/user/reclaim in a 128 MiB machine with a 512 MiB swap
# area, run as init on tkern and on Linux booted in QEMU with copies of the
# same image (tests/run.py, run_reclaim). Every line must be the same on
# both, but those starting "(tkern)": after each program, free memory and
# free swap must be back where they were, which is checked on tkern alone
# (Linux keeps pages in its caches, and its free memory moves by more).

. /tests/swap/devices.sh
swap="/dev/$(awk '$3 == 524288 { print $4 }' /proc/partitions)"

field() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
# The slab caches' and per-CPU lists' free pages go back first (drop_caches 2).
settle() { echo 2 > /proc/sys/vm/drop_caches; }
baseline() { settle; mem_before=$(field MemFree); swap_before=$(field SwapFree); }
# Memory within 256 kB (the kernel's own tables may keep a page or two), swap exact.
back() {
	settle
	lost=$((mem_before - $(field MemFree)))
	[ "$lost" -le 256 ] && m=yes || m="no, $lost kB short"
	[ "$(field SwapFree)" = "$swap_before" ] && s=yes || s="no, $((swap_before - $(field SwapFree))) kB short"
	echo "(tkern) after $1: MemFree back: $m, SwapFree back: $s"
}

echo "swapon: $(swapon "$swap" && echo ok)"
awk '/^SwapTotal/ { print $1, $2 }' /proc/meminfo

baseline
reclaim one 400
back one

baseline
reclaim many 4 100
back many

baseline
reclaim cow 160
back cow

baseline
reclaim ops 192
back ops

baseline
reclaim swapoff "$swap" 48
echo "areas after swapoff: $(awk 'NR > 1' /proc/swaps | wc -l)"
echo "swapon again: $(swapon "$swap" && echo ok)"
back swapoff

baseline
reclaim shared 160
back shared

baseline
reclaim shmlock 160
back shmlock

baseline
reclaim shmswapoff "$swap" 32
echo "swapon again: $(swapon "$swap" && echo ok)"
back shmswapoff

echo "processes the OOM killer killed: $(awk '$1 == "oom_kill" { print $2 }' /proc/vmstat)"
echo done
