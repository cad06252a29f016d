# Files as BusyBox's tools use them, run by Debian's BusyBox ash as init on
# tkern and on Linux booted in QEMU (tests/run.py compares the two line by
# line): touch, mv, cp -a, ln, chmod, chown, truncate, FIFOs, df, read
# loops, sed -i, tar with mtimes, and the system tools ps, top, free,
# uptime and date.
# Every line printed must be the same on both: what legitimately differs
# (pids, times, memory sizes, kernel threads) is masked or reduced to a
# check that holds on any correct system, never what tkern could get wrong.

export PATH=/bin TZ=UTC
mount -t proc proc /proc 2>/dev/null
umask 022
top=/tmp/files.$$
mkdir "$top" && cd "$top" || exit 1

# Name, type, mode, link count, owner, size and mtime, as stat prints them;
# "now" for a time that is the clock's (within a minute).
show() {
	stat -c '%n: %F %a %h %u:%g %s bytes, mtime %Y' "$@" |
		awk -v now="$(date +%s)" '{ t = $NF; if (t > now - 60 && t <= now) $NF = "now"; print }'
}

echo "== touch"
touch new
show new
touch -d '2020-01-02 03:04:05' new
show new
touch -c absent
ls absent 2>&1
touch -t 202102030405.06 a b
show a b
touch now
mtime=$(stat -c %Y now) && [ $(($(date +%s) - mtime)) -le 5 ] &&
	echo "a new file's mtime is the clock's time"

echo "== mv"
echo one > f1
mv f1 f2 && cat f2
ls f1 2>&1
mkdir d1
mv f2 d1/ && ls d1
echo replaced > other
mv other d1/f2 && cat d1/f2
mkdir d2 && mv d1 d2/ && ls -R d2
mv nothere somewhere 2>&1; echo "status $?"
mv d2 d2/d1 2>&1; echo "status $?"
touch -d '2019-09-09 09:09:09' kept && mv kept moved && show moved

echo "== cp -a"
mkdir -p src/sub
echo data > src/sub/file
chmod 640 src/sub/file
ln -s sub/file src/link
ln src/sub/file src/hard
touch -h -d '2018-08-08 08:08:08' src/link
touch -d '2017-07-07 07:07:07' src/sub/file src/sub src
cp -a src copy
find copy | sort | while read -r f; do show "$f"; done
readlink copy/link
cp src/sub/file plain && show plain | sed 's/mtime .*/mtime (now)/'
cp -p src/sub/file preserved && show preserved

echo "== ln"
echo target > t
ln t hard1 && ln hard1 hard2
show t
ln -s t soft && readlink soft && cat soft
ln -s nowhere dangling && cat dangling 2>&1
ln t hard1 2>&1; echo "status $?"
ln -sf hard2 soft && readlink soft
ln -s /tmp abs && ls -d abs/. >/dev/null && echo "absolute link followed"
rm hard1 && show t

echo "== chmod"
touch m
chmod 600 m && stat -c '%a %A' m
chmod u+x,g+rw,o+r m && stat -c '%a %A' m
chmod 4755 m && stat -c '%a %A' m
chmod 1777 m && stat -c '%a %A' m
chmod a-rwxst m && stat -c '%a %A' m
mkdir -p r/s && touch r/s/f
chmod -R 700 r && stat -c '%n %a' r r/s r/s/f
chmod 999 m 2>&1; echo "status $?"

echo "== chown"
touch o
chown 123:456 o && stat -c '%u:%g' o
chown 7 o && stat -c '%u:%g' o
chown :8 o && stat -c '%u:%g' o
ln -s o olink
chown -h 9:10 olink && stat -c '%n %u:%g' olink o
chown 11:12 olink && stat -c '%n %u:%g' olink o
chown -R 5:5 r && stat -c '%n %u:%g' r r/s r/s/f
chown 1:1 absent 2>&1; echo "status $?"

echo "== truncate"
printf 'abcdefgh' > tr
truncate -s 3 tr && cat tr && echo
truncate -s 6 tr && od -An -c tr
truncate -s 8 tr && stat -c '%s' tr
truncate -s 100000 tr && stat -c '%s' tr
tail -c 4 tr | od -An -tx1
truncate -s 0 tr && stat -c '%s' tr
truncate -c -s 10 absent && ls absent 2>&1

echo "== mkfifo"
mkfifo p && show p | sed 's/mtime .*//'
( echo "a line through the fifo" > p ) &
read -r line < p
echo "reader got: $line"
wait
( cat p > out ) &
sleep 0.2
printf 'one\ntwo\n' > p
wait
cat out
( for i in 1 2 3; do echo "$i"; done > p ) &
while read -r n; do echo "got $n"; done < p
wait
mkfifo p 2>&1; echo "status $?"
rm p && ls p 2>&1

echo "== df and a tmpfs"
mkdir mnt
mount -t tmpfs -o size=1024k tmpfs mnt 2>&1; echo "mount status $?"
grep " $top/mnt " /proc/mounts | sed "s|$top|TOP|"
df -k mnt | sed "s|$top|TOP|"
dd if=/dev/zero of=mnt/f bs=1k count=100 2>/dev/null
df -k mnt | sed "s|$top|TOP|"
dd if=/dev/zero of=mnt/g bs=1k count=2000 2>&1 | grep -v records
stat -c '%s' mnt/g
rm mnt/f mnt/g
df -k mnt | sed "s|$top|TOP|"
umount mnt 2>&1; echo "umount status $?"

echo "== while read"
printf 'alpha 1\nbeta 2\ngamma 3\n' > list
while read -r name n; do echo "$n:$name"; done < list
count=0
while read -r line; do count=$((count + 1)); done < list
echo "lines: $count"
word=here
while read -r a b; do echo "<$a> <$b>"; done <<EOF
first line
second $word
  leading spaces   and more
EOF
while read -r a; do echo "$a"; done <<'EOF'
quoted $word stays
EOF
echo piped | { read -r v; echo "read from a pipe: $v"; }
printf 'no newline' | { read -r v; echo "status $?: $v"; }

echo "== sed -i"
printf 'one\ntwo\nthree\n' > s
chmod 640 s
sed -i 's/two/2/' s && cat s
stat -c '%a' s
sed -i -e '1d' -e '$a\
last' s && cat s
ls -1 | tr '\n' ' '
echo

echo "== tar"
mkdir -p tree/sub
echo a > tree/a
echo bb > tree/sub/b
ln -s a tree/la
touch -d '2021-05-06 07:08:09' tree/a tree/sub/b
touch -h -d '2021-05-06 07:08:10' tree/la
touch -d '2021-05-06 07:00:00' tree/sub tree
# tar stores names in readdir order, which POSIX leaves open (Linux's
# tmpfs lists the newest first, tkern's ramfs the oldest): sorted by name.
tar cf t.tar tree
tar tvf t.tar | sed 's/ \+/ /g' | sort -k 6
mkdir x && cd x && tar xf ../t.tar && cd ..
# Directories get new entries after tar sets their times: only files keep theirs.
find x | sort | while read -r f; do stat -c '%n %F %a' "$f"; done
find x -type f | sort | while read -r f; do stat -c '%n %Y' "$f"; done
tar czf t.tgz tree && tar tzf t.tgz | sort

echo "== ps"
sleep 10 &
sleeper=$!
# The sleeper's state is only S once it has reached its nanosleep: wait for
# that (on a busy host it may not have been scheduled yet), at most 5 s.
tries=0
while [ "$(cut -d' ' -f3 /proc/$sleeper/stat)" != S ] && [ $tries -lt 50 ]; do
	usleep 100000
	tries=$((tries + 1))
done
# The shell's own state depends on where it is in starting the pipeline
# when ps looks (Linux shows R or S): only the sleeper's is printed.
ps -o pid,ppid,user,stat,args | awk -v me=$$ -v s=$sleeper 'NR == 1 { print $3, $4, $5 }
	$1 == me { $1 = $2 = $4 = ""; print substr($0, 3) }
	$1 == s { $1 = $2 = ""; print substr($0, 3) }'

echo "== top"
top -b -n1 | awk -v me=$$ -v s=$sleeper '
	/^Mem:/ { print "Mem:", ($2 ~ /K$/ && $4 ~ /K$/) ? "used and free in K" : $0 }
	/^CPU:/ { print "CPU:", NF }
	/^Load average:/ { print "Load average:", NF }
	/^ *PID/ { print }
	$1 == s { print $3, $4, $8, $9 }'
# ash may or may not report the job's end by then: its word is left out.
{ kill "$sleeper"; wait "$sleeper"; } 2>/dev/null
echo "sleeper status $?"

echo "== free"
free | awk 'NR == 1 { print }
	$1 == "Mem:" { print "Mem:", ($3 <= $2 && $4 <= $2) ? "used and free within total" : $0 }
	$1 == "Swap:" { print }'

echo "== uptime"
uptime | grep -Eq '^ *[0-9]{2}:[0-9]{2}:[0-9]{2} up +[0-9]+ min,( +[0-9]+ users?,)? +load average: [0-9]+\.[0-9]{2}, [0-9]+\.[0-9]{2}, [0-9]+\.[0-9]{2}$' &&
	echo "uptime: time, minutes up, users, load averages"
[ "$(cut -d. -f1 /proc/uptime)" -lt 60 ] && echo "up less than a minute"

echo "== date"
date -u -d @0
date -u -d @1700000000 '+%Y-%m-%d %H:%M:%S %A'
[ "$(date +%Y)" -ge 2024 ] && echo "the clock is set"
date -u | grep -Eq '^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} UTC [0-9]{4}$' &&
	echo "date prints its usual format"

cd / && rm -r "$top" && ls "$top" 2>&1 | sed "s|$top|TOP|"
echo "== done"
