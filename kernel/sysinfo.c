/*
 * The system's vital signs: the load averages and sysinfo(2), which
 * free, uptime and top read.
 *
 * The load averages are Linux's (kernel/sched/loadavg.c): every 5 seconds
 * the number of active tasks is folded into three
 * exponentially decaying averages, over 1, 5 and 15 minutes, in fixed
 * point with 11 fraction bits. Each step keeps EXP_n/2048 of the old
 * average, EXP_n = 2048 * e^(-5 s / n minutes), so a task that runs for a
 * minute brings the 1-minute average to about 0.63 of it. Active, as in
 * Linux, means running or waiting to run, or asleep uninterruptibly (D):
 * a task waiting for a lock or the disk is load too.
 */
#include <kernel/sysinfo.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/uaccess.h>
#include <kernel/lib/string.h>
#include <kernel/errno.h>
#include <mm/mm.h>
#include <mm/swap.h>
#include <asm/timer.h>
#include <asm/page-def.h>

#define LOAD_FREQ (5 * HZ + 1)	/* ticks between samples, off the 5 s beat as in Linux */
#define EXP_5 2014UL
#define EXP_15 2037UL
#define SI_LOAD_SHIFT 16	/* sysinfo's loads have 16 fraction bits */

unsigned long avenrun[3];
unsigned long calc_load_update = LOAD_FREQ;

static unsigned long calc_load(unsigned long load, unsigned long exp, unsigned long active)
{
	unsigned long newload = load * exp + active * (FIXED_1 - exp);

	if (active >= load)
		newload += FIXED_1 - 1;	/* round up while rising, so a steady load is reached */
	return newload / FIXED_1;
}

void calc_global_load(void)
{
	unsigned long active;

	if (jiffies < calc_load_update)
		return;
	active = (nr_running() + nr_uninterruptible()) * FIXED_1;
	avenrun[0] = calc_load(avenrun[0], EXP_1, active);
	avenrun[1] = calc_load(avenrun[1], EXP_5, active);
	avenrun[2] = calc_load(avenrun[2], EXP_15, active);
	/* Released after the averages: whoever sees the new value sees them too. */
	__atomic_store_n(&calc_load_update, calc_load_update + LOAD_FREQ, __ATOMIC_RELEASE);
}

/* Linux's struct sysinfo on a 64-bit machine. */
struct sysinfo {
	s64 uptime;			/* seconds since boot */
	u64 loads[3];			/* 1, 5, 15 minute load averages << 16 */
	u64 totalram, freeram, sharedram, bufferram;
	u64 totalswap, freeswap;
	u16 procs;			/* tasks alive */
	u16 pad;
	u64 totalhigh, freehigh;
	u32 mem_unit;			/* the sizes above count units of this many bytes */
};

long sys_sysinfo(u64 info, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
		 u64 a4 __unused, u64 a5 __unused)
{
	struct sysinfo si;
	u64 ns = ktime_get_ns();
	int i;

	memset(&si, 0, sizeof(si));
	si.uptime = (s64)(ns / 1000000000ULL) + (ns % 1000000000ULL ? 1 : 0);
	for (i = 0; i < 3; i++)
		si.loads[i] = avenrun[i] << (SI_LOAD_SHIFT - FSHIFT);
	si.totalram = totalram_pages() * PAGE_SIZE;
	si.freeram = nr_free_pages() * PAGE_SIZE;
	si.totalswap = total_swap_pages() * PAGE_SIZE;
	si.freeswap = nr_swap_pages() * PAGE_SIZE;
	si.procs = (u16)MIN(nr_tasks(), 0xffffUL);
	si.mem_unit = 1;
	return copy_to_user(info, &si, sizeof(si)) ? -EFAULT : 0;
}
