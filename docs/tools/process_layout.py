#!/usr/bin/env python3
"""Draw a process's virtual address space (the user half, TTBR0) as SVG.

Not to scale: the regions are stacked from the top of the user half down,
each labelled with its bounds. The bounds come from the constants the
kernel uses (asm/page-def.h, mm/vma.h, kernel/resource.h, kernel/exec.c)
and from arch_pick_mmap_layout()'s rule for mmap_base, so the picture
changes when they do. `make docs` rewrites docs/process-layout.svg;
`make test` checks that the committed picture is current.

Usage: process_layout.py [OUTPUT]   (default: standard output)
"""
import os
import re

import picture

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MIB = 1 << 20


def source(path):
    with open(os.path.join(ROOT, path)) as f:
        return f.read()


def number(text, pattern):
    """The integer a one-line #define evaluates to (shifts and UL() only)."""
    m = re.search(pattern, text, re.M)
    if not m:
        raise SystemExit("process_layout.py: no match for %r" % pattern)
    expr = re.sub(r"UL\((\w+)\)", r"\1", m.group(1)).replace("PAGE_SHIFT", "12")
    return eval(expr, {"__builtins__": {}})


def constants():
    va_bits = number(source("arch/arm64/include/asm/page-def.h"), r"#define VA_BITS (\d+)")
    vma_h = source("mm/vma.h")
    task_size = 1 << va_bits
    rlimit = number(source("kernel/resource.h"), r"#define _STK_LIM (.+?)\s*$")
    guard = number(vma_h, r"#define STACK_GUARD_GAP (.+?)\s*$")
    # arch_pick_mmap_layout(): room for the stack rlimit and its guard gap, at least 128 MiB.
    mmap_base = task_size - max(rlimit + guard, 128 * MIB)
    return {
        "TASK_SIZE": task_size,
        "rlimit": rlimit,
        "expand": number(source("kernel/exec.c"), r"#define STACK_EXPAND (.+?)\s*$"),
        "guard": guard,
        "mmap_base": mmap_base,
        "ELF_ET_DYN_BASE": 2 * task_size // 3 & ~0xffff,	# hello-pie's 64 KiB p_align
        "TASK_UNMAPPED_BASE": task_size // 4,
        "MMAP_MIN_ADDR": number(vma_h, r"#define MMAP_MIN_ADDR (.+?)\s*$"),
        "link": 0x400000,
    }


def regions(c):
    """(label, what its top is, colour, note), from the top of the user half down."""
    return [
        ("stack", "0x%x TASK_SIZE" % c["TASK_SIZE"], "#f8cbad",
         "argv, envp, auxv at the top, then %d KiB more at exec" % (c["expand"] >> 10)),
        ("room for the stack to grow", "the stack's start", "#ffffff",
         "a fault just below the stack grows it, down to RLIMIT_STACK"),
        ("the stack's guard gap, and spare room", "0x%x TASK_SIZE - %d MiB"
         % (c["TASK_SIZE"] - c["rlimit"], c["rlimit"] >> 20), "#ffffff",
         "mmap_base = TASK_SIZE - max(RLIMIT_STACK + %d KiB gap, 128 MiB)"
         % (c["guard"] >> 10)),
        ("mmap area, filled top-down", "0x%x mmap_base" % c["mmap_base"], "#c9e2b3",
         "mmap without an address gets the highest free fit below mmap_base"),
        ("static-PIE programs", "0x%x ELF_ET_DYN_BASE" % c["ELF_ET_DYN_BASE"], "#e2efda",
         "2/3 of the user half, rounded down to the segments' alignment"),
        ("bottom-up fallback", "0x%x TASK_UNMAPPED_BASE" % c["TASK_UNMAPPED_BASE"], "#e2efda",
         "when nothing fits below mmap_base, the lowest fit from here up"),
        ("heap", "brk", "#ffe699",
         "brk(2) moves its end; starts on the page after the bss"),
        ("text, data, bss", "start_brk", "#bdd7ee",
         "the ELF segments at their link addresses"),
        ("free", "0x%x (a usual link address)" % c["link"], "#ffffff",
         "mmap may place things here"),
        ("never mapped", "0x%x MMAP_MIN_ADDR" % c["MMAP_MIN_ADDR"], "#d9d9d9",
         "so that NULL pointer dereferences fault"),
    ]


def svg(c):
    width, row, left = 900, 52, 290
    rows = regions(c)
    height = row * len(rows) + 90
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="monospace" font-size="13">' % (width, height),
           '<text x="10" y="22" font-size="16">a process\'s address space (TTBR0, '
           'one tree per process; not to scale)</text>']
    for i, (label, top, colour, note) in enumerate(rows):
        y = 40 + i * row
        dashed = ' stroke-dasharray="4 3"' if colour == "#ffffff" else ""
        out.append('<rect x="%d" y="%d" width="600" height="%d" fill="%s" '
                   'stroke="black"%s/>' % (left, y, row, colour, dashed))
        out.append('<text x="%d" y="%d" font-weight="bold">%s</text>'
                   % (left + 10, y + 21, label))
        out.append('<text x="%d" y="%d" font-size="11">%s</text>' % (left + 10, y + 39, note))
        out.append('<text x="10" y="%d">%s</text>' % (y + 12, top))
    bottom = 40 + len(rows) * row
    out.append('<text x="10" y="%d">0</text>' % (bottom + 4))
    out.append('<text x="10" y="%d" font-size="11">Every region is paged in on demand: '
               'only the pages a program touches get memory.</text>' % (bottom + 30))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    picture.write(svg(constants()))


if __name__ == "__main__":
    main()
