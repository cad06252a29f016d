/*
 * GICv2: a memory-mapped distributor shared by all CPUs, and a banked
 * memory-mapped CPU interface at the same address on every CPU.
 * SPIs are routed to the boot CPU; SGIs name their targets by CPU
 * interface number, which each CPU learns from its banked ITARGETSR0.
 */
#include <asm/irq.h>
#include <asm/io.h>
#include <mm/vmalloc.h>
#include <kernel/smp.h>

#define GICD_CTLR 0x000
#define GICD_ISENABLER 0x100
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_SGIR 0xf00
#define GICC_CTLR 0x000
#define GICC_PMR 0x004
#define GICC_BPR 0x008
#define GICC_IAR 0x00c
#define GICC_EOIR 0x010

#define GIC_PRIORITY_DEFAULT 0xa0
#define GIC_PRIORITY_MASK_ALL_ALLOWED 0xf0

static void __iomem *dist;
static void __iomem *cpu_if;
static u8 cpu_if_mask[NR_CPUS];	/* bit of each CPU's interface in ITARGETSR */

static void gicv2_cpu_init(void)
{
	cpu_if_mask[smp_processor_id()] = readb(dist + GICD_ITARGETSR);
	writel(GIC_PRIORITY_MASK_ALL_ALLOWED, cpu_if + GICC_PMR);
	writel(0, cpu_if + GICC_BPR);
	writel(1, cpu_if + GICC_CTLR);
}

static void gicv2_enable_irq(unsigned int irq)
{
	writeb(GIC_PRIORITY_DEFAULT, dist + GICD_IPRIORITYR + irq);
	if (irq >= 32)
		writeb(cpu_if_mask[0], dist + GICD_ITARGETSR + irq);
	writel(1u << (irq % 32), dist + GICD_ISENABLER + 4 * (irq / 32));
}

static unsigned int gicv2_ack(void)
{
	return readl(cpu_if + GICC_IAR) & 0x3ff;
}

static void gicv2_eoi(unsigned int irq)
{
	writel(irq, cpu_if + GICC_EOIR);
}

static void gicv2_send_sgi(unsigned int cpu, unsigned int sgi)
{
	/* The IPI's data must be visible before the interrupt is. */
	dsb(ishst);
	writel(((u32)cpu_if_mask[cpu] << 16) | sgi, dist + GICD_SGIR);
}

static const struct gic_chip gicv2_chip = {
	.name = "GICv2",
	.cpu_init = gicv2_cpu_init,
	.enable_irq = gicv2_enable_irq,
	.ack = gicv2_ack,
	.eoi = gicv2_eoi,
	.send_sgi = gicv2_send_sgi,
};

const struct gic_chip *gicv2_init(phys_addr_t dist_phys, phys_addr_t cpu_if_phys)
{
	dist = ioremap(dist_phys, 0x10000);
	cpu_if = ioremap(cpu_if_phys, 0x10000);
	writel(1, dist + GICD_CTLR);
	gicv2_cpu_init();
	return &gicv2_chip;
}
