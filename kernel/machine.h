/*
 * What the device tree says about the machine, gathered once at boot
 * (kernel/devicetree.c) so the rest of the kernel never parses the blob.
 */
#ifndef KERNEL_MACHINE_H
#define KERNEL_MACHINE_H

#include <kernel/types.h>
#include <mm/mm.h>
#include <asm/smp.h>

#define MAX_MEMORY_RANGES 8
#define MAX_DT_CPUS 64
#define MAX_VIRTIO_MMIO 32	/* QEMU's virt lists 32 transports */

/* One virtio,mmio node: its register window and its interrupt. */
struct virtio_mmio_node {
	phys_addr_t base;
	u64 size;
	unsigned int irq;	/* GIC INTID */
};

struct machine {
	const char *model;
	struct mem_range dtb;
	struct mem_range memory[MAX_MEMORY_RANGES];
	unsigned int nr_memory;
	struct mem_range initrd;	/* empty when there is none */
	struct mem_range memreserve[MAX_MEMORY_RANGES];	/* /memreserve/ entries */
	unsigned int nr_memreserve;
	const char *bootargs;
	u64 boot_seed;			/* /chosen/rng-seed or kaslr-seed folded to 64 bits; 0 if none */

	phys_addr_t uart_base;
	unsigned int uart_irq;		/* GIC INTID */

	unsigned int gic_version;	/* 2 or 3 */
	phys_addr_t gic_dist;
	phys_addr_t gic_cpu_or_redist;	/* GICv2 CPU interface, GICv3 redistributors */
	u64 gic_redist_size;

	phys_addr_t rtc_base;		/* the PL031 real-time clock; 0 if there is none */

	/* virtio-mmio transports, in the tree's order (drivers/virtio_mmio.c probes them). */
	struct virtio_mmio_node virtio_mmio[MAX_VIRTIO_MMIO];
	unsigned int nr_virtio_mmio;

	unsigned int timer_irq;		/* the EL1 virtual timer's PPI, as an INTID */
	bool psci_smc;			/* PSCI through SMC rather than HVC */

	u64 cpu_mpidr[MAX_DT_CPUS];
	unsigned int nr_cpus;
};

extern struct machine machine;

/*
 * Read the device tree at dtb_pa. Returns NULL on success, or what is
 * missing or wrong (the console may not exist yet to say it).
 */
const char *machine_setup_fdt(phys_addr_t dtb_pa);

#endif
