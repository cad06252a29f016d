/*
 * What this CPU can do, read from its ID registers once at boot: which
 * core it is, whether it has the Armv8.1 features the kernel uses when
 * present (LSE atomics for spinlocks, PAN), and how wide its ASIDs are
 * (head.S already set TCR_EL1.AS for 16 bits; asid_bits=8 on the command
 * line narrows the allocator to 8, so tests can force rollovers).
 */
#include <kernel/printk.h>
#include <kernel/lib/cmdline.h>
#include <kernel/lib/string.h>
#include <asm/sysreg.h>
#include <asm/setup.h>
#include <asm/asid.h>

bool arm64_has_lse;
bool arm64_has_pan;
static unsigned int cpu_asid_bits;	/* what ID_AA64MMFR0_EL1.ASIDBits says */

void cpu_detect_features(void)
{
	u64 isar0 = read_sysreg(id_aa64isar0_el1);
	u64 mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	u64 mmfr1 = read_sysreg(id_aa64mmfr1_el1);

	arm64_has_lse = ((isar0 >> 20) & 0xf) >= 2;
	arm64_has_pan = ((mmfr1 >> 20) & 0xf) >= 1;
	cpu_asid_bits = ((mmfr0 >> 4) & 0xf) == 2 ? 16 : 8;
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

void setup_asid_bits(void)
{
	const char *value = cmdline_get("asid_bits");
	unsigned int bits = cpu_asid_bits;

	if (value && strcmp(value, "8") == 0)
		bits = 8;
	else if (value && strcmp(value, "16") != 0)
		pr_warn("asid_bits=%s ignored: 8 or 16\n", value);
	asid_init(bits);
}

void print_cpu_features(void)
{
	u64 midr = read_sysreg(midr_el1);

	pr_info("CPU: %s (MIDR %#010llx), LSE atomics: %s, PAN: %s, ASIDs: %u bits (CPU: %u)\n",
		core_name(midr), (unsigned long long)midr, arm64_has_lse ? "yes" : "no",
		arm64_has_pan ? "yes" : "no", asid_bits, cpu_asid_bits);
}
