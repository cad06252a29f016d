/*
 * In-kernel tests, in the manner of Linux's KUnit. KTEST(group, name)
 * defines a test and places its descriptor in the .ktests section, so a
 * test registers itself just by being linked in. The `ktest=` boot option
 * chooses tests by group or group.name; results are printed as TAP.
 *
 * Checks: KT_EXPECT* record a failure (file:line and the values) and go
 * on; KT_ASSERT* also end the test.
 *
 * An expected-outcome test (KTEST_EXPECT_PANIC) deliberately ends the
 * boot with a fault or panic report. Before causing it, it names lines the
 * report must contain with ktest_expect_report(); the harness in tests/
 * checks them. Such a test must be chosen alone.
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include <kernel/types.h>

struct ktest_ctx {
	const struct ktest *test;
	int failures;
};

struct ktest {
	const char *group;
	const char *name;
	void (*fn)(struct ktest_ctx *t);
	bool expect_panic;
};

#define __KTEST(group, name, panics)					\
	static void ktest_##group##_##name(struct ktest_ctx *t);	\
	static const struct ktest ktest_desc_##group##_##name		\
		__used __section(".ktests") __aligned(8) = {		\
		#group, #name, ktest_##group##_##name, panics		\
	};								\
	static void ktest_##group##_##name(struct ktest_ctx *t __unused)

#define KTEST(group, name) __KTEST(group, name, false)
#define KTEST_EXPECT_PANIC(group, name) __KTEST(group, name, true)

void ktest_fail(struct ktest_ctx *t, const char *file, int line, const char *fmt, ...)
	__printf(4, 5);
void ktest_expect_report(const char *text);

/*
 * For leak checks: pages in use outside the slab caches (every cache shrunk
 * first) and the number of vmalloc areas. Slab pages are left out because a
 * cache whose long-lived objects were reallocated may end up spread over
 * one slab more without anything leaking.
 */
void ktest_memory_in_use(unsigned long *pages, unsigned long *vmalloc_areas);

#define KT_EXPECT(cond)							\
	do {								\
		if (!(cond))						\
			ktest_fail(t, __FILE__, __LINE__, "%s", #cond);	\
	} while (0)

#define KT_EXPECT_EQ(a, b)						\
	do {								\
		long long __a = (long long)(a), __b = (long long)(b);	\
		if (__a != __b)						\
			ktest_fail(t, __FILE__, __LINE__,		\
				   "%s == %s: %lld (%#llx) != %lld (%#llx)", \
				   #a, #b, __a, __a, __b, __b);		\
	} while (0)

#define KT_ASSERT(cond)							\
	do {								\
		if (!(cond)) {						\
			ktest_fail(t, __FILE__, __LINE__, "%s", #cond);	\
			return;						\
		}							\
	} while (0)

#define KT_ASSERT_EQ(a, b)						\
	do {								\
		int __before = t->failures;				\
		KT_EXPECT_EQ(a, b);					\
		if (t->failures != __before)				\
			return;						\
	} while (0)

#endif
