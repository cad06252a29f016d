/*
 * The edges between user programs and the kernel (course lab 7):
 * - access_ok() at the boundaries of user space: the last byte below it,
 *   an empty range at its very end, ranges that wrap around the top of
 *   the address space, a kernel address, a kernel thread with no user
 *   memory; and a range it refuses costs not a single byte copied;
 * - el0_fault_signal() on made-up syndromes of every kind of user
 *   exception: the signal, si_code and si_addr Linux gives;
 * - invoke_syscall() with numbers that have no call: -ENOSYS, logged once;
 *   the number is w8, the upper half of x8 ignored.
 * The syscall test must run last: a dispatch that does not check the
 * number calls through a wild pointer and ends the boot. gcc emits a
 * file's tests in the reverse of their order here, so it comes first.
 */
#include <kernel/ktest.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/syscalls.h>
#include <kernel/uaccess.h>
#include <kernel/printk.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>
#include <asm/page-def.h>
#include <asm/traps.h>
#include <mm/memory.h>
#include <mm/vma.h>

#define USER_END (1UL << VA_BITS)	/* the first address past user space */
#define USER_PAGE 0x10000000UL		/* a page the tests map */
#define A_KERNEL_ADDRESS 0xffff000040000000UL

static char log_text[16384];

/* How many times the kernel log holds text. */
static int times_logged(const char *text)
{
	const char *at = log_text;
	int n = 0;

	log_buf_copy(log_text, sizeof(log_text));
	while ((at = strstr(at, text)) != NULL) {
		n++;
		at += strlen(text);
	}
	return n;
}

KTEST(syscall, unknown_numbers_fail_with_enosys_once_logged)
{
	static const u64 unknown[] = { 244, 451, 1000, 0x7fffffff, 0x80000000, 0xffffffff,
				       ~0ULL, (1ULL << 32) | 1000 };
	const u64 args[6] = { 0 };
	unsigned long i;

	for (i = 0; i < ARRAY_SIZE(unknown); i++)
		if (invoke_syscall(unknown[i], args) != -ENOSYS)
			ktest_fail(t, __FILE__, __LINE__, "system call %#llx did not fail with -ENOSYS",
				   (unsigned long long)unknown[i]);
	/* getpid, with bits above w8 set. */
	KT_EXPECT_EQ(invoke_syscall((1ULL << 32) | 172, args), current->tgid);
	KT_EXPECT_EQ(invoke_syscall(0xffffffff00000000ULL | 172, args), current->tgid);
	KT_EXPECT_EQ(times_logged("system call 244 (?) is not implemented (ENOSYS)"), 1);
	KT_EXPECT_EQ(invoke_syscall(244, args), -ENOSYS);
	KT_EXPECT_EQ(times_logged("system call 244 (?) is not implemented (ENOSYS)"), 1);
	KT_EXPECT_EQ(times_logged("system call 1000 (?) is not implemented (ENOSYS)"), 2);
}

struct range {
	unsigned long addr;
	size_t len;
	bool ok;
};

static const struct range ranges[] = {
	{ 0, 0, true },
	{ USER_PAGE, 8, true },
	{ 0, USER_END, true },			/* the whole of user space */
	{ 1, USER_END, false },			/* one byte past it */
	{ USER_END - 1, 1, true },		/* the last byte */
	{ USER_END - 1, 2, false },
	{ USER_END, 0, true },			/* empty, at the very end: as Linux */
	{ USER_END, 1, false },
	{ USER_END + PAGE_SIZE, 0, false },	/* empty, but past the end */
	{ A_KERNEL_ADDRESS, 8, false },
	{ ~0UL - 7, 16, false },		/* addr + len wraps to 8 */
	{ USER_PAGE, ~0UL - USER_PAGE + 1, false },	/* addr + len wraps to exactly 0 */
	{ USER_PAGE, ~0UL, false },		/* a "negative" count */
};

KTEST(uaccess, access_ok_boundaries)
{
	struct mm_struct *mm = mm_create();
	unsigned long i;

	KT_ASSERT(mm);
	/* A kernel thread has no user memory: nothing is a user range for it. */
	KT_EXPECT(!access_ok(USER_PAGE, 8));
	KT_EXPECT(!access_ok(0, 0));
	kthread_use_mm(mm);
	for (i = 0; i < ARRAY_SIZE(ranges); i++)
		if (access_ok(ranges[i].addr, ranges[i].len) != ranges[i].ok)
			ktest_fail(t, __FILE__, __LINE__, "access_ok(%#lx, %#zx) is %s, should be %s",
				   ranges[i].addr, ranges[i].len, ranges[i].ok ? "false" : "true",
				   ranges[i].ok ? "true" : "false");
	kthread_unuse_mm(mm);
	mmput(mm);
}

/* The hardware would stop a wild copy at the first bad page: access_ok stops it before. */
KTEST(uaccess, refused_range_copies_nothing)
{
	struct mm_struct *mm = mm_create();
	static const char src[64] = "the kernel's bytes";
	unsigned long end_of_page = USER_PAGE + PAGE_SIZE - 16;
	char seen[16];

	KT_ASSERT(mm);
	KT_ASSERT_EQ(vm_mmap(mm, NULL, USER_PAGE, PAGE_SIZE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0), USER_PAGE);
	kthread_use_mm(mm);
	KT_EXPECT_EQ(copy_to_user(end_of_page, src, ~0UL - end_of_page + 17), -EFAULT);
	KT_EXPECT_EQ(copy_to_user(end_of_page, src, ~0UL), -EFAULT);
	KT_EXPECT_EQ(copy_from_user(seen, end_of_page, sizeof(seen)), 0);
	KT_EXPECT(!memcmp(seen, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", sizeof(seen)));
	KT_EXPECT_EQ(copy_from_user(seen, A_KERNEL_ADDRESS, sizeof(seen)), -EFAULT);
	KT_EXPECT_EQ(copy_to_user(end_of_page, src, 16), 0);
	KT_EXPECT_EQ(copy_from_user(seen, end_of_page, sizeof(seen)), 0);
	KT_EXPECT(!memcmp(seen, src, sizeof(seen)));
	kthread_unuse_mm(mm);
	mmput(mm);
}

/* ESR_EL1 of a made-up exception: class, IL (a 32-bit instruction), syndrome. */
#define ESR(ec, iss) (((u32)(ec) << 26) | (1u << 25) | (iss))
#define FP_TFV (1u << 23)
#define PC 0x400120UL
#define SP 0xfffffffff000UL
#define FAR 0x12345678UL

struct trap {
	const char *what;
	u32 esr;
	int mm_err;
	int signal, code;
	unsigned long addr;
};

static const struct trap traps[] = {
	{ "undefined instruction", ESR(0x00, 0), 0, SIGILL, ILL_ILLOPC, PC },
	{ "brk #0", ESR(0x3c, 0), 0, SIGTRAP, TRAP_BRKPT, PC },
	{ "brk #0x123", ESR(0x3c, 0x123), 0, SIGTRAP, TRAP_BRKPT, PC },
	{ "PC alignment", ESR(0x22, 0), 0, SIGBUS, BUS_ADRALN, FAR },
	{ "SP alignment", ESR(0x26, 0), 0, SIGBUS, BUS_ADRALN, SP },
	{ "read, translation fault, nothing mapped", ESR(0x24, 0x07), -EFAULT, SIGSEGV,
	  SEGV_MAPERR, FAR },
	{ "read, translation fault, PROT_NONE", ESR(0x24, 0x07), -EACCES, SIGSEGV,
	  SEGV_ACCERR, FAR },
	{ "write, permission fault", ESR(0x24, 0x4f), -EACCES, SIGSEGV, SEGV_ACCERR, FAR },
	{ "fetch, permission fault", ESR(0x20, 0x0f), -EACCES, SIGSEGV, SEGV_ACCERR, FAR },
	{ "fetch, translation fault, nothing mapped", ESR(0x20, 0x06), -EFAULT, SIGSEGV,
	  SEGV_MAPERR, FAR },
	{ "read past the end of a file mapping", ESR(0x24, 0x07), VM_FAULT_SIGBUS, SIGBUS,
	  BUS_ADRERR, FAR },
	{ "alignment fault", ESR(0x24, 0x21), 0, SIGBUS, BUS_ADRALN, FAR },
	{ "external abort", ESR(0x24, 0x10), 0, SIGBUS, BUS_OBJERR, FAR },
	{ "FP division by zero", ESR(0x2c, FP_TFV | 0x02), 0, SIGFPE, FPE_FLTDIV, PC },
	{ "FP invalid and division by zero", ESR(0x2c, FP_TFV | 0x03), 0, SIGFPE, FPE_FLTINV, PC },
	{ "FP overflow and inexact", ESR(0x2c, FP_TFV | 0x14), 0, SIGFPE, FPE_FLTOVF, PC },
	{ "FP underflow", ESR(0x2c, FP_TFV | 0x08), 0, SIGFPE, FPE_FLTUND, PC },
	{ "FP inexact", ESR(0x2c, FP_TFV | 0x10), 0, SIGFPE, FPE_FLTRES, PC },
	{ "FP, flags not valid", ESR(0x2c, 0x02), 0, SIGFPE, FPE_FLTUNK, PC },
	{ "trapped system register access", ESR(0x18, 0), 0, SIGILL, ILL_ILLOPC, PC },
	{ "illegal execution state", ESR(0x0e, 0), 0, SIGILL, ILL_ILLOPC, PC },
};

KTEST(traps, el0_fault_signal_as_linux)
{
	unsigned long i;

	for (i = 0; i < ARRAY_SIZE(traps); i++) {
		const struct trap *want = &traps[i];
		struct el0_fault f = { .esr = want->esr, .far = FAR, .pc = PC, .sp = SP,
				       .mm_err = want->mm_err };

		el0_fault_signal(&f);
		if (f.signal != want->signal || f.code != want->code || f.addr != want->addr)
			ktest_fail(t, __FILE__, __LINE__,
				   "%s (ESR %#x): signal %d code %d addr %#lx, should be signal %d code %d addr %#lx",
				   want->what, want->esr, f.signal, f.code, f.addr, want->signal,
				   want->code, want->addr);
	}
}
