"""gdb commands for looking at tkern's memory management.

Loaded by qemu/gdbinit (`make gdb`). Every command only reads guest memory
and registers through the kernel's symbols and debug info; none calls a
kernel function, so they work wherever the kernel is stopped: at a
breakpoint, in a fault report, or hung with a lock held. A lock that is
held is reported, since the structure it guards may be half updated.

  tk-walk VA [ROOT]     the page-table walk of VA, level by level
  tk-vmas [TASK]        a process's VMAs (like /proc/<pid>/maps)
  tk-buddy [ORDER|pcp]  buddy free lists (like /proc/buddyinfo), one list
  tk-slabinfo           slab caches (like /proc/slabinfo)
  tk-slab NAME          one cache: per-CPU slabs, partial slabs
  tk-vmalloc            vmalloc areas (like /proc/vmallocinfo)
  tk-esr [VALUE]        decode an ESR_EL1 value (default: the register)
  tk-page ADDR|PFN      a struct page, flags decoded

It also names entry.S's frames in a backtrace with the context the
exception interrupted: `<el0_sync: from user pc ... sp ...>`.

Relies on: the constants of arch/arm64/include/asm/page-def.h and
pgtable-hwdef.h (repeated below: macros are not in the debug info), the
linear map covering RAM, and the structures of mm/*.h as the debug info
describes them. docs/gdb.md shows each command's output.
"""
import gdb
from gdb.FrameDecorator import FrameDecorator

# asm/page-def.h
PAGE_SHIFT = 12
PAGE_SIZE = 1 << PAGE_SHIFT
PAGE_OFFSET = 0xffff000000000000
LINEAR_MAP_END = 0xffff800000000000

# asm/pgtable-hwdef.h
PT_LEVELS = 4
PTE_ADDR_MASK = 0x0000fffffffff000
PTE_USER = 1 << 6
PTE_RDONLY = 1 << 7
PTE_AF = 1 << 10
PTE_NG = 1 << 11
PTE_CONT = 1 << 52
PTE_PXN = 1 << 53
PTE_UXN = 1 << 54
MAIR_EL1_VALUE = 0x4404ff

# A corrupted list must not make a command loop for ever.
MAX_LIST_WALK = 1 << 20


class TkError(Exception):
    """A user-facing failure; the command prints it as one line."""


# ------------------------------------------------------------ reading memory

def read_u64(addr):
    try:
        data = gdb.selected_inferior().read_memory(addr, 8)
    except gdb.MemoryError:
        raise TkError("cannot read memory at %#x" % addr)
    return int.from_bytes(bytes(data), "little")


def phys_to_virt(pa):
    return pa + PAGE_OFFSET


def mmu_on():
    """SCTLR_EL1.M; QEMU names the register SCTLR. Assume on if unreadable."""
    sctlr = register("SCTLR_EL1")
    if sctlr is None:
        sctlr = register("SCTLR")
    return sctlr is None or sctlr & 1


def read_phys_u64(pa):
    """Through the linear map, or directly while the MMU is off (head.S)."""
    return read_u64(phys_to_virt(pa) if mmu_on() else pa)


def register(name):
    """A system register, or None if QEMU's gdbstub does not expose it."""
    try:
        return int(gdb.parse_and_eval("$" + name)) & 0xffffffffffffffff
    except gdb.error:
        return None


def symbol(name):
    """A global or file-static variable, as a gdb.Value."""
    sym = gdb.lookup_global_symbol(name) or gdb.lookup_static_symbol(name)
    if sym is None:
        raise TkError("no symbol %s: is build/kernel.elf loaded?" % name)
    return sym.value()


def uint(value):
    return int(value) & 0xffffffffffffffff


def array_length(value):
    lo, hi = value.type.strip_typedefs().range()
    return hi - lo + 1


def find_field(gdb_type, field):
    """Byte offset of field, looking inside anonymous structs and unions."""
    for f in gdb_type.strip_typedefs().fields():
        if f.name == field:
            return f.bitpos // 8
        if f.name is None:
            inner = find_field(f.type, field)
            if inner is not None:
                return f.bitpos // 8 + inner
    return None


def field_offset(type_name, field):
    offset = find_field(gdb.lookup_type(type_name), field)
    if offset is None:
        raise TkError("%s has no member %s" % (type_name, field))
    return offset


def list_entries(head, type_name, member):
    """Addresses of the structures linked through member on the list at head."""
    head_addr = uint(head.address)
    offset = field_offset(type_name, member)
    node = uint(head["next"])
    seen = 0
    while node != head_addr:
        if node == 0 or seen >= MAX_LIST_WALK:
            raise TkError("list at %#x is broken (next = %#x after %d entries)"
                          % (head_addr, node, seen))
        yield node - offset
        node = read_u64(node)
        seen += 1


def struct_at(addr, type_name):
    return gdb.Value(addr).cast(gdb.lookup_type(type_name).pointer()).dereference()


def lock_held(lock):
    """A spinlock_t (the arch lock in raw_lock, beside lockdep's record) or an arch lock."""
    if lock.type.strip_typedefs().fields()[0].name == "raw_lock":
        lock = lock["raw_lock"]
    return int(lock["owner"]) != int(lock["next"])


def warn_if_locked(lock, what):
    if lock_held(lock):
        print("note: %s is held: what follows may be caught mid-update" % what)


def symbolise(addr):
    """addr as func+0xoff, like the kernel's %pS (without the size)."""
    if addr == 0:
        return "?"
    text = gdb.execute("info symbol %#x" % addr, to_string=True).strip()
    if text.startswith("No symbol"):
        return "%#x" % addr
    name = text.split(" in section")[0]
    if " + " in name:
        func, off = name.split(" + ")
        return "%s+%#x" % (func, int(off))
    return name


def parse_number(arg, what):
    """A gdb expression; a symbol of an array or function means its address."""
    if not arg.strip():
        raise TkError("missing %s" % what)
    try:
        value = gdb.parse_and_eval(arg)
        if value.type.strip_typedefs().code in (gdb.TYPE_CODE_ARRAY, gdb.TYPE_CODE_FUNC):
            value = value.address
        return uint(value)
    except gdb.error as e:
        raise TkError("%s: %s" % (arg, e))


def split_last(arg):
    """'EXPR' or 'EXPR LAST': EXPR may contain spaces, LAST may not."""
    try:
        gdb.parse_and_eval(arg)
        return arg, None
    except gdb.error:
        head, _, last = arg.rpartition(" ")
        return (head, last) if head.strip() else (arg, None)


class TkCommand(gdb.Command):
    """Base: turns TkError into one line instead of a Python traceback."""

    def __init__(self, name):
        super().__init__(name, gdb.COMMAND_DATA)
        self.command_name = name

    def invoke(self, arg, from_tty):
        try:
            self.run(arg.strip())
        except TkError as e:
            print("%s: %s" % (self.command_name, e))
        except gdb.MemoryError as e:
            print("%s: %s%s" % (self.command_name, e, "" if mmu_on() else
                                " (the MMU is off: the kernel's variables are not "
                                "readable at their link addresses yet)"))

    def run(self, arg):
        raise NotImplementedError


# ------------------------------------------------------------ tasks

def current_task_addr():
    """The task_struct SP_EL0 points at, or None: in the kernel SP_EL0 is
    `current`, at EL0 (or before sched_init) it is something else."""
    sp_el0 = register("SP_EL0")
    if sp_el0 is None or not PAGE_OFFSET <= sp_el0 or not mmu_on():
        return None
    return sp_el0


def task_name(task):
    return "pid %d (%s)" % (int(task["pid"]), task["comm"].string())


def current_user_root():
    """(pa of current->mm->pgd, how) if the current task has an address space."""
    addr = current_task_addr()
    if addr is None:
        return None
    try:
        task = struct_at(addr, "struct task_struct")
        mm = uint(task["mm"])
        pgd = uint(task["mm"]["pgd"]) if mm else 0
        name = task_name(task)
    except (gdb.error, gdb.MemoryError):
        return None
    if not PAGE_OFFSET <= pgd < LINEAR_MAP_END:
        return None
    return pgd - PAGE_OFFSET, "mm->pgd of %s" % name


# ---------------------------------------------------------------- tk-walk

MEMORY_TYPES = {
    0xff: "normal",
    0x44: "normal-uncached",
    0x04: "device-nGnRE",
    0x00: "device-nGnRnE",
}


def memory_type(attrindx):
    mair = register("MAIR_EL1")
    if mair is None:
        mair = MAIR_EL1_VALUE
    attr = (mair >> (8 * attrindx)) & 0xff
    return "%s (MAIR[%d]=%#04x)" % (MEMORY_TYPES.get(attr, "unknown-type"), attrindx, attr)


def describe_leaf(desc, level):
    words = [
        "block" if level < 3 else "page",
        "RO" if desc & PTE_RDONLY else "RW",
        "user" if desc & PTE_USER else "kernel-only",
        "PXN" if desc & PTE_PXN else "kernel-exec",
        "UXN" if desc & PTE_UXN else "user-exec",
        "AF" if desc & PTE_AF else "no-AF",
        "nG" if desc & PTE_NG else "global",
    ]
    if desc & PTE_CONT:
        words.append("contiguous")
    words.append(memory_type((desc >> 2) & 7))
    return " ".join(words)


def describe_table_attrs(desc):
    """The hierarchical limits a table descriptor puts on everything below."""
    words = []
    if desc & (1 << 59):
        words.append("PXNTable")
    if desc & (1 << 60):
        words.append("UXNTable")
    ap = (desc >> 61) & 3
    if ap & 1:
        words.append("no-EL0-below")
    if ap & 2:
        words.append("RO-below")
    return (" [" + " ".join(words) + "]") if words else ""


def level_shift(level):
    return 12 + 9 * (3 - level)


def default_root(va):
    upper = va >> 63
    if not upper:
        user = current_user_root()
        if user is not None:
            return user
    name = "TTBR1_EL1" if upper else "TTBR0_EL1"
    ttbr = register(name)
    if ttbr is not None and ttbr & PTE_ADDR_MASK:
        return ttbr & PTE_ADDR_MASK, name
    if not upper:
        raise TkError("TTBR0_EL1 not readable: give the root table")
    if not mmu_on():
        raise TkError("the MMU is off and TTBR1_EL1 is empty: give the root table")
    swapper = uint(symbol("swapper_pg_dir"))
    if not swapper:
        raise TkError("swapper_pg_dir is not set yet (before paging_init)")
    return swapper - PAGE_OFFSET, "swapper_pg_dir"


def root_from_arg(value):
    """A table given as a kernel pointer (linear map) or a physical address."""
    if PAGE_OFFSET <= value < LINEAR_MAP_END:
        return value - PAGE_OFFSET
    return value & PTE_ADDR_MASK


def walk(va, root_pa):
    """Yield (level, index, descriptor) down to the leaf or the hole."""
    table = root_pa
    for level in range(PT_LEVELS):
        index = (va >> level_shift(level)) & 511
        desc = read_phys_u64(table + 8 * index)
        yield level, index, desc
        kind = desc & 3
        if kind != 3 or level == 3:
            return
        table = desc & PTE_ADDR_MASK


def leaf_address(va, level, desc):
    """The pa a block or page descriptor gives va, or None if it is no leaf."""
    kind = desc & 3
    if not (kind == 1 and level in (1, 2) or kind == 3 and level == 3):
        return None
    size = 1 << level_shift(level)
    return (desc & PTE_ADDR_MASK & ~(size - 1)) + (va & (size - 1))


def translate(va, root_pa=None):
    """(pa, leaf descriptor) of va, or None if it is not mapped."""
    if root_pa is None:
        root_pa = default_root(va)[0]
    for level, _, desc in walk(va, root_pa):
        pa = leaf_address(va, level, desc)
        if pa is not None:
            return pa, desc
    return None


class TkWalk(TkCommand):
    """Walk the page tables for a virtual address: tk-walk VA [ROOT]

Prints each level's index, descriptor and what it means. ROOT is the root
table, as a kernel pointer (e.g. swapper_pg_dir) or a physical address;
by default TTBR1_EL1 for upper-half addresses, and for lower ones the
current task's mm->pgd (TTBR0_EL1 if it has none, or at EL0)."""

    def __init__(self):
        super().__init__("tk-walk")

    def run(self, arg):
        if not arg:
            raise TkError("usage: tk-walk VA [ROOT]")
        va_expr, root_expr = split_last(arg)
        va = parse_number(va_expr, "VA")
        if va >> 48 not in (0, 0xffff):
            print("%#018x is in neither half: bits 63:48 must be all 0 (TTBR0) or "
                  "all 1 (TTBR1); an access faults (translation fault at level 0)" % va)
            return
        if root_expr:
            root, how = root_from_arg(parse_number(root_expr, "ROOT")), root_expr
        else:
            root, how = default_root(va)
        print("Page table walk of %#018x (root %s at pa %#x):" % (va, how, root))
        for level, index, desc in walk(va, root):
            line = "  L%d[%3d] = %#018x  " % (level, index, desc)
            pa = leaf_address(va, level, desc)
            if pa is not None:
                print(line + "%s, pa %#x" % (describe_leaf(desc, level), pa))
            elif desc & 3 == 3:
                print(line + "table at pa %#x%s"
                      % (desc & PTE_ADDR_MASK, describe_table_attrs(desc)))
            else:
                why = "invalid" if not desc & 1 else "reserved encoding"
                print(line + "%s: not mapped (an access faults: translation fault at "
                      "level %d)" % (why, level))


# ---------------------------------------------------------------- tk-vmas

# mm/vma.h
VM_READ, VM_WRITE, VM_EXEC, VM_MAYSHARE = 0x1, 0x2, 0x4, 0x80
# mm/mmap.c: where show_map_vma starts the name column.
MAPS_NAME_COLUMN = 72
# kernel/fs/fs.h: the minor device number /proc/<pid>/maps shows for ramfs files.
RAMFS_DEV = 1


def special_name(mm, start, end):
    """[heap], [stack] or [sigpage], decided as mm/mmap.c's special_name does."""
    start_brk, brk = uint(mm["start_brk"]), uint(mm["brk"])
    if start_brk <= start < max(brk, start_brk + 1):
        return "[heap]"
    if start <= uint(mm["start_stack"]) and end >= uint(mm["start_stack"]):
        return "[stack]"
    if uint(mm["sigpage"]) and start == uint(mm["sigpage"]):
        return "[sigpage]"
    return ""


def file_fields(vma):
    """(device, inode, path) of a file VMA, as kernel/fs/file.c's file_maps_info gives them."""
    file = vma["vm_file"].dereference()
    path = file["f_path"]
    return ("00:%02x" % RAMFS_DEV, uint(file["f_inode"]["i_ino"]),
            path.string() if uint(path) else "")


def maps_line(mm, vma):
    """One line of the kernel's show_map(), for an anonymous or file VMA."""
    flags = uint(vma["vm_flags"])
    start, end = uint(vma["vm_start"]), uint(vma["vm_end"])
    perms = "".join(c if flags & bit else "-" for bit, c in
                    ((VM_READ, "r"), (VM_WRITE, "w"), (VM_EXEC, "x")))
    perms += "s" if flags & VM_MAYSHARE else "p"
    if uint(vma["vm_file"]):
        dev, ino, name = file_fields(vma)
        offset = uint(vma["vm_pgoff"]) << PAGE_SHIFT
    else:
        dev, ino, name = "00:00", 0, special_name(mm, start, end)
        offset = 0
    line = "%08x-%08x %s %08x %s %d " % (start, end, perms, offset, dev, ino)
    if name:
        line += " " * max(MAPS_NAME_COLUMN - len(line), 0) + " " + name
    return line


class TkVmas(TkCommand):
    """A process's memory areas: tk-vmas [TASK]

TASK is a struct task_struct pointer; by default the current task (SP_EL0,
which is `current` while the CPU is in the kernel). Prints the mm, then
one line per VMA in /proc/<pid>/maps's format (start-end perms offset
dev inode name), from the mm's address-ordered list."""

    def __init__(self):
        super().__init__("tk-vmas")

    def run(self, arg):
        if arg:
            addr = parse_number(arg, "TASK")
        else:
            addr = current_task_addr()
            if addr is None:
                raise TkError("SP_EL0 is not a task (stopped at EL0?): give the task_struct")
        task = struct_at(addr, "struct task_struct")
        if not uint(task["mm"]):
            raise TkError("%s has no mm: a kernel thread" % task_name(task))
        mm = task["mm"].dereference()
        pgd = uint(mm["pgd"])
        context_id = int(mm["context_id"]["counter"])
        bits = int(gdb.parse_and_eval("asid_bits"))
        print("%s: mm %#x, pgd %#x (pa %#x), asid %d (generation %d), %d VMAs, rss %d pages"
              % (task_name(task), uint(task["mm"]), pgd, pgd - PAGE_OFFSET,
                 context_id & ((1 << bits) - 1), context_id >> bits,
                 int(mm["map_count"]), mm_rss(mm)))
        for vma in list_entries(mm["mmap"], "struct vm_area_struct", "vm_list"):
            print(maps_line(mm, struct_at(vma, "struct vm_area_struct")).rstrip())


# ---------------------------------------------------------------- tk-buddy

def page_flag_names():
    return [(f.enumval, f.name) for f in gdb.lookup_type("enum pageflags").fields()]


def mem_map_info():
    """(mem_map address, min_pfn, max_pfn, sizeof(struct page))."""
    return (uint(symbol("mem_map")), uint(symbol("min_pfn")), uint(symbol("max_pfn")),
            gdb.lookup_type("struct page").sizeof)


def page_to_pfn(page_addr):
    mem_map, min_pfn, _, size = mem_map_info()
    return (page_addr - mem_map) // size + min_pfn


def pfn_to_page(pfn):
    mem_map, min_pfn, _, size = mem_map_info()
    return mem_map + (pfn - min_pfn) * size


def pcp_counts():
    pcp = symbol("pcp_lists")
    ncpus = min(array_length(pcp), int(symbol("nr_cpus_possible")) or 1)
    return [(cpu, int(pcp[cpu]["count"]), int(pcp[cpu]["high"]), int(pcp[cpu]["batch"]))
            for cpu in range(ncpus)]


class TkBuddy(TkCommand):
    """The buddy allocator's free lists: tk-buddy [ORDER | pcp]

Without an argument: free blocks per order (as /proc/buddyinfo), the pages
they hold, and the pages on each CPU's lists. With ORDER: the blocks on
that order's list (first page's pfn and physical range), checked for the
PG_buddy mark and order. With pcp: the blocks on each CPU's lists, one
list per order up to PAGE_ALLOC_COSTLY_ORDER (first page's pfn)."""

    def __init__(self):
        super().__init__("tk-buddy")

    def run(self, arg):
        zone = symbol("zone")
        if not uint(symbol("mem_map")):
            raise TkError("page_alloc_init() has not run yet")
        warn_if_locked(zone["lock"], "zone.lock")
        if arg == "pcp":
            self.show_pcp()
        elif arg:
            self.show_order(zone, int(parse_number(arg, "ORDER")))
        else:
            self.show_summary(zone)

    def show_summary(self, zone):
        areas = zone["free_area"]
        orders = array_length(areas)
        counts = [uint(areas[o]["nr_free"]) for o in range(orders)]
        print("order      " + "".join("%6d " % o for o in range(orders)))
        print("Node 0, zone %8s " % zone["name"].string()
              + "".join("%6d " % c for c in counts))
        in_lists = sum(c << o for o, c in enumerate(counts))
        print("buddy lists: %d pages (zone.free_pages = %d)"
              % (in_lists, uint(zone["free_pages"])))
        pcps = pcp_counts()
        print("per-CPU lists: " + ", ".join("cpu%d %d/%d (batch %d)" % (c, n, h, b)
                                            for c, n, h, b in pcps))
        total = uint(zone["free_pages"]) + sum(n for _, n, _, _ in pcps)
        managed = uint(zone["managed_pages"])
        print("free: %d pages = %d KiB of %d managed (nr_free_pages())"
              % (total, total * 4, managed))

    def show_order(self, zone, order):
        areas = zone["free_area"]
        if not 0 <= order < array_length(areas):
            raise TkError("order must be 0..%d" % (array_length(areas) - 1))
        area = areas[order]
        flags = dict((name, bit) for bit, name in page_flag_names())
        print("order %d: %d blocks of %d KiB" % (order, uint(area["nr_free"]), 4 << order))
        for n, page in enumerate(list_entries(area["free_list"], "struct page", "lru")):
            pfn = page_to_pfn(page)
            p = struct_at(page, "struct page")
            problems = []
            if not (uint(p["flags"]) >> flags["PG_buddy"]) & 1:
                problems.append("no PG_buddy")
            if uint(p["private"]) != order:
                problems.append("private=%d" % uint(p["private"]))
            if pfn & ((1 << order) - 1):
                problems.append("misaligned")
            print("  %4d  pfn %#7x  pa %#011x-%#011x  page %#x%s"
                  % (n, pfn, pfn << PAGE_SHIFT, (pfn + (1 << order)) << PAGE_SHIFT,
                     page, ("  BAD: " + ", ".join(problems)) if problems else ""))

    def show_pcp(self):
        pcp = symbol("pcp_lists")
        for cpu, count, high, batch in pcp_counts():
            print("cpu%d: %d pages (high %d, batch %d)%s"
                  % (cpu, count, high, batch,
                     "  [lock held]" if lock_held(pcp[cpu]["lock"]) else ""))
            lists = pcp[cpu]["lists"]
            for order in range(array_length(lists)):
                pfns = [page_to_pfn(p) for p in
                        list_entries(lists[order], "struct page", "lru")]
                if pfns:
                    print("  order %d: %d blocks" % (order, len(pfns)))
                for i in range(0, len(pfns), 8):
                    print("    " + " ".join("%#7x" % pfn for pfn in pfns[i:i + 8]))


# ------------------------------------------------------------ tk-slabinfo

def mm_rss(mm):
    """get_mm_rss(): the resident pages of every kind (mm->rss_stat[])."""
    stat = mm["rss_stat"]
    return sum(int(stat[i]["counter"]) for i in range(stat.type.range()[1] + 1))


def slab_caches():
    return [struct_at(a, "struct kmem_cache")
            for a in list_entries(symbol("slab_caches"), "struct kmem_cache", "list")]


def slabinfo_of(s):
    """The numbers get_slabinfo() computes, from the node's counters."""
    node = s["node"]
    if not uint(node):
        return None
    node = node.dereference()
    free = 0
    for page in list_entries(node["partial"], "struct page", "slab_list"):
        p = struct_at(page, "struct page")
        free += int(p["objects"]) - int(p["inuse"])
    num_objs = uint(node["total_objects"]["counter"])
    num_slabs = uint(node["nr_slabs"]["counter"])
    return num_objs - free, num_objs, num_slabs


class TkSlabinfo(TkCommand):
    """Every slab cache, in /proc/slabinfo's format (version 2.1)."""

    def __init__(self):
        super().__init__("tk-slabinfo")

    def run(self, arg):
        warn_if_locked(symbol("slab_caches_lock"), "slab_caches_lock")
        print("slabinfo - version: 2.1")
        print("# name            <active_objs> <num_objs> <objsize> <objperslab> "
              "<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : "
              "slabdata <active_slabs> <num_slabs> <sharedavail>")
        for s in slab_caches():
            info = slabinfo_of(s)
            if info is None:
                continue
            active, num, slabs = info
            print("%-17s %6d %6d %6d %4d %4d : tunables %4d %4d %4d : slabdata %6d %6d %6d"
                  % (s["name"].string(), active, num, int(s["size"]), int(s["objects"]),
                     1 << int(s["order"]), 0, 0, 0, slabs, slabs, 0))


def freelist_length(s, head, limit):
    """Objects on a freelist; each free object holds the next at s->offset."""
    offset = int(s["offset"])
    n, obj = 0, head
    while obj and n < limit:
        obj = read_u64(obj + offset)
        n += 1
    return n if not obj else None


def describe_slab(s, page):
    p = struct_at(page, "struct page")
    objects = int(p["objects"])
    free = freelist_length(s, uint(p["freelist"]), objects + 1)
    return ("slab %#x (pfn %#x, va %#x): inuse %d/%d, %s on its freelist%s"
            % (page, page_to_pfn(page), phys_to_virt(page_to_pfn(page) << PAGE_SHIFT),
               int(p["inuse"]), objects,
               "?" if free is None else free,
               ", frozen" if int(p["frozen"]) else ""))


class TkSlab(TkCommand):
    """One slab cache in detail: tk-slab NAME

Its geometry, each CPU's active slab, freelist and partial slabs, the
node's partial list, and the fast/slow path counters."""

    def __init__(self):
        super().__init__("tk-slab")

    def run(self, arg):
        if not arg:
            raise TkError("usage: tk-slab NAME (tk-slabinfo lists the names)")
        for s in slab_caches():
            if s["name"].string() == arg:
                self.show(s)
                return
        raise TkError("no cache named %s" % arg)

    def show(self, s):
        print("cache %s at %#x: object_size %d, size %d, free pointer at +%d, "
              "%d objects per slab of %d page(s), flags %#x, min_partial %d"
              % (s["name"].string(), uint(s.address), int(s["object_size"]), int(s["size"]),
                 int(s["offset"]), int(s["objects"]), 1 << int(s["order"]),
                 int(s["flags"]), int(s["min_partial"])))
        cpus = s["cpu_slab"]
        ncpus = min(array_length(cpus), int(symbol("nr_cpus_possible")) or 1)
        stat_names = [f.name for f in gdb.lookup_type("enum stat_item").fields()
                      if f.name != "NR_SLUB_STAT_ITEMS"]
        totals = [0] * len(stat_names)
        for cpu in range(ncpus):
            c = cpus[cpu]
            free = freelist_length(s, uint(c["freelist"]), 1 << 16)
            print("cpu%d: %s objects on the CPU freelist, %d partial slab(s)"
                  % (cpu, "?" if free is None else free, int(c["nr_partial"])))
            if uint(c["page"]):
                print("    active " + describe_slab(s, uint(c["page"])))
            for page in list_entries(c["partial"], "struct page", "slab_list"):
                print("    partial " + describe_slab(s, page))
            for i in range(len(stat_names)):
                totals[i] += uint(c["stat"][i])
        if not uint(s["node"]):
            print("no node: the cache is being destroyed")
            return
        node = s["node"].dereference()
        warn_if_locked(node["list_lock"], "the node's list_lock")
        print("node: %d slabs, %d objects, %d partial slab(s)"
              % (uint(node["nr_slabs"]["counter"]), uint(node["total_objects"]["counter"]),
                 uint(node["nr_partial"])))
        for page in list_entries(node["partial"], "struct page", "slab_list"):
            print("    partial " + describe_slab(s, page))
        for page in list_entries(node["full"], "struct page", "slab_list"):
            print("    full " + describe_slab(s, page))
        print("stats: " + " ".join("%s=%d" % (n, t) for n, t in zip(stat_names, totals)))


# ------------------------------------------------------------ tk-vmalloc

VM_FLAGS = [(0x1, "ioremap"), (0x2, "vmalloc"), (0x4, "vmap"), (0x20, "uninitialized")]


class TkVmalloc(TkCommand):
    """The busy areas of the vmalloc range, as /proc/vmallocinfo, callers named.

tk-vmalloc free: the free ranges too."""

    def __init__(self):
        super().__init__("tk-vmalloc")

    def run(self, arg):
        space = symbol("vmalloc_space")
        if not uint(space["busy_list"]["next"]):
            raise TkError("vmalloc_init() has not run yet")
        warn_if_locked(symbol("vmap_area_lock"), "vmap_area_lock")
        count = total = 0
        for addr in list_entries(space["busy_list"], "struct vmap_area", "list"):
            va = struct_at(addr, "struct vmap_area")
            vm = va["vm"].dereference()
            flags = uint(vm["flags"])
            line = "%#018x-%#018x %7d %s" % (uint(va["va_start"]), uint(va["va_end"]),
                                             uint(vm["size"]), symbolise(uint(vm["caller"])))
            if int(vm["nr_pages"]):
                line += " pages=%d" % int(vm["nr_pages"])
            if flags & 0x1:
                line += " phys=%#018x" % uint(vm["phys_addr"])
            line += "".join(" " + name for bit, name in VM_FLAGS if flags & bit)
            print(line)
            count += 1
            total += uint(vm["size"])
        print("%d areas, %d KiB with guard pages" % (count, total // 1024))
        if arg == "free":
            for addr in list_entries(space["free_list"], "struct vmap_area", "list"):
                va = struct_at(addr, "struct vmap_area")
                start, end = uint(va["va_start"]), uint(va["va_end"])
                print("free %#018x-%#018x %d KiB" % (start, end, (end - start) // 1024))


# ---------------------------------------------------------------- tk-esr

EXCEPTION_CLASSES = {
    0x00: "unknown or undefined instruction",
    0x01: "trapped WFI/WFE",
    0x07: "trapped FP/SIMD access",
    0x0e: "illegal execution state",
    0x15: "SVC (system call) from AArch64",
    0x18: "trapped MSR/MRS/system instruction",
    0x20: "instruction abort from EL0",
    0x21: "instruction abort from EL1",
    0x22: "PC alignment fault",
    0x24: "data abort from EL0",
    0x25: "data abort from EL1",
    0x26: "SP alignment fault",
    0x2c: "floating-point exception",
    0x2f: "SError interrupt",
    0x30: "breakpoint", 0x31: "breakpoint",
    0x32: "software step", 0x33: "software step",
    0x34: "watchpoint", 0x35: "watchpoint",
    0x3c: "BRK instruction",
}

FAULT_KINDS = ["address size fault", "translation fault", "access flag fault",
               "permission fault"]
OTHER_FAULTS = {
    0x10: "synchronous external abort",
    0x18: "synchronous parity/ECC error",
    0x21: "alignment fault",
    0x30: "TLB conflict abort",
}


def esr_describe(esr):
    """The words of the kernel's esr_describe() (arch/arm64/kernel/traps.c)."""
    ec = (esr >> 26) & 0x3f
    name = EXCEPTION_CLASSES.get(ec, "unrecognised exception class")
    if ec not in (0x20, 0x21, 0x24, 0x25):
        return name
    data = ec in (0x24, 0x25)
    fsc = esr & 0x3f
    if not data:
        access = ", instruction fetch"
    elif fsc < 0x10 and esr & (1 << 8):
        access = ", cache maintenance"
    else:
        access = ", write" if esr & (1 << 6) else ", read"
    if fsc < 0x10:
        return "%s, %s at level %d%s" % (name, FAULT_KINDS[fsc >> 2], fsc & 3, access)
    return "%s, %s%s" % (name, OTHER_FAULTS.get(fsc, "unrecognised fault status"), access)


def esr_fields(esr):
    ec = (esr >> 26) & 0x3f
    fields = ["EC %#04x" % ec, "IL %d" % ((esr >> 25) & 1), "ISS %#09x" % (esr & 0x1ffffff)]
    if ec in (0x24, 0x25):
        fields += ["ISV %d" % ((esr >> 24) & 1), "FnV %d" % ((esr >> 10) & 1),
                   "CM %d" % ((esr >> 8) & 1), "S1PTW %d" % ((esr >> 7) & 1),
                   "WnR %d" % ((esr >> 6) & 1), "DFSC %#04x" % (esr & 0x3f)]
    elif ec in (0x20, 0x21):
        fields += ["FnV %d" % ((esr >> 10) & 1), "S1PTW %d" % ((esr >> 7) & 1),
                   "IFSC %#04x" % (esr & 0x3f)]
    elif ec in (0x15, 0x3c):
        fields += ["imm16 %#x" % (esr & 0xffff)]
    return fields


class TkEsr(TkCommand):
    """Decode an exception syndrome: tk-esr [VALUE]

VALUE defaults to the ESR_EL1 register. Prints the kernel's one-line
description, then the fields."""

    def __init__(self):
        super().__init__("tk-esr")

    def run(self, arg):
        if arg:
            esr = parse_number(arg, "VALUE")
        else:
            esr = register("ESR_EL1")
            if esr is None:
                raise TkError("ESR_EL1 not readable: give the value")
        print("ESR_EL1 %#010x: %s" % (esr, esr_describe(esr)))
        print("  " + ", ".join(esr_fields(esr)))
        if (esr >> 26) & 0x3f in (0x20, 0x21, 0x24, 0x25):
            far = register("FAR_EL1")
            if far is not None and not arg:
                print("  FAR_EL1 %#018x (the faulting address)" % far)


# ---------------------------------------------------------------- tk-page

def pfn_of(value):
    """A pfn, a physical address, a linear-map, image or vmalloc address, or
    a struct page pointer, to a pfn."""
    mem_map, min_pfn, max_pfn, size = mem_map_info()
    if min_pfn <= value < max_pfn:
        return value
    if mem_map <= value < mem_map + (max_pfn - min_pfn) * size:
        return (value - mem_map) // size + min_pfn
    if PAGE_OFFSET <= value < LINEAR_MAP_END:
        pa = value - PAGE_OFFSET
    elif value >> 63:
        found = translate(value)
        if found is None:
            raise TkError("%#x is not mapped" % value)
        pa = found[0]
    else:
        pa = value
    pfn = pa >> PAGE_SHIFT
    if not min_pfn <= pfn < max_pfn:
        raise TkError("%#x is pa %#x, not RAM (pfns %#x..%#x)"
                      % (value, pa, min_pfn, max_pfn - 1))
    return pfn


class TkPage(TkCommand):
    """The struct page of a page: tk-page PFN | ADDRESS

Takes a pfn, a physical address, a kernel virtual address (linear map,
image, vmalloc: translated through the page tables) or a struct page
pointer. Prints the flags in words and what the page is being used for."""

    def __init__(self):
        super().__init__("tk-page")

    def run(self, arg):
        value = parse_number(arg, "PFN or ADDRESS")
        if not uint(symbol("mem_map")):
            raise TkError("page_alloc_init() has not run yet")
        pfn = pfn_of(value)
        addr = pfn_to_page(pfn)
        p = struct_at(addr, "struct page")
        flags = uint(p["flags"])
        names = [name for bit, name in page_flag_names() if flags >> bit & 1]
        pa = pfn << PAGE_SHIFT
        print("pfn %#x  pa %#x  va %#x  struct page at %#x"
              % (pfn, pa, phys_to_virt(pa), addr))
        print("  flags %#x: %s" % (flags, " ".join(names) if names else "(none)"))
        print("  _refcount %d  _mapcount %d" % (int(p["_refcount"]), int(p["_mapcount"])))
        for line in self.usage(p, names):
            print("  " + line)

    def usage(self, p, names):
        if "PG_tail" in names:
            head = uint(p["compound_head"])
            yield "tail of the block headed by pfn %#x (struct page %#x), which is:" % (
                page_to_pfn(head), head)
            head_page = struct_at(head, "struct page")
            head_flags = uint(head_page["flags"])
            head_names = [name for bit, name in page_flag_names() if head_flags >> bit & 1]
            if "PG_tail" not in head_names:
                for line in self.usage(head_page, head_names):
                    yield "  " + line
            return
        if "PG_buddy" in names:
            yield "free: heads a block of order %d on the buddy list" % uint(p["private"])
        elif "PG_pcp" in names:
            yield "free: on a CPU's list of single pages"
        elif "PG_slab" in names:
            cache = p["slab_cache"]
            name = cache.dereference()["name"].string() if uint(cache) else "?"
            yield ("slab of %s: inuse %d/%d, freelist %#x%s"
                   % (name, int(p["inuse"]), int(p["objects"]), uint(p["freelist"]),
                      ", frozen (a CPU's)" if int(p["frozen"]) else ""))
        elif "PG_large_kmalloc" in names:
            yield "large kmalloc block of order %d" % uint(p["private"])
        elif "PG_reserved" in names:
            yield "reserved: never given to the allocator"
        elif int(p["_refcount"]) > 0:
            yield "allocated"
        else:
            yield "free: inside a larger free block (only its first page is marked)"


class Tk(gdb.Command):
    """tkern's memory-management commands: tk-walk, tk-vmas, tk-buddy,
tk-slabinfo, tk-slab, tk-vmalloc, tk-esr, tk-page. `help tk-walk` etc. for each."""

    def __init__(self):
        super().__init__("tk", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        gdb.execute("help tk")


# entry.S's labels, where a backtrace crosses an exception, and where from.
EXCEPTION_ENTRIES = {"el0_sync": "user", "el0_irq": "user",
                     "el1h_sync": "kernel", "el1h_irq": "kernel"}
# asm/ptrace.h: the interrupted pc and sp in struct pt_regs
S_SP, S_PC = 31 * 8, 32 * 8


class ExceptionEntry(FrameDecorator):
    """An entry.S frame, named with the context the exception interrupted:
    its pt_regs are at the frame's SP while the C handler runs (entry.S)."""

    def __init__(self, frame, label):
        super().__init__(frame)
        self.label = label

    def function(self):
        regs = uint(self.inferior_frame().read_register("sp"))
        try:
            pc, sp = read_u64(regs + S_PC), read_u64(regs + S_SP)
        except TkError:
            return "<%s>" % self.label
        return "<%s: from %s pc %#x sp %#x>" % (self.label, EXCEPTION_ENTRIES[self.label], pc, sp)


class ExceptionEntryFilter:
    """Shows entry.S's frames in a backtrace as ExceptionEntry says."""

    def __init__(self):
        self.name, self.priority, self.enabled = "tkern-exception-entry", 100, True
        gdb.frame_filters[self.name] = self

    def filter(self, frames):
        for frame in frames:
            name = frame.inferior_frame().name()
            yield ExceptionEntry(frame, name) if name in EXCEPTION_ENTRIES else frame


for command in (Tk, TkWalk, TkVmas, TkBuddy, TkSlabinfo, TkSlab, TkVmalloc, TkEsr, TkPage):
    command()
ExceptionEntryFilter()
