/*
 * Small kernel-wide /proc files, in Linux's formats (fs/proc/uptime.c,
 * loadavg.c): /proc/uptime, the seconds since boot and the seconds the
 * CPUs together spent idle, and /proc/loadavg, the load averages of
 * kernel/sysinfo.c with the runnable and existing task counts and the
 * last pid handed out. uptime, top and ps read them.
 */
#include <kernel/fs/procfs.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/sysinfo.h>
#include <asm/timer.h>

void uptime_show(struct seq_buf *m)
{
	u64 ns = ktime_get_ns();
	unsigned long idle_ticks = 0;
	unsigned int i;

	for (i = 0; i < nr_cpus_possible; i++) {
		if (READ_ONCE(cpus[i].online))
			idle_ticks += READ_ONCE(cpus[i].idle->ticks);
	}
	seq_buf_printf(m, "%llu.%02llu %lu.%02lu\n", (unsigned long long)(ns / 1000000000ULL),
		       (unsigned long long)(ns / 10000000ULL % 100), idle_ticks / HZ,
		       idle_ticks % HZ * 100 / HZ);
}

/* Two decimals, rounded as Linux rounds them (it adds half of the last digit first). */
static void show_load(struct seq_buf *m, unsigned long load)
{
	load += FIXED_1 / 200;
	seq_buf_printf(m, "%lu.%02lu ", load >> FSHIFT, ((load & (FIXED_1 - 1)) * 100) >> FSHIFT);
}

void loadavg_show(struct seq_buf *m)
{
	int i;

	for (i = 0; i < 3; i++)
		show_load(m, avenrun[i]);
	seq_buf_printf(m, "%lu/%lu %d\n", nr_running(), nr_tasks(), last_pid_allocated());
}
