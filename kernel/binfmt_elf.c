/*
 * ELF64 executable checking and load planning (see kernel/binfmt_elf.h).
 *
 * The file comes from an untrusted place, so every field is checked before
 * it is used, and every header is copied out of the file with memcpy: the
 * initramfs gives no alignment, and a header may lie anywhere. Each check
 * answers with the errno Linux gives for the same fault (fs/binfmt_elf.c,
 * load_elf_binary); checks Linux does not make (it would map the file and
 * let the program fault later) answer -ENOEXEC. docs/exec.md has the table.
 */
#include <kernel/binfmt_elf.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/lib/string.h>
#include <stdarg.h>

static int __printf(3, 4) refuse(struct elf_load_plan *plan, int err,
				 const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(plan->reason, sizeof(plan->reason), fmt, args);
	va_end(args);
	return err;
}

static bool is_power_of_2(u64 x)
{
	return x && !(x & (x - 1));
}

/* LAB 5 BEGIN: fits_user(): does [vaddr, vaddr + len) lie in the user half, without wrapping? */
/* [vaddr, vaddr + len) lies in the user half, without wrapping. */
static bool fits_user(u64 vaddr, u64 len)
{
	return vaddr < TASK_SIZE && len <= TASK_SIZE && TASK_SIZE - len >= vaddr;
}
/* LAB 5 END */

/*
 * Like Linux, which reads the first bytes of the file into a zeroed
 * buffer: a file shorter than the header reads as zeros after its end.
 */
static void read_ehdr(const u8 *file, size_t size, Elf64_Ehdr *eh)
{
	memset(eh, 0, sizeof(*eh));
	memcpy(eh, file, MIN(size, sizeof(*eh)));
}

/* Only after check_ehdr: the whole table is inside the file. */
static void read_phdr(const u8 *file, const Elf64_Ehdr *eh, unsigned int i,
		      Elf64_Phdr *ph)
{
	memcpy(ph, file + eh->e_phoff + (size_t)i * sizeof(*ph), sizeof(*ph));
}

static int check_ident(const Elf64_Ehdr *eh, size_t size,
		       struct elf_load_plan *plan)
{
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return refuse(plan, -ENOEXEC, "not an ELF file (bad magic)");
	if (size < sizeof(*eh))
		return refuse(plan, -ENOEXEC, "file ends inside the ELF header (%zu bytes)",
			      size);
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return refuse(plan, -ENOEXEC, "ELF class %u, not ELFCLASS64",
			      eh->e_ident[EI_CLASS]);
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return refuse(plan, -ENOEXEC, "ELF data encoding %u, not little-endian",
			      eh->e_ident[EI_DATA]);
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return refuse(plan, -ENOEXEC, "ELF version %u/%u, not EV_CURRENT",
			      eh->e_ident[EI_VERSION], eh->e_version);
	return 0;
}

static int check_ehdr(const Elf64_Ehdr *eh, size_t size,
		      struct elf_load_plan *plan)
{
	int err = check_ident(eh, size, plan);

	if (err)
		return err;
	/* LAB 5 BEGIN: an AArch64 executable or static-PIE whose program header table is in the file */
	/* LAB 5 STUB: return 0; */
	u64 table_size = (u64)eh->e_phnum * sizeof(Elf64_Phdr);

	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return refuse(plan, -ENOEXEC, "ELF type %u is not an executable",
			      eh->e_type);
	if (eh->e_machine != EM_AARCH64)
		return refuse(plan, -ENOEXEC, "machine %u is not AArch64 (%u)",
			      eh->e_machine, EM_AARCH64);
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return refuse(plan, -ENOEXEC, "program header size %u, not %zu",
			      eh->e_phentsize, sizeof(Elf64_Phdr));
	if (eh->e_phnum == 0)
		return refuse(plan, -ENOEXEC, "no program headers");
	if (table_size > ELF_MAX_PHDRS_SIZE)
		return refuse(plan, -ENOEXEC, "%u program headers are too many",
			      eh->e_phnum);
	if (eh->e_phoff > size || size - eh->e_phoff < table_size)
		return refuse(plan, -ENOEXEC, "program headers beyond the end of the file");
	return 0;
	/* LAB 5 END */
}

/* The headers that are not PT_LOAD but change how the file is loaded. */
static int check_special_headers(const u8 *file, const Elf64_Ehdr *eh,
				 struct elf_load_plan *plan)
{
	Elf64_Phdr ph;
	unsigned int i;

	for (i = 0; i < eh->e_phnum; i++) {
		read_phdr(file, eh, i, &ph);
		if (ph.p_type == PT_INTERP) {
			plan->wants_interpreter = true;
			return refuse(plan, -ENOEXEC,
				      "interpreter requested (dynamic executables are not supported)");
		}
		if (ph.p_type == PT_GNU_STACK)
			plan->exec_stack = ph.p_flags & PF_X;
	}
	return 0;
}

/*
 * A static-PIE is linked at 0: move its lowest segment to ELF_ET_DYN_BASE,
 * rounded down to the largest segment alignment so that every p_align
 * still holds after the move.
 */
static unsigned long choose_load_bias(const u8 *file, const Elf64_Ehdr *eh)
{
	unsigned long lowest = ~0UL, align = PAGE_SIZE, base;
	Elf64_Phdr ph;
	unsigned int i;

	for (i = 0; i < eh->e_phnum; i++) {
		read_phdr(file, eh, i, &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		lowest = MIN(lowest, ph.p_vaddr);
		if (is_power_of_2(ph.p_align) && ph.p_align <= TASK_SIZE / 4)
			align = MAX(align, ph.p_align);
	}
	if (lowest == ~0UL)
		return 0;
	base = ALIGN_DOWN(ELF_ET_DYN_BASE, align);
	return ALIGN_DOWN(base - lowest, PAGE_SIZE);
}

static int check_load(const Elf64_Phdr *ph, unsigned int i, unsigned long bias,
		      size_t size, struct elf_load_plan *plan)
{
	/* LAB 5 BEGIN: refuse a PT_LOAD header that cannot be loaded, with Linux's errno */
	/* LAB 5 STUB: (void)ph; (void)i; (void)bias; (void)size; (void)plan; */
	/* LAB 5 STUB: return 0; */
	unsigned long vaddr = bias + ph->p_vaddr;

	if (ph->p_align > 1 && !is_power_of_2(ph->p_align))
		return refuse(plan, -ENOEXEC, "segment %u: p_align %#lx is not a power of two",
			      i, (unsigned long)ph->p_align);
	if (ph->p_filesz > ph->p_memsz)
		return refuse(plan, -EINVAL, "segment %u: p_filesz %#lx > p_memsz %#lx",
			      i, (unsigned long)ph->p_filesz, (unsigned long)ph->p_memsz);
	if (!fits_user(ph->p_vaddr, ph->p_memsz) || !fits_user(vaddr, ph->p_memsz))
		return refuse(plan, -EINVAL, "segment %u: %#lx + %#lx is outside user space",
			      i, vaddr, (unsigned long)ph->p_memsz);
	if ((ph->p_vaddr - ph->p_offset) % PAGE_SIZE)
		return refuse(plan, -EINVAL,
			      "segment %u: p_vaddr %#lx and p_offset %#lx differ in page offset",
			      i, (unsigned long)ph->p_vaddr, (unsigned long)ph->p_offset);
	if (vaddr < MMAP_MIN_ADDR)
		return refuse(plan, -EPERM, "segment %u: address %#lx is below mmap_min_addr",
			      i, vaddr);
	/* A segment with nothing from the file (all bss) may point past its end. */
	if (ph->p_filesz && (ph->p_offset > size || size - ph->p_offset < ph->p_filesz))
		return refuse(plan, -ENOEXEC, "segment %u: file bytes %#lx + %#lx beyond the end of the file",
			      i, (unsigned long)ph->p_offset, (unsigned long)ph->p_filesz);
	return 0;
	/* LAB 5 END */
}

/* Two segments may not share a page: it could have only one protection. */
static int check_overlap(const struct elf_segment *seg,
			 struct elf_load_plan *plan)
{
	const struct elf_segment *other;

	for (other = plan->segments; other < seg; other++)
		if (seg->start < other->end && other->start < seg->end)
			return refuse(plan, -ENOEXEC, "segment %u overlaps segment %u",
				      seg->phdr_index, other->phdr_index);
	return 0;
}

static unsigned int make_prot(u32 p_flags)
{
	return (p_flags & PF_R ? PROT_READ : 0) |
	       (p_flags & PF_W ? PROT_WRITE : 0) |
	       (p_flags & PF_X ? PROT_EXEC : 0);
}

static int add_segment(const Elf64_Phdr *ph, unsigned int i,
		       struct elf_load_plan *plan)
{
	struct elf_segment *seg;

	if (plan->nr_segments == ELF_MAX_LOADS)
		return refuse(plan, -ENOEXEC, "more than %u loadable segments",
			      ELF_MAX_LOADS);
	seg = &plan->segments[plan->nr_segments];
	seg->vaddr = plan->load_bias + ph->p_vaddr;
	seg->memsz = ph->p_memsz;
	seg->filesz = ph->p_filesz;
	seg->offset = ph->p_offset;
	seg->start = ALIGN_DOWN(seg->vaddr, PAGE_SIZE);
	seg->end = PAGE_ALIGN(seg->vaddr + seg->memsz);
	seg->prot = make_prot(ph->p_flags);
	seg->phdr_index = i;
	plan->nr_segments++;
	return check_overlap(seg, plan);
}

/*
 * AT_PHDR: where the program header table is once loaded, found as Linux
 * finds it, through the segment whose file bytes contain e_phoff.
 */
static void note_phdr_addr(const Elf64_Phdr *ph, const Elf64_Ehdr *eh,
			   struct elf_load_plan *plan)
{
	if (ph->p_offset <= eh->e_phoff && eh->e_phoff - ph->p_offset < ph->p_filesz)
		plan->phdr_addr = plan->load_bias + ph->p_vaddr +
				  (eh->e_phoff - ph->p_offset);
}

static int plan_segments(const u8 *file, size_t size, const Elf64_Ehdr *eh,
			 struct elf_load_plan *plan)
{
	Elf64_Phdr ph;
	unsigned int i;
	int err;

	for (i = 0; i < eh->e_phnum; i++) {
		read_phdr(file, eh, i, &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		err = check_load(&ph, i, plan->load_bias, size, plan);
		if (!err && ph.p_memsz)
			err = add_segment(&ph, i, plan);
		if (err)
			return err;
		note_phdr_addr(&ph, eh, plan);
	}
	if (!plan->nr_segments)
		return refuse(plan, -ENOEXEC, "no loadable segment");
	return 0;
}

/* The code, data and heap boundaries, computed as Linux does for mm_struct. */
static void summarize(struct elf_load_plan *plan)
{
	const struct elf_segment *seg;
	unsigned long file_end;

	plan->start_code = ~0UL;
	for (seg = plan->segments; seg < plan->segments + plan->nr_segments; seg++) {
		file_end = seg->vaddr + seg->filesz;
		if (seg->prot & PROT_EXEC) {
			plan->start_code = MIN(plan->start_code, seg->vaddr);
			plan->end_code = MAX(plan->end_code, file_end);
		}
		plan->start_data = MAX(plan->start_data, seg->vaddr);
		plan->end_data = MAX(plan->end_data, file_end);
		plan->elf_bss = MAX(plan->elf_bss, file_end);
		plan->elf_brk = MAX(plan->elf_brk, seg->vaddr + seg->memsz);
	}
	if (plan->start_code == ~0UL)
		plan->start_code = 0;
	plan->start_brk = PAGE_ALIGN(plan->elf_brk);
}

static int check_entry(struct elf_load_plan *plan)
{
	const struct elf_segment *seg;

	if (plan->entry >= TASK_SIZE)
		return refuse(plan, -EINVAL, "entry point %#lx is outside user space",
			      plan->entry);
	for (seg = plan->segments; seg < plan->segments + plan->nr_segments; seg++)
		if ((seg->prot & PROT_EXEC) && plan->entry >= seg->vaddr &&
		    plan->entry - seg->vaddr < seg->memsz)
			return 0;
	return refuse(plan, -ENOEXEC, "entry point %#lx is not in an executable segment",
		      plan->entry);
}

int elf_plan_load(const void *file, size_t size, struct elf_load_plan *plan)
{
	Elf64_Ehdr eh;
	int err;

	memset(plan, 0, sizeof(*plan));
	read_ehdr(file, size, &eh);
	err = check_ehdr(&eh, size, plan);
	if (!err)
		err = check_special_headers(file, &eh, plan);
	if (err)
		return err;
	if (eh.e_type == ET_DYN) {
		plan->static_pie = true;
		plan->load_bias = choose_load_bias(file, &eh);
	}
	err = plan_segments(file, size, &eh, plan);
	if (err)
		return err;
	plan->entry = plan->load_bias + eh.e_entry;
	plan->phent = eh.e_phentsize;
	plan->phnum = eh.e_phnum;
	summarize(plan);
	return check_entry(plan);
}
