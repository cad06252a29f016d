/*
 * Filling struct machine from the flattened device tree: RAM, command line,
 * initramfs, UART, GIC, timer, PSCI method, CPUs and virtio-mmio
 * transports. Every device address the kernel uses comes from here;
 * nothing about QEMU's virt machine is assumed that the tree already says.
 */
#include <kernel/machine.h>
#include <kernel/lib/fdt.h>
#include <kernel/lib/string.h>
#include <asm/memory.h>

#define GIC_SPI 0
#define GIC_PPI 1
#define TIMER_VIRT_INDEX 2	/* interrupts: secure phys, phys, virt, hyp */

struct machine machine;

/* Interrupt i of a node, as a GIC INTID (cells: type, number, flags). */
static bool read_interrupt(const void *fdt, int node, int i, unsigned int *intid)
{
	u32 type, number;

	if (!fdt_getprop_cell(fdt, node, "interrupts", 3 * i, &type) ||
	    !fdt_getprop_cell(fdt, node, "interrupts", 3 * i + 1, &number))
		return false;
	*intid = number + (type == GIC_PPI ? 16 : 32);
	return true;
}

static void find_memory(const void *fdt)
{
	int node = -1;

	while ((node = fdt_node_offset_by_device_type(fdt, node, "memory")) >= 0) {
		u64 addr, size;
		int i;

		for (i = 0; fdt_read_reg(fdt, node, i, &addr, &size) == 0; i++) {
			if (machine.nr_memory == MAX_MEMORY_RANGES || size == 0)
				continue;
			machine.memory[machine.nr_memory++] =
				(struct mem_range){ addr, addr + size };
		}
	}
}

/* Ranges the boot loader asked the kernel never to use (e.g. firmware tables). */
static void find_memreserve(const void *fdt)
{
	u64 addr, size;
	int i;

	for (i = 0; fdt_get_mem_rsv(fdt, i, &addr, &size) == 0 && size; i++) {
		if (machine.nr_memreserve == MAX_MEMORY_RANGES)
			break;
		machine.memreserve[machine.nr_memreserve++] =
			(struct mem_range){ addr, addr + size };
	}
}

/*
 * Random bytes the boot loader leaves (QEMU and U-Boot fill /chosen/rng-seed
 * and kaslr-seed), folded into 64 bits: entropy for getrandom from the
 * very first call.
 */
static u64 boot_seed(const void *fdt, int chosen)
{
	static const char *const names[] = { "rng-seed", "kaslr-seed" };
	const u8 *bytes;
	u64 seed = 0;
	int len, i, n;

	for (n = 0; n < 2; n++) {
		bytes = fdt_getprop(fdt, chosen, names[n], &len);
		for (i = 0; bytes && i < len; i++)
			seed = (seed << 8 | seed >> 56) ^ bytes[i];
	}
	return seed;
}

static void find_chosen(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	u64 start, end;

	if (chosen < 0)
		return;
	machine.bootargs = fdt_getprop_string(fdt, chosen, "bootargs");
	machine.boot_seed = boot_seed(fdt, chosen);
	if (fdt_getprop_number(fdt, chosen, "linux,initrd-start", &start) &&
	    fdt_getprop_number(fdt, chosen, "linux,initrd-end", &end) && end > start)
		machine.initrd = (struct mem_range){ start, end };
}

/* The UART named by /chosen/stdout-path, else the first PL011. */
static int find_uart_node(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *path = chosen >= 0 ? fdt_getprop_string(fdt, chosen, "stdout-path") : NULL;
	char buf[128];
	int node;

	if (path && path[0] == '/') {
		strscpy(buf, path, sizeof(buf));
		if (strchr(buf, ':'))
			*strchr(buf, ':') = '\0';	/* drop options such as ":115200n8" */
		node = fdt_path_offset(fdt, buf);
		if (node >= 0 && fdt_node_is_compatible(fdt, node, "arm,pl011"))
			return node;
	}
	return fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");
}

static const char *find_uart(const void *fdt)
{
	int node = find_uart_node(fdt);
	u64 size;

	if (node < 0 || fdt_read_reg(fdt, node, 0, &machine.uart_base, &size))
		return "no PL011 UART";
	if (!read_interrupt(fdt, node, 0, &machine.uart_irq))
		return "PL011 UART without interrupts";
	return NULL;
}

static const char *find_gic(const void *fdt)
{
	static const char *const v2_names[] = { "arm,gic-400", "arm,cortex-a15-gic",
						"arm,cortex-a9-gic" };
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	u64 size;
	unsigned int i;

	machine.gic_version = 3;
	for (i = 0; node < 0 && i < ARRAY_SIZE(v2_names); i++) {
		node = fdt_node_offset_by_compatible(fdt, -1, v2_names[i]);
		machine.gic_version = 2;
	}
	if (node < 0)
		return "no GICv2 or GICv3 interrupt controller";
	if (fdt_read_reg(fdt, node, 0, &machine.gic_dist, &size) ||
	    fdt_read_reg(fdt, node, 1, &machine.gic_cpu_or_redist, &machine.gic_redist_size))
		return "GIC without its register ranges";
	return NULL;
}

static const char *find_timer_and_psci(const void *fdt)
{
	int timer = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");
	int psci = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-1.0");
	const char *method;

	if (timer < 0 || !read_interrupt(fdt, timer, TIMER_VIRT_INDEX, &machine.timer_irq))
		return "no arm,armv8-timer with a virtual timer interrupt";
	if (psci < 0)
		psci = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");
	if (psci < 0)
		return "no PSCI 0.2 or later";
	method = fdt_getprop_string(fdt, psci, "method");
	if (!method || (strcmp(method, "smc") && strcmp(method, "hvc")))
		return "PSCI without a method";
	machine.psci_smc = strcmp(method, "smc") == 0;
	return NULL;
}

/* Optional: without a real-time clock the wall clock starts at 1970. */
static void find_rtc(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl031");
	u64 size;

	if (node < 0 || fdt_read_reg(fdt, node, 0, &machine.rtc_base, &size))
		machine.rtc_base = 0;
}

/*
 * Every virtio,mmio node under the root with a register window and an
 * interrupt, in the tree's order (QEMU writes them lowest address first):
 * the order Linux probes them in, so that vda names the same disk on both.
 * Linux's platform devices are the root's children too; knowing the parent
 * spares fdt_read_reg a walk from the root for each of QEMU's 32 nodes.
 */
static void find_virtio_mmio(const void *fdt)
{
	int root = fdt_path_offset(fdt, "/");
	int node;

	for (node = fdt_first_subnode(fdt, root);
	     node >= 0 && machine.nr_virtio_mmio < MAX_VIRTIO_MMIO;
	     node = fdt_next_subnode(fdt, node)) {
		struct virtio_mmio_node *v = &machine.virtio_mmio[machine.nr_virtio_mmio];

		if (fdt_node_is_compatible(fdt, node, "virtio,mmio") &&
		    fdt_read_reg_in(fdt, root, node, 0, &v->base, &v->size) == 0 &&
		    read_interrupt(fdt, node, 0, &v->irq))
			machine.nr_virtio_mmio++;
	}
}

static void find_cpus(const void *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	int node;

	if (cpus < 0)
		return;
	for (node = fdt_first_subnode(fdt, cpus); node >= 0;
	     node = fdt_next_subnode(fdt, node)) {
		const char *type = fdt_getprop_string(fdt, node, "device_type");
		u64 mpidr, size;

		if (!type || strcmp(type, "cpu") || machine.nr_cpus == MAX_DT_CPUS)
			continue;
		if (fdt_read_reg(fdt, node, 0, &mpidr, &size) == 0)
			machine.cpu_mpidr[machine.nr_cpus++] = mpidr;
	}
}

const char *machine_setup_fdt(phys_addr_t dtb_pa)
{
	const void *fdt = __va(dtb_pa);
	const char *problem;

	if (fdt_check_header(fdt))
		return "no valid device tree at the address in x0";
	machine.dtb = (struct mem_range){ dtb_pa, dtb_pa + fdt_totalsize(fdt) };
	machine.model = fdt_getprop_string(fdt, fdt_path_offset(fdt, "/"), "model");
	find_memory(fdt);
	find_memreserve(fdt);
	if (machine.nr_memory == 0)
		return "no memory node";
	find_chosen(fdt);
	find_cpus(fdt);
	find_rtc(fdt);
	find_virtio_mmio(fdt);
	problem = find_uart(fdt);
	if (!problem)
		problem = find_gic(fdt);
	if (!problem)
		problem = find_timer_and_psci(fdt);
	return problem;
}
