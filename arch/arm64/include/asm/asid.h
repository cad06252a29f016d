/*
 * ASIDs by generations (arch/arm64/mm/context.c, docs/pgtable.md). An
 * address space's context id is generation | ASID: the low asid_bits bits
 * are the ASID that tags its TLB entries, the bits above say in which
 * generation it was given. Only ids of the current generation are valid.
 */
#ifndef ASM_ASID_H
#define ASM_ASID_H

#include <kernel/types.h>
#include <kernel/atomic.h>
#include <mm/vma.h>

#define MAX_ASID_BITS 16

extern unsigned int asid_bits;		/* 8 or 16; fixed at boot */
extern atomic_long_t asid_generation;	/* counts in steps of 1 << asid_bits */

static inline unsigned int ctxid2asid(unsigned long id)
{
	return id & ((1UL << asid_bits) - 1);
}

/* The ASID the mm's TLB entries carry (0 if it never ran: it has none). */
static inline unsigned int mm_asid(struct mm_struct *mm)
{
	return ctxid2asid(atomic_long_read(&mm->context_id));
}

/* Start afresh with 2^bits ASIDs (0 stays the kernel's); before any switch. */
void asid_init(unsigned int bits);
/*
 * Before this CPU's TTBR0 takes mm: make sure mm has an ASID of the
 * current generation, flush this CPU's TLB if a rollover asked it to, and
 * mark the ASID active here. Returns the context id to load. Called with
 * preemption off.
 */
unsigned long check_and_switch_context(struct mm_struct *mm, unsigned int cpu);

#endif
