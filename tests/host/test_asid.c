/*
 * The ASID allocator (arch/arm64/mm/context.c) on the host: the CPUs are
 * just numbers passed in, TTBR0 is what check_and_switch_context returns,
 * and the local TLB flushes are counted. Checked: ASIDs handed out in
 * order, the lock-free path for a current mm, a rollover that lets the
 * running address spaces keep their ASIDs, and, over a long random run
 * with 8-bit ASIDs and eight CPUs, that no two live address spaces share
 * an ASID in a generation and that each CPU flushes exactly once per
 * rollover, before it runs anything of the new generation.
 */
#include <string.h>
#include <asm/asid.h>
#include <asm/smp.h>
#include "htest.h"
#include "rng.h"

__thread unsigned long host_local_tlb_flushes;

#define POOL 600

static struct mm_struct pool[POOL];

static void reset(unsigned int bits)
{
	asid_init(bits);
	memset(pool, 0, sizeof(pool));
	host_local_tlb_flushes = 0;
}

static unsigned long generation_of(unsigned long id)
{
	return id >> asid_bits;
}

HTEST(asids_are_handed_out_in_order_from_1)
{
	reset(8);
	CHECK_EQ(check_and_switch_context(&pool[0], 0), 256 | 1);
	CHECK_EQ(check_and_switch_context(&pool[1], 1), 256 | 2);
	CHECK_EQ(check_and_switch_context(&pool[0], 1), 256 | 1);
	CHECK_EQ(mm_asid(&pool[1]), 2);
	CHECK_EQ(host_local_tlb_flushes, 0);
}

HTEST(sixteen_bits_give_65535_asids_before_a_rollover)
{
	static struct mm_struct many[65535];

	reset(16);
	for (unsigned int i = 0; i < 65535; i++)
		CHECK_EQ(ctxid2asid(check_and_switch_context(&many[i], 0)), i + 1);
	CHECK_EQ(atomic_long_read(&asid_generation), 1L << 16);
	CHECK_EQ(host_local_tlb_flushes, 0);
	check_and_switch_context(&pool[0], 0);
	CHECK_EQ(atomic_long_read(&asid_generation), 2L << 16);
	CHECK_EQ(host_local_tlb_flushes, 1);
}

/* 255 ASIDs: CPU 1 keeps running pool[0] while CPU 0 goes through 300 address spaces. */
HTEST(rollover_keeps_what_cpus_run_and_flushes_each_once)
{
	unsigned long running;

	reset(8);
	running = check_and_switch_context(&pool[0], 1);
	for (int i = 1; i <= 300; i++)
		check_and_switch_context(&pool[i], 0);
	CHECK_EQ(atomic_long_read(&asid_generation), 2L * 256);
	CHECK_EQ(host_local_tlb_flushes, 1);	/* CPU 0, at the rollover */
	/* CPU 1 comes back to its mm: same ASID, new generation, its own flush. */
	CHECK_EQ(check_and_switch_context(&pool[0], 1), 2 * 256 | ctxid2asid(running));
	CHECK_EQ(host_local_tlb_flushes, 2);
	/* An mm of the old generation that nobody ran at the rollover gets a new ASID. */
	CHECK_EQ(generation_of(atomic_long_read(&pool[5].context_id)), 1);
	CHECK_EQ(generation_of(check_and_switch_context(&pool[5], 0)), 2);
	CHECK(mm_asid(&pool[5]) != mm_asid(&pool[0]));
}

/* No two address spaces of the pool hold the same ASID in the current generation. */
static bool pool_asids_distinct(void)
{
	static unsigned char seen[256];
	unsigned long generation = atomic_long_read(&asid_generation) >> asid_bits;

	memset(seen, 0, sizeof(seen));
	for (int i = 0; i < POOL; i++) {
		unsigned long id = atomic_long_read(&pool[i].context_id);

		if (generation_of(id) != generation)
			continue;
		if (seen[ctxid2asid(id)]++)
			return false;
	}
	return true;
}

/*
 * Eight CPUs switch at random among 600 address spaces, some of which die
 * and are replaced by new ones (their ASIDs simply age out).
 */
HTEST(random_switches_through_many_rollovers)
{
	unsigned long long state = 0x5eed;
	unsigned long cpu_generation[NR_CPUS];	/* at each CPU's last switch */
	unsigned long rollovers = 0, last = 256, flushes_ok = 1;

	reset(8);
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		cpu_generation[cpu] = 256;
	for (int step = 0; step < 200000; step++) {
		unsigned int cpu = rng_next(&state) % NR_CPUS;
		struct mm_struct *mm = &pool[rng_next(&state) % POOL];
		unsigned long flushes = host_local_tlb_flushes, id, now;

		if (rng_next(&state) % 4 == 0)
			memset(mm, 0, sizeof(*mm));	/* freed, and a new one in its place */
		id = check_and_switch_context(mm, cpu);
		now = atomic_long_read(&asid_generation);
		rollovers += now != last;
		last = now;
		/* A CPU flushes exactly when it first switches in a new generation. */
		if (host_local_tlb_flushes - flushes != (cpu_generation[cpu] != now))
			flushes_ok = 0;
		cpu_generation[cpu] = now;
		CHECK_EQ(generation_of(id), now >> asid_bits);
		CHECK(ctxid2asid(id) != 0);
		if (step % 64 == 0)
			CHECK(pool_asids_distinct());
	}
	CHECK(flushes_ok);
	CHECK(rollovers > 100);
}
