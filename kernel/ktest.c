/*
 * The in-kernel test runner. Tests are descriptors in the .ktests section
 * (see kernel/ktest.h); `ktest=` names the ones to run: a comma-separated
 * list of groups or group.name, or `all`. Tests that end the boot run
 * only when named as group.name. Results are TAP, which tests/run.py reads.
 */
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/lib/string.h>
#include <kernel/lib/seq_buf.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

extern const struct ktest __ktests_start[], __ktests_end[];

void ktest_fail(struct ktest_ctx *t, const char *file, int line, const char *fmt, ...)
{
	char what[256];
	va_list args;

	va_start(args, fmt);
	vsnprintf(what, sizeof(what), fmt, args);
	va_end(args);
	printk("# %s:%d: check failed: %s\n", file, line, what);
	t->failures++;
}

void ktest_expect_report(const char *text)
{
	printk("# expect-report: %s\n", text);
}

void ktest_memory_in_use(unsigned long *pages, unsigned long *vmalloc_areas)
{
	static char text[8192];
	unsigned long slab_pages, objects;
	struct seq_buf s;
	size_t i;

	kmem_cache_shrink_all();
	drain_all_pages();
	slab_totals(&objects, &slab_pages);
	*pages = totalram_pages() - nr_free_pages() - slab_pages;
	seq_buf_init(&s, text, sizeof(text));
	vmallocinfo_show(&s);
	for (*vmalloc_areas = 0, i = 0; i < s.len; i++)
		*vmalloc_areas += text[i] == '\n';
}

/* Does one comma-separated item of the selection pick this test? */
static bool item_matches(const char *item, size_t len, const struct ktest *test)
{
	size_t group_len = strlen(test->group);

	/* A test that ends the boot runs only when named in full. */
	if (len == 3 && !strncmp(item, "all", 3))
		return !test->expect_panic;
	if (len == group_len && !strncmp(item, test->group, len))
		return !test->expect_panic;
	return len == group_len + 1 + strlen(test->name) &&
	       !strncmp(item, test->group, group_len) && item[group_len] == '.' &&
	       !strncmp(item + group_len + 1, test->name, len - group_len - 1);
}

/* An item "-x" takes out what x picks, whatever the other items pick. */
static bool selected(const char *selection, const struct ktest *test)
{
	const char *item = selection;
	bool picked = false;

	while (*item) {
		const char *comma = strchr(item, ',');
		size_t len = comma ? (size_t)(comma - item) : strlen(item);

		if (len > 1 && item[0] == '-' && item_matches(item + 1, len - 1, test))
			return false;
		picked |= item_matches(item, len, test);
		item += len + (comma ? 1 : 0);
	}
	return picked;
}

static bool group_ends_boot(const char *item, size_t len)
{
	for (const struct ktest *test = __ktests_start; test < __ktests_end; test++)
		if (strlen(test->group) == len && !strncmp(item, test->group, len))
			return true;
	return false;
}

/* Say which items of the selection pick no test: a typo would otherwise run nothing, silently. */
static void report_unmatched(const char *selection)
{
	const struct ktest *test;
	const char *item = selection;

	while (*item) {
		const char *comma = strchr(item, ',');
		size_t len = comma ? (size_t)(comma - item) : strlen(item);
		size_t skip = len > 1 && item[0] == '-';

		for (test = __ktests_start; test < __ktests_end; test++)
			if (item_matches(item + skip, len - skip, test))
				break;
		if (len && test == __ktests_end)
			printk(KERN_WARNING "ktest: no test matches `%.*s'%s, dropped\n", (int)len,
			       item, group_ends_boot(item, len) ?
			       " (its tests end the boot: name each as group.name)" : "");
		item += len + (comma ? 1 : 0);
	}
}

static bool run_one(const struct ktest *test, int number)
{
	struct ktest_ctx ctx = { .test = test, .failures = 0 };

	printk("# running %s.%s\n", test->group, test->name);
	if (test->expect_panic)
		printk("# expect-panic: %s.%s\n", test->group, test->name);
	test->fn(&ctx);
	if (test->expect_panic) {
		printk("# %s.%s returned instead of ending the boot\n", test->group, test->name);
		ctx.failures++;
	}
	printk("%s %d - %s.%s\n", ctx.failures ? "not ok" : "ok", number, test->group,
	       test->name);
	return ctx.failures == 0;
}

int ktest_run(const char *selection)
{
	const struct ktest *test;
	int total = 0, number = 0, failed = 0;

	report_unmatched(selection);
	for (test = __ktests_start; test < __ktests_end; test++)
		total += selected(selection, test);
	printk("TAP version 13\n1..%d\n", total);
	for (test = __ktests_start; test < __ktests_end; test++) {
		if (!selected(selection, test))
			continue;
		if (!run_one(test, ++number))
			failed++;
	}
	printk("# ktest: %d passed, %d failed\n", number - failed, failed);
	return failed;
}
