/* Host stand-in for asm/smp.h: each test thread plays one CPU. */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#define NR_CPUS 8

extern __thread unsigned int host_cpu_id;

static inline unsigned int smp_processor_id(void)
{
	return host_cpu_id;
}

#endif
