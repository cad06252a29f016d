/*
 * PSCI calls, through HVC or SMC as the device tree's /psci node says.
 * The calling convention is SMCCC: function ID in x0, arguments in x1-x3,
 * result in x0.
 */
#include <asm/psci.h>
#include <kernel/printk.h>

#define PSCI_0_2_FN_PSCI_VERSION 0x84000000u
#define PSCI_0_2_FN64_CPU_ON 0xc4000003u
#define PSCI_0_2_FN_SYSTEM_OFF 0x84000008u
#define PSCI_0_2_FN_SYSTEM_RESET 0x84000009u

static bool psci_use_smc;

static u64 psci_call(u64 fn, u64 arg0, u64 arg1, u64 arg2)
{
	register u64 x0 asm("x0") = fn;
	register u64 x1 asm("x1") = arg0;
	register u64 x2 asm("x2") = arg1;
	register u64 x3 asm("x3") = arg2;

	if (psci_use_smc)
		asm volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	else
		asm volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return x0;
}

void psci_init(bool use_smc)
{
	psci_use_smc = use_smc;
}

u32 psci_version(void)
{
	return (u32)psci_call(PSCI_0_2_FN_PSCI_VERSION, 0, 0, 0);
}

int psci_cpu_on(u64 mpidr, phys_addr_t entry, u64 context_id)
{
	return (int)psci_call(PSCI_0_2_FN64_CPU_ON, mpidr, entry, context_id);
}

void psci_system_off(void)
{
	psci_call(PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		asm volatile("wfi");
}

void psci_system_reset(void)
{
	psci_call(PSCI_0_2_FN_SYSTEM_RESET, 0, 0, 0);
	for (;;)
		asm volatile("wfi");
}
