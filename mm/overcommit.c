/*
 * Commit accounting as Linux keeps it (Documentation/mm/overcommit-
 * accounting.rst). vm_committed_as counts the pages of every mapping that
 * could need a page of its own: private writable ones, the heap, stacks
 * and shared anonymous memory (VMAs with VM_ACCOUNT; mm/mmap.c charges and
 * uncharges them). Before promising more, vm_enough_memory_mm asks the
 * policy of /proc/sys/vm/overcommit_memory:
 *   0  refuse a single request larger than RAM + swap, allow the rest;
 *   1  allow everything;
 *   2  refuse once the total would reach CommitLimit: overcommit_ratio
 *      percent of RAM plus swap, or overcommit_kbytes if set, less
 *      Linux's reserves: admin_reserve_kbytes for root alone, and
 *      total_vm / 32 of the asking process up to user_reserve_kbytes.
 * Swap counts as Linux counts it, every page of every area swapped on
 * (mm/swapfile.c); tkern has no huge pages, so they count as 0.
 *
 * overcommit_allows is the policy alone, a pure function (host-tested in
 * tests/host/test_overcommit.c); the rest reads the machine.
 */
#include <kernel/atomic.h>
#include <kernel/errno.h>
#include <mm/mm.h>
#include <mm/vma.h>
#include <mm/overcommit.h>
#include <mm/swap.h>

/* Linux's defaults: min(free / 32, 8 MiB) for root, min(free / 32, 128 MiB) per process. */
#define ADMIN_RESERVE_MAX_KBYTES (8UL << 10)
#define USER_RESERVE_MAX_KBYTES (128UL << 10)

int sysctl_overcommit_memory = OVERCOMMIT_GUESS;
int sysctl_overcommit_ratio = 50;
unsigned long sysctl_overcommit_kbytes;
unsigned long sysctl_admin_reserve_kbytes;
unsigned long sysctl_user_reserve_kbytes;

static atomic_long_t vm_committed_as;

unsigned long commit_limit(unsigned long totalram, unsigned long swap, unsigned long ratio,
			   unsigned long kbytes)
{
	if (kbytes)
		return (kbytes >> (PAGE_SHIFT - 10)) + swap;
	return totalram * ratio / 100 + swap;
}

/* Mode 2: what is left to promise after the reserves; the request is already counted. */
static bool strict_allows(const struct commit_state *s)
{
	unsigned long allowed = commit_limit(s->totalram, s->swap, s->ratio, s->kbytes);
	unsigned long reserve = s->admin ? 0 : s->admin_reserve;

	if (s->total_vm)
		reserve += MIN(s->total_vm / 32, s->user_reserve);
	return allowed > reserve && s->committed < allowed - reserve;
}

bool overcommit_allows(const struct commit_state *s, unsigned long pages)
{
	switch (s->mode) {
	case OVERCOMMIT_ALWAYS:
		return true;
	case OVERCOMMIT_GUESS:
		return pages <= s->totalram + s->swap;
	default:
		return strict_allows(s);
	}
}

/* Linux sizes the reserves from the memory free when it sets them up: at boot. */
void overcommit_init(void)
{
	unsigned long free32_kbytes = (nr_free_pages() << (PAGE_SHIFT - 10)) / 32;

	sysctl_admin_reserve_kbytes = MIN(free32_kbytes, ADMIN_RESERVE_MAX_KBYTES);
	sysctl_user_reserve_kbytes = MIN(free32_kbytes, USER_RESERVE_MAX_KBYTES);
}

unsigned long vm_commit_limit(void)
{
	return commit_limit(totalram_pages(), total_swap_pages(), (unsigned long)READ_ONCE(sysctl_overcommit_ratio),
			    READ_ONCE(sysctl_overcommit_kbytes));
}

/* Never shown below 0: an uncharge may land before the charge it matches is read. */
unsigned long vm_memory_committed(void)
{
	long pages = atomic_long_read(&vm_committed_as);

	return pages > 0 ? (unsigned long)pages : 0;
}

void vm_acct_memory(long pages)
{
	atomic_long_add(pages, &vm_committed_as);
}

void vm_unacct_memory(long pages)
{
	atomic_long_sub(pages, &vm_committed_as);
}

static bool capable_sys_admin(struct mm_struct *mm)
{
	return mm && mm->ops->capable_sys_admin && mm->ops->capable_sys_admin();
}

/*
 * Charge pages, or refuse (-ENOMEM, nothing charged). As in Linux the
 * charge comes first, so that two callers racing for the last pages
 * cannot both see room for theirs.
 */
int vm_enough_memory_mm(struct mm_struct *mm, unsigned long pages)
{
	struct commit_state s = {
		.mode = READ_ONCE(sysctl_overcommit_memory),
		.ratio = (unsigned long)READ_ONCE(sysctl_overcommit_ratio),
		.kbytes = READ_ONCE(sysctl_overcommit_kbytes),
		.totalram = totalram_pages(),
		.swap = total_swap_pages(),
		.admin_reserve = READ_ONCE(sysctl_admin_reserve_kbytes) >> (PAGE_SHIFT - 10),
		.user_reserve = READ_ONCE(sysctl_user_reserve_kbytes) >> (PAGE_SHIFT - 10),
		.total_vm = mm ? mm->total_vm : 0,
		.admin = capable_sys_admin(mm),
	};

	vm_acct_memory((long)pages);
	s.committed = vm_memory_committed();
	if (overcommit_allows(&s, pages))
		return 0;
	vm_unacct_memory((long)pages);
	return -ENOMEM;
}
