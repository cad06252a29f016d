/*
 * GICv3: a memory-mapped distributor, one redistributor per CPU (found by
 * matching its affinity against MPIDR_EL1), and a CPU interface reached
 * through system registers (ICC_*_EL1). Everything is Group 1, the group
 * the kernel's IRQs use. SPIs are routed to the boot CPU by affinity.
 */
#include <asm/irq.h>
#include <asm/io.h>
#include <mm/vmalloc.h>
#include <asm/sysreg.h>
#include <kernel/smp.h>
#include <kernel/printk.h>

#define GICD_CTLR 0x0000
#define GICD_CTLR_RWP (1u << 31)
#define GICD_CTLR_ARE (1u << 4)
#define GICD_CTLR_ENABLE_G1 (1u << 1)
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER 0x6000

#define GICR_TYPER 0x0008
#define GICR_TYPER_VLPIS (1u << 1)
#define GICR_TYPER_LAST (1u << 4)
#define GICR_WAKER 0x0014
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_SGI_BASE 0x10000	/* second 64 KiB frame: SGI and PPI registers */
#define GICR_FRAME_STRIDE 0x20000
#define GICR_IGROUPR0 0x0080
#define GICR_ISENABLER0 0x0100
#define GICR_IPRIORITYR 0x0400

#define GIC_PRIORITY_DEFAULT 0xa0
#define GIC_PRIORITY_MASK_ALL_ALLOWED 0xf0
#define ICC_SRE_SRE 1u

static void __iomem *dist;
static void __iomem *redist_region;
static unsigned long redist_region_size;
static void __iomem *redist[NR_CPUS];

/* Affinity in GICR_TYPER's layout: Aff3.Aff2.Aff1.Aff0. */
static u32 mpidr_to_affinity32(u64 mpidr)
{
	return (u32)(((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff));
}

static void __iomem *find_redistributor(u64 mpidr)
{
	unsigned long offset = 0;

	while (offset < redist_region_size) {
		void __iomem *frame = redist_region + offset;
		u64 typer = readq(frame + GICR_TYPER);

		if ((u32)(typer >> 32) == mpidr_to_affinity32(mpidr))
			return frame;
		if (typer & GICR_TYPER_LAST)
			break;
		offset += typer & GICR_TYPER_VLPIS ? 2 * GICR_FRAME_STRIDE : GICR_FRAME_STRIDE;
	}
	return NULL;
}

static void gicv3_cpu_init(void)
{
	unsigned int cpu = smp_processor_id();
	void __iomem *rd = find_redistributor(read_sysreg(mpidr_el1));

	if (!rd)
		panic("GICv3: no redistributor for CPU %u (MPIDR %#llx)", cpu,
		      (unsigned long long)read_sysreg(mpidr_el1));
	redist[cpu] = rd;
	writel(readl(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP, rd + GICR_WAKER);
	while (readl(rd + GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP)
		cpu_relax();
	writel(~0u, rd + GICR_SGI_BASE + GICR_IGROUPR0);

	write_sysreg(read_sysreg(ICC_SRE_EL1) | ICC_SRE_SRE, ICC_SRE_EL1);
	isb();
	write_sysreg(GIC_PRIORITY_MASK_ALL_ALLOWED, ICC_PMR_EL1);
	write_sysreg(0, ICC_BPR1_EL1);
	write_sysreg(0, ICC_CTLR_EL1);
	write_sysreg(1, ICC_IGRPEN1_EL1);
	isb();
}

static void gicv3_enable_irq(unsigned int irq)
{
	if (irq < 32) {
		void __iomem *sgi = redist[smp_processor_id()] + GICR_SGI_BASE;

		writeb(GIC_PRIORITY_DEFAULT, sgi + GICR_IPRIORITYR + irq);
		writel(1u << irq, sgi + GICR_ISENABLER0);
		return;
	}
	writel(readl(dist + GICD_IGROUPR + 4 * (irq / 32)) | 1u << (irq % 32),
	       dist + GICD_IGROUPR + 4 * (irq / 32));
	writeb(GIC_PRIORITY_DEFAULT, dist + GICD_IPRIORITYR + irq);
	writeq(cpus[0].mpidr & 0xff00ffffffull, dist + GICD_IROUTER + 8 * irq);
	writel(1u << (irq % 32), dist + GICD_ISENABLER + 4 * (irq / 32));
}

static unsigned int gicv3_ack(void)
{
	unsigned int irq = read_sysreg(ICC_IAR1_EL1) & 0xffffff;

	dsb(sy);	/* as the architecture asks after reading IAR */
	return irq;
}

static void gicv3_eoi(unsigned int irq)
{
	write_sysreg(irq, ICC_EOIR1_EL1);
	isb();
}

static void gicv3_send_sgi(unsigned int cpu, unsigned int sgi)
{
	u64 mpidr = cpus[cpu].mpidr;
	u64 val = (u64)sgi << 24 |
		  ((mpidr >> 8) & 0xff) << 16 |		/* Aff1 */
		  ((mpidr >> 16) & 0xff) << 32 |	/* Aff2 */
		  ((mpidr >> 32) & 0xff) << 48 |	/* Aff3 */
		  1u << (mpidr & 0xf);			/* target list: Aff0 */

	/* The IPI's data must be visible before the interrupt is. */
	dsb(ishst);
	write_sysreg(val, ICC_SGI1R_EL1);
	isb();
}

static const struct gic_chip gicv3_chip = {
	.name = "GICv3",
	.cpu_init = gicv3_cpu_init,
	.enable_irq = gicv3_enable_irq,
	.ack = gicv3_ack,
	.eoi = gicv3_eoi,
	.send_sgi = gicv3_send_sgi,
};

const struct gic_chip *gicv3_init(phys_addr_t dist_phys, phys_addr_t redist_phys,
				  unsigned long redist_size)
{
	dist = ioremap(dist_phys, 0x10000);
	redist_region = ioremap(redist_phys, redist_size);
	redist_region_size = redist_size;
	writel(0, dist + GICD_CTLR);
	while (readl(dist + GICD_CTLR) & GICD_CTLR_RWP)
		cpu_relax();
	writel(GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1, dist + GICD_CTLR);
	gicv3_cpu_init();
	return &gicv3_chip;
}
