/*
 * Which user address space TTBR0 translates. A task with an mm gets its
 * tables and ASID; a kernel thread gets an empty table, so that no stale
 * user mapping (or a freed table) stays reachable under it.
 */
#ifndef ASM_MMU_CONTEXT_H
#define ASM_MMU_CONTEXT_H

#include <mm/vma.h>
#include <asm/memory.h>
#include <asm/sysreg.h>
#include <asm/barrier.h>

extern u64 empty_user_root[];	/* a zeroed page: no user mappings at all */

static inline void switch_mm(struct mm_struct *next)
{
	u64 ttbr0 = next ? __pa(next->pgd) | (u64)next->asid << 48
			 : __pa_symbol(empty_user_root);

	write_sysreg(ttbr0, ttbr0_el1);
	isb();
}

#endif
