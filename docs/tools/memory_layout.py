#!/usr/bin/env python3
"""Draw the kernel's virtual memory layout as SVG.

The addresses come from arch/arm64/include/asm/page-def.h, so the picture
changes when the layout does. `make docs` rewrites docs/memory-layout.svg;
`make test` checks that the committed picture is current.

Usage: memory_layout.py [OUTPUT]   (default: standard output)
"""
import os
import re

import picture

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEADER = os.path.join(ROOT, "arch", "arm64", "include", "asm", "page-def.h")


def layout_constants():
    values = {}
    with open(HEADER) as f:
        for name, value in re.findall(r"#define (\w+) UL\((0x[0-9a-f]+)\)", f.read()):
            values[name] = int(value, 16)
    return values


def regions(c):
    """(label, start, end, colour, note), from the top of the address space down."""
    top = 1 << 64
    return [
        ("kernel image", c["KIMAGE_VADDR"], top, "#f4b183",
         ".text RX, .rodata R, .data/.bss RW"),
        ("fixmap", c["VMALLOC_END"], c["KIMAGE_VADDR"], "#d9d9d9",
         "early device mappings (UART, GIC)"),
        ("vmalloc", c["VMALLOC_START"], c["VMALLOC_END"], "#a9d18e",
         "vmalloc, vmap, ioremap, stacks; guard page after each"),
        ("linear map", c["PAGE_OFFSET"], c["LINEAR_MAP_END"], "#9dc3e6",
         "all RAM at PA + PAGE_OFFSET"),
        ("(not canonical: faults)", 1 << 48, c["PAGE_OFFSET"], "#ffffff",
         "neither TTBR0 nor TTBR1 translates these"),
        ("user space (TTBR0)", 0, 1 << 48, "#ffe699",
         "per process: ELF segments, heap, mmap area, stack"),
    ]


def svg(c):
    width, row, left = 820, 70, 190
    rows = regions(c)
    height = row * len(rows) + 60
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="monospace" font-size="13">' % (width, height),
           '<text x="10" y="22" font-size="16">tkern virtual address space '
           '(4 KiB pages, 48-bit VA)</text>']
    for i, (label, start, end, colour, note) in enumerate(rows):
        y = 40 + i * row
        out.append('<rect x="%d" y="%d" width="380" height="%d" fill="%s" '
                   'stroke="black"/>' % (left, y, row, colour))
        out.append('<text x="%d" y="%d" font-weight="bold">%s</text>'
                   % (left + 10, y + 28, label))
        out.append('<text x="%d" y="%d" font-size="11">%s</text>'
                   % (left + 10, y + 48, note))
        out.append('<text x="10" y="%d">0x%016x</text>' % (y + 12, end - 1))
        out.append('<text x="10" y="%d">0x%016x</text>' % (y + row - 4, start))
        size = end - start
        unit = "TiB" if size >= 1 << 40 else "GiB"
        out.append('<text x="%d" y="%d">%d %s</text>'
                   % (left + 395, y + 38, size >> (40 if unit == "TiB" else 30), unit))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    picture.write(svg(layout_constants()))


if __name__ == "__main__":
    main()
