/*
 * The lock validator, Linux's lockdep simplified (docs/lockdep.md).
 *
 * Each task keeps the locks it holds, innermost last (task_struct's
 * held_locks; an interrupt handler's locks go on top of the interrupted
 * task's and are marked as such). When a task that holds class A takes
 * class B, "A before B" is learnt (kernel/lockdep_graph.c). If B before A
 * was already known, directly or through other classes, two tasks doing
 * the two can deadlock: "WARNING: possible circular locking dependency
 * detected", with both chains and where each lock was taken. Also:
 * a class taken again while held ("possible recursive locking"), and a
 * class taken in an interrupt handler and elsewhere with interrupts on
 * ("inconsistent lock state": the handler can interrupt its holder on
 * the same CPU and spin for ever).
 *
 * It relies on `current` (valid from head.S on), on the per-CPU hardirq
 * count of handle_irqs, and on printk and the backtraces for its reports.
 * After the first report it stops checking, as Linux's does: what it
 * would learn afterwards may be built on the broken state. It still
 * keeps the held locks, so that the tests can turn checking back on.
 */
#include <kernel/lockdep.h>
#include <kernel/lockdep_graph.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/printk.h>
#include <asm/irqflags.h>
#include <asm/setup.h>
#include <asm/stacktrace.h>
#include <asm/timer.h>
#include <kernel/lib/string.h>

bool prove_locking;
bool debug_locks;

/* Additions to the graph: with interrupts off, so never taken in a handler that interrupted it. */
static arch_spinlock_t graph_lock = ARCH_SPINLOCK_INIT;

/* True for the one caller that turns the validator off: it alone reports. */
static bool debug_locks_off(void)
{
	return __atomic_exchange_n(&debug_locks, false, __ATOMIC_RELAXED);
}

static void print_off_line(void)
{
	pr_warn("turning off the locking correctness validator.\n");
}

/* In an interrupt handler on this CPU (Linux's in_hardirq). */
static bool in_hardirq(void)
{
	return this_cpu()->hardirq_depth != 0;
}

static bool static_obj(const void *addr)
{
	return (const char *)addr >= _sdata && (const char *)addr < _end;
}

static void print_lock_name(const struct lock_class *class)
{
	if (class->name)
		printk(KERN_CONT "(%s)", class->name);
	else
		printk(KERN_CONT "(%ps)", class->key);
}

/* "#0: (name), at: site" for every lock the task holds. */
static void print_held_locks(struct task_struct *p)
{
	int i;

	if (!p->lockdep_depth) {
		pr_warn("no locks held by %s/%d.\n", p->comm, p->pid);
		return;
	}
	pr_warn("%d lock%s held by %s/%d:\n", p->lockdep_depth, p->lockdep_depth > 1 ? "s" : "",
		p->comm, p->pid);
	for (i = 0; i < p->lockdep_depth; i++) {
		const struct held_lock *hlock = &p->held_locks[i];

		pr_warn(" #%d: ", i);
		if (hlock->class)
			print_lock_name(hlock->class);
		else
			printk(KERN_CONT "(%s)", hlock->map->name ? hlock->map->name : "?");
		printk(KERN_CONT ", at: %pS\n", (void *)hlock->ip);
	}
}

static void print_banner(const char *title)
{
	pr_warn("\n");
	pr_warn("======================================================\n");
	pr_warn("WARNING: %s\n", title);
	pr_warn("------------------------------------------------------\n");
}

/* The class of a lock: found once, then cached in the lock. NULL: the validator stopped. */
static struct lock_class *class_of(struct lockdep_map *map)
{
	const void *key = map->key ? (const void *)map->key : map;
	struct lock_class *class = READ_ONCE(map->class_cache);

	if (class)
		return class;
	if (!map->key && !static_obj(map)) {
		if (debug_locks_off()) {
			pr_err("INFO: trying to register non-static key.\n");
			pr_err("The code is fine but needs lock validator annotation: the lock at %p "
			       "was never initialised (spin_lock_init, init_rwsem).\n", map);
			print_off_line();
			dump_stack();
		}
		return NULL;
	}
	class = lookup_lock_class(key);
	if (!class) {
		arch_spin_lock(&graph_lock);
		class = register_lock_class(key, map->name);
		arch_spin_unlock(&graph_lock);
	}
	if (!class && debug_locks_off()) {
		pr_err("BUG: MAX_LOCKDEP_KEYS too low!\n");
		print_off_line();
	}
	WRITE_ONCE(map->class_cache, class);
	return class;
}

static void print_acquire_lines(struct task_struct *curr, const struct held_lock *prev,
				const struct lock_class *class, unsigned long ip)
{
	pr_warn("%s/%d is trying to acquire lock:\n", curr->comm, curr->pid);
	pr_warn(" ");
	print_lock_name(class);
	printk(KERN_CONT ", at: %pS\n", (void *)ip);
	pr_warn("\n");
	pr_warn("but task is already holding lock:\n");
	pr_warn(" ");
	print_lock_name(prev->class);
	printk(KERN_CONT ", at: %pS\n", (void *)prev->ip);
}

static void print_report_end(struct task_struct *curr)
{
	pr_warn("\n");
	pr_warn(" *** DEADLOCK ***\n");
	pr_warn("\n");
	print_held_locks(curr);
	pr_warn("\n");
	pr_warn("stack backtrace:\n");
	dump_stack();
	print_off_line();
}

/* One link of a chain: `to` taken at to_ip while `from`, taken at from_ip, was held. */
static void print_chain_link(unsigned int number, const struct lock_class *to,
			     unsigned long to_ip, const struct lock_class *from,
			     unsigned long from_ip)
{
	pr_warn("\n");
	pr_warn("-> #%u ", number);
	print_lock_name(to);
	printk(KERN_CONT ":\n");
	pr_warn("       %pS\n", (void *)to_ip);
	pr_warn("       while holding ");
	print_lock_name(from);
	printk(KERN_CONT ", taken at %pS\n", (void *)from_ip);
}

/* "other info ..." and the heading of the scenario, on one CPU or two. */
static void print_scenario_head(bool two_cpus)
{
	pr_warn("\n");
	pr_warn("other info that might help us debug this:\n");
	pr_warn("\n");
	pr_warn(" Possible unsafe locking scenario:\n");
	pr_warn("\n");
	pr_warn("       CPU0%s\n", two_cpus ? "                    CPU1" : "");
	pr_warn("       ----%s\n", two_cpus ? "                    ----" : "");
}

/* The columns of a "Possible unsafe locking scenario". */
#define CPU0 "  "
#define CPU1 "                               "

static void print_scenario_lock(const char *indent, const struct lock_class *class)
{
	if (class->name)
		pr_warn("%slock(%s);\n", indent, class->name);
	else
		pr_warn("%slock(%ps);\n", indent, class->key);
}

/*
 * The new dependency prev -> class closes a cycle: path[] (n links)
 * already leads from class to prev's class.
 */
static void print_circular_bug(struct task_struct *curr, const struct held_lock *prev,
			       const struct lock_class *class, unsigned long ip,
			       const unsigned int *path, unsigned int n)
{
	unsigned int i;

	print_banner("possible circular locking dependency detected");
	print_acquire_lines(curr, prev, class, ip);
	pr_warn("\n");
	pr_warn("which lock already depends on the new lock.\n");
	pr_warn("\n");
	pr_warn("\n");
	pr_warn("the existing dependency chain (in reverse order) is:\n");
	for (i = n; i-- > 0;) {
		const struct lock_dep *dep = &lock_deps[path[i]];

		print_chain_link(i + 1, &lock_classes[dep->to], dep->to_ip,
				 &lock_classes[dep->from], dep->from_ip);
	}
	print_chain_link(0, class, ip, prev->class, prev->ip);
	print_scenario_head(true);
	print_scenario_lock(CPU0, prev->class);
	print_scenario_lock(CPU1, class);
	print_scenario_lock(CPU1, prev->class);
	print_scenario_lock(CPU0, class);
	print_report_end(curr);
}

static void print_recursive_bug(struct task_struct *curr, const struct held_lock *prev,
				unsigned long ip)
{
	print_banner("possible recursive locking detected");
	print_acquire_lines(curr, prev, prev->class, ip);
	print_scenario_head(false);
	print_scenario_lock(CPU0, prev->class);
	print_scenario_lock(CPU0, prev->class);
	pr_warn("\n");
	pr_warn(" May be due to missing lock nesting notation\n");
	print_report_end(curr);
}

/* Learn prev -> class, unless the opposite order is known: then report. */
static void add_dependency(struct task_struct *curr, const struct held_lock *prev,
			   const struct lock_class *class, unsigned long ip)
{
	unsigned int from = lock_class_index(prev->class), to = lock_class_index(class);
	unsigned int path[MAX_LOCKDEP_PATH], n;
	bool added = false;

	arch_spin_lock(&graph_lock);
	n = find_lock_path(to, from, path, MAX_LOCKDEP_PATH);
	if (!n)
		added = add_lock_dep(from, to, prev->ip, ip);
	arch_spin_unlock(&graph_lock);
	if (n) {
		if (debug_locks_off())
			print_circular_bug(curr, prev, class, ip, path, n);
	} else if (!added && debug_locks_off()) {
		pr_err("BUG: MAX_LOCKDEP_ENTRIES too low!\n");
		print_off_line();
	}
}

/*
 * The order check of a lock about to be waited for: against every lock
 * held in the same context (task or interrupt handler), the same class
 * again first; then the dependencies from the held locks, down to the
 * first one that was waited for (the ones below it were learnt when it
 * was taken: the order is transitive).
 */
static void check_order(struct task_struct *curr, struct lock_class *class, bool hardirq,
			unsigned long ip)
{
	int i;

	for (i = curr->lockdep_depth - 1; i >= 0 && curr->held_locks[i].hardirq == hardirq; i--) {
		if (curr->held_locks[i].class == class) {
			if (debug_locks_off())
				print_recursive_bug(curr, &curr->held_locks[i], ip);
			return;
		}
	}
	for (i = curr->lockdep_depth - 1; i >= 0 && debug_locks; i--) {
		struct held_lock *prev = &curr->held_locks[i];

		if (prev->hardirq != hardirq)
			break;
		if (!prev->class)
			continue;
		if (!lock_dep_known(lock_class_index(prev->class), lock_class_index(class)))
			add_dependency(curr, prev, class, ip);
		if (!prev->trylock)
			break;
	}
}

static const char *const usage_names[LOCK_USAGE_STATES] = {
	[LOCK_USED_IN_HARDIRQ] = "IN-HARDIRQ-W",
	[LOCK_ENABLED_HARDIRQ] = "HARDIRQ-ON-W",
};

static void print_usage_bug(struct task_struct *curr, struct lock_class *class,
			    enum lock_usage_bit prev_bit, enum lock_usage_bit new_bit,
			    unsigned long ip)
{
	bool hardirq = in_hardirq();

	pr_warn("\n");
	pr_warn("================================\n");
	pr_warn("WARNING: inconsistent lock state\n");
	pr_warn("--------------------------------\n");
	pr_warn("inconsistent {%s} -> {%s} usage.\n", usage_names[prev_bit], usage_names[new_bit]);
	pr_warn("%s/%d [HC%d[%u]:SC0[0]:HE%d:SE1] takes:\n", curr->comm, curr->pid, hardirq,
		this_cpu()->hardirq_depth, new_bit == LOCK_ENABLED_HARDIRQ);
	pr_warn(" ");
	print_lock_name(class);
	printk(KERN_CONT ", at: %pS\n", (void *)ip);
	pr_warn("{%s} state was registered at:\n", usage_names[prev_bit]);
	pr_warn("  %pS\n", (void *)class->usage_ip[prev_bit]);
	print_scenario_head(false);
	print_scenario_lock(CPU0, class);
	pr_warn("  <Interrupt>\n");
	print_scenario_lock("    ", class);
	print_report_end(curr);
}

/* Note a use of the class; the first of its kind meeting the other one is a report. */
static void mark_usage(struct task_struct *curr, struct lock_class *class,
		       enum lock_usage_bit bit, unsigned long ip)
{
	enum lock_usage_bit other = bit == LOCK_USED_IN_HARDIRQ ? LOCK_ENABLED_HARDIRQ :
				    LOCK_USED_IN_HARDIRQ;
	unsigned long none = 0;

	if (READ_ONCE(class->usage_ip[bit]) ||
	    !__atomic_compare_exchange_n(&class->usage_ip[bit], &none, ip, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return;
	if (__atomic_load_n(&class->usage_ip[other], __ATOMIC_SEQ_CST) && debug_locks_off())
		print_usage_bug(curr, class, other, bit, ip);
}

static void push_held_lock(struct task_struct *curr, struct lockdep_map *map,
			   struct lock_class *class, unsigned long ip, bool trylock, bool hardirq)
{
	if (curr->lockdep_depth == MAX_LOCK_DEPTH) {
		if (class && debug_locks_off()) {
			pr_err("BUG: MAX_LOCK_DEPTH too low!\n");
			print_off_line();
			print_held_locks(curr);
		}
		return;
	}
	curr->held_locks[curr->lockdep_depth++] = (struct held_lock){
		map, class, ip, trylock, hardirq
	};
}

void lock_acquire(struct lockdep_map *map, bool trylock, unsigned long ip)
{
	bool irqs_were_on = !irqs_disabled();
	unsigned long flags = local_irq_save();
	struct task_struct *curr = current;
	bool hardirq = in_hardirq();
	struct lock_class *class = debug_locks ? class_of(map) : NULL;

	if (class) {
		if (hardirq)
			mark_usage(curr, class, LOCK_USED_IN_HARDIRQ, ip);
		else if (irqs_were_on)
			mark_usage(curr, class, LOCK_ENABLED_HARDIRQ, ip);
		if (!trylock)
			check_order(curr, class, hardirq, ip);
	}
	push_held_lock(curr, map, debug_locks ? class : NULL, ip, trylock, hardirq);
	local_irq_restore(flags);
}

void spin_acquire(struct lockdep_map *map, bool trylock)
{
	lock_acquire(map, trylock, _RET_IP_);
}

/* A lock the task was not seen to take (its stack was full) is let be. */
void lock_release(struct lockdep_map *map)
{
	unsigned long flags = local_irq_save();
	struct task_struct *curr = current;
	int i;

	for (i = curr->lockdep_depth - 1; i >= 0; i--) {
		if (curr->held_locks[i].map == map) {
			curr->lockdep_depth--;
			memmove(&curr->held_locks[i], &curr->held_locks[i + 1],
				(size_t)(curr->lockdep_depth - i) * sizeof(struct held_lock));
			break;
		}
	}
	local_irq_restore(flags);
}

void __might_sleep(const char *file, int line)
{
	static unsigned long last_report;	/* jiffies + 1; at most one a second, as Linux */
	int count = preempt_count();
	bool irqs_off = irqs_disabled();

	if ((!count && !irqs_off) || (last_report && jiffies + 1 - last_report < HZ))
		return;
	last_report = jiffies + 1;
	pr_err("BUG: sleeping function called from invalid context at %s:%d\n", file, line);
	pr_err("in_atomic(): %d, irqs_disabled(): %d, non_block: 0, pid: %d, name: %s\n",
	       count != 0, irqs_off, current->pid, current->comm);
	pr_err("preempt_count: %x, expected: 0\n", count);
	if (debug_locks)
		print_held_locks(current);
	dump_stack();
}
