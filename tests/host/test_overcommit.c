/*
 * The overcommit policy alone (mm/overcommit.c's commit_limit and
 * overcommit_allows), on made-up machines: the figures Linux's
 * Documentation/mm/overcommit-accounting.rst describes for each mode.
 * The accounting through real VMA changes is in test_vma.c.
 */
#include <kernel/types.h>
#include <mm/overcommit.h>
#include "htest.h"

/* 1 GiB of RAM in 4 KiB pages, no swap, Linux's default ratio; strict mode. */
static struct commit_state machine(void)
{
	struct commit_state s = {
		.mode = OVERCOMMIT_NEVER,
		.ratio = 50,
		.totalram = 262144,
	};
	return s;
}

HTEST(commit_limit_from_ratio_or_kbytes)
{
	CHECK_EQ(commit_limit(262144, 0, 50, 0), 131072);
	CHECK_EQ(commit_limit(262144, 1000, 50, 0), 132072);	/* swap counts whole */
	CHECK_EQ(commit_limit(262144, 0, 0, 0), 0);
	CHECK_EQ(commit_limit(262144, 0, 200, 0), 524288);	/* a ratio may pass 100 */
	CHECK_EQ(commit_limit(262144, 0, 50, 4096), 1024);	/* kbytes wins */
	CHECK_EQ(commit_limit(262144, 10, 50, 4096), 1034);
	CHECK_EQ(commit_limit(262144, 0, 50, 4095), 1023);	/* kB round down to pages */
}

HTEST(heuristic_refuses_only_a_request_larger_than_ram_and_swap)
{
	struct commit_state s = machine();

	s.mode = OVERCOMMIT_GUESS;
	s.committed = ~0UL / 2;	/* what is committed already does not matter */
	CHECK(overcommit_allows(&s, 262144));
	CHECK(!overcommit_allows(&s, 262145));
	s.swap = 1;
	CHECK(overcommit_allows(&s, 262145));
}

HTEST(always_refuses_nothing)
{
	struct commit_state s = machine();

	s.mode = OVERCOMMIT_ALWAYS;
	s.committed = ~0UL;
	CHECK(overcommit_allows(&s, ~0UL));
}

/* The total with the request must stay below the limit: reaching it is refused. */
HTEST(strict_compares_the_total_with_the_limit)
{
	struct commit_state s = machine();

	s.admin = true;
	s.committed = 131071;
	CHECK(overcommit_allows(&s, 1));
	s.committed = 131072;
	CHECK(!overcommit_allows(&s, 1));
	s.kbytes = 8;
	s.committed = 1;
	CHECK(overcommit_allows(&s, 1));
	s.committed = 2;
	CHECK(!overcommit_allows(&s, 1));
}

HTEST(strict_keeps_the_reserves)
{
	struct commit_state s = machine();

	s.admin_reserve = 2048;
	s.user_reserve = 100;
	s.committed = 131072 - 2048 - 1;
	CHECK(overcommit_allows(&s, 1));
	s.committed++;
	CHECK(!overcommit_allows(&s, 1));	/* not root: the admin reserve is kept */
	s.admin = true;
	CHECK(overcommit_allows(&s, 1));
	/* A process keeps total_vm / 32 back, at most user_reserve. */
	s.committed = 131072 - 33;
	s.total_vm = 32 * 32;
	CHECK(overcommit_allows(&s, 1));
	s.committed++;
	CHECK(!overcommit_allows(&s, 1));
	s.total_vm = 1UL << 30;
	s.committed = 131072 - 101;
	CHECK(overcommit_allows(&s, 1));
	s.committed++;
	CHECK(!overcommit_allows(&s, 1));
}

HTEST(strict_with_reserves_above_the_limit_refuses_all)
{
	struct commit_state s = machine();

	s.kbytes = 4;
	s.admin_reserve = 2;
	s.committed = 0;
	CHECK(!overcommit_allows(&s, 0));
}
