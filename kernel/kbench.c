/*
 * The in-kernel benchmark runner (see kernel/kbench.h). Each benchmark
 * runs once to warm caches and lists, then once measured with the generic
 * timer; the time is divided by the operations done.
 */
#include <kernel/kbench.h>
#include <kernel/printk.h>
#include <kernel/lib/string.h>
#include <asm/timer.h>

extern const struct kbench __kbenches_start[], __kbenches_end[];

static bool chosen(const char *selection, const char *name)
{
	size_t len = strlen(name);
	const char *p = selection;

	if (!strcmp(selection, "all"))
		return true;
	while ((p = strstr(p, name)) != NULL) {
		bool starts = p == selection || p[-1] == ',';
		bool ends = p[len] == '\0' || p[len] == ',';

		if (starts && ends)
			return true;
		p += len;
	}
	return false;
}

void kbench_run(const char *selection)
{
	const struct kbench *b;

	for (b = __kbenches_start; b < __kbenches_end; b++) {
		u64 start, tenths;

		if (!chosen(selection, b->name))
			continue;
		b->fn(b->count / 10 + 1);
		start = ktime_get_ns();
		b->fn(b->count);
		tenths = (ktime_get_ns() - start) * 10 / b->count;
		printk("kbench: %s: %llu.%llu ns/op (%lu ops)\n", b->name,
		       (unsigned long long)(tenths / 10), (unsigned long long)(tenths % 10),
		       b->count);
	}
	printk("kbench: done\n");
}
