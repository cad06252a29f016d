/* PSCI: asking the firmware (or QEMU) to start CPUs and to power off. */
#ifndef ASM_PSCI_H
#define ASM_PSCI_H

#include <kernel/types.h>

void psci_init(bool use_smc);
int psci_cpu_on(u64 mpidr, phys_addr_t entry, u64 context_id);
void __noreturn psci_system_off(void);
void __noreturn psci_system_reset(void);
u32 psci_version(void);

#endif
