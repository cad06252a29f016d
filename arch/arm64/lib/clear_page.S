/*
 * clear_page(addr): zero the page at addr (page aligned) with DC ZVA,
 * which zeroes a whole block (64 bytes on the Cortex-A72, 4 << DCZID_EL0.BS
 * bytes in general) per instruction, where stores of register pairs take
 * 16 bytes each. DCZID_EL0.DZP says when the instruction is prohibited
 * (a hypervisor may forbid it); the page is then zeroed with STP pairs.
 * DC ZVA needs Normal memory, which every page of the linear map is.
 */
#include <asm/page-def.h>

	.text
	.globl	clear_page
	.type	clear_page, %function
clear_page:
	add	x3, x0, #PAGE_SIZE
	mrs	x1, dczid_el0
	tbnz	x1, #4, 2f
	and	x1, x1, #0xf
	mov	x2, #4
	lsl	x2, x2, x1
	/*
	 * Sixteen blocks per step when sixteen fit in the page (blocks of at
	 * most 256 bytes, BS <= 6): the compare and branch are then a
	 * sixteenth of the work, 8 instructions of 137 for a page of 64-byte
	 * blocks. Larger blocks (up to 2 KiB) go one per step.
	 */
	cmp	x1, #6
	b.hi	3f
1:	.rept	16
	dc	zva, x0
	add	x0, x0, x2
	.endr
	cmp	x0, x3
	b.lo	1b
	ret
3:	dc	zva, x0
	add	x0, x0, x2
	cmp	x0, x3
	b.lo	3b
	ret
2:	stp	xzr, xzr, [x0]
	stp	xzr, xzr, [x0, #16]
	stp	xzr, xzr, [x0, #32]
	stp	xzr, xzr, [x0, #48]
	add	x0, x0, #64
	cmp	x0, x3
	b.lo	2b
	ret
	.size	clear_page, . - clear_page
