# The process and file system tools of BusyBox over /proc and mounts: ps,
# pidof, killall, top -b -n1, free, uptime, df, mount and umount of a
# tmpfs. Only the shape of their output is printed (headings, columns,
# what a line names): pids, times and memory figures differ between runs
# and between tkern and Linux, the lines must not.

export PATH=/bin
mount -t proc proc /proc

echo "== ps, pidof, killall"
ps | head -1
# The shell's own "Terminated" note comes when it happens to reap the job: not shown.
{
sleep 30 &
sleeper=$!
# ps names the sleeper only once it has exec'd sleep (a busy host may not
# have run it yet): wait for that, at most 5 s.
tries=0
while [ "$(cat /proc/$sleeper/comm)" != sleep ] && [ $tries -lt 50 ]; do
	usleep 100000
	tries=$((tries + 1))
done
ps | awk -v p="$sleeper" '$1 == p { $1 = "PID"; print "sleeper:", $0 }'
pidof sleep | tr ' ' '\n' | grep -qx "$sleeper" && echo "pidof sleep finds the sleeper"
killall sleep
wait "$sleeper"
echo "killall sleep: the sleeper ended with status $?"
} 2>/dev/null
pidof sleep || echo "pidof sleep: none left ($?)"
killall nosuchprogram 2>&1; echo "killall nosuchprogram: status $?"

echo "== top"
top -b -n1 > /tmp/top.txt
awk 'NR <= 3 { print NR ":", $1 }' /tmp/top.txt
sed -n 4p /tmp/top.txt
awk 'NR > 4 && NF > 3 && $(NF - 2) == "top" { print "top lists itself:", $(NF - 2), $(NF - 1), $NF }' /tmp/top.txt
awk 'NR > 4 && $1 == 1 { print "top lists init:", $2, $4 }' /tmp/top.txt
rm /tmp/top.txt

echo "== free"
free | awk '{ print NF, $1 }'
free | awk '$1 == "Mem:" { print "total >= used + free:", ($2 >= $3 + $4) }'

echo "== uptime"
uptime | sed 's/.*load average: /load average: /' | awk '{ print $1, $2, NF }'
uptime | grep -q ' up ' && echo "uptime says up"

echo "== mount, df, umount"
mkdir -p /mnt/t
mount -t tmpfs -o size=256k scratch /mnt/t && echo "mounted"
mount | grep /mnt/t
df | head -1
df /mnt/t | tail -1
dd if=/dev/zero of=/mnt/t/f bs=1k count=100 2>/dev/null
df /mnt/t | tail -1
dd if=/dev/zero of=/mnt/t/g bs=1k count=1000 2>&1 | head -1
df /mnt/t | tail -1
rm /mnt/t/f /mnt/t/g
df /mnt/t | tail -1
cd /mnt/t && umount /mnt/t
echo "umount with the shell inside: $?"
cd /
umount /mnt/t && echo "unmounted"
mount | grep -c /mnt/t
df /mnt/t | tail -1 | awk '{ print $1, $NF }'
