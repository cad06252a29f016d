# Names as a shell's tools use them, run by Debian's BusyBox: mv (rename
# over files and directories, into a directory, the errors), ln and ln -s
# with link counts, readlink, mkfifo with a reader and a writer, mknod,
# rm of FIFOs and device nodes. Every line printed must be the same on
# tkern and on Linux: no inode numbers, no times.

export PATH=/bin
umask 022
mkdir -p /tmp
d=/tmp/bb-names
rm -rf $d
mkdir $d && cd $d || exit 1

echo "== mv"
echo one > a
echo two > b
mv a b && cat b
[ -e a ] || echo "a is gone"
mkdir dir1 dir2
mv b dir1 && ls dir1
mv dir1 dir2 && ls dir2 dir2/dir1
mv dir2/dir1 . && ls
mv dir1 dir1/inside 2>&1
mkdir -p full/x
mv dir2 full 2>&1 && ls full
mkdir -p e1 e2/sub
mv e1 e2 2>&1 && ls e2
mv -T e2/e1 e2 2>&1 || echo "mv -T onto a non-empty directory failed"
echo file > f
mv f dir1/b 2>&1 && cat dir1/b
mv dir1 dir1/b 2>&1 || echo "directory onto a file failed"

echo "== ln"
echo shared > h1
ln h1 h2
stat -c '%n %h' h1 h2
ln h1 h2 2>&1 || echo "ln onto a taken name failed"
ln -f h1 h3 && stat -c '%n %h' h1
ln dir1 dirlink 2>&1 || echo "hard link to a directory failed"
rm h2
stat -c '%n %h' h1
ln -s h1 sym
readlink sym
cat sym
ln -sf h3 sym && readlink sym
ln -s loop2 loop1 && ln -s loop1 loop2
cat loop1 2>&1 || echo "a symlink loop failed"
mv sym sym2 && readlink sym2

echo "== mkfifo"
mkfifo pipe1
stat -c '%n %F %a' pipe1
cat pipe1 > got &
echo "through the fifo" > pipe1
wait
cat got
( echo line1; echo line2 ) > pipe1 &
while read line; do echo "read: $line"; done < pipe1
wait
mkfifo pipe1 2>&1 || echo "mkfifo of a taken name failed"
mknod pipe2 p && stat -c '%n %F' pipe2
mknod null2 c 1 3 && stat -c '%n %F %t:%T' null2
echo discarded > null2 && echo "wrote to null2"
mknod blk b 42 0 && stat -c '%n %F %t:%T' blk
cat blk 2>&1 || echo "opening a block device without a driver failed"
rm pipe1 pipe2 null2 blk && echo "removed the nodes"

cd /
rm -rf $d
[ -e $d ] || echo "cleaned up"
