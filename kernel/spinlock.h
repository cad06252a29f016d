/*
 * Spinlocks for the whole kernel: the arch ticket lock plus preemption
 * control (a task holding a spinlock is never switched out, so a waiter
 * never spins on a lock whose holder is not running), and the irqsave
 * forms that also mask interrupts on this CPU (needed whenever the lock
 * is also taken from an interrupt handler).
 *
 * Each lock also carries what the lock validator knows of it
 * (kernel/lockdep.h); with the validator off, that costs a branch.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <asm/spinlock.h>
#include <asm/irqflags.h>
#include <asm/preempt.h>
#include <kernel/lockdep.h>

typedef struct {
	arch_spinlock_t raw_lock;
	struct lockdep_map dep_map;
} spinlock_t;

/* A lock's initial value, for a static one: its address is its class. */
#define SPINLOCK_INIT(name) { ARCH_SPINLOCK_INIT, { NULL, #name, NULL } }
#define DEFINE_SPINLOCK(name) spinlock_t name = SPINLOCK_INIT(name)

static inline void __spin_lock_init(spinlock_t *lock, const char *name,
				    const struct lock_class_key *key)
{
	lock->raw_lock = (arch_spinlock_t)ARCH_SPINLOCK_INIT;
	lockdep_init_map(&lock->dep_map, name, key);
}

/* Every lock initialised on this line is of one class, named after the expression. */
#define spin_lock_init(lock)						\
	do {								\
		static struct lock_class_key __key;			\
		__spin_lock_init((lock), #lock, &__key);		\
	} while (0)

static inline void spin_lock(spinlock_t *lock)
{
	preempt_disable();
	if (unlikely(prove_locking))
		spin_acquire(&lock->dep_map, false);
	arch_spin_lock(&lock->raw_lock);
}

static inline bool spin_trylock(spinlock_t *lock)
{
	preempt_disable();
	if (arch_spin_trylock(&lock->raw_lock)) {
		if (unlikely(prove_locking))
			spin_acquire(&lock->dep_map, true);
		return true;
	}
	preempt_enable();
	return false;
}

static inline void spin_unlock(spinlock_t *lock)
{
	if (unlikely(prove_locking))
		lock_release(&lock->dep_map);
	arch_spin_unlock(&lock->raw_lock);
	preempt_enable();
}

static inline bool spin_is_locked(spinlock_t *lock)
{
	return arch_spin_is_locked(&lock->raw_lock);
}

#define spin_lock_irqsave(lock, flags)		\
	do {					\
		flags = local_irq_save();	\
		spin_lock(lock);		\
	} while (0)

static inline void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	spin_unlock(lock);
	local_irq_restore(flags);
}

#endif
