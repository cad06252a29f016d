/*
 * The scheduler: a run queue per CPU, each with its own lock, ordered by
 * the fair policy (kernel/sched_fair.c), and a balancer that moves tasks
 * between the queues (kernel/sched_balance.c). docs/sched.md tells the
 * whole story and why it is built so.
 *
 * The locks, in the order they nest:
 * - task->pi_lock serialises whatever changes where a sleeping task will
 *   run: its wake-up and its affinity;
 * - a run queue's lock guards its tree, its counts and its CPU's curr.
 *   It is held across a switch and released by the task switched to
 *   (finish_task_switch), so no other CPU can take the old task before its
 *   registers are saved. No code path holds two run-queue locks except
 *   the balancer, and it only ever trylocks the second: nothing can spin
 *   on a run queue while holding another.
 * A task's cpu field changes only under the locks of both queues or, for
 * a task on no queue and no CPU, under its pi_lock and the new queue's
 * lock; task_rq_lock() copes with it changing while it waits.
 *
 * Relies on cpu_switch_to (arch/arm64/kernel/switch.S), the per-CPU
 * struct cpu, reschedule IPIs and the generic timer's clock.
 */
#include <kernel/sched.h>
#include <kernel/sched_balance.h>
#include <kernel/signal.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <kernel/watchdog.h>
#include <kernel/printk.h>
#include <kernel/errno.h>
#include <asm/setup.h>
#include <asm/irqflags.h>
#include <asm/preempt.h>
#include <asm/mmu_context.h>
#include <asm/sysreg.h>
#include <asm/timer.h>

struct task_struct init_task = {
	.state = TASK_RUNNING,
	.cpus_allowed = ~0UL,
	.static_prio = DEFAULT_PRIO,
	.se = { .weight = NICE_0_LOAD },
	.comm = "swapper/0",
	.pi_lock = SPINLOCK_INIT(init_task.pi_lock),
	.alloc_lock = SPINLOCK_INIT(init_task.alloc_lock),
	.on_cpu = 0,
	.tasks = LIST_HEAD_INIT(init_task.tasks),
	.thread_group = LIST_HEAD_INIT(init_task.thread_group),
	.group_leader = &init_task,
	.sighand = &init_sighand,
	.signal = &init_signals,
};

/* A busy CPU looks for an imbalance every this many ticks; an idle one every tick. */
#define BALANCE_INTERVAL_TICKS 4

struct rq {
	spinlock_t lock;
	struct cfs_rq cfs;		/* its nr_running counts the running task too */
	struct task_struct *migrating;	/* the task switched out to move off this CPU */
	/* Tasks that went to sleep in D here and are not awake yet: the load average's. */
	unsigned long nr_uninterruptible;
	unsigned int balance_countdown;
};

static struct rq runqueues[NR_CPUS];

/* Returns, in the task switched back to later, the task that ran just before it. */
struct task_struct *cpu_switch_to(struct task_struct *prev, struct task_struct *next);
void smp_send_reschedule(unsigned int cpu);

static struct rq *cpu_rq(unsigned int cpu)
{
	return &runqueues[cpu];
}

static unsigned int rq_cpu(const struct rq *rq)
{
	return (unsigned int)(rq - runqueues);
}

unsigned long nr_running(void)
{
	unsigned long n = 0;
	unsigned int i;

	for (i = 0; i < nr_cpus_possible; i++)
		n += READ_ONCE(runqueues[i].cfs.nr_running);
	return n;
}

static void set_need_resched(struct task_struct *task)
{
	__atomic_or_fetch(&task->thread_info.flags, 1UL << TIF_NEED_RESCHED, __ATOMIC_RELAXED);
}

static void clear_need_resched(struct task_struct *task)
{
	__atomic_and_fetch(&task->thread_info.flags, ~(1UL << TIF_NEED_RESCHED),
			   __ATOMIC_RELAXED);
}

unsigned long nr_uninterruptible(void)
{
	unsigned long n = 0;
	unsigned int i;

	for (i = 0; i < nr_cpus_possible; i++)
		n += READ_ONCE(runqueues[i].nr_uninterruptible);
	return n;
}

/* Ask rq's CPU to schedule soon: at once here, by IPI there. Its lock is held. */
static void resched_curr(struct rq *rq)
{
	unsigned int cpu = rq_cpu(rq);

	set_need_resched(cpus[cpu].curr);
	if (cpu != smp_processor_id())
		smp_send_reschedule(cpu);
}

/* Lock the queue p is on (or last ran on), however often p moves meanwhile. */
static struct rq *task_rq_lock(struct task_struct *p, unsigned long *flags)
{
	struct rq *rq;

	for (;;) {
		rq = cpu_rq(task_cpu(p));
		spin_lock_irqsave(&rq->lock, *flags);
		if (rq == cpu_rq(task_cpu(p)))
			return rq;
		spin_unlock_irqrestore(&rq->lock, *flags);
	}
}

static bool cpu_allowed(const struct task_struct *p, unsigned int cpu)
{
	return p->cpus_allowed & (1UL << cpu);
}

/* ---- placing tasks ---- */

static void snapshot_load(struct cpu_load *load)
{
	unsigned int i;

	for (i = 0; i < nr_cpus_possible; i++) {
		load[i].online = READ_ONCE(cpus[i].online);
		load[i].nr_running = READ_ONCE(runqueues[i].cfs.nr_running);
	}
}

static unsigned int select_task_rq(struct task_struct *p)
{
	struct cpu_load load[NR_CPUS];

	snapshot_load(load);
	return select_task_cpu(load, nr_cpus_possible, p->cpus_allowed, task_cpu(p));
}

/*
 * Whether p, just woken, should take the CPU from the task running on
 * curr: never if p is SCHED_BATCH or SCHED_IDLE, always from a SCHED_IDLE
 * task, else when p is well behind it (Linux's check_preempt_wakeup).
 */
static bool wakeup_preempts(struct sched_entity *curr, struct task_struct *p)
{
	struct task_struct *running = container_of(curr, struct task_struct, se);

	if (p->policy != SCHED_NORMAL)
		return false;
	return running->policy == SCHED_IDLE || check_preempt_wakeup(curr, &p->se);
}

/* p joins rq's queue, and takes the CPU if it should. rq is locked. */
static void activate_task(struct rq *rq, struct task_struct *p, bool new_task)
{
	struct sched_entity *curr = rq->cfs.curr;

	place_entity(&rq->cfs, &p->se, new_task);
	enqueue_entity(&rq->cfs, &p->se);
	if (!curr || wakeup_preempts(curr, p))
		resched_curr(rq);
}

/*
 * p, runnable but on no queue, goes to the best CPU it may use: a task
 * waking up or starting (its pi_lock held), one whose CPU it may no longer
 * use (set aside by its last switch), or one taken off its queue for that
 * reason. Nothing else touches it meanwhile: wakers and set_cpus_allowed
 * wait for its pi_lock or, for one set aside, leave it alone while its
 * on_cpu says it is still on its old CPU, which is cleared only here.
 */
static void move_and_activate(struct task_struct *p, bool new_task)
{
	struct rq *from = cpu_rq(task_cpu(p)), *rq;
	unsigned long flags;
	unsigned int cpu;

	for (;;) {
		cpu = select_task_rq(p);
		rq = cpu_rq(cpu);
		spin_lock_irqsave(&rq->lock, flags);
		if (cpu_allowed(p, cpu) && READ_ONCE(cpus[cpu].online))
			break;
		spin_unlock_irqrestore(&rq->lock, flags);
	}
	if (rq != from && !new_task)
		migrate_entity(&p->se, &from->cfs, &rq->cfs);
	WRITE_ONCE(p->cpu, cpu);
	activate_task(rq, p, new_task);
	__atomic_store_n(&p->on_cpu, -1, __ATOMIC_RELEASE);
	spin_unlock_irqrestore(&rq->lock, flags);
}

/*
 * Make a sleeping task runnable. A task still on a CPU (on its way into
 * schedule, or preempted before it got there) only needs its state back:
 * its own schedule() then keeps it.
 */
static bool try_to_wake_up(struct task_struct *p, bool new_task, bool interruptible_only)
{
	unsigned long flags, rq_flags;
	struct rq *rq;

	spin_lock_irqsave(&p->pi_lock, flags);
	rq = task_rq_lock(p, &rq_flags);
	if (!(p->state == TASK_INTERRUPTIBLE ||
	      (p->state == TASK_UNINTERRUPTIBLE && !interruptible_only))) {
		spin_unlock_irqrestore(&rq->lock, rq_flags);
		spin_unlock_irqrestore(&p->pi_lock, flags);
		return false;
	}
	WRITE_ONCE(p->state, TASK_RUNNING);
	/* Its sleep was counted on the queue it left, which is the one locked here. */
	if (p->sched_contributes_to_load) {
		p->sched_contributes_to_load = false;
		rq->nr_uninterruptible--;
	}
	if (p->se.on_rq || p->on_cpu >= 0) {
		spin_unlock_irqrestore(&rq->lock, rq_flags);
		spin_unlock_irqrestore(&p->pi_lock, flags);
		return true;
	}
	spin_unlock_irqrestore(&rq->lock, rq_flags);
	move_and_activate(p, new_task);
	spin_unlock_irqrestore(&p->pi_lock, flags);
	return true;
}

bool wake_up_process(struct task_struct *task)
{
	return try_to_wake_up(task, false, false);
}

bool wake_up_interruptible_task(struct task_struct *task)
{
	return try_to_wake_up(task, false, true);
}

void wake_up_new_task(struct task_struct *task)
{
	try_to_wake_up(task, true, false);
}

/* ---- balancing ---- */

/*
 * Move up to nr queued tasks that may run here from busiest to this
 * queue, the least urgent first (the rightmost: they would wait longest
 * where they are). this_rq is locked; busiest only if free at once.
 */
static unsigned int pull_tasks(struct rq *this_rq, struct rq *busiest, unsigned int nr)
{
	unsigned int this_cpu = rq_cpu(this_rq), moved = 0;
	struct sched_entity *se, *prev;
	struct task_struct *p;

	if (!spin_trylock(&busiest->lock))
		return 0;
	for (se = pick_last_entity(&busiest->cfs); se && moved < nr; se = prev) {
		struct rb_node *node = rb_prev(&se->run_node);

		prev = node ? rb_entry(node, struct sched_entity, run_node) : NULL;
		p = container_of(se, struct task_struct, se);
		if (!cpu_allowed(p, this_cpu))
			continue;
		dequeue_entity(&busiest->cfs, se);
		migrate_entity(se, &busiest->cfs, &this_rq->cfs);
		WRITE_ONCE(p->cpu, this_cpu);
		enqueue_entity(&this_rq->cfs, se);
		moved++;
	}
	spin_unlock(&busiest->lock);
	return moved;
}

/* Pull from the busiest CPU if it is busier enough. this_rq is locked. */
static unsigned int load_balance(struct rq *this_rq)
{
	struct cpu_load load[NR_CPUS];
	unsigned int nr_to_move;
	int busiest;

	snapshot_load(load);
	busiest = find_busiest_cpu(load, nr_cpus_possible, rq_cpu(this_rq), &nr_to_move);
	if (busiest < 0)
		return 0;
	return pull_tasks(this_rq, cpu_rq((unsigned int)busiest), nr_to_move);
}

/* ---- switching ---- */

/*
 * The second half of a switch, run by the task switched to. Once prev's
 * on_cpu is cleared another CPU may run it; a task set aside to move keeps
 * its on_cpu until it is on its new queue.
 */
static void finish_task_switch(struct task_struct *prev)
{
	struct rq *rq = cpu_rq(smp_processor_id());
	bool moving = rq->migrating == prev;
	bool dead = prev->state == TASK_DEAD;

	rq->migrating = NULL;
	if (!moving)
		__atomic_store_n(&prev->on_cpu, -1, __ATOMIC_RELEASE);
	/* The lock prev took in __schedule is ours now; taken without waiting. */
	if (unlikely(prove_locking))
		spin_acquire(&rq->lock.dep_map, true);
	spin_unlock(&rq->lock);
	local_irq_enable();
	if (moving)
		move_and_activate(prev, false);
	if (dead)
		release_dead_task(prev);
}

/* Where a new task's first switch returns to (ret_from_fork in switch.S). */
void schedule_tail(struct task_struct *prev)
{
	finish_task_switch(prev);
}

/*
 * The user state that is not saved on kernel entry: the thread pointer and
 * the FP/SIMD registers. Kernel threads have none.
 */
static void switch_user_registers(struct task_struct *prev, struct task_struct *next)
{
	if (prev->mm) {
		prev->tls = read_sysreg(tpidr_el0);
		fpsimd_save_state(&prev->fpsimd);
	}
	if (next->mm) {
		write_sysreg(next->tls, tpidr_el0);
		fpsimd_load_state(&next->fpsimd);
	}
}

/*
 * The running task stops running here: back into the tree if it stays
 * runnable and may, set aside to move away if it may not (its new
 * affinity excludes this CPU), off the queue if it sleeps.
 */
static void put_prev_task(struct rq *rq, struct task_struct *prev, bool runnable, u64 now)
{
	if (prev == cpus[rq_cpu(rq)].idle)
		return;
	if (runnable && !cpu_allowed(prev, rq_cpu(rq))) {
		put_prev_entity(&rq->cfs, false, now);
		rq->migrating = prev;
		return;
	}
	put_prev_entity(&rq->cfs, runnable, now);
}

static struct task_struct *pick_next_task(struct rq *rq, u64 now)
{
	struct sched_entity *se = pick_first_entity(&rq->cfs);

	if (!se && load_balance(rq))
		se = pick_first_entity(&rq->cfs);
	if (!se)
		return cpus[rq_cpu(rq)].idle;
	set_next_entity(&rq->cfs, se, now);
	return container_of(se, struct task_struct, se);
}

/*
 * A task preempted stays runnable whatever its state: it may have been
 * caught between marking itself asleep and checking its wait condition,
 * and if the wake-up came before it marked itself, nobody would wake it.
 * Only a task that calls schedule() itself goes to sleep. (Zombie and dead
 * tasks reach schedule() with interrupts off, so are never preempted.)
 */
static void __schedule(bool preempt, bool yield)
{
	struct task_struct *prev = current, *next;
	struct cpu *cpu;
	struct rq *rq;
	bool runnable;
	u64 now;

	local_irq_disable();
	watchdog_touch();	/* this CPU schedules: not locked up */
	cpu = this_cpu();
	rq = cpu_rq(cpu->id);
	spin_lock(&rq->lock);
	/* Read under the lock: a waker holding it has set RUNNING, or will find us gone. */
	runnable = prev->state == TASK_RUNNING || preempt;
	clear_need_resched(prev);
	now = ktime_get_ns();
	if (yield && prev != cpu->idle) {
		update_curr(&rq->cfs, now);
		yield_entity(&rq->cfs);
	}
	put_prev_task(rq, prev, runnable, now);
	if (!runnable && prev->state == TASK_UNINTERRUPTIBLE) {
		prev->sched_contributes_to_load = true;
		rq->nr_uninterruptible++;
	}
	next = pick_next_task(rq, now);
	if (next == prev) {
		spin_unlock(&rq->lock);
		local_irq_enable();
		return;
	}
	cpu->nr_switches++;
	/* Linux's split: a task that gave up the CPU to sleep chose to. */
	if (runnable)
		prev->nivcsw++;
	else
		prev->nvcsw++;
	next->on_cpu = (int)cpu->id;
	cpu->curr = next;
	cpu_set_stack(cpu, next->stack);
	switch_user_registers(prev, next);
	if (next->mm != prev->mm)
		switch_mm(next->mm);
	/* next releases the run queue's lock: for the lock validator prev lets go here. */
	if (unlikely(prove_locking))
		lock_release(&rq->lock.dep_map);
	finish_task_switch(cpu_switch_to(prev, next));
}

void schedule(void)
{
	if (unlikely(prove_locking) && (current->state == TASK_INTERRUPTIBLE ||
					current->state == TASK_UNINTERRUPTIBLE))
		__might_sleep(__FILE__, __LINE__);
	__schedule(false, false);
}

/*
 * From the IRQ return path: the tick (or an IPI) asked for a switch. The
 * switch's tail turns interrupts back on; one arriving there must not
 * preempt again from inside this frame (under load every resumption would
 * nest one level deeper, until the stack overflowed), so preemption stays
 * off and this loop takes the next request instead.
 */
void preempt_schedule_irq(void)
{
	while (need_resched()) {
		preempt_disable();
		__schedule(true, false);
		local_irq_disable();
		preempt_enable();
	}
}

/* sched_yield: the caller goes behind every task waiting on its CPU, then gives way. */
void do_sched_yield(void)
{
	__schedule(false, true);
}

/* ---- the tick ---- */

static void account_tick(struct cpu *cpu, struct task_struct *task)
{
	task->ticks++;
	if (task == cpu->idle) {
		cpu->idle_ticks++;
	} else if (cpu->irq_from_user) {
		if (task_nice(task) > 0)
			cpu->nice_ticks++;
		else
			cpu->user_ticks++;
		task->user_ticks++;
	} else {
		cpu->system_ticks++;
	}
}

/* From the timer interrupt: time slices, and balancing now and then. */
void scheduler_tick(void)
{
	struct cpu *cpu = this_cpu();
	struct rq *rq = cpu_rq(cpu->id);
	bool idle = cpu->curr == cpu->idle;

	account_tick(cpu, cpu->curr);
	spin_lock(&rq->lock);
	if (!idle) {
		update_curr(&rq->cfs, ktime_get_ns());
		if (rq->cfs.nr_running > 1 && check_preempt_tick(&rq->cfs))
			set_need_resched(cpu->curr);
	}
	if (idle || --rq->balance_countdown == 0) {
		rq->balance_countdown = BALANCE_INTERVAL_TICKS;
		load_balance(rq);
	}
	if (idle && pick_first_entity(&rq->cfs))
		set_need_resched(cpu->curr);
	spin_unlock(&rq->lock);
}

/* An IPI asked this CPU to look at its run queue. */
void scheduler_ipi(void)
{
	set_need_resched(current);
}

void __noreturn cpu_idle(void)
{
	for (;;) {
		/* WFI wakes for a pending interrupt even while it is masked. */
		local_irq_disable();
		if (!need_resched())
			asm volatile("wfi");
		local_irq_enable();
		if (need_resched())
			schedule();
	}
}

/* ---- nice, policy and affinity ---- */

/* Linux's WEIGHT_IDLEPRIO: a SCHED_IDLE task gets a sliver beside any other. */
#define WEIGHT_IDLEPRIO 3UL

static unsigned long task_weight(const struct task_struct *p)
{
	return p->policy == SCHED_IDLE ? WEIGHT_IDLEPRIO : nice_to_weight(task_nice(p));
}

/*
 * Change p's nice value and policy, and so its weight. A waiting task
 * leaves the tree for a moment: the queue's load sums the weights.
 */
static void reweight_task(struct task_struct *p, int nice, int policy)
{
	unsigned long flags;
	struct rq *rq;
	bool queued;

	rq = task_rq_lock(p, &flags);
	queued = p->se.on_rq && rq->cfs.curr != &p->se;
	if (queued)
		dequeue_entity(&rq->cfs, &p->se);
	else if (p->se.on_rq)
		rq->cfs.load -= p->se.weight;
	WRITE_ONCE(p->static_prio, NICE_TO_PRIO(nice));
	WRITE_ONCE(p->policy, policy);
	p->se.weight = task_weight(p);
	if (queued)
		enqueue_entity(&rq->cfs, &p->se);
	else if (p->se.on_rq)
		rq->cfs.load += p->se.weight;
	spin_unlock_irqrestore(&rq->lock, flags);
}

void set_user_nice(struct task_struct *p, int nice)
{
	if (nice < MIN_NICE)
		nice = MIN_NICE;
	if (nice > MAX_NICE)
		nice = MAX_NICE;
	reweight_task(p, nice, READ_ONCE(p->policy));
}

void sched_set_policy(struct task_struct *p, int policy, bool reset_on_fork)
{
	WRITE_ONCE(p->sched_reset_on_fork, reset_on_fork);
	reweight_task(p, task_nice(p), policy);
}

/*
 * A running task outside its new mask is asked to schedule, and its
 * switch sets it aside to move (put_prev_task); a waiting one moves now;
 * a sleeping one wakes up on a CPU of the mask. The caller itself has
 * moved by the time this returns, as sched_setaffinity promises.
 */
int set_cpus_allowed(struct task_struct *p, unsigned long mask)
{
	unsigned long flags, rq_flags;
	bool move = false;
	struct rq *rq;

	if (!(mask & cpu_online_mask()))
		return -EINVAL;
	spin_lock_irqsave(&p->pi_lock, flags);
	rq = task_rq_lock(p, &rq_flags);
	p->cpus_allowed = mask;
	if (!cpu_allowed(p, task_cpu(p))) {
		if (p->on_cpu >= 0) {
			set_need_resched(p);
			if (p->on_cpu != (int)smp_processor_id())
				smp_send_reschedule((unsigned int)p->on_cpu);
		} else if (p->se.on_rq) {
			dequeue_entity(&rq->cfs, &p->se);
			move = true;
		}
	}
	spin_unlock_irqrestore(&rq->lock, rq_flags);
	if (move)
		move_and_activate(p, false);
	spin_unlock_irqrestore(&p->pi_lock, flags);
	if (p == current && need_resched())
		schedule();
	return 0;
}

/* ---- tasks coming and going ---- */

/*
 * A new task's share of the CPU (its nice value's and policy's weight,
 * copied from its parent) and its parent's CPU to start from. A parent
 * with SCHED_RESET_ON_FORK has children at nice 0 or above, without it.
 */
void sched_fork(struct task_struct *p)
{
	if (p->sched_reset_on_fork) {
		if (task_nice(p) < 0)
			p->static_prio = DEFAULT_PRIO;
		p->sched_reset_on_fork = false;
	}
	p->cpu = task_cpu(current);
	p->se.weight = task_weight(p);
	p->se.on_rq = false;
	p->se.vruntime = 0;
	p->se.sum_exec_runtime = 0;
}

void __noreturn do_exit(int code)
{
	struct task_struct *task = current;

	unlist_task(task);
	local_irq_disable();
	task->exit_code = code;
	task->state = TASK_DEAD;
	schedule();
	panic("do_exit: a dead task was scheduled again");
}

/* The boot CPU's first task becomes its idle task; the others get theirs at bring-up. */
void sched_init(void)
{
	struct cpu *cpu = this_cpu();
	unsigned int i;

	for (i = 0; i < NR_CPUS; i++) {
		spin_lock_init(&runqueues[i].lock);
		runqueues[i].balance_countdown = BALANCE_INTERVAL_TICKS;
	}
	fork_init();
	init_task.stack = (void *)cpu->stack_base;
	cpu->idle = &init_task;
	cpu->curr = &init_task;
	cpu_leave_idmap();
}
