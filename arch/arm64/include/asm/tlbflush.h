/*
 * TLB maintenance. Every invalidation is inner-shareable, so it reaches
 * all CPUs, and is bracketed by barriers: DSB ISHST makes the table
 * update visible to the walkers first, DSB ISH waits for the invalidation
 * to finish everywhere, ISB makes this CPU refetch.
 * ASID 0 is the kernel's: its entries are global, so they are invalidated
 * for all ASIDs.
 */
#ifndef ASM_TLBFLUSH_H
#define ASM_TLBFLUSH_H

#include <asm/barrier.h>
#include <asm/page-def.h>

static inline void flush_tlb_all(void)
{
	dsb(ishst);
	asm volatile("tlbi vmalle1is" : : : "memory");
	dsb(ish);
	isb();
}

/* This CPU only, everything: a rollover's flush (arch/arm64/mm/context.c). */
static inline void local_flush_tlb_all(void)
{
	dsb(nshst);
	asm volatile("tlbi vmalle1" : : : "memory");
	dsb(nsh);
	isb();
}

/*
 * Past this many pages one broadcast invalidation of everything costs less
 * than one per page (each TLBI ...IS is a message to every CPU).
 */
#define FLUSH_TLB_RANGE_MAX_PAGES 64

/* This CPU only: forget one page of one address space. */
static inline void flush_tlb_page_local(unsigned int asid, unsigned long va)
{
	unsigned long arg = ((va >> 12) & ((1UL << 44) - 1)) | (unsigned long)asid << 48;

	dsb(nshst);
	asm volatile("tlbi vae1, %0" : : "r"(arg) : "memory");
	dsb(nsh);
	isb();
}

static inline void flush_tlb_asid(unsigned int asid)
{
	dsb(ishst);
	asm volatile("tlbi aside1is, %0" : : "r"((unsigned long)asid << 48) : "memory");
	dsb(ish);
	isb();
}

static inline void flush_tlb_range(unsigned int asid, unsigned long start,
				   unsigned long end)
{
	unsigned long va;

	if ((end - start) / PAGE_SIZE > FLUSH_TLB_RANGE_MAX_PAGES) {
		if (asid == 0)
			flush_tlb_all();
		else
			flush_tlb_asid(asid);
		return;
	}
	dsb(ishst);
	for (va = start & PAGE_MASK; va < end; va += PAGE_SIZE) {
		unsigned long arg = (va >> 12) & ((1UL << 44) - 1);

		if (asid == 0) {
			asm volatile("tlbi vaae1is, %0" : : "r"(arg) : "memory");
		} else {
			arg |= (unsigned long)asid << 48;
			asm volatile("tlbi vae1is, %0" : : "r"(arg) : "memory");
		}
	}
	dsb(ish);
	isb();
}

#endif
