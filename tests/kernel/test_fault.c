/*
 * Expected-outcome tests: each ends the boot with a fault or panic report,
 * and names beforehand the lines that report must contain. The harness
 * runs each alone and checks the report.
 */
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/types.h>

static const u64 read_only_value = 42;

/* noinline keeps each test's own name in the backtrace. */
static __attribute__((noinline)) void write_through(volatile u64 *p)
{
	*p = 0xdead;
}

KTEST_EXPECT_PANIC(fault, null_pointer_write)
{
	ktest_expect_report("Unable to handle kernel NULL pointer dereference at virtual address 0000000000000010");
	ktest_expect_report("data abort from EL1, translation fault at level");
	ktest_expect_report(", write");
	ktest_expect_report("Call trace:");
	ktest_expect_report("write_through+");
	ktest_expect_report("ktest_fault_null_pointer_write+");
	ktest_expect_report("Kernel panic - not syncing: Oops: data abort from EL1");
	write_through((volatile u64 *)16);
}

KTEST_EXPECT_PANIC(fault, write_to_rodata)
{
	ktest_expect_report("Unable to handle kernel paging request");
	ktest_expect_report("permission fault at level 3, write");
	ktest_expect_report("address is in the kernel image: .rodata (read-only)");
	ktest_expect_report("page RO kernel-only PXN UXN");
	ktest_expect_report("ktest_fault_write_to_rodata+");
	write_through((volatile u64 *)&read_only_value);
}

KTEST_EXPECT_PANIC(fault, panic_backtrace)
{
	ktest_expect_report("Kernel panic - not syncing: deliberate panic from a test");
	ktest_expect_report("Call trace:");
	ktest_expect_report("ktest_fault_panic_backtrace+");
	panic("deliberate panic from a test");
}

/* Never reached; the compiler cannot know, so it keeps the recursion. */
static volatile unsigned long recursion_limit = ~0UL;

/* Each level takes a good part of a kilobyte of stack. */
static __attribute__((noinline)) unsigned long recurse_forever(unsigned long depth)
{
	volatile u8 frame[768];

	if (depth == recursion_limit)
		return depth;
	frame[depth % sizeof(frame)] = (u8)depth;
	return recurse_forever(depth + 1) + frame[0];
}

KTEST_EXPECT_PANIC(fault, kernel_stack_overflow)
{
	ktest_expect_report("Kernel stack overflow on CPU");
	ktest_expect_report("is below the stack");
	ktest_expect_report("recurse_forever");
	ktest_expect_report("Kernel panic - not syncing: kernel stack overflow");
	recurse_forever(0);
}
