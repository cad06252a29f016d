/*
 * Which CPU am I? TPIDR_EL1 holds a pointer to this CPU's struct cpu, set
 * once when the CPU comes up.
 */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#define NR_CPUS 8

/* Offsets into struct cpu (kernel/smp.h) for the assembly code. */
#define CPU_STACK_BASE 8
#define CPU_STACK_TOP 16
#define CPU_OVERFLOW_STACK_TOP 24
#define CPU_CURR 32

#ifndef __ASSEMBLER__
#include <kernel/types.h>

struct cpu;

static inline struct cpu *this_cpu(void)
{
	struct cpu *c;

	asm volatile("mrs %0, tpidr_el1" : "=r"(c));
	return c;
}

static inline void set_this_cpu(struct cpu *c)
{
	asm volatile("msr tpidr_el1, %0" : : "r"(c) : "memory");
}

/* The first member of struct cpu is its number, so this is one load. */
static inline unsigned int smp_processor_id(void)
{
	return *(unsigned int *)this_cpu();
}
#endif

#endif
