/*
 * Signal handlers on AArch64, with Linux's user-visible layout so that a
 * handler written for Linux (one that reads its siginfo, or the registers
 * in its ucontext) works unchanged:
 *
 *   sp on entry -> struct rt_sigframe { siginfo; ucontext }   (16-aligned)
 *                  struct frame_record { x29, x30 }          (x29 points here)
 *                  ... the interrupted code's stack, or the top of the
 *                      alternate signal stack (SA_ONSTACK) ...
 *
 * The handler runs with x0 = sig, x1 = &siginfo, x2 = &ucontext and
 * x30 = the return trampoline: the action's sa_restorer with SA_RESTORER,
 * else our [sigpage], whose two instructions call rt_sigreturn (Linux's
 * vDSO holds the same two; glibc on AArch64 relies on it). rt_sigreturn
 * reads the frame back, restoring the registers, the FP/SIMD state, the
 * signal mask and the alternate stack.
 */
#include <asm/signal.h>
#include <kernel/signal.h>
#include <kernel/syscalls.h>
#include <kernel/sched.h>
#include <kernel/uaccess.h>
#include <kernel/lib/string.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <mm/memory.h>
#include <mm/vma.h>
#include <mm/mm.h>
#include <mm/gfp.h>
#include <mm/pgtable.h>
#include <mm/slab.h>

#define SA_RESTORER 0x04000000
#define FPSIMD_MAGIC 0x46508001
#define PSR_NZCV_MASK 0xf0000000UL
#define INSN_MOV_X8_139 0xd2801168	/* mov x8, #139 (rt_sigreturn) */
#define INSN_SVC_0 0xd4000001		/* svc #0 */

struct aarch64_ctx {
	u32 magic;
	u32 size;
};

struct fpsimd_context {
	struct aarch64_ctx head;
	u32 fpsr;
	u32 fpcr;
	u64 vregs[64];		/* v0-v31, 128 bits each */
};

struct sigcontext {
	u64 fault_address;
	u64 regs[31];
	u64 sp;
	u64 pc;
	u64 pstate;
	u8 reserved[4096] __aligned(16);	/* the fpsimd_context, then a zero header */
};

struct user_ucontext {
	u64 uc_flags;
	u64 uc_link;
	stack_t uc_stack;
	u64 uc_sigmask;
	u8 unused[1024 / 8 - sizeof(u64)];
	struct sigcontext uc_mcontext __aligned(16);
};

struct rt_sigframe {
	kernel_siginfo_t info;
	struct user_ucontext uc;
};

struct frame_record {
	u64 fp;
	u64 lr;
};

_Static_assert(sizeof(kernel_siginfo_t) == 128, "Linux's siginfo is 128 bytes");
_Static_assert(offsetof(struct user_ucontext, uc_mcontext) == 176, "Linux's ucontext");

static struct page *sigpage;

void sigpage_init(void)
{
	u32 *code;

	sigpage = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!sigpage)
		panic("no memory for the signal trampoline page");
	code = page_address(sigpage);
	code[0] = INSN_MOV_X8_139;
	code[1] = INSN_SVC_0;
	/* Written as data, run as code: clean to the point of unification, drop stale lines. */
	asm volatile("dc cvau, %0\n dsb ish\n ic ivau, %0\n dsb ish\n isb" : : "r"(code) : "memory");
}

long map_sigpage(struct mm_struct *mm)
{
	unsigned long addr = do_mmap(mm, NULL, 0, PAGE_SIZE, PROT_READ | PROT_EXEC,
				     MAP_PRIVATE | MAP_ANONYMOUS, 0);
	int err;

	if (IS_ERR_VALUE(addr))
		return (long)addr;
	err = map_range(mm->pgd, addr, page_to_phys(sigpage), PAGE_SIZE,
			vm_get_page_prot(VM_READ | VM_EXEC), 0);
	if (err)
		return err;
	get_page(sigpage);	/* the mapping's reference; exit and munmap drop it */
	add_mm_counter(mm, MM_FILEPAGES, 1);	/* the kernel's page, not PG_anon */
	mm->sigpage = addr;
	return (long)addr;
}

void syscall_restart(struct pt_regs *regs, const struct k_sigaction *handler)
{
	s64 ret = (s64)regs->regs[0];
	bool restart;

	if (regs->syscallno < 0 || (ret != -ERESTARTSYS && ret != -ERESTARTNOHAND))
		return;
	if (ret == -ERESTARTSYS)
		restart = !handler || (handler->flags & SA_RESTART);
	else
		restart = !handler;
	if (restart) {
		regs->regs[0] = regs->orig_x0;
		regs->pc -= 4;		/* the svc again */
	} else {
		regs->regs[0] = (u64)-EINTR;
	}
	regs->syscallno = -1;
}

/* A fault's address is also in the sigcontext, as Linux's fault_address. */
static bool is_fault(const struct ksignal *ksig)
{
	int sig = ksig->sig;

	return ksig->info.si_code > 0 && (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL);
}

static void fill_frame(struct rt_sigframe *frame, struct ksignal *ksig, u64 oldmask,
		       const struct pt_regs *regs)
{
	struct sigcontext *sc = &frame->uc.uc_mcontext;
	struct fpsimd_context *fp = (struct fpsimd_context *)sc->reserved;
	struct fpsimd_state state;

	memset(frame, 0, sizeof(*frame));
	frame->info = ksig->info;
	frame->uc.uc_sigmask = oldmask;
	save_altstack(&frame->uc.uc_stack);
	sc->fault_address = is_fault(ksig) ? ksig->info.addr : 0;
	memcpy(sc->regs, regs->regs, sizeof(sc->regs));
	sc->sp = regs->sp;
	sc->pc = regs->pc;
	sc->pstate = regs->pstate;
	fpsimd_save_state(&state);	/* the user's FP/SIMD registers are live in this CPU */
	fp->head.magic = FPSIMD_MAGIC;
	fp->head.size = sizeof(*fp);
	fp->fpsr = state.fpsr;
	fp->fpcr = state.fpcr;
	memcpy(fp->vregs, state.vregs, sizeof(fp->vregs));
}

bool setup_rt_frame(struct ksignal *ksig, u64 oldmask, struct pt_regs *regs)
{
	unsigned long top = sigsp(regs->sp, &ksig->ka);
	unsigned long record = ALIGN_DOWN(top - sizeof(struct frame_record), 16);
	unsigned long frame_at = ALIGN_DOWN(record - sizeof(struct rt_sigframe), 16);
	struct frame_record link = { regs->regs[29], regs->regs[30] };
	struct rt_sigframe *frame = kmalloc(sizeof(*frame), GFP_KERNEL);
	bool ok;

	if (!frame)
		return false;
	fill_frame(frame, ksig, oldmask, regs);
	ok = !copy_to_user(frame_at, frame, sizeof(*frame)) &&
	     !copy_to_user(record, &link, sizeof(link));
	kfree(frame);
	if (!ok)
		return false;
	if (current->sas_ss_flags & SS_AUTODISARM)
		sas_ss_reset(current);
	regs->regs[0] = (u64)ksig->sig;
	regs->regs[1] = frame_at + offsetof(struct rt_sigframe, info);
	regs->regs[2] = frame_at + offsetof(struct rt_sigframe, uc);
	regs->regs[29] = record;
	regs->regs[30] = ksig->ka.flags & SA_RESTORER ? ksig->ka.restorer : current->mm->sigpage;
	regs->sp = frame_at;
	regs->pc = ksig->ka.handler;
	return true;
}

static int restore_fpsimd(const struct sigcontext *sc)
{
	const struct fpsimd_context *fp = (const struct fpsimd_context *)sc->reserved;

	if (fp->head.magic != FPSIMD_MAGIC || fp->head.size != sizeof(*fp))
		return -EINVAL;
	current->fpsimd.fpsr = fp->fpsr;
	current->fpsimd.fpcr = fp->fpcr;
	memcpy(current->fpsimd.vregs, fp->vregs, sizeof(fp->vregs));
	fpsimd_load_state(&current->fpsimd);
	return 0;
}

/* The handler returned through the trampoline: sp points at the frame again. */
long sys_rt_sigreturn(u64 a0 __unused, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
		      u64 a4 __unused, u64 a5 __unused)
{
	struct pt_regs *regs = task_pt_regs(current);
	struct rt_sigframe *frame = kmalloc(sizeof(*frame), GFP_KERNEL);
	const struct sigcontext *sc;
	bool ok;

	ok = frame && !(regs->sp & 15) && !copy_from_user(frame, regs->sp, sizeof(*frame));
	sc = ok ? &frame->uc.uc_mcontext : NULL;
	if (ok && restore_fpsimd(sc))
		ok = false;
	if (ok) {
		memcpy(regs->regs, sc->regs, sizeof(regs->regs));
		regs->sp = sc->sp;
		regs->pc = sc->pc;
		regs->pstate = sc->pstate & PSR_NZCV_MASK;	/* EL0t, interrupts on: nothing else */
		set_current_blocked(frame->uc.uc_sigmask);
		restore_altstack(&frame->uc.uc_stack, regs->sp);
		regs->syscallno = -1;	/* x0 is the old program state, not a result to restart */
	}
	kfree(frame);
	if (!ok) {
		pr_info("%s[%d]: bad signal frame at %llx\n", current->comm, current->pid,
			(unsigned long long)regs->sp);
		do_group_exit(EXIT_BY_SIGNAL | SIGSEGV);
	}
	return (long)regs->regs[0];	/* the syscall return must not change x0 */
}
