# CPUs and nice values as BusyBox's tools use them (run on 4 CPUs):
# nproc (the caller's sched_getaffinity mask) and nproc --all (sysfs's
# cpuN directories: 1 without /sys), taskset showing and setting masks,
# which /proc/self/status shows, and refusing a mask of no CPU; renice
# (relative) of a process, seen in /proc/<pid>/stat's priority and nice
# fields. Every line printed must be the same on tkern and on Linux: no
# pids.

export PATH=/bin
mkdir -p /proc /sys
mount -t proc proc /proc
mount -t sysfs sysfs /sys || echo "mount sysfs failed"

echo "== counts"
nproc
nproc --all
taskset 5 nproc
cat /sys/devices/system/cpu/online /sys/devices/system/cpu/possible
grep -c processor /proc/cpuinfo

echo "== taskset"
taskset -p $$ | sed 's/pid [0-9]*/pid N/'
taskset 4 sh -c 'taskset -p $$' | sed 's/pid [0-9]*/pid N/'
taskset -c 1,3 grep Cpus_allowed /proc/self/status
taskset -c 0-2 sh -c 'taskset -c -p $$' | sed 's/pid [0-9]*/pid N/'
taskset 10 true 2>&1 | sed 's/pid [0-9]*/pid N/'

echo "== renice"
sh -c 'renice -n 5 -p $$ >/dev/null; cut -d" " -f18,19 /proc/$$/stat'
sleep 5 &
child=$!
renice -n 3 -p $child >/dev/null && cut -d" " -f18,19 /proc/$child/stat
renice -n -2 -p $child >/dev/null && cut -d" " -f18,19 /proc/$child/stat
kill $child
wait $child 2>/dev/null
umount /sys && echo "sysfs unmounted"
