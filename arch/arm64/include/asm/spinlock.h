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
 * These are the raw locks; kernel/spinlock.h adds preemption control.
 */
#ifndef ASM_SPINLOCK_H
#define ASM_SPINLOCK_H

#include <kernel/types.h>

typedef struct {
	u16 owner;	/* ticket now being served */
	u16 next;	/* next ticket to hand out */
} spinlock_t;

#define SPINLOCK_INIT { 0, 0 }

extern bool arm64_has_lse;
extern bool spinlock_ticket;	/* spinlock=ticket on the command line */

static inline void spin_lock_init(spinlock_t *lock)
{
	lock->owner = 0;
	lock->next = 0;
}

/* Returns the old value of the whole lock word: our ticket in bits 31:16. */
static inline u32 arch_spin_take_ticket(spinlock_t *lock)
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

static inline void arch_spin_lock_ticket(spinlock_t *lock)
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

static inline bool arch_spin_trylock(spinlock_t *lock)
{
	u32 old, fail;

	asm volatile("1:	ldaxr	%w[old], %[lock]\n"
		     "	eor	%w[fail], %w[old], %w[old], ror #16\n"
		     "	cbnz	%w[fail], 2f\n"
		     "	add	%w[old], %w[old], %w[inc]\n"
		     "	stxr	%w[fail], %w[old], %[lock]\n"
		     "	cbnz	%w[fail], 1b\n"
		     "	mov	%w[fail], #0\n"
		     "	b	3f\n"
		     "2:	clrex\n"
		     "	mov	%w[fail], #1\n"
		     "3:\n"
		     : [old] "=&r"(old), [fail] "=&r"(fail), [lock] "+Q"(*lock)
		     : [inc] "r"(1U << 16)
		     : "memory");
	return fail == 0;
}

/* Wait, in WFE, until the lock looks free (the unlocker's store ends the WFE). */
static inline void arch_spin_wait_free(spinlock_t *lock)
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

static inline void arch_spin_lock_tas(spinlock_t *lock)
{
	while (!arch_spin_trylock(lock))
		arch_spin_wait_free(lock);
}

static inline void arch_spin_lock(spinlock_t *lock)
{
	if (spinlock_ticket)
		arch_spin_lock_ticket(lock);
	else
		arch_spin_lock_tas(lock);
}

static inline void arch_spin_unlock(spinlock_t *lock)
{
	asm volatile("stlrh %w1, %0"
		     : "=Q"(lock->owner)
		     : "r"((u16)(lock->owner + 1))
		     : "memory");
}

static inline bool arch_spin_is_locked(spinlock_t *lock)
{
	spinlock_t snap = READ_ONCE(*lock);

	return snap.owner != snap.next;
}

#endif
