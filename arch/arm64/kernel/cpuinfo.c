/*
 * /proc/cpuinfo for arm64: each CPU records its identification registers
 * when it comes up (MIDR_EL1 names the core, the ID_AA64* registers what
 * it can do), and cpuinfo_show() prints them in Linux's arm64 layout, the
 * feature names being the ones Linux gives the matching HWCAP bits, in
 * Linux's order. BogoMIPS is Linux's figure on arm64: derived from the
 * generic timer's frequency, not from a delay loop.
 */
#include <kernel/smp.h>
#include <kernel/fs/procfs.h>
#include <asm/sysreg.h>
#include <asm/setup.h>

struct cpuinfo_arm64 {
	u64 midr;
	u64 pfr0, isar0, isar1;
};

static struct cpuinfo_arm64 cpu_data[NR_CPUS];

void cpuinfo_store_cpu(void)
{
	struct cpuinfo_arm64 *info = &cpu_data[smp_processor_id()];

	info->midr = read_sysreg(midr_el1);
	info->pfr0 = read_sysreg(id_aa64pfr0_el1);
	info->isar0 = read_sysreg(id_aa64isar0_el1);
	info->isar1 = read_sysreg(id_aa64isar1_el1);
}

/* A feature present when a 4-bit ID field is at least min (unsigned fields). */
struct hwcap_field {
	const char *name;
	u8 reg;			/* 0: ISAR0, 1: ISAR1 */
	u8 shift;
	u8 min;
};

enum { ISAR0, ISAR1 };

/* The features Linux lists after fp and asimd, up to fphp. */
static const struct hwcap_field hwcaps_early[] = {
	{ "aes", ISAR0, 4, 1 }, { "pmull", ISAR0, 4, 2 }, { "sha1", ISAR0, 8, 1 },
	{ "sha2", ISAR0, 12, 1 }, { "crc32", ISAR0, 16, 1 }, { "atomics", ISAR0, 20, 2 },
};

/* ...and after fphp, asimdhp and cpuid. */
static const struct hwcap_field hwcaps_late[] = {
	{ "asimdrdm", ISAR0, 28, 1 }, { "jscvt", ISAR1, 12, 1 }, { "fcma", ISAR1, 16, 1 },
	{ "lrcpc", ISAR1, 20, 1 }, { "dcpop", ISAR1, 0, 1 }, { "sha3", ISAR0, 32, 1 },
	{ "sm3", ISAR0, 36, 1 }, { "sm4", ISAR0, 40, 1 }, { "asimddp", ISAR0, 44, 1 },
	{ "sha512", ISAR0, 12, 2 }, { "asimdfhm", ISAR0, 48, 1 }, { "ilrcpc", ISAR1, 20, 2 },
	{ "flagm", ISAR0, 52, 1 }, { "dcpodp", ISAR1, 0, 2 }, { "flagm2", ISAR0, 52, 2 },
	{ "rng", ISAR0, 60, 1 },
};

static unsigned int id_field(u64 reg, unsigned int shift)
{
	return (reg >> shift) & 0xf;
}

/* PFR0's FP (bits 16-19) and AdvSIMD (20-23): 0 present, 1 with half precision, 0xf absent. */
static void show_fp_features(struct seq_buf *m, const struct cpuinfo_arm64 *info, bool late)
{
	unsigned int fp = id_field(info->pfr0, 16), simd = id_field(info->pfr0, 20);

	if (!late) {
		seq_buf_printf(m, "%s%s", fp != 0xf ? " fp" : "", simd != 0xf ? " asimd" : "");
		return;
	}
	seq_buf_printf(m, "%s%s cpuid", fp == 1 ? " fphp" : "", simd == 1 ? " asimdhp" : "");
}

static void show_hwcaps(struct seq_buf *m, const struct cpuinfo_arm64 *info,
			const struct hwcap_field *caps, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		u64 reg = caps[i].reg == ISAR0 ? info->isar0 : info->isar1;

		if (id_field(reg, caps[i].shift) >= caps[i].min)
			seq_buf_printf(m, " %s", caps[i].name);
	}
}

static void show_features(struct seq_buf *m, const struct cpuinfo_arm64 *info)
{
	seq_buf_printf(m, "Features\t:");
	show_fp_features(m, info, false);
	show_hwcaps(m, info, hwcaps_early, ARRAY_SIZE(hwcaps_early));
	show_fp_features(m, info, true);
	show_hwcaps(m, info, hwcaps_late, ARRAY_SIZE(hwcaps_late));
	seq_buf_printf(m, "\n");
}

void cpuinfo_show(struct seq_buf *m)
{
	u64 freq = read_sysreg(cntfrq_el0);
	unsigned int i;

	for (i = 0; i < nr_cpus_possible; i++) {
		const struct cpuinfo_arm64 *info = &cpu_data[i];

		if (!READ_ONCE(cpus[i].online))
			continue;
		seq_buf_printf(m, "processor\t: %u\nBogoMIPS\t: %llu.%02llu\n", i,
			       (unsigned long long)(freq / 500000),
			       (unsigned long long)(freq / 5000 % 100));
		show_features(m, info);
		seq_buf_printf(m, "CPU implementer\t: 0x%02llx\nCPU architecture: 8\n"
			       "CPU variant\t: 0x%llx\nCPU part\t: 0x%03llx\nCPU revision\t: %llu\n\n",
			       (unsigned long long)(info->midr >> 24 & 0xff),
			       (unsigned long long)(info->midr >> 20 & 0xf),
			       (unsigned long long)(info->midr >> 4 & 0xfff),
			       (unsigned long long)(info->midr & 0xf));
	}
}
