/* Host stand-in for asm/spinlock.h: a test-and-set lock ThreadSanitizer understands. */
#ifndef ASM_SPINLOCK_H
#define ASM_SPINLOCK_H

#include <kernel/types.h>
#include <sched.h>

typedef struct {
	int locked;
} arch_spinlock_t;

#define ARCH_SPINLOCK_INIT { 0 }

static inline void arch_spin_lock(arch_spinlock_t *lock)
{
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		sched_yield();
}

static inline bool arch_spin_trylock(arch_spinlock_t *lock)
{
	return !__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void arch_spin_unlock(arch_spinlock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

static inline bool arch_spin_is_locked(arch_spinlock_t *lock)
{
	return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED);
}

#endif
