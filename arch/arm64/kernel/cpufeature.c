/*
 * What this CPU can do, read from its ID registers once at boot: which
 * core it is, and whether it has the Armv8.1 features the kernel uses
 * when present (LSE atomics for spinlocks, PAN).
 */
#include <kernel/printk.h>
#include <asm/sysreg.h>
#include <asm/setup.h>

bool arm64_has_lse;
bool arm64_has_pan;

void cpu_detect_features(void)
{
	u64 isar0 = read_sysreg(id_aa64isar0_el1);
	u64 mmfr1 = read_sysreg(id_aa64mmfr1_el1);

	arm64_has_lse = ((isar0 >> 20) & 0xf) >= 2;
	arm64_has_pan = ((mmfr1 >> 20) & 0xf) >= 1;
	cpuinfo_store_cpu();
}

static const char *core_name(u64 midr)
{
	unsigned int implementer = (midr >> 24) & 0xff;
	unsigned int part = (midr >> 4) & 0xfff;

	if (implementer != 0x41)
		return implementer == 0 ? "QEMU 'max'" : "unknown core";
	switch (part) {
	case 0xd03:
		return "Cortex-A53";
	case 0xd07:
		return "Cortex-A57";
	case 0xd08:
		return "Cortex-A72";
	case 0xd0c:
		return "Neoverse-N1";
	default:
		return "Arm core";
	}
}

void print_cpu_features(void)
{
	u64 midr = read_sysreg(midr_el1);

	pr_info("CPU: %s (MIDR %#010llx), LSE atomics: %s, PAN: %s\n", core_name(midr),
		(unsigned long long)midr, arm64_has_lse ? "yes" : "no",
		arm64_has_pan ? "yes" : "no");
}
