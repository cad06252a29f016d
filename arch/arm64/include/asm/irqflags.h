/* Masking and unmasking IRQs on this CPU (the I bit of DAIF). */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

static inline unsigned long local_irq_save(void)
{
	unsigned long flags;

	asm volatile("mrs %0, daif\n\tmsr daifset, #2" : "=r"(flags) : : "memory");
	return flags;
}

static inline void local_irq_restore(unsigned long flags)
{
	asm volatile("msr daif, %0" : : "r"(flags) : "memory");
}

static inline void local_irq_enable(void)
{
	asm volatile("msr daifclr, #2" : : : "memory");
}

static inline void local_irq_disable(void)
{
	asm volatile("msr daifset, #2" : : : "memory");
}

static inline int irqs_disabled(void)
{
	unsigned long flags;

	asm volatile("mrs %0, daif" : "=r"(flags));
	return (flags & (1UL << 7)) != 0;
}

#endif
