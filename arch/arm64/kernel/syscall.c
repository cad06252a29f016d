/*
 * Exceptions from EL0: system calls (SVC), page faults, and everything
 * else a user program can cause. A fault the process cannot recover from
 * runs its handler for the signal, or kills it with one line, like
 * Linux's "segfault at ... ip ...".
 *
 * The system call ABI is Linux's for AArch64: number in x8, arguments in
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

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define EC_SVC64 0x15
#define EC_IABT_LOW 0x20
#define EC_DABT_LOW 0x24
#define ESR_WNR (1u << 6)
#define ESR_CM (1u << 8)
#define ESR_FSC_MASK 0x3fu
#define FSC_TRANSLATION_L0 0x04u
#define FSC_PERMISSION_L3 0x0fu


/*
 * A fault the process cannot recover from: its handler runs if it has one
 * (as Linux's force_sig_fault), else the one-line report and it dies.
 */
static void user_fault(struct pt_regs *regs, int signal, int code, u32 esr,
		       unsigned long addr)
{
	char words[160];

	if (force_sig_fault(signal, code, addr))
		return;
	esr_describe(esr, words, sizeof(words));
	printk(KERN_INFO "%s[%d]: %s at %lx ip %016llx sp %016llx (%s)\n", current->comm,
	       current->pid, signal == SIGSEGV ? "segfault" : signal == SIGBUS ? "bus error" :
	       "illegal instruction", addr,
	       (unsigned long long)regs->pc, (unsigned long long)regs->sp, words);
	do_group_exit(EXIT_BY_SIGNAL | signal);
}

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

static void do_el0_abort(struct pt_regs *regs, u32 esr, unsigned long far)
{
	bool exec = ESR_EC(esr) == EC_IABT_LOW;
	bool write = !exec && (esr & ESR_WNR) && !(esr & ESR_CM);
	int err;

	if (!is_page_fault(esr)) {
		user_fault(regs, SIGBUS, BUS_ADRALN, esr, far);
		return;
	}
	err = handle_mm_fault(current->mm, far, write, exec);
	if (err == -ENOMEM)
		pagefault_out_of_memory();	/* then the access runs again */
	else if (err == VM_FAULT_SIGBUS)
		user_fault(regs, SIGBUS, BUS_ADRERR, esr, far);
	else if (err == -EACCES)	/* a mapping is there, but not for this access */
		user_fault(regs, SIGSEGV, SEGV_ACCERR, esr, far);
	else if (err)
		user_fault(regs, SIGSEGV, SEGV_MAPERR, esr, far);
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

	regs->syscallno = -1;
	local_irq_enable();
	switch (ESR_EC(esr)) {
	case EC_SVC64:
		regs->orig_x0 = regs->regs[0];
		regs->syscallno = (s64)regs->regs[8];
		regs->regs[0] = invoke_syscall(regs->regs[8], regs->regs);
		break;
	case EC_DABT_LOW:
	case EC_IABT_LOW:
		do_el0_abort(regs, esr, far);
		break;
	default:
		user_fault(regs, SIGILL, ILL_ILLOPC, esr, regs->pc);
	}
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
	syscall_restart(regs, NULL);
}
