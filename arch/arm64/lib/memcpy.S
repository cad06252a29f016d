/*
 * memcpy(dst, src, n) for the kernel, 64 bytes per step in four LDP/STP
 * pairs of 8-byte registers: the widest loads and stores the kernel has,
 * since it is built without FP/SIMD (-mgeneral-regs-only). Neither
 * pointer needs to be aligned: tkern runs with SCTLR_EL1.A clear, and
 * all memory it copies is Normal memory, where unaligned accesses are
 * allowed. That matters for the initramfs, whose file data is only 4-byte
 * aligned (kernel/fs/initramfs.c), and which a word-or-byte copy moved a
 * byte at a time whenever source and destination disagreed modulo 8.
 *
 * The rest (under 64 bytes) goes by the bits of n: 32, 16, 8, 4, 2, 1.
 * Each step loads before it stores, so a copy with dst below src stays
 * right even when the two overlap (memmove relies on nothing here; it has
 * its own code in kernel/lib/string.c).
 */
	.text
	.globl	memcpy
	.type	memcpy, %function
memcpy:
	mov	x3, x0
	subs	x2, x2, #64
	b.lo	2f
1:	ldp	x6, x7, [x1, #16]
	ldp	x8, x9, [x1, #32]
	ldp	x10, x11, [x1, #48]
	ldp	x4, x5, [x1], #64
	stp	x6, x7, [x3, #16]
	stp	x8, x9, [x3, #32]
	stp	x10, x11, [x3, #48]
	stp	x4, x5, [x3], #64
	subs	x2, x2, #64
	b.hs	1b
	/* x2 is now n mod 64, minus 64: its low six bits are what is left. */
2:	tbz	x2, #5, 3f
	ldp	x4, x5, [x1]
	ldp	x6, x7, [x1, #16]
	add	x1, x1, #32
	stp	x4, x5, [x3]
	stp	x6, x7, [x3, #16]
	add	x3, x3, #32
3:	tbz	x2, #4, 4f
	ldp	x4, x5, [x1], #16
	stp	x4, x5, [x3], #16
4:	tbz	x2, #3, 5f
	ldr	x4, [x1], #8
	str	x4, [x3], #8
5:	tbz	x2, #2, 6f
	ldr	w4, [x1], #4
	str	w4, [x3], #4
6:	tbz	x2, #1, 7f
	ldrh	w4, [x1], #2
	strh	w4, [x3], #2
7:	tbz	x2, #0, 8f
	ldrb	w4, [x1]
	strb	w4, [x3]
8:	ret
	.size	memcpy, . - memcpy
