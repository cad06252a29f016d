/* Host stand-in for asm/preempt.h: host threads are never preempted by our scheduler. */
#ifndef ASM_PREEMPT_H
#define ASM_PREEMPT_H

static inline void preempt_disable(void) {}
static inline void preempt_enable(void) {}
static inline int preempt_count(void) { return 0; }

#endif
