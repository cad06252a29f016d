/*
 * mlock, mlock2, munlock, mlockall and munlockall as bookkeeping: which
 * VMAs carry VM_LOCKED (and VM_LOCKONFAULT), how many pages that makes
 * (mm->locked_vm, /proc/<pid>/status's VmLck), and RLIMIT_MEMLOCK. A
 * range gets its flags VMA by VMA, split off and merged back exactly as
 * mprotect's ranges are (vma_modify_flags). Filling the pages in is the
 * fault path's part (mm/memory.c's __mm_populate), done by the caller
 * once mmap_lock is released, as in Linux.
 *
 * tkern has no swap and reclaims no page of a mapping, so a populated
 * page stays resident whether locked or not: locking means "populated
 * now, and counted against RLIMIT_MEMLOCK".
 *
 * Relies on mm/mmap.c for the VMA tree and on the mm's hooks for the
 * limit and for the caller's CAP_IPC_LOCK.
 */
#include <kernel/errno.h>
#include <mm/vma.h>

/* Linux's capable(CAP_IPC_LOCK): the limit does not apply. */
static bool lock_limit_exempt(struct mm_struct *mm)
{
	return mm->ops->capable_ipc_lock && mm->ops->capable_ipc_lock();
}

static unsigned long lock_limit_pages(struct mm_struct *mm)
{
	return mm_rlimit(mm, RLIMIT_MEMLOCK) >> PAGE_SHIFT;
}

/* A limit of 0 forbids locking to all but the exempt. */
bool can_do_mlock(struct mm_struct *mm)
{
	return mm_rlimit(mm, RLIMIT_MEMLOCK) != 0 || lock_limit_exempt(mm);
}

int mlock_future_check(struct mm_struct *mm, unsigned long vm_flags, unsigned long len)
{
	if (!(vm_flags & VM_LOCKED))
		return 0;
	if (mm->locked_vm + (len >> PAGE_SHIFT) > lock_limit_pages(mm) && !lock_limit_exempt(mm))
		return -EAGAIN;
	return 0;
}

/* Pages of [start, end) already locked: locking them again costs nothing. */
static unsigned long count_locked_pages(struct mm_struct *mm, unsigned long start,
					unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);
	unsigned long pages = 0;

	for (; vma && vma->vm_start < end; vma = vma_next(mm, vma))
		if (vma->vm_flags & VM_LOCKED)
			pages += (MIN(vma->vm_end, end) - MAX(vma->vm_start, start)) >> PAGE_SHIFT;
	return pages;
}

/*
 * Give [start, end) of vma newflags and count the pages that became or
 * stopped being locked. A driver's mapping (VM_SPECIAL) is left as it
 * is and not counted, as Linux leaves it.
 */
static int mlock_fixup(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long start,
		       unsigned long end, unsigned long newflags)
{
	unsigned long oldflags = vma->vm_flags, pages = (end - start) >> PAGE_SHIFT;

	if (newflags == oldflags || (oldflags & VM_SPECIAL))
		return 0;
	if (!vma_modify_flags(mm, vma_prev(mm, vma), vma, start, end, newflags))
		return -ENOMEM;
	if (!(newflags & VM_LOCKED))
		mm->locked_vm -= pages;
	else if (!(oldflags & VM_LOCKED))
		mm->locked_vm += pages;
	return 0;
}

/*
 * Linux's apply_vma_lock_flags: the lock bits of [start, start + len)
 * become flags. A hole is -ENOMEM, and the VMAs before it keep the change.
 */
static int apply_vma_lock_flags(struct mm_struct *mm, unsigned long start, unsigned long len,
				unsigned long flags)
{
	unsigned long end = start + len, next;
	struct vm_area_struct *vma;
	int err;

	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	vma = find_vma(mm, start);
	if (!vma || vma->vm_start > start)
		return -ENOMEM;
	for (;;) {
		next = MIN(vma->vm_end, end);
		err = mlock_fixup(mm, vma, start, next,
				  (vma->vm_flags & ~VM_LOCKED_MASK) | flags);
		if (err || next >= end)
			return err;
		start = next;
		vma = find_vma(mm, start);
		/* Merged into the VMA after it, which had these flags already: skip that one. */
		if (vma && vma->vm_start < start) {
			start = vma->vm_end;
			if (start >= end)
				return 0;
			vma = vma_next(mm, vma);
		}
		if (!vma || vma->vm_start != start)
			return -ENOMEM;
	}
}

/* A byte range as whole pages: the start rounded down, the end up. */
static void page_range(unsigned long *start, unsigned long *len)
{
	*len = PAGE_ALIGN(*len + offset_in_page(*start));
	*start &= PAGE_MASK;
}

int do_mlock(struct mm_struct *mm, unsigned long start, unsigned long len, int flags)
{
	unsigned long vm_flags = VM_LOCKED, locked;

	if (flags & ~MLOCK_ONFAULT)
		return -EINVAL;
	if (flags & MLOCK_ONFAULT)
		vm_flags |= VM_LOCKONFAULT;
	if (!can_do_mlock(mm))
		return -EPERM;
	page_range(&start, &len);
	locked = mm->locked_vm + (len >> PAGE_SHIFT);
	/* Pages locked already are not counted twice (only worked out when it matters). */
	if (locked > lock_limit_pages(mm) && !lock_limit_exempt(mm)) {
		locked -= count_locked_pages(mm, start, start + len);
		if (locked > lock_limit_pages(mm))
			return -ENOMEM;
	}
	return apply_vma_lock_flags(mm, start, len, vm_flags);
}

int do_munlock(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	page_range(&start, &len);
	return apply_vma_lock_flags(mm, start, len, 0);
}

/*
 * Linux's apply_mlockall_flags: MCL_FUTURE goes into def_flags, which
 * every later mapping and heap growth takes; MCL_CURRENT locks every VMA
 * now; MCL_FUTURE alone leaves the VMAs as they are. Flags 0 (munlockall)
 * unlock every VMA and clear def_flags. A VMA that cannot be split past the
 * map count is skipped, as Linux ignores those errors.
 */
static void apply_mlockall_flags(struct mm_struct *mm, int flags)
{
	unsigned long to_add = 0, addr = 0;
	struct vm_area_struct *vma;

	mm->def_flags &= ~VM_LOCKED_MASK;
	if (flags & MCL_FUTURE) {
		mm->def_flags |= VM_LOCKED | (flags & MCL_ONFAULT ? VM_LOCKONFAULT : 0);
		if (!(flags & MCL_CURRENT))
			return;
	}
	if (flags & MCL_CURRENT)
		to_add = VM_LOCKED | (flags & MCL_ONFAULT ? VM_LOCKONFAULT : 0);
	/* By address: a merge may free the VMA just changed. */
	while ((vma = find_vma(mm, addr))) {
		addr = vma->vm_end;
		mlock_fixup(mm, vma, vma->vm_start, vma->vm_end,
			    (vma->vm_flags & ~VM_LOCKED_MASK) | to_add);
	}
}

int do_mlockall(struct mm_struct *mm, int flags)
{
	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
		return -EINVAL;
	if (!can_do_mlock(mm))
		return -EPERM;
	if ((flags & MCL_CURRENT) && mm->total_vm > lock_limit_pages(mm) &&
	    !lock_limit_exempt(mm))
		return -ENOMEM;
	apply_mlockall_flags(mm, flags);
	return 0;
}

void do_munlockall(struct mm_struct *mm)
{
	apply_mlockall_flags(mm, 0);
}
