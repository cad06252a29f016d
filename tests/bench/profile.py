#!/usr/bin/env python3
"""Where the guest instructions of one benchmark row go, per kernel function.

    python3 tests/bench/profile.py fork_wait        # per fork + wait4
    python3 tests/bench/profile.py boot             # boot to init's main()

Method: QEMU (TCG, -icount shift=0, one CPU) logs every translation block
it translates (-d in_asm: its guest instructions) and every block it runs
(-d exec with nochain, so that chained blocks are logged too). Each run of a
block counts its instructions for the function its first instruction is in
(the kernel's symbols from `nm`; user space is one bucket). Blocks end at
branches, so a block sits within one function, save the rare block that
falls through into the next symbol.

A row is measured by two boots of tests/bench/user/bench.c: one that runs
the row, one that runs nothing (`bench none`), and the difference divided
by the row's operation count (the constants of bench.c). Boot is the second
boot alone. The log of a boot is large (about 500 MB for the default
initramfs, in build/, deleted after reading). BUILD=dir takes the kernel,
its symbols and the initramfs from another build directory.
"""
import bisect
import collections
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.abspath(os.environ.get("BUILD", os.path.join(ROOT, "build")))
ELF = os.path.join(BUILD, "kernel.elf")
# Operations per row in tests/bench/user/bench.c (ROUNDS, TOUCH_PAGES, FORK_ROUNDS ...).
OPS = {"getpid": 100000, "first_touch": 4096, "mmap_munmap": 10000, "brk_grow_shrink": 10000,
       "mprotect": 10000, "fork_wait": 20, "fork_execve_wait": 20, "vfork_execve_wait": 20,
       "boot": 1}
TRACE = re.compile(r"^Trace \d+: (0x[0-9a-f]+) \[[0-9a-f]+/([0-9a-f]+)/")
INSN = re.compile(r"^0x[0-9a-f]+:  ")
USER_TOP = 1 << 48


def kernel_symbols():
    """Sorted (address, name) of the kernel's functions, and the physical
    address the image runs at before the MMU is on (QEMU loads it 2 MiB into RAM)."""
    out = subprocess.run([os.environ.get("NM", "aarch64-linux-gnu-nm"), "-n", ELF],
                         capture_output=True, text=True, check=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            syms.append((int(parts[0], 16), parts[2]))
    return syms


def symbol_of(pc, addrs, syms, text_start):
    if pc < USER_TOP:
        if 0x40200000 <= pc < 0x40200000 + 0x1000000:
            pc = pc - 0x40200000 + text_start	# before the MMU is on
        else:
            return "[user]"
    i = bisect.bisect_right(addrs, pc) - 1
    return syms[i][1] if i >= 0 else "[unknown]"


def profile_boot(append):
    """Instructions per function over one benchmark boot."""
    log = os.path.join(BUILD, "profile-exec.log")
    cmd = ["qemu-system-aarch64", "-M", "virt", "-cpu", "cortex-a72", "-smp", "1",
           "-m", "512M", "-nographic", "-no-reboot", "-icount", "shift=0",
           "-kernel", os.path.join(BUILD, "Image"), "-initrd",
           os.path.join(BUILD, "initramfs.cpio"), "-append", append,
           "-d", "exec,nochain,in_asm", "-D", log]
    subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=900)
    syms = kernel_symbols()
    addrs = [a for a, _ in syms]
    text_start = dict((n, a) for a, n in syms)["_text"]
    size_of = {}		# host code address of a translation -> its guest instructions
    per_pc = collections.Counter()
    pending = None		# instructions of the block just translated
    with open(log, errors="replace") as f:
        for line in f:
            if line.startswith("Trace"):
                m = TRACE.match(line)
                if not m:
                    continue
                if pending is not None:
                    size_of[m.group(1)] = pending
                    pending = None
                per_pc[int(m.group(2), 16)] += size_of.get(m.group(1), 0)
            elif line.startswith("IN:"):
                pending = 0
            elif pending is not None and INSN.match(line):
                pending += 1
    os.unlink(log)
    per_symbol = collections.Counter()
    for pc, n in per_pc.items():
        per_symbol[symbol_of(pc, addrs, syms, text_start)] += n
    return per_symbol


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in OPS:
        sys.exit("usage: profile.py ROW  (one of %s)" % ", ".join(sorted(OPS)))
    row = sys.argv[1]
    base = profile_boot("rdinit=/bin/bench panic=-1 quiet -- none")
    if row == "boot":
        delta = base
    else:
        delta = profile_boot("rdinit=/bin/bench panic=-1 quiet -- " + row)
        delta.subtract(base)
    ops = OPS[row]
    total = sum(delta.values()) / ops
    print("%s: %.0f instructions per operation" % (row, total))
    print("| function | instructions | share |\n| --- | ---: | ---: |")
    for name, n in delta.most_common(int(os.environ.get("TOP", "25"))):
        if n / ops >= 0.5:
            print("| %s | %.0f | %.1f%% |" % (name, n / ops, 100.0 * n / ops / total))


if __name__ == "__main__":
    main()
