/*
 * CPUs: each has a struct cpu (its number first, see asm/smp.h), found
 * through TPIDR_EL1. Cross-CPU calls go through IPIs.
 */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

#include <kernel/types.h>
#include <asm/smp.h>

struct task_struct;

/* entry.S and head.S reach the first fields by the offsets in asm/smp.h. */
struct pt_regs;

struct cpu {
	unsigned int id;	/* must stay first: smp_processor_id() reads it */
	unsigned long stack_base;	/* lowest address of the current kernel stack */
	void *stack_top;
	void *overflow_stack_top;	/* where a stack overflow is reported from */
	struct task_struct *curr;	/* the task running here */
	struct task_struct *idle;	/* runs when nothing else can */
	u64 mpidr;		/* affinity, as the device tree's reg and the GIC name it */
	bool online;
	unsigned long ticks;	/* timer interrupts taken */
	unsigned long ipis;	/* IPIs taken */
	bool irq_from_user;	/* the interrupt being handled came from EL0 */
	struct pt_regs *irq_regs;	/* what it interrupted in the kernel (the soft-lockup report) */
	unsigned int hardirq_depth;	/* in interrupt handlers (handle_irqs): lockdep's context */
	/* Where the ticks went, for /proc/stat: a user program, the kernel, idle. */
	unsigned long user_ticks, system_ticks, idle_ticks;
	unsigned long nice_ticks;	/* user ticks of tasks with a nice value above 0 */
	unsigned long nr_switches;	/* task switches on this CPU */
};

extern struct cpu cpus[NR_CPUS];
extern unsigned int nr_cpus_possible;	/* CPUs in the device tree, at most NR_CPUS */

unsigned int num_online_cpus(void);
/* The CPUs as bit masks (bit n: CPU n): those online, and those in the device tree. */
unsigned long cpu_online_mask(void);
unsigned long cpu_possible_mask(void);

/*
 * Run func(info) on every online CPU at once, this one included, and
 * return when all have finished. Called with interrupts on; func runs
 * with them off everywhere, as Linux's: in the IPI handler on the other
 * CPUs, so a lock func takes is one an interrupt handler takes (the lock
 * validator holds it to the rules of such locks).
 */
void on_each_cpu(void (*func)(void *info), void *info);

#endif
