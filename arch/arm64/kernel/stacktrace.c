/*
 * Backtraces by frame pointers. The kernel is built with
 * -fno-omit-frame-pointer, so x29 points to a frame record {caller's x29,
 * return address}; following the chain walks up the calls. entry.S adds
 * a record for every exception, so the walk continues into the
 * interrupted code. A frame must lie inside this CPU's stack and above
 * the one before, which stops the walk on a corrupt chain.
 */
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <asm/setup.h>
#include <asm/stacktrace.h>

#define MAX_FRAMES 32

static bool frame_ok(unsigned long fp, unsigned long low, unsigned long high)
{
	return fp >= low && fp + 16 <= high && (fp & 7) == 0;
}

void dump_backtrace(unsigned long fp, unsigned long pc)
{
	unsigned long high = (unsigned long)this_cpu()->stack_top;
	unsigned long low = high - KERNEL_STACK_SIZE;
	int depth;

	printk(KERN_EMERG "Call trace:\n");
	printk(KERN_EMERG " %pS\n", (void *)pc);
	for (depth = 0; depth < MAX_FRAMES && frame_ok(fp, low, high); depth++) {
		unsigned long next = ((unsigned long *)fp)[0];
		unsigned long ret = ((unsigned long *)fp)[1];

		if (ret == 0)
			break;
		/* ret - 4 is the call itself, which names the right function. */
		printk(KERN_EMERG " %pS\n", (void *)(ret - 4));
		if (next <= fp)
			break;
		fp = next;
	}
}

void dump_stack(void)
{
	dump_backtrace((unsigned long)__builtin_frame_address(0), (unsigned long)dump_stack);
}
