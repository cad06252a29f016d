/*
 * The first half of execve for ELF files: read an executable that lies in
 * memory (the initramfs keeps whole files there), check it field by field
 * and describe where each part must go: a load plan. Nothing is mapped and
 * nothing is allocated here, so a refusal leaves the caller's process as it
 * was; the address-space code later turns the plan into VMAs.
 * docs/exec.md lists every check and the Linux behaviour it follows.
 */
#ifndef KERNEL_BINFMT_ELF_H
#define KERNEL_BINFMT_ELF_H

#include <kernel/types.h>
#include <kernel/elf.h>
#include <asm/page-def.h>

/* User addresses are the TTBR0 half: 0 .. 2^48 - 1. */
#define TASK_SIZE (UL(1) << VA_BITS)

/*
 * Nothing may be mapped below this address, so that a NULL pointer plus a
 * small offset always faults. Linux's vm.mmap_min_addr default is 64 KiB.
 */
#define MMAP_MIN_ADDR UL(0x10000)

/*
 * Where a static-PIE (ET_DYN without an interpreter) is placed: two thirds
 * up the user half, the address Linux gives position-independent programs
 * on arm64 when randomisation is off (Linux itself puts interpreter-less
 * ET_DYN files in the mmap area instead; a fixed base is simpler here).
 */
#define ELF_ET_DYN_BASE (2 * TASK_SIZE / 3)

/* Linux's program header table limit (load_elf_phdrs). */
#define ELF_MAX_PHDRS_SIZE 65536

/* Static programs have 2 to 4 PT_LOADs; more than this is refused. */
#define ELF_MAX_LOADS 16

#define ELF_REASON_SIZE 96

/* Segment permissions, with the values of mmap's PROT_* bits. */
#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4

/*
 * One PT_LOAD. Addresses include the load bias. Bytes [offset, offset +
 * filesz) of the file go to [vaddr, vaddr + filesz); the rest up to
 * vaddr + memsz is zero. [start, end) is the page-rounded range to map.
 */
struct elf_segment {
	unsigned long vaddr;
	unsigned long memsz;
	unsigned long filesz;
	unsigned long offset;
	unsigned long start;
	unsigned long end;
	unsigned int prot;
	unsigned int phdr_index;	/* which program header, for messages */
};

/*
 * Everything execve needs from the file, with the mm_struct field names
 * where Linux has them. elf_bss is where the file bytes end (the zeroing
 * of bss starts there), elf_brk where bss ends; the heap starts at
 * start_brk, the next page boundary.
 */
struct elf_load_plan {
	unsigned long entry;
	unsigned long load_bias;	/* 0 unless static_pie */
	unsigned long phdr_addr;	/* AT_PHDR; 0 if no segment holds it */
	unsigned int phent;
	unsigned int phnum;
	unsigned long start_code, end_code;
	unsigned long start_data, end_data;
	unsigned long elf_bss, elf_brk, start_brk;
	bool static_pie;
	bool exec_stack;		/* PT_GNU_STACK asked for PF_X */
	bool wants_interpreter;		/* a dynamic executable: refused */
	unsigned int nr_segments;
	struct elf_segment segments[ELF_MAX_LOADS];
	char reason[ELF_REASON_SIZE];	/* why the file was refused */
};

/*
 * Check the ELF file in file[0 .. size) and fill *plan. Returns 0, or a
 * negative errno with plan->reason saying why ("segment 2 overlaps
 * segment 1"). Reads no byte outside the buffer, whatever the file says;
 * the buffer need not be aligned.
 */
int elf_plan_load(const void *file, size_t size, struct elf_load_plan *plan);

#endif
