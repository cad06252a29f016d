/*
 * Fault injection, as Linux's failslab, fail_page_alloc (and a
 * fail_vmalloc Linux lacks): allocations made to fail on purpose, so that
 * the error paths behind them run. Each is a fault_attr with Linux's
 * knobs, set on the command line (`failslab=<interval>,<probability>,
 * <space>,<times>`) or at run time through /proc/sys/debug/<name>/
 * (kernel/fs/proc_fault.c). docs/reliability.md tells how to use them.
 */
#ifndef MM_FAULT_INJECT_H
#define MM_FAULT_INJECT_H

#include <kernel/types.h>
#include <kernel/spinlock.h>
#include <mm/gfp.h>

struct fault_attr {
	const char *name;		/* "failslab" ... */
	spinlock_t lock;		/* the counters below */
	unsigned long probability;	/* percent of the eligible calls that fail */
	unsigned long interval;		/* only every interval-th eligible call may fail */
	long times;			/* failures left; -1: no limit */
	long space;			/* bytes that pass before any may fail */
	unsigned long count;		/* eligible calls so far, for interval */
	int verbose;			/* 0 silent, 1 a line per failure, 2 and a backtrace */
	bool task_filter;		/* only tasks marked through /proc/<pid>/make-it-fail */
	bool ignore_gfp_wait;		/* spare the calls that may sleep (GFP_KERNEL) */
	unsigned int min_order;		/* fail_page_alloc: spare smaller blocks */
	u64 random;			/* the generator's state; the seed file sets it */
	unsigned long failures;		/* forced so far (tkern's own count) */
};

extern struct fault_attr failslab, fail_page_alloc, fail_vmalloc;

/* Each of the three, for the /proc/sys/debug files; NULL-terminated. */
extern struct fault_attr *const fault_attrs[];

/*
 * Should this call fail? size is what it asks for in bytes (space counts
 * it down). Linux's should_fail(). Safe from any context.
 */
bool should_fail(struct fault_attr *attr, unsigned long size);

/* The three allocators' questions, with their filters. */
bool __should_failslab(unsigned int object_size, gfp_t gfp);
bool __should_fail_alloc_page(gfp_t gfp, unsigned int order);
bool __should_fail_vmalloc(unsigned long size, gfp_t gfp);

/*
 * The allocators ask on every call, so an injector that is off (the
 * probability is 0, as at boot) costs one load here, not two calls.
 */
static inline bool should_failslab(unsigned int object_size, gfp_t gfp)
{
	return READ_ONCE(failslab.probability) && __should_failslab(object_size, gfp);
}

static inline bool should_fail_alloc_page(gfp_t gfp, unsigned int order)
{
	return READ_ONCE(fail_page_alloc.probability) && __should_fail_alloc_page(gfp, order);
}

static inline bool should_fail_vmalloc(unsigned long size, gfp_t gfp)
{
	return READ_ONCE(fail_vmalloc.probability) && __should_fail_vmalloc(size, gfp);
}

/*
 * The boot option's value, "<interval>,<probability>,<space>,<times>":
 * 0, or -EINVAL (and nothing changed) when it does not parse.
 */
int setup_fault_attr(struct fault_attr *attr, const char *value);

/* Restart attr's random sequence from seed (the same seed, the same choices). */
void fault_attr_seed(struct fault_attr *attr, u64 seed);

/*
 * From the kernel (kernel/fault_task.c), or the host tests' shim: whether
 * the running task is marked to fail, and the note that a failure was
 * forced on it (the system call then checks what it returns), with a
 * backtrace when asked.
 */
bool fault_current_may_fail(void);
void fault_current_failed(bool backtrace);

#endif
