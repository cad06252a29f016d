/*
 * Which user address space TTBR0 translates. A task with an mm gets its
 * tables and an ASID of the current generation (check_and_switch_context,
 * arch/arm64/mm/context.c); a kernel thread gets an empty table, so that no stale
 * user mapping (or a freed table) stays reachable under it.
 */
#ifndef ASM_MMU_CONTEXT_H
#define ASM_MMU_CONTEXT_H

#include <mm/vma.h>
#include <asm/memory.h>
#include <asm/sysreg.h>
#include <asm/barrier.h>
#include <asm/asid.h>
#include <asm/smp.h>

extern u64 empty_user_root[];	/* a zeroed page: no user mappings at all */

/* Called with preemption off (the scheduler, or under task_lock). */
static inline void switch_mm(struct mm_struct *next)
{
	u64 ttbr0 = __pa_symbol(empty_user_root);

	if (next) {
		unsigned long id = check_and_switch_context(next, smp_processor_id());

		ttbr0 = __pa(next->pgd) | (u64)ctxid2asid(id) << 48;
	}

	write_sysreg(ttbr0, ttbr0_el1);
	isb();
}

#endif
