/*
 * Interrupts: handlers are registered per interrupt ID (INTID) of the GIC:
 * 0-15 SGIs (IPIs), 16-31 PPIs (per-CPU, e.g. the timer), 32+ SPIs
 * (devices, delivered to the boot CPU).
 */
#ifndef ASM_IRQ_H
#define ASM_IRQ_H

#include <kernel/types.h>

#define NR_IRQS 1024

typedef void (*irq_handler_t)(unsigned int irq, void *data);

/* The GIC as the rest of the kernel sees it; gic-v2.c and gic-v3.c provide one. */
struct gic_chip {
	const char *name;
	void (*cpu_init)(void);			/* this CPU's interface */
	void (*enable_irq)(unsigned int irq);	/* SGI/PPI: on this CPU only */
	unsigned int (*ack)(void);		/* INTID of the interrupt taken */
	void (*eoi)(unsigned int irq);
	void (*send_sgi)(unsigned int cpu, unsigned int sgi);
};

extern const struct gic_chip *gic;

const struct gic_chip *gicv2_init(phys_addr_t dist, phys_addr_t cpu_if);
const struct gic_chip *gicv3_init(phys_addr_t dist, phys_addr_t redist,
				  unsigned long redist_size);

/* Take and handle every pending interrupt (entry.S's IRQ paths call it). */
void handle_irqs(void);

int request_irq(unsigned int irq, irq_handler_t handler, void *data);
void enable_percpu_irq(unsigned int irq);
/* How many times irq was taken since boot, all CPUs together. */
unsigned long kstat_irqs(unsigned int irq);

#endif
