#!/usr/bin/env python3
"""Write docs/syscalls.md: every system call tkern implements, from the
table in kernel/sys.c, with the file that implements it, and the ones
programs commonly make that are not there yet (they return -ENOSYS and
are logged once). `make docs` rewrites the page; `make test` checks that
the committed page is what this script writes.

Usage: syscalls.py [OUTPUT]   (default: standard output)
"""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ENTRY = re.compile(r"^\t\[(\d+)\] = (sys_\w+),(?:\s*/\* (.*?) \*/)?$", re.M)
MISSING = re.compile(r"\[(\d+)\] = \"(\w+)\"")


def read(path):
    with open(os.path.join(ROOT, path)) as f:
        return f.read()


def table_body(source, start):
    begin = source.index(start)
    return source[begin:source.index("};", begin)]


def where_defined(function):
    """The file that defines function, searched in kernel/, kernel/fs/, kernel/ipc/, mm/ and arch/arm64/."""
    pattern = re.compile(r"^(static )?long %s\(" % function, re.M)
    for path in sorted(glob.glob(os.path.join(ROOT, "kernel", "*.c")) +
                       glob.glob(os.path.join(ROOT, "kernel", "fs", "*.c")) +
                       glob.glob(os.path.join(ROOT, "kernel", "ipc", "*.c")) +
                       glob.glob(os.path.join(ROOT, "mm", "*.c")) +
                       glob.glob(os.path.join(ROOT, "arch", "arm64", "kernel", "*.c"))):
        with open(path) as f:
            if pattern.search(f.read()):
                return os.path.relpath(path, ROOT)
    return "?"


def rows():
    source = read("kernel/sys.c")
    implemented = []
    for number, function, comment in ENTRY.findall(table_body(source, "syscall_table[")):
        name, note = function[len("sys_"):], ""
        if comment:
            words = comment.split(None, 1)
            name, note = words[0].rstrip(":"), (words[1] if len(words) > 1 else "")
        implemented.append((int(number), name, "`%s` in `%s`" % (function, where_defined(function)),
                            note))
    missing = [(int(n), name) for n, name in
               MISSING.findall(table_body(source, "missing_names["))]
    return sorted(implemented), sorted(missing)


def page():
    implemented, missing = rows()
    lines = ["# System calls", "",
             "Linux's AArch64 numbers (the generic table), arguments in x0-x5, the",
             "number in w8 (the low 32 bits of x8, as Linux's int), the result or",
             "-errno in x0. Each call follows its Linux man page for what it",
             "implements; the pages in this directory say where tkern differs. A",
             "number not listed returns -ENOSYS and is logged once with its name. This",
             "page is written by `docs/tools/syscalls.py` from the table in",
             "`kernel/sys.c` (`make docs`), so it cannot fall behind.", "",
             "## Implemented (%d)" % len(implemented), "",
             "| nr | call | implemented by | note |", "| ---: | --- | --- | --- |"]
    lines += ["| %d | `%s` | %s | %s |" % row for row in implemented]
    lines += ["", "## Not yet (-ENOSYS, logged by name)", "",
              ", ".join("`%s` (%d)" % (name, n) for n, name in missing), "",
              "To add one, see [extending.md](extending.md).", ""]
    return "\n".join(lines)


def main():
    text = page()
    if len(sys.argv) > 1:
        with open(sys.argv[1], "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
