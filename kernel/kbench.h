/*
 * In-kernel benchmarks, kept apart from the tests. KBENCH(name) defines a
 * function that performs `count` operations; it registers itself in the
 * .kbenches section. The `kbench=` boot option runs them (`all`, or names
 * separated by commas) and prints one line each:
 *
 *   kbench: NAME: 123.4 ns/op (100000 ops)
 *
 * `make bench` boots with QEMU's -icount shift=0, where one nanosecond of
 * guest time is one guest instruction, so the figures are instruction
 * counts and repeat exactly.
 */
#ifndef KERNEL_KBENCH_H
#define KERNEL_KBENCH_H

#include <kernel/types.h>

struct kbench {
	const char *name;
	void (*fn)(unsigned long count);
	unsigned long count;	/* operations per measured run */
};

#define KBENCH(bench_name, ops)						\
	static void kbench_##bench_name(unsigned long count);		\
	static const struct kbench kbench_desc_##bench_name		\
		__used __section(".kbenches") __aligned(8) = {		\
		#bench_name, kbench_##bench_name, ops			\
	};								\
	static void kbench_##bench_name(unsigned long count)

void kbench_run(const char *selection);

#endif
