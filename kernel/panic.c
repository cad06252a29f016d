/*
 * panic(): the kernel cannot go on. The first CPU to panic stops the
 * others, prints why (and, unless an oops report already did, where),
 * then does what `panic=` asks: 0 (default) halt, N > 0 reboot after N
 * seconds, N < 0 reboot at once (with QEMU's -no-reboot, QEMU exits).
 */
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/smp.h>
#include <asm/irqflags.h>
#include <asm/setup.h>
#include <asm/stacktrace.h>
#include <asm/psci.h>
#include <asm/timer.h>

int panic_timeout;
bool oops_in_progress;
static int panic_cpu = -1;

static void __noreturn halt_forever(void)
{
	local_irq_disable();
	for (;;)
		asm volatile("wfi");
}

void panic(const char *fmt, ...)
{
	int none = -1;
	char reason[256];
	va_list args;

	local_irq_disable();
	if (!__atomic_compare_exchange_n(&panic_cpu, &none, (int)smp_processor_id(), false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		halt_forever();	/* another CPU is already panicking */
	printk_bust_lock();
	smp_send_stop();
	va_start(args, fmt);
	vsnprintf(reason, sizeof(reason), fmt, args);
	va_end(args);
	printk(KERN_EMERG "Kernel panic - not syncing: %s\n", reason);
	if (!oops_in_progress)
		dump_stack();
	printk(KERN_EMERG "---[ end Kernel panic - not syncing: %s ]---\n", reason);
	if (panic_timeout > 0) {
		printk(KERN_EMERG "Rebooting in %d seconds..\n", panic_timeout);
		udelay((unsigned long)panic_timeout * 1000000);
	}
	if (panic_timeout != 0)
		psci_system_reset();
	halt_forever();
}
