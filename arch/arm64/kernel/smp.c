/*
 * Bringing up the other CPUs, and talking to them with IPIs.
 *
 * The boot CPU gives each secondary a vmalloc'd stack (with a guard page
 * below it) and the root of the kernel page tables (secondary_ttbr1), then
 * asks PSCI to start it at secondary_entry in head.S with the address of
 * its struct cpu as context.
 * The secondary sets up its GIC interface and timer, says it is online,
 * and idles.
 *
 * IPIs are GIC SGIs: IPI_CALL_FUNC runs a function on other CPUs
 * (on_each_cpu), IPI_STOP parks a CPU for good (panic), IPI_RESCHEDULE
 * makes an idle CPU look at the run queue, IPI_PING only counts (tests).
 */
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <kernel/atomic.h>
#include <kernel/printk.h>
#include <asm/setup.h>
#include <asm/irq.h>
#include <asm/timer.h>
#include <asm/psci.h>
#include <asm/sysreg.h>
#include <asm/barrier.h>
#include <mm/pgtable.h>
#include <mm/vmalloc.h>
#include <kernel/sched.h>

enum ipi_type { IPI_CALL_FUNC, IPI_STOP, IPI_PING, IPI_RESCHEDULE, NR_IPI };

#define CPU_ONLINE_TIMEOUT_US 1000000

struct cpu cpus[NR_CPUS];
unsigned int nr_cpus_possible = 1;

/* Read by head.S with the MMU off: the root of the kernel page tables. */
u64 secondary_ttbr1;

/* Small stacks a CPU reports a kernel stack overflow from. */
static u8 overflow_stacks[NR_CPUS][OVERFLOW_STACK_SIZE] __aligned(16);

_Static_assert(offsetof(struct cpu, stack_base) == CPU_STACK_BASE, "entry.S offset");
_Static_assert(offsetof(struct cpu, stack_top) == CPU_STACK_TOP, "head.S offset");
_Static_assert(offsetof(struct cpu, overflow_stack_top) == CPU_OVERFLOW_STACK_TOP,
	       "entry.S offset");
_Static_assert(offsetof(struct cpu, curr) == CPU_CURR, "head.S offset");

static struct {
	spinlock_t lock;	/* one cross-CPU call at a time */
	void (*func)(void *info);
	void *info;
	atomic_t pending;	/* CPUs that have not finished yet */
} call = { .lock = SPINLOCK_INIT(call.lock) };

extern char secondary_entry[];
void secondary_start_kernel(struct cpu *cpu);
struct task_struct *idle_task_create(unsigned int cpu);

unsigned int num_online_cpus(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < nr_cpus_possible; i++)
		n += READ_ONCE(cpus[i].online);
	return n;
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

unsigned long cpu_possible_mask(void)
{
	return nr_cpus_possible >= 64 ? ~0UL : (1UL << nr_cpus_possible) - 1;
}

static void ipi_handler(unsigned int irq, void *data __unused)
{
	struct cpu *cpu = this_cpu();

	cpu->ipis++;
	switch (irq) {
	case IPI_CALL_FUNC:
		call.func(call.info);
		smp_mb();
		atomic_dec(&call.pending);
		break;
	case IPI_RESCHEDULE:
		scheduler_ipi();
		break;
	case IPI_STOP:
		WRITE_ONCE(cpu->online, false);
		local_irq_disable();
		for (;;)
			asm volatile("wfi");
	default:
		break;
	}
}

void smp_send_ipi_others(unsigned int ipi)
{
	unsigned int i, self = smp_processor_id();

	for (i = 0; i < nr_cpus_possible; i++)
		if (i != self && READ_ONCE(cpus[i].online))
			gic->send_sgi(i, ipi);
}

void smp_send_ping(unsigned int cpu)
{
	gic->send_sgi(cpu, IPI_PING);
}

void smp_send_reschedule(unsigned int cpu)
{
	gic->send_sgi(cpu, IPI_RESCHEDULE);
}

void smp_send_stop(void)
{
	smp_send_ipi_others(IPI_STOP);
}

void on_each_cpu(void (*func)(void *info), void *info)
{
	unsigned int others = num_online_cpus() - 1;
	unsigned long flags;

	spin_lock(&call.lock);
	call.func = func;
	call.info = info;
	atomic_set(&call.pending, others);
	smp_mb();
	smp_send_ipi_others(IPI_CALL_FUNC);
	flags = local_irq_save();
	func(info);
	local_irq_restore(flags);
	while (atomic_read(&call.pending) > 0)
		cpu_relax();
	spin_unlock(&call.lock);
}

static void ipi_init(void)
{
	unsigned int ipi;

	for (ipi = 0; ipi < NR_IPI; ipi++)
		request_irq(ipi, ipi_handler, NULL);
}

void secondary_start_kernel(struct cpu *cpu)
{
	unsigned int ipi;

	cpu_leave_idmap();
	cpuinfo_store_cpu();
	gic->cpu_init();
	for (ipi = 0; ipi < NR_IPI; ipi++)
		enable_percpu_irq(ipi);
	timer_cpu_init();
	smp_wmb();
	WRITE_ONCE(cpu->online, true);
	local_irq_enable();
	cpu_idle();
}

/* The secondary reads this with its MMU and caches off: push it to memory. */
static void publish_ttbr1(void)
{
	secondary_ttbr1 = __pa(swapper_pg_dir);
	asm volatile("dc civac, %0" : : "r"(&secondary_ttbr1) : "memory");
	dsb(sy);
}

/* Use the stack [base, base + KERNEL_STACK_SIZE) on this CPU from now on. */
void cpu_set_stack(struct cpu *cpu, void *base)
{
	cpu->stack_base = (unsigned long)base;
	cpu->stack_top = (char *)base + KERNEL_STACK_SIZE;
	cpu->overflow_stack_top = &overflow_stacks[cpu->id][OVERFLOW_STACK_SIZE];
}

static bool boot_secondary(unsigned int id)
{
	struct task_struct *idle = idle_task_create(id);
	u64 deadline;
	int err;

	if (!idle) {
		pr_err("smp: no memory for CPU%u's idle task\n", id);
		return false;
	}
	cpus[id].idle = idle;
	cpus[id].curr = idle;
	cpu_set_stack(&cpus[id], idle->stack);
	err = psci_cpu_on(cpus[id].mpidr, __pa_symbol(secondary_entry), (u64)&cpus[id]);
	if (err) {
		pr_err("smp: CPU%u (MPIDR %#llx) did not start: PSCI error %d\n", id,
		       (unsigned long long)cpus[id].mpidr, err);
		cpus[id].idle = cpus[id].curr = NULL;
		sched_remove_task(idle);
		return false;
	}
	deadline = ktime_get_ns() + CPU_ONLINE_TIMEOUT_US * 1000ull;
	while (!READ_ONCE(cpus[id].online)) {
		if (ktime_get_ns() > deadline) {
			pr_err("smp: CPU%u did not come online\n", id);
			return false;
		}
		cpu_relax();
	}
	return true;
}

void boot_cpu_init(void)
{
	cpus[0].id = 0;
	cpus[0].mpidr = read_sysreg(mpidr_el1) & 0xff00ffffffull;
	cpus[0].online = true;
	cpu_set_stack(&cpus[0], boot_stack);
	set_this_cpu(&cpus[0]);
}

void smp_init(const u64 *mpidrs, unsigned int count)
{
	unsigned int i, id = 1;

	ipi_init();
	publish_ttbr1();
	for (i = 0; i < count && id < NR_CPUS; i++) {
		if (mpidrs[i] == cpus[0].mpidr)
			continue;
		cpus[id].id = id;
		cpus[id].mpidr = mpidrs[i];
		nr_cpus_possible = id + 1;
		if (boot_secondary(id))
			id++;
	}
	nr_cpus_possible = id;
	if (count > NR_CPUS)
		pr_warn("smp: %u CPUs in the device tree, using %u (NR_CPUS)\n", count, NR_CPUS);
	pr_info("smp: Brought up %u CPUs\n", num_online_cpus());
}
