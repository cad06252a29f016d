/*
 * __arch_copy_from_user(to, from, n) and __arch_copy_to_user(to, from, n):
 * copy n bytes between kernel and user memory, 64 bytes per step, then a
 * byte at a time. The user side uses the unprivileged forms (ldtr, sttr):
 * the MMU checks them with EL0's permissions, so a PROT_NONE or read-only
 * page, or a kernel address, faults as it would for the process itself.
 *
 * Every user access is in the exception-fixup table (asm/extable.h): a
 * fault the page-fault handler cannot resolve makes the copy stop and
 * return how many bytes were not copied (a 64-byte step in progress
 * counts as not copied). Both return 0 when all were.
 */
#include <asm/extable.h>

	.text
	.globl	__arch_copy_from_user
	.type	__arch_copy_from_user, %function
__arch_copy_from_user:
	cmp	x2, #64
	b.lo	2f
1:	uaccess	9f, ldtr x3, [x1]
	uaccess	9f, ldtr x4, [x1, #8]
	uaccess	9f, ldtr x5, [x1, #16]
	uaccess	9f, ldtr x6, [x1, #24]
	uaccess	9f, ldtr x7, [x1, #32]
	uaccess	9f, ldtr x8, [x1, #40]
	uaccess	9f, ldtr x9, [x1, #48]
	uaccess	9f, ldtr x10, [x1, #56]
	stp	x3, x4, [x0]
	stp	x5, x6, [x0, #16]
	stp	x7, x8, [x0, #32]
	stp	x9, x10, [x0, #48]
	add	x0, x0, #64
	add	x1, x1, #64
	sub	x2, x2, #64
	cmp	x2, #64
	b.hs	1b
2:	cbz	x2, 4f
3:	uaccess	9f, ldtrb w3, [x1]
	strb	w3, [x0], #1
	add	x1, x1, #1
	subs	x2, x2, #1
	b.ne	3b
4:	mov	x0, #0
	ret
	/* A fault: x2 still counts every byte not yet stored. */
9:	mov	x0, x2
	ret
	.size	__arch_copy_from_user, . - __arch_copy_from_user

	.globl	__arch_copy_to_user
	.type	__arch_copy_to_user, %function
__arch_copy_to_user:
	cmp	x2, #64
	b.lo	2f
1:	ldp	x3, x4, [x1]
	ldp	x5, x6, [x1, #16]
	ldp	x7, x8, [x1, #32]
	ldp	x9, x10, [x1, #48]
	uaccess	9f, sttr x3, [x0]
	uaccess	9f, sttr x4, [x0, #8]
	uaccess	9f, sttr x5, [x0, #16]
	uaccess	9f, sttr x6, [x0, #24]
	uaccess	9f, sttr x7, [x0, #32]
	uaccess	9f, sttr x8, [x0, #40]
	uaccess	9f, sttr x9, [x0, #48]
	uaccess	9f, sttr x10, [x0, #56]
	add	x0, x0, #64
	add	x1, x1, #64
	sub	x2, x2, #64
	cmp	x2, #64
	b.hs	1b
2:	cbz	x2, 4f
3:	ldrb	w3, [x1], #1
	uaccess	9f, sttrb w3, [x0]
	add	x0, x0, #1
	subs	x2, x2, #1
	b.ne	3b
4:	mov	x0, #0
	ret
9:	mov	x0, x2
	ret
	.size	__arch_copy_to_user, . - __arch_copy_to_user
