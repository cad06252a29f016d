#!/usr/bin/env python3
"""Draw tkern's subsystems and which uses which, as SVG.

Boxes are the parts of the source tree (one or a few files each), grouped
in bands by directory; an arrow goes from a part to a part it calls. The
table below is the picture: edit it when a dependency appears or goes.
`make docs` rewrites docs/subsystems.svg; `make test` checks that the
committed picture is what this script draws.

Usage: subsystems.py [OUTPUT]   (default: standard output)
"""

import picture

BOX_W, BOX_H = 190, 54
COLUMNS = [20, 230, 440, 650]
CORRIDOR = 220		# the gap between the first two columns, for the fault path

# band: (title, colour, y of its boxes)
BANDS = {
    "user": ("user space (EL0): static AArch64 Linux programs", "#fff2cc", 62),
    "entry": ("arch/arm64: exception entry", "#f8cbad", 152),
    "kernel": ("kernel/", "#ddebf7", 250),
    "mm_top": ("mm/", "#e2efda", 362),
    "mm_mid": ("", "#e2efda", 442),
    "mm_low": ("", "#e2efda", 522),
    "arch": ("arch/arm64: the machine", "#f8cbad", 622),
}

# name: (band, first column, columns spanned, title, files)
BOXES = {
    "programs": ("user", 1, 1, "init and its children", "tests/user/*.c, glibc"),
    "entry": ("entry", 1, 1, "vectors, traps", "entry.S, traps.c, syscall.c"),
    "syscalls": ("kernel", 0, 1, "system calls", "sys.c, uaccess.c"),
    "process": ("kernel", 1, 1, "processes", "sched, fork, exec, signal"),
    "elf": ("kernel", 2, 1, "ELF loader", "binfmt_elf, exec_stack"),
    "files": ("kernel", 3, 1, "file layer: kernel/fs/", "VFS, ramfs, /proc, tty"),
    "mmap": ("mm_top", 0, 1, "address spaces", "mmap.c: VMAs, brk"),
    "memory": ("mm_top", 1, 1, "faults, user tables", "memory.c: demand, CoW"),
    "vmalloc": ("mm_top", 2, 1, "vmalloc", "vmalloc.c, vmap_area.c"),
    "slub": ("mm_mid", 0, 1, "SLUB, kmalloc", "slub.c, slab_common.c"),
    "pgtable": ("mm_mid", 3, 1, "page tables", "pgtable.c: map, walk"),
    "buddy": ("mm_low", 0, 3, "buddy allocator: every page comes from here",
              "page_alloc.c"),
    "smp": ("arch", 0, 1, "CPUs, switching", "smp.c, switch.S, psci"),
    "irq": ("arch", 1, 1, "interrupts, timer", "gic-v2/v3, timer.c"),
    "uart": ("arch", 2, 1, "console", "pl011.c"),
    "boot": ("arch", 3, 1, "boot, MMU on", "head.S, mm/mmu.c"),
}


def box(name):
    """x, y, width of a box."""
    band, column, span = BOXES[name][:3]
    width = COLUMNS[column + span - 1] + BOX_W - COLUMNS[column]
    return COLUMNS[column], BANDS[band][2], width


def top(name, frac=0.5):
    x, y, w = box(name)
    return x + int(w * frac), y


def bottom(name, frac=0.5):
    x, y, w = box(name)
    return x + int(w * frac), y + BOX_H


def left(name, frac=0.5):
    x, y, _ = box(name)
    return x, y + int(BOX_H * frac)


def right(name, frac=0.5):
    x, y, w = box(name)
    return x + w, y + int(BOX_H * frac)


# (label, the arrow's points: from the caller to the part called); a label
# goes beside the arrow's last segment, or where a third element says (a
# label must sit inside one band: tests/docs/picture_text.py checks).
EDGES = [
    ("svc, faults", [bottom("programs"), top("entry")],
     (top("entry")[0] + 4, top("entry")[1] - 6)),
    ("", [bottom("entry", 0.2), top("syscalls", 0.6)]),
    ("preempt", [bottom("entry"), top("process")],
     (top("process")[0] + 4, top("process")[1] - 6)),
    ("page fault", [left("entry"), (CORRIDOR, left("entry")[1]),
                    (CORRIDOR, left("memory", 0.3)[1]), left("memory", 0.3)],
     (CORRIDOR - 64, top("memory")[1] - 10)),
    ("brk, mmap", [bottom("syscalls"), top("mmap")]),
    ("", [right("syscalls"), left("process")]),
    ("", [right("process"), left("elf")]),
    ("", [top("process", 0.8), (top("process", 0.8)[0], top("files")[1] - 10),
          (top("files")[0], top("files")[1] - 10), top("files")]),
    ("", [bottom("process"), top("memory")]),
    ("stacks", [bottom("process", 0.8), top("vmalloc", 0.4)]),
    ("", [left("memory", 0.75), right("mmap", 0.75)]),
    ("", [bottom("memory"), top("buddy", 325 / 610)]),
    ("", [bottom("memory", 0.8), top("pgtable", 0.3)]),
    ("", [bottom("mmap"), top("slub")]),
    ("", [bottom("vmalloc", 0.7), top("pgtable", 0.15)]),
    ("", [bottom("vmalloc", 0.4), top("buddy", 496 / 610)]),
    ("", [bottom("slub"), top("buddy", 95 / 610)]),
    ("", [bottom("pgtable", 0.3), right("buddy")]),
    ("", [top("boot"), bottom("pgtable")]),
]


def svg():
    width, height = 860, 720
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="13">' % (width, height),
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
           'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
           '<path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>',
           '<text x="10" y="22" font-size="16">tkern: the parts and what they use '
           '(an arrow points to the part called)</text>']
    for title, colour, y in BANDS.values():
        out.append('<rect x="10" y="%d" width="840" height="%d" fill="%s"/>'
                   % (y - 26, BOX_H + 26, colour))
        if title:
            out.append('<text x="14" y="%d" font-size="11" font-style="italic">%s</text>'
                       % (y - 10, title))
    for label, points, *where in EDGES:
        out.append('<polyline points="%s" fill="none" stroke="#555" '
                   'marker-end="url(#arrow)"/>'
                   % " ".join("%d,%d" % p for p in points))
        (x1, y1), (x2, y2) = points[-2], points[-1]
        x, y = where[0] if where else ((x1 + x2) // 2 + 4, (y1 + y2) // 2 - 3)
        if label:
            out.append('<text x="%d" y="%d" font-size="10" fill="#333">%s</text>'
                       % (x, y, label))
    for name, (_, _, _, title, files) in BOXES.items():
        x, y, w = box(name)
        out.append('<rect x="%d" y="%d" width="%d" height="%d" rx="6" fill="white" '
                   'stroke="black"/>' % (x, y, w, BOX_H))
        out.append('<text x="%d" y="%d" font-weight="bold">%s</text>' % (x + 8, y + 21, title))
        out.append('<text x="%d" y="%d" font-size="11" font-family="monospace">%s</text>'
                   % (x + 8, y + 41, files))
    out.append('<text x="10" y="%d" font-size="11">Used by all: printk, panic, device tree, '
               'ktest (kernel/); string, vsprintf, rbtree, cmdline (kernel/lib/); spinlocks, atomics, barriers (asm/).</text>'
               % (height - 10))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    picture.write(svg())


if __name__ == "__main__":
    main()
