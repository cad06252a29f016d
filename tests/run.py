#!/usr/bin/env python3
"""The test harness behind `make test`.

Runs every layer in turn and prints one line per test, then the summary
`N passed, N failed`; exits non-zero on any failure, timeout or unexpected
panic.

  1. host unit tests (TAP from each build/host/* program)
  2. the kernel under QEMU with in-kernel tests chosen by `ktest=`, on
     several machine configurations (GICv2/v3, EL1/EL2 entry, CPU types)
  3. expected-outcome tests: each boots alone, must end in a panic report
     that contains the lines the test announced with `# expect-report:`
  4. boot through U-Boot (bootm of the uImage) and a gdb session
  5. the labs: each student tree builds and grades below full, this tree
     grades full (tests/labs/lab.py)

Every QEMU run has a timeout, scaled by TIMEOUT_SCALE for slow machines.
Logs of each run are kept in build/test-logs/.
"""
import glob
import hashlib
import io
import lzma
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
LOGS = os.path.join(BUILD, "test-logs")
SCALE = float(os.environ.get("TIMEOUT_SCALE", "1"))
IMAGE = os.path.join(BUILD, "Image")
INITRAMFS = os.path.join(BUILD, "initramfs.cpio")

TAP_LINE = re.compile(r"^(ok|not ok) (\d+) - (\S+)")
TIMESTAMP = re.compile(r"^\[\s*\d+\.\d+\] ")


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def record(self, ok, name, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        line = "%-4s %s" % ("PASS" if ok else "FAIL", name)
        print(line + ("  (%s)" % detail if detail and not ok else ""), flush=True)


def clean_lines(text):
    """Console output without carriage returns and printk timestamps."""
    return [TIMESTAMP.sub("", line) for line in text.replace("\r", "").split("\n")]


def save_log(name, text):
    os.makedirs(LOGS, exist_ok=True)
    with open(os.path.join(LOGS, name + ".log"), "w") as f:
        f.write(text)


def run_host_tests(results, programs):
    for prog in programs:
        path = os.path.join(BUILD, "host", prog)
        try:
            proc = subprocess.run([path, prog], capture_output=True, text=True,
                                  timeout=300 * SCALE)
            out = proc.stdout + proc.stderr
            status = proc.returncode
        except subprocess.TimeoutExpired as e:
            out = (e.stdout or b"").decode(errors="replace")
            status = "timeout"
        save_log("host-" + prog, out)
        seen = 0
        for line in clean_lines(out):
            m = TAP_LINE.match(line)
            if m:
                seen += 1
                results.record(m.group(1) == "ok", "host/" + m.group(3))
        if status != 0 and not any(l.startswith("not ok") for l in out.split("\n")):
            results.record(False, "host/%s" % prog, "exit status %s, %d results" % (status, seen))


# The pictures in docs/ and the scripts that draw them (make docs).
DOC_PICTURES = [("memory_layout.py", "memory-layout.svg"),
                ("process_layout.py", "process-layout.svg"),
                ("subsystems.py", "subsystems.svg"),
                ("syscalls.py", "syscalls.md")]


def check_docs_current(results):
    """Each picture in docs/ must be what its script draws now."""
    for tool, picture in DOC_PICTURES:
        drawn = subprocess.run([sys.executable, os.path.join(ROOT, "docs", "tools", tool)],
                               capture_output=True, text=True).stdout
        with open(os.path.join(ROOT, "docs", picture)) as f:
            committed = f.read()
        results.record(drawn == committed, "docs/%s is current" % picture, "run make docs")


# A text in a box much too narrow for it, and the same text in a box wide enough:
# the check of the pictures' texts must tell them apart.
FIT_SAMPLE = ('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="60" '
              'font-family="monospace" font-size="11"><rect x="10" y="10" width="%d" '
              'height="40"/><text x="20" y="34">guard page after each area</text></svg>')


def check_docs_text_fits(results):
    """Every text of every picture in docs/ inside its box and the picture
    (tests/docs/picture_text.py)."""
    fit = load_module("picture_text", "tests/docs/picture_text.py")
    results.record(fit.problems(FIT_SAMPLE % 100) and not fit.problems(FIT_SAMPLE % 200),
                   "docs: the text check sees a cut text",
                   "%s / %s" % (fit.problems(FIT_SAMPLE % 100), fit.problems(FIT_SAMPLE % 200)))
    for _, picture in DOC_PICTURES:
        if picture.endswith(".svg"):
            with open(os.path.join(ROOT, "docs", picture)) as f:
                found = fit.problems(f.read())
            results.record(not found, "docs/%s: every text fits" % picture,
                           "%d problem(s), first: %s" % (len(found), found[:1]))


def qemu_command(machine="virt", cpu="cortex-a72", smp=4, mem="512M", append="",
                 extra=(), drives=()):
    """drives: raw images attached as virtio disks vda, vdb, ... (as
    qemu/disk-args.sh does for make run: in reverse, see there), on modern
    (version 2) virtio-mmio transports, the only ones tkern drives."""
    disks = ["-global", "virtio-mmio.force-legacy=false"] if drives else []
    for i, path in reversed(list(enumerate(drives))):
        disks += drive_args(i, path)
    return ["qemu-system-aarch64", "-M", machine, "-cpu", cpu, "-smp", str(smp),
            "-m", mem, "-nographic", "-no-reboot", "-kernel", IMAGE,
            "-initrd", INITRAMFS, "-append", append] + disks + list(extra)


def drive_args(i, path):
    return ["-drive", "file=%s,format=raw,if=none,id=disk%d" % (path, i),
            "-device", "virtio-blk-device,drive=disk%d" % i]


# The disks of the block tests, made afresh for each run under build/block/:
# "pattern" holds 4099 sectors (the end is not page-aligned) of 64-bit
# little-endian counters, the word at byte 8k being k (tests/kernel/test_block.c
# and tests/block/disks.sh rely on it); "scratch" is 1 MiB of zeroes;
# "faulty" 512 KiB of zeroes where reading sector 8 fails (QEMU's blkdebug
# driver answers EIO, which virtio-blk passes on as VIRTIO_BLK_S_IOERR).
BLOCK_DIR = os.path.join(BUILD, "block")
PATTERN_WORDS = 4099 * 512 // 8


def disk_image(kind, name):
    """A fresh image of that kind at build/block/NAME.img; its path."""
    os.makedirs(BLOCK_DIR, exist_ok=True)
    path = os.path.join(BLOCK_DIR, name + ".img")
    with open(path, "wb") as f:
        f.write(struct.pack("<%dQ" % PATTERN_WORDS, *range(PATTERN_WORDS)) if kind == "pattern"
                else bytes(1 << 20 if kind == "scratch" else 1 << 19))
    if kind != "faulty":
        return path
    with open(os.path.join(BLOCK_DIR, name + ".conf"), "w") as f:
        f.write('[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "8"\n')
    return "blkdebug:%s.conf:%s" % (path[:-len(".img")], path)


# Every boot of this tree's kernel through run_qemu runs with
# page_table_check on (docs/reliability.md): what each exit gives back is
# checked, and a report in any boot fails its layer (main records one
# result a layer). Expected-outcome tests provoke reports on purpose, and
# the boot-input cases count the options: neither is checked.
PAGE_TABLE_CHECK = "page_table_check=on"
PAGE_TABLE_CHECK_REPORT = re.compile(r"BUG: (Bad rss-counter state|non-zero pgtables_bytes|"
                                     r"Bad page map|Bad page state|Bad vma)")
checked_boots = []  # (command line, first report line or None) of the layer running


def with_page_table_check(cmd):
    """cmd with the option first on the command line (before any --)."""
    i = cmd.index("-append") + 1
    return cmd[:i] + [(PAGE_TABLE_CHECK + " " + cmd[i]).strip()] + cmd[i + 1:]


def run_qemu(cmd, timeout, page_table_check=True):
    """Run QEMU with no input; return (output, timed_out). U-Boot's boots
    (no -kernel: the firmware loads the image) are not checked."""
    checked = page_table_check and "-kernel" in cmd and cmd[cmd.index("-kernel") + 1] == IMAGE
    if checked:
        cmd = with_page_table_check(cmd)
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    try:
        out, _ = proc.communicate(timeout=timeout * SCALE)
        timed_out = False
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        timed_out = True
    out = out.decode(errors="replace")
    if checked:
        report = PAGE_TABLE_CHECK_REPORT.search(out)
        checked_boots.append((cmd[cmd.index("-append") + 1],
                              out[report.start():].split("\n")[0] if report else None))
    return out, timed_out


def record_page_table_check(results, title):
    """One result for the layer: no boot of it reported a bad exit."""
    if not checked_boots:
        return
    bad = [(line, report) for line, report in checked_boots if report]
    results.record(not bad, "%s: page_table_check, %d boots, no report" %
                   (title.split(":")[0], len(checked_boots)),
                   "%s (append: %s)" % (bad[0][1].strip(), bad[0][0][:80]) if bad else "")
    del checked_boots[:]


# The lock validator (docs/lockdep.md) is on where make test boots kernels
# to run tests (the boot suites, the user programs, the stress layer); its
# reports, Linux's first lines, fail the run, but those the lockdep group
# of in-kernel tests provokes on purpose and checks itself.
PROVE_LOCKING = "prove_locking=1"
LOCKDEP_REPORT = re.compile(r"WARNING: possible (circular locking dependency|recursive locking) "
                            r"detected|WARNING: inconsistent lock state|"
                            r"BUG: sleeping function called from invalid context|"
                            r"INFO: trying to register non-static key|BUG: MAX_LOCK")


def lockdep_reports(lines):
    """The validator's report lines, but those inside a lockdep.* in-kernel test."""
    found, provoked = [], False
    for line in lines:
        if line.startswith("# running "):
            provoked = line.startswith("# running lockdep.")
        elif LOCKDEP_REPORT.search(line) and not provoked:
            found.append(line)
    return found


def check_lockdep(results, name, lines):
    reports = lockdep_reports(lines)
    results.record(not reports, name + "/no lock validator report",
                   reports[0] if reports else "")


def check_boot_run(results, suite, lines, timed_out, expect):
    """Banner expectations, the kernel's TAP results, and a clean power-off."""
    text = "\n".join(lines)
    for pattern in expect:
        results.record(re.search(pattern, text, re.M) is not None,
                       "%s/banner: %s" % (suite, pattern), "not in the boot log")
    planned = None
    reported = 0
    for line in lines:
        if re.match(r"^1\.\.(\d+)$", line):
            planned = int(line[3:])
        m = TAP_LINE.match(line)
        if m:
            reported += 1
            results.record(m.group(1) == "ok", "%s/%s" % (suite, m.group(3)))
    panicked = "Kernel panic" in text
    finished = "ktest: finished" in text
    problem = ("timed out" if timed_out else "kernel panic" if panicked
               else "did not finish" if not finished
               else "planned %s tests, reported %d" % (planned, reported)
               if planned != reported else "")
    results.record(not problem, "%s/run completed" % suite, problem)


BOOT_SUITES = [
    # name, qemu arguments (drives: kinds of disk_image), ktest selection, banner expectations
    ("gicv2-a72", dict(drives=["pattern"]), "all",
     [r"^tkern version", r"Memory: 512 MiB", r"smp: Brought up 4 CPUs", r"GICv2:",
      r"virtio_blk virtio\d+: \[vda\] 4099 512-byte logical blocks",
      r"Spinlocks: test-and-set",
      r"rootfs: unpacked \d+ bytes of initramfs",
      r"Entered at EL1", r"LSE atomics: no", r"Checked W\+X mappings: passed"]),
    ("gicv3-max", dict(machine="virt,gic-version=3", cpu="max", smp=2, mem="1G"),
     "boot,timer,smp,pgtable",
     [r"Memory: 1024 MiB", r"smp: Brought up 2 CPUs", r"GICv3:", r"LSE atomics: yes"]),
    ("el2-entry", dict(machine="virt,virtualization=on,gic-version=3", smp=4),
     "boot,timer,smp",
     [r"Entered at EL2, running at EL1", r"PSCI via smc", r"smp: Brought up 4 CPUs"]),
    ("el2-gicv2", dict(machine="virt,virtualization=on", smp=3, mem="256M"),
     "boot,timer,smp",
     [r"Entered at EL2", r"GICv2:", r"Memory: 256 MiB", r"smp: Brought up 3 CPUs"]),
    # 255 ASIDs: the allocator rolls over under the tests that make many address spaces.
    ("asid8", dict(smp=4, bootargs="asid_bits=8"), "asid,process,mmconc,fault",
     [r"ASIDs: 8 bits \(CPU: 16\)", r"smp: Brought up 4 CPUs"]),
    # The fair ticket locks, which are not the default: they must still work everywhere.
    ("ticketlock", dict(smp=4, bootargs="spinlock=ticket"), "sched,spinlock,mmconc,process",
     [r"Spinlocks: tickets", r"smp: Brought up 4 CPUs"]),
]


def run_clang_build(results):
    """The kernel also builds with clang and ld.lld, and that build boots."""
    build = os.path.join(BUILD, "clang")
    proc = subprocess.run(["make", "-s", "--no-print-directory", "CC=clang",
                           "BUILD=" + build, "all"], cwd=ROOT, capture_output=True,
                          text=True)
    save_log("clang-build", proc.stdout + proc.stderr)
    results.record(proc.returncode == 0, "clang/build", "see build/test-logs/clang-build.log")
    if proc.returncode != 0:
        return
    cmd = qemu_command(append="ktest=boot,smp,timer,pgtable panic=-1", smp=2)
    cmd[cmd.index(IMAGE)] = os.path.join(build, "Image")
    out, timed_out = run_qemu(cmd, 120)
    save_log("boot-clang", out)
    check_boot_run(results, "clang", clean_lines(out), timed_out,
                   [r"smp: Brought up 2 CPUs"])


def run_boot_suites(results):
    for name, qemu_args, selection, expect in BOOT_SUITES:
        qemu_args = dict(qemu_args)
        bootargs = qemu_args.pop("bootargs", "")
        qemu_args["drives"] = [disk_image(kind, "%s-%d" % (name, i))
                               for i, kind in enumerate(qemu_args.get("drives", []))]
        # With the validator the process tests hang now and then (an open bug,
        # docs/lockdep.md): they run in the suites of their own option (asid8,
        # ticketlock) without it, and the suites with it leave them out.
        if bootargs:
            validator = ""
        else:
            validator, selection = PROVE_LOCKING, selection + ",-process"
        cmd = qemu_command(append=("ktest=%s panic=-1 %s %s" % (selection, validator,
                                                                bootargs)).strip(),
                           **qemu_args)
        out, timed_out = run_qemu(cmd, 120)
        save_log("boot-" + name, out)
        check_boot_run(results, "boot/" + name, clean_lines(out), timed_out, expect)
        check_lockdep(results, "boot/" + name, clean_lines(out))


def expected_panic_tests():
    """group.name of every KTEST_EXPECT_PANIC in tests/kernel."""
    found = []
    pattern = re.compile(r"^KTEST_EXPECT_PANIC\((\w+),\s*(\w+)\)", re.M)
    kdir = os.path.join(ROOT, "tests", "kernel")
    for fname in sorted(os.listdir(kdir)):
        if fname.endswith(".c"):
            with open(os.path.join(kdir, fname)) as f:
                found += ["%s.%s" % m for m in pattern.findall(f.read())]
    return found


def check_expected_panic(results, test, lines, timed_out):
    name = "expect-panic/" + test
    try:
        start = lines.index("# expect-panic: " + test)
    except ValueError:
        results.record(False, name, "the test did not start")
        return
    marker = "# expect-report: "
    wanted = [l[len(marker):] for l in lines[start:] if l.startswith(marker)]
    after = "\n".join(l for l in lines[start:] if not l.startswith(marker))
    missing = [w for w in wanted if w not in after]
    problem = ("timed out: the kernel did not stop after the report" if timed_out
               else "no panic" if "Kernel panic - not syncing" not in after
               else "report lacks: " + "; ".join(missing) if missing
               else "announced no expected lines" if not wanted else "")
    results.record(not problem, name, problem)


def run_expected_panics(results):
    for test in expected_panic_tests():
        cmd = qemu_command(smp=2, append="ktest=%s panic=-1" % test)
        out, timed_out = run_qemu(cmd, 60, page_table_check=False)
        save_log("panic-" + test, out)
        check_expected_panic(results, test, clean_lines(out), timed_out)


def run_uboot(results):
    cmd = ["make", "-s", "--no-print-directory", "uboot-files",
           "BOOTARGS=ktest=boot.all_cpus_online panic=-1"]
    if subprocess.run(cmd, cwd=ROOT).returncode != 0:
        results.record(False, "uboot/boot", "could not prepare the U-Boot files")
        return
    qemu = subprocess.run(["make", "-s", "--no-print-directory", "print-uboot-qemu"],
                          cwd=ROOT, capture_output=True, text=True).stdout.split()
    out, timed_out = run_qemu(qemu, 180)
    save_log("uboot", out)
    lines = clean_lines(out)
    text = "\n".join(lines)
    results.record("U-Boot" in text, "uboot/U-Boot started", "no U-Boot banner")
    results.record("Entered at EL2" in text, "uboot/kernel entered at EL2 via bootm",
                   "no kernel banner")
    check_boot_run(results, "uboot", lines, timed_out,
                   [r"smp: Brought up 4 CPUs", r"rootfs: unpacked \d+ bytes of initramfs"])


def read_until(proc, marker, timeout):
    """Read QEMU's output until marker appears; return all of it, or None on timeout."""
    import select
    data = b""
    deadline = time.time() + timeout * SCALE
    while marker.encode() not in data:
        left = deadline - time.time()
        if left <= 0 or not select.select([proc.stdout], [], [], left)[0]:
            return None
        chunk = os.read(proc.stdout.fileno(), 4096)
        if not chunk:
            return None
        data += chunk
    return data.decode(errors="replace")


def type_steps(cmd, steps, pause):
    """Run QEMU and type each (keys, prompt) step, pause seconds after the
    last prompt, until the prompt appears; the transcript, with a note where
    it stopped short."""
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    transcript = ""
    try:
        for typed, prompt in steps:
            if typed:
                time.sleep(pause)
                proc.stdin.write(typed.encode())
                proc.stdin.flush()
            out = read_until(proc, prompt, 60)
            if out is None:
                transcript += "\n[no %r after typing %r]" % (prompt, typed)
                break
            transcript += out
    except BrokenPipeError:
        transcript += "\n[QEMU exited]"
    finally:
        proc.kill()
        proc.wait()
    return transcript


def run_console(results):
    """Type at the monitor: UART receive interrupts, the line buffer, echo."""
    proc = subprocess.Popen(qemu_command(append="rdinit=/no/init"), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    transcript = ""
    try:
        steps = [("", "tkern> "), ("cpus\n", "tkern> "), ("meminfo\n", "tkern> "),
                 ("walk ffffff8000000000\n", "tkern> "), ("poweroff\n", "Power down")]
        for typed, prompt in steps:
            if typed:
                proc.stdin.write(typed.encode())
                proc.stdin.flush()
            out = read_until(proc, prompt, 60)
            if out is None:
                transcript += "\n[no '%s' after typing %r]" % (prompt, typed)
                break
            transcript += out
        proc.wait(timeout=30 * SCALE)
    except (subprocess.TimeoutExpired, BrokenPipeError):
        transcript += "\n[QEMU did not exit]"
    finally:
        proc.kill()
        proc.wait()
    save_log("console", transcript)
    text = "\n".join(clean_lines(transcript))
    results.record(len(re.findall(r"^CPU\d: MPIDR .* online", text, re.M)) == 4,
                   "console/cpus command lists 4 online CPUs", "no such lines")
    results.record(re.search(r"^MemFree: +\d+ kB", text, re.M) is not None,
                   "console/meminfo command", "no MemFree line")
    results.record("L3[  0]" in text and "page RO kernel-only kernel-exec" in text,
                   "console/walk of the kernel's first page", "no walk")
    results.record("Power down" in text and proc.returncode == 0,
                   "console/poweroff ends QEMU", "QEMU still running or failed")


def run_console_program(results):
    """Type at a user program: the line discipline through /dev/console."""
    steps = [("", "line>"), ("hello\r", "parts>"), ("abcdef\r", "backspace>"),
             ("abx\x7fc\r", "eof>"), ("\x04", "partial>"), ("xy\x04", "poll>"),
             ("pq\r", "vmin>"), ("ab", ""), ("c", "vtime>"), ("x", "interrupt>"),
             ("\x03", "exited with status 0")]
    transcript = type_steps(qemu_command(smp=2, append="rdinit=/bin/console panic=-1"),
                            steps, 0.2)
    save_log("console-program", transcript)
    text = "\n".join(clean_lines(transcript))
    for expect in ["got line: 6 [hello\\n]", "got first part: 2 [ab]", "got available: 5",
                   "got second part: 5 [cdef\\n]", "got edited: 4 [abc\\n]", "got eof: 0 []",
                   "got partial: 2 [xy]", "got poll before typing: 0 revents 0",
                   "got select before typing: 0", "got poll: 1 revents 0x1",
                   "got select: 1, fd 0 readable", "got polled line: 3 [pq\\n]",
                   "got nonblocking line: -1 EAGAIN", "got raw, nothing typed: 0 []",
                   "got raw nonblocking: -1 EAGAIN", "got vtime timeout: 0 after the timeout",
                   "got vmin 3: 3 [abc]", "got vmin 2 vtime 3: 1 [x]",
                   "got child: killed by signal 2",
                   "init (console) exited with status 0"]:
        results.record(expect in text, "console-program/" + expect, "not in the transcript")


def run_bench_smoke(results):
    """make bench's harness, once: every benchmark runs and reports a figure."""
    bench = load_module("bench_run", "tests/bench/run.py")
    try:
        figures, log = bench.run_kernel_benchmarks()
    except subprocess.TimeoutExpired:
        figures, log = {}, "timed out"
    save_log("bench-smoke", log)
    for name, _ in bench.ROWS:
        results.record(figures.get(name, 0) > 0, "bench-smoke/" + name, "no figure")
    try:
        figures, log = bench.run_user_benchmarks(IMAGE)
    except subprocess.TimeoutExpired:
        figures, log = {}, "timed out"
    save_log("bench-smoke-user", log)
    for name, _ in bench.USER_ROWS:
        results.record(figures.get(name, 0) > 0, "bench-smoke/user-" + name, "no figure")
    try:
        figures, _, notes = bench.swap_benchmarks(None, False, runs=1)
    except subprocess.TimeoutExpired:
        figures, notes = {}, ["timed out"]
    for name, _ in bench.SWAP_ROWS:
        results.record(figures.get(name, 0) > 0 and "checksum ok" in " ".join(notes),
                       "bench-smoke/user-" + name, "; ".join(notes))


# program, how much of each output line must match Linux's (None: all of it)
USER_PROGRAMS = [("hello", None), ("minimal", None), ("memory", None), ("segv", None),
                 ("layout", 30), ("fork", None), ("signals", None),
                 ("uaccess", None), ("faults", None), ("handlers", None), ("files", None),
                 ("dirs", None), ("pipe", None), ("proc", None), ("filemap", None),
                 ("restart", None), ("sigchld", None), ("sigqueue", None),
                 ("itimer", None), ("threads", None), ("futex", None), ("futex_race", None),
                 ("threads_mm", None),
                 ("poll", None), ("prctl", None), ("attrs", None), ("names", None),
                 ("fifo", None), ("names_random", None),
                 ("truncate", None), ("locks", None), ("sendfile", None), ("nosys", None)]
EXIT_LINE = re.compile(r"init \((\S+)\) (exited with status|was killed by signal) (\d+)")


def user_output(lines):
    """What the program printed: the console lines that are not kernel messages."""
    return [l for l in lines if l and not l.startswith("[") and not l.startswith("tkern")]


def default_signal_actions():
    for sig in (signal.SIGINT, signal.SIGQUIT):
        signal.signal(sig, signal.SIG_DFL)


def run_on_linux(program, binary=None):
    """The same binary under qemu-aarch64: Linux's system calls, Linux's answers.
    qemu-user itself can hang now and then (a lock held across fork), so a
    reference run that times out is tried once more before it counts as a
    failure of the comparison. The program starts with the default signal
    actions, as init does on tkern: make test started in the background
    (SIGINT and SIGQUIT ignored, which children inherit) must not change
    Linux's answers."""
    for attempt in range(2):
        try:
            path = binary or os.path.join(BUILD, "user", program)
            proc = subprocess.run(["qemu-aarch64", path], capture_output=True, text=True,
                                  timeout=120 * SCALE, preexec_fn=default_signal_actions)
            break
        except subprocess.TimeoutExpired:
            print("note: qemu-aarch64 %s timed out (attempt %d)" % (program, attempt + 1))
    else:
        return ["(qemu-aarch64 timed out twice)"], ("timed out", 0)
    status = ("was killed by signal", -proc.returncode) if proc.returncode < 0 \
        else ("exited with status", proc.returncode)
    return proc.stdout.rstrip("\n").split("\n") if proc.stdout else [], status


def run_user_programs(results):
    for program, width in USER_PROGRAMS:
        out, timed_out = run_qemu(qemu_command(smp=2, append="rdinit=/bin/%s panic=-1 %s"
                                               % (program, PROVE_LOCKING)), 120)
        save_log("user-" + program, out)
        check_lockdep(results, "user/" + program, clean_lines(out))
        ours = user_output(out.replace("\r", "").split("\n"))
        linux, linux_status = run_on_linux(program)
        exit_match = EXIT_LINE.search(out)
        ours_status = (exit_match.group(2), int(exit_match.group(3))) if exit_match else None
        same = [a[:width] for a in ours] == [b[:width] for b in linux]
        differ = next((i for i, (a, b) in enumerate(zip(ours, linux)) if a[:width] != b[:width]),
                      min(len(ours), len(linux)))
        results.record(not timed_out and same, "user/%s output matches Linux" % program,
                       "line %d: tkern %r, Linux %r" % (differ + 1, ours[differ:differ + 2],
                                                       linux[differ:differ + 2]))
        results.record(ours_status == linux_status, "user/%s exit matches Linux" % program,
                       "tkern %s, Linux %s" % (ours_status, linux_status))
    segv = open(os.path.join(LOGS, "user-segv.log")).read()
    results.record(re.search(r"segv\[1\]: segfault at 10 ip [0-9a-f]{16} sp [0-9a-f]{16} "
                             r"\(data abort from EL0, translation fault at level \d, write\)",
                             segv) is not None,
                   "user/segv one-line fault report", "no report line")


# Programs that check tkern-specific behaviour themselves: "ok - ..." / "FAIL - ..." lines.
TKERN_ONLY_PROGRAMS = ["procfs", "elfcorpus", "threadproc", "fifostress", "filedata", "procdev",
                       "mapdrv", "forkmany", "sysfs", "procleak", "forkbomb"]
# Extra boot options some of them need: 255 ASIDs, so that 1,000 processes roll them over;
# a debug cache, whose alloc_calls sysfs reads.
TKERN_PROGRAM_BOOTARGS = {"forkmany": "asid_bits=8", "sysfs": "slub_debug=U,kmalloc-192"}


def run_tkern_programs(results):
    for program in TKERN_ONLY_PROGRAMS:
        append = "rdinit=/bin/%s panic=-1 %s %s" % (program, PROVE_LOCKING,
                                                    TKERN_PROGRAM_BOOTARGS.get(program, ""))
        out, timed_out = run_qemu(qemu_command(smp=2, append=append.strip()), 120)
        save_log("user-" + program, out)
        check_lockdep(results, "user/" + program, clean_lines(out))
        lines = user_output(out.replace("\r", "").split("\n"))
        for line in lines:
            if line.startswith("ok - ") or line.startswith("FAIL - "):
                ok, name = line.split(" - ", 1)
                results.record(ok == "ok", "user/%s: %s" % (program, name))
        exited = re.search(r"init \(%s\) exited with status 0" % program, out) is not None
        results.record(not timed_out and exited, "user/%s ran to the end" % program,
                       "timed out" if timed_out else "see build/test-logs/user-%s.log" % program)


# The OOM killer (issue #15): tests/user/oomkill.c as init of a 128 MiB
# machine whose initramfs holds only it (the usual one would fill half the
# RAM). The program judges what it sees and prints each victim it expects,
# in order, as "# victim: pid N"; the kernel's log must name exactly those,
# in that order, each with Linux's line and one "invoked oom-killer" header.
OOM_KILL_LINE = re.compile(r"Out of memory: Killed process (\d+) \(oomkill\) total-vm:\d+kB, "
                           r"anon-rss:\d+kB, file-rss:\d+kB, shmem-rss:\d+kB, UID:0 "
                           r"pgtables:\d+kB oom_score_adj:-?\d+$")


def oom_initramfs():
    mkcpio = load_module("mkcpio", "tests/busybox/mkcpio.py")
    path = os.path.join(BUILD, "initramfs-oom.cpio")
    with open(os.path.join(BUILD, "user", "oomkill"), "rb") as f:
        program = f.read()
    with open(path, "wb") as out:
        archive = mkcpio.Archive(out)
        archive.entry("bin", mkcpio.S_IFDIR | 0o755)
        archive.entry("proc", mkcpio.S_IFDIR | 0o755)
        archive.entry("bin/oomkill", mkcpio.S_IFREG | 0o755, program)
        archive.entry("TRAILER!!!", 0)
    return path


def run_oom(results):
    cmd = qemu_command(smp=2, mem="128M", append="rdinit=/bin/oomkill panic=-1")
    cmd[cmd.index("-initrd") + 1] = oom_initramfs()
    out, timed_out = run_qemu(cmd, 120)
    save_log("oom", out)
    lines = clean_lines(out)
    for line in user_output(lines):
        if line.startswith("ok - ") or line.startswith("FAIL - "):
            ok, name = line.split(" - ", 1)
            results.record(ok == "ok", "oom/%s" % name)
    expected = [int(l.split()[-1]) for l in lines if l.startswith("# victim: pid ")]
    logged = [int(m.group(1)) for m in map(OOM_KILL_LINE.search, lines) if m]
    headers = sum(1 for l in lines if "invoked oom-killer: " in l)
    results.record(bool(expected) and logged == expected,
                   "oom/the kernel log names each victim, in order, with Linux's line",
                   "expected %s, logged %s" % (expected, logged))
    results.record(headers == len(logged), "oom/one header line per kill",
                   "%d headers, %d kills" % (headers, len(logged)))
    results.record(not timed_out and "init (oomkill) exited with status 0" in out,
                   "oom/ran to the end", "see build/test-logs/oom.log")


# The stress layer: thread programs run many times in one boot on 4 CPUs.
# tests/user/threadstress.c reruns one, compares each run's output with the
# first, and prints the first ("| " lines), which must be Linux's (qemu-aarch64).
# (program, runs, time limit in seconds).
STRESS_RUNS = [("threads", 100, 240), ("futex", 20, 60), ("threads_mm", 100, 420)]


def run_stress(results):
    for program, runs, limit in STRESS_RUNS:
        out, timed_out = run_qemu(qemu_command(smp=4, append="rdinit=/bin/threadstress "
                                               "panic=-1 %s -- %d /bin/%s"
                                               % (PROVE_LOCKING, runs, program)), limit)
        save_log("stress-" + program, out)
        check_lockdep(results, "stress/" + program, clean_lines(out))
        lines = user_output(out.replace("\r", "").split("\n"))
        for line in lines:
            if line.startswith("ok - ") or line.startswith("FAIL - "):
                ok, name = line.split(" - ", 1)
                results.record(ok == "ok", "stress/%s" % name)
        first = [l[2:] for l in lines if l.startswith("| ")]
        linux, _ = run_on_linux(program)
        results.record(first == linux, "stress/%s first run matches Linux" % program,
                       "see build/test-logs/stress-%s.log" % program)
        results.record(not timed_out and "init (threadstress) exited with status 0" in out,
                       "stress/%s x%d ran to the end" % (program, runs),
                       "timed out" if timed_out else "see build/test-logs/stress-%s.log"
                       % program)


# The system call fuzzer (docs/fuzz.md): tests/user/fuzz.c as init makes
# FUZZ_CALLS random calls over the implemented table from a fresh seed
# (printed: `make fuzz CALLS=100000 SECONDS=120 SEED=N` replays it), then
# checks itself that the kernel still forks and execs and that every slab
# object and page is back. The log must show no kernel crash or warning. `make fuzz
# SECONDS=600` is a longer run of the same (run_fuzz_long).
FUZZ_CALLS = 100000
FUZZ_SECONDS = 120
FUZZ_TROUBLE = re.compile(r"Kernel panic|Unable to handle|Internal error|BUG: |WARNING: |"
                          r"Oops|stack overflow")


def fuzz_run(results, calls, seconds, seed, log, limit, boot=""):
    """One fuzzer boot; its ok/FAIL lines, no kernel trouble, ran to the end."""
    out, timed_out = run_qemu(qemu_command(smp=2, append="rdinit=/bin/fuzz panic=-1 %s %s -- %d %d %d"
                                           % (PROVE_LOCKING, boot, calls, seconds, seed)), limit)
    save_log(log, out)
    lines = clean_lines(out)
    for line in user_output(lines):
        if line.startswith("ok - ") or line.startswith("FAIL - "):
            ok, name = line.split(" - ", 1)
            results.record(ok == "ok", "fuzz/%s" % name, "seed %d, see build/test-logs/%s.log"
                           % (seed, log))
    trouble = [l for l in lines if FUZZ_TROUBLE.search(l)]
    results.record(not trouble, "fuzz/no kernel crash or warning",
                   "seed %d: %s" % (seed, trouble[0] if trouble else ""))
    results.record(not timed_out and "init (fuzz) exited with status" in out,
                   "fuzz/ran to the end", "seed %d: %s" % (
                       seed, "timed out" if timed_out else "see build/test-logs/%s.log" % log))
    figures = [l for l in user_output(lines) if l.startswith("fuzz: ")]
    print("note: %s" % "; ".join(figures), flush=True)


def run_fuzz(results):
    seed = int.from_bytes(os.urandom(4), "little") or 1
    fuzz_run(results, FUZZ_CALLS, FUZZ_SECONDS, seed, "stress-fuzz", FUZZ_SECONDS + 180)


def run_fuzz_long(seconds, seed, calls, boot):
    """make fuzz: `calls` at most (0: no limit), `seconds` long, `boot` options added;
    exits non-zero on any failure."""
    results = Results()
    seed = seed or int.from_bytes(os.urandom(4), "little") or 1
    fuzz_run(results, calls, seconds, seed, "fuzz", seconds + 300, boot)
    print("%d passed, %d failed (log: build/test-logs/fuzz.log)" % (results.passed,
                                                                   results.failed))
    sys.exit(1 if results.failed else 0)


# The scheduler under load (issue #16): tests/user/schedload.c for
# SCHEDLOAD_SECONDS on 4 CPUs, twice as many busy processes as CPUs. On tkern
# as QEMU runs normally, and with every vCPU thread on one host core
# (taskset -c 0), where the host takes a vCPU away at any instant: while it
# holds a lock or has a wake-up in flight. The program judges itself (stalls,
# fairness, reaping, memory); Linux booted the same way, pinned, must pass
# its own checks (the yardstick holds), and pinned tkern must do at least
# half of Linux's worker iterations.
SCHEDLOAD_SECONDS = 20
SCHEDLOAD_LIMIT = 80
SCHEDLOAD_FIGURES = re.compile(r"^(schedload: \d+ s|workers: |pairs: |last child)")
SCHEDLOAD_TOTAL = re.compile(r"^workers: (\d+) iterations in all", re.M)


def schedload_run(kernel, pinned, log):
    """One schedload boot; (its ok/FAIL lines as (ok, name, figure), the
    figures' lines joined, total worker iterations or None, timed out)."""
    cmd = qemu_command(smp=4, append="rdinit=/bin/schedload panic=-1 quiet -- %d"
                       % SCHEDLOAD_SECONDS)
    cmd[cmd.index("-kernel") + 1] = kernel
    if pinned:
        cmd = ["taskset", "-c", "0"] + cmd
    out, timed_out = run_qemu(cmd, SCHEDLOAD_LIMIT)
    save_log(log, out)
    lines = user_output(out.replace("\r", "").split("\n"))
    checks = []
    for line in lines:
        if line.startswith("ok - ") or line.startswith("FAIL - "):
            ok, name = line.split(" - ", 1)
            name, _, figure = name.partition(" (")
            checks.append((ok == "ok", name, figure.rstrip(")")))
    figures = "; ".join(l for l in lines if SCHEDLOAD_FIGURES.match(l))
    total = SCHEDLOAD_TOTAL.search("\n".join(lines))
    return checks, figures, int(total.group(1)) if total else None, timed_out


def record_schedload(results, where, checks, figures, timed_out):
    for ok, name, figure in checks:
        results.record(ok, "stress/schedload %s: %s" % (where, name),
                       "%s; %s" % (figure, figures))
    results.record(not timed_out and bool(checks), "stress/schedload %s ran to the end" % where,
                   "timed out after %d s" % SCHEDLOAD_LIMIT if timed_out
                   else "no checks printed")
    print("note: schedload %s: %s" % (where, figures or "no figures"), flush=True)


def run_schedload(results):
    ours = {}
    for pinned in [False, True]:
        where = "on tkern, 4 CPUs" + (" pinned to one host core" if pinned else "")
        checks, figures, ours[pinned], timed_out = schedload_run(
            IMAGE, pinned, "stress-schedload" + ("-pinned" if pinned else ""))
        record_schedload(results, where, checks, figures, timed_out)
    linux = linux_boot_kernel()
    results.record(linux is not None, "stress/schedload: Linux kernel for comparison fetched",
                   "tests/bench/fetch-linux.sh failed")
    if not linux:
        return
    checks, figures, theirs, timed_out = schedload_run(linux, True, "linux-stress-schedload")
    print("note: schedload on Linux, 4 CPUs pinned to one host core: %s" % figures, flush=True)
    failed = [name for ok, name, _ in checks if not ok]
    if failed:
        # Linux's own time bounds depend on how busy the host is: worth a note, not a failure.
        print("note: schedload on Linux, pinned: its own checks that failed: %s" % failed,
              flush=True)
    results.record(theirs is not None and not timed_out,
                   "stress/schedload on Linux, pinned: ran to the end (the yardstick)",
                   "timed out or printed no figures; %s" % figures)
    results.record(ours[True] is not None and theirs is not None and 2 * ours[True] >= theirs,
                   "stress/schedload pinned: tkern's worker iterations at least half of Linux's",
                   "tkern %s, Linux %s" % (ours[True], theirs))


# Programs that execve: user-mode QEMU cannot exec an AArch64 program on this
# host, so the peer is Debian's Linux kernel booted in QEMU with the same
# initramfs (tests/bench/fetch-linux.sh downloads it once into a cache).
LINUX_BOOT_PROGRAMS = ["exec", "stack", "madvise", "pagefaults", "mremap", "sysmisc", "pgrp",
                       "creds", "scripts", "stopcont", "spawn", "robust", "perms", "nodes",
                       "mounts", "procfiles", "mmapflags", "rlimits", "affinity", "nice",
                       "mlock", "mincore", "overcommit", "pagemap", "smaps", "segvcode",
                       "oomadj", "shmem", "sysvshm", "traps", "orphan"]
# Programs that need more CPUs than the usual 2 (affinity pins itself to CPU 2 and 3).
LINUX_BOOT_SMP = {"affinity": 4}
# `affinity cpus` prints what glibc and /sys say of the CPU count; booted at each.
CPU_COUNTS = [1, 2, 4, 8]
LINUX_INIT_EXIT = re.compile(r"Attempted to kill init! exitcode=0x([0-9a-f]+)")


def linux_boot_kernel():
    proc = subprocess.run([os.path.join(ROOT, "tests", "bench", "fetch-linux.sh")],
                          capture_output=True, text=True)
    return proc.stdout.strip() if proc.returncode == 0 else None


def run_on_linux_boot(kernel, program, smp=2, args="", log=None):
    """The program as init of a real Linux kernel; (output lines, status)."""
    cmd = qemu_command(smp=smp, append=("rdinit=/bin/%s panic=-1 quiet %s" % (program, args))
                       .strip())
    cmd[cmd.index("-kernel") + 1] = kernel
    out, _ = run_qemu(cmd, 300)
    save_log(log or "linux-" + program, out)
    match = LINUX_INIT_EXIT.search(out)
    code = int(match.group(1), 16) if match else None
    status = None if code is None else ("was killed by signal", code & 0x7f) if code & 0x7f \
        else ("exited with status", code >> 8)
    return user_output(out.replace("\r", "").split("\n")), status


def run_linux_boot_programs(results):
    kernel = linux_boot_kernel()
    results.record(kernel is not None, "Linux kernel for comparison fetched",
                   "tests/bench/fetch-linux.sh failed")
    for program in LINUX_BOOT_PROGRAMS if kernel else []:
        smp = LINUX_BOOT_SMP.get(program, 2)
        out, timed_out = run_qemu(qemu_command(smp=smp, append="rdinit=/bin/%s panic=-1"
                                               % program), 300)
        save_log("user-" + program, out)
        ours = user_output(out.replace("\r", "").split("\n"))
        exit_match = EXIT_LINE.search(out)
        ours_status = (exit_match.group(2), int(exit_match.group(3))) if exit_match else None
        linux, linux_status = run_on_linux_boot(kernel, program, smp)
        results.record(not timed_out and ours == linux,
                       "user/%s output matches Linux (booted)" % program,
                       "first difference: %r" % (next(((a, b) for a, b in zip(ours, linux)
                                                        if a != b), (ours[-1:], linux[-1:])),))
        results.record(ours_status == linux_status, "user/%s exit matches Linux (booted)"
                       % program, "tkern %s, Linux %s" % (ours_status, linux_status))


def run_cpu_counts(results):
    """glibc's CPU counts and /sys's CPU lists on 1, 2, 4 and 8 CPUs, as on Linux."""
    kernel = linux_boot_kernel()
    for smp in CPU_COUNTS if kernel else []:
        out, timed_out = run_qemu(qemu_command(smp=smp, append="rdinit=/bin/affinity "
                                               "panic=-1 -- cpus"), 120)
        save_log("user-affinity-cpus-%d" % smp, out)
        ours = user_output(out.replace("\r", "").split("\n"))
        linux, _ = run_on_linux_boot(kernel, "affinity", smp, "-- cpus",
                                     "linux-affinity-cpus-%d" % smp)
        results.record(not timed_out and ours == linux and
                       "with /sys: sysconf online %d," % smp in "\n".join(ours),
                       "user/affinity cpus on %d CPUs matches Linux (booted)" % smp,
                       "tkern %r, Linux %r" % (ours[:3], linux[:3]))


# Scripts run by Debian's busybox-static (fetched once into a cache by
# tests/fetch-deb.sh) as init, on tkern and on Linux booted in QEMU: a real
# userland's shell, its jobs and its tools must behave the same on both.
BUSYBOX_CPIO = os.path.join(BUILD, "busybox.cpio")


def busybox_initramfs():
    """Build build/busybox.cpio; (the scripts, None), or (None, why not)."""
    proc = subprocess.run([os.path.join(ROOT, "qemu", "busybox-initramfs.sh"),
                           BUSYBOX_CPIO], capture_output=True, text=True)
    if proc.returncode != 0:
        return None, proc.stderr.strip()[-200:]
    scripts = sorted(glob.glob(os.path.join(ROOT, "tests", "busybox", "*.sh")))
    return [os.path.basename(s)[:-3] for s in scripts], None


def busybox_run(kernel, script, log, by_name=False):
    """The script as init's work, under kernel, run by sh or (by_name) as init
    itself through its #! line; (output lines, timed out)."""
    append = ("rdinit=/tests/busybox/%s.sh panic=-1 quiet -- one two" % script if by_name
              else "rdinit=/bin/busybox panic=-1 quiet -- sh /tests/busybox/%s.sh" % script)
    cmd = qemu_command(smp=4, append=append)
    cmd[cmd.index("-kernel") + 1] = kernel
    cmd[cmd.index("-initrd") + 1] = BUSYBOX_CPIO
    out, timed_out = run_qemu(cmd, 120)
    save_log(log, out)
    return user_output(out.replace("\r", "").split("\n")), timed_out


def run_busybox_scripts(results):
    scripts, why = busybox_initramfs()
    results.record(scripts is not None, "busybox-static fetched", why or "")
    linux = linux_boot_kernel() if scripts else None
    results.record(linux is not None, "Linux kernel for comparison fetched",
                   "tests/bench/fetch-linux.sh failed")
    for script in scripts if linux else []:
        ours, timed_out = busybox_run(IMAGE, script, "busybox-" + script)
        theirs, _ = busybox_run(linux, script, "linux-busybox-" + script)
        differ = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b),
                      min(len(ours), len(theirs)))
        results.record(not timed_out and ours == theirs,
                       "busybox/%s output matches Linux (booted)" % script,
                       "%sline %d: tkern %r, Linux %r" % (
                           "timed out; " if timed_out else "", differ + 1,
                           ours[differ:differ + 2], theirs[differ:differ + 2]))
    if linux and "asinit" in scripts:
        ours, timed_out = busybox_run(IMAGE, "asinit", "busybox-asinit-by-name", True)
        theirs, _ = busybox_run(linux, "asinit", "linux-busybox-asinit-by-name", True)
        results.record(not timed_out and ours == theirs and "2 arguments: one two" in
                       " ".join(theirs), "busybox/a #! script as rdinit= runs as on Linux (booted)",
                       "tkern %r, Linux %r" % (ours, theirs))


# tests/block/disks.sh, run by BusyBox as init with a pattern disk and a
# scratch disk attached, on tkern and on Linux booted in QEMU (its virtio
# drivers are modules in Debian's kernel, so the initramfs carries them): the
# outputs must match, the checksums must be the host's, and each scratch image
# must hold afterwards what the script wrote into it.
BLOCK_CPIO = os.path.join(BLOCK_DIR, "block.cpio")
BLOCK_MD5 = re.compile(r"^(whole disk|bs=512): ([0-9a-f]{32})  -$", re.M)


def linux_virtio_modules(kernel):
    """[(name, bytes)] of Debian's virtio_mmio.ko and virtio_blk.ko, or None."""
    release = os.path.basename(kernel)[len("vmlinuz-"):]
    drivers = os.path.join(os.path.dirname(os.path.dirname(kernel)), "lib", "modules",
                           release, "kernel", "drivers")
    modules = []
    for module in ("virtio/virtio_mmio.ko", "block/virtio_blk.ko"):
        found = glob.glob(os.path.join(drivers, module + "*"))
        if not found:
            return None
        with open(found[0], "rb") as f:
            data = f.read()
        modules.append((os.path.basename(module),
                        lzma.decompress(data) if found[0].endswith(".xz") else data))
    return modules


def disks_initramfs(out, modules, files):
    """out: the BusyBox initramfs, and a second archive after it (both
    kernels unpack concatenated ones) with the modules and files, each
    [(path in the archive, path in the tree)], made executable."""
    mkcpio = load_module("mkcpio", "tests/busybox/mkcpio.py")
    extra = io.BytesIO()
    archive = mkcpio.Archive(extra)
    directories = {"lib", "lib/modules"} | {os.path.dirname(name) for name, _ in files}
    for directory in sorted(directories - {"bin"}):
        archive.entry(directory, mkcpio.S_IFDIR | 0o755)
    for name, data in modules:
        archive.entry("lib/modules/" + name, mkcpio.S_IFREG | 0o644, data)
    for name, path in files:
        with open(path, "rb") as f:
            archive.entry(name, mkcpio.S_IFREG | 0o755, f.read())
    archive.entry("TRAILER!!!", 0)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(BUSYBOX_CPIO, "rb") as f, open(out, "wb") as cpio:
        cpio.write(f.read() + extra.getvalue())


def block_initramfs(modules):
    """build/block/block.cpio: BusyBox, the script and the modules."""
    disks_initramfs(BLOCK_CPIO, modules,
                    [("tests/block/disks.sh", os.path.join(ROOT, "tests", "block", "disks.sh"))])


def disks_run(kernel, initrd, script, drives, log, mem="512M", timeout=120, options=""):
    """BusyBox running script as init under kernel with the drives, on 2 CPUs;
    (output lines, timed out)."""
    cmd = qemu_command(smp=2, mem=mem, drives=drives,
                       append="rdinit=/bin/busybox panic=-1 quiet %s -- sh %s" % (options, script))
    cmd[cmd.index("-kernel") + 1] = kernel
    cmd[cmd.index("-initrd") + 1] = initrd
    out, timed_out = run_qemu(cmd, timeout)
    save_log(log, out)
    return user_output(out.replace("\r", "").split("\n")), timed_out


def first_difference(ours, theirs):
    """Where two outputs part, for a failure's message."""
    differ = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b),
                  min(len(ours), len(theirs)))
    return "line %d: tkern %r, Linux %r" % (differ + 1, ours[differ:differ + 2],
                                            theirs[differ:differ + 2])


def block_run(kernel, log):
    """disks.sh under kernel; (output lines, timed out, the scratch image's path)."""
    drives = [disk_image(kind, "%s-%s" % (log, kind)) for kind in ("pattern", "scratch", "faulty")]
    out, timed_out = disks_run(kernel, BLOCK_CPIO, "/tests/block/disks.sh", drives, log)
    return out, timed_out, drives[1]


def scratch_problem(path):
    """What is wrong with the scratch image after disks.sh, or ""."""
    expected = bytearray(1 << 20)
    expected[1000:1012] = b"hello, disk\n"
    expected[16 * 4096:80 * 4096] = struct.pack("<%dQ" % (64 * 512), *range(64 * 512))
    with open(path, "rb") as f:
        found = f.read()
    differ = next((i for i, (a, b) in enumerate(zip(found, expected)) if a != b), None)
    return ("%d bytes, not %d" % (len(found), len(expected)) if len(found) != len(expected)
            else "" if differ is None else "first difference at byte %d" % differ)


def linux_with_disks(results, layer):
    """BusyBox's initramfs built, and (Linux's kernel, its virtio modules), or
    (None, None), recorded as the layer's first result."""
    scripts, why = busybox_initramfs()
    linux = linux_boot_kernel() if scripts else None
    modules = linux_virtio_modules(linux) if linux else None
    results.record(modules is not None, "%s: busybox-static and Linux's virtio modules fetched"
                   % layer, why or "no virtio_mmio.ko / virtio_blk.ko beside the Linux kernel")
    return linux, modules


def run_block(results):
    linux, modules = linux_with_disks(results, "block")
    if not modules:
        return
    block_initramfs(modules)
    ours, timed_out, scratch = block_run(IMAGE, "block-disks")
    with open(os.path.join(BLOCK_DIR, "block-disks-pattern.img"), "rb") as f:
        host_md5 = hashlib.md5(f.read()).hexdigest()
    sums = BLOCK_MD5.findall("\n".join(ours))
    results.record(not timed_out and ours[-1:] == ["done"], "block/disks.sh ran to the end on tkern",
                   "timed out" if timed_out else "last line %r" % ours[-1:])
    results.record(len(sums) == 2 and all(md5 == host_md5 for _, md5 in sums),
                   "block/dd of the pattern disk gives the host's md5sum",
                   "host %s, tkern %r" % (host_md5, sums))
    problem = scratch_problem(scratch)
    results.record(not problem, "block/writes through the scratch disk reach its image", problem)
    theirs, _, linux_scratch = block_run(linux, "linux-block-disks")
    results.record(ours == theirs, "block/disks.sh output matches Linux (booted)",
                   first_difference(ours, theirs))
    problem = scratch_problem(linux_scratch)
    results.record(not problem, "block/the scratch image after Linux is the same", problem)
    with open(os.path.join(LOGS, "block-disks.log")) as f:
        errors = re.findall(r"I/O error, dev", f.read())
    results.record(len(errors) == 1, "block/tkern logs the faulty disk's I/O errors once",
                   "%d lines" % len(errors))


# A virtio,mmio node put in QEMU's own tree over the PL031's registers (so
# no virtio magic there), and a disk on a legacy (version 1) transport, as QEMU
# makes them by default: each is skipped with one line, and no disk appears
# (/proc/partitions is then empty, as Linux's on a machine without disks).
BAD_TRANSPORT = """
	virtio_mmio@9010000 {
		compatible = "virtio,mmio";
		reg = <0x00 0x9010000 0x00 0x200>;
		interrupts = <0x00 0x02 0x04>;
	};
"""


def run_block_bad_transports(results):
    dtb = os.path.join(BLOCK_DIR, "bad-transport.dtb")
    cmd = qemu_command(smp=1, append="rdinit=/bin/cat panic=-1 -- /proc/partitions",
                       extra=drive_args(0, disk_image("scratch", "legacy-scratch")))
    machine = cmd.index("-M") + 1
    dump = cmd[:machine] + [cmd[machine] + ",dumpdtb=" + dtb] + cmd[machine + 1:]
    subprocess.run(dump, capture_output=True)
    dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", dtb], capture_output=True,
                         text=True).stdout
    # In place of the first (empty) transport: the kernel takes 32 at most.
    first = dts.find("\tvirtio_mmio@")
    end = dts.find("};\n", first) + 3
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dtb],
                   input=dts[:first] + BAD_TRANSPORT.lstrip("\n") + dts[end:], text=True)
    out, timed_out = run_qemu(cmd + ["-dtb", dtb], 60)
    save_log("block-bad-transports", out)
    lines = clean_lines(out)
    for pattern, what in ((r"^virtio\d+: bad magic 0x[0-9a-f]+ at 0x9010000: skipped$",
                           "a transport without the magic"),
                          (r"^virtio\d+: virtio-mmio version 1 at 0x[0-9a-f]+: only version 2 ",
                           "a legacy transport")):
        found = [l for l in lines if re.match(pattern, l)]
        results.record(len(found) == 1, "block/%s is skipped with one line" % what,
                       "%d lines" % len(found))
    results.record(not timed_out and "init (cat) exited with status 0" in out and
                   user_output(out.replace("\r", "").split("\n")) == [],
                   "block/no disk from either, the boot goes on", "see build/test-logs/"
                   "block-bad-transports.log")


# Swap areas (tests/swap/swapon.sh and tests/user/swapcalls) on disks the
# host's mkswap (util-linux) prepared, made afresh under build/swap/ for
# each run, on tkern and on Linux booted in QEMU: the outputs must match.
SWAP_DIR = os.path.join(BUILD, "swap")
SWAP_CPIO = os.path.join(SWAP_DIR, "swap.cpio")


def mkswap(name, mib, *options):
    """build/swap/NAME.img, MIB MiB, prepared by the host's mkswap; its path."""
    os.makedirs(SWAP_DIR, exist_ok=True)
    path = os.path.join(SWAP_DIR, name + ".img")
    with open(path, "wb") as f:
        f.truncate(mib << 20)
    tool = shutil.which("mkswap", path=os.environ.get("PATH", "") + ":/sbin:/usr/sbin")
    subprocess.run([tool, "-q"] + list(options) + [path], check=True, capture_output=True)
    return path


def edit_image(path, offset, data):
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(data)


def swap_images(run):
    """The seven disks of swapon.sh (see there), for one run; their paths (the
    last two behind QEMU's blkdebug, failing every read of sector 0, every write)."""
    big = mkswap(run + "-big", 16, "-L", "big")
    small = mkswap(run + "-small", 8)
    badsig = mkswap(run + "-badsig", 3)
    edit_image(badsig, 4095, b"3")
    short = mkswap(run + "-short", 8)
    with open(short, "r+b") as f:
        f.truncate(6 << 20)
    badpages = mkswap(run + "-badpages", 5)
    # nr_badpages, then the list, after version and last_page (mm/swap.h)
    edit_image(badpages, 1024 + 8, struct.pack("<I", 3))
    edit_image(badpages, 1536, struct.pack("<3I", 2, 100, 1279))
    faulty = mkswap(run + "-faulty", 2)
    conf = faulty[:-len(".img")] + ".conf"
    with open(conf, "w") as f:
        f.write('[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "0"\n')
    nowrite = mkswap(run + "-nowrite", 4)
    nowrite_conf = nowrite[:-len(".img")] + ".conf"
    with open(nowrite_conf, "w") as f:
        f.write('[inject-error]\nevent = "write_aio"\nerrno = "5"\n')
    return [big, small, badsig, short, badpages, "blkdebug:%s:%s" % (conf, faulty),
            "blkdebug:%s:%s" % (nowrite_conf, nowrite)]


def run_swapon(results):
    linux, modules = linux_with_disks(results, "swap")
    if not modules:
        return
    disks_initramfs(SWAP_CPIO, modules,
                    [("tests/swap/swapon.sh", os.path.join(ROOT, "tests", "swap", "swapon.sh")),
                     ("tests/swap/devices.sh", os.path.join(ROOT, "tests", "swap", "devices.sh")),
                     ("bin/swapcalls", os.path.join(BUILD, "user", "swapcalls")),
                     ("bin/swapout", os.path.join(BUILD, "user", "swapout"))])
    ours, timed_out = disks_run(IMAGE, SWAP_CPIO, "/tests/swap/swapon.sh",
                                swap_images("swap-swapon"), "swap-swapon")
    results.record(not timed_out and ours[-1:] == ["done"], "swap/swapon.sh ran to the end on tkern",
                   "timed out" if timed_out else "last line %r" % ours[-1:])
    areas = [l for l in ours if re.match(r"^(BIG|SMALL|BADPAGES) +partition\t", l)]
    results.record(len(areas) >= 3 and "SwapTotal: 29672" in ours,
                   "swap/tkern swaps on three areas of 29672 kB",
                   "%d /proc/swaps lines, %r" % (len(areas), [l for l in ours if "Swap" in l][:3]))
    lost = [int(l.split()[2]) for l in ours if l.startswith("MemFree lost:")]
    results.record(len(lost) == 1 and lost[0] <= 64,
                   "swap/50 swapons and swapoffs on tkern leave MemFree within 64 kB", repr(lost))
    alone = [l for l in ours if l.startswith("(tkern)")]
    results.record(len(alone) == 9 and all(l.endswith(" yes") for l in alone),
                   "swap/pswpin and SwapFree move back on tkern", repr(alone))
    with open(os.path.join(LOGS, "swap-swapon.log")) as f:
        errors = re.findall(r"Write-error on swap-device", f.read())
    results.record(len(errors) == 1, "swap/tkern logs the failing writes once", "%d lines" % len(errors))
    theirs, _ = disks_run(linux, SWAP_CPIO, "/tests/swap/swapon.sh",
                          swap_images("linux-swap-swapon"), "linux-swap-swapon")
    ours, theirs = ([l for l in out if not l.startswith(("MemFree lost:", "(tkern)"))]
                    for out in (ours, theirs))
    results.record(ours == theirs, "swap/swapon.sh output matches Linux (booted)",
                   first_difference(ours, theirs))


# Page reclaim (tests/swap/reclaim.sh, tests/user/reclaim): programs that
# need more memory than a 128 MiB machine has, with a 512 MiB swap area the
# host's mkswap made, on tkern and on Linux booted in QEMU.
RECLAIM_CPIO = os.path.join(SWAP_DIR, "reclaim.cpio")


def run_reclaim(results):
    linux, modules = linux_with_disks(results, "reclaim")
    if not modules:
        return
    disks_initramfs(RECLAIM_CPIO, modules,
                    [("tests/swap/reclaim.sh", os.path.join(ROOT, "tests", "swap", "reclaim.sh")),
                     ("tests/swap/devices.sh", os.path.join(ROOT, "tests", "swap", "devices.sh")),
                     ("bin/reclaim", os.path.join(BUILD, "user", "reclaim"))])
    ours, timed_out = disks_run(IMAGE, RECLAIM_CPIO, "/tests/swap/reclaim.sh",
                                [mkswap("reclaim", 512)], "swap-reclaim", mem="128M",
                                timeout=600, options=PROVE_LOCKING)
    results.record(not timed_out and ours[-1:] == ["done"],
                   "reclaim/reclaim.sh ran to the end on tkern",
                   "timed out" if timed_out else "last line %r" % ours[-1:])
    differ = [l for l in ours if " differ," in l and not l.split(":")[1].startswith(" 0 pages")]
    results.record(not differ and any(" differ," in l for l in ours),
                   "reclaim/every page read back as written on tkern", repr(differ[:3]))
    alone = [l for l in ours if l.startswith("(tkern)")]
    results.record(len(alone) == 8 and all(l.endswith("SwapFree back: yes") and
                                           "MemFree back: yes" in l for l in alone),
                   "reclaim/free memory and swap back after each program on tkern", repr(alone))
    check_lockdep(results, "reclaim/tkern", clean_lines(open(os.path.join(LOGS, "swap-reclaim.log")).read()))
    theirs, _ = disks_run(linux, RECLAIM_CPIO, "/tests/swap/reclaim.sh", [mkswap("linux-reclaim", 512)],
                          "linux-swap-reclaim", mem="128M", timeout=600)
    ours, theirs = ([l for l in out if not l.startswith("(tkern)")] for out in (ours, theirs))
    results.record(ours == theirs, "reclaim/reclaim.sh output matches Linux (booted)",
                   first_difference(ours, theirs))


# SQLite (Debian's libsqlite3.a, fetched once into a cache by tests/fetch-deb.sh)
# linked into tests/sqlite/sqlite.c: a file database in both journal modes and
# two processes taking turns through record locks. Run on tkern and under
# qemu-aarch64 (the host's Linux, in a scratch directory); the outputs must match.
def run_sqlite(results):
    proc = subprocess.run([os.path.join(ROOT, "tests", "sqlite", "build.sh"), BUILD],
                          capture_output=True, text=True)
    results.record(proc.returncode == 0, "sqlite: libsqlite3-dev (arm64) fetched and linked",
                   proc.stderr.strip()[-200:])
    if proc.returncode != 0:
        return
    cmd = qemu_command(smp=2, append="rdinit=/bin/sqlite panic=-1")
    cmd[cmd.index("-initrd") + 1] = os.path.join(BUILD, "sqlite.cpio")
    out, timed_out = run_qemu(cmd, 300)
    save_log("sqlite", out)
    ours = user_output(out.replace("\r", "").split("\n"))
    linux, _ = run_on_linux("sqlite", os.path.join(BUILD, "sqlite"))
    differ = next((i for i, (a, b) in enumerate(zip(ours, linux)) if a != b),
                  min(len(ours), len(linux)))
    results.record(not timed_out and ours == linux and len(ours) > 50,
                   "sqlite: output matches Linux (qemu-aarch64)",
                   "line %d: tkern %r, Linux %r" % (differ + 1, ours[differ:differ + 2],
                                                   linux[differ:differ + 2]))
    results.record("init (sqlite) exited with status 0" in out, "sqlite: exits with status 0",
                   "see build/test-logs/sqlite.log")


# Job control at a terminal, typed as a person would: BusyBox's ash as an
# interactive shell in a session of its own with the UART as its controlling
# terminal (/dev/ttyAMA0 is its name on Linux and on tkern). What the shell
# reports about its jobs must be what it reports on Linux.
JOB_CONTROL_SHELL = ("rdinit=/bin/busybox panic=-1 quiet -- sh -c \"setsid sh -c 'exec sh -i "
                     "</dev/ttyAMA0 >/dev/ttyAMA0 2>&1'; echo shell ended\"")
JOB_CONTROL_STEPS = [("", "/ # "), ("sleep 100 &\r", "/ # "), ("fg\r", "sleep 100"),
                     ("\x1a", "/ # "), ("bg\r", "/ # "), ("kill %1\r", "/ # "),
                     ("sleep 0.2\r", "/ # "), ("sleep 50\r", "sleep 50"), ("\x03", "/ # "),
                     ("echo status $?\r", "/ # ")]
# Only at /dev/ttyAMA0: a background read stops the job with SIGTTIN. make run's
# shell reads /dev/console, which Linux (and tkern) keep out of job control.
TTY_STEPS = [("cat &\r", "/ # "), ("sleep 0.2\r", "/ # "), ("kill -9 %1\r", "/ # "),
             ("sleep 0.2\r", "/ # "), ("sleep 60\r", "sleep 60"), ("\x1c", "/ # "),
             ("echo status $?\r", "/ # "), ("exit\r", "shell ended")]
JOB_LINE = re.compile(r"^(\[\d+\][+-]? +\S.*|status \d+|shell ended)$")


def job_lines(transcript):
    """The job and status lines a shell printed, without the terminal's
    escapes and the echo of the control keys."""
    lines = [re.sub(r"\x1b\[[0-9;]*[a-zA-Z]|^\^[CZ\\]", "", l).strip()
             for l in clean_lines(transcript)]
    return [re.sub(r" +", " ", l) for l in lines if JOB_LINE.match(l)]


def type_at_shell(kernel, log, tries=1):
    """The steps typed at the job-control shell; the job and status lines it printed.
    With tries > 1 (Linux, the yardstick) a run that stopped short is typed again:
    ash asks the terminal for the cursor position (ESC [6n) at each prompt, and
    keys typed while it waits for the answer can be taken as that answer."""
    cmd = qemu_command(smp=2, append=JOB_CONTROL_SHELL)
    cmd[cmd.index("-kernel") + 1] = kernel
    cmd[cmd.index("-initrd") + 1] = BUSYBOX_CPIO
    for _ in range(tries):
        transcript = type_steps(cmd, JOB_CONTROL_STEPS + TTY_STEPS, 0.3)
        save_log(log, transcript)
        if "\n[no " not in transcript:
            break
    return job_lines(transcript)


def type_at_make_run():
    """The same keys typed at what make run boots: the default initramfs,
    whose init (user/init.c) starts /bin/sh, BusyBox's ash, with the console
    as its controlling terminal. Its exit ends init, not a wrapper."""
    steps = JOB_CONTROL_STEPS + [("exit\r", "exited with status")]
    transcript = type_steps(qemu_command(smp=2, append="panic=-1"), steps, 0.3)
    save_log("make-run-shell", transcript)
    return job_lines(transcript)


def run_busybox_job_control(results):
    if not os.path.exists(BUSYBOX_CPIO) or not linux_boot_kernel():
        results.record(False, "busybox/job control", "no BusyBox or no Linux kernel")
        return
    ours = type_at_shell(IMAGE, "busybox-job-control")
    theirs = type_at_shell(linux_boot_kernel(), "linux-busybox-job-control", tries=3)
    results.record(ours == theirs and "shell ended" in theirs,
                   "busybox/job control (fg, Ctrl-Z, bg, kill %1, Ctrl-C) matches Linux",
                   "tkern %r, Linux %r" % (ours, theirs))
    results.record(ours == theirs and "Stopped (tty input)" in " ".join(theirs),
                   "busybox/a background read of the terminal stops the job (SIGTTIN), "
                   "Ctrl-\\ quits, as on Linux", "tkern %r, Linux %r" % (ours, theirs))
    # make run's steps end at the first `echo status`; Linux's lines up to there.
    expected = theirs[:next((i + 1 for i, l in enumerate(theirs) if l.startswith("status")), 0)]
    at_make_run = type_at_make_run()
    results.record(at_make_run == expected and bool(expected),
                   "busybox/make run's shell: the same job control as on Linux",
                   "tkern %r, Linux %r" % (at_make_run, expected))


# The initramfs as distributions ship it: gzip-compressed, here with a plain
# cpio appended as a boot loader may add one. Both kernels unpack both parts.
def mixed_initramfs():
    mkcpio = load_module("mkcpio", "tests/busybox/mkcpio.py")
    with open(INITRAMFS + ".gz", "rb") as f:
        data = f.read()
    out = io.BytesIO()
    out.write(data + b"\0" * (-len(data) % 4))
    archive = mkcpio.Archive(out)
    archive.entry("appended", mkcpio.S_IFDIR | 0o755)
    archive.entry("appended/note", mkcpio.S_IFREG | 0o644, b"from the plain cpio part\n")
    archive.entry("TRAILER!!!", 0)
    path = os.path.join(BUILD, "initramfs-mixed.img")
    with open(path, "wb") as f:
        f.write(out.getvalue())
    return path


def run_compressed_initramfs(results):
    image = mixed_initramfs()
    append = ('rdinit=/bin/busybox panic=-1 quiet -- sh -c '
              '"cat /appended/note; /bin/hello; ls /usr/bin/top"')
    outputs = []
    for kernel, log in [(IMAGE, "initramfs-gzip"), (linux_boot_kernel(), "linux-initramfs-gzip")]:
        if not kernel:
            results.record(False, "initramfs/Linux kernel for comparison fetched", "")
            return
        cmd = qemu_command(smp=2, append=append)
        cmd[cmd.index("-kernel") + 1] = kernel
        cmd[cmd.index("-initrd") + 1] = image
        out, _ = run_qemu(cmd, 120)
        save_log(log, out)
        outputs.append(out.replace("\r", ""))
    ours, theirs = (user_output(o.split("\n")) for o in outputs)
    results.record(ours == theirs and "from the plain cpio part" in ours,
                   "initramfs/gzip image with a plain cpio appended: as on Linux (booted)",
                   "tkern %r, Linux %r" % (ours, theirs))
    results.record("initramfs:" not in outputs[0], "initramfs/no unpacking errors on tkern",
                   "see build/test-logs/initramfs-gzip")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_gdb(results):
    port = free_port()
    qemu = subprocess.Popen(
        qemu_command(append="ktest=boot.all_cpus_online panic=-1",
                     extra=["-gdb", "tcp:127.0.0.1:%d" % port, "-S"]),
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.5)
        gdb = subprocess.run(
            ["gdb-multiarch", "-q", "-batch", "-nx",
             "-ex", "set pagination off",
             "-ex", "file %s" % os.path.join(BUILD, "kernel.elf"),
             "-ex", "target remote 127.0.0.1:%d" % port,
             "-ex", "break start_kernel", "-ex", "continue",
             "-ex", "bt", "-ex", "break smp_init", "-ex", "continue",
             "-ex", "bt", "-ex", "kill"],
            capture_output=True, text=True, timeout=120 * SCALE)
        out = gdb.stdout + gdb.stderr
    except subprocess.TimeoutExpired:
        out = "gdb timed out"
    finally:
        qemu.kill()
        qemu.wait()
    save_log("gdb", out)
    results.record(re.search(r"Breakpoint 1, start_kernel \(", out) is not None,
                   "gdb/breaks at start_kernel", "breakpoint not hit")
    results.record(re.search(r"#0\s+smp_init \(.*\n#1\s+.*rest_init", out) is not None,
                   "gdb/backtrace names the callers", "no symbolic backtrace")


def load_module(name, path):
    import importlib.util
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_gdb_commands(results):
    """The student gdb commands of qemu/tkern-gdb.py, checked against a live kernel."""
    gdb_test = load_module("gdb_test", "tests/gdb/gdb_test.py")
    for ok, name, detail in gdb_test.run_gdb_tests(ROOT, SCALE):
        results.record(ok, "gdb/" + name, detail)


def run_lab_checks(results):
    """Each lab's student tree builds and grades below full; this tree grades full."""
    labs = load_module("labs", "tests/labs/lab.py")
    for ok, name, detail in labs.check_all():
        results.record(ok, "labs/" + name, detail)


# Boot input the kernel cannot keep or use (issue #20): each case boots
# once and must print its one line saying what was dropped; with no init,
# panic=N ends the boot as Linux does (QEMU's -no-reboot turns the reset
# into an exit), and without panic= the monitor starts.
# (name, command line, patterns that must all appear).
BOOT_INPUT_CASES = [
    ("line too long", "rdinit=/bin/techo panic=-1 pad=%s tail_word -- hello" % ("a" * 1100),
     [r"^Kernel command line: longer than 1023 characters, the last \d+ dropped: \"a+\.\.\.\"$",
      r"^init \(techo\) exited with status 0$"]),
    ("too many options", "rdinit=/bin/techo panic=-1 " + " ".join("o%d" % i for i in range(70)),
     [r"^Kernel command line: more than 64 options, 8 dropped from `o62' on$"]),
    ("too many init arguments",
     "rdinit=/bin/techo panic=-1 -- " + " ".join("a%d" % i for i in range(40)),
     [r"^Kernel command line: more than 32 init arguments, 8 dropped from `a32' on$",
      r"^a0 a1 .* a31$"]),
    ("unknown options", 'rdinit=/bin/techo panic=-1 foo slub-debug=F bar=1 "baz=a b" -- x',
     [r'^Unknown kernel command line parameters "foo bar=1 baz=a b", ignored',
      r"^x$"]),
    ("ktest= matching nothing", "ktest=nosuch,buddy.nope,smp.ipi_reaches_every_cpu",
     [r"^ktest: no test matches `nosuch', dropped$",
      r"^ktest: no test matches `buddy.nope', dropped$", r"^ok 1 - smp.ipi_reaches_every_cpu$"]),
    ("no init, panic=-1", "rdinit=/no/init panic=-1",
     [r"^Kernel panic - not syncing: No working init found\."]),
    ("no init, panic=1", "rdinit=/no/init panic=1",
     [r"^Kernel panic - not syncing: No working init found\.", r"^Rebooting in 1 seconds\.\.$"]),
]


def run_boot_input(results):
    for name, append, patterns in BOOT_INPUT_CASES:
        out, timed_out = run_qemu(qemu_command(smp=2, append=append), 60,
                                  page_table_check=False)
        save_log("bootinput-" + name.replace(" ", "-").replace("=", ""), out)
        text = "\n".join(clean_lines(out))
        missing = [p for p in patterns if not re.search(p, text, re.M)]
        results.record(not timed_out and not missing, "bootinput/%s" % name,
                       "timed out" if timed_out else "missing %r" % missing[:1])
    proc = subprocess.Popen(qemu_command(smp=2, append="rdinit=/no/init"),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    try:
        out = read_until(proc, "tkern> ", 60) or ""
        proc.stdin.write(b"poweroff\n")
        proc.stdin.flush()
        proc.wait(timeout=30 * SCALE)
    except (subprocess.TimeoutExpired, BrokenPipeError):
        out += "\n[QEMU did not exit]"
    finally:
        proc.kill()
        proc.wait()
    save_log("bootinput-no-init-no-panic", out)
    results.record("No /no/init in the initramfs: starting the monitor" in out and
                   "Kernel panic" not in out, "bootinput/no init, no panic=: the monitor")


# Fault injection (docs/reliability.md): tests/user/failrun.c runs these
# programs with allocations failing, every site in turn (nth), then at
# random from a seed; it judges no hang and no leak itself, and the log
# must show no crash and no system call that turned a forced failure into
# an error other than ENOMEM/EAGAIN.
FAULT_PROGRAMS = ["hello", "files", "dirs", "memory"]
FAULT_RUNS = [("nth", "nth", 600), ("random", "random 1 10 3", 300)]
KERNEL_TROUBLE = re.compile(r"Kernel panic|Unable to handle|Internal error|BUG: |"
                            r"FAULT_INJECTION: .* returned")


def run_fault_injection(results):
    programs = " ".join("/bin/" + p for p in FAULT_PROGRAMS)
    for name, mode, limit in FAULT_RUNS:
        out, timed_out = run_qemu(qemu_command(smp=2, append="rdinit=/bin/failrun panic=-1 "
                                               "-- %s %s" % (mode, programs)), limit)
        save_log("fault-" + name, out)
        lines = clean_lines(out)
        for line in user_output(lines):
            if line.startswith("ok - ") or line.startswith("FAIL - "):
                ok, check = line.split(" - ", 1)
                results.record(ok == "ok", "fault/%s: %s" % (name, check))
        trouble = [l for l in lines if KERNEL_TROUBLE.search(l)]
        results.record(not trouble, "fault/%s: no crash, every error ENOMEM or EAGAIN" % name,
                       trouble[0] if trouble else "")
        results.record(not timed_out and "init (failrun) exited with status 0" in out,
                       "fault/%s ran to the end" % name,
                       "timed out" if timed_out else "see build/test-logs/fault-%s.log" % name)


STEPS = [
    ("docs", [check_docs_current, check_docs_text_fits]),
    ("kernel boots with in-kernel tests", [run_boot_suites]),
    ("user programs, compared with Linux (qemu-aarch64)", [run_user_programs]),
    ("user programs, tkern only", [run_tkern_programs]),
    ("OOM killer in a 128 MiB machine", [run_oom]),
    ("user programs that execve, compared with Linux booted in QEMU",
     [run_linux_boot_programs, run_cpu_counts]),
    ("stress: thread programs many times, the scheduler under load on 4 CPUs, the syscall fuzzer",
     [run_stress, run_schedload, run_fuzz]),
    ("BusyBox scripts, compared with Linux booted in QEMU",
     [run_busybox_scripts, run_busybox_job_control]),
    ("compressed initramfs, compared with Linux booted in QEMU", [run_compressed_initramfs]),
    ("virtio block devices, compared with Linux booted in QEMU", [run_block, run_block_bad_transports]),
    ("swap areas, compared with Linux booted in QEMU", [run_swapon]),
    ("page reclaim in a 128 MiB machine, compared with Linux booted in QEMU", [run_reclaim]),
    ("SQLite, compared with Linux (qemu-aarch64)", [run_sqlite]),
    ("clang build", [run_clang_build]),
    ("expected-outcome tests", [run_expected_panics]),
    ("boot input: limits that speak, no init", [run_boot_input]),
    ("fault injection: programs with allocations failing", [run_fault_injection]),
    ("labs: skeletons and grading", [run_lab_checks]),
    ("benchmark harness (smoke)", [run_bench_smoke]),
    ("console input", [run_console, run_console_program]),
    ("U-Boot", [run_uboot]),
    ("gdb", [run_gdb, run_gdb_commands]),
]


def selected(title):
    """TESTS=word,word runs only the layers whose title holds one of the words."""
    words = [w for w in os.environ.get("TESTS", "").split(",") if w]
    return not words or any(w in title for w in words)


def main():
    if sys.argv[1:2] == ["--fuzz"]:
        run_fuzz_long(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]) if sys.argv[4:] else 0,
                      " ".join(sys.argv[5:]))
    results = Results()
    if selected("host unit tests"):
        print("== host unit tests", flush=True)
        run_host_tests(results, sys.argv[1:])
    for title, steps in STEPS:
        if not selected(title):
            continue
        print("== " + title, flush=True)
        for step in steps:
            step(results)
        record_page_table_check(results, title)
    print("%d passed, %d failed" % (results.passed, results.failed))
    sys.exit(1 if results.failed else 0)


if __name__ == "__main__":
    main()
