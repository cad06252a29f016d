/*
 * The first instructions: the arm64 Image header, then the road from
 * "MMU off, maybe at EL2, at some physical address" to C code running at
 * KIMAGE_VADDR with the MMU on.
 *
 * Boot CPU:  primary_entry  -> drop to EL1, clear .bss, build the early
 *            page tables, MMU on, jump to start_kernel(dtb).
 * Others:    secondary_entry (PSCI CPU_ON, context id = its struct cpu)
 *            -> drop to EL1, MMU on with the same tables, secondary_start_kernel.
 *
 * The early tables map the kernel image with 2 MiB blocks, and the 1 GiB
 * blocks holding the kernel and the DTB in the linear map, plus an identity
 * map so the instruction that turns the MMU on has somewhere to return to.
 * mm/ replaces the kernel part with the real thing once it knows the RAM.
 */
#include <asm/page-def.h>
#include <asm/pgtable-hwdef.h>
#include <asm/sysreg.h>
#include <asm/smp.h>

#define EARLY_BLOCK_ATTRS (PTE_TYPE_BLOCK | PTE_AF | PTE_SH_INNER | PTE_ATTRINDX(MT_NORMAL) | PTE_UXN)
#define EARLY_DATA_ATTRS (EARLY_BLOCK_ATTRS | PTE_PXN)
#define SZ_2M 0x200000
#define SZ_1G 0x40000000
#define BOOT_STACK_SIZE 16384

	.section ".head.text", "ax"
	.globl	_head
_head:
	b	primary_entry		// code0
	.long	0			// code1
	.quad	0			// text_offset: load at a 2 MiB-aligned base
	.quad	_kernel_size		// image_size, .bss included
	.quad	0x2			// flags: little-endian, 4 KiB pages, base near RAM start
	.quad	0			// res2
	.quad	0			// res3
	.quad	0			// res4
	.ascii	"ARM\x64"		// magic
	.long	0			// res5: no PE/COFF header

	.text
primary_entry:
	mov	x21, x0			// physical address of the DTB
	mrs	x20, CurrentEL		// the level we were entered at, for the banner
	lsr	x20, x20, #2
	bl	el2_to_el1
	bl	clear_bss
	bl	create_early_page_tables
	adrp	x0, early_pg_dir
	bl	setup_mmu_registers
	bl	enable_mmu
	ldr	x8, =primary_switched	// absolute: the link-time, upper-half address
	br	x8

/* Now at KIMAGE_VADDR with the MMU on. x20 = entry EL, x21 = DTB, x22 = load address. */
	.type	primary_switched, %function
primary_switched:
	adrp	x0, boot_stack
	add	x0, x0, #:lo12:boot_stack
	add	sp, x0, #BOOT_STACK_SIZE
	mov	x29, xzr
	mov	x30, xzr
	adrp	x0, cpus		// CPU 0's struct cpu, for the vectors' stack check
	add	x0, x0, #:lo12:cpus
	msr	tpidr_el1, x0
	adrp	x0, init_task		// `current`, which spinlocks use from the start
	add	x0, x0, #:lo12:init_task
	msr	sp_el0, x0
	adrp	x0, vectors
	add	x0, x0, #:lo12:vectors
	msr	vbar_el1, x0
	isb
	ldr	x1, =_head
	sub	x1, x1, x22		// kimage_voffset = link address - load address
	adrp	x0, kimage_voffset
	str	x1, [x0, #:lo12:kimage_voffset]
	mov	x0, x21
	mov	x1, x20
	bl	start_kernel
1:	wfe
	b	1b
	.size	primary_switched, . - primary_switched

/*
 * Entered by PSCI CPU_ON on a secondary CPU, MMU off, x0 = the address of
 * its struct cpu, where the boot CPU has put the stack to use.
 */
	.globl	secondary_entry
secondary_entry:
	mov	x19, x0
	bl	el2_to_el1
	adrp	x0, secondary_ttbr1	// the boot CPU's final kernel tables
	ldr	x0, [x0, #:lo12:secondary_ttbr1]
	bl	setup_mmu_registers
	bl	enable_mmu
	ldr	x8, =secondary_switched
	br	x8

	.type	secondary_switched, %function
secondary_switched:
	msr	tpidr_el1, x19
	ldr	x1, [x19, #CPU_CURR]	// the idle task made for this CPU
	msr	sp_el0, x1
	ldr	x1, [x19, #CPU_STACK_TOP]
	mov	sp, x1
	mov	x29, xzr
	mov	x30, xzr
	adrp	x0, vectors
	add	x0, x0, #:lo12:vectors
	msr	vbar_el1, x0
	isb
	mov	x0, x19
	bl	secondary_start_kernel
1:	wfe
	b	1b
	.size	secondary_switched, . - secondary_switched

/*
 * If we came in at EL2 (a hypervisor-capable QEMU, U-Boot), set EL2 up so
 * that it stays out of the way, then "return" to EL1. Clobbers x9, x10.
 */
el2_to_el1:
	mrs	x9, CurrentEL
	cmp	x9, #(2 << 2)
	b.ne	1f
	mov	x9, #HCR_EL2_RW
	msr	hcr_el2, x9
	mrs	x9, cnthctl_el2
	orr	x9, x9, #3		// EL1 may use the physical counter and timer
	msr	cnthctl_el2, x9
	msr	cntvoff_el2, xzr
	mov	x9, #CPTR_EL2_RES1	// no FP/SIMD traps
	msr	cptr_el2, x9
	msr	hstr_el2, xzr
	mrs	x9, midr_el1		// EL1 reads the real IDs
	msr	vpidr_el2, x9
	mrs	x9, mpidr_el1
	msr	vmpidr_el2, x9
	mrs	x9, id_aa64pfr0_el1	// GICv3 system registers present?
	ubfx	x9, x9, #24, #4
	cbz	x9, 2f
	mrs	x9, ICC_SRE_EL2
	orr	x9, x9, #1		// SRE: system register interface
	orr	x9, x9, #8		// Enable: EL1 may set its own SRE
	msr	ICC_SRE_EL2, x9
	isb
	msr	ICH_HCR_EL2, xzr
2:	ldr	x9, =SCTLR_EL1_MMU_OFF
	msr	sctlr_el1, x9
	mov	x9, #SPSR_EL1H_MASKED
	msr	spsr_el2, x9
	msr	elr_el2, x30
	eret
1:	ldr	x9, =SCTLR_EL1_MMU_OFF
	msr	sctlr_el1, x9
	isb
	ret

/*
 * Zero .bss with the MMU (and so the data cache) off, then invalidate the
 * range so that no stale line from the boot loader hides the zeroes once
 * the cache is on.
 */
clear_bss:
	adrp	x0, __bss_start
	adrp	x1, __bss_end
	mov	x2, x0
	/* 64 bytes a step: linker.ld page-aligns both ends. */
1:	stp	xzr, xzr, [x2]
	stp	xzr, xzr, [x2, #16]
	stp	xzr, xzr, [x2, #32]
	stp	xzr, xzr, [x2, #48]
	add	x2, x2, #64
	cmp	x2, x1
	b.lo	1b
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4		// DminLine: log2(words) of the smallest line
	mov	x4, #4
	lsl	x4, x4, x3
2:	dc	ivac, x0
	add	x0, x0, x4
	cmp	x0, x1
	b.lo	2b
	dsb	sy
	ret

/*
 * Write descriptor x2 into table x0 at the index that address x1 has at
 * the level whose shift is \shift.
 */
	.macro	set_entry, table, addr, desc, shift, tmp
	ubfx	\tmp, \addr, #\shift, #9
	str	\desc, [\table, \tmp, lsl #3]
	.endm

/* Map the 1 GiB block holding PA x1 at VA (x1 + x3) through tables x4 (L0), x5 (L1). */
map_gigabyte:
	add	x6, x1, x3		// the virtual address
	orr	x7, x5, #PTE_TYPE_TABLE
	set_entry x4, x6, x7, 39, x8
	lsr	x7, x1, #30
	lsl	x7, x7, #30
	orr	x7, x7, x2
	set_entry x5, x6, x7, 30, x8
	ret

create_early_page_tables:
	mov	x28, x30
	adrp	x22, _head		// load address of the image
	/* Identity map: the gigabyte around the kernel, executable. */
	mov	x1, x22
	mov	x3, xzr
	ldr	x2, =EARLY_BLOCK_ATTRS
	adrp	x4, early_idmap_l0
	adrp	x5, early_idmap_l1
	bl	map_gigabyte
	/* Linear map: the gigabytes holding the kernel and the DTB. */
	ldr	x3, =PAGE_OFFSET
	ldr	x2, =EARLY_DATA_ATTRS
	adrp	x4, early_pg_dir
	adrp	x5, early_linear_l1
	bl	map_gigabyte
	mov	x1, x21
	bl	map_gigabyte
	/* The image at KIMAGE_VADDR, 2 MiB blocks, read-write-execute for now. */
	ldr	x6, =KIMAGE_VADDR
	adrp	x5, early_kimage_l1
	orr	x7, x5, #PTE_TYPE_TABLE
	set_entry x4, x6, x7, 39, x8
	adrp	x9, early_kimage_l2
	orr	x7, x9, #PTE_TYPE_TABLE
	set_entry x5, x6, x7, 30, x8
	ldr	x2, =EARLY_BLOCK_ATTRS
	adrp	x10, _end
	sub	x10, x10, x22		// bytes to map
	mov	x11, x22
1:	orr	x7, x11, x2
	set_entry x9, x6, x7, 21, x8
	add	x6, x6, #SZ_2M
	add	x11, x11, #SZ_2M
	subs	x10, x10, #SZ_2M
	b.gt	1b
	dsb	ishst
	mov	x30, x28
	ret

/* MAIR, TCR and the two table roots (TTBR1 from x0); the same on every CPU. */
setup_mmu_registers:
	msr	ttbr1_el1, x0
	ldr	x0, =MAIR_EL1_VALUE
	msr	mair_el1, x0
	ldr	x0, =TCR_EL1_BASE
	mrs	x1, id_aa64mmfr0_el1
	ubfx	x2, x1, #0, #3		// PARange; 5 means 48 bits, our maximum
	cmp	x2, #5
	mov	x3, #5
	csel	x2, x2, x3, ls
	bfi	x0, x2, #TCR_IPS_SHIFT, #3
	ubfx	x2, x1, #4, #4		// ASIDBits: 2 means 16-bit ASIDs
	cmp	x2, #2
	b.ne	1f
	orr	x0, x0, #TCR_AS
1:	mrs	x1, id_aa64mmfr1_el1
	ubfx	x2, x1, #0, #4		// HAFDBS: 1 or more means FEAT_HAF
	cbz	x2, 2f
	orr	x0, x0, #TCR_HA		// reclaim's aging then costs no access-flag faults
2:	msr	tcr_el1, x0
	adrp	x0, early_idmap_l0
	msr	ttbr0_el1, x0
	mov	x0, #CPACR_EL1_FPEN
	msr	cpacr_el1, x0
	isb
	ret

/* Runs from the identity map, so returning to x30 works before and after. */
enable_mmu:
	tlbi	vmalle1
	dsb	nsh
	ldr	x0, =SCTLR_EL1_MMU_ON
	msr	sctlr_el1, x0
	isb
	ic	iallu
	dsb	nsh
	isb
	ret

	.bss
	.balign	4096
	.globl	early_pg_dir
early_idmap_l0:		.space	4096
early_idmap_l1:		.space	4096
early_pg_dir:		.space	4096
early_linear_l1:	.space	4096
early_kimage_l1:	.space	4096
early_kimage_l2:	.space	4096
	.globl	boot_stack
boot_stack:		.space	BOOT_STACK_SIZE

/*
 * cpu_replace_ttbr1(new_root, empty_root): switch the kernel's tables.
 * Called through its physical address, so it runs from the identity map
 * and touches nothing in the upper half (not even the stack) while TTBR1
 * changes. The empty root in between means no TLB ever holds entries of
 * both the old tables and the new (break-before-make).
 */
	.text
	.globl	cpu_replace_ttbr1
cpu_replace_ttbr1:
	msr	ttbr1_el1, x1
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	msr	ttbr1_el1, x0
	isb
	ret
