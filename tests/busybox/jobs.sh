# Processes as a shell uses them, run by Debian's BusyBox ash: background
# jobs, wait and wait $!, exit statuses of children killed by signals,
# traps on CHLD and INT, command substitution, timeout, time, and awk's
# system() and its output pipe to a command (posix_spawn/vfork in the C
# library).
# Every line printed must be the same on tkern and on Linux: no pids, no
# times.

export PATH=/bin

echo "== background jobs and wait"
sleep 0.2 &
wait $!
echo "wait \$! after sleep: $?"
( exit 3 ) &
wait $!
echo "wait \$! after exit 3: $?"
sh -c 'kill -TERM $$' &
wait $!
echo "wait \$! after SIGTERM: $?"
sh -c 'kill -KILL $$' &
wait $!
echo "wait \$! after SIGKILL: $?"
for n in 1 2 3; do ( sleep "0.$n"; exit "$n" ) & done
wait
echo "wait for all: $?"
sleep 0.1 &
first=$!
( sleep 0.3; exit 5 ) &
second=$!
wait "$second"
echo "second of two: $?"
wait "$first"
echo "first, already done: $?"
wait 12345 2>/dev/null
echo "wait for a stranger: $?"

echo "== command substitution"
word=$(echo nested; echo twice)
echo "got: $word"
count=$(for i in 1 2 3 4 5; do echo "$i"; done | wc -l)
echo "lines: $count"
echo "deep: $(echo "$(echo "$(echo three levels)")")"

echo "== traps"
chld=0
trap 'chld=$((chld + 1))' CHLD
( exit 0 ) &
wait
trap - CHLD
[ "$chld" -ge 1 ] && echo "CHLD trap ran"
trap 'echo "INT trapped"' INT
kill -INT $$
echo "after INT"
trap - INT
sh -c 'trap "echo child got TERM; exit 7" TERM; kill -TERM $$; sleep 1'
echo "child with a TERM trap: $?"

echo "== timeout"
timeout 1 sleep 5
echo "timeout over a long sleep: $?"
timeout 5 sh -c 'exit 4'
echo "timeout over a quick exit: $?"
timeout -s KILL 1 sleep 5
echo "timeout -s KILL: $?"

echo "== time"
time sleep 0.1 2>/dev/null
echo "time sleep: $?"
time sh -c 'exit 6' 2>/dev/null
echo "time exit 6: $?"

echo "== awk system() and pipes"
awk 'BEGIN { r = system("exit 7"); print "system exit 7:", r }'
awk 'BEGIN { r = system("echo from system"); print "system echo:", r }'
awk 'BEGIN { print "c\nb\na" | "sort"; close("sort"); print "sorted" }'
echo "== done"
