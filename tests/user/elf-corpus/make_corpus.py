#!/usr/bin/env python3
"""Make a corpus of broken ELF executables from one valid static AArch64 one.

Usage: make_corpus.py VALID_ELF OUTDIR

Each case changes one thing in a copy of VALID_ELF (a header field, a program
header, the length) so that the loader must refuse it. OUTDIR receives one
file per case and a MANIFEST with one line per case:

    name<TAB>errno name<TAB>text the refusal reason must contain

The host test (tests/host/test_binfmt_elf.c) feeds every file to
elf_plan_load; the in-kernel test will execve them. docs/exec.md explains
which errno each fault gets and why.

A few more files sit exactly on a boundary and must be accepted (a
segment ending at the top of user space, one starting at mmap_min_addr,
an all-bss segment whose offset is past the end of the file): their names
are in OUTDIR/ACCEPT, one per line.
"""
import os
import struct
import sys

EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
PHDR = struct.Struct("<IIQQQQQQ")
PT_NULL, PT_LOAD, PT_INTERP, PT_GNU_STACK = 0, 1, 3, 0x6474E551
PF_X = 1
PAGE = 4096
TASK_SIZE = 1 << 48
U64 = (1 << 64) - 1


class Elf:
    """A mutable copy of an ELF file with its header and program headers decoded."""

    def __init__(self, data):
        self.data = bytearray(data)
        f = list(EHDR.unpack_from(self.data, 0))
        self.ident, self.type, self.machine, self.version, self.entry = f[:5]
        self.phoff, self.phentsize, self.phnum = f[5], f[9], f[10]
        self.rest = f
        self.phdrs = [list(PHDR.unpack_from(self.data, self.phoff + i * PHDR.size))
                      for i in range(self.phnum)]

    def loads(self):
        """Indices of the PT_LOAD headers."""
        return [i for i, p in enumerate(self.phdrs) if p[0] == PT_LOAD]

    def bytes(self):
        f = self.rest
        f[:6] = [self.ident, self.type, self.machine, self.version, self.entry, self.phoff]
        f[9], f[10] = self.phentsize, self.phnum
        EHDR.pack_into(self.data, 0, *f)
        for i, p in enumerate(self.phdrs):
            off = self.phoff + i * PHDR.size
            if off + PHDR.size <= len(self.data):
                PHDR.pack_into(self.data, off, *p)
        return bytes(self.data)


# Program header fields, by position in PHDR.
TYPE, FLAGS, OFFSET, VADDR, PADDR, FILESZ, MEMSZ, ALIGN = range(8)
FIELDS = {"offset": OFFSET, "vaddr": VADDR, "filesz": FILESZ, "memsz": MEMSZ,
          "align": ALIGN}


def with_ident(e, index, value):
    ident = bytearray(e.ident)
    ident[index] = value
    e.ident = bytes(ident)


def cases(valid):
    """Yield (name, errno name, reason text, file bytes) for every case."""
    def fresh():
        return Elf(valid)

    e = fresh()
    text, data = e.loads()[0], e.loads()[-1]
    pt, pd = e.phdrs[text], e.phdrs[data]

    yield "truncated-magic", "ENOEXEC", "bad magic", valid[:3]
    yield "truncated-ehdr", "ENOEXEC", "inside the ELF header", valid[:40]
    yield ("truncated-phdrs", "ENOEXEC", "program headers beyond the end",
           valid[:e.phoff + PHDR.size + 10])
    yield ("truncated-text", "ENOEXEC", "segment %d: file bytes" % text,
           valid[:pt[OFFSET] + pt[FILESZ] // 2])
    yield ("truncated-data", "ENOEXEC", "segment %d: file bytes" % data,
           valid[:pd[OFFSET] + pd[FILESZ] - 16])

    def header_case(name, errno, reason, change):
        e = fresh()
        change(e)
        return name, errno, reason, e.bytes()

    yield header_case("bad-magic", "ENOEXEC", "bad magic",
                      lambda e: with_ident(e, 1, ord("e")))
    yield header_case("class32", "ENOEXEC", "ELF class 1",
                      lambda e: with_ident(e, 4, 1))
    yield header_case("big-endian", "ENOEXEC", "not little-endian",
                      lambda e: with_ident(e, 5, 2))
    yield header_case("bad-version", "ENOEXEC", "ELF version",
                      lambda e: setattr(e, "version", 0))
    yield header_case("machine-x86-64", "ENOEXEC", "machine 62 is not AArch64",
                      lambda e: setattr(e, "machine", 62))
    yield header_case("type-relocatable", "ENOEXEC", "ELF type 1",
                      lambda e: setattr(e, "type", 1))
    yield header_case("type-core", "ENOEXEC", "ELF type 4",
                      lambda e: setattr(e, "type", 4))
    yield header_case("phentsize-32", "ENOEXEC", "program header size 32",
                      lambda e: setattr(e, "phentsize", 32))
    yield header_case("phnum-0", "ENOEXEC", "no program headers",
                      lambda e: setattr(e, "phnum", 0))
    yield header_case("phnum-2000", "ENOEXEC", "too many",
                      lambda e: setattr(e, "phnum", 2000))
    yield header_case("phoff-at-eof", "ENOEXEC", "program headers beyond the end",
                      lambda e: setattr(e, "phoff", len(valid)))
    yield header_case("phoff-wraps", "ENOEXEC", "program headers beyond the end",
                      lambda e: setattr(e, "phoff", U64 - 0xFF))
    yield header_case("entry-in-data", "ENOEXEC", "not in an executable segment",
                      lambda e: setattr(e, "entry", pd[VADDR] + 8))
    yield header_case("entry-after-text", "ENOEXEC", "not in an executable segment",
                      lambda e: setattr(e, "entry", pt[VADDR] + pt[MEMSZ]))
    yield header_case("entry-in-kernel", "EINVAL", "entry point 0xffff",
                      lambda e: setattr(e, "entry", 0xFFFF000000001000))

    def phdr_case(name, errno, reason, index, **fields):
        e = fresh()
        for field, value in fields.items():
            e.phdrs[index][FIELDS[field]] = value
        return name, errno, reason, e.bytes()

    in_page = pd[OFFSET] % PAGE
    yield phdr_case("overlap", "ENOEXEC", "segment %d overlaps segment %d" % (data, text),
                    data, vaddr=pt[VADDR] + PAGE + in_page)
    yield phdr_case("overlap-same-page", "ENOEXEC", "segment %d overlaps segment %d" % (data, text),
                    data, vaddr=(pt[VADDR] + pt[MEMSZ] - 1) // PAGE * PAGE + in_page)
    yield phdr_case("huge-memsz", "EINVAL", "outside user space",
                    data, memsz=U64 - PAGE + 1)
    yield phdr_case("memsz-wraps", "EINVAL", "outside user space",
                    data, memsz=U64 - pd[VADDR] + 2)
    yield phdr_case("memsz-past-user-top", "EINVAL", "outside user space",
                    data, memsz=TASK_SIZE - pd[VADDR] + 1)
    yield phdr_case("vaddr-in-kernel", "EINVAL", "outside user space",
                    data, vaddr=0xFFFF000000000000 + in_page)
    yield phdr_case("vaddr-at-user-top", "EINVAL", "outside user space",
                    data, vaddr=TASK_SIZE - PAGE + in_page)
    yield phdr_case("filesz-above-memsz", "EINVAL", "p_filesz",
                    data, filesz=pd[MEMSZ] + 1)
    yield phdr_case("offset-beyond-eof", "ENOEXEC", "beyond the end of the file",
                    data, offset=(len(valid) + PAGE) // PAGE * PAGE + in_page)
    yield phdr_case("offset-wraps", "ENOEXEC", "beyond the end of the file",
                    data, offset=U64 - PAGE + 1 + in_page)
    yield phdr_case("misaligned-offset", "EINVAL", "differ in page offset",
                    data, offset=pd[OFFSET] + 8)
    yield phdr_case("align-not-power-of-2", "ENOEXEC", "not a power of two",
                    data, align=0x3000)
    yield phdr_case("page-zero", "EPERM", "below mmap_min_addr",
                    text, vaddr=pt[OFFSET] % PAGE)
    yield phdr_case("below-mmap-min-addr", "EPERM", "below mmap_min_addr",
                    text, vaddr=0x8000 + pt[OFFSET] % PAGE)

    e = fresh()
    e.phdrs[[p[TYPE] for p in e.phdrs].index(PT_GNU_STACK)][TYPE] = PT_INTERP
    yield "interpreter", "ENOEXEC", "interpreter requested", e.bytes()

    e = fresh()
    for i in e.loads():
        e.phdrs[i][TYPE] = PT_NULL
    yield "no-load-segment", "ENOEXEC", "no loadable segment", e.bytes()

    yield "too-many-loads", "ENOEXEC", "more than 16 loadable segments", too_many_loads(valid)


def with_extra_loads(valid, extra):
    """The file with a new program header table at its end: the old one plus extra."""
    e = Elf(valid)
    e.phdrs += extra
    e.phnum = len(e.phdrs)
    e.phoff = (len(e.data) + 7) // 8 * 8
    e.data += bytes(e.phoff - len(e.data) + e.phnum * PHDR.size)
    return e.bytes()


def too_many_loads(valid):
    """17 extra one-page PT_LOADs."""
    return with_extra_loads(valid, [[PT_LOAD, 4, 0, 0x10000000 + k * 0x10000, 0, 0, PAGE, PAGE]
                                    for k in range(17)])


MMAP_MIN_ADDR = 0x10000


def accepted_cases(valid):
    """Yield (name, file bytes) for files on a boundary the loader must accept."""
    e = Elf(valid)
    data = e.loads()[-1]
    pd = e.phdrs[data]
    e.phdrs[data][MEMSZ] = TASK_SIZE - pd[VADDR]
    yield "memsz-to-user-top", e.bytes()
    yield "bss-at-mmap-min-addr", with_extra_loads(
        valid, [[PT_LOAD, 6, 0, MMAP_MIN_ADDR, 0, 0, PAGE, PAGE]])
    yield "bss-offset-past-eof", with_extra_loads(
        valid, [[PT_LOAD, 6, (len(valid) + 2 * PAGE) // PAGE * PAGE, 0x10000000, 0, 0, PAGE,
                 PAGE]])


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], "rb") as f:
        valid = f.read()
    outdir = sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    lines = []
    for name, errno, reason, data in cases(valid):
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)
        os.chmod(os.path.join(outdir, name), 0o755)  # executable: execve must look inside
        lines.append("%s\t%s\t%s\n" % (name, errno, reason))
    with open(os.path.join(outdir, "MANIFEST"), "w") as f:
        f.writelines(lines)
    names = []
    for name, data in accepted_cases(valid):
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)
        names.append(name + "\n")
    with open(os.path.join(outdir, "ACCEPT"), "w") as f:
        f.writelines(names)


if __name__ == "__main__":
    main()
