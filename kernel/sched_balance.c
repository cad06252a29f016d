/*
 * The load balancer's decisions (kernel/sched_balance.h): which CPU a
 * waking task goes to, and which CPU an idle or lightly loaded CPU pulls
 * from. Load is the number of runnable tasks, as in Linux before it
 * weighted them: with a handful of CPUs and tasks that mostly share one
 * nice level, counting is enough to keep every CPU busy.
 */
#include <kernel/sched_balance.h>

static bool usable(const struct cpu_load *load, unsigned long allowed, unsigned int cpu)
{
	return load[cpu].online && (allowed & (1UL << cpu));
}

unsigned int select_task_cpu(const struct cpu_load *load, unsigned int nr_cpus,
			     unsigned long allowed, unsigned int prev)
{
	unsigned int best = prev, i, cpu;
	bool found = false;

	if (prev < nr_cpus && usable(load, allowed, prev) && load[prev].nr_running == 0)
		return prev;
	/* Start after prev so that waking tasks spread rather than pile on CPU 0. */
	for (i = 0; i < nr_cpus; i++) {
		cpu = (prev + 1 + i) % nr_cpus;
		if (!usable(load, allowed, cpu))
			continue;
		if (load[cpu].nr_running == 0)
			return cpu;
		if (!found || load[cpu].nr_running < load[best].nr_running ||
		    (load[cpu].nr_running == load[best].nr_running && cpu == prev)) {
			best = cpu;
			found = true;
		}
	}
	return found ? best : prev;
}

int find_busiest_cpu(const struct cpu_load *load, unsigned int nr_cpus, unsigned int this_cpu,
		     unsigned int *nr_to_move)
{
	unsigned int here = load[this_cpu].nr_running, cpu;
	int busiest = -1;

	for (cpu = 0; cpu < nr_cpus; cpu++) {
		if (cpu == this_cpu || !load[cpu].online)
			continue;
		if (busiest < 0 || load[cpu].nr_running > load[busiest].nr_running)
			busiest = (int)cpu;
	}
	if (busiest < 0 || load[busiest].nr_running < here + 2)
		return -1;
	*nr_to_move = (load[busiest].nr_running - here) / 2;
	return busiest;
}
