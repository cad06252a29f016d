/*
 * The waiting half of the spinlocks of asm/spinlock.h, out of line as in
 * Linux: the fast path (a free lock) is inline, and only a contended lock
 * comes here, to wait by ticket or by test-and-set (docs/spinlocks.md).
 */
#include <asm/spinlock.h>

/* Tickets only when the command line asks (spinlock=ticket), set before SMP starts. */
bool spinlock_ticket;

/* Returns the old value of the whole lock word: our ticket in bits 31:16. */
static u32 arch_spin_take_ticket(arch_spinlock_t *lock)
{
	u32 old, tmp, fail;

	if (arm64_has_lse) {
		asm volatile(".arch_extension lse\n"
			     "	ldadda	%w[inc], %w[old], %[lock]\n"
			     : [old] "=&r"(old), [lock] "+Q"(*lock)
			     : [inc] "r"(1U << 16)
			     : "memory");
		return old;
	}
	asm volatile("1:	ldaxr	%w[old], %[lock]\n"
		     "	add	%w[tmp], %w[old], %w[inc]\n"
		     "	stxr	%w[fail], %w[tmp], %[lock]\n"
		     "	cbnz	%w[fail], 1b\n"
		     : [old] "=&r"(old), [tmp] "=&r"(tmp), [fail] "=&r"(fail),
		       [lock] "+Q"(*lock)
		     : [inc] "r"(1U << 16)
		     : "memory");
	return old;
}

void arch_spin_lock_ticket(arch_spinlock_t *lock)
{
	u32 old = arch_spin_take_ticket(lock);
	u16 ticket = old >> 16;
	u16 owner;

	if ((u16)old == ticket)
		return;
	/*
	 * The load-exclusive arms the monitor: the unlocker's store to the
	 * lock clears it and so generates the event that ends our WFE.
	 */
	asm volatile("	sevl\n"
		     "1:	wfe\n"
		     "	ldaxrh	%w[owner], %[lock_owner]\n"
		     "	cmp	%w[owner], %w[ticket], uxth\n"
		     "	b.ne	1b\n"
		     : [owner] "=&r"(owner)
		     : [lock_owner] "Q"(lock->owner), [ticket] "r"(ticket)
		     : "memory", "cc");
}


/* Wait, in WFE, until the lock looks free (the unlocker's store ends the WFE). */
static void arch_spin_wait_free(arch_spinlock_t *lock)
{
	u32 word, diff;

	asm volatile("	sevl\n"
		     "1:	wfe\n"
		     "	ldaxr	%w[word], %[lock]\n"
		     "	eor	%w[diff], %w[word], %w[word], ror #16\n"
		     "	cbnz	%w[diff], 1b\n"
		     : [word] "=&r"(word), [diff] "=&r"(diff)
		     : [lock] "Q"(*lock)
		     : "memory");
}

void arch_spin_lock_tas(arch_spinlock_t *lock)
{
	while (!arch_spin_trylock(lock))
		arch_spin_wait_free(lock);
}
