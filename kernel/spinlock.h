/*
 * Spinlocks for the whole kernel: the arch ticket lock, plus the
 * irqsave forms that also mask interrupts on this CPU (needed whenever the
 * lock is also taken from an interrupt handler).
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <asm/spinlock.h>
#include <asm/irqflags.h>

#define DEFINE_SPINLOCK(name) spinlock_t name = SPINLOCK_INIT

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
