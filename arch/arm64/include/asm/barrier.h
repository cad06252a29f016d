/* Memory barriers, named as in Linux. */
#ifndef ASM_BARRIER_H
#define ASM_BARRIER_H

#define isb() asm volatile("isb" : : : "memory")
#define dsb(opt) asm volatile("dsb " #opt : : : "memory")
#define dmb(opt) asm volatile("dmb " #opt : : : "memory")

#define mb() dsb(sy)
#define rmb() dsb(ld)
#define wmb() dsb(st)
#define smp_mb() dmb(ish)
#define smp_rmb() dmb(ishld)
#define smp_wmb() dmb(ishst)
/*
 * Ordering of normal memory a device reads or writes by DMA (virtqueues):
 * the outer shareable domain, which holds the devices.
 */
#define dma_mb() dmb(osh)
#define dma_rmb() dmb(oshld)
#define dma_wmb() dmb(oshst)

#define barrier() asm volatile("" : : : "memory")
#define cpu_relax() asm volatile("yield" : : : "memory")

#endif
