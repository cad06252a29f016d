/*
 * Backtraces by frame pointers. The kernel is built with
 * -fno-omit-frame-pointer, so x29 points to a frame record {caller's x29,
 * return address}; following the chain walks up the calls. entry.S adds
 * a record for every exception, so the walk continues into the
 * interrupted code. A frame must lie inside this CPU's stack and above
 * the one before, which stops the walk on a corrupt chain.
 *
 * A function that calls nothing may fault before it saved a frame record,
 * or after it already popped it (the compiler schedules the epilogue
 * freely); then its caller is only in the link register, so the walk
 * shows lr too when it names a function the frame chain would skip.
 */
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/sched.h>
#include <asm/setup.h>
#include <asm/stacktrace.h>

#define MAX_FRAMES 32

static bool frame_ok(unsigned long fp, unsigned long low, unsigned long high)
{
	return fp >= low && fp + 16 <= high && (fp & 7) == 0;
}

static bool same_function(unsigned long a, unsigned long b)
{
	const char *name_a, *name_b;
	unsigned long off, size;

	if (!ksym_lookup(a, &name_a, &off, &size) || !ksym_lookup(b, &name_b, &off, &size))
		return false;
	return name_a == name_b;
}

/* The frames from fp up, on the stack [low, high). */
static void dump_frames(unsigned long fp, unsigned long pc, unsigned long lr, unsigned long low,
			unsigned long high)
{
	const char *name;
	unsigned long off, size;
	int depth;

	printk(KERN_EMERG "Call trace:\n");
	printk(KERN_EMERG " %pS\n", (void *)pc);
	if (lr && ksym_lookup(lr - 4, &name, &off, &size) && !same_function(lr - 4, pc) &&
	    !(frame_ok(fp, low, high) && ((unsigned long *)fp)[1] == lr))
		printk(KERN_EMERG " %pS (from lr)\n", (void *)(lr - 4));
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

void dump_backtrace(unsigned long fp, unsigned long pc, unsigned long lr)
{
	unsigned long high = (unsigned long)this_cpu()->stack_top;

	dump_frames(fp, pc, lr, high - KERNEL_STACK_SIZE, high);
}

void dump_task_backtrace(const struct task_struct *task)
{
	unsigned long low = (unsigned long)task->stack;

	dump_frames(task->cpu_context.fp, task->cpu_context.pc, 0, low, low + KERNEL_STACK_SIZE);
}

void dump_stack(void)
{
	dump_backtrace((unsigned long)__builtin_frame_address(0), (unsigned long)dump_stack, 0);
}
