/*
 * The fair policy (in the spirit of Linux's CFS): every runnable task has
 * a virtual runtime, the CPU time it has had scaled down by its weight
 * (its nice value), and each CPU runs the task whose virtual runtime is
 * smallest. The waiting tasks of one CPU sit in a red-black tree ordered
 * by it, the running one (curr) outside the tree.
 *
 * This is arithmetic and tree work only, with no locks and no CPUs:
 * kernel/sched.c calls it under a run queue's lock, and it compiles on the
 * host for tests/host/test_sched_fair.c. Times are nanoseconds.
 */
#ifndef KERNEL_SCHED_FAIR_H
#define KERNEL_SCHED_FAIR_H

#include <kernel/types.h>
#include <kernel/lib/rbtree.h>

#define NICE_0_LOAD 1024UL		/* the weight of a nice-0 task */

/*
 * The tick is 10 ms and is the only time a running task can be told to
 * give way (besides wake-ups), so the smallest useful slice is one tick.
 * The period in which every runnable task of a CPU runs once is
 * SCHED_LATENCY_NS, or a tick per task when there are more than two.
 */
#define SCHED_MIN_GRANULARITY_NS 10000000ULL
#define SCHED_LATENCY_NS 20000000ULL
#define SCHED_WAKEUP_GRANULARITY_NS 2000000ULL

/* What the fair policy keeps of a task (Linux's struct sched_entity). */
struct sched_entity {
	unsigned long weight;		/* from the nice value: nice_to_weight() */
	struct rb_node run_node;	/* in cfs_rq.tasks_timeline while waiting */
	bool on_rq;			/* waiting in the tree, or running as curr */
	u64 vruntime;			/* weighted CPU time: the tree's key */
	u64 exec_start;			/* clock when its runtime was last added up */
	u64 sum_exec_runtime;		/* CPU time, ns */
	u64 prev_sum_exec_runtime;	/* sum_exec_runtime when it was last picked */
};

/* One CPU's fair run queue (Linux's struct cfs_rq). */
struct cfs_rq {
	struct rb_root tasks_timeline;	/* waiting tasks by vruntime */
	unsigned int nr_running;	/* waiting tasks and curr */
	unsigned long load;		/* their weights, summed */
	u64 min_vruntime;		/* never goes back: where newcomers are placed */
	struct sched_entity *curr;	/* the running task, or NULL (idle) */
};

unsigned long nice_to_weight(int nice);
/* delta ns of CPU time as virtual time for se: delta * NICE_0_LOAD / weight. */
u64 calc_delta_fair(u64 delta, const struct sched_entity *se);
/* The CPU time se should get per period, given the others waiting with it. */
u64 sched_slice(const struct cfs_rq *cfs_rq, const struct sched_entity *se);

/* Charge curr for the time since its exec_start; now is the clock. */
void update_curr(struct cfs_rq *cfs_rq, u64 now);
/*
 * Set the vruntime of se, about to be enqueued: a new task starts a slice
 * behind the queue (so forking cannot win CPU time), a woken one at most
 * half a latency ahead of it (so sleeping cannot bank CPU time).
 */
void place_entity(struct cfs_rq *cfs_rq, struct sched_entity *se, bool initial);
void enqueue_entity(struct cfs_rq *cfs_rq, struct sched_entity *se);
void dequeue_entity(struct cfs_rq *cfs_rq, struct sched_entity *se);
/* The waiting task with the smallest vruntime, or NULL. */
struct sched_entity *pick_first_entity(const struct cfs_rq *cfs_rq);
struct sched_entity *pick_last_entity(const struct cfs_rq *cfs_rq);
/* se, waiting, starts running: out of the tree, into curr. */
void set_next_entity(struct cfs_rq *cfs_rq, struct sched_entity *se, u64 now);
/* curr stops running; back into the tree if still runnable, else off the queue. */
void put_prev_entity(struct cfs_rq *cfs_rq, bool runnable, u64 now);
/* Whether curr has had its slice (or is a slice ahead of the leftmost). */
bool check_preempt_tick(const struct cfs_rq *cfs_rq);
/* Whether se, just woken, should take the CPU from curr. */
bool check_preempt_wakeup(const struct sched_entity *curr, const struct sched_entity *se);
/* sched_yield: curr goes behind every task now waiting. */
void yield_entity(struct cfs_rq *cfs_rq);
/* A task moving between CPUs keeps its place relative to each queue's min_vruntime. */
void migrate_entity(struct sched_entity *se, const struct cfs_rq *from, const struct cfs_rq *to);

#endif
