#!/usr/bin/env python3
"""Build the BusyBox test initramfs: a cpio "newc" archive with Debian's
busybox binary, a link for each of its applets in /bin, the test scripts
in /tests/busybox, and the device nodes and links a shell needs (/dev/null,
/dev/console, /dev/stdin, ...). Written here rather than with the host's cpio so that
the device nodes need no root to make.

usage: mkcpio.py BUSYBOX APPLET-LIST SCRIPT... > out.cpio
"""
import os
import sys

DEVICES = [("dev/console", 5, 1), ("dev/tty", 5, 0), ("dev/ttyAMA0", 204, 64), ("dev/null", 1, 3),
           ("dev/zero", 1, 5), ("dev/full", 1, 7), ("dev/random", 1, 8), ("dev/urandom", 1, 9),
           ("dev/mapdrv", 254, 0)]
# The links udev makes on Linux: the reader's own descriptors through /proc.
DEV_LINKS = [("dev/fd", "/proc/self/fd"), ("dev/stdin", "/proc/self/fd/0"),
             ("dev/stdout", "/proc/self/fd/1"), ("dev/stderr", "/proc/self/fd/2")]
S_IFDIR, S_IFREG, S_IFLNK, S_IFCHR = 0o040000, 0o100000, 0o120000, 0o020000


class Archive:
    def __init__(self, out):
        self.out = out
        self.ino = 1

    def entry(self, name, mode, data=b"", rdev=(0, 0)):
        name_bytes = name.encode() + b"\0"
        fields = [self.ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1],
                  len(name_bytes), 0]
        self.ino += 1
        header = b"070701" + b"".join(b"%08X" % f for f in fields)
        self.out.write(header + name_bytes)
        self.pad(len(header) + len(name_bytes))
        self.out.write(data)
        self.pad(len(data))

    def pad(self, length):
        self.out.write(b"\0" * (-length % 4))


def main():
    busybox, applet_list, scripts = sys.argv[1], sys.argv[2], sys.argv[3:]
    archive = Archive(sys.stdout.buffer)
    for directory in ("bin", "dev", "proc", "tmp", "tests", "tests/busybox"):
        archive.entry(directory, S_IFDIR | 0o755)
    archive.entry("tmp", S_IFDIR | 0o1777)
    for name, major, minor in DEVICES:
        archive.entry(name, S_IFCHR | 0o666, rdev=(major, minor))
    for name, target in DEV_LINKS:
        archive.entry(name, S_IFLNK | 0o777, target.encode())
    with open(busybox, "rb") as f:
        archive.entry("bin/busybox", S_IFREG | 0o755, f.read())
    with open(applet_list) as f:
        applets = sorted(set(f.read().split()) - {"busybox"})
    for applet in applets:
        archive.entry("bin/" + applet, S_IFLNK | 0o777, b"busybox")
    for script in scripts:
        with open(script, "rb") as f:
            archive.entry("tests/busybox/" + os.path.basename(script), S_IFREG | 0o755,
                          f.read())
    archive.entry("TRAILER!!!", 0)


if __name__ == "__main__":
    main()
