#!/usr/bin/env python3
"""The harness behind `make bench`: boot under QEMU with -icount shift=0
(one guest nanosecond = one guest instruction, so figures repeat exactly)
and write the figures as a markdown table to build/bench.md (printed too)
and as a picture, build/bench.svg.

- User-visible rows: the static program tests/bench/user/bench.c runs as
  init (rdinit=/bin/bench) on tkern and on Debian's arm64 Linux kernel
  (tests/bench/fetch-linux.sh), same machine, same initramfs.
- Allocator rows: the in-kernel benchmarks (kbench=) on tkern, and the
  same loops on Linux in a module (tests/bench/linux/tkern_bench.c) built
  against Debian's headers package and loaded by tests/bench/user/kmodload.c
  from the same initramfs with the module added. Without the headers or the
  cross compiler the table keeps tkern's figures and says why.

With --smoke, every benchmark runs once on tkern and is only checked for
giving a figure (make test uses the functions below for that).

`run.py --rows fork_wait,first_touch [--linux]` boots once and prints only
those single-CPU rows (boot_to_main always comes), for tkern and, with
--linux, for Linux too: the quick loop while working on one path.
`--rows swap_out_in` runs the swap row alone: its boot is its own (a
128 MiB machine with a swap disk, `bench swap`), so no boot_to_main.
"""
import os
import re
import shutil
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
    ("vfork_execve_wait", "vfork + execve + wait4 of the same program"),
    ("thread_create_join", "pthread_create + pthread_join (2 CPUs)"),
    ("futex_round_trip", "futex wake + wait round trip between two threads (2 CPUs)"),
    ("pipe_round_trip", "pipe round trip between two processes (1 CPU)"),
    ("pipe_round_trip_2cpu", "pipe round trip between two processes (2 CPUs)"),
    ("sched_yield", "sched_yield, alone on the CPU"),
    ("sched_yield_two", "sched_yield, two processes yielding on one CPU"),
]

# The swap row: its own boot per kernel (run_swap_benchmark).
SWAP_ROWS = [
    ("swap_out_in", "swap-out + swap-in of 64 MiB under pressure, per page moved "
                    "(128 MiB machine)"),
]
SWAP_LINE = re.compile(r"swap: (\d+) pages written \(MemFree was (\d+) kB\), (\d+) out, "
                       r"(\d+) in, checksum (\w+)")

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


def boot(kernel, append, initrd=os.path.join(BUILD, "initramfs.cpio"), cpus=1, mem="512M",
         extra=()):
    """One -icount boot on the benchmark machine; returns the console output."""
    cmd = ["qemu-system-aarch64", "-M", "virt", "-cpu", "cortex-a72", "-smp", str(cpus),
           "-m", mem, "-nographic", "-no-reboot", "-icount", "shift=0,sleep=off",
           "-kernel", kernel, "-initrd", initrd, "-append", append] + list(extra)
    return subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=900).stdout


def run_kernel_benchmarks():
    out = boot(os.path.join(BUILD, "Image"), "kbench=all panic=-1")
    return {m.group(1): float(m.group(2)) for m in LINE.finditer(out)}, out


def run_user_benchmarks(kernel, rows=None):
    """The single-CPU rows, then the two-CPU rows (a second boot); or only
    the single-CPU rows named in rows."""
    if rows:
        out = boot(kernel, "rdinit=/bin/bench panic=-1 quiet -- " + " ".join(rows))
    else:
        out = boot(kernel, "rdinit=/bin/bench panic=-1 quiet")
        out += boot(kernel, "rdinit=/bin/bench panic=-1 quiet -- smp", cpus=2)
    return {m.group(1): float(m.group(2)) for m in USER_LINE.finditer(out)}, out


def test_harness():
    """tests/run.py, whose swap layer makes the swap image (mkswap), attaches
    disks and finds Debian's virtio modules: the swap row does the same."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("tests_run", os.path.join(ROOT, "tests",
                                                                            "run.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SWAP_CPIO = os.path.join(BUILD, "bench-swap.cpio")
SWAP_IMAGE_MIB = 128


def swap_initramfs(harness, modules):
    """build/bench-swap.cpio, the swap row's initramfs for both kernels: the
    benchmark program, /dev/console, /proc, and the modules [(name, bytes)]
    (Debian's virtio_mmio and virtio_blk; Linux loads them, tkern has its
    drivers built in). Small, because the machine is: the 512 MiB boot's
    initramfs of test programs would take half of it on Linux."""
    mkcpio = harness.load_module("mkcpio", "tests/busybox/mkcpio.py")
    with open(SWAP_CPIO, "wb") as out:
        archive = mkcpio.Archive(out)
        for directory in ("bin", "dev", "proc", "lib", "lib/modules"):
            archive.entry(directory, mkcpio.S_IFDIR | 0o755)
        archive.entry("dev/console", mkcpio.S_IFCHR | 0o600, rdev=(5, 1))
        with open(os.path.join(BUILD, "user", "bench"), "rb") as f:
            archive.entry("bin/bench", mkcpio.S_IFREG | 0o755, f.read())
        for name, data in modules:
            archive.entry("lib/modules/" + name, mkcpio.S_IFREG | 0o644, data)
        archive.entry("TRAILER!!!", 0)
    return SWAP_CPIO


def run_swap_benchmark(kernel, harness, image, name):
    """`bench swap` as init of kernel in a 128 MiB machine, on a fresh copy of
    the swap image (mkswap wrote its first page only: a sparse copy is the
    same area); (figures, pages line match or None, console output)."""
    disk = os.path.join(BUILD, "swap", name + ".img")
    subprocess.run(["cp", "--sparse=always", image, disk], check=True)
    out = boot(kernel, "rdinit=/bin/bench panic=-1 quiet -- swap", SWAP_CPIO, mem="128M",
               extra=["-global", "virtio-mmio.force-legacy=false"] + harness.drive_args(0, disk))
    return ({m.group(1): float(m.group(2)) for m in USER_LINE.finditer(out)},
            SWAP_LINE.search(out), out)


# Boots per kernel for the swap row, whose figure is the median: the disk is
# the host's, and how long it takes in guest instructions changes what the
# guest does meanwhile (docs/bench.md: up to a few percent, and now and then
# a run in which reclaim scans three times as much).
SWAP_RUNS = 5


def swap_benchmarks(peer, wanted_linux=True, runs=SWAP_RUNS):
    """The swap row on tkern and on Linux (peer: its kernel, or None), same
    initramfs, same image, the median of runs boots each; (tkern's figures,
    Linux's, notes on the pages moved on each or why a figure is missing)."""
    try:
        harness = test_harness()
        modules = (harness.linux_virtio_modules(peer) if peer else None) or []
        swap_initramfs(harness, modules)
        image = harness.mkswap("bench-swap", SWAP_IMAGE_MIB)
    except (OSError, TypeError, subprocess.SubprocessError) as e:
        return {}, {}, ["no swap image (mkswap, from util-linux): %s" % e]
    kernels = [("tkern", os.path.join(BUILD, "Image"))]
    figures, notes = {}, []
    if peer and modules:
        kernels.append(("Linux", peer))
    elif wanted_linux:
        notes.append("Linux: not run (%s)" % ("no virtio modules beside its kernel" if peer
                                              else "no Linux kernel"))
    for who, kernel in kernels:
        results, logs = [], []
        for _ in range(runs):
            found, pages, out = run_swap_benchmark(kernel, harness, image, "bench-swap-" + who)
            logs.append(out)
            if "swap_out_in" in found and pages:
                results.append((found["swap_out_in"], pages.groups()))
        save("bench-swap-%s.log" % who.lower(), "".join(logs))
        if not results:
            figures[who] = {}
            notes.append("%s: no figure (build/bench-swap-%s.log)" % (who, who.lower()))
            continue
        results.sort()
        figure, pages = results[len(results) // 2]
        figures[who] = {"swap_out_in": figure}
        spread = (" (median of %d: %s)" % (len(results), ", ".join("%.0f" % f for f, _ in results))
                  if len(results) > 1 else "")
        notes.append("%s: %s pages written (MemFree %s kB), %s out, %s in, checksum %s%s"
                     % ((who,) + pages + (spread,)))
    return figures["tkern"], figures.get("Linux", {}), notes


def fetch_linux(*what):
    """The path fetch-linux.sh prints (the Image, or with "headers" the
    headers directory), or None when it fails."""
    script = os.path.join(ROOT, "tests", "bench", "fetch-linux.sh")
    proc = subprocess.run([script, *what], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        return None
    return proc.stdout.strip()


def linux_module_initramfs():
    """Build tests/bench/linux/ as a module against Debian's headers and
    return (initramfs, None): the benchmark initramfs followed by a second
    cpio archive holding the loader and the module, which Linux unpacks
    after the first. Or (None, why not)."""
    loader = os.path.join(BUILD, "user", "kmodload")
    if not os.path.exists(loader):
        return None, "no %s (make bench builds it)" % loader
    headers = fetch_linux("headers")
    if not headers:
        return None, "Debian's headers package could not be fetched"
    work = os.path.join(BUILD, "linux-module")
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "tests", "bench", "linux"), work)
    proc = subprocess.run(["make", "-j2", "-C", headers, "M=" + work, "ARCH=arm64",
                           "CROSS_COMPILE=aarch64-linux-gnu-", "modules"],
                          capture_output=True, text=True)
    save("bench-linux-module-build.log", proc.stdout + proc.stderr)
    if proc.returncode != 0:
        return None, "the module did not build (build/bench-linux-module-build.log)"
    tree = os.path.join(work, "initramfs")
    os.makedirs(os.path.join(tree, "bin"))
    os.makedirs(os.path.join(tree, "lib"))
    shutil.copy(loader, os.path.join(tree, "bin"))
    shutil.copy(os.path.join(work, "tkern_bench.ko"), os.path.join(tree, "lib"))
    extra = subprocess.run("find bin/kmodload lib | LC_ALL=C sort | cpio -o -H newc --quiet",
                           shell=True, cwd=tree, capture_output=True, check=True).stdout
    initramfs = os.path.join(BUILD, "initramfs-linux-module.cpio")
    with open(initramfs, "wb") as out, open(os.path.join(BUILD, "initramfs.cpio"), "rb") as base:
        out.write(base.read() + extra)
    return initramfs, None


def run_linux_allocator_benchmarks(kernel, initramfs, options=""):
    out = boot(kernel, "rdinit=/bin/kmodload panic=-1 " + options, initramfs)
    return {m.group(1): float(m.group(2)) for m in LINE.finditer(out)}, out


def figure(value):
    return "%.1f" % value if value is not None else "missing"


REFERENCE = os.path.join(ROOT, "tests", "bench", "reference.txt")
# A row this much above its reference figure is marked.
TOLERANCE = 0.05


def load_reference():
    """name -> figure from tests/bench/reference.txt (# starts a comment)."""
    ref = {}
    with open(REFERENCE) as f:
        for line in f:
            words = line.split("#")[0].split()
            if len(words) == 2:
                ref[words[0]] = float(words[1])
    return ref


def against_reference(value, ref):
    """The reference column: its figure, and the change, in bold when over the tolerance."""
    if value is None or not ref:
        return "-"
    change = value / ref - 1
    text = "%s (%+.0f%%)" % (figure(ref), 100 * change)
    return "**%s above**" % text if change > TOLERANCE else text


def side_by_side(rows, ours, peers, reference=None):
    """A markdown table: tkern's figure per row, then for each (heading,
    figures) peer its figure and tkern's ratio to it, then (when given)
    the reference figure and how far tkern's is from it."""
    head = "| operation | tkern |" + "".join(" %s | ratio |" % h for h, _ in peers)
    lines = [head, "| --- | ---: |" + " ---: | ---: |" * len(peers)]
    if reference is not None:
        lines = [lines[0] + " reference |", lines[1] + " ---: |"]
    for name, label in rows:
        a = ours.get(name)
        cells = [label, figure(a)]
        for _, figures in peers:
            b = figures.get(name)
            cells += [figure(b), "%.2f" % (a / b) if a and b else "-"]
        if reference is not None:
            cells.append(against_reference(a, reference.get(name)))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def above_reference(rows, ours, reference):
    """The labels of the rows more than TOLERANCE above their reference."""
    return [label for name, label in rows
            if ours.get(name) and reference.get(name)
            and ours[name] > reference[name] * (1 + TOLERANCE)]


def ratios(rows, ours, linux):
    return [(label, ours[n] / linux[n]) for n, label in rows if ours.get(n) and linux.get(n)]


def picture(rows):
    """Bars of the tkern/Linux ratio per (label, ratio) row (1.0 = as costly as Linux)."""
    width, bar_left, scale = 860, 380, 300
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


def linux_allocator_columns(peer):
    """The Linux columns of the allocator table, as booted (Debian zeroes
    every allocation: init_on_alloc) and with init_on_alloc=0 (tkern does
    not zero); or no columns and why."""
    if not peer:
        return [], "no Linux kernel"
    try:
        initramfs, why = linux_module_initramfs()
        if not initramfs:
            return [], why
        columns = []
        for heading, options, log_name in [("Linux", "", "bench-linux-module.log"),
                                           ("Linux, init_on_alloc=0", "init_on_alloc=0",
                                            "bench-linux-module-noinit.log")]:
            figures, log = run_linux_allocator_benchmarks(peer, initramfs, options)
            save(log_name, log)
            columns.append((heading, figures))
    except (OSError, subprocess.SubprocessError) as e:
        return [], "%s: %s" % (type(e).__name__, e)
    if not columns[0][1]:
        return [], "the module printed no figures (build/bench-linux-module.log)"
    return columns, None


def main_rows(rows, with_linux):
    """The quick run: the named rows only, tkern's (and Linux's) figures."""
    swap = [n for n, _ in SWAP_ROWS if n in rows]
    rows = [n for n in rows if n not in swap]
    ours, theirs, notes = {}, {}, []
    peer = fetch_linux() if with_linux else None
    if rows or not swap:
        ours, log = run_user_benchmarks(os.path.join(BUILD, "Image"), rows)
        save("bench-user-tkern-rows.log", log)
        if peer:
            theirs = run_user_benchmarks(peer, rows)[0]
    if swap:
        swap_ours, swap_theirs, notes = swap_benchmarks(peer, with_linux)
        ours.update(swap_ours)
        theirs.update(swap_theirs)
    peers = [("Linux", theirs)] if with_linux else []
    picked = [(n, l) for n, l in USER_ROWS + SWAP_ROWS if n in ours]
    print(side_by_side(picked, ours, peers, load_reference()), end="")
    for note in notes:
        print("- " + note)
    sys.exit(0 if picked else 1)


def main():
    if "--rows" in sys.argv:
        main_rows(sys.argv[sys.argv.index("--rows") + 1].split(","), "--linux" in sys.argv)
    figures, log = run_kernel_benchmarks()
    save("bench-kernel.log", log)
    ours, log = run_user_benchmarks(os.path.join(BUILD, "Image"))
    save("bench-user-tkern.log", log)
    peer = fetch_linux()
    linux, log = run_user_benchmarks(peer) if peer else ({}, "no Linux kernel")
    save("bench-user-linux.log", log)
    swap_ours, swap_linux, swap_notes = swap_benchmarks(peer)
    ours.update(swap_ours)
    linux.update(swap_linux)
    columns, why = linux_allocator_columns(peer)
    if columns:
        where = ("tkern's in-kernel benchmarks; Linux's are the same loops in a module "
                 "(tests/bench/linux/tkern_bench.c) loaded from the same initramfs")
    else:
        where = "tkern only: Linux's module could not be run (%s)" % why
    reference = load_reference()
    user_rows = USER_ROWS + SWAP_ROWS
    above = above_reference(user_rows, ours, reference) + above_reference(ROWS, figures,
                                                                          reference)
    text = ("# tkern benchmarks\n\nQEMU virt, Cortex-A72, 1 CPU (2 where a row says so), "
            "512 MiB, `-icount shift=0,sleep=off`: "
            "each figure is guest instructions per operation. The reference column is "
            "tests/bench/reference.txt; a row more than %d%% above it is in bold.\n\n"
            "## User-visible operations, side by side with Linux (%s)\n\n%s\n"
            "The swap row boots apart, in 128 MiB with a swap disk (docs/bench.md); "
            "pages moved:\n\n%s\n\n"
            "## Allocators, in the kernel\n\n%s.\n\n%s\n%s\n"
            % (100 * TOLERANCE, os.path.basename(peer or "not available"),
               side_by_side(user_rows, ours, [("Linux", linux)], reference),
               "\n".join("- " + note for note in swap_notes), where,
               side_by_side(ROWS, figures, columns, reference),
               "Above the reference: " + "; ".join(above) if above
               else "No row is above its reference."))
    save("bench.md", text)
    bars = ratios(user_rows, ours, linux)
    if columns:
        bars += ratios(ROWS, figures, columns[0][1])
    save("bench.svg", picture(bars))
    print(text)
    print("picture: build/bench.svg")
    missing = [n for n, _ in ROWS if n not in figures] + [n for n, _ in user_rows if n not in ours]
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
