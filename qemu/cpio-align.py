#!/usr/bin/env python3
"""Rewrite a cpio newc archive (stdin) so that the data of every regular file
of a page or more starts on a 4 KiB boundary of the archive (stdout).

The room is made by padding the member's name with NUL bytes: namesize
counts them, and a reader takes the name up to its first NUL, as Linux's
init/initramfs.c does (and tkern's kernel/lib/cpio.c). Nothing else
changes, and the archive still unpacks the same everywhere. tkern then maps
those files' whole pages in place instead of copying them
(docs/initramfs.md). A name field holds at most 4096 bytes (PATH_MAX), so
a member whose header sits too close before a page boundary for its name
stays as it was.
"""
import sys

PAGE = 4096
HEADER = 110
NAME_MAX = 4096
S_IFMT, S_IFREG = 0o170000, 0o100000


def field(header, index):
    return int(header[6 + 8 * index:14 + 8 * index], 16)


def with_field(header, index, value):
    return header[:6 + 8 * index] + b"%08X" % value + header[14 + 8 * index:]


def pad4(n):
    return (4 - n % 4) % 4


def aligned_namesize(pos, namesize):
    """The namesize that puts the data of a member whose header is at pos
    on a page boundary, or None when the name cannot stretch that far."""
    want = -(pos + HEADER) % PAGE or PAGE
    return want if namesize <= want <= NAME_MAX else None


def align(archive):
    out = bytearray()
    pos = 0
    while pos + HEADER <= len(archive) and archive[pos:pos + 5] == b"07070":
        header = archive[pos:pos + HEADER]
        mode, filesize, namesize = field(header, 1), field(header, 6), field(header, 11)
        name = archive[pos + HEADER:pos + HEADER + namesize]
        data_at = pos + HEADER + namesize + pad4(HEADER + namesize)
        data = archive[data_at:data_at + filesize]
        pos = data_at + filesize + pad4(filesize)
        stretched = None
        if (mode & S_IFMT) == S_IFREG and filesize >= PAGE:
            stretched = aligned_namesize(len(out), namesize)
        if stretched:
            header = with_field(header, 11, stretched)
            name = name + bytes(stretched - namesize)
        out += header + name + bytes(pad4(HEADER + len(name))) + data + bytes(pad4(filesize))
        if name.rstrip(b"\0") == b"TRAILER!!!":
            break
    out += bytes(-len(out) % 512)	# as cpio ends an archive
    return bytes(out)


if __name__ == "__main__":
    sys.stdout.buffer.write(align(sys.stdin.buffer.read()))
