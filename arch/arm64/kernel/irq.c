/*
 * IRQ dispatch: the vector in entry.S calls el1_irq_handler, which asks
 * the GIC which interrupt came, runs the handler registered for it and
 * signals end-of-interrupt, until nothing is pending.
 */
#include <asm/irq.h>
#include <asm/ptrace.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/errno.h>
#include <kernel/sched.h>
#include <asm/preempt.h>

#define GIC_SPURIOUS_FIRST 1020	/* INTIDs 1020-1023 mean "nothing to take" */
#define GIC_FIRST_SPI 32


const struct gic_chip *gic;

static struct {
	irq_handler_t handler;
	void *data;
	unsigned long count;	/* times taken, on all CPUs together (/proc/stat) */
} irq_table[NR_IRQS];

unsigned long kstat_irqs(unsigned int irq)
{
	return irq < NR_IRQS ? READ_ONCE(irq_table[irq].count) : 0;
}

void enable_percpu_irq(unsigned int irq)
{
	gic->enable_irq(irq);
}

int request_irq(unsigned int irq, irq_handler_t handler, void *data)
{
	if (irq >= NR_IRQS || irq_table[irq].handler)
		return -EINVAL;
	irq_table[irq].data = data;
	irq_table[irq].handler = handler;
	gic->enable_irq(irq);
	return 0;
}

void handle_irqs(void)
{
	this_cpu()->hardirq_depth++;
	for (;;) {
		unsigned int irq = gic->ack();

		if (irq >= GIC_SPURIOUS_FIRST)
			break;
		if (irq < NR_IRQS)
			__atomic_add_fetch(&irq_table[irq].count, 1, __ATOMIC_RELAXED);
		if (irq < NR_IRQS && irq_table[irq].handler)
			irq_table[irq].handler(irq, irq_table[irq].data);
		else
			pr_warn("irq: no handler for interrupt %u\n", irq);
		gic->eoi(irq);
	}
	this_cpu()->hardirq_depth--;
}

/*
 * After the handlers: switch tasks if one asked for it and the interrupted
 * code allows it (no spinlock held, interrupts were on there).
 */
void el1_irq_handler(struct pt_regs *regs)
{
	struct pt_regs *outer = this_cpu()->irq_regs;

	this_cpu()->irq_regs = regs;
	handle_irqs();
	this_cpu()->irq_regs = outer;
	if (need_resched() && preempt_count() == 0 && !(regs->pstate & PSR_I_BIT))
		preempt_schedule_irq();
}
