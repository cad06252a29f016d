/*
 * msync: write a shared file mapping's changes back to the file. In tkern
 * a shared file mapping maps the file's own pages (ramfs keeps files in
 * memory), so there is never anything to write back: msync checks its
 * arguments and the range as Linux does and succeeds.
 *
 * Relies on the VMA tree (mm/mmap.c).
 */
#include <kernel/errno.h>
#include <mm/vma.h>

#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4

int do_msync(struct mm_struct *mm, unsigned long start, unsigned long len, int flags)
{
	struct vm_area_struct *vma;
	unsigned long end, next = start;

	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	if (offset_in_page(start) || len > TASK_SIZE)
		return -EINVAL;
	end = start + PAGE_ALIGN(len);
	if (end < start || end > TASK_SIZE)
		return -ENOMEM;
	for (vma = find_vma(mm, start); vma && vma->vm_start < end; vma = vma_next(mm, vma)) {
		if (vma->vm_start > next)
			return -ENOMEM;	/* a hole in the range */
		if ((flags & MS_INVALIDATE) && (vma->vm_flags & VM_LOCKED))
			return -EBUSY;
		next = vma->vm_end;
	}
	return next < end ? -ENOMEM : 0;
}
