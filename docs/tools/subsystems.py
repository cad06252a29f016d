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
COLUMNS = [20, 230, 440, 650, 870]
CORRIDOR = 220		# the gap between the first two columns, for the fault path
RIGHT = 1080		# the right edge of the bands

# The y of each row of boxes.
ROWS = {"user": 62, "entry": 152, "kernel": 250, "mm_top": 362, "mm_mid": 442,
        "mm_low": 522, "arch": 622}

# (title, colour, first row, last row, x from, x to): a coloured band behind rows of boxes.
BANDS = [
    ("user space (EL0): static AArch64 Linux programs, from the initramfs", "#fff2cc",
     "user", "user", 10, RIGHT),
    ("arch/arm64: exception entry", "#f8cbad", "entry", "entry", 10, RIGHT),
    ("kernel/", "#ddebf7", "kernel", "kernel", 10, 850),
    ("mm/", "#e2efda", "mm_top", "mm_low", 10, 850),
    ("kernel/fs/: the file layer", "#dcd3ea", "kernel", "mm_low", 860, RIGHT),
    ("arch/arm64: the machine", "#f8cbad", "arch", "arch", 10, RIGHT),
]

# name: (row, first column, columns spanned, title, files)
BOXES = {
    "busybox": ("user", 0, 1, "BusyBox: sh, ls, ps...", "Debian's busybox-static"),
    "programs": ("user", 1, 1, "/init and our programs", "user/, tests/user/: glibc"),
    "entry": ("entry", 1, 1, "vectors, traps", "entry.S, traps.c, syscall.c"),
    "syscalls": ("kernel", 0, 1, "system calls", "sys.c, uaccess.c"),
    "process": ("kernel", 1, 1, "processes", "sched, fork, exec, signal"),
    "elf": ("kernel", 2, 1, "ELF loader", "binfmt_elf, exec_stack"),
    "init": ("kernel", 3, 1, "init, else the monitor", "main.c, monitor.c"),
    "vfs": ("kernel", 4, 1, "VFS: paths, descriptors", "namei, open, read_write"),
    "ramfs": ("mm_top", 4, 1, "ramfs, the initramfs", "ramfs*.c, initramfs.c"),
    "proc": ("mm_mid", 4, 1, "/proc, /sys", "procfs.c, proc_*, sysfs"),
    "devices": ("mm_low", 4, 1, "pipes, terminal, /dev", "pipe.c, tty.c, char_dev"),
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
    row, column, span = BOXES[name][:3]
    width = COLUMNS[column + span - 1] + BOX_W - COLUMNS[column]
    return COLUMNS[column], ROWS[row], width


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
GAP_BELOW_KERNEL = ROWS["kernel"] + BOX_H + 12	# a corridor between kernel/ and mm/
GAP_BELOW_MM_TOP = ROWS["mm_top"] + BOX_H + 13
FS_TRUNK = RIGHT - 6		# right of the file layer's boxes

EDGES = [
    ("svc, faults", [bottom("programs"), top("entry")],
     (top("entry")[0] + 4, top("entry")[1] - 6)),
    ("", [bottom("busybox"), top("entry", 0.2)]),
    ("", [bottom("entry", 0.2), top("syscalls", 0.6)]),
    ("preempt", [bottom("entry"), top("process")],
     (top("process")[0] + 4, top("process")[1] - 6)),
    ("page fault", [left("entry"), (CORRIDOR, left("entry")[1]),
                    (CORRIDOR, left("memory", 0.3)[1]), left("memory", 0.3)],
     (CORRIDOR - 64, top("memory")[1] - 10)),
    ("brk, mmap", [bottom("syscalls"), top("mmap")]),
    ("", [right("syscalls"), left("process")]),
    ("", [right("process"), left("elf")]),
    ("runs /init", [top("init", 0.3), (top("init", 0.3)[0], top("init")[1] - 10),
                    (top("process", 0.8)[0], top("init")[1] - 10), top("process", 0.8)],
     (top("elf")[0] + 60, top("init")[1] - 13)),
    ("open, read, write", [bottom("syscalls", 0.2), (bottom("syscalls", 0.2)[0], GAP_BELOW_KERNEL),
                           (855, GAP_BELOW_KERNEL), (855, left("vfs", 0.75)[1]),
                           left("vfs", 0.75)],
     (top("vmalloc")[0] + 4, GAP_BELOW_KERNEL + 12)),
    ("unpacks", [bottom("init"), top("ramfs", 0.2)],
     (bottom("init")[0] + 8, GAP_BELOW_KERNEL + 12)),
    ("", [bottom("vfs"), top("ramfs")]),
    ("", [right("vfs", 0.4), (FS_TRUNK, right("vfs", 0.4)[1]), (FS_TRUNK, right("proc")[1]),
          right("proc")]),
    ("", [right("vfs", 0.4), (FS_TRUNK, right("vfs", 0.4)[1]),
          (FS_TRUNK, right("devices")[1]), right("devices")]),
    ("file pages", [bottom("memory", 0.9), (bottom("memory", 0.9)[0], GAP_BELOW_MM_TOP),
                    (855, GAP_BELOW_MM_TOP), (855, left("ramfs", 0.8)[1]), left("ramfs", 0.8)],
     (top("vmalloc")[0] + 4, GAP_BELOW_MM_TOP + 12)),
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
    width, height = RIGHT + 10, 720
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="13">' % (width, height),
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
           'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
           '<path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>',
           '<text x="10" y="22" font-size="16">tkern: the parts and what they use '
           '(an arrow points to the part called)</text>']
    for title, colour, first, last, x0, x1 in BANDS:
        out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>'
                   % (x0, ROWS[first] - 26, x1 - x0, ROWS[last] - ROWS[first] + BOX_H + 26,
                      colour))
        out.append('<text x="%d" y="%d" font-size="11" font-style="italic">%s</text>'
                   % (x0 + 4, ROWS[first] - 10, title))
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
