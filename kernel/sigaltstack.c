/*
 * sigaltstack: a stack of its own for signal handlers (so that a handler
 * for SIGSEGV can run when the stack overflowed). An action with
 * SA_ONSTACK puts its frame at the top of it, unless the thread already
 * runs on it; while on it, the stack cannot be changed (EPERM). Sizes
 * below MINSIGSTKSZ are refused (ENOMEM), unknown flags too (EINVAL);
 * SS_DISABLE removes it; SS_AUTODISARM forgets it while a handler runs
 * on it. Per thread; fork keeps it, execve drops it. Linux's rules,
 * from kernel/signal.c there.
 */
#include <kernel/signal.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>

static bool on_sig_stack(unsigned long sp)
{
	struct task_struct *t = current;

	if (t->sas_ss_flags & SS_AUTODISARM)
		return false;
	return sp > t->sas_ss_sp && sp - t->sas_ss_sp <= t->sas_ss_size;
}

static int sas_ss_flags(unsigned long sp)
{
	if (!current->sas_ss_size)
		return SS_DISABLE;
	return on_sig_stack(sp) ? SS_ONSTACK : 0;
}

unsigned long sigsp(unsigned long sp, const struct k_sigaction *action)
{
	if ((action->flags & SA_ONSTACK) && !sas_ss_flags(sp))
		return current->sas_ss_sp + current->sas_ss_size;
	return sp;
}

void sas_ss_reset(struct task_struct *task)
{
	task->sas_ss_sp = 0;
	task->sas_ss_size = 0;
	task->sas_ss_flags = SS_DISABLE;
}

void save_altstack(stack_t *stack)
{
	stack->ss_sp = current->sas_ss_sp;
	stack->ss_flags = (s32)current->sas_ss_flags;
	stack->ss_size = current->sas_ss_size;
}

/* sp: the user stack pointer of the thread, to tell whether it runs on the stack. */
static long do_sigaltstack(const stack_t *ss, stack_t *oss, unsigned long sp)
{
	struct task_struct *t = current;
	unsigned int mode;

	if (oss) {
		memset(oss, 0, sizeof(*oss));
		oss->ss_sp = t->sas_ss_sp;
		oss->ss_size = t->sas_ss_size;
		oss->ss_flags = sas_ss_flags(sp) | (s32)(t->sas_ss_flags & SS_AUTODISARM);
	}
	if (!ss)
		return 0;
	if (on_sig_stack(sp))
		return -EPERM;
	mode = (u32)ss->ss_flags & ~SS_AUTODISARM;
	if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
		return -EINVAL;
	if (mode == SS_DISABLE) {
		t->sas_ss_sp = 0;
		t->sas_ss_size = 0;
	} else {
		if (ss->ss_size < MINSIGSTKSZ)
			return -ENOMEM;
		t->sas_ss_sp = ss->ss_sp;
		t->sas_ss_size = ss->ss_size;
	}
	t->sas_ss_flags = (u32)ss->ss_flags;
	return 0;
}

void restore_altstack(const stack_t *stack, unsigned long sp)
{
	do_sigaltstack(stack, NULL, sp);
}

long sys_sigaltstack(u64 uss, u64 uoss, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
		     u64 a5 __unused)
{
	unsigned long sp = task_pt_regs(current)->sp;
	stack_t ss, oss;
	long err;

	if (uss && copy_from_user(&ss, uss, sizeof(ss)))
		return -EFAULT;
	err = do_sigaltstack(uss ? &ss : NULL, uoss ? &oss : NULL, sp);
	if (!err && uoss && copy_to_user(uoss, &oss, sizeof(oss)))
		return -EFAULT;
	return err;
}
