/*
 * execve: replacing a process's program. The ELF file is checked and
 * planned by kernel/binfmt_elf.c; here a new address space is built beside
 * the old one (its segments become VMAs, the file bytes are copied in, the
 * bss stays zero, kernel/exec_stack.c lays out the stack), and only when
 * all of that has worked, the point of no return, is the old one dropped.
 * A failure before it leaves the caller exactly as it was.
 *
 * The first process is a kernel thread that execs /init the same way and
 * then leaves for EL0; the end of a process (do_exit_user) is here too.
 */
#include <kernel/syscalls.h>
#include <kernel/binfmt_elf.h>
#include <kernel/binfmt_script.h>
#include <kernel/exec_stack.h>
#include <kernel/exec_args.h>
#include <kernel/fs/rootfs.h>
#include <kernel/fs/fs.h>
#include <kernel/fs/fdtable.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/futex.h>
#include <kernel/rusage.h>
#include <kernel/random.h>
#include <kernel/uaccess.h>
#include <kernel/printk.h>
#include <kernel/lib/string.h>
#include <kernel/errno.h>
#include <asm/mmu_context.h>
#include <asm/ptrace.h>
#include <asm/setup.h>
#include <asm/psci.h>
#include <asm/timer.h>
#include <asm/sysreg.h>
#include <asm/signal.h>
#include <mm/memory.h>
#include <mm/mmap_lock.h>
#include <mm/vmalloc.h>
#include <mm/slab.h>

/* The stack starts as its contents plus this much (Linux's stack_expand); it grows on faults. */
#define STACK_EXPAND (UL(128) << 10)
#define HWCAP_FP (1UL << 0)
#define HWCAP_ASIMD (1UL << 1)

void __noreturn start_user(struct pt_regs *regs);

/*
 * Zero [addr, end) of user memory: the bss's share of the last file page,
 * just mapped writable (and checked to lie within the file), so a write
 * can only fail for want of a page: -ENOMEM.
 */
static int clear_user(unsigned long addr, unsigned long end)
{
	static const u8 zeroes[256];

	for (; addr < end; addr += MIN(end - addr, sizeof(zeroes))) {
		if (copy_to_user(addr, zeroes, MIN(end - addr, sizeof(zeroes))))
			return -ENOMEM;
	}
	return 0;
}

/*
 * Map one PT_LOAD segment: its file bytes as a private mapping of the
 * program file (the pages are the file's own until written: text is never
 * copied), then the bss: the rest of the last file page zeroed (which
 * makes that page a private copy) and anonymous zero pages after it.
 */
static int load_segment(struct mm_struct *mm, const struct elf_segment *seg, struct file *exe)
{
	unsigned long file_end = PAGE_ALIGN(seg->vaddr + seg->filesz);
	unsigned long bss = seg->vaddr + seg->filesz, addr;
	bool zero_tail = seg->memsz > seg->filesz && (bss & ~PAGE_MASK);
	int err;

	if (seg->filesz) {
		addr = vm_mmap(mm, exe, seg->start, file_end - seg->start,
			       seg->prot | (zero_tail ? PROT_WRITE : 0), MAP_PRIVATE | MAP_FIXED,
			       (seg->offset - (seg->vaddr - seg->start)) >> PAGE_SHIFT);
		if (IS_ERR_VALUE(addr))
			return (int)addr;
	}
	if (seg->filesz && zero_tail) {
		err = clear_user(bss, file_end);
		if (!err && !(seg->prot & PROT_WRITE)) {
			mmap_write_lock(mm);
			err = do_mprotect(mm, seg->start, file_end - seg->start, seg->prot);
			mmap_write_unlock(mm);
		}
		if (err)
			return err;
	}
	addr = seg->filesz ? file_end : seg->start;	/* where the anonymous bss pages start */
	if (seg->end > addr) {
		addr = vm_mmap(mm, NULL, addr, seg->end - addr, seg->prot,
			       MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, 0);
		if (IS_ERR_VALUE(addr))
			return (int)addr;
	}
	return 0;
}

/*
 * Room for the stack's contents: the strings and their pointers, plus a
 * page for argc, auxv, AT_RANDOM, execfn and alignment; at most what the
 * ARG_MAX limit allows. A usual command line needs one small buffer.
 */
static size_t stack_buf_size(const struct exec_args *args, const char *path)
{
	size_t need = args->used + (args->nr + 2) * sizeof(char *) + strlen(path) + 1;

	return MIN(ALIGN_UP(need, 16) + PAGE_SIZE, (size_t)EXEC_STACK_BUF_SIZE);
}

/* The initial stack: argv, envp and auxv as the ELF ABI lays them out. */
static long setup_stack(struct mm_struct *mm, const struct elf_load_plan *plan,
			const char *filename, const struct exec_args *exec_args)
{
	u8 random[AT_RANDOM_BYTES];
	struct arg_ranges ranges = { 0 };
	struct exec_stack_args args = {
		.argv = exec_args->argv, .envp = exec_args->envp, .execfn = filename,
		.random = random, .hwcap = HWCAP_FP | HWCAP_ASIMD, .ranges = &ranges,
	};
	unsigned long top = STACK_TOP, addr;
	size_t size = stack_buf_size(exec_args, filename);
	void *buf = kvmalloc(size);
	long sp;

	if (!buf)
		return -ENOMEM;
	get_random_bytes(random, sizeof(random));
	addr = vm_mmap(mm, NULL, top - PAGE_ALIGN(size) - STACK_EXPAND, PAGE_ALIGN(size) + STACK_EXPAND,
		       PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_GROWSDOWN, 0);
	sp = IS_ERR_VALUE(addr) ? (long)addr :
	     create_elf_tables(plan, &args, top, buf, size);
	/* Into the stack just mapped: only a page that cannot be had makes this fail. */
	if (sp >= 0 && copy_to_user(sp, (u8 *)buf + size - (top - sp), top - sp))
		sp = -ENOMEM;
	kvfree(buf);
	mm->start_stack = top;
	mm->arg_start = ranges.arg_start;
	mm->arg_end = ranges.arg_end;
	mm->env_start = ranges.env_start;
	mm->env_end = ranges.env_end;
	return sp;
}

static int load_program(struct mm_struct *mm, const struct elf_load_plan *plan,
			struct file *exe, const char *path, const struct exec_args *args, long *sp)
{
	unsigned int i;
	long addr;
	int err;

	for (i = 0; i < plan->nr_segments; i++) {
		err = load_segment(mm, &plan->segments[i], exe);
		if (err)
			return err;
	}
	mm->start_code = plan->start_code;
	mm->end_code = plan->end_code;
	mm->start_data = plan->start_data;
	mm->end_data = plan->end_data;
	mm->start_brk = mm->brk = plan->start_brk;
	*sp = setup_stack(mm, plan, path, args);
	if (*sp < 0)
		return (int)*sp;
	mmap_write_lock(mm);
	addr = map_sigpage(mm);
	mmap_write_unlock(mm);
	return addr < 0 ? (int)addr : 0;
}

/*
 * Build the new program's address space as current's, keeping the old one
 * aside: on failure the old one comes back and the new one goes.
 */
static int build_new_mm(const struct elf_load_plan *plan, struct file *exe, const char *path,
			const struct exec_args *args, long *sp, struct mm_struct **old_mm)
{
	struct task_struct *task = current;
	struct mm_struct *mm = mm_create();
	int err;

	if (!mm)
		return -ENOMEM;
	*old_mm = task->mm;
	task_lock(task);
	task->mm = mm;
	switch_mm(mm);
	task_unlock(task);
	err = load_program(mm, plan, exe, path, args, sp);
	if (err) {
		task_lock(task);
		task->mm = *old_mm;
		switch_mm(*old_mm);
		task_unlock(task);
		mmput(mm);
	}
	return err;
}

/*
 * Past the point of no return: the old program is gone, the new one starts
 * clean. Its name is that of the file execve was given (a script's, when
 * path is the script's interpreter), as in Linux.
 */
static void start_new_program(const char *filename, const char *path,
			      const struct elf_load_plan *plan, long sp)
{
	struct task_struct *task = current;
	struct pt_regs *regs = task_pt_regs(task);
	const char *name = strrchr(filename, '/');

	strscpy(task->comm, name ? name + 1 : filename, sizeof(task->comm));
	set_exe_path(task, path);
	if (task->files)
		do_close_on_exec(task->files);
	flush_signal_handlers(task);
	task->did_exec = true;
	memset(regs, 0, sizeof(*regs));
	memset(&task->fpsimd, 0, sizeof(task->fpsimd));
	fpsimd_load_state(&task->fpsimd);
	task->tls = 0;
	write_sysreg(0, tpidr_el0);
	regs->pc = plan->entry;
	regs->sp = (u64)sp;
	regs->pstate = 0;	/* EL0t, interrupts on */
	regs->syscallno = -1;
}

/*
 * One line per refused file, saying why; dynamic executables only once,
 * since a shell may meet many of them.
 */
static void report_refusal(const char *path, const struct elf_load_plan *plan)
{
	static bool interpreter_reported;

	if (plan->wants_interpreter && interpreter_reported)
		return;
	interpreter_reported |= plan->wants_interpreter;
	pr_info("%s[%d]: exec %s: %s\n", current->comm, current->pid, path, plan->reason);
}

/* Linux's limit on #! scripts run by scripts (exec_binprm's depth). */
#define MAX_SCRIPT_DEPTH 5

/*
 * Before the new program is built: the other threads go (de_thread), the
 * signal actions and descriptor table become the caller's own (a
 * CLONE_SIGHAND or CLONE_FILES sharer keeps the old ones), and the old
 * memory gets what it is owed (robust futexes, clear_child_tid). A vfork
 * parent is let go once the exec has worked.
 */
static int leave_old_program(struct task_struct *task)
{
	int err = de_thread(task);

	if (!err)
		err = unshare_sighand(task);
	if (!err)
		err = unshare_files(task);
	if (!err && task->mm)
		mm_release_futexes(task);
	return err;
}

static int exec_file(const char *filename, const char *path, const struct exec_args *args,
		     int depth);

/* path is a #! script: run its interpreter instead, one level deeper. */
static int exec_script(const char *filename, const char *path, const void *file, size_t size,
		       const struct exec_args *args, int depth)
{
	struct exec_args new_args = { 0 };
	char *interp = kmalloc(PATH_MAX, GFP_KERNEL);
	int err = interp ? load_script(file, size, path, args, interp, PATH_MAX, &new_args) :
		  -ENOMEM;

	if (!err)
		err = exec_file(filename, interp, &new_args, depth + 1);
	exec_args_free(&new_args);
	kfree(interp);
	return err;
}

/* An ELF program, checked and planned from its bytes in file, replaces the caller's. */
static int exec_elf(const char *filename, const char *path, struct file *exe,
		    const void *file, size_t size, const struct exec_args *args)
{
	struct elf_load_plan *plan = kmalloc(sizeof(*plan), GFP_KERNEL);
	struct mm_struct *old_mm = NULL;
	long sp = 0;
	int err;

	if (!plan)
		return -ENOMEM;
	err = elf_plan_load(file, size, plan);
	if (err)
		report_refusal(path, plan);
	else
		err = leave_old_program(current);
	if (!err)
		err = build_new_mm(plan, exe, filename, args, &sp, &old_mm);
	if (!err) {
		if (old_mm)
			mm_put_user(current, old_mm);
		complete_vfork_done(current);
		start_new_program(filename, path, plan, sp);
	}
	kfree(plan);
	return err;
}

/*
 * execve of path with the arguments already in the kernel; filename is
 * what the caller asked for (path differs for a script's interpreter).
 * 0 once the new program is in place.
 */
static int exec_file(const char *filename, const char *path, const struct exec_args *args,
		     int depth)
{
	struct file *exe;
	size_t size;
	void *file;
	int err;

	if (depth > MAX_SCRIPT_DEPTH)
		return -ELOOP;
	err = may_exec(path);
	if (err)
		return err;
	exe = vfs_open_at(AT_FDCWD, path, O_RDONLY | __FMODE_EXEC, 0);
	if (IS_ERR(exe))
		return (int)PTR_ERR(exe);
	/* The headers are checked from a copy; the segments map the file itself. */
	file = read_whole_file(path, &size);
	if (IS_ERR(file)) {
		fput(exe);
		return (int)PTR_ERR(file);
	}
	if (is_script(file, size))
		err = exec_script(filename, path, file, size, args, depth);
	else
		err = exec_elf(filename, path, exe, file, size, args);
	fput(exe);	/* the mappings hold their own references */
	kvfree(file);
	return err;
}

static int do_execve(const char *path, const struct exec_args *args)
{
	return exec_file(path, path, args, 0);
}

long sys_execve(u64 upath, u64 uargv, u64 uenvp, u64 a3 __unused, u64 a4 __unused,
		u64 a5 __unused)
{
	struct exec_args args = { 0 };
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);
	long err = path ? strncpy_from_user(path, upath, PATH_MAX) : -ENOMEM;

	if (err >= 0)
		err = exec_args_add_user(&args, uargv, true);
	if (err >= 0)
		err = exec_args_add_user(&args, uenvp, false);
	if (err >= 0)
		err = exec_args_finish(&args);
	if (err >= 0)
		err = path[0] ? do_execve(path, &args) : -ENOENT;
	exec_args_free(&args);
	kfree(path);
	return err;
}

/*
 * A kernel thread becomes a process running path with argv (NULL: just
 * the path) and Linux's environment for init.
 */
int exec_first_process(const char *path, const char *const *argv)
{
	static const char *const envp[] = { "HOME=/", "TERM=linux", NULL };
	const char *const path_only[] = { path, NULL };
	struct exec_args args = { 0 };
	int err;

	err = exec_args_add_kernel(&args, argv ? argv : path_only, true);
	if (!err)
		err = exec_args_add_kernel(&args, envp, false);
	if (!err)
		err = exec_args_finish(&args);
	if (!err)
		err = do_execve(path, &args);
	exec_args_free(&args);
	if (!err)
		err = copy_sighand(current, current);	/* its own, no longer the kernel threads' */
	if (err)
		return err;
	init_files(current);	/* without memory for it, the program has no descriptors */
	if (current->pid == 1)
		init_process = current;
	start_user(task_pt_regs(current));
}
