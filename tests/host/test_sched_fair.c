/*
 * The fair policy (kernel/sched_fair.c) on one simulated CPU: tasks run a
 * tick at a time as the scheduler would run them, and the shares, waits
 * and placements are checked against what the policy promises.
 */
#include <string.h>
#include <kernel/sched_fair.h>
#include "htest.h"

#define TICK_NS 10000000ULL
#define MAX_TASKS 16

struct sim {
	struct cfs_rq rq;
	struct sched_entity se[MAX_TASKS];
	u64 ran[MAX_TASKS];		/* CPU time each got */
	u64 last_run[MAX_TASKS];	/* clock when each last ran */
	u64 longest_wait[MAX_TASKS];
	u64 now;
	int nr;
};

static void sim_init(struct sim *s, const int *nice, int nr)
{
	int i;

	memset(s, 0, sizeof(*s));
	s->nr = nr;
	for (i = 0; i < nr; i++) {
		s->se[i].weight = nice_to_weight(nice[i]);
		place_entity(&s->rq, &s->se[i], true);
		enqueue_entity(&s->rq, &s->se[i]);
	}
}

static int index_of(struct sim *s, struct sched_entity *se)
{
	return (int)(se - s->se);
}

/* Run the CPU for `ticks` ticks: pick, run until the tick says switch, put back. */
static void sim_run(struct sim *s, int ticks)
{
	struct sched_entity *se = NULL;
	int i;

	while (ticks-- > 0) {
		if (!se) {
			se = pick_first_entity(&s->rq);
			set_next_entity(&s->rq, se, s->now);
			i = index_of(s, se);
			if (s->now - s->last_run[i] > s->longest_wait[i])
				s->longest_wait[i] = s->now - s->last_run[i];
		}
		s->now += TICK_NS;
		i = index_of(s, se);
		s->ran[i] += TICK_NS;
		s->last_run[i] = s->now;
		update_curr(&s->rq, s->now);
		if (s->rq.nr_running > 1 && check_preempt_tick(&s->rq)) {
			put_prev_entity(&s->rq, true, s->now);
			se = NULL;
		}
	}
	if (se)
		put_prev_entity(&s->rq, true, s->now);
}

HTEST(weights_fall_by_a_quarter_per_nice_level)
{
	int nice;

	CHECK_EQ(nice_to_weight(0), NICE_0_LOAD);
	for (nice = -20; nice < 19; nice++) {
		unsigned long a = nice_to_weight(nice), b = nice_to_weight(nice + 1);

		CHECK(a > b);
		/* Rounding blurs the ratio of the smallest weights (18 to 15). */
		if (b >= 100)
			CHECK(a * 100 >= b * 124 && a * 100 <= b * 126);
	}
	CHECK_EQ(nice_to_weight(-40), nice_to_weight(-20));
	CHECK_EQ(nice_to_weight(40), nice_to_weight(19));
}

HTEST(equal_tasks_share_equally)
{
	static struct sim s;
	const int nice[4] = { 0, 0, 0, 0 };
	int i;

	sim_init(&s, nice, 4);
	sim_run(&s, 4000);
	for (i = 0; i < 4; i++) {
		CHECK(s.ran[i] >= 990 * TICK_NS);
		CHECK(s.ran[i] <= 1010 * TICK_NS);
	}
}

HTEST(shares_follow_the_weights)
{
	static struct sim s;
	const int nice[2] = { 0, 5 };
	u64 total;

	sim_init(&s, nice, 2);
	sim_run(&s, 10000);
	total = s.ran[0] + s.ran[1];
	/* 1024 : 336, so the nice-0 task gets 75.3%. */
	CHECK(s.ran[0] * 1000 / total >= 745);
	CHECK(s.ran[0] * 1000 / total <= 760);
}

HTEST(every_task_runs_once_a_period)
{
	static struct sim s;
	const int nice[MAX_TASKS] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	int i;

	sim_init(&s, nice, MAX_TASKS);
	sim_run(&s, 5000);
	/* The period is a tick per task here: nobody waits longer than the others' turns. */
	for (i = 0; i < MAX_TASKS; i++)
		CHECK(s.longest_wait[i] <= (MAX_TASKS - 1) * TICK_NS + TICK_NS);
}

HTEST(a_new_task_starts_behind_the_queue)
{
	static struct sim s;
	const int nice[3] = { 0, 0, 0 };
	struct sched_entity fresh = { .weight = NICE_0_LOAD };

	sim_init(&s, nice, 3);
	sim_run(&s, 100);
	place_entity(&s.rq, &fresh, true);
	CHECK(fresh.vruntime > s.rq.min_vruntime);
	enqueue_entity(&s.rq, &fresh);
	CHECK(pick_first_entity(&s.rq) != &fresh);
}

HTEST(a_long_sleeper_gets_at_most_half_a_latency)
{
	static struct sim s;
	const int nice[2] = { 0, 0 };
	struct sched_entity sleeper = { .weight = NICE_0_LOAD };

	sim_init(&s, nice, 2);
	sim_run(&s, 1000);
	place_entity(&s.rq, &sleeper, false);
	CHECK_EQ(sleeper.vruntime, s.rq.min_vruntime - SCHED_LATENCY_NS / 2);
	/* One that slept only briefly keeps its own, later, vruntime. */
	sleeper.vruntime = s.rq.min_vruntime + 5;
	place_entity(&s.rq, &sleeper, false);
	CHECK_EQ(sleeper.vruntime, s.rq.min_vruntime + 5);
}

HTEST(min_vruntime_never_goes_back)
{
	static struct sim s;
	const int nice[3] = { 0, -5, 7 };
	u64 before;
	int round;

	sim_init(&s, nice, 3);
	for (round = 0; round < 200; round++) {
		before = s.rq.min_vruntime;
		sim_run(&s, 7);
		CHECK(s.rq.min_vruntime >= before);
	}
}

HTEST(yield_puts_the_caller_behind_everyone)
{
	static struct sim s;
	const int nice[3] = { 0, 0, 0 };
	struct sched_entity *curr;

	sim_init(&s, nice, 3);
	curr = pick_first_entity(&s.rq);
	set_next_entity(&s.rq, curr, 0);
	yield_entity(&s.rq);
	put_prev_entity(&s.rq, true, 0);
	CHECK(pick_last_entity(&s.rq) == curr);
	CHECK(pick_first_entity(&s.rq) != curr);
}

HTEST(a_woken_task_preempts_only_a_task_well_ahead)
{
	struct sched_entity curr = { .weight = NICE_0_LOAD, .vruntime = 100000000 };
	struct sched_entity woken = { .weight = NICE_0_LOAD, .vruntime = 100000000 };

	CHECK(!check_preempt_wakeup(&curr, &woken));
	woken.vruntime = curr.vruntime - SCHED_WAKEUP_GRANULARITY_NS - 1;
	CHECK(check_preempt_wakeup(&curr, &woken));
}

HTEST(dequeue_and_migration_keep_the_books)
{
	static struct sim s;
	const int nice[3] = { 0, 3, -3 };
	struct cfs_rq other = { .min_vruntime = 5 * SCHED_LATENCY_NS };
	struct sched_entity *se;
	u64 lag;

	sim_init(&s, nice, 3);
	sim_run(&s, 50);
	se = pick_last_entity(&s.rq);
	lag = se->vruntime - s.rq.min_vruntime;
	dequeue_entity(&s.rq, se);
	CHECK_EQ(s.rq.nr_running, 2);
	CHECK_EQ(s.rq.load, nice_to_weight(0) + nice_to_weight(3) + nice_to_weight(-3) - se->weight);
	migrate_entity(se, &s.rq, &other);
	CHECK_EQ(se->vruntime - other.min_vruntime, lag);
	enqueue_entity(&other, se);
	CHECK_EQ(other.nr_running, 1);
	CHECK(pick_first_entity(&other) == se);
}
