/*
 * The load balancer's choices (kernel/sched_balance.c): where a waking task
 * goes, whom an idle or light CPU pulls from, and that repeated balancing
 * of random loads levels them while keeping every task on its allowed CPUs.
 */
#include <string.h>
#include <kernel/sched_balance.h>
#include "htest.h"
#include "rng.h"

#define NR 8
#define ALL 0xffUL

static void set_load(struct cpu_load *load, const unsigned int *nr, unsigned int cpus)
{
	unsigned int i;

	for (i = 0; i < cpus; i++) {
		load[i].online = true;
		load[i].nr_running = nr[i];
	}
}

HTEST(a_waking_task_goes_back_to_its_idle_cpu)
{
	struct cpu_load load[4];
	const unsigned int nr[4] = { 0, 0, 2, 0 };

	set_load(load, nr, 4);
	CHECK_EQ(select_task_cpu(load, 4, ALL, 3), 3);
}

HTEST(else_to_another_idle_cpu)
{
	struct cpu_load load[4];
	const unsigned int nr[4] = { 3, 1, 0, 2 };

	set_load(load, nr, 4);
	CHECK_EQ(select_task_cpu(load, 4, ALL, 1), 2);
}

HTEST(else_to_the_least_loaded_prev_on_a_tie)
{
	struct cpu_load load[4];
	const unsigned int nr[4] = { 2, 1, 3, 1 };

	set_load(load, nr, 4);
	CHECK_EQ(select_task_cpu(load, 4, ALL, 3), 3);
	CHECK_EQ(select_task_cpu(load, 4, ALL, 2), 3);
	CHECK_EQ(select_task_cpu(load, 4, ALL, 0), 1);
}

HTEST(affinity_and_offline_cpus_are_respected)
{
	struct cpu_load load[4];
	const unsigned int nr[4] = { 0, 0, 5, 4 };

	set_load(load, nr, 4);
	load[1].online = false;
	CHECK_EQ(select_task_cpu(load, 4, 1UL << 2 | 1UL << 3, 0), 3);
	CHECK_EQ(select_task_cpu(load, 4, 1UL << 2, 3), 2);
	CHECK_EQ(select_task_cpu(load, 4, 1UL << 1 | 1UL << 0, 2), 0);
}

HTEST(an_idle_cpu_pulls_from_a_queue_with_a_waiting_task)
{
	struct cpu_load load[4];
	const unsigned int nr[4] = { 0, 1, 2, 1 };
	unsigned int move = 0;

	set_load(load, nr, 4);
	CHECK_EQ(find_busiest_cpu(load, 4, 0, &move), 2);
	CHECK_EQ(move, 1);
}

HTEST(nobody_pulls_when_the_difference_is_one)
{
	struct cpu_load load[3];
	const unsigned int nr[3] = { 1, 2, 2 };
	unsigned int move = 0;

	set_load(load, nr, 3);
	CHECK_EQ(find_busiest_cpu(load, 3, 0, &move), -1);
}

HTEST(half_the_difference_moves)
{
	struct cpu_load load[2];
	const unsigned int nr[2] = { 1, 7 };
	unsigned int move = 0;

	set_load(load, nr, 2);
	CHECK_EQ(find_busiest_cpu(load, 2, 0, &move), 1);
	CHECK_EQ(move, 3);
}

/* Random loads, balanced by each CPU in turn as the tick would: they level out. */
HTEST(repeated_balancing_levels_random_loads)
{
	unsigned long long state = 12345;
	struct cpu_load load[NR];
	unsigned int round, cpu, trial, move, lo, hi;
	int busiest;

	for (trial = 0; trial < 200; trial++) {
		for (cpu = 0; cpu < NR; cpu++) {
			load[cpu].online = true;
			load[cpu].nr_running = (unsigned int)(rng_next(&state) % 12);
		}
		for (round = 0; round < 10; round++) {
			for (cpu = 0; cpu < NR; cpu++) {
				busiest = find_busiest_cpu(load, NR, cpu, &move);
				if (busiest < 0)
					continue;
				load[busiest].nr_running -= move;
				load[cpu].nr_running += move;
			}
		}
		lo = hi = load[0].nr_running;
		for (cpu = 1; cpu < NR; cpu++) {
			lo = load[cpu].nr_running < lo ? load[cpu].nr_running : lo;
			hi = load[cpu].nr_running > hi ? load[cpu].nr_running : hi;
		}
		CHECK(hi - lo <= 1);
	}
}
