/*
 * MMIO accessors. The registers are mapped Device-nGnRE, so accesses are
 * not merged or reordered among themselves; the barriers order them
 * against normal memory (a write that starts DMA or an IPI must come after
 * the data it announces).
 */
#ifndef ASM_IO_H
#define ASM_IO_H

#include <kernel/types.h>
#include <asm/barrier.h>

#define __iomem

static inline u8 readb(const volatile void __iomem *addr)
{
	u8 val = *(const volatile u8 *)addr;

	dmb(oshld);
	return val;
}

static inline u32 readl(const volatile void __iomem *addr)
{
	u32 val = *(const volatile u32 *)addr;

	dmb(oshld);
	return val;
}

static inline u64 readq(const volatile void __iomem *addr)
{
	u64 val = *(const volatile u64 *)addr;

	dmb(oshld);
	return val;
}

static inline void writeb(u8 val, volatile void __iomem *addr)
{
	dmb(oshst);
	*(volatile u8 *)addr = val;
}

static inline void writel(u32 val, volatile void __iomem *addr)
{
	dmb(oshst);
	*(volatile u32 *)addr = val;
}

static inline void writeq(u64 val, volatile void __iomem *addr)
{
	dmb(oshst);
	*(volatile u64 *)addr = val;
}

#endif
