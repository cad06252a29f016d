/*
 * Runs every registered host test in the order of registration and prints
 * TAP. A failed check longjmps back here, so one failure ends only its own
 * test. Exit status: 0 when all passed.
 *
 *   PROGRAM [SUITE [TEST...]]
 *
 * SUITE names the tests in the output; TEST names, if given, run only
 * those (the lab grader runs each test in a process of its own).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "htest.h"

static struct htest *first, **last = &first;
static jmp_buf on_failure;

void htest_register(struct htest *t)
{
	*last = t;
	last = &t->next;
}

void htest_fail(const char *file, int line, const char *fmt, ...)
{
	va_list args;

	printf("# %s:%d: ", file, line);
	va_start(args, fmt);
	vprintf(fmt, args);
	va_end(args);
	printf("\n");
	longjmp(on_failure, 1);
}

static bool is_chosen(const struct htest *t, int argc, char **argv)
{
	int i;

	if (argc <= 2)
		return true;
	for (i = 2; i < argc; i++)
		if (strcmp(argv[i], t->name) == 0)
			return true;
	return false;
}

int main(int argc, char **argv)
{
	const char *suite = argc > 1 ? argv[1] : "host";
	volatile int failed = 0, n = 0;
	struct htest *volatile t;
	int count = 0;

	for (t = first; t; t = t->next)
		count += is_chosen(t, argc, argv);
	printf("1..%d\n", count);
	for (t = first; t; t = t->next) {
		if (!is_chosen(t, argc, argv))
			continue;
		n++;
		fflush(stdout);
		if (setjmp(on_failure) == 0) {
			t->fn();
			printf("ok %d - %s.%s\n", n, suite, t->name);
		} else {
			printf("not ok %d - %s.%s\n", n, suite, t->name);
			failed++;
		}
		/* A leak report at exit ends the program without flushing stdout. */
		fflush(stdout);
	}
	return failed ? 1 : 0;
}
