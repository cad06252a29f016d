/*
 * start_kernel: the boot CPU's path from head.S to a running system.
 * Each step relies on the ones before it: the device tree tells where RAM
 * and the devices are; the page tables make RAM and the UART reachable;
 * the console lets everything after it speak; memory management, then
 * interrupts, timer and the other CPUs follow.
 */
#include <asm/signal.h>
#include <kernel/machine.h>
#include <kernel/lib/cmdline.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/watchdog.h>
#include <kernel/smp.h>
#include <kernel/lib/string.h>
#include <kernel/version.h>
#include <kernel/kbench.h>
#include <kernel/fault_task.h>
#include <kernel/sched.h>
#include <kernel/fs/fs.h>
#include <kernel/fs/rootfs.h>
#include <kernel/drivers/virtio.h>
#include <kernel/syscalls.h>
#include <asm/setup.h>
#include <asm/sysreg.h>
#include <asm/irq.h>
#include <asm/irqflags.h>
#include <asm/timer.h>
#include <asm/psci.h>
#include <asm/pl011.h>
#include <asm/rtc.h>
#include <mm/mm.h>
#include <mm/pgtable.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include <mm/vma.h>
#include <mm/page_table_check.h>

void boot_cpu_init(void);
int ktest_run(const char *selection);
void __noreturn monitor(void);
void start_kernel(phys_addr_t dtb_pa, unsigned int entry_el);

static unsigned int boot_el;

/* RAM as one span: holes between banks become reserved pages. */
static struct mem_range ram_span(void)
{
	struct mem_range span = machine.memory[0];
	unsigned int i;

	for (i = 1; i < machine.nr_memory; i++) {
		span.start = MIN(span.start, machine.memory[i].start);
		span.end = MAX(span.end, machine.memory[i].end);
	}
	return span;
}

/* key=N on the command line: N in *n and true; false when absent or empty. */
static bool number_option(const char *key, long *n)
{
	const char *value = cmdline_get(key);

	if (!value || !*value)
		return false;
	*n = strtol(value, NULL, 0);
	return true;
}

static void apply_early_options(void)
{
	const char *value;
	long n;

	if (cmdline_has("quiet"))
		console_loglevel = 4;
	if (number_option("loglevel", &n))
		console_loglevel = (int)n;
	if (number_option("panic", &n))
		panic_timeout = (int)n;
	value = cmdline_get("slub_debug");
	if (value)
		slub_debug_setup(value);
	if (number_option("watchdog_thresh", &n))
		watchdog_thresh = (int)n;
	if (cmdline_has("nowatchdog") || cmdline_has("nosoftlockup"))
		watchdog_thresh = 0;
	if (number_option("softlockup_panic", &n))
		softlockup_panic = (int)n;
	if (number_option("hung_task_timeout_secs", &n))
		hung_task_timeout_secs = (unsigned long)n;
	if (number_option("hung_task_panic", &n))
		hung_task_panic = (int)n;
	if (number_option("prove_locking", &n))
		prove_locking = debug_locks = n != 0;
	value = cmdline_get("spinlock");
	if (value && strcmp(value, "ticket") == 0)
		spinlock_ticket = true;
	value = cmdline_get("page_table_check");
	if (value && strcmp(value, "on") == 0)
		page_table_check_enabled = true;
}

static void print_banner(struct mem_range ram)
{
	pr_notice("%s\n", tkern_banner);
	pr_info("Machine model: %s\n", machine.model ? machine.model : "unknown");
	pr_info("Entered at EL%u, running at EL1\n", boot_el);
	pr_info("Kernel command line: %s\n", machine.bootargs ? machine.bootargs : "");
	pr_info("Spinlocks: %s\n", spinlock_ticket ? "tickets, first come first served" :
		"test-and-set, first to see it free");
	if (prove_locking)
		pr_info("Lock dependency validator: on (prove_locking=1)\n");
	pr_info("Memory: %llu MiB of RAM at %#llx-%#llx\n",
		(unsigned long long)((ram.end - ram.start) >> 20),
		(unsigned long long)ram.start, (unsigned long long)ram.end);
	pr_info("Device tree: %u CPUs, GICv%u, PSCI via %s, UART at %#llx (irq %u)\n",
		machine.nr_cpus, machine.gic_version, machine.psci_smc ? "smc" : "hvc",
		(unsigned long long)machine.uart_base, machine.uart_irq);
	print_cpu_features();
}

/*
 * What the command line's limits dropped and what no part of tkern reads,
 * one line each, so that a long rdinit= or a mistyped option is not lost
 * without a word.
 */
static void report_cmdline_drops(void)
{
	static char unknown[256];

	if (cmdline_dropped.chars)
		pr_warn("Kernel command line: longer than %d characters, the last %zu dropped: \"%.40s%s\"\n",
			COMMAND_LINE_SIZE - 1, cmdline_dropped.chars, cmdline_dropped.chars_from,
			cmdline_dropped.chars > 40 ? "..." : "");
	if (cmdline_dropped.options)
		pr_warn("Kernel command line: more than %d options, %d dropped from `%s' on\n",
			CMDLINE_MAX_PARAMS, cmdline_dropped.options, cmdline_dropped.first_option);
	if (cmdline_dropped.init_args)
		pr_warn("Kernel command line: more than %d init arguments, %d dropped from `%s' on\n",
			CMDLINE_MAX_INIT_ARGS, cmdline_dropped.init_args,
			cmdline_dropped.first_init_arg);
	if (cmdline_unknown(unknown, sizeof(unknown)))
		pr_warn("Unknown kernel command line parameters \"%s\", ignored "
			"(init gets only the words after --)\n", unknown);
}

static void __iomem *early_uart;

/* Now that vmalloc exists, the UART is mapped like any device; the fixmap empties. */
static void console_move_to_ioremap(void)
{
	void __iomem *uart = ioremap(machine.uart_base, PAGE_SIZE);

	if (!uart)
		panic("cannot ioremap the UART at %#llx", (unsigned long long)machine.uart_base);
	pl011_rebase(uart);
	early_iounmap(early_uart, PAGE_SIZE);
}

static void print_buddyinfo(void)
{
	char text[160];
	struct seq_buf s;

	seq_buf_init(&s, text, sizeof(text));
	buddyinfo_show(&s);
	pr_info("buddyinfo: %s", text);
}

static void mm_init(struct mem_range ram)
{
	struct mem_range reserved[3 + MAX_MEMORY_RANGES];
	unsigned int n = 0, i;

	reserved[n++] = (struct mem_range){ __pa_symbol(_text), __pa_symbol(_end) };
	reserved[n++] = machine.dtb;
	if (machine.initrd.end > machine.initrd.start)
		reserved[n++] = machine.initrd;
	for (i = 0; i < machine.nr_memreserve; i++)
		reserved[n++] = machine.memreserve[i];
	page_alloc_init(ram, reserved, n);
	pgtable_use_page_allocator();
	kmem_cache_init();
	mmap_init();
	vmalloc_init();
	console_move_to_ioremap();
	pr_info("Memory: %luK/%lluK available (%luK kernel image, %lluK reserved)\n",
		nr_free_pages() * (PAGE_SIZE / 1024),
		(unsigned long long)(ram.end - ram.start) / 1024,
		(unsigned long)(_end - _text) / 1024,
		(unsigned long long)(ram.end - ram.start) / 1024 -
			nr_free_pages() * (PAGE_SIZE / 1024));
	print_memory_layout(ram);
	print_buddyinfo();
	if (check_wx_mappings())
		pr_warn("Checked W+X mappings: FAILED, %lu W+X pages found\n", check_wx_mappings());
	else
		pr_info("Checked W+X mappings: passed, no W+X pages found\n");
}

static void irq_init(void)
{
	if (machine.gic_version == 3)
		gic = gicv3_init(machine.gic_dist, machine.gic_cpu_or_redist,
				 machine.gic_redist_size);
	else
		gic = gicv2_init(machine.gic_dist, machine.gic_cpu_or_redist);
	pr_info("%s: distributor at %#llx\n", gic->name, (unsigned long long)machine.gic_dist);
}

static void __noreturn run_tests_and_power_off(const char *selection)
{
	int failed = ktest_run(selection);

	pr_info("ktest: finished with %d failure(s); powering off\n", failed);
	psci_system_off();
}

/*
 * rdinit= (default /init) names the first user program. When it is there,
 * this thread becomes that process and never comes back. Without a usable
 * one, Linux panics; tkern does so when panic= is set (so that an
 * automated boot ends by itself) and otherwise starts its monitor.
 */
static void start_init_process(void)
{
	const char *init = cmdline_get("rdinit");
	const char *argv[CMDLINE_MAX_INIT_ARGS + 2];
	struct inode *inode;
	int err;

	if (!init || !*init)
		init = "/init";
	if (ramfs_lookup(ramfs_root(), init, LOOKUP_FOLLOW, &inode)) {
		pr_info("No %s in the initramfs%s\n", init, panic_timeout ? "" :
			": starting the monitor");
	} else {
		/* argv: the path, then the command line's words after `--`. */
		argv[0] = init;
		argv[1 + cmdline_init_args(&argv[1], CMDLINE_MAX_INIT_ARGS)] = NULL;
		err = exec_first_process(init, argv);
		pr_err("Failed to execute %s (error %d)%s\n", init, err, panic_timeout ? "" :
		       ": starting the monitor");
	}
	if (panic_timeout)
		panic("No working init found.  Try passing rdinit= option to kernel.");
}

/* The first kernel thread: the first process, tests, benchmarks or the monitor. */
static int kernel_init(void *unused __unused)
{
	const char *tests;

	mapdrv_init();
	virtio_mmio_init();	/* before rootfs_init, which makes the disks' /dev nodes */
	rootfs_init();
	sigpage_init();
	/* Tests and benchmarks run instead of init, on a quiet machine. */
	tests = cmdline_get("ktest");
	if (tests)
		run_tests_and_power_off(tests);
	tests = cmdline_get("kbench");
	if (tests) {
		kbench_run(tests);
		psci_system_off();
	}
	start_init_process();
	monitor();
}

/*
 * The rest of the boot, on the boot CPU's vmalloc'd stack. Once the other
 * CPUs run and kernel_init is started, this first task becomes CPU 0's
 * idle task, as Linux's init_task does.
 */
static void __noreturn rest_init(void)
{
	sched_init();
	psci_init(machine.psci_smc);
	irq_init();
	timer_init(machine.timer_irq);
	rtc_hctosys();
	pl011_enable_rx_irq(machine.uart_irq);
	local_irq_enable();
	smp_init(machine.cpu_mpidr, machine.nr_cpus);
	if (!kthread_run(kernel_init, NULL, "kernel_init"))
		panic("cannot start kernel_init");
	cpu_idle();
}

/*
 * The boot stack lies in .bss with nothing to stop an overflow; from here
 * on the boot CPU, like the others, runs on a vmalloc'd stack with an
 * unmapped page below it.
 */
static void __noreturn move_to_vmalloc_stack(void)
{
	void *stack = vmalloc(KERNEL_STACK_SIZE);

	if (!stack)
		panic("no memory for the boot CPU's stack");
	cpu_set_stack(this_cpu(), stack);
	call_on_stack(this_cpu()->stack_top, rest_init);
}

void start_kernel(phys_addr_t dtb_pa, unsigned int entry_el)
{
	const char *problem;
	struct mem_range ram;

	boot_el = entry_el;
	boot_cpu_init();
	cpu_detect_features();
	problem = machine_setup_fdt(dtb_pa);
	if (problem)
		for (;;)	/* no console to report on; gdb shows `problem` */
			asm volatile("wfe");
	cmdline_parse(machine.bootargs ? machine.bootargs : "");
	apply_early_options();
	setup_asid_bits();
	ram = ram_span();
	paging_init(ram);
	early_uart = early_ioremap(machine.uart_base, PAGE_SIZE);
	pl011_console_init(early_uart);
	print_banner(ram);
	report_cmdline_drops();
	fault_inject_setup();	/* before the first allocation, as Linux's failslab= */
	mm_init(ram);
	move_to_vmalloc_stack();
}
