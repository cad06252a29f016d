/*
 * The Arm generic timer. The virtual counter (CNTVCT_EL0) is the clock;
 * each CPU's virtual timer raises its PPI HZ times a second for the tick.
 * At EL2 entry head.S set CNTVOFF_EL2 to zero, so virtual = physical time.
 */
#include <asm/timer.h>
#include <asm/irq.h>
#include <asm/sysreg.h>
#include <asm/barrier.h>
#include <kernel/smp.h>
#include <kernel/sched.h>
#include <kernel/time.h>
#include <kernel/timer.h>
#include <kernel/sysinfo.h>
#include <kernel/itimer.h>
#include <kernel/watchdog.h>

#define CNTV_CTL_ENABLE 1u

volatile unsigned long jiffies;
static unsigned int timer_irq;

static u64 timer_frequency(void)
{
	return read_sysreg(cntfrq_el0);
}

u64 ktime_get_ns(void)
{
	u64 freq = timer_frequency();
	u64 count;

	if (freq == 0)
		return 0;
	isb();	/* the counter read must not be hoisted above earlier code */
	count = read_sysreg(cntvct_el0);
	/* Split so that the product cannot overflow 64 bits. */
	return count / freq * NSEC_PER_SEC + count % freq * NSEC_PER_SEC / freq;
}

void udelay(unsigned long usecs)
{
	u64 end = ktime_get_ns() + (u64)usecs * 1000;

	while (ktime_get_ns() < end)
		cpu_relax();
}

static void timer_arm_next_tick(void)
{
	write_sysreg(timer_frequency() / HZ, cntv_tval_el0);
	write_sysreg(CNTV_CTL_ENABLE, cntv_ctl_el0);
	isb();
}

static void timer_interrupt(unsigned int irq __unused, void *data __unused)
{
	struct cpu *cpu = this_cpu();

	timer_arm_next_tick();
	cpu->ticks++;
	if (cpu->id == 0) {
		jiffies++;
		run_timers();
		calc_global_load();
		run_real_itimers();
		hung_task_tick();
	}
	itimer_tick(current);
	scheduler_tick();
	watchdog_tick();
}

#define CNTKCTL_EL0VCTEN (1u << 1)	/* EL0 may read the virtual counter */

/* User programs time themselves with it, as on Linux (its vDSO relies on it). */
static void allow_user_counter(void)
{
	write_sysreg(read_sysreg(cntkctl_el1) | CNTKCTL_EL0VCTEN, cntkctl_el1);
}

void timer_cpu_init(void)
{
	allow_user_counter();
	enable_percpu_irq(timer_irq);
	timer_arm_next_tick();
}

void timer_init(unsigned int irq)
{
	timer_irq = irq;
	allow_user_counter();
	request_irq(irq, timer_interrupt, NULL);
	timer_arm_next_tick();
}
