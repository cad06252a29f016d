#!/usr/bin/env python3
"""The harness behind `make bench`: boot under QEMU with -icount shift=0
(one guest nanosecond = one guest instruction, so figures repeat exactly)
and write the figures as a markdown table to build/bench.md (printed too)
and as a picture, build/bench.svg.

- User-visible rows: the static program tests/bench/user/bench.c runs as
  init (rdinit=/bin/bench) on tkern and on Debian's arm64 Linux kernel
  (tests/bench/fetch-linux.sh), same machine, same initramfs.
- Allocator rows: the in-kernel benchmarks (kbench=), on tkern only.

With --smoke, every benchmark runs once on tkern and is only checked for
giving a figure (make test uses the functions below for that).
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "build")
LINE = re.compile(r"kbench: (\w+): ([\d.]+) ns/op \((\d+) ops\)")
USER_LINE = re.compile(r"ubench: (\w+): ([\d.]+) ns/op")

USER_ROWS = [
    ("boot_to_main", "boot to init's main()"),
    ("getpid", "getpid (the system-call floor)"),
    ("first_touch", "first touch of a fresh anonymous page"),
    ("mmap_munmap", "one-page mmap + munmap"),
    ("brk_grow_shrink", "one-page brk grow + shrink"),
    ("mprotect", "one-page mprotect"),
    ("fork_wait", "fork + wait4 (child exits at once)"),
    ("fork_execve_wait", "fork + execve + wait4 of a tiny static program"),
]

# name in the kernel -> what the row says
ROWS = [
    ("page_alloc_order0", "alloc_pages + __free_pages, order 0 (per-CPU lists)"),
    ("page_alloc_order3", "alloc_pages + __free_pages, order 3"),
    ("kmalloc_64", "kmalloc(64) + kfree"),
    ("kmalloc_1k", "kmalloc(1024) + kfree"),
    ("kmem_cache_alloc_free", "kmem_cache_alloc + kmem_cache_free (128 B)"),
    ("vmalloc_4k", "vmalloc(4 KiB) + vfree"),
    ("vmalloc_64k", "vmalloc(64 KiB) + vfree"),
]


def boot(kernel, append):
    """One -icount boot on the benchmark machine; returns the console output."""
    cmd = ["qemu-system-aarch64", "-M", "virt", "-cpu", "cortex-a72", "-smp", "1",
           "-m", "512M", "-nographic", "-no-reboot", "-icount", "shift=0",
           "-kernel", kernel, "-initrd", os.path.join(BUILD, "initramfs.cpio"),
           "-append", append]
    return subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=900).stdout


def run_kernel_benchmarks():
    out = boot(os.path.join(BUILD, "Image"), "kbench=all panic=-1")
    return {m.group(1): float(m.group(2)) for m in LINE.finditer(out)}, out


def run_user_benchmarks(kernel):
    out = boot(kernel, "rdinit=/bin/bench panic=-1 quiet")
    return {m.group(1): float(m.group(2)) for m in USER_LINE.finditer(out)}, out


def linux_kernel():
    script = os.path.join(ROOT, "tests", "bench", "fetch-linux.sh")
    proc = subprocess.run([script], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        return None
    return proc.stdout.strip()


def figure(value):
    return "%.1f" % value if value is not None else "missing"


def user_table(ours, linux):
    lines = ["| operation | tkern | Linux | ratio |", "| --- | ---: | ---: | ---: |"]
    for name, label in USER_ROWS:
        a, b = ours.get(name), linux.get(name)
        ratio = "%.2f" % (a / b) if a and b else "-"
        lines.append("| %s | %s | %s | %s |" % (label, figure(a), figure(b), ratio))
    return "\n".join(lines) + "\n"


def table(figures):
    lines = ["| operation | tkern, guest instructions per operation |",
             "| --- | ---: |"]
    for name, label in ROWS:
        lines.append("| %s | %s |" % (label, figure(figures.get(name))))
    return "\n".join(lines) + "\n"


def picture(ours, linux):
    """Bars of the tkern/Linux ratio per user-visible row (1.0 = as costly as Linux)."""
    rows = [(label, ours[n] / linux[n]) for n, label in USER_ROWS
            if ours.get(n) and linux.get(n)]
    width, bar_left, scale = 760, 300, 300
    height = 60 + 34 * len(rows)
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="13">' % (width, height),
           '<text x="10" y="22" font-size="15">tkern / Linux, guest instructions '
           '(shorter is better; the line is 1.0)</text>']
    for i, (label, ratio) in enumerate(rows):
        y = 40 + 34 * i
        out.append('<text x="10" y="%d">%s</text>' % (y + 17, label))
        out.append('<rect x="%d" y="%d" width="%d" height="22" fill="%s"/>'
                   % (bar_left, y, max(1, int(min(ratio, 2.0) * scale)),
                      "#70ad47" if ratio <= 1.0 else "#c55a11"))
        out.append('<text x="%d" y="%d">%.2f</text>'
                   % (bar_left + int(min(ratio, 2.0) * scale) + 6, y + 17, ratio))
    out.append('<line x1="%d" y1="34" x2="%d" y2="%d" stroke="black"/>'
               % (bar_left + scale, bar_left + scale, height - 10))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def save(name, text):
    os.makedirs(BUILD, exist_ok=True)
    with open(os.path.join(BUILD, name), "w") as f:
        f.write(text)


def main():
    figures, log = run_kernel_benchmarks()
    save("bench-kernel.log", log)
    ours, log = run_user_benchmarks(os.path.join(BUILD, "Image"))
    save("bench-user-tkern.log", log)
    peer = linux_kernel()
    linux, log = run_user_benchmarks(peer) if peer else ({}, "no Linux kernel")
    save("bench-user-linux.log", log)
    text = ("# tkern benchmarks\n\nQEMU virt, Cortex-A72, 1 CPU, 512 MiB, `-icount shift=0`: "
            "each figure is guest instructions per operation.\n\n"
            "## User-visible operations, side by side with Linux (%s)\n\n%s\n"
            "## Allocators, in the kernel\n\n%s"
            % (os.path.basename(peer or "not available"), user_table(ours, linux),
               table(figures)))
    save("bench.md", text)
    save("bench.svg", picture(ours, linux))
    print(text)
    print("picture: build/bench.svg")
    missing = [n for n, _ in ROWS if n not in figures] + [n for n, _ in USER_ROWS if n not in ours]
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
