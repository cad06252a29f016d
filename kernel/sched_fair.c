/*
 * The fair policy's bookkeeping: weights, virtual runtime, the tree of
 * waiting tasks, and the two questions the scheduler asks it (has the
 * running task had its share; should a woken task run first). See
 * kernel/sched_fair.h and docs/sched.md. No locks here: the caller holds
 * the run queue's.
 */
#include <kernel/sched_fair.h>

/*
 * Each nice step is worth a factor of 1.25 in CPU share: two busy tasks a
 * nice level apart split a CPU about 55/45. round(1024 / 1.25^nice).
 */
static const unsigned long prio_to_weight[40] = {
	88818, 71054, 56843, 45475, 36380,	/* nice -20..-16 */
	29104, 23283, 18626, 14901, 11921,	/* nice -15..-11 */
	9537, 7629, 6104, 4883, 3906,		/* nice -10..-6 */
	3125, 2500, 2000, 1600, 1280,		/* nice -5..-1 */
	1024, 819, 655, 524, 419,		/* nice 0..4 */
	336, 268, 215, 172, 137,		/* nice 5..9 */
	110, 88, 70, 56, 45,			/* nice 10..14 */
	36, 29, 23, 18, 15,			/* nice 15..19 */
};

unsigned long nice_to_weight(int nice)
{
	if (nice < -20)
		nice = -20;
	if (nice > 19)
		nice = 19;
	return prio_to_weight[nice + 20];
}

/* vruntimes only grow, and may wrap: compare them by their difference. */
static bool vruntime_before(u64 a, u64 b)
{
	return (s64)(a - b) < 0;
}

static u64 max_vruntime(u64 a, u64 b)
{
	return vruntime_before(a, b) ? b : a;
}

u64 calc_delta_fair(u64 delta, const struct sched_entity *se)
{
	if (se->weight == NICE_0_LOAD)
		return delta;
	return delta * NICE_0_LOAD / se->weight;
}

static u64 sched_period(unsigned int nr_running)
{
	if (nr_running > SCHED_LATENCY_NS / SCHED_MIN_GRANULARITY_NS)
		return nr_running * SCHED_MIN_GRANULARITY_NS;
	return SCHED_LATENCY_NS;
}

u64 sched_slice(const struct cfs_rq *cfs_rq, const struct sched_entity *se)
{
	unsigned int nr = cfs_rq->nr_running + !se->on_rq;
	unsigned long load = cfs_rq->load + (se->on_rq ? 0 : se->weight);
	u64 slice = sched_period(nr) * se->weight / load;

	return slice < SCHED_MIN_GRANULARITY_NS ? SCHED_MIN_GRANULARITY_NS : slice;
}

struct sched_entity *pick_first_entity(const struct cfs_rq *cfs_rq)
{
	struct rb_node *first = rb_first(&cfs_rq->tasks_timeline);

	return first ? rb_entry(first, struct sched_entity, run_node) : NULL;
}

struct sched_entity *pick_last_entity(const struct cfs_rq *cfs_rq)
{
	struct rb_node *last = rb_last(&cfs_rq->tasks_timeline);

	return last ? rb_entry(last, struct sched_entity, run_node) : NULL;
}

/*
 * min_vruntime follows the smallest vruntime on the queue (curr's or the
 * leftmost's) but never moves back, so a task placed by it is never
 * placed in the past of the queue.
 */
static void update_min_vruntime(struct cfs_rq *cfs_rq)
{
	struct sched_entity *curr = cfs_rq->curr, *left = pick_first_entity(cfs_rq);
	u64 vruntime;

	if (curr && left)
		vruntime = vruntime_before(curr->vruntime, left->vruntime) ?
			   curr->vruntime : left->vruntime;
	else if (curr)
		vruntime = curr->vruntime;
	else if (left)
		vruntime = left->vruntime;
	else
		return;
	cfs_rq->min_vruntime = max_vruntime(cfs_rq->min_vruntime, vruntime);
}

void update_curr(struct cfs_rq *cfs_rq, u64 now)
{
	struct sched_entity *curr = cfs_rq->curr;
	u64 delta;

	if (!curr || now <= curr->exec_start)
		return;
	delta = now - curr->exec_start;
	curr->exec_start = now;
	curr->sum_exec_runtime += delta;
	curr->vruntime += calc_delta_fair(delta, curr);
	update_min_vruntime(cfs_rq);
}

void place_entity(struct cfs_rq *cfs_rq, struct sched_entity *se, bool initial)
{
	u64 vruntime = cfs_rq->min_vruntime;

	if (initial) {
		se->vruntime = vruntime + calc_delta_fair(sched_slice(cfs_rq, se), se);
		return;
	}
	vruntime -= SCHED_LATENCY_NS / 2;
	se->vruntime = max_vruntime(se->vruntime, vruntime);
}

static void timeline_insert(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	struct rb_node **link = &cfs_rq->tasks_timeline.rb_node, *parent = NULL;

	while (*link) {
		struct sched_entity *entry = rb_entry(*link, struct sched_entity, run_node);

		parent = *link;
		/* Equal keys go right: a task ties behind those already waiting. */
		if (vruntime_before(se->vruntime, entry->vruntime))
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&se->run_node, parent, link);
	rb_insert_color(&se->run_node, &cfs_rq->tasks_timeline);
}

void enqueue_entity(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	timeline_insert(cfs_rq, se);
	se->on_rq = true;
	cfs_rq->nr_running++;
	cfs_rq->load += se->weight;
	update_min_vruntime(cfs_rq);
}

void dequeue_entity(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	rb_erase(&se->run_node, &cfs_rq->tasks_timeline);
	se->on_rq = false;
	cfs_rq->nr_running--;
	cfs_rq->load -= se->weight;
	update_min_vruntime(cfs_rq);
}

void set_next_entity(struct cfs_rq *cfs_rq, struct sched_entity *se, u64 now)
{
	rb_erase(&se->run_node, &cfs_rq->tasks_timeline);
	cfs_rq->curr = se;
	se->exec_start = now;
	se->prev_sum_exec_runtime = se->sum_exec_runtime;
}

void put_prev_entity(struct cfs_rq *cfs_rq, bool runnable, u64 now)
{
	struct sched_entity *prev = cfs_rq->curr;

	update_curr(cfs_rq, now);
	cfs_rq->curr = NULL;
	if (runnable) {
		timeline_insert(cfs_rq, prev);
		return;
	}
	prev->on_rq = false;
	cfs_rq->nr_running--;
	cfs_rq->load -= prev->weight;
	update_min_vruntime(cfs_rq);
}

bool check_preempt_tick(const struct cfs_rq *cfs_rq)
{
	const struct sched_entity *curr = cfs_rq->curr, *left;
	u64 ideal = sched_slice(cfs_rq, curr);
	u64 ran = curr->sum_exec_runtime - curr->prev_sum_exec_runtime;

	if (ran >= ideal)
		return true;
	left = pick_first_entity(cfs_rq);
	return left && (s64)(curr->vruntime - left->vruntime) > (s64)ideal;
}

bool check_preempt_wakeup(const struct sched_entity *curr, const struct sched_entity *se)
{
	return (s64)(curr->vruntime - se->vruntime) >
	       (s64)calc_delta_fair(SCHED_WAKEUP_GRANULARITY_NS, se);
}

void yield_entity(struct cfs_rq *cfs_rq)
{
	struct sched_entity *last = pick_last_entity(cfs_rq);

	if (last && cfs_rq->curr)
		cfs_rq->curr->vruntime = max_vruntime(cfs_rq->curr->vruntime, last->vruntime + 1);
}

void migrate_entity(struct sched_entity *se, const struct cfs_rq *from, const struct cfs_rq *to)
{
	se->vruntime = se->vruntime - from->min_vruntime + to->min_vruntime;
}
