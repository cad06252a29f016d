/*
 * Fault injection's decision (mm/fault_inject.h), after Linux's
 * lib/fault-inject.c, mm/failslab.c and mm/fail_page_alloc.c: a call is
 * eligible when its task passes the task filter and failures are left;
 * then the first `space` bytes asked for pass; then only every
 * interval-th call, and of those `probability` percent, fail. The
 * randomness is a small generator of each attribute's own, so that a
 * seed replays the same choices.
 *
 * Relies on the kernel (or the host shim) for the task filter and to note
 * a forced failure on the running task; prints with printk.
 */
#include <mm/fault_inject.h>
#include <kernel/printk.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>
#include <asm/page-def.h>

#define LONG_LIMIT ((long)(~0UL >> 1))

/* Linux's defaults: off (probability 0), every call, one failure, verbose. */
#define FAULT_ATTR_INIT(attr_name) {			\
	.name = attr_name, .lock = SPINLOCK_INIT(fault_attr.lock),	\
	.interval = 1, .times = 1, .verbose = 2,	\
	.random = 0x9e3779b97f4a7c15ULL,		\
}

struct fault_attr failslab = FAULT_ATTR_INIT("failslab");
struct fault_attr fail_page_alloc = FAULT_ATTR_INIT("fail_page_alloc");
struct fault_attr fail_vmalloc = FAULT_ATTR_INIT("fail_vmalloc");
struct fault_attr *const fault_attrs[] = { &failslab, &fail_page_alloc, &fail_vmalloc, NULL };

/* xorshift64*: plenty for choosing failures, and the same on the host. */
static unsigned int next_percent(struct fault_attr *attr)
{
	u64 x = attr->random;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	attr->random = x;
	return (unsigned int)(((x * 0x2545f4914f6cdd1dULL) >> 32) % 100);
}

void fault_attr_seed(struct fault_attr *attr, u64 seed)
{
	unsigned long flags;

	spin_lock_irqsave(&attr->lock, flags);
	attr->random = seed ? seed : 0x9e3779b97f4a7c15ULL;	/* xorshift needs a bit set */
	spin_unlock_irqrestore(&attr->lock, flags);
}

/* Under attr->lock: counts this call and says whether it fails. */
static bool decide(struct fault_attr *attr, unsigned long size)
{
	if (attr->times == 0)
		return false;
	if (attr->space > 0 && (unsigned long)attr->space > size) {
		attr->space -= (long)size;
		return false;
	}
	if (attr->interval > 1 && ++attr->count % attr->interval)
		return false;
	if (attr->probability <= next_percent(attr))
		return false;
	if (attr->times > 0)
		attr->times--;
	attr->failures++;
	return true;
}

/* Linux's fail_dump: a line, and with verbose 2 the caller's backtrace too (the kernel's hook). */
static void report(struct fault_attr *attr, unsigned long size)
{
	if (attr->verbose <= 0)
		return;
	printk(KERN_NOTICE "FAULT_INJECTION: forcing a failure: %s, %lu bytes, interval %lu, "
	       "probability %lu, space %ld, times %ld\n", attr->name, size, attr->interval,
	       attr->probability, attr->space, attr->times);
}

bool should_fail(struct fault_attr *attr, unsigned long size)
{
	unsigned long flags;
	bool fail;

	if (!READ_ONCE(attr->probability))
		return false;
	if (READ_ONCE(attr->task_filter) && !fault_current_may_fail())
		return false;
	spin_lock_irqsave(&attr->lock, flags);
	fail = decide(attr, size);
	spin_unlock_irqrestore(&attr->lock, flags);
	if (!fail)
		return false;
	report(attr, size);
	fault_current_failed(attr->verbose > 1);
	return true;
}

bool __should_failslab(unsigned int object_size, gfp_t gfp)
{
	if (READ_ONCE(failslab.ignore_gfp_wait) && (gfp & __GFP_DIRECT_RECLAIM))
		return false;
	return should_fail(&failslab, object_size);
}

bool __should_fail_alloc_page(gfp_t gfp, unsigned int order)
{
	if (order < READ_ONCE(fail_page_alloc.min_order))
		return false;
	if (READ_ONCE(fail_page_alloc.ignore_gfp_wait) && (gfp & __GFP_DIRECT_RECLAIM))
		return false;
	return should_fail(&fail_page_alloc, PAGE_SIZE << order);
}

bool __should_fail_vmalloc(unsigned long size, gfp_t gfp)
{
	if (READ_ONCE(fail_vmalloc.ignore_gfp_wait) && (gfp & __GFP_DIRECT_RECLAIM))
		return false;
	return should_fail(&fail_vmalloc, size);
}

/* A decimal number, optionally negative, ended by end (',' or '\0'); -EINVAL if not. */
static int parse_long(const char **s, char end, long *value)
{
	const char *p = *s;
	bool negative = *p == '-';
	long v = 0;

	p += negative;
	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (LONG_LIMIT - 9) / 10)
			return -EINVAL;
		v = v * 10 + (*p - '0');
	}
	if (*p != end)
		return -EINVAL;
	*s = end ? p + 1 : p;
	*value = negative ? -v : v;
	return 0;
}

int setup_fault_attr(struct fault_attr *attr, const char *value)
{
	long interval, probability, space, times;
	unsigned long flags;

	if (parse_long(&value, ',', &interval) || parse_long(&value, ',', &probability) ||
	    parse_long(&value, ',', &space) || parse_long(&value, '\0', &times) ||
	    interval < 0 || probability < 0 || times < -1)
		return -EINVAL;
	spin_lock_irqsave(&attr->lock, flags);
	attr->interval = (unsigned long)interval;
	attr->probability = (unsigned long)MIN(probability, 100L);
	attr->space = space;
	attr->times = times;
	attr->count = 0;
	spin_unlock_irqrestore(&attr->lock, flags);
	return 0;
}
