/*
 * Exceptions from EL0: system calls (SVC), page faults, and everything
 * else a user program can cause. A fault the process cannot recover from
 * becomes a signal (el0_fault_signal says which, from ESR_EL1), which
 * runs the process's handler or kills it with one line, like Linux's
 * "segfault at ... ip ...".
 *
 * The system call ABI is Linux's for AArch64: number in w8, arguments in
 * x0-x5, result (or -errno) back in x0. The table is in kernel/sys.c.
 */
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/printk.h>
#include <kernel/syscalls.h>
#include <kernel/signal.h>
#include <asm/signal.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>
#include <asm/irqflags.h>
#include <asm/irq.h>
#include <asm/traps.h>
#include <mm/memory.h>
#include <mm/filemap.h>
#include <mm/oom.h>

/* ESR_EL1: the exception class in bits 31:26, then the class's syndrome (ISS). */
#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define EC_SVC64 0x15
#define EC_IABT_LOW 0x20
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOW 0x24
#define EC_SP_ALIGN 0x26
#define EC_FP_EXC64 0x2c
#define EC_BRK64 0x3c
#define ESR_WNR (1u << 6)
#define ESR_CM (1u << 8)
#define ESR_FSC_MASK 0x3fu
#define FSC_TRANSLATION_L0 0x04u
#define FSC_PERMISSION_L3 0x0fu
#define FSC_ALIGNMENT 0x21u
/* A trapped floating-point exception: which one, valid when TFV is set. */
#define ESR_FP_TFV (1u << 23)
#define ESR_FP_IOF (1u << 0)	/* invalid operation */
#define ESR_FP_DZF (1u << 1)	/* division by zero */
#define ESR_FP_OFF (1u << 2)	/* overflow */
#define ESR_FP_UFF (1u << 3)	/* underflow */
#define ESR_FP_IXF (1u << 4)	/* inexact */

/*
 * Translation, access-flag and permission faults (fault status 0b0001xx to
 * 0b0011xx) are the page-fault handler's. Anything else (an alignment
 * fault, an external abort) is not: a present page would make the handler
 * see a spurious fault and the access would fault again for ever.
 */
static bool is_page_fault(u32 esr)
{
	u32 fsc = esr & ESR_FSC_MASK;

	return fsc >= FSC_TRANSLATION_L0 && fsc <= FSC_PERMISSION_L3;
}

void el0_fault_signal(struct el0_fault *f)
{
	/* LAB 7 BEGIN: the signal, si_code and si_addr of the exception, from its class (and status) */
	/* LAB 7 STUB: f->signal = SIGILL; */
	/* LAB 7 STUB: f->code = ILL_ILLOPC; */
	/* LAB 7 STUB: f->addr = f->pc; */
	u32 esr = f->esr;

	switch (ESR_EC(esr)) {
	case EC_DABT_LOW:
	case EC_IABT_LOW:
		f->addr = f->far;
		/* Only the VMAs tell "nothing there" from "not allowed": the handler's answer. */
		if (f->mm_err == VM_FAULT_SIGBUS) {
			f->signal = SIGBUS;
			f->code = BUS_ADRERR;
		} else if (f->mm_err == -EACCES) {
			f->signal = SIGSEGV;
			f->code = SEGV_ACCERR;
		} else if (f->mm_err) {
			f->signal = SIGSEGV;
			f->code = SEGV_MAPERR;
		} else {
			f->signal = SIGBUS;
			f->code = (esr & ESR_FSC_MASK) == FSC_ALIGNMENT ? BUS_ADRALN : BUS_OBJERR;
		}
		break;
	case EC_PC_ALIGN:
		f->signal = SIGBUS;
		f->code = BUS_ADRALN;
		f->addr = f->far;	/* the misaligned PC */
		break;
	case EC_SP_ALIGN:
		f->signal = SIGBUS;
		f->code = BUS_ADRALN;
		f->addr = f->sp;
		break;
	case EC_BRK64:
		f->signal = SIGTRAP;
		f->code = TRAP_BRKPT;
		f->addr = f->pc;
		break;
	case EC_FP_EXC64:
		f->signal = SIGFPE;
		/* Several flags may be set: the first one Linux looks at names it. */
		if (!(esr & ESR_FP_TFV))
			f->code = FPE_FLTUNK;
		else if (esr & ESR_FP_IOF)
			f->code = FPE_FLTINV;
		else if (esr & ESR_FP_DZF)
			f->code = FPE_FLTDIV;
		else if (esr & ESR_FP_OFF)
			f->code = FPE_FLTOVF;
		else if (esr & ESR_FP_UFF)
			f->code = FPE_FLTUND;
		else if (esr & ESR_FP_IXF)
			f->code = FPE_FLTRES;
		else
			f->code = FPE_FLTUNK;
		f->addr = f->pc;
		break;
	default:
		/* An undefined instruction, and every class EL0 has no business causing. */
		f->signal = SIGILL;
		f->code = ILL_ILLOPC;
		f->addr = f->pc;
	}
	/* LAB 7 END */
}

static const char *fault_name(int signal)
{
	switch (signal) {
	case SIGSEGV: return "segfault";
	case SIGBUS: return "bus error";
	case SIGTRAP: return "trap";
	case SIGFPE: return "floating-point exception";
	default: return "illegal instruction";
	}
}

/*
 * A fault the process cannot recover from: its handler runs if it has one
 * (as Linux's force_sig_fault), else the one-line report and it dies.
 */
static void user_fault(struct pt_regs *regs, struct el0_fault *f)
{
	char words[160];

	el0_fault_signal(f);
	if (force_sig_fault(f->signal, f->code, f->addr))
		return;
	esr_describe(f->esr, words, sizeof(words));
	printk(KERN_INFO "%s[%d]: %s at %lx ip %016llx sp %016llx (%s)\n", current->comm,
	       current->pid, fault_name(f->signal), f->addr,
	       (unsigned long long)regs->pc, (unsigned long long)regs->sp, words);
	do_group_exit(EXIT_BY_SIGNAL | f->signal);
}

/* A page fault is resolved here; any other abort, or one the handler refuses, is a signal. */
static void do_el0_abort(struct pt_regs *regs, struct el0_fault *f)
{
	bool exec = ESR_EC(f->esr) == EC_IABT_LOW;
	bool write = !exec && (f->esr & ESR_WNR) && !(f->esr & ESR_CM);

	if (is_page_fault(f->esr)) {
		f->mm_err = handle_mm_fault(current->mm, f->far, write, exec);
		if (!f->mm_err)
			return;
		if (f->mm_err == -ENOMEM) {
			pagefault_out_of_memory();	/* then the access runs again */
			return;
		}
	}
	user_fault(regs, f);
}

void el0_sync_handler(struct pt_regs *regs)
{
	/*
	 * Both before interrupts go on: once this task can be preempted,
	 * another's fault on this CPU (a kernel copy to a user page, say)
	 * would overwrite them.
	 */
	u32 esr = (u32)read_sysreg(esr_el1);
	unsigned long far = read_sysreg(far_el1);
	struct el0_fault fault;

	regs->syscallno = -1;
	local_irq_enable();
	if (ESR_EC(esr) == EC_SVC64) {
		regs->orig_x0 = regs->regs[0];
		regs->syscallno = (s32)regs->regs[8];	/* w8: Linux's syscall number is an int */
		regs->regs[0] = invoke_syscall(regs->regs[8], regs->regs);
		return;
	}
	/*
	 * Field by field, and only here: an initializer zeroes the struct with
	 * a call to memset, 65 instructions on every system call and fault.
	 */
	fault.esr = esr;
	fault.far = far;
	fault.pc = regs->pc;
	fault.sp = regs->sp;
	fault.mm_err = 0;
	fault.signal = 0;
	fault.code = 0;
	fault.addr = 0;
	if (ESR_EC(esr) == EC_DABT_LOW || ESR_EC(esr) == EC_IABT_LOW)
		do_el0_abort(regs, &fault);
	else
		user_fault(regs, &fault);
}

void el0_irq_handler(struct pt_regs *regs)
{
	regs->syscallno = -1;
	this_cpu()->irq_from_user = true;
	handle_irqs();
	this_cpu()->irq_from_user = false;
}

/*
 * Last stop before EL0: switch tasks first if the tick asked for it, then
 * act on pending signals (which may end the process), until neither is
 * left. A call interrupted with no handler run starts again, and the mask
 * rt_sigsuspend replaced comes back (which may let a signal in: round
 * again).
 */
void prepare_exit_to_user(void)
{
	struct pt_regs *regs = task_pt_regs(current);

	for (;;) {
		local_irq_disable();
		if (need_resched())
			preempt_schedule_irq();
		if (!signal_pending(current) && !current->restore_sigmask)
			break;
		local_irq_enable();
		if (signal_pending(current)) {
			do_signal();
		} else {
			syscall_restart(regs, NULL);
			restore_saved_sigmask();
		}
	}
	/* Tested here: every fault and interrupt from user space comes this way too. */
	if (regs->syscallno >= 0)
		syscall_restart(regs, NULL);
}
