# Swap areas through BusyBox and tests/user/swapcalls, run as init on tkern
# and on Linux booted in QEMU with copies of the same images, made by the
# host's mkswap (tests/run.py, run_swapon): a 16 MiB area, an 8 MiB one,
# a 3 MiB one whose signature is broken, a 6 MiB disk holding the header
# of an 8 MiB area (truncated), a 5 MiB area listing three bad pages, and
# a 2 MiB area whose first sector cannot be read and a 4 MiB one whose
# writes all fail (QEMU's blkdebug).
# Each is found by its size, whatever its name. Every line must be the
# same on both.

. /tests/swap/devices.sh
disk() { echo "/dev/$(awk -v k="$1" '$3 == k { print $4 }' /proc/partitions)"; }
big=$(disk 16384)
small=$(disk 8192)
badsig=$(disk 3072)
short=$(disk 6144)
badpages=$(disk 5120)
faulty=$(disk 2048)
nowrite=$(disk 4096)

meminfo() { awk '/^Swap(Total|Free)/ { print $1, $2 }' /proc/meminfo; }
commit() { awk '/^CommitLimit/ { print $2 }' /proc/meminfo; }
swaps() { cat /proc/swaps; }
# A disk's name differs between runs only by letter: show it by its role.
roles() { sed -e "s|$big|BIG|" -e "s|$small|SMALL|" -e "s|$badpages|BADPAGES|"; }

echo "== none"
swaps
meminfo
free | awk '/^Swap/'
commit_before=$(commit)

echo "== default priorities"
swapon "$big" && swapon "$small" && swapon "$badpages" && echo "three areas on"
swaps | roles
meminfo
free | awk '/^Swap/'
echo "CommitLimit grew by $(($(commit) - commit_before)) kB"

echo "== swapoff of the first moves the later ones up"
swapoff "$big" && swaps | roles
swapon "$big" && swaps | roles
swapoff "$small" && swapoff "$badpages" && swapoff "$big" && echo "all off"
swaps
meminfo

echo "== bad areas"
swapon "$badsig" 2>&1 | sed "s|$badsig|BADSIG|"
swapon "$short" 2>&1 | sed "s|$short|SHORT|"
swapon "$faulty" 2>&1 | sed "s|$faulty|FAULTY|"
dd if=/dev/zero of=/swapfile bs=4096 count=64 2>/dev/null
mkswap /swapfile >/dev/null && echo "mkswap made /swapfile"
swapon /swapfile
mkdir -p /tmp && mount -t tmpfs tmpfs /tmp && cp /swapfile /tmp/swapfile
swapon /tmp/swapfile
swapoff /swapfile
swaps

echo "== the calls"
swapon "$small"
swapcalls "$big" "$badsig" | roles
swapoff "$small"
swaps
meminfo

echo "== memory after 50 swapons and swapoffs"
memfree() { awk '/^MemFree/ { print $2 }' /proc/meminfo; }
# A first cycle grows the kernel's page tables for vmalloc, which stay.
# drop_caches=2 gives back the free objects the slab caches keep per CPU
# (Linux's caches too), so that MemFree counts what the cycles keep.
swapon "$small" && swapoff "$small"
echo 2 > /proc/sys/vm/drop_caches
before=$(memfree)
i=0
while [ $i -lt 50 ]; do
	swapon "$small" && swapoff "$small"
	swapon "$badsig" 2>/dev/null
	i=$((i + 1))
done
# Linux's caches move MemFree by a few pages: the harness looks at this line
# only on tkern, where it must stay within 64 kB. A page lost per cycle
# would be 200 kB. Runs have seen it move by 32 kB either way (-32, 0,
# +32): eight pages that come and go, not a leak; the kernel's page tables
# for vmalloc, where each swapon's maps go, are a candidate not yet confirmed.
echo 2 > /proc/sys/vm/drop_caches
echo "MemFree lost: $((before - $(memfree))) kB"

echo "== /proc/sys/vm"
cat /proc/sys/vm/swappiness
echo 10 > /proc/sys/vm/swappiness && cat /proc/sys/vm/swappiness
echo 201 > /proc/sys/vm/swappiness 2>/dev/null || echo "swappiness 201 refused"
echo 60 > /proc/sys/vm/swappiness
grep -qx '[0-9][0-9]*' /proc/sys/vm/min_free_kbytes && echo "min_free_kbytes is a number"
old=$(cat /proc/sys/vm/min_free_kbytes)
echo 4096 > /proc/sys/vm/min_free_kbytes && cat /proc/sys/vm/min_free_kbytes
echo "$old" > /proc/sys/vm/min_free_kbytes
echo 3 > /proc/sys/vm/drop_caches && echo "drop_caches 3 accepted"
echo 5 > /proc/sys/vm/drop_caches 2>/dev/null || echo "drop_caches 5 refused"
cat /proc/sys/vm/drop_caches 2>/dev/null || echo "drop_caches cannot be read"
stat -c '%n %a' /proc/sys/vm/drop_caches /proc/sys/vm/swappiness /proc/swaps

echo "== pages through swap"
swapout "$big"
swapout --write-fails "$nowrite"
echo done
