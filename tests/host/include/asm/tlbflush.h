/* Host stand-in for asm/tlbflush.h: there is no TLB, but flushes are counted. */
#ifndef ASM_TLBFLUSH_H
#define ASM_TLBFLUSH_H

extern unsigned long host_tlb_flushes;

static inline void flush_tlb_all(void)
{
	__atomic_add_fetch(&host_tlb_flushes, 1, __ATOMIC_RELAXED);
}

/* Per thread (one test thread plays one CPU); defined by the tests that use it. */
extern __thread unsigned long host_local_tlb_flushes;

static inline void local_flush_tlb_all(void)
{
	host_local_tlb_flushes++;
}

static inline void flush_tlb_page_local(unsigned int asid, unsigned long va)
{
	(void)asid;
	(void)va;
	__atomic_add_fetch(&host_tlb_flushes, 1, __ATOMIC_RELAXED);
}

static inline void flush_tlb_range(unsigned int asid, unsigned long start,
				   unsigned long end)
{
	(void)asid;
	(void)start;
	(void)end;
	__atomic_add_fetch(&host_tlb_flushes, 1, __ATOMIC_RELAXED);
}

#endif
