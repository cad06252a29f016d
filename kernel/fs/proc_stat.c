/*
 * /proc/stat in Linux's layout (fs/proc/stat.c): where the CPUs' time
 * went, in USER_HZ ticks (the tick is 100 Hz, as USER_HZ, so no scaling),
 * then interrupt, switch and fork counts. Ticks are counted by
 * scheduler_tick(): an idle task's tick is idle time, a tick that
 * interrupted EL0 user time (nice time instead when the task's nice value
 * is above 0: Linux's user column excludes it), any other system time.
 * tkern has no I/O wait, no steal or guest time and no softirqs: those
 * columns are 0, as on an idle Linux machine.
 */
#include <kernel/fs/procfs.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/printk.h>
#include <kernel/time.h>
#include <asm/irq.h>
#include <asm/timer.h>

#define NR_SOFTIRQS 10

struct cpu_times {
	unsigned long user, nice, system, idle;
};

static void show_cpu_line(struct seq_buf *m, const char *name, const struct cpu_times *t)
{
	seq_buf_printf(m, "%s %lu %lu %lu %lu 0 0 0 0 0 0\n", name, t->user, t->nice, t->system,
		       t->idle);
}

static void read_cpu_times(unsigned int i, struct cpu_times *t)
{
	t->user = READ_ONCE(cpus[i].user_ticks);
	t->nice = READ_ONCE(cpus[i].nice_ticks);
	t->system = READ_ONCE(cpus[i].system_ticks);
	t->idle = READ_ONCE(cpus[i].idle_ticks);
}

static void show_cpus(struct seq_buf *m)
{
	struct cpu_times sum = { 0 }, t;
	char name[16];
	unsigned int i;

	for (i = 0; i < nr_cpus_possible; i++) {
		read_cpu_times(i, &t);
		sum.user += t.user;
		sum.nice += t.nice;
		sum.system += t.system;
		sum.idle += t.idle;
	}
	show_cpu_line(m, "cpu ", &sum);
	for (i = 0; i < nr_cpus_possible; i++) {
		if (!READ_ONCE(cpus[i].online))
			continue;
		snprintf(name, sizeof(name), "cpu%u", i);
		read_cpu_times(i, &t);
		show_cpu_line(m, name, &t);
	}
}

static void show_irqs(struct seq_buf *m)
{
	unsigned long total = 0;
	unsigned int irq;

	for (irq = 0; irq < NR_IRQS; irq++)
		total += kstat_irqs(irq);
	seq_buf_printf(m, "intr %lu", total);
	for (irq = 0; irq < NR_IRQS; irq++)
		seq_buf_printf(m, " %lu", kstat_irqs(irq));
	seq_buf_printf(m, "\n");
}

void stat_show(struct seq_buf *m)
{
	u64 boot_real_ns = ktime_get_real_ns() - ktime_get_ns();
	unsigned long switches = 0;
	unsigned int i;

	show_cpus(m);
	show_irqs(m);
	for (i = 0; i < nr_cpus_possible; i++)
		switches += READ_ONCE(cpus[i].nr_switches);
	seq_buf_printf(m, "ctxt %lu\nbtime %llu\nprocesses %d\nprocs_running %lu\n"
		       "procs_blocked 0\nsoftirq 0", switches,
		       (unsigned long long)(boot_real_ns / NSEC_PER_SEC), last_pid_allocated(),
		       nr_running());
	for (i = 0; i < NR_SOFTIRQS; i++)
		seq_buf_printf(m, " 0");
	seq_buf_printf(m, "\n");
}
