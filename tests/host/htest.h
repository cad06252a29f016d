/*
 * A minimal unit-test framework for the host tests. HTEST(name) defines a
 * test that registers itself; main() in htest.c runs them all and prints
 * TAP. A failing CHECK names the file, the line and the values compared,
 * and ends the current test.
 */
#ifndef HTEST_H
#define HTEST_H

#include <stdio.h>
#include <setjmp.h>

struct htest {
	const char *name;
	void (*fn)(void);
	struct htest *next;
};

void htest_register(struct htest *t);
void htest_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));

#define HTEST(name)							\
	static void name(void);						\
	static struct htest htest_##name = { #name, name, NULL };	\
	__attribute__((constructor)) static void htest_reg_##name(void) \
	{								\
		htest_register(&htest_##name);				\
	}								\
	static void name(void)

#define CHECK(cond)							\
	do {								\
		if (!(cond))						\
			htest_fail(__FILE__, __LINE__, "CHECK(%s)", #cond); \
	} while (0)

#define CHECK_EQ(a, b)							\
	do {								\
		long long __a = (long long)(a), __b = (long long)(b);	\
		if (__a != __b)						\
			htest_fail(__FILE__, __LINE__,			\
				   "%s == %s: %lld (%#llx) != %lld (%#llx)", \
				   #a, #b, __a, (unsigned long long)__a, __b,	\
				   (unsigned long long)__b);			\
	} while (0)

#endif
