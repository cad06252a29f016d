/*
 * Creating kernel threads (and, for each secondary CPU, its idle task).
 * A task is a struct task_struct from its kmem_cache and a stack from vmalloc;
 * its saved context is made so that the first switch to it "returns" into
 * ret_from_fork (switch.S), which calls fn(arg) and then do_exit().
 */
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/fs/fs_struct.h>
#include <kernel/lib/string.h>
#include <kernel/printk.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include <asm/setup.h>
#include <asm/mmu_context.h>

void ret_from_fork(void);
void ret_from_fork_user(void);

/* task_structs come from their own cache, as Linux's task_struct_cachep. */
static struct kmem_cache *task_struct_cachep;

/* As Linux's fork_init, which also sets the limits init will inherit (from the memory size). */
void fork_init(void)
{
	task_struct_cachep = kmem_cache_create("task_struct", sizeof(struct task_struct),
					       __alignof__(struct task_struct), SLAB_PANIC, NULL);
	init_rlimits(init_signals.rlim);
}

static struct task_struct *alloc_task(const char *name)
{
	struct task_struct *task = kmem_cache_zalloc(task_struct_cachep, GFP_KERNEL);
	void *stack = vmalloc(KERNEL_STACK_SIZE);

	if (!task || !stack) {
		if (task)
			kmem_cache_free(task_struct_cachep, task);
		vfree(stack);
		return NULL;
	}
	task->stack = stack;
	spin_lock_init(&task->pi_lock);
	spin_lock_init(&task->alloc_lock);
	task->usage = 1;
	task->on_cpu = -1;
	task->cpus_allowed = ~0UL;
	task->static_prio = DEFAULT_PRIO;
	sched_fork(task);
	INIT_LIST_HEAD(&task->children);
	INIT_LIST_HEAD(&task->sibling);
	INIT_LIST_HEAD(&task->thread_group);
	task->group_leader = task;
	share_init_signals(task);
	share_init_fs(task);
	strscpy(task->comm, name, sizeof(task->comm));
	return task;
}

void free_task(struct task_struct *task)
{
	put_signals(task);
	exit_fs(task);
	vfree(task->stack);
	kmem_cache_free(task_struct_cachep, task);
}

/*
 * A new task that will start where ret_from_fork_user leaves it: back in
 * user space with the registers its creator put in task_pt_regs(). It is
 * not runnable until woken.
 */
struct task_struct *user_task_create(const char *name)
{
	struct task_struct *task = alloc_task(name);

	if (!task)
		return NULL;
	task->state = TASK_INTERRUPTIBLE;
	task->cpu_context.pc = (u64)ret_from_fork_user;
	task->cpu_context.sp = (u64)task_pt_regs(task);
	task->thread_info.preempt_count = 1;
	return task;
}

struct task_struct *kthread_create(int (*fn)(void *arg), void *arg, const char *name)
{
	struct task_struct *task = alloc_task(name);

	if (!task)
		return NULL;
	task->state = TASK_INTERRUPTIBLE;	/* until wake_up_process() */
	task->cpu_context.x19 = (u64)fn;
	task->cpu_context.x20 = (u64)arg;
	task->cpu_context.pc = (u64)ret_from_fork;
	/* The top of the stack is kept for the user registers (task_pt_regs). */
	task->cpu_context.sp = (u64)task_pt_regs(task);
	/* The switch into it holds the run-queue lock, which schedule_tail releases. */
	task->thread_info.preempt_count = 1;
	sched_add_task(task, false);
	return task;
}

struct task_struct *kthread_run(int (*fn)(void *arg), void *arg, const char *name)
{
	struct task_struct *task = kthread_create(fn, arg, name);

	if (task)
		wake_up_process(task);
	return task;
}

void kthread_use_mm(struct mm_struct *mm)
{
	struct task_struct *task = current;

	task_lock(task);
	task->mm = mm;
	switch_mm(mm);
	task_unlock(task);
}

void kthread_unuse_mm(struct mm_struct *mm __unused)
{
	struct task_struct *task = current;

	task_lock(task);
	task->mm = NULL;
	switch_mm(NULL);
	task_unlock(task);
}

struct task_struct *idle_task_create(unsigned int cpu)
{
	char name[TASK_COMM_LEN];
	struct task_struct *task;

	snprintf(name, sizeof(name), "swapper/%u", cpu);
	task = alloc_task(name);
	if (!task)
		return NULL;
	task->state = TASK_RUNNING;
	task->on_cpu = (int)cpu;
	task->cpu = cpu;
	sched_add_task(task, true);
	return task;
}
