/*
 * Starting a user program: the first process today (execve for any
 * process comes with fork). The ELF file is checked and planned by
 * kernel/binfmt_elf.c; here its segments become VMAs of a new address
 * space, the file bytes are copied in (the rest, bss, stays zero), the
 * stack is laid out by kernel/exec_stack.c, and the task leaves for EL0.
 */
#include <kernel/syscalls.h>
#include <kernel/binfmt_elf.h>
#include <kernel/exec_stack.h>
#include <kernel/rootfs.h>
#include <kernel/fdtable.h>
#include <kernel/sched.h>
#include <kernel/uaccess.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/errno.h>
#include <asm/mmu_context.h>
#include <asm/ptrace.h>
#include <asm/setup.h>
#include <asm/psci.h>
#include <asm/timer.h>
#include <asm/sysreg.h>
#include <mm/memory.h>
#include <mm/vmalloc.h>
#include <mm/slab.h>

#define USER_STACK_SIZE (UL(8) << 20)
#define HWCAP_FP (1UL << 0)
#define HWCAP_ASIMD (1UL << 1)

void __noreturn start_user(struct pt_regs *regs);

/* Map one PT_LOAD segment and fill it from the file. */
static int load_segment(struct mm_struct *mm, const struct elf_segment *seg, const u8 *file)
{
	unsigned long len = seg->end - seg->start;
	unsigned long addr = do_mmap(mm, NULL, seg->start, len, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, 0);

	if (IS_ERR_VALUE(addr))
		return (int)addr;
	if (copy_to_user(seg->vaddr, file + seg->offset, seg->filesz))
		return -EFAULT;
	return do_mprotect(mm, seg->start, len, seg->prot);
}

/* The initial stack: argv, envp and auxv as the ELF ABI lays them out. */
static long setup_stack(struct mm_struct *mm, const struct elf_load_plan *plan,
			const char *path)
{
	static const char *const envp[] = { "HOME=/", "TERM=linux", NULL };
	const char *argv[] = { path, NULL };
	u8 random[AT_RANDOM_BYTES];
	struct exec_stack_args args = {
		.argv = argv, .envp = envp, .execfn = path, .random = random,
		.hwcap = HWCAP_FP | HWCAP_ASIMD,
	};
	unsigned long top = STACK_TOP, addr;
	void *buf = vmalloc(EXEC_STACK_BUF_SIZE);
	long sp;
	unsigned int i;

	if (!buf)
		return -ENOMEM;
	for (i = 0; i < AT_RANDOM_BYTES; i++)
		random[i] = (u8)(ktime_get_ns() >> (i % 8));
	addr = do_mmap(mm, NULL, top - USER_STACK_SIZE, USER_STACK_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_GROWSDOWN, 0);
	sp = IS_ERR_VALUE(addr) ? (long)addr :
	     create_elf_tables(plan, &args, top, buf, EXEC_STACK_BUF_SIZE);
	if (sp >= 0 && copy_to_user(sp, (u8 *)buf + EXEC_STACK_BUF_SIZE - (top - sp), top - sp))
		sp = -EFAULT;
	vfree(buf);
	mm->start_stack = top;
	return sp;
}

static int load_program(struct mm_struct *mm, const struct elf_load_plan *plan,
			const u8 *file, const char *path, long *sp)
{
	unsigned int i;
	int err;

	for (i = 0; i < plan->nr_segments; i++) {
		err = load_segment(mm, &plan->segments[i], file);
		if (err)
			return err;
	}
	mm->start_code = plan->start_code;
	mm->end_code = plan->end_code;
	mm->start_data = plan->start_data;
	mm->end_data = plan->end_data;
	mm->start_brk = mm->brk = plan->start_brk;
	*sp = setup_stack(mm, plan, path);
	return *sp < 0 ? (int)*sp : 0;
}

int exec_first_process(const char *path)
{
	struct elf_load_plan *plan = kmalloc(sizeof(*plan), GFP_KERNEL);
	struct task_struct *task = current;
	struct pt_regs *regs;
	struct mm_struct *mm;
	size_t size;
	void *file = read_whole_file(path, &size);
	long sp = 0;
	int err;

	if (IS_ERR(file) || !plan) {
		kfree(plan);
		return IS_ERR(file) ? (int)PTR_ERR(file) : -ENOMEM;
	}
	err = elf_plan_load(file, size, plan);
	if (err)
		pr_err("exec: %s: %s\n", path, plan->reason);
	mm = err ? NULL : mm_create();
	if (!err && !mm)
		err = -ENOMEM;
	if (!err) {
		task->mm = mm;
		switch_mm(mm);
		err = load_program(mm, plan, file, path, &sp);
	}
	if (err && mm) {
		task->mm = NULL;
		switch_mm(NULL);
		mm_destroy(mm);
	}
	if (!err) {
		const char *name = strrchr(path, '/');

		strscpy(task->comm, name ? name + 1 : path, sizeof(task->comm));
		set_exe_path(task, path);
		init_files(task);	/* without memory for it, the program has no descriptors */
		if (task->pid == 1)
			init_process = task;
		regs = task_pt_regs(task);
		memset(regs, 0, sizeof(*regs));
		/* A new program starts with clean user registers, none of the old one's. */
		memset(&task->fpsimd, 0, sizeof(task->fpsimd));
		fpsimd_load_state(&task->fpsimd);
		task->tls = 0;
		write_sysreg(0, tpidr_el0);
		regs->pc = plan->entry;
		regs->sp = (u64)sp;
		regs->pstate = 0;	/* EL0t, interrupts on */
	}
	vfree(file);
	kfree(plan);
	if (err)
		return err;
	start_user(regs);
}

void __noreturn do_exit_user(int status)
{
	struct task_struct *task = current;
	struct mm_struct *mm = task->mm;

	task->mm = NULL;
	switch_mm(NULL);
	if (mm)
		mm_destroy(mm);
	exit_files(task);
	if (task->pid == 1) {
		if (status & EXIT_BY_SIGNAL)
			pr_info("init (%s) was killed by signal %d\n", task->comm,
				status & 0xff);
		else
			pr_info("init (%s) exited with status %d\n", task->comm, status);
		psci_system_off();
	}
	if (task->parent)
		exit_to_zombie(status);
	do_exit(status);
}
