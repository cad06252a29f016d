/* Load averages and sysinfo(2) (kernel/sysinfo.c). */
#ifndef KERNEL_SYSINFO_H
#define KERNEL_SYSINFO_H

#include <kernel/types.h>

/* The 1, 5 and 15 minute load averages, fixed point with FSHIFT fraction bits. */
#define FSHIFT 11
#define FIXED_1 (1UL << FSHIFT)
extern unsigned long avenrun[3];
/* A sample keeps EXP_1/FIXED_1 of the 1-minute average (2048 * e^(-5 s / 1 min)). */
#define EXP_1 1884UL
/* The jiffies at which the next sample is due. */
extern unsigned long calc_load_update;

/* Every tick, on one CPU: take a sample when one is due. */
void calc_global_load(void);

long sys_sysinfo(u64 info, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);

#endif
