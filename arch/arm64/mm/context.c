/*
 * ASIDs for user address spaces, handed out by generations as Linux's
 * arm64 allocator does, so that any number of address spaces can exist
 * with only 255 (or 65535) ASIDs.
 *
 * An mm gets an ASID at its first switch and keeps it as long as its
 * generation is the current one. When none is free, a rollover starts a
 * new generation: the bitmap is rebuilt from only the ASIDs the CPUs are
 * running at that moment (they keep theirs: "reserved"), every other mm
 * gets a new ASID at its next switch, and every CPU flushes its whole TLB
 * once, before it next switches, so that no entry of a reused ASID
 * survives. A freed mm gives nothing back: its ASID ages out at the next
 * rollover, whose flush also ends its TLB entries.
 *
 * The common switch, to an mm of the current generation, takes no lock:
 * it only swaps this CPU's active_asids entry. A rollover clears every
 * entry first, so a switch racing with it fails its compare-and-swap and
 * takes the lock; one that won is seen by the rollover and keeps its ASID.
 *
 * Relies on asm/tlbflush.h's local_flush_tlb_all and nothing else of the
 * hardware: tests/host builds this file as it is (test_asid.c).
 */
#include <asm/asid.h>
#include <asm/smp.h>
#include <asm/tlbflush.h>
#include <kernel/spinlock.h>
#include <kernel/lib/string.h>

#define BITS_PER_LONG 64

unsigned int asid_bits = 8;
atomic_long_t asid_generation;

/* Guards asid_map, cur_idx, reserved_asids and tlb_flush_pending. */
static DEFINE_SPINLOCK(asid_lock);
static unsigned long asid_map[(1UL << MAX_ASID_BITS) / BITS_PER_LONG];
static unsigned long cur_idx;			/* where the search for a free ASID resumes */
static atomic_long_t active_asids[NR_CPUS];	/* what each CPU runs; 0: switching */
static unsigned long reserved_asids[NR_CPUS];	/* what each CPU ran at the last rollover */
static unsigned long tlb_flush_pending;		/* CPUs owing a whole-TLB flush */

static unsigned long nr_asids(void)
{
	return 1UL << asid_bits;
}

static bool asid_gen_match(unsigned long id)
{
	return !((id ^ (unsigned long)atomic_long_read(&asid_generation)) >> asid_bits);
}

static void set_asid_bit(unsigned long asid)
{
	asid_map[asid / BITS_PER_LONG] |= 1UL << (asid % BITS_PER_LONG);
}

static bool test_and_set_asid_bit(unsigned long asid)
{
	bool was_set = asid_map[asid / BITS_PER_LONG] & (1UL << (asid % BITS_PER_LONG));

	set_asid_bit(asid);
	return was_set;
}

/* The first clear bit at or after from, nr_asids() if none. */
static unsigned long find_free_asid(unsigned long from)
{
	unsigned long asid = from;

	while (asid < nr_asids()) {
		/* The bits from asid to the end of its word, ones where the word ends. */
		unsigned long used = asid_map[asid / BITS_PER_LONG] | ((1UL << (asid % BITS_PER_LONG)) - 1);

		if (~used)
			return (asid / BITS_PER_LONG) * BITS_PER_LONG + __builtin_ctzl(~used);
		asid = (asid / BITS_PER_LONG + 1) * BITS_PER_LONG;
	}
	return nr_asids();
}

void asid_init(unsigned int bits)
{
	unsigned int cpu;

	asid_bits = bits;
	atomic_long_set(&asid_generation, (long)nr_asids());
	memset(asid_map, 0, sizeof(asid_map));
	set_asid_bit(0);
	cur_idx = 1;
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		atomic_long_set(&active_asids[cpu], 0);
		reserved_asids[cpu] = 0;
	}
	tlb_flush_pending = 0;
}

/*
 * A rollover, under asid_lock: a new bitmap holding only what the CPUs
 * run. A CPU whose active entry is 0 is between a failed fast path and the
 * lock, still running what it reserved at the previous rollover.
 */
static void flush_context(void)
{
	unsigned int cpu;

	memset(asid_map, 0, nr_asids() / 8);
	set_asid_bit(0);
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		unsigned long id = (unsigned long)atomic_long_xchg(&active_asids[cpu], 0);

		if (id == 0)
			id = reserved_asids[cpu];
		set_asid_bit(ctxid2asid(id));
		reserved_asids[cpu] = id;
	}
	tlb_flush_pending = (1UL << NR_CPUS) - 1;
}

/*
 * A CPU still runs the mm with old id (reserved at a rollover): it keeps
 * its ASID in the new generation, on every CPU that reserved it.
 */
static bool check_update_reserved_asid(unsigned long old, unsigned long new)
{
	bool hit = false;
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		if (reserved_asids[cpu] == old) {
			hit = true;
			reserved_asids[cpu] = new;
		}
	}
	return hit;
}

/* A context id of the current generation for an mm whose id is old; under asid_lock. */
static unsigned long asid_new_context(unsigned long old)
{
	unsigned long generation = (unsigned long)atomic_long_read(&asid_generation);
	unsigned long asid;

	if (old) {
		unsigned long new = generation | ctxid2asid(old);

		if (check_update_reserved_asid(old, new))
			return new;
		/* Its old ASID is still free in this generation: no need to move. */
		if (!test_and_set_asid_bit(ctxid2asid(old)))
			return new;
	}
	asid = find_free_asid(cur_idx);
	if (asid == nr_asids()) {
		generation = (unsigned long)atomic_long_add_return((long)nr_asids(),
								   &asid_generation);
		flush_context();
		asid = find_free_asid(1);
	}
	set_asid_bit(asid);
	cur_idx = asid;
	return generation | asid;
}

unsigned long check_and_switch_context(struct mm_struct *mm, unsigned int cpu)
{
	unsigned long id = (unsigned long)atomic_long_read(&mm->context_id);
	long old_active = atomic_long_read(&active_asids[cpu]);
	unsigned long flags;

	if (old_active && asid_gen_match(id) &&
	    atomic_long_try_cmpxchg(&active_asids[cpu], old_active, (long)id))
		return id;

	spin_lock_irqsave(&asid_lock, flags);
	id = (unsigned long)atomic_long_read(&mm->context_id);
	if (!asid_gen_match(id)) {
		id = asid_new_context(id);
		atomic_long_set(&mm->context_id, (long)id);
	}
	if (tlb_flush_pending & (1UL << cpu)) {
		tlb_flush_pending &= ~(1UL << cpu);
		local_flush_tlb_all();
	}
	atomic_long_set(&active_asids[cpu], (long)id);
	spin_unlock_irqrestore(&asid_lock, flags);
	return id;
}
