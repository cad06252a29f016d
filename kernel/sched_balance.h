/*
 * Where tasks should run: the choices of the load balancer, made from a
 * snapshot of every CPU's load (read without locks, so only a hint; the
 * caller takes the locks and checks again). Pure functions: they compile
 * on the host for tests/host/test_sched_balance.c. See docs/sched.md.
 */
#ifndef KERNEL_SCHED_BALANCE_H
#define KERNEL_SCHED_BALANCE_H

#include <kernel/types.h>

/* What the balancer sees of one CPU. */
struct cpu_load {
	bool online;
	unsigned int nr_running;	/* runnable tasks there, the running one included */
};

/*
 * The CPU for a task that wakes up (or starts) and last ran on prev,
 * among the CPUs in allowed: prev if idle, else another idle CPU, else
 * the least loaded (prev on a tie, for its warm cache).
 */
unsigned int select_task_cpu(const struct cpu_load *load, unsigned int nr_cpus,
			     unsigned long allowed, unsigned int prev);

/*
 * The CPU this_cpu should pull tasks from, and how many (half the
 * difference, so both end level); -1 when no CPU has at least two more
 * runnable tasks than this one (or one queued behind a running one, when
 * this one is idle).
 */
int find_busiest_cpu(const struct cpu_load *load, unsigned int nr_cpus, unsigned int this_cpu,
		     unsigned int *nr_to_move);

#endif
