/*
 * Synchronous exceptions taken in the kernel, and exceptions that should
 * never happen. Apart from a copy routine's fault on a user address
 * (arch/arm64/mm/fault.c), every one is fatal: the report says in words what
 * happened (decoded from ESR_EL1), where (FAR_EL1 and its page-table walk),
 * shows the registers and a symbolised backtrace, and then panics.
 */
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/panic.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>
#include <asm/stacktrace.h>
#include <asm/traps.h>
#include <mm/pgtable.h>
#include <asm/memory.h>

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_ISS(esr) ((esr) & 0x1ffffff)
#define ESR_WNR (1u << 6)	/* data aborts: the access was a write */
#define ESR_CM (1u << 8)	/* data aborts: a cache maintenance instruction */

#define EC_UNKNOWN 0x00
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define EC_BRK64 0x3c

static const char *const vector_names[] = {
	"synchronous (EL1t)", "IRQ (EL1t)", "FIQ (EL1t)", "SError (EL1t)",
	"synchronous (EL1h)", "IRQ (EL1h)", "FIQ (EL1h)", "SError (EL1h)",
	"synchronous (EL0, 64-bit)", "IRQ (EL0, 64-bit)", "FIQ (EL0, 64-bit)",
	"SError (EL0, 64-bit)", "synchronous (EL0, 32-bit)", "IRQ (EL0, 32-bit)",
	"FIQ (EL0, 32-bit)", "SError (EL0, 32-bit)",
};

const char *esr_class_name(u32 esr)
{
	switch (ESR_EC(esr)) {
	case EC_UNKNOWN: return "unknown or undefined instruction";
	case 0x01: return "trapped WFI/WFE";
	case 0x07: return "trapped FP/SIMD access";
	case 0x0e: return "illegal execution state";
	case 0x15: return "SVC (system call) from AArch64";
	case 0x18: return "trapped MSR/MRS/system instruction";
	case EC_IABT_LOW: return "instruction abort from EL0";
	case EC_IABT_CUR: return "instruction abort from EL1";
	case 0x22: return "PC alignment fault";
	case EC_DABT_LOW: return "data abort from EL0";
	case EC_DABT_CUR: return "data abort from EL1";
	case 0x26: return "SP alignment fault";
	case 0x2c: return "floating-point exception";
	case 0x2f: return "SError interrupt";
	case 0x30: case 0x31: return "breakpoint";
	case 0x32: case 0x33: return "software step";
	case 0x34: case 0x35: return "watchpoint";
	case EC_BRK64: return "BRK instruction";
	default: return "unrecognised exception class";
	}
}

static const char *fault_status_name(u32 fsc)
{
	switch (fsc >> 2) {
	case 0: return "address size fault";
	case 1: return "translation fault";
	case 2: return "access flag fault";
	case 3: return "permission fault";
	default: break;
	}
	switch (fsc) {
	case 0x10: return "synchronous external abort";
	case 0x18: return "synchronous parity/ECC error";
	case 0x21: return "alignment fault";
	case 0x30: return "TLB conflict abort";
	default: return "unrecognised fault status";
	}
}

static bool esr_is_abort(u32 esr)
{
	unsigned int ec = ESR_EC(esr);

	return ec == EC_IABT_LOW || ec == EC_IABT_CUR || ec == EC_DABT_LOW || ec == EC_DABT_CUR;
}

void esr_describe(u32 esr, char *buf, size_t size)
{
	u32 fsc = esr & 0x3f;
	bool data = ESR_EC(esr) == EC_DABT_CUR || ESR_EC(esr) == EC_DABT_LOW;

	if (!esr_is_abort(esr)) {
		snprintf(buf, size, "%s", esr_class_name(esr));
	} else if (fsc < 0x10) {
		snprintf(buf, size, "%s, %s at level %u%s", esr_class_name(esr),
			 fault_status_name(fsc), fsc & 3,
			 !data ? ", instruction fetch" :
			 (esr & ESR_CM) ? ", cache maintenance" :
			 (esr & ESR_WNR) ? ", write" : ", read");
	} else {
		snprintf(buf, size, "%s, %s%s", esr_class_name(esr), fault_status_name(fsc),
			 !data ? ", instruction fetch" :
			 (esr & ESR_WNR) ? ", write" : ", read");
	}
}

static void show_regs(const struct pt_regs *regs)
{
	int i;

	printk(KERN_EMERG "pc : %pS\n", (void *)regs->pc);
	printk(KERN_EMERG "lr : %pS\n", (void *)regs->regs[30]);
	printk(KERN_EMERG "sp : %016llx  pstate : %08llx\n",
	       (unsigned long long)regs->sp, (unsigned long long)regs->pstate);
	for (i = 29; i >= 0; i -= 2) {
		if (i == 0) {
			printk(KERN_EMERG "x0 : %016llx\n", (unsigned long long)regs->regs[0]);
			break;
		}
		printk(KERN_EMERG "x%-2d: %016llx x%-2d: %016llx\n", i,
		       (unsigned long long)regs->regs[i], i - 1,
		       (unsigned long long)regs->regs[i - 1]);
	}
}

/* The tables that translate addr: TTBR1 for the upper half, else TTBR0. */
static pte_t *tables_for(unsigned long addr)
{
	u64 ttbr = addr >> 63 ? read_sysreg(ttbr1_el1) : read_sysreg(ttbr0_el1);

	return __va(ttbr & PTE_ADDR_MASK);
}

void __noreturn die(const char *headline, struct pt_regs *regs, u32 esr)
{
	static int die_counter;
	unsigned long far = read_sysreg(far_el1);
	char words[160];

	oops_in_progress = true;
	esr_describe(esr, words, sizeof(words));
	if (esr_is_abort(esr)) {
		printk(KERN_EMERG "Unable to handle kernel %s at virtual address %016lx\n",
		       far < PAGE_SIZE ? "NULL pointer dereference" : "paging request", far);
		explain_fault_address(far);
	} else {
		printk(KERN_EMERG "%s\n", headline);
	}
	printk(KERN_EMERG "ESR_EL1 %#010x: %s\n", esr, words);
	if (esr_is_abort(esr))
		dump_walk(tables_for(far), far);
	printk(KERN_EMERG "Internal error: Oops [#%d] on CPU %u\n", ++die_counter,
	       smp_processor_id());
	show_regs(regs);
	dump_backtrace(regs->regs[29], regs->pc, regs->regs[30]);
	panic("Oops: %s", esr_class_name(esr));
}

/* entry.S comes here, on the overflow stack, when SP fell below its stack. */
void handle_stack_overflow(struct pt_regs *regs)
{
	struct cpu *cpu = this_cpu();
	unsigned long far = read_sysreg(far_el1);
	u32 esr = (u32)read_sysreg(esr_el1);
	char words[160];

	oops_in_progress = true;
	printk(KERN_EMERG "Kernel stack overflow on CPU %u: sp %016llx is below the stack %016lx-%016lx\n",
	       cpu->id, (unsigned long long)regs->sp, cpu->stack_base,
	       (unsigned long)cpu->stack_top);
	if (far < cpu->stack_base)
		printk(KERN_EMERG "  the access at %016lx, %lu bytes below the stack, hit its unmapped guard\n",
		       far, cpu->stack_base - far);
	esr_describe(esr, words, sizeof(words));
	printk(KERN_EMERG "ESR_EL1 %#010x: %s\n", esr, words);
	show_regs(regs);
	dump_backtrace(regs->regs[29], regs->pc, regs->regs[30]);
	panic("kernel stack overflow");
}

void el1_sync_handler(struct pt_regs *regs)
{
	u32 esr = (u32)read_sysreg(esr_el1);

	if (ESR_EC(esr) == EC_DABT_CUR && do_el1_user_fault(regs, esr))
		return;
	die("Unexpected synchronous exception in the kernel", regs, esr);
}

void bad_mode(struct pt_regs *regs, int vector)
{
	char headline[96];

	snprintf(headline, sizeof(headline), "Bad mode: unexpected %s exception",
		 vector_names[vector & 15]);
	die(headline, regs, (u32)read_sysreg(esr_el1));
}
