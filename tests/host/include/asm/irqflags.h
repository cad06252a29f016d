/* Host stand-in for asm/irqflags.h: a thread cannot be interrupted by our IRQs. */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

static inline unsigned long local_irq_save(void) { return 0; }
static inline void local_irq_restore(unsigned long flags) { (void)flags; }
static inline void local_irq_enable(void) {}
static inline void local_irq_disable(void) {}
static inline int irqs_disabled(void) { return 0; }

#endif
