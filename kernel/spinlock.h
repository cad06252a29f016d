/*
 * Spinlocks for the whole kernel: the arch ticket lock plus preemption
 * control (a task holding a spinlock is never switched out, so a waiter
 * never spins on a lock whose holder is not running), and the irqsave
 * forms that also mask interrupts on this CPU (needed whenever the lock
 * is also taken from an interrupt handler).
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <asm/spinlock.h>
#include <asm/irqflags.h>
#include <asm/preempt.h>

#define DEFINE_SPINLOCK(name) spinlock_t name = SPINLOCK_INIT

static inline void spin_lock(spinlock_t *lock)
{
	preempt_disable();
	arch_spin_lock(lock);
}

static inline bool spin_trylock(spinlock_t *lock)
{
	preempt_disable();
	if (arch_spin_trylock(lock))
		return true;
	preempt_enable();
	return false;
}

static inline void spin_unlock(spinlock_t *lock)
{
	arch_spin_unlock(lock);
	preempt_enable();
}

static inline bool spin_is_locked(spinlock_t *lock)
{
	return arch_spin_is_locked(lock);
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
