/* Host stand-in for asm/barrier.h, on the compiler's fences. */
#ifndef ASM_BARRIER_H
#define ASM_BARRIER_H

#define isb() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define dsb(opt) __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define dmb(opt) __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define wmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#define dma_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define dma_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define dma_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#define barrier() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define cpu_relax() __atomic_signal_fence(__ATOMIC_SEQ_CST)

#endif
