#!/usr/bin/env python3
"""The labs: student trees with holes in them, and the grader.

  lab.py list               the labs, their files and their points
  lab.py make N [DEST]      write the student tree of lab N (default build/labN)
  lab.py grade N [TEST]     build this tree, run lab N's tests (or those whose name
                            contains TEST), print a score per test; exit 1 below full
  lab.py probe N            grade until the first lost test (for the mutation suites)
  lab.py handin N [no]      in a student tree: grade, run make test as a regression
                            (not with "no"), write build/handin-labN.tar.gz
  lab.py check N            for make test: the skeleton builds (gcc and clang)
                            and grades below full; this tree grades full

The reference code marks each lab's regions with comment lines, alone on
their lines (docs/labs/README.md shows an example):

  /* LAB n BEGIN: what the student writes here */
  /* LAB n STUB: a line of C the skeleton keeps so that it still builds */
  ...the reference code...
  /* LAB n END */

STUB lines, if any, come right after BEGIN. In lab n's tree each region of
lab n becomes a TODO comment followed by its STUB lines; the markers of the
other labs are dropped and their code stays. The table LABS below says, for
each lab, which files hold its regions and which tests grade it.

Every QEMU run and every host test program runs under a timeout scaled by
TIMEOUT_SCALE, so a skeleton that hangs or panics just scores low. Logs go
to build/grade-logs/.
"""
import difflib
import importlib.util
import io
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tarfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCALE = float(os.environ.get("TIMEOUT_SCALE", "1"))
LOGS = os.path.join(ROOT, "build", "grade-logs")
STUDENT_MARK = ".lab"	# in a student tree: the number of its lab
SKELETON_COPY = ".lab-skeleton"	# in a student tree: the lab's files as handed out
ANSWERS = "answers-lab%d.md"	# in a student tree: the handout's questions, to answer
REGRESSION_COST, REGRESSION_CAP = 1, 20	# points off per broken check of make test, at most
HOST_TIMEOUT = 30	# seconds per host test program, before scaling
BOOT_TIMEOUT = 30	# seconds per QEMU boot, before scaling (a boot takes about one)
MONITOR_PROMPT = b"tkern> "	# the kernel waits for typing: the run is over


class Test:
    """One graded test: kind is host, kernel, panic, user or tkern. A guard checks what
    the skeleton already does right (a valid program still loads, a double
    free is still reported): it earns nothing, and failing it costs its points."""

    def __init__(self, kind, name, points):
        self.kind, self.name, self.points = kind, name, points
        self.guard = False

    def label(self):
        return "%-6s %s" % (self.kind, self.name)


def host(suite, test, points):
    """HTEST test of tests/host/test_SUITE.c, run alone: build/host/SUITE SUITE TEST."""
    return Test("host", "%s.%s" % (suite, test), points)


def kernel(name, points):
    """KTEST group.name, run with the lab's other in-kernel tests in one boot."""
    return Test("kernel", name, points)


def panic(name, points):
    """KTEST_EXPECT_PANIC group.name: boots alone, its report must have the announced lines."""
    return Test("panic", name, points)


def user(program, points):
    """tests/user/PROGRAM.c as init: output and exit status must match Linux's (qemu-aarch64)."""
    return Test("user", program, points)


def tkern(program, points):
    """tests/user/PROGRAM.c as init, judging itself ("ok - " and "FAIL - " lines, tkern_check.h):
    no FAIL, and it exits with status 0 (for what Linux does not have, such as /dev/mapdrv,
    or where qemu-aarch64 is no reference, such as the si_code of an undefined instruction)."""
    return Test("tkern", program, points)


def guard(test):
    test.guard = True
    return test


class Lab:
    def __init__(self, title, handout, files, tests):
        self.title, self.handout, self.files, self.tests = title, handout, files, tests

    def full(self):
        return sum(t.points for t in self.tests if not t.guard)


LABS = {
    1: Lab("buddy allocator", "docs/labs/lab1-buddy.md", ["mm/page_alloc.c"], [
        guard(host("buddy", "split_and_merge_one_block", 5)),
        host("buddy", "split_of_a_largest_block_and_merge_back", 25),
        host("buddy", "random_alloc_free_keeps_invariants", 15),
        host("buddy", "buddy_past_the_end_of_ram_is_never_looked_at", 10),
        host("buddy", "exhaustion_returns_null_then_recovers", 10),
        host("buddy", "exhaustion_of_large_blocks_leaves_small_ones", 10),
        host("buddy", "single_pages_go_through_the_cpu_list", 5),
        host("buddy", "cpus_hammering_their_lists_in_parallel", 10),
        kernel("buddy.all_memory_then_free", 15),
        guard(kernel("buddy.each_order_with_content", 10)),
        guard(kernel("buddy.zeroed_and_compound", 5)),
        guard(kernel("buddy.double_free_reported", 5)),
    ]),
    2: Lab("SLUB and kmalloc", "docs/labs/lab2-slub.md", ["mm/slab.h", "mm/slub.c"], [
        host("slub", "kmalloc_index_matches_size_classes", 10),
        host("slub", "kmalloc_uses_the_smallest_class_that_fits", 10),
        host("slub", "random_kmalloc_and_kfree", 10),
        host("slub", "cache_objects_are_distinct_and_aligned", 5),
        host("slub", "fast_path_dominates_and_counters_add_up", 5),
        host("slub", "remote_frees_go_to_the_slab_freelist", 5),
        host("slub", "only_the_free_that_empties_a_node_slab_takes_the_node_lock", 5),
        host("slub", "cpu_partial_list_is_bounded_and_counted", 5),
        host("slub", "emptied_frozen_slab_stays_with_its_cpu", 5),
        host("slub", "destroy_refuses_a_cache_in_use", 5),
        host("slub", "threads_allocate_and_free_across_cpus", 5),
        host("slub", "remote_frees_race_with_the_owner", 5),
        host("slub", "sheaves_race_with_the_owner", 5),
        kernel("slub.kmalloc_size_classes", 5),
        kernel("slub.all_cpus_alloc_and_free_across_cpus", 10),
        kernel("slub.pages_come_back_after_destroy", 5),
    ]),
    3: Lab("page tables and vmalloc", "docs/labs/lab3-pgtable-vmalloc.md",
           ["mm/pgtable.c", "mm/vmalloc.c"], [
        host("pgtable", "map_across_every_level_boundary", 10),
        host("pgtable", "upper_half_addresses_index_like_lower_half", 5),
        host("pgtable", "blocks_used_where_aligned", 5),
        host("pgtable", "mapping_twice_fails_and_leaves_nothing_new", 5),
        host("pgtable", "mapping_inside_a_block_fails_and_keeps_the_block", 5),
        host("pgtable", "running_out_of_tables_unwinds", 5),
        host("vmalloc", "one_byte_gets_one_page_and_a_guard_page", 10),
        host("vmalloc", "areas_never_overlap_and_keep_their_guard_gap", 5),
        host("vmalloc", "contents_live_in_distinct_pages", 5),
        host("vmalloc", "memory_exhaustion_returns_null_and_leaks_nothing", 5),
        host("vmalloc", "guard_page_hits_name_the_area", 5),
        kernel("pgtable.private_tree_crossing_levels_frees_tables", 5),
        kernel("pgtable.linear_map_covers_all_ram", 5),
        kernel("vmalloc.one_mib", 5),
        kernel("vmalloc.vfree_returns_every_page", 5),
        kernel("vmalloc.vmap_shows_the_callers_pages", 5),
        panic("vmalloc.guard_page_hit", 10),
    ]),
    4: Lab("brk, mmap and demand paging", "docs/labs/lab4-brk-mmap.md",
           ["mm/memory.c", "mm/mmap.c"], [
        host("vma", "brk_grows_and_shrinks", 10),
        host("vma", "brk_refuses_collisions_and_rlimit", 10),
        host("vma", "get_unmapped_area_top_down", 10),
        guard(host("vma", "get_unmapped_area_falls_back_and_runs_out", 5)),
        host("vma", "bottom_up_fallback_fills_the_lowest_gap", 5),
        host("vma", "stack_guard_gap_is_kept_free", 5),
        host("vma", "random_operations_match_the_model", 5),
        kernel("paging.read_fault_maps_a_zeroed_read_only_page", 10),
        kernel("paging.write_fault_maps_a_writable_page", 10),
        guard(kernel("paging.faults_outside_or_against_a_vma_fail", 5)),
        kernel("paging.brk_heap_grows_is_paged_on_demand_and_shrinks", 10),
        user("memory", 10),
        user("layout", 5),
        user("filemap", 10),
    ]),
    5: Lab("execve and the ELF loader", "docs/labs/lab5-elf.md", ["kernel/binfmt_elf.c"], [
        guard(host("binfmt_elf", "static_hello_matches_readelf", 10)),
        guard(host("binfmt_elf", "layout_demo_matches_readelf", 5)),
        guard(host("binfmt_elf", "static_pie_is_placed_at_dyn_base", 5)),
        guard(host("binfmt_elf", "boundary_cases_accepted", 10)),
        host("binfmt_elf", "broken_corpus_refused", 30),
        host("binfmt_elf", "every_truncation_refused", 15),
        host("binfmt_elf", "random_header_damage", 15),
        kernel("initramfs.static_programs_are_accepted", 10),
        kernel("initramfs.broken_elf_corpus_refused", 15),
        kernel("process.exec_of_a_broken_file_fails_cleanly", 15),
        guard(user("hello", 10)),
        guard(user("minimal", 5)),
    ]),
    6: Lab("copy-on-write fork", "docs/labs/lab6-cow.md", ["mm/memory.c"], [
        kernel("cow.fork_shares_private_pages_read_only", 15),
        kernel("cow.write_after_fork_copies_the_page", 35),
        kernel("cow.last_sharer_keeps_the_page", 20),
        guard(kernel("cow.shared_mapping_is_never_copied", 5)),
        guard(kernel("cow.exits_in_either_order_free_everything", 15)),
        user("fork", 30),
    ]),
    7: Lab("system calls and traps", "docs/labs/lab7-syscalls-traps.md",
           ["arch/arm64/kernel/syscall.c", "kernel/itimer.c", "kernel/sys.c", "kernel/uaccess.c"], [
        kernel("uaccess.access_ok_boundaries", 15),
        kernel("uaccess.refused_range_copies_nothing", 5),
        kernel("traps.el0_fault_signal_as_linux", 15),
        kernel("syscall.unknown_numbers_fail_with_enosys_once_logged", 10),
        user("nosys", 10),
        user("itimer", 10),
        user("uaccess", 10),
        tkern("traps", 25),
    ]),
    8: Lab("a driver's fault method: vmalloc memory to user space", "docs/labs/lab8-mapdrv.md",
           ["kernel/fs/mapdrv.c"], [
        kernel("mapdrv.fault_maps_the_buffer_pages_by_reference", 30),
        kernel("mapdrv.mmap_method_refuses_offsets_past_the_buffer_and_private_writes", 20),
        tkern("mapdrv", 50),
    ]),
    9: Lab("threads and the address space: futex, munmap and the TLB", "docs/labs/lab9-threads.md",
           ["kernel/futex.c", "kernel/sys.c", "mm/pgtable.c"], [
        host("pgtable", "unmap_releases_each_page_after_the_flush", 10),
        host("pgtable", "unmap_frees_emptied_tables_after_the_flush", 5),
        kernel("mmconc.munmap_while_others_read_never_shows_the_old_page", 15),
        kernel("mmconc.munmap_waits_for_a_fault_in_progress", 10),
        user("futex", 20),
        user("futex_race", 15),
        user("threads", 10),
        user("threads_mm", 15),
    ]),
    10: Lab("page replacement: the second chance at the inactive tail", "docs/labs/lab10-reclaim.md",
            ["mm/vmscan.c"], [
        guard(host("vmscan", "new_pages_are_inactive_and_isolated_oldest_first", 5)),
        guard(host("vmscan", "cold_pages_go_oldest_first", 5)),
        host("vmscan", "a_working_set_survives_pressure", 25),
        host("vmscan", "active_pages_that_stop_being_used_age_out", 15),
        host("vmscan", "locked_pages_are_never_taken", 15),
        guard(host("vmscan", "a_failed_write_keeps_the_page", 5)),
        guard(host("vmscan", "a_busy_mapping_keeps_the_page", 5)),
        host("vmscan", "working_set_program_faults_near_the_minimum", 45),
    ]),
}


# ------------------------------------------------------------------ markers

MARKER = re.compile(r"^(\s*)/\* LAB (\d+) (BEGIN|STUB|END)(?:: (.*?))? \*/$")
LOOSE_MARKER = re.compile(r"LAB \d+ (BEGIN|STUB|END)\b")


class MarkerError(Exception):
    pass


def parse_marker(path, number, line):
    """(indent, lab, kind, text) for a marker line, None for any other line."""
    m = MARKER.match(line.rstrip("\n"))
    if m:
        indent, lab, kind, text = m.groups()
        if (kind == "END") != (text is None):
            raise MarkerError("%s:%d: %s takes %s" % (path, number, kind,
                                                      "no text" if kind == "END" else "a text"))
        return indent, int(lab), kind, text
    if LOOSE_MARKER.search(line):
        raise MarkerError("%s:%d: malformed lab marker: %s" % (path, number, line.strip()))
    return None


def lab_regions(path, text):
    """Every region of a file: [(lab, begin line, end line)], checked for nesting and order."""
    regions, open_region, after_begin = [], None, False
    for number, line in enumerate(text.split("\n"), 1):
        marker = parse_marker(path, number, line)
        if marker is None:
            after_begin = False
            continue
        _, lab, kind, _ = marker
        if kind == "BEGIN":
            if open_region:
                raise MarkerError("%s:%d: LAB %d BEGIN inside the region of line %d"
                                  % (path, number, lab, open_region[1]))
            open_region, after_begin = (lab, number), True
        elif not open_region or open_region[0] != lab:
            raise MarkerError("%s:%d: LAB %d %s outside a LAB %d region" % (path, number, lab,
                                                                           kind, lab))
        elif kind == "STUB" and not after_begin:
            raise MarkerError("%s:%d: STUB lines must come right after BEGIN" % (path, number))
        elif kind == "END":
            regions.append((lab, open_region[1], number))
            open_region, after_begin = None, False
    if open_region:
        raise MarkerError("%s:%d: LAB %d region never ends" % (path, open_region[1],
                                                               open_region[0]))
    return regions


def skeleton_text(path, text, lab):
    """The file as lab's student sees it: lab's regions as TODO + stubs, other markers gone."""
    lab_regions(path, text)
    out, inside = [], None
    for number, line in enumerate(text.split("\n"), 1):
        marker = parse_marker(path, number, line)
        if marker is None:
            if inside != lab:
                out.append(line)
            continue
        indent, owner, kind, words = marker
        if owner != lab:
            inside = owner if kind == "BEGIN" else None if kind == "END" else inside
            continue
        if kind == "BEGIN":
            inside = lab
            out.append("%s/* TODO (lab %d): %s */" % (indent, lab, words))
        elif kind == "STUB":
            out.append(indent + words)
        else:
            inside = None
    return "\n".join(out)


def tree_files(root):
    """The files of a tree: git's (tracked and new) in a git checkout, else a walk."""
    if os.path.exists(os.path.join(root, ".git")):
        git = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                              "--exclude-standard"], cwd=root, capture_output=True, check=True)
        names = sorted(set(n for n in git.stdout.decode().split("\0") if n))
        return [n for n in names if os.path.isfile(os.path.join(root, n))]
    found = []
    for top, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not (top == root and d in ("build", ".git")))
        found += [os.path.relpath(os.path.join(top, f), root) for f in sorted(files)]
    return found


def is_source(name):
    return name.endswith((".c", ".h", ".S"))


def read(root, name):
    with open(os.path.join(root, name), encoding="utf-8") as f:
        return f.read()


def files_with_regions(root, lab):
    """{file: number of lab's regions} over the whole tree."""
    counts = {}
    for name in tree_files(root):
        if is_source(name):
            n = sum(1 for r in lab_regions(name, read(root, name)) if r[0] == lab)
            if n:
                counts[name] = n
    return counts


# ------------------------------------------------------------ student trees

BUILD_REUSED = ["obj", "user", "initramfs", "host", "host-deps"]


def copy_build(src, dest):
    """The reference's build products, timestamps kept: make rebuilds only what the lab changed."""
    os.makedirs(dest, exist_ok=True)
    for name in os.listdir(src):
        path = os.path.join(src, name)
        if os.path.isfile(path):
            shutil.copy2(path, dest)
        elif name in BUILD_REUSED:
            shutil.copytree(path, os.path.join(dest, name), symlinks=True)


def make_tree(number, dest, reuse_build=False):
    """Write lab number's student tree at dest; returns the files that differ from this tree."""
    lab = LABS[number]
    found = files_with_regions(ROOT, number)
    if not found:
        raise MarkerError("no LAB %d regions in this tree: make lab in the reference tree"
                          % number)
    if sorted(found) != sorted(lab.files):
        raise MarkerError("lab %d: the table lists %s but the regions are in %s"
                          % (number, ", ".join(lab.files), ", ".join(sorted(found))))
    if os.path.exists(dest):
        raise MarkerError("%s exists: remove it or choose another DEST" % dest)
    changed = []
    for name in tree_files(ROOT):
        target = os.path.join(dest, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if not is_source(name):
            shutil.copy2(os.path.join(ROOT, name), target)
            continue
        text = read(ROOT, name)
        student = skeleton_text(name, text, number)
        if student == text:
            shutil.copy2(os.path.join(ROOT, name), target)
            continue
        with open(target, "w", encoding="utf-8") as f:
            f.write(student)
        shutil.copymode(os.path.join(ROOT, name), target)
        if name in found:
            changed.append(name)
    with open(os.path.join(dest, STUDENT_MARK), "w") as f:
        f.write("%d\n" % number)
    keep_skeleton(dest, lab)
    write_answers_file(dest, number)
    if reuse_build:
        copy_build(os.path.join(ROOT, "build"), os.path.join(dest, "build"))
    return changed


def keep_skeleton(dest, lab):
    """Copies of the lab's files as handed out: make handin diffs against them."""
    for name in lab.files:
        target = os.path.join(dest, SKELETON_COPY, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(os.path.join(dest, name), target)


def handout_questions(number):
    """The numbered questions that end lab number's handout."""
    text = read(ROOT, LABS[number].handout)
    section = text.split("\n## Questions\n", 1)
    if len(section) < 2:
        raise MarkerError("%s has no Questions section" % LABS[number].handout)
    return re.findall(r"^(\d+)\. (.*(?:\n   .*)*)", section[1].split("\n## ")[0], re.M)


def write_answers_file(dest, number):
    """The handout's questions with room for answers; make handin collects the file."""
    lines = ["# Lab %d: answers" % number, "",
             "Write each answer under its question; `make handin` includes this file.", ""]
    for n, question in handout_questions(number):
        lines += ["%s. %s" % (n, question), "", "Answer:", "", ""]
    with open(os.path.join(dest, ANSWERS % number), "w") as f:
        f.write("\n".join(lines))


# ---------------------------------------------------------------- grading

def load_harness():
    """tests/run.py of this tree: its QEMU command line, timeouts and Linux comparison."""
    spec = importlib.util.spec_from_file_location("tkern_run", os.path.join(ROOT, "tests",
                                                                            "run.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def save_log(name, text):
    os.makedirs(LOGS, exist_ok=True)
    with open(os.path.join(LOGS, name + ".log"), "w") as f:
        f.write(text)


def build(number, targets):
    """make targets; (built, make's output), kept in build/grade-logs/labN-build.log."""
    cmd = ["make", "-s", "--no-print-directory", "-j%d" % (os.cpu_count() or 1)] + targets
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    save_log("lab%d-build" % number, proc.stdout + proc.stderr)
    return proc.returncode == 0, proc.stdout + proc.stderr


def host_targets(tests):
    """The host test programs the tests need."""
    return ["build/host/" + s for s in sorted(set(t.name.split(".")[0] for t in tests
                                                   if t.kind == "host"))]


def run_host_test(test):
    """(passed, detail) of one host test run in a process of its own."""
    suite, name = test.name.split(".", 1)
    try:
        proc = subprocess.run([os.path.join(ROOT, "build", "host", suite), suite, name],
                              capture_output=True, text=True, timeout=HOST_TIMEOUT * SCALE)
        out, status = proc.stdout + proc.stderr, proc.returncode
    except subprocess.TimeoutExpired as e:
        out, status = (e.stdout or b"").decode(errors="replace"), "timeout"
    save_log("host-" + test.name, out)
    passed = status == 0 and re.search(r"^ok \d+ - %s$" % re.escape(test.name), out, re.M)
    if passed:
        return True, ""
    if status == "timeout":
        return False, "timed out"
    failures = [l[2:] for l in out.split("\n") if CHECK_FAILURE.match(l)]
    return False, failures[0] if failures else sanitizer_report(out) or \
        "exit status %s" % status


# htest_fail's line; the tests' other "# " lines are notes, often about passing cases.
CHECK_FAILURE = re.compile(r"^# [\w./-]+:\d+: ")


SANITIZER_ERROR = re.compile(r"ERROR: (\w+Sanitizer: [\w-]+)|(\S+:\d+:\d+: runtime error: .*)")
OUR_FRAME = re.compile(r"^\s+#\d+ 0x[0-9a-f]+ in (\S+) ((?!\.\./)\S+:\d+)", re.M)


def sanitizer_report(out):
    """ASan's or UBSan's complaint in one line, with the first frame in our code."""
    m = SANITIZER_ERROR.search(out)
    if not m:
        return ""
    if m.group(2):
        return m.group(2)
    frame = OUR_FRAME.search(out, m.end())
    return m.group(1) + (" in %s %s" % frame.groups() if frame else "")


def run_until_prompt(cmd):
    """QEMU's output until it exits, times out, or the monitor prompts (nothing else will come)."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    deadline = time.time() + BOOT_TIMEOUT * SCALE
    data, timed_out = b"", False
    try:
        while MONITOR_PROMPT not in data:
            left = deadline - time.time()
            if left <= 0 or not select.select([proc.stdout], [], [], left)[0]:
                timed_out = True
                break
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            data += chunk
    finally:
        proc.kill()
        proc.wait()
    return data.decode(errors="replace"), timed_out


def boot(harness, append, log):
    """The console output of one boot (two CPUs, 512 MiB), and whether it timed out."""
    out, timed_out = run_until_prompt(harness.qemu_command(smp=2, append=append + " panic=-1"))
    save_log(log, out)
    return out, timed_out


def why_missing(lines, timed_out):
    """Why a boot gave no result for a test: the timeout, the panic, or its last words."""
    if timed_out:
        return "timed out"
    said = [l.strip() for l in lines if l.strip()]
    panics = [l for l in said if "Kernel panic" in l]
    where = [l[len("pc : "):] for l in said if l.startswith("pc : ")]
    if panics:
        return panics[0] + (", pc at " + where[0] if where else "")
    if said and said[-1].endswith(MONITOR_PROMPT.decode().strip()):
        return "the kernel went on to its monitor: " + said[-2] if len(said) > 1 else ""
    return "the boot ended after: " + said[-1] if said else "the kernel printed nothing"


def first_check_failures(lines):
    """{test: its first failed check} from the "# running" and "# ...check failed" lines."""
    found, current = {}, None
    for line in lines:
        m = re.match(r"^# running (\S+)$", line)
        if m:
            current = m.group(1)
        elif current and "check failed" in line and current not in found:
            found[current] = line[2:]
    return found


def run_kernel_tests(harness, tests):
    """{name: (passed, detail)} for KTESTs, all in one boot."""
    out, timed_out = boot(harness, "ktest=" + ",".join(t.name for t in tests), "kernel-tests")
    lines = harness.clean_lines(out)
    passed = {}
    for line in lines:
        m = harness.TAP_LINE.match(line)
        if m:
            passed[m.group(3)] = m.group(1) == "ok"
    failures = first_check_failures(lines)
    missing = why_missing(lines, timed_out)
    return {t.name: (passed[t.name], failures.get(t.name, "")) if t.name in passed
            else (False, missing) for t in tests}


class Recorder:
    """Stands in for run.py's Results: keeps what a check records."""

    def __init__(self):
        self.records = []

    def record(self, ok, name, detail=""):
        self.records.append((ok, detail))


def run_panic_test(harness, test):
    out, timed_out = boot(harness, "ktest=" + test.name, "panic-" + test.name)
    recorder = Recorder()
    harness.check_expected_panic(recorder, test.name, harness.clean_lines(out), timed_out)
    return recorder.records[0]


def run_user_test(harness, test):
    """The program as init on tkern, and under qemu-aarch64: same lines, same exit."""
    width = dict(harness.USER_PROGRAMS).get(test.name)
    out, timed_out = boot(harness, "rdinit=/bin/" + test.name, "user-" + test.name)
    lines = harness.clean_lines(out)
    ours = harness.user_output(out.replace("\r", "").split("\n"))
    try:
        linux, linux_status = harness.run_on_linux(test.name)
    except subprocess.TimeoutExpired:
        return False, "timed out under qemu-aarch64"
    exit_match = harness.EXIT_LINE.search("\n".join(lines))
    status = (exit_match.group(2), int(exit_match.group(3))) if exit_match else None
    if timed_out or status is None:
        return False, why_missing(lines, timed_out)
    if [a[:width] for a in ours] != [b[:width] for b in linux]:
        i = next((i for i, (a, b) in enumerate(zip(ours, linux)) if a[:width] != b[:width]),
                 min(len(ours), len(linux)))
        return False, "line %d: tkern %s; Linux %s" % (
            i + 1, line_or_end(ours, i, status, fault_report(lines)), line_or_end(linux, i,
                                                                                  linux_status))
    if status != linux_status:
        return False, "tkern %s, Linux %s" % (how_it_ended(status), how_it_ended(linux_status))
    return True, ""


def run_tkern_test(harness, test):
    """The program as init, judging itself: its first FAIL line, or how it ended."""
    out, timed_out = boot(harness, "rdinit=/bin/" + test.name, "user-" + test.name)
    lines = harness.user_output(out.replace("\r", "").split("\n"))
    failed = [l for l in lines if l.startswith("FAIL - ")]
    exit_match = harness.EXIT_LINE.search("\n".join(harness.clean_lines(out)))
    if failed:
        return False, failed[0]
    if timed_out or not exit_match:
        return False, why_missing(harness.clean_lines(out), timed_out)
    status = (exit_match.group(2), int(exit_match.group(3)))
    if status != ("exited with status", 0) or not any(l.startswith("ok - ") for l in lines):
        return False, "it %s after %d checks%s" % (
            how_it_ended(status), sum(l.startswith("ok - ") for l in lines),
            " (%s)" % fault_report(harness.clean_lines(out)) if fault_report(
                harness.clean_lines(out)) else "")
    return True, ""


def how_it_ended(status):
    """'exited with status 1' or 'was killed by SIGSEGV' from an EXIT_LINE-style pair."""
    how, number = status
    if how == "was killed by signal":
        try:
            return "was killed by " + signal.Signals(number).name
        except ValueError:
            return "was killed by signal %d" % number
    return "%s %s" % (how, number)


def line_or_end(lines, i, status, report=""):
    """Line i as printed, or how the program ended if it printed no line i."""
    if i < len(lines):
        return repr(lines[i])
    return "printed no more lines and %s%s" % (how_it_ended(status),
                                              " (%s)" % report if report else "")


def fault_report(lines):
    """The kernel's one-line report of a user fault, if the run has one."""
    return next((l.strip() for l in lines
                 if re.search(r"\]: (segfault|bus error|illegal instruction|trap|"
                              r"floating-point exception) at ", l)), "")


class Report:
    """The grade as it is printed, kept for build/grade-logs/grade.log and make handin."""

    def __init__(self):
        self.lines, self.lost = [], False

    def say(self, text):
        print(text, flush=True)
        self.lines.append(text)

    def result(self, test, passed, detail):
        """The score line, and under it the whole reason for a loss: the values compared
        are usually at its end, so it is never cut."""
        self.lost = self.lost or not passed
        if test.guard:
            earned = 0 if passed else -test.points
            self.say("  %-64s %s guard" % (test.label(), "  ok" if passed else "%4d" % earned))
        else:
            earned = test.points if passed else 0
            self.say("  %-64s %3d/%d" % (test.label(), earned, test.points))
        if detail and not passed:
            self.say("      " + detail)
        return earned

    def save(self):
        save_log("grade", "\n".join(self.lines) + "\n")


def selected_tests(lab, wanted):
    """The lab's tests whose name contains wanted (all of them for None)."""
    if not wanted:
        return lab.tests
    chosen = [t for t in lab.tests if wanted in t.name]
    if not chosen:
        sys.exit("no test of lab %s matches TEST=%s; the tests are:\n  %s"
                 % (lab.title, wanted, "\n  ".join(t.name for t in lab.tests)))
    return chosen


def grade(number, wanted=None, stop_early=False):
    """Build, run the lab's tests (those matching wanted), print the scores;
    returns (earned, full) over the tests run. stop_early (for the mutation
    suites) ends the run at the first lost test."""
    lab = LABS[number]
    tests = selected_tests(lab, wanted)
    full = sum(t.points for t in tests if not t.guard)
    report = Report()
    report.say("== lab %d: %s (%s)%s" % (number, lab.title, lab.handout,
                                         ", only TEST=" + wanted if wanted else ""))
    earned = max(0, run_tests(report, number, tests, stop_early))
    report.say("lab %d: %s  %d/%d" % (number, lab.title, earned, full))
    report.save()
    return earned, full


def run_tests(report, number, tests, stop_early=False):
    """Build and run every test, host ones first (they need no kernel build, so a
    stop_early run that loses one there is done sooner); all kernel ones share one
    boot. Returns the points; a failed build scores nothing."""
    earned = 0

    def built(targets):
        ok, log = build(number, targets)
        if not ok:
            report.say("  build failed:\n    " + "\n    ".join(log.strip().split("\n")[-15:]))
        return ok

    def lost_one():
        return stop_early and report.lost

    if host_targets(tests) and not built(host_targets(tests)):
        return 0
    for test in [t for t in tests if t.kind == "host"]:
        earned += report.result(test, *run_host_test(test))
        if lost_one():
            return earned
    if all(t.kind == "host" for t in tests):
        return earned
    if not built(["all"]):
        return 0
    harness = load_harness()
    ktests = [t for t in tests if t.kind == "kernel"]
    if ktests:
        results = run_kernel_tests(harness, ktests)
        for test in ktests:
            earned += report.result(test, *results[test.name])
        if lost_one():
            return earned
    runners = {"panic": run_panic_test, "user": run_user_test, "tkern": run_tkern_test}
    for test in [t for t in tests if t.kind in runners]:
        earned += report.result(test, *runners[test.kind](harness, test))
        if lost_one():
            return earned
    return earned


# ---------------------------------------------------------------- hand-in

def lab_diff(number):
    """The student's changes to the lab's files, as a unified diff against the skeleton."""
    out = []
    for name in LABS[number].files:
        before = read(ROOT, os.path.join(SKELETON_COPY, name)).splitlines(True)
        after = read(ROOT, name).splitlines(True)
        out += difflib.unified_diff(before, after, "a/" + name, "b/" + name)
    return "".join(out)


def regression_run():
    """make test on this tree (its lab checks skip themselves in a student tree):
    (failed check names, summary line)."""
    proc = subprocess.run(["make", "--no-print-directory", "test"], cwd=ROOT,
                          capture_output=True, text=True)
    out = proc.stdout + proc.stderr
    save_log("regression", out)
    failed = [l[len("FAIL "):] for l in out.split("\n") if l.startswith("FAIL ")]
    summary = re.findall(r"^\d+ passed, \d+ failed$", out, re.M)
    if not summary:
        failed.append("make test ended without a summary (see build/grade-logs/regression.log)")
    return failed, summary[-1] if summary else ""


def handin(number, regression=True):
    """Grade, run the regression, write build/handin-labN.tar.gz; returns the final score."""
    if not os.path.isdir(os.path.join(ROOT, SKELETON_COPY)):
        sys.exit("make handin runs in a student tree (make lab LAB=%d writes one)" % number)
    earned, full = grade(number)
    grade_log = read(ROOT, os.path.join("build", "grade-logs", "grade.log"))
    penalty, lines = 0, []
    if regression:
        print("== regression: make test on this tree (several minutes)", flush=True)
        failed, summary = regression_run()
        penalty = min(REGRESSION_CAP, REGRESSION_COST * len(failed))
        lines = ["regression: %s; %d point(s) off" % (summary or "no summary", penalty)]
        lines += ["  FAIL " + name for name in failed]
    else:
        lines = ["regression: not run (REGRESSION=no)"]
    final = max(0, earned - penalty)
    lines.append("lab %d handed in: %d/%d" % (number, final, full))
    print("\n".join(lines), flush=True)
    write_handin(number, grade_log + "\n".join(lines) + "\n")
    return final, full


def write_handin(number, log):
    """The tarball: the diff, the answers, the grade log."""
    path = os.path.join(ROOT, "build", "handin-lab%d.tar.gz" % number)
    parts = {"lab%d.patch" % number: lab_diff(number), "grade.log": log}
    answers = os.path.join(ROOT, ANSWERS % number)
    if os.path.exists(answers):
        parts[ANSWERS % number] = read(ROOT, ANSWERS % number)
    with tarfile.open(path, "w:gz") as tar:
        for name, text in sorted(parts.items()):
            data = text.encode()
            info = tarfile.TarInfo("handin-lab%d/%s" % (number, name))
            info.size, info.mtime, info.mode = len(data), int(time.time()), 0o644
            tar.addfile(info, io.BytesIO(data))
    print("wrote %s (%s)" % (os.path.relpath(path), ", ".join(sorted(parts))), flush=True)


# ------------------------------------------------------------- make test

SCORE_LINE = re.compile(r"^lab (\d+): .*  (\d+)/(\d+)$", re.M)


def grade_tree(tree, number, log, command="grade"):
    """Run tree's own grader (or hand-in) for lab number: (earned, full, exit status, output),
    earned None if no score was printed."""
    try:
        proc = subprocess.run([sys.executable, os.path.join(tree, "tests", "labs", "lab.py"),
                               command, str(number)] + (["no"] if command == "handin" else []),
                              capture_output=True, text=True, timeout=900 * SCALE)
        out, status = proc.stdout + proc.stderr, proc.returncode
    except subprocess.TimeoutExpired:
        out, status = "the grader timed out", None
    save_log(log, out)
    m = SCORE_LINE.search(out)
    return (int(m.group(2)) if m else None, int(m.group(3)) if m else LABS[number].full(),
            status, out)


def handin_parts(tree, number):
    """{member name: text} of the tarball make handin wrote in tree."""
    path = os.path.join(tree, "build", "handin-lab%d.tar.gz" % number)
    if not os.path.exists(path):
        return {}
    with tarfile.open(path) as tar:
        return {os.path.basename(m.name): tar.extractfile(m).read().decode()
                for m in tar.getmembers()}


def clang_check(tree, changed):
    """The changed kernel files, and those that include a changed header, compile with clang
    too: its unused-function warning is stricter than gcc's. Needs the tree's gcc build."""
    sources = set(n for n in changed if n.endswith(".c"))
    headers = [n for n in changed if n.endswith(".h")]
    for name in tree_files(tree):
        if name.endswith(".c") and any("<%s>" % h in read(tree, name) for h in headers):
            sources.add(name)
    kernel_sources = [n for n in sorted(sources)
                      if os.path.exists(os.path.join(tree, "build", "obj", n[:-2] + ".o"))]
    objects = ["build/clang-check/obj/%s.o" % n[:-2] for n in kernel_sources]
    proc = subprocess.run(["make", "-s", "--no-print-directory", "CC=clang",
                           "BUILD=build/clang-check"] + objects, cwd=tree,
                          capture_output=True, text=True)
    return proc.returncode == 0, (proc.stdout + proc.stderr).strip()


def check(number):
    """[(ok, name, detail)]: the skeleton of lab number against this (reference) tree."""
    lab = LABS[number]
    prefix = "lab%d/" % number
    dest = os.path.join(ROOT, "build", "lab-check", "lab%d" % number)
    shutil.rmtree(dest, ignore_errors=True)
    try:
        changed = make_tree(number, dest, reuse_build=True)
    except MarkerError as e:
        return [(False, prefix + "skeleton written", str(e))]
    results = [(bool(changed), prefix + "skeleton written", "no file changed")]
    ok, errors = clang_check(dest, changed)
    results.append((ok, prefix + "skeleton compiles with clang", errors[-300:]))
    earned, full, status, out = grade_tree(dest, number, "lab%d-skeleton" % number, "handin")
    built = earned is not None and "build failed" not in out
    results.append((built, prefix + "skeleton builds", "see build/grade-logs/lab%d-skeleton.log"
                    % number))
    results.append((built and earned == 0 and status == 1,
                    prefix + "skeleton scores 0 (guards only), make handin exits 1",
                    "%s/%d, exit status %s" % (earned, full, status)))
    parts = handin_parts(dest, number)
    results.append((sorted(parts) == sorted(["grade.log", "lab%d.patch" % number,
                                             ANSWERS % number])
                    and parts["lab%d.patch" % number] == "" and "\n1. " in parts[ANSWERS % number],
                    prefix + "handin tarball: empty patch, grade log, questions",
                    "members %s" % sorted(parts)))
    earned, full, status, out = grade_tree(ROOT, number, "lab%d-reference" % number)
    results.append((earned == full and status == 0, prefix + "reference grades full, exit 0",
                    "%s/%d, exit status %s, see build/grade-logs/lab%d-reference.log"
                    % (earned, full, status, number)))
    if all(r[0] for r in results):
        shutil.rmtree(dest, ignore_errors=True)
    return results


def check_all(numbers=None):
    """For tests/run.py: every lab's check, saying how long each took."""
    if os.path.exists(os.path.join(ROOT, STUDENT_MARK)):
        print("# a student tree: the labs are checked in the reference tree", flush=True)
        return []
    results = []
    for number in numbers or sorted(LABS):
        start = time.time()
        results += check(number)
        print("# lab %d checked in %.0f s" % (number, time.time() - start), flush=True)
    return results


# ------------------------------------------------------------------ main

def list_labs():
    for number, lab in sorted(LABS.items()):
        print("lab %d: %s (%d points) in %s; handout %s"
              % (number, lab.title, lab.full(), ", ".join(lab.files), lab.handout))


def lab_number(arg):
    if not arg.isdigit() or int(arg) not in LABS:
        sys.exit("no lab %s: the labs are %s" % (arg, ", ".join(str(n) for n in sorted(LABS))))
    return int(arg)


def main(argv):
    if len(argv) < 2 or argv[1] not in ("list", "make", "grade", "probe", "handin", "check"):
        sys.exit(__doc__)
    if argv[1] == "list":
        list_labs()
        return 0
    if len(argv) < 3:
        sys.exit("usage: lab.py %s N" % argv[1])
    number = lab_number(argv[2])
    if argv[1] == "make":
        dest = os.path.abspath(argv[3] if len(argv) > 3 and argv[3] else
                               os.path.join(ROOT, "build", "lab%d" % number))
        try:
            changed = make_tree(number, dest)
        except MarkerError as e:
            sys.exit("lab.py: " + str(e))
        print("lab %d (%s): wrote %s; TODOs in %s" % (number, LABS[number].title, dest,
                                                     ", ".join(changed)))
        shown = os.path.relpath(dest) if dest.startswith(ROOT + os.sep) else dest
        print("next: cd %s && make && make grade LAB=%d; the handout is %s"
              % (shown, number, LABS[number].handout))
        return 0
    if argv[1] in ("grade", "probe"):
        earned, full = grade(number, argv[3] if len(argv) > 3 and argv[3] else None,
                             stop_early=argv[1] == "probe")
        return 0 if earned == full else 1
    if argv[1] == "handin":
        earned, full = handin(number, regression=not (len(argv) > 3 and argv[3] == "no"))
        return 0 if earned == full else 1
    results = check(number)
    for ok, name, detail in results:
        print("%-4s %s%s" % ("PASS" if ok else "FAIL", name, "  (%s)" % detail
                             if detail and not ok else ""))
    return 0 if all(r[0] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
