#!/usr/bin/env python3
"""The harness behind `make bench`: boot the kernel under QEMU with
-icount shift=0 (one guest nanosecond = one guest instruction, so figures
repeat exactly), run the in-kernel benchmarks (kbench=), and write the
figures as a markdown table to build/bench.md and to standard output.

With --smoke, every benchmark runs once with the kernel's own counts but
the results are only checked for being present (used by make test).
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "build")
LINE = re.compile(r"kbench: (\w+): ([\d.]+) ns/op \((\d+) ops\)")

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


def run_kernel_benchmarks():
    cmd = ["qemu-system-aarch64", "-M", "virt", "-cpu", "cortex-a72", "-smp", "1",
           "-m", "512M", "-nographic", "-no-reboot", "-icount", "shift=0",
           "-kernel", os.path.join(BUILD, "Image"), "-append", "kbench=all panic=-1"]
    out = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                         text=True, timeout=600).stdout
    return {m.group(1): float(m.group(2)) for m in LINE.finditer(out)}, out


def table(figures):
    lines = ["| operation | tkern, guest instructions per operation |",
             "| --- | ---: |"]
    for name, label in ROWS:
        value = figures.get(name)
        lines.append("| %s | %s |" % (label, "%.1f" % value if value is not None else "missing"))
    return "\n".join(lines) + "\n"


def main():
    figures, log = run_kernel_benchmarks()
    os.makedirs(BUILD, exist_ok=True)
    with open(os.path.join(BUILD, "bench-kernel.log"), "w") as f:
        f.write(log)
    missing = [name for name, _ in ROWS if name not in figures]
    if "--smoke" in sys.argv:
        print("%d passed, %d failed" % (len(ROWS) - len(missing), len(missing)))
        sys.exit(1 if missing else 0)
    text = ("# tkern benchmarks\n\nQEMU virt, Cortex-A72, 1 CPU, `-icount shift=0`: "
            "each figure is guest instructions per operation.\n\n" + table(figures))
    with open(os.path.join(BUILD, "bench.md"), "w") as f:
        f.write(text)
    print(text)
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
