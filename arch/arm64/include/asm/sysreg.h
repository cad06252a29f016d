/*
 * System register values and accessors used at boot and by the drivers.
 * Values usable from assembly; the accessors only from C.
 */
#ifndef ASM_SYSREG_H
#define ASM_SYSREG_H

#include <asm/page-def.h>

/*
 * TCR_EL1: 48-bit VA in both halves (T0SZ = T1SZ = 16), 4 KiB granules,
 * table walks inner-shareable and write-back cacheable. IPS and AS are
 * filled in at boot from ID_AA64MMFR0_EL1.
 */
#define TCR_T0SZ (UL(16) << 0)
#define TCR_IRGN0_WBWA (UL(1) << 8)
#define TCR_ORGN0_WBWA (UL(1) << 10)
#define TCR_SH0_INNER (UL(3) << 12)
#define TCR_TG0_4K (UL(0) << 14)
#define TCR_T1SZ (UL(16) << 16)
#define TCR_IRGN1_WBWA (UL(1) << 24)
#define TCR_ORGN1_WBWA (UL(1) << 26)
#define TCR_SH1_INNER (UL(3) << 28)
#define TCR_TG1_4K (UL(2) << 30)
#define TCR_IPS_SHIFT 32
#define TCR_AS (UL(1) << 36)	/* 16-bit ASIDs */
#define TCR_HA (UL(1) << 39)	/* the hardware sets access flags (FEAT_HAF) */
#define TCR_EL1_BASE (TCR_T0SZ | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | \
		      TCR_TG0_4K | TCR_T1SZ | TCR_IRGN1_WBWA | TCR_ORGN1_WBWA | \
		      TCR_SH1_INNER | TCR_TG1_4K)

/* SCTLR_EL1: bits that read as one on Armv8.0 (SPAN, EIS, EOS among them). */
#define SCTLR_EL1_RES1 ((UL(1) << 29) | (UL(1) << 28) | (UL(1) << 23) | \
			(UL(1) << 22) | (UL(1) << 20) | (UL(1) << 11))
#define SCTLR_M (UL(1) << 0)	/* MMU on */
#define SCTLR_C (UL(1) << 2)	/* data cache on */
#define SCTLR_SA (UL(1) << 3)	/* stack alignment check, EL1 */
#define SCTLR_SA0 (UL(1) << 4)	/* stack alignment check, EL0 */
#define SCTLR_I (UL(1) << 12)	/* instruction cache on */
#define SCTLR_DZE (UL(1) << 14)	/* EL0 may use DC ZVA */
#define SCTLR_UCT (UL(1) << 15)	/* EL0 may read CTR_EL0 */
#define SCTLR_nTWI (UL(1) << 16)	/* EL0 WFI not trapped */
#define SCTLR_nTWE (UL(1) << 18)	/* EL0 WFE not trapped */
#define SCTLR_UCI (UL(1) << 26)	/* EL0 cache maintenance allowed */
#define SCTLR_EL1_MMU_OFF SCTLR_EL1_RES1
#define SCTLR_EL1_MMU_ON (SCTLR_EL1_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_SA0 | \
			  SCTLR_I | SCTLR_DZE | SCTLR_UCT | SCTLR_nTWI | SCTLR_nTWE | SCTLR_UCI)

#define CPACR_EL1_FPEN (UL(3) << 20)	/* FP/SIMD not trapped */

/* HCR_EL2.RW: EL1 runs in AArch64. */
#define HCR_EL2_RW (UL(1) << 31)
/* CPTR_EL2 bits that read as one; everything else zero: nothing trapped. */
#define CPTR_EL2_RES1 UL(0x33ff)
/* SPSR for "return" to EL1 using SP_EL1, with D, A, I, F masked. */
#define SPSR_EL1H_MASKED UL(0x3c5)

/* GICv3 CPU interface registers, by encoding (older assemblers lack the names). */
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1
#define ICC_BPR1_EL1 S3_0_C12_C12_3
#define ICC_CTLR_EL1 S3_0_C12_C12_4
#define ICC_SRE_EL1 S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_SGI1R_EL1 S3_0_C12_C11_5
#define ICC_SRE_EL2 S3_4_C12_C9_5
#define ICH_HCR_EL2 S3_4_C12_C11_0

#ifndef __ASSEMBLER__
#include <kernel/types.h>

#define __stringify_1(x) #x
#define __stringify(x) __stringify_1(x)

#define read_sysreg(reg)						\
	({								\
		u64 __val;						\
		asm volatile("mrs %0, " __stringify(reg) : "=r"(__val)); \
		__val;							\
	})

#define write_sysreg(val, reg)						\
	asm volatile("msr " __stringify(reg) ", %0" : : "r"((u64)(val)) : "memory")
#endif

#endif
