/*
 * Spinlocks, in one of two ways over the same word (see docs/spinlocks.md):
 *
 * - test-and-set (the default): a CPU takes the lock only when it sees
 *   it free, and whichever waiting CPU gets there first wins. Not fair,
 *   but a waiter whose virtual CPU the host has descheduled holds nobody
 *   up, which on an over-committed host is what matters (Linux makes the
 *   same choice for x86 guests without paravirtual locks, virt_spin_lock).
 * - tickets (spinlock=ticket): a CPU takes the next ticket and waits until
 *   the owner field reaches it, so CPUs get the lock in arrival order; but
 *   the lock is handed to the next ticket even when that CPU is not
 *   running, and everyone behind waits for the host to run it.
 *
 * The lock is free when owner == next; both ways release it by moving
 * owner on, so the two can even be mixed on one lock. Taking a ticket is
 * one LDADDA on CPUs with LSE atomics (Armv8.1) and a load/store-exclusive
 * loop on Armv8.0 CPUs such as the Cortex-A72 (see cpufeature.c).
 * These are the raw locks; kernel/spinlock.h adds preemption control and
 * the lock validator's hooks.
 */
#ifndef ASM_SPINLOCK_H
#define ASM_SPINLOCK_H

#include <kernel/types.h>

typedef struct {
	u16 owner;	/* ticket now being served */
	u16 next;	/* next ticket to hand out */
} arch_spinlock_t;

#define ARCH_SPINLOCK_INIT { 0, 0 }

extern bool arm64_has_lse;
extern bool spinlock_ticket;	/* spinlock=ticket on the command line */

/*
 * A jump out of the asm, not a result to test after it, keeps the fast
 * path to the seven instructions it needs. A busy lock leaves the
 * exclusive monitor armed, which is harmless (a store-exclusive only
 * pairs with its own load-exclusive), as in Linux's cmpxchg loops.
 */
static inline bool arch_spin_trylock(arch_spinlock_t *lock)
{
	u32 old, fail;

	asm goto("1:	ldaxr	%w[old], %[lock]\n"
		 "	eor	%w[fail], %w[old], %w[old], ror #16\n"
		 "	cbnz	%w[fail], %l[busy]\n"
		 "	add	%w[old], %w[old], %w[inc]\n"
		 "	stxr	%w[fail], %w[old], %[lock]\n"
		 "	cbnz	%w[fail], 1b\n"
		 : [old] "=&r"(old), [fail] "=&r"(fail), [lock] "+Q"(*lock)
		 : [inc] "r"(1U << 16)
		 : "memory"
		 : busy);
	return true;
busy:
	return false;
}

/* The two ways to wait (arch/arm64/kernel/spinlock.c); either may be used on any lock. */
void arch_spin_lock_ticket(arch_spinlock_t *lock);
void arch_spin_lock_tas(arch_spinlock_t *lock);

/*
 * A free lock is taken at once whichever way is in use (nobody waits on a
 * free lock, so not even tickets are jumped); the waiting is out of line.
 */
static inline void arch_spin_lock(arch_spinlock_t *lock)
{
	if (arch_spin_trylock(lock))
		return;
	if (spinlock_ticket)
		arch_spin_lock_ticket(lock);
	else
		arch_spin_lock_tas(lock);
}

static inline void arch_spin_unlock(arch_spinlock_t *lock)
{
	asm volatile("stlrh %w1, %0"
		     : "=Q"(lock->owner)
		     : "r"((u16)(lock->owner + 1))
		     : "memory");
}

static inline bool arch_spin_is_locked(arch_spinlock_t *lock)
{
	arch_spinlock_t snap = READ_ONCE(*lock);

	return snap.owner != snap.next;
}

#endif
