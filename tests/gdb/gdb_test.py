#!/usr/bin/env python3
"""The gdb batch test: every command of qemu/tkern-gdb.py and every step of
the walkthrough in docs/gdb.md, run against a real boot and checked against
facts the kernel also knows.

Starts QEMU halted with its gdb server on a free port, runs gdb-multiarch
in batch mode with qemu/gdbinit, stops at a few points of the boot (after
paging_init, in the first vmalloc, at the monitor: booted as `make debug
BOOTARGS=rdinit=/none` boots, whose log also gives docs/memory-layout.md's),
runs the commands and checks their output. A second boot runs /bin/layout
as init and stops in the page-fault handler on its heap; a third runs
/bin/fork and steps into do_anonymous_page and do_wp_page; a fourth runs
/bin/maptest and follows docs/mapdrv.md through /dev/mapdrv's mmap and fault
methods. Each check prints a TAP line "ok N - gdb.NAME".

  python3 tests/gdb/gdb_test.py [--transcript FILE]
  python3 tests/gdb/gdb_test.py --update-docs   the docs' outputs from this session

Every output line docs/gdb.md and docs/mapdrv.md show under a `(gdb)`
command must be one the session printed for it (numbers may differ: they
change with every build), so the pages cannot drift from what gdb says;
the same holds for the boot log docs/memory-layout.md shows.

From Python: run_gdb_tests(root, scale) returns [(ok, name, detail)].
Relies on: build/Image, build/kernel.elf and build/initramfs.cpio,
qemu-system-aarch64, gdb-multiarch. The transcript goes to build/test-logs/gdb-commands.log.
"""
import os
import re
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MARK = "@@@ "
COMMAND_MARK = "@@> "

# The first boot is `make debug BOOTARGS=rdinit=/none`'s: with no such init
# the kernel starts its monitor, where the walkthrough ends.
MONITOR_BOOTARGS = "rdinit=/none"

# (section, gdb commands). A section's output is what its commands print.
# The walkthrough of docs/gdb.md is the first five sections, in its order.
SESSION = [
    ("start", ["break mm_init", "continue"]),
    ("after_paging_init", ["tk-walk _stext",
                           "tk-walk 0xffff000040000000",
                           "tk-walk 0x1234",
                           "tk-buddy"]),
    ("alloc_pages", ["break vmalloc", "continue", "delete",
                     "break alloc_pages", "continue", "delete",
                     "tk-buddy", "finish", "tk-buddy", "tk-page $"]),
    ("map_range", ["break map_pages", "continue", "delete",
                   "set $va = addr", "tk-walk $va", "finish", "tk-walk $va",
                   "tk-page $va"]),
    ("monitor", ["break monitor", "continue", "delete"]),
    ("walk_kernel", ["tk-walk _stext", "tk-walk (unsigned long)&jiffies swapper_pg_dir"]),
    ("walk_stack", ["tk-walk cpus[1].stack_base"]),
    ("buddy", ["tk-buddy"]),
    ("buddy_order", ["tk-buddy 10"]),
    ("pcp", ["tk-buddy pcp"]),
    ("slabinfo", ["tk-slabinfo"]),
    ("slab_kmem_cache", ["tk-slab kmem_cache"]),
    ("slab_kmem_cache_node", ["tk-slab kmem_cache_node"]),
    ("vmalloc", ["tk-vmalloc"]),
    ("esr_dabt", ["tk-esr 0x96000045"]),
    ("esr_iabt", ["tk-esr 0x8600000f"]),
    ("esr_svc", ["tk-esr 0x56000000"]),
    ("page_stext", ["tk-page _stext"]),
    ("page_stack", ["tk-page cpus[1].stack_base"]),
    ("page_cache", ["tk-page kmalloc_caches[6]"]),
    ("page_device", ["tk-page 0xffff800000000000"]),
    ("errors", ["tk-slab no-such-cache", "tk-buddy 11", "tk-walk"]),
    ("reference", ["python tk_reference_checks()"]),
]

# The second boot: the page-fault walkthrough of docs/gdb.md, on the first
# fault of layout's heap (glibc's start-up writes its TLS block there).
USER_BOOTARGS = "rdinit=/bin/layout"
USER_SESSION = [
    ("user_fault", ["break handle_mm_fault if addr >= mm->start_brk && addr < mm->brk",
                    "continue", "delete", "tk-vmas", "set $va = addr", "tk-walk $va",
                    "finish", "tk-walk $va", "tk-esr"]),
    ("user_backtrace", ["bt"]),
    ("user_errors", ["tk-vmas &init_task"]),
    ("user_reference", ["python tk_user_reference_checks()"]),
]

# The third boot: docs/gdb.md's stepping into the fault handler. A
# student presses `next` until the line that calls the function and then
# `step`s; tk_step_until does the pressing (how many times depends on the
# compiler) and marks each press as the command it is.
STEP_BOOTARGS = "rdinit=/bin/fork"
STEP_SESSION = [
    ("step_anon", ["break handle_mm_fault if addr >= mm->start_brk && addr < mm->brk",
                   "continue", "delete",
                   "python tk_step_until('next', '__handle_mm_fault(')", "step",
                   "python tk_step_until('next', 'do_anonymous_page(')", "step", "bt",
                   "python tk_step_until('next', 'if (!page)')", "tk-page page",
                   "finish", "finish"]),
    ("step_wp", ["break __handle_mm_fault if write && ((struct task_struct *)$SP_EL0)->pid == 2",
                 "continue", "delete", "bt", "set $va = addr", "tk-walk $va",
                 "python tk_step_until('next', 'do_wp_page(')", "step", "set $old = pa",
                 "tk-page $old", "python tk_step_until('step', 'alloc_page(')",
                 "finish", "finish", "tk-walk $va", "tk-page $old"]),
]
STEPPED = ("next", "step")	# the commands tk_step_until presses

# The fourth boot: the walkthrough of docs/mapdrv.md, maptest's first touches
# of /dev/mapdrv through the driver's fault method.
MAPDRV_BOOTARGS = "rdinit=/bin/maptest"
MAPDRV_SESSION = [
    ("mapdrv_mmap", ["break mapdrv_mmap", "continue", "bt 5", "tk-vmas"]),
    ("mapdrv_fault", ["break mapdrv_fault", "continue", "bt 5", "print *vmf",
                      "set $va = vmf->address", "tk-walk $va"]),
    ("mapdrv_page", ["finish", "tk-page vmf->page"]),
    # do_fault is inlined: a finish out of it may stop before finish_fault has run.
    ("mapdrv_after", ["tbreak finish_fault", "continue", "finish", "tk-walk $va", "tk-vmas",
                      "x/s $va"]),
    ("mapdrv_kernel", ["break mapdrv_fault if vmf->pgoff == 1", "continue",
                       "print mapdrv_buf", "tk-walk mapdrv_buf + 4096", "tk-vmalloc"]),
]

# Runs inside gdb: the values the commands print, checked against the
# kernel's own variables and against memory read through both mappings.
REFERENCE_CHECKS = r'''
python
def tk_reference_checks():
    def check(name, ok, detail=""):
        print("CHECK %s %s %s" % (name, "ok" if ok else "fail", detail))
    for expr in ("(unsigned long)_stext", "(unsigned long)&jiffies",
                 "(unsigned long)cpus[2].stack_base + 0x100"):
        va = int(gdb.parse_and_eval(expr)) & 0xffffffffffffffff
        pa, _ = translate(va)
        same = bytes(gdb.selected_inferior().read_memory(va, 64)) == \
            bytes(gdb.selected_inferior().read_memory(phys_to_virt(pa), 64))
        check("translate " + expr, same, "va %#x pa %#x" % (va, pa))
    zone = symbol("zone")
    total = int(zone["free_pages"]) + sum(n for _, n, _, _ in pcp_counts())
    check("nr_free_pages", total > 0, str(total))
    print("NR_FREE_PAGES %d" % total)
    print("FREE_PAGES %d" % int(zone["free_pages"]))
    print("NR_CACHES %d" % len(slab_caches()))
    for cpu in range(int(gdb.parse_and_eval("nr_cpus_possible"))):
        print("STACK %d %#x" % (cpu, int(gdb.parse_and_eval("cpus[%d].stack_base" % cpu))
                                & 0xffffffffffffffff))
end
python
def tk_step_until(command, text, limit=40):
    """Run command until the line to run next contains text."""
    for _ in range(limit):
        print("\n%s%s" % (COMMAND_MARK, command))
        gdb.execute(command)
        sal = gdb.selected_frame().find_sal()
        if sal.symtab:
            with open(sal.symtab.fullname()) as f:
                if text in f.read().split("\n")[sal.line - 1]:
                    return
    print("STEP_UNTIL %r: not reached after %d" % (text, limit))
end
python
def tk_user_reference_checks():
    print("RAM %#x %#x" % (int(symbol("min_pfn")) << PAGE_SHIFT,
                           int(symbol("max_pfn")) << PAGE_SHIFT))
    found = translate(0x400000)
    same = found is not None and \
        bytes(gdb.selected_inferior().read_memory(0x400000, 64)) == \
        bytes(gdb.selected_inferior().read_memory(phys_to_virt(found[0]), 64))
    print("CHECK translate_user_text %s %s" % ("ok" if same else "fail", found))
end
'''


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gdb_script(session):
    lines = ["python COMMAND_MARK = %r" % COMMAND_MARK, REFERENCE_CHECKS]
    for name, commands in session:
        lines.append("echo \\n%s%s\\n" % (MARK, name))
        for command in commands:
            lines.append("echo \\n%s%s\\n" % (COMMAND_MARK, command.replace("\\", "\\\\")))
            lines.append(command)
    lines.append("echo \\n%send\\n" % MARK)
    lines.append("kill")
    return "\n".join(lines) + "\n"


def run_session(root, scale, session, boot, console=os.devnull):
    """Boot with boot (QEMU arguments), run the session, return gdb's output.
    The kernel's console goes to the file console."""
    port = free_port()
    script = os.path.join(root, "build", "gdb-test-session.gdb")
    with open(script, "w") as f:
        f.write(gdb_script(session))
    with open(console, "w") as log:
        qemu = subprocess.Popen(
            ["qemu-system-aarch64", "-M", "virt", "-cpu", "cortex-a72", "-smp", "4",
             "-m", "512M", "-nographic", "-no-reboot",
             "-kernel", os.path.join(root, "build", "Image")] + boot + [
             "-gdb", "tcp:127.0.0.1:%d" % port, "-S"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    try:
        time.sleep(0.5)
        gdb = subprocess.run(
            ["gdb-multiarch", "-q", "-batch", "-nx",
             "-ex", "file build/kernel.elf", "-x", "qemu/gdbinit",
             "-ex", "target remote 127.0.0.1:%d" % port, "-x", script],
            cwd=root, capture_output=True, text=True, timeout=180 * scale)
        return gdb.stdout + gdb.stderr
    except subprocess.TimeoutExpired as e:
        return (e.stdout or b"").decode(errors="replace") + "\ngdb timed out"
    finally:
        qemu.kill()
        qemu.wait()


def split_sections(out):
    """{section: its output}, the command marks left out."""
    sections, name = {}, None
    for line in out.split("\n"):
        if line.startswith(MARK):
            name = line[len(MARK):].strip()
            sections[name] = []
        elif name and line.startswith(COMMAND_MARK):
            if sections[name] and not sections[name][-1]:
                sections[name].pop()	# the newline the mark's echo began with
        elif name:
            sections[name].append(line)
    return dict((k, "\n".join(v)) for k, v in sections.items())


def split_commands(out):
    """[(command, [its output lines])] in the order gdb ran them."""
    runs = []
    for line in out.split("\n"):
        if line.startswith(COMMAND_MARK):
            runs.append((line[len(COMMAND_MARK):], []))
        elif line.startswith(MARK):
            runs.append((None, []))
        elif runs:
            runs[-1][1].append(line)
    return [(cmd, [l for l in lines if l.strip()]) for cmd, lines in runs if cmd]


def number(pattern, text, default=None):
    m = re.search(pattern, text, re.M)
    return int(m.group(1), 0) if m else default


class Checker:
    def __init__(self):
        self.results = []

    def expect(self, name, ok, detail=""):
        self.results.append((bool(ok), name, detail))

    def has(self, name, text, pattern):
        self.expect(name, re.search(pattern, text, re.M), "no match for " + pattern)


def check_walkthrough(c, s):
    c.has("walk.image_text_is_ro_exec_page", s.get("after_paging_init", ""),
          r"L3\[.*page RO kernel-only kernel-exec UXN AF global normal")
    c.has("walk.linear_map_is_block", s.get("after_paging_init", ""),
          r"L2\[  0\] = 0x[0-9a-f]+  block RW kernel-only PXN UXN .*pa 0x40000000$")
    c.has("walk.hole_is_not_mapped", s.get("after_paging_init", ""),
          r"invalid: not mapped \(an access faults: translation fault at level \d\)")
    c.has("buddy.before_page_alloc_init", s.get("after_paging_init", ""),
          r"tk-buddy: page_alloc_init\(\) has not run yet")
    text = s.get("alloc_pages", "")
    free = [int(x) for x in re.findall(r"^free: (\d+) pages", text, re.M)]
    order = number(r"alloc_pages \(gfp=[^,]*, order=(\d+)\)", text, 0)
    c.expect("walkthrough.alloc_pages_takes_its_pages",
             len(free) == 2 and free[0] - free[1] == 1 << order, "free counts %s" % free)
    c.has("walkthrough.allocated_page", text, r"_refcount 1 .*\n\s+allocated")
    text = s.get("map_range", "")
    walks = text.split("Page table walk of")
    c.expect("walkthrough.map_pages_before_not_mapped",
             len(walks) == 3 and "not mapped" in walks[1], "first walk")
    c.expect("walkthrough.map_pages_after_page_rw",
             len(walks) == 3 and re.search(r"L3\[.*page RW kernel-only PXN UXN", walks[2]),
             "second walk")
    c.has("walkthrough.vmalloc_page_flag", text, r"flags 0x[0-9a-f]+: PG_vmalloc")


def check_monitor_state(c, s):
    ref = s.get("reference", "")
    for m in re.finditer(r"^CHECK (.*) (ok|fail) (.*)$", ref, re.M):
        c.expect("reference." + m.group(1).replace(" ", "_"), m.group(2) == "ok",
                 m.group(3))
    c.has("walk.data_via_swapper_pg_dir", s.get("walk_kernel", ""),
          r"root swapper_pg_dir .*\n(.*\n){3}.*L3\[.*page RW kernel-only PXN UXN")
    c.has("walk.cpu_stack_is_vmalloc_page", s.get("walk_stack", ""),
          r"L0\[256\].*\n(.*\n){2}.*L3\[.*page RW kernel-only PXN UXN")

    buddy = s.get("buddy", "")
    counts = re.search(r"^Node 0, zone   Normal ((?:\s*\d+)+)", buddy, re.M)
    in_lists = sum(int(n) << o for o, n in enumerate(counts.group(1).split())) if counts else -1
    c.expect("buddy.lists_match_zone_free_pages",
             in_lists == number(r"^FREE_PAGES (\d+)", ref), "lists %d" % in_lists)
    c.expect("buddy.total_is_nr_free_pages",
             number(r"^free: (\d+) pages", buddy) == number(r"^NR_FREE_PAGES (\d+)", ref))
    blocks = s.get("buddy_order", "")
    listed = len(re.findall(r"^\s+\d+\s+pfn 0x[0-9a-f]+\s+pa .* page 0x[0-9a-f]+$", blocks, re.M))
    c.expect("buddy.order_list_walk",
             counts and listed == int(counts.group(1).split()[-1]) and "BAD" not in blocks,
             "%d blocks listed" % listed)
    c.has("buddy.pcp_lists", s.get("pcp", ""), r"^cpu0: \d+ pages \(high \d+, batch \d+\)")

    slabinfo = s.get("slabinfo", "")
    for name in ("kmalloc-64", "kmalloc-8192", "kmem_cache", "vmap_area"):
        c.has("slabinfo.lists_" + name, slabinfo, r"^%s\s+\d+" % name)
    listed = len(re.findall(r"^\S+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+ : tunables", slabinfo, re.M))
    c.expect("slabinfo.one_line_per_cache", listed == number(r"^NR_CACHES (\d+)", ref),
             "%d lines" % listed)
    # Every cache descriptor is an object of kmem_cache, and every node one
    # of kmem_cache_node: in use, minus those waiting on CPU freelists.
    for cache in ("kmem_cache", "kmem_cache_node"):
        active = number(r"^%s\s+(\d+)" % cache, slabinfo, -1)
        cpu_free = sum(int(n) for n in re.findall(r"^cpu\d+: (\d+) objects on the CPU freelist",
                                                  s.get("slab_" + cache, ""), re.M))
        c.expect("slab.%s_objects_are_the_caches" % cache,
                 active - cpu_free == number(r"^NR_CACHES (\d+)", ref),
                 "active %d, on CPU freelists %d" % (active, cpu_free))

    vm = s.get("vmalloc", "")
    stacks = re.findall(r"^(0x[0-9a-f]+)-(0x[0-9a-f]+)\s+20480 (\S+) pages=4 vmalloc$", vm, re.M)
    starts = set(int(a, 16) for a, _, _ in stacks)
    bases = set(int(b, 16) for b in re.findall(r"^STACK \d+ (0x[0-9a-f]+)", ref, re.M))
    c.expect("vmalloc.lists_every_cpu_stack", bases and bases <= starts,
             "stacks %s, areas %s" % (sorted(map(hex, bases)), sorted(map(hex, starts))))
    c.expect("vmalloc.callers_symbolised",
             stacks and all(re.match(r"[a-z_]+\+0x[0-9a-f]+$", who) for _, _, who in stacks),
             str([who for _, _, who in stacks]))
    c.has("vmalloc.ioremap_of_uart", vm, r"phys=0x0000000009000000 ioremap$")

    c.has("esr.data_abort", s.get("esr_dabt", ""),
          r"^ESR_EL1 0x96000045: data abort from EL1, translation fault at level 1, write$")
    c.has("esr.instruction_abort", s.get("esr_iabt", ""),
          r"instruction abort from EL1, permission fault at level 3, instruction fetch")
    c.has("esr.svc", s.get("esr_svc", ""), r"SVC \(system call\) from AArch64")
    c.has("page.image_is_reserved", s.get("page_stext", ""), r"flags 0x1: PG_reserved")
    c.has("page.stack_is_vmalloc", s.get("page_stack", ""), r"PG_vmalloc[\s\S]*_refcount 1")
    c.has("page.cache_descriptor_in_slab", s.get("page_cache", ""),
          r"PG_tail[\s\S]*tail of the block headed by .*\n\s+slab of kmem_cache: inuse")
    c.has("page.device_is_not_ram", s.get("page_device", ""), r"is pa 0x9000000, not RAM")
    errors = s.get("errors", "")
    c.has("errors.one_line_each", errors,
          r"tk-slab: no cache named no-such-cache\ntk-buddy: order must be 0..10\n"
          r"tk-walk: usage")
    c.expect("errors.no_python_traceback", "Traceback" not in "\n".join(s.values()))


def check_user_fault(c, s):
    text = s.get("user_fault", "")
    c.has("vmas.text_segment", text, r"^00400000-[0-9a-f]+ r-xp ")
    c.has("vmas.heap_and_stack", text, r"rw-p .*\[heap\]\n(.*\n)*.*rw-p .*\[stack\]$")
    pgd = number(r"^pid 1 \(layout\): mm 0x[0-9a-f]+, pgd 0x[0-9a-f]+ \(pa (0x[0-9a-f]+)\)", text)
    walks = text.split("Page table walk of")
    c.expect("user_walk.root_is_mm_pgd", len(walks) == 3 and pgd and
             all("(root mm->pgd of pid 1 (layout) at pa %#x)" % pgd in w for w in walks[1:]),
             "pgd %s" % pgd)
    c.expect("user_walk.before_not_mapped", len(walks) == 3 and re.search(
        r"invalid: not mapped \(an access faults: translation fault at level \d\)", walks[1]),
             "first walk")
    leaf = re.search(r"L3\[.*page R[OW] user PXN UXN AF nG normal .*, pa (0x[0-9a-f]+)$",
                     walks[2] if len(walks) == 3 else "", re.M)
    ram = re.search(r"^RAM (0x[0-9a-f]+) (0x[0-9a-f]+)$", s.get("user_reference", ""), re.M)
    c.expect("user_walk.after_user_page_in_ram", leaf and ram and
             int(ram.group(1), 16) <= int(leaf.group(1), 16) < int(ram.group(2), 16),
             "leaf %s, RAM %s" % (leaf and leaf.group(0), ram and ram.groups()))
    c.has("user_fault.handled", text, r"Value returned is \$\d+ = 0$")
    c.has("user_fault.esr_from_el0", text,
          r"^ESR_EL1 0x[0-9a-f]+: data abort from EL0, translation fault at level \d, write\n"
          r".*\n  FAR_EL1 0x[0-9a-f]+ \(the faulting address\)$")
    frames = re.findall(r"^#\d+ .*$", s.get("user_backtrace", ""), re.M)
    c.expect("user_backtrace.ends_at_el0_sync_entry", frames and re.search(
        r" in <el0_sync: from user pc 0x[0-9a-f]+ sp 0x[0-9a-f]+> \(\)$", frames[-1]) and
             "el0_sync_handler" in frames[-2] and "Backtrace stopped" not in
             s.get("user_backtrace", ""), "frames %s" % frames[-2:])
    c.has("user_errors.kernel_thread", s.get("user_errors", ""),
          r"^tk-vmas: pid 0 \(\S+\) has no mm: a kernel thread$")
    for m in re.finditer(r"^CHECK (.*) (ok|fail) (.*)$", s.get("user_reference", ""), re.M):
        c.expect("user_reference." + m.group(1), m.group(2) == "ok", m.group(3))


def check_mapdrv(c, s):
    mmap = s.get("mapdrv_mmap", "")
    c.has("mapdrv.mmap_method_called_by_mmap_region", mmap,
          # mmap_region makes the VMA in new_vma, which the compiler may inline or not.
          r"^#1 .* in call_mmap \(.*\n(#2 .* new_vma \(.*\n)?#[23] .*\bmmap_region \(")
    c.expect("mapdrv.vma_not_linked_during_mmap_method",
             "pid 1 (maptest)" in mmap and "/dev/mapdrv" not in mmap, "tk-vmas")
    fault = s.get("mapdrv_fault", "")
    c.has("mapdrv.fault_from_el0_through_do_fault", fault,
          r"in do_fault \((.*\n)*.*handle_mm_fault \((.*\n)*.*do_el0_abort \(")
    c.has("mapdrv.first_fault_is_page_0", fault, r"^  pgoff = 0,$")
    c.has("mapdrv.before_not_mapped", fault, r"L3\[.*invalid: not mapped")
    page = s.get("mapdrv_page", "")
    c.has("mapdrv.method_returned_0", page, r"Value returned is \$\d+ = 0$")
    c.has("mapdrv.page_is_vmalloc_with_mapping_reference", page,
          r"^  flags 0x[0-9a-f]+: .*PG_vmalloc(.*\n)*  _refcount 2 ")
    page_pa = number(r"^pfn 0x[0-9a-f]+  pa (0x[0-9a-f]+) ", page)
    after = s.get("mapdrv_after", "")
    leaf_pa = number(r"L3\[.*page RO user PXN UXN AF nG normal .*, pa (0x[0-9a-f]+)$", after)
    c.expect("mapdrv.after_user_entry_maps_the_page", page_pa and leaf_pa == page_pa,
             "page %s, leaf %s" % (page_pa, leaf_pa))
    c.has("mapdrv.vma_listed_shared", after, r" r--s 00000000 .* /dev/mapdrv$")
    c.has("mapdrv.user_reads_the_text", after, r':\s+"mapdrv page 0\\n"$')
    kernel = s.get("mapdrv_kernel", "")
    c.has("mapdrv.buffer_text", kernel, r'^\$\d+ = 0x[0-9a-f]+ "mapdrv page 0\\n"$')
    c.has("mapdrv.buffer_walk_kernel_only", kernel,
          r"L3\[.*page RW kernel-only PXN UXN AF global normal")
    c.has("mapdrv.vmalloc_area", kernel, r" 69632 mapdrv_init\+0x[0-9a-f]+ pages=16 vmalloc$")


def check_stepping(c, s):
    anon = s.get("step_anon", "")
    c.has("step.into_handle_mm_fault_callee", anon,
          r"^__handle_mm_fault \(vma=.*\) at mm/memory\.c:\d+$")
    c.has("step.into_do_anonymous_page", anon,
          r"^do_anonymous_page \(.*\) at mm/memory\.c:\d+\n\d+\s.*alloc_page\(")
    c.has("step.inlined_frame_in_backtrace", anon,
          r"^#0  do_anonymous_page \(.*\n#1  __handle_mm_fault \(.*\n#2  0x[0-9a-f]+ in "
          r"handle_mm_fault \(")
    c.has("step.new_page_allocated", anon, r"_refcount 1 .*\n\s+allocated")
    c.has("step.anonymous_fault_handled", anon, r"Value returned is \$\d+ = 0$")
    wp = s.get("step_wp", "")
    c.has("step.child_tid_write_from_kernel", wp,
          r"in copy_to_user \((.*\n)+.*child_first_run \(")
    c.has("step.into_do_wp_page", wp, r"^do_wp_page \(.*\) at mm/memory\.c:\d+$")
    c.has("step.into_copy_on_write", wp, r"^copy_on_write \(.*\) at mm/memory\.c:\d+$")
    refs = re.findall(r"_refcount (\d+)", wp)
    c.expect("step.shared_page_refcount_2_then_1", refs == ["2", "1"], "refcounts %s" % refs)
    walks = wp.split("Page table walk of")
    before = re.search(r"L3\[.*page RO user .*, pa (0x[0-9a-f]+)$", walks[1], re.M) \
        if len(walks) == 3 else None
    after = re.search(r"L3\[.*page RW user .*, pa (0x[0-9a-f]+)$", walks[2], re.M) \
        if len(walks) == 3 else None
    old = number(r"^pfn 0x[0-9a-f]+  pa (0x[0-9a-f]+) ", wp)
    c.expect("step.copy_replaces_the_read_only_entry", before and after and old and
             int(before.group(1), 16) & ~0xfff == old and
             int(after.group(1), 16) & ~0xfff != old,
             "before %s, after %s, old page %s" % (before and before.group(1),
                                                   after and after.group(1), old))
    c.expect("step.reached_every_line", "STEP_UNTIL" not in "".join(s.values()),
             "a tk_step_until ran out: see the log")


BOOT_LOG_START = "Virtual kernel memory layout:"
IMAGE_PARTS = ("kernel", ".text", ".rodata", ".data", ".bss")


def boot_log_layout(text):
    """The lines of the layout the kernel prints at boot, timestamps and CRs gone."""
    lines = [re.sub(r"^\[[ \d.]+\] ", "", l.rstrip("\r")) for l in text.split("\n")]
    if BOOT_LOG_START not in lines:
        return []
    start = lines.index(BOOT_LOG_START)
    end = start + 1
    while end < len(lines) and lines[end].startswith("    "):
        end += 1
    return lines[start:end]


def check_boot_log_doc(c, root, boot_log, update=False):
    """docs/memory-layout.md's boot log is the booted kernel's: every word and
    every fixed address the same; the image's sizes, which move with every
    build, at most a quarter off. With update, the page gets the real lines."""
    real = boot_log_layout(boot_log)
    path = os.path.join(root, "docs", "memory-layout.md")
    with open(path) as f:
        text = f.read()
    shown = boot_log_layout(text)
    problems = [] if real else ["the boot printed no layout"]
    if len(shown) != len(real):
        problems.append("%d lines shown, %d printed" % (len(shown), len(real)))
    for doc, boot in zip(shown, real):
        words = [line_pattern(doc).fullmatch(boot.strip()), doc.split(":")[0] == boot.split(":")[0]]
        if doc.split(":")[0].strip() in IMAGE_PARTS:
            sizes = [number(r"\(\s*(\d+) KB\)", l, 0) for l in (doc, boot)]
            fits = abs(sizes[0] - sizes[1]) * 4 <= sizes[1]
        else:
            fits = doc == boot
        if not (all(words) and fits):
            problems.append("shows %r, the boot printed %r" % (doc.strip(), boot.strip()))
    if update and real:
        with open(path, "w") as f:
            f.write(text.replace("\n".join(shown), "\n".join(real)))
    c.expect("docs_boot_log_is_the_boots.memory-layout.md", not problems,
             "%s; python3 tests/gdb/gdb_test.py --update-docs rewrites it" % problems[:2])


def check_doc_commands(c, root):
    """Every `(gdb) ...` line of docs/gdb.md and docs/mapdrv.md is a command this test runs."""
    run = set(cmd for _, commands in SESSION + USER_SESSION + STEP_SESSION + MAPDRV_SESSION
              for cmd in commands) | set(STEPPED)
    for page in ("gdb.md", "mapdrv.md"):
        with open(os.path.join(root, "docs", page)) as f:
            shown = re.findall(r"^\(gdb\) (.+)$", f.read(), re.M)
        missing = [cmd for cmd in shown if cmd not in run]
        c.expect("docs_commands_are_tested" + ("" if page == "gdb.md" else "." + page),
                 shown and not missing, "not run: %s" % missing)


DOC_PAGES = ("gdb.md", "mapdrv.md")


def doc_examples(text):
    """[(line index, command, [(line index, shown output line)], the command before it
    in its block or None)] of every `(gdb) ...` line in text's code blocks, with the
    output lines under it."""
    examples, in_block, current = [], False, None
    for i, line in enumerate(text.split("\n")):
        if line.startswith("```"):
            in_block, current = not in_block, None
        elif in_block and line.startswith("(gdb) "):
            current = (i, line[len("(gdb) "):], [], current and current[1])
            examples.append(current)
        elif in_block and current and line.strip() and line.strip() != "...":
            current[2].append((i, line))
    return examples


NUMBERS_ONLY = re.compile(r"\s*((0x[0-9a-fA-F]+|\d+)\s*)+")


def line_pattern(shown):
    """A shown output line as a pattern: its numbers and '...' stand for any, its
    spacing for any spacing (columns move with the numbers' widths). What may not
    drift is the words."""
    parts = re.split(r"(0x[0-9a-fA-F]+|\d+|\.\.\.|\s+)", shown.strip())
    out = []
    for part in parts:
        if re.fullmatch(r"0x[0-9a-fA-F]+|\d+", part):
            out.append(r"(?:0x[0-9a-fA-F]+|\d+)")
        elif part == "...":
            out.append(".*")
        elif part and part.isspace():
            out.append(r"\s*")
        else:
            out.append(re.escape(part))
    return re.compile("".join(out))


def match_example(shown, runs, before=None):
    """The best of runs, [(the command run before, output)], for the shown lines:
    (unmatched shown lines, {shown line index: the run's real line}). The shown lines
    must appear in order. Of runs that match as well, one after the command the page
    shows before is taken: `tk-buddy` before and after a `finish` are two runs."""
    best = (shown, {})
    runs = [r for r in runs if r[0] == before] + [r for r in runs if r[0] != before]
    for _, output in runs:
        real, pos, missing = {}, 0, []
        for index, line in shown:
            if NUMBERS_ONLY.fullmatch(line):
                continue	# a list of pfns or addresses: its length is the machine's state
            pattern = line_pattern(line)
            found = next((k for k in range(pos, len(output))
                          if pattern.fullmatch(output[k].strip())), None)
            if found is None:
                missing.append((index, line))
            else:
                real[index], pos = output[found], found + 1
        if len(missing) < len(best[0]):
            best = (missing, real)
    return best


def check_doc_outputs(c, root, runs, update=False):
    """Every output line the docs show under a `(gdb)` command is one the session
    printed for that command, numbers aside; with update, the docs get the real lines."""
    by_command, before = {}, None
    for command, output in runs:
        by_command.setdefault(command, []).append((before, output))
        before = command
    for page in DOC_PAGES:
        path = os.path.join(root, "docs", page)
        with open(path) as f:
            lines = f.read().split("\n")
        drift = []
        for _, command, shown, before in doc_examples("\n".join(lines)):
            missing, real = match_example(shown, by_command.get(command, []), before)
            drift += ["`%s` shows %r" % (command, line.strip()) for _, line in missing]
            for index, line in real.items():
                if "..." not in lines[index]:
                    lines[index] = line
        if update:
            with open(path, "w") as f:
                f.write("\n".join(lines))
        c.expect("docs_outputs_are_the_sessions" + ("" if page == "gdb.md" else "." + page),
                 not drift, "%d line(s) drifted, first %s; python3 tests/gdb/gdb_test.py "
                 "--update-docs rewrites them from a session" % (len(drift), drift[:1]))


def run_gdb_tests(root=ROOT, scale=1.0, transcript=None, update_docs=False):
    initrd = ["-initrd", os.path.join(root, "build", "initramfs.cpio")]
    logs = os.path.join(root, "build", "test-logs")
    os.makedirs(logs, exist_ok=True)
    console = os.path.join(logs, "gdb-monitor-console.log")
    out = run_session(root, scale, SESSION, initrd + ["-append", MONITOR_BOOTARGS], console)
    with open(console, errors="replace") as f:
        boot_log = f.read()
    user_out = run_session(root, scale, USER_SESSION, initrd + ["-append", USER_BOOTARGS])
    step_out = run_session(root, scale, STEP_SESSION, initrd + ["-append", STEP_BOOTARGS])
    mapdrv_out = run_session(root, scale, MAPDRV_SESSION, initrd + ["-append", MAPDRV_BOOTARGS])
    with open(transcript or os.path.join(logs, "gdb-commands.log"), "w") as f:
        f.write("\n".join((out, user_out, step_out, mapdrv_out)))
    sections = split_sections(out)
    user_sections = split_sections(user_out)
    step_sections = split_sections(step_out)
    mapdrv_sections = split_sections(mapdrv_out)
    c = Checker()
    c.expect("session_completed", "end" in sections, "gdb stopped early: see the log")
    c.expect("user_session_completed", "end" in user_sections,
             "gdb stopped early: see the log")
    c.expect("monitor.no_init_starts_the_monitor",
             "No /none in the initramfs: starting the monitor" in boot_log,
             "see %s" % console)
    check_walkthrough(c, sections)
    check_monitor_state(c, sections)
    check_user_fault(c, user_sections)
    c.expect("errors.no_python_traceback_user", "Traceback" not in user_out)
    c.expect("step_session_completed", "end" in step_sections,
             "gdb stopped early: see the log")
    check_stepping(c, step_sections)
    c.expect("errors.no_python_traceback_step", "Traceback" not in step_out)
    c.expect("mapdrv_session_completed", "end" in mapdrv_sections,
             "gdb stopped early: see the log")
    check_mapdrv(c, mapdrv_sections)
    c.expect("errors.no_python_traceback_mapdrv", "Traceback" not in mapdrv_out)
    check_doc_commands(c, root)
    check_doc_outputs(c, root, split_commands(out) + split_commands(user_out) +
                      split_commands(step_out) + split_commands(mapdrv_out), update_docs)
    check_boot_log_doc(c, root, boot_log, update_docs)
    return c.results


def main():
    transcript = None
    if len(sys.argv) == 3 and sys.argv[1] == "--transcript":
        transcript = sys.argv[2]
    scale = float(os.environ.get("TIMEOUT_SCALE", "1"))
    results = run_gdb_tests(ROOT, scale, transcript, "--update-docs" in sys.argv[1:])
    print("1..%d" % len(results))
    for n, (ok, name, detail) in enumerate(results, 1):
        print("%s %d - gdb.%s%s" % ("ok" if ok else "not ok", n, name,
                                     "" if ok or not detail else "  # " + detail))
    sys.exit(0 if all(ok for ok, _, _ in results) else 1)


if __name__ == "__main__":
    main()
