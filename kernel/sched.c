/*
 * The scheduler: a preemptive round robin over one run queue shared by
 * every CPU.
 *
 * - schedule() puts the running task (if still runnable) at the back of
 *   the queue and switches to the task at the front, or to this CPU's idle
 *   task when the queue is empty. The queue lock is held across the
 *   switch and released by the task switched to (schedule_tail or the end
 *   of schedule), so no other CPU can pick the old task before its
 *   registers are saved.
 * - Every timer tick asks for a switch (a time slice of one tick); the IRQ
 *   return path switches when the interrupted code allows it
 *   (preempt_count zero, interrupts were on).
 * - A task woken while some CPU idles sends that CPU a reschedule IPI.
 *
 * Relies on cpu_switch_to (arch/arm64/kernel/switch.S), the per-CPU
 * struct cpu, and vmalloc for kernel stacks.
 */
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <kernel/printk.h>
#include <kernel/lib/string.h>
#include <kernel/atomic.h>
#include <kernel/errno.h>
#include <asm/setup.h>
#include <asm/irqflags.h>
#include <asm/preempt.h>
#include <asm/mmu_context.h>
#include <asm/sysreg.h>
#include <asm/timer.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

struct task_struct init_task = {
	.state = TASK_RUNNING,
	.cpus_allowed = ~0UL,
	.static_prio = DEFAULT_PRIO,
	.comm = "swapper/0",
	.on_cpu = 0,
	.run_list = LIST_HEAD_INIT(init_task.run_list),
	.tasks = LIST_HEAD_INIT(init_task.tasks),
	.thread_group = LIST_HEAD_INIT(init_task.thread_group),
	.group_leader = &init_task,
	.sighand = &init_sighand,
	.signal = &init_signals,
};

static struct {
	spinlock_t lock;
	struct list_head queue;		/* runnable tasks not on a CPU, oldest first */
	unsigned long nr_running;
} rq = { SPINLOCK_INIT, LIST_HEAD_INIT(rq.queue), 0 };

/* Tasks alive, counted down only once a dead task's memory is freed. */
static atomic_long_t nr_alive = { 1 };

/* Returns, in the task switched back to later, the task that ran just before it. */
struct task_struct *cpu_switch_to(struct task_struct *prev, struct task_struct *next);
void smp_send_reschedule(unsigned int cpu);

unsigned long nr_running(void)
{
	return READ_ONCE(rq.nr_running);
}

unsigned long nr_tasks(void)
{
	return atomic_long_read(&nr_alive);
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

static void enqueue_task(struct task_struct *task)
{
	list_add_tail(&task->run_list, &rq.queue);
	task->on_rq = true;
	rq.nr_running++;
}

static struct task_struct *pick_next_task(struct cpu *cpu)
{
	struct task_struct *next;

	list_for_each_entry(next, &rq.queue, run_list) {
		if (next->cpus_allowed & (1UL << cpu->id))
			goto found;
	}
	return cpu->idle;
found:
	list_del_init(&next->run_list);
	next->on_rq = false;
	rq.nr_running--;
	return next;
}

/* The second half of a switch, run by the task switched to. */
static void finish_task_switch(struct task_struct *prev)
{
	bool dead = prev->state == TASK_DEAD;

	prev->on_cpu = -1;
	spin_unlock(&rq.lock);
	local_irq_enable();
	if (dead) {
		atomic_long_sub(1, &nr_alive);
		put_task_struct(prev);
	}
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
 * A task preempted stays runnable whatever its state: it may have been
 * caught between marking itself asleep and checking its wait condition,
 * and if the wake-up came before it marked itself, nobody would wake it.
 * Only a task that calls schedule() itself goes to sleep. (Zombie and dead
 * tasks reach schedule() with interrupts off, so are never preempted.)
 */
static void __schedule(bool preempt)
{
	struct task_struct *prev = current, *next;
	struct cpu *cpu;

	local_irq_disable();
	spin_lock(&rq.lock);
	cpu = this_cpu();
	clear_need_resched(prev);
	if ((prev->state == TASK_RUNNING || preempt) && prev != cpu->idle)
		enqueue_task(prev);
	next = pick_next_task(cpu);
	if (next == prev) {
		spin_unlock(&rq.lock);
		local_irq_enable();
		return;
	}
	cpu->nr_switches++;
	/* Linux's split: a task that gave up the CPU to sleep chose to. */
	if (prev->state == TASK_RUNNING || preempt)
		prev->nivcsw++;
	else
		prev->nvcsw++;
	next->on_cpu = (int)cpu->id;
	next->cpu = cpu->id;
	cpu->curr = next;
	cpu_set_stack(cpu, next->stack);
	switch_user_registers(prev, next);
	if (next->mm != prev->mm)
		switch_mm(next->mm);
	finish_task_switch(cpu_switch_to(prev, next));
}

void schedule(void)
{
	__schedule(false);
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
		__schedule(true);
		local_irq_disable();
		preempt_enable();
	}
}

bool wake_up_process(struct task_struct *task)
{
	unsigned long flags;
	unsigned int i;
	bool woken = false;

	spin_lock_irqsave(&rq.lock, flags);
	if (task->state == TASK_INTERRUPTIBLE) {
		task->state = TASK_RUNNING;
		/* One still switching out is queued by its own schedule(). */
		if (!task->on_rq && task->on_cpu < 0)
			enqueue_task(task);
		woken = true;
	}
	for (i = 0; woken && i < nr_cpus_possible; i++) {
		if (READ_ONCE(cpus[i].online) && READ_ONCE(cpus[i].curr) == cpus[i].idle) {
			smp_send_reschedule(i);
			break;
		}
	}
	spin_unlock_irqrestore(&rq.lock, flags);
	return woken;
}

void scheduler_tick(void)
{
	struct task_struct *task = current;
	struct cpu *cpu = this_cpu();

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
	if (task != this_cpu()->idle || READ_ONCE(rq.nr_running) > 0)
		set_need_resched(task);
}

/* An IPI asked this CPU to look at the run queue. */
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

void set_user_nice(struct task_struct *p, int nice)
{
	if (nice < MIN_NICE)
		nice = MIN_NICE;
	if (nice > MAX_NICE)
		nice = MAX_NICE;
	WRITE_ONCE(p->static_prio, NICE_TO_PRIO(nice));
}

unsigned long cpu_online_mask(void)
{
	unsigned long mask = 0;
	unsigned int i;

	for (i = 0; i < nr_cpus_possible; i++) {
		if (READ_ONCE(cpus[i].online))
			mask |= 1UL << i;
	}
	return mask;
}

int set_cpus_allowed(struct task_struct *p, unsigned long mask)
{
	unsigned long flags;
	int cpu;

	if (!(mask & cpu_online_mask()))
		return -EINVAL;
	spin_lock_irqsave(&rq.lock, flags);
	p->cpus_allowed = mask;
	cpu = p->on_cpu;
	if (cpu >= 0 && !(mask & (1UL << cpu))) {
		set_need_resched(p);
		if (cpu != (int)smp_processor_id())
			smp_send_reschedule((unsigned int)cpu);
	}
	spin_unlock_irqrestore(&rq.lock, flags);
	return 0;
}

/* Counting tasks and giving them numbers; the list of all tasks. */
static LIST_HEAD(all_tasks);
static int last_pid;

int last_pid_allocated(void)
{
	return READ_ONCE(last_pid);
}

/* Idle tasks are all pid 0 (swapper, as in Linux), so the first real task is pid 1. */
void sched_add_task(struct task_struct *task, bool is_idle)
{
	unsigned long flags;

	spin_lock_irqsave(&rq.lock, flags);
	task->pid = is_idle ? 0 : ++last_pid;
	task->start_time = jiffies;
	if (task->group_leader == task)
		task->tgid = task->pid;
	list_add_tail(&task->tasks, &all_tasks);
	atomic_long_add(1, &nr_alive);
	spin_unlock_irqrestore(&rq.lock, flags);
}

/* Forget a task that never ran (an idle task whose CPU did not start). */
void sched_remove_task(struct task_struct *task)
{
	unsigned long flags;

	spin_lock_irqsave(&rq.lock, flags);
	list_del(&task->tasks);
	spin_unlock_irqrestore(&rq.lock, flags);
	atomic_long_sub(1, &nr_alive);
	put_task_struct(task);
}

void get_task_struct(struct task_struct *task)
{
	__atomic_add_fetch(&task->usage, 1, __ATOMIC_RELAXED);
}

void put_task_struct(struct task_struct *task)
{
	if (__atomic_sub_fetch(&task->usage, 1, __ATOMIC_ACQ_REL) == 0)
		free_task(task);
}

struct task_struct *find_get_task_by_pid(int pid)
{
	struct task_struct *task, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&rq.lock, flags);
	list_for_each_entry(task, &all_tasks, tasks) {
		if (task->pid == pid && task->state != TASK_DEAD) {
			found = task;
			get_task_struct(found);
			break;
		}
	}
	spin_unlock_irqrestore(&rq.lock, flags);
	return found;
}

int user_pids(int *pids, int max)
{
	struct task_struct *task;
	unsigned long flags;
	int n = 0;

	spin_lock_irqsave(&rq.lock, flags);
	list_for_each_entry(task, &all_tasks, tasks) {
		if (task->mm && thread_group_leader(task) && n < max)
			pids[n++] = task->pid;
	}
	spin_unlock_irqrestore(&rq.lock, flags);
	return n;
}

void for_each_task(void (*fn)(struct task_struct *task, void *arg), void *arg)
{
	struct task_struct *task;
	unsigned long flags;

	spin_lock_irqsave(&rq.lock, flags);
	fn(&init_task, arg);
	list_for_each_entry(task, &all_tasks, tasks)
		fn(task, arg);
	spin_unlock_irqrestore(&rq.lock, flags);
}

void __noreturn do_exit(int code)
{
	struct task_struct *task = current;

	local_irq_disable();
	spin_lock(&rq.lock);
	task->exit_code = code;
	task->state = TASK_DEAD;
	list_del(&task->tasks);
	spin_unlock(&rq.lock);
	schedule();
	panic("do_exit: a dead task was scheduled again");
}

/* The boot CPU's first task becomes its idle task; the others get theirs at bring-up. */
void sched_init(void)
{
	struct cpu *cpu = this_cpu();

	fork_init();
	init_task.stack = (void *)cpu->stack_base;
	cpu->idle = &init_task;
	cpu->curr = &init_task;
	cpu_leave_idmap();
}
