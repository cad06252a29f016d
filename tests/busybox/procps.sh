export PATH=/bin
mount -t proc proc /proc 2>/dev/null
echo "== ps"
ps
echo "== mounts"
cat /proc/mounts
mkdir -p /mnt/t && mount -t tmpfs -o size=64k tmpfs /mnt/t && echo mounted
cat /proc/mounts
df
df -k /mnt/t
echo hi > /mnt/t/a; cat /mnt/t/a
dd if=/dev/zero of=/mnt/t/big bs=4096 count=100 2>&1 | tail -1
ls -l /mnt/t
cd /mnt/t; pwd; cd ..; pwd; cd /
umount /mnt/t && echo umounted
cat /proc/mounts
echo "== free"
free
echo "== uptime"
uptime
echo "== top"
top -b -n1 | head -12
echo "== cpuinfo"
cat /proc/cpuinfo
echo "== stat"
head -3 /proc/stat | cut -c1-60
tail -6 /proc/stat
echo "== self"
cat /proc/self/status
cat /proc/self/stat; echo
cat /proc/self/statm
ls -l /proc/self/fd/ /proc/self/cwd /proc/self/root
cat /proc/self/fdinfo/0
tr '\0' ' ' < /proc/self/cmdline; echo
echo -n newname > /proc/self/comm; cat /proc/$$/comm
cat /proc/sys/kernel/hostname /proc/sys/kernel/ostype /proc/sys/kernel/pid_max
echo myhost > /proc/sys/kernel/hostname; hostname
echo hello | cat /dev/stdin
ls -l /dev/stdin /dev/fd/
pidof sh
sleep 10 & killall sleep; wait
echo done
