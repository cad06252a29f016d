/*
 * madvise: advice about a range of the address space. Most advice only
 * tells Linux how to read ahead or reclaim, which tkern does not do, so
 * it is checked and accepted. MADV_PAGEOUT sends pages to swap at once. MADV_DONTNEED acts: the pages of private
 * mappings in the range are dropped now, and the next touch finds zeroes
 * (anonymous memory) as on Linux. Shared mappings keep their pages: on
 * Linux their contents live on in the shared object and come back at the
 * next touch, which for tkern is the same as not dropping them.
 *
 * Relies on the VMA tree (mm/mmap.c) and the mm's zap_page_range hook.
 */
#include <kernel/errno.h>
#include <mm/vma.h>

#define MADV_NORMAL 0
#define MADV_RANDOM 1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED 3
#define MADV_DONTNEED 4
#define MADV_FREE 8
#define MADV_COLD 20
#define MADV_PAGEOUT 21

static bool known_advice(int advice)
{
	return advice == MADV_NORMAL || advice == MADV_RANDOM || advice == MADV_SEQUENTIAL ||
	       advice == MADV_WILLNEED || advice == MADV_DONTNEED || advice == MADV_FREE ||
	       advice == MADV_COLD || advice == MADV_PAGEOUT;
}

/* Drop the pages of [start, end) in one VMA; the VMA itself stays. */
static int dontneed_one(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long start,
			unsigned long end)
{
	if (vma->vm_flags & (VM_LOCKED | VM_PFNMAP))
		return -EINVAL;
	if (!(vma->vm_flags & VM_SHARED) && mm->ops->zap_page_range)
		mm->ops->zap_page_range(mm, start, end);
	return 0;
}

/*
 * MADV_PAGEOUT (Linux 5.4): the anonymous pages of a private range go to
 * swap now, as reclaim would send them (mm/memory.c): those of anonymous
 * memory, and the copies a private file mapping made of the pages it
 * wrote. Without swap they stay. Locked and PFN mappings are refused as
 * Linux refuses them; Linux also drops or writes back file and shmem
 * pages here, which tkern keeps.
 */
static int pageout_one_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long start,
			   unsigned long end)
{
	if (vma->vm_flags & (VM_LOCKED | VM_PFNMAP))
		return -EINVAL;
	if (!vma->vm_ops && !(vma->vm_flags & VM_SHARED) && mm->ops->pageout_range)
		mm->ops->pageout_range(mm, start, end);
	return 0;
}

int do_madvise(struct mm_struct *mm, unsigned long start, unsigned long len, int advice)
{
	struct vm_area_struct *vma;
	unsigned long end, next = start;
	bool holes = false;
	int err;

	if (offset_in_page(start) || !known_advice(advice) || len > TASK_SIZE)
		return -EINVAL;
	end = start + PAGE_ALIGN(len);
	if (end < start || end > TASK_SIZE)
		return -EINVAL;
	for (vma = find_vma(mm, start); vma && vma->vm_start < end; vma = vma_next(mm, vma)) {
		holes |= vma->vm_start > next;
		next = vma->vm_end;
		if (advice == MADV_PAGEOUT)
			err = pageout_one_vma(mm, vma, MAX(start, vma->vm_start), MIN(end, vma->vm_end));
		else if (advice == MADV_DONTNEED || advice == MADV_FREE)
			err = dontneed_one(mm, vma, MAX(start, vma->vm_start), MIN(end, vma->vm_end));
		else
			continue;
		if (err)
			return err;
	}
	/* As Linux: the advice is applied where there is memory, then ENOMEM for the gaps. */
	return holes || next < end ? -ENOMEM : 0;
}
