/*
 * mremap: resize a mapping, in place when the space after it is free,
 * else (with MREMAP_MAYMOVE) by moving it, pages and all, to a new place
 * (MREMAP_FIXED: a given place). Moving makes the new VMA like the old
 * one, has the page-table layer map each present page there too (the
 * mm_ops hook move_page_range), then unmaps the old range, so the data
 * moves without a copy and a failure leaves the old mapping whole.
 *
 * Relies on mm/mmap.c for the VMA operations; Linux's checks and errnos.
 */
#include <kernel/errno.h>
#include <mm/vma.h>

#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2

static bool ranges_overlap(unsigned long a, unsigned long a_len, unsigned long b,
			   unsigned long b_len)
{
	return a < b + b_len && b < a + a_len;
}

static unsigned long move_vma(struct mm_struct *mm, struct vm_area_struct *vma,
			      unsigned long addr, unsigned long old_len, unsigned long new_len,
			      unsigned long new_addr)
{
	unsigned long pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
	struct anon_vma *anon_vma = vma->anon_vma;
	unsigned long mapped;
	int err = 0;

	/*
	 * The new range is charged whole before the old one is uncharged, so
	 * in strict mode a move needs room for both for a moment (Linux
	 * charges only the growth).
	 */
	mapped = mmap_region(mm, vma->vm_file, new_addr, new_len, vma->vm_flags, pgoff);
	if (IS_ERR_VALUE(mapped))
		return mapped;
	/* vma may have been merged away by mmap_region: only addresses from here on. */
	/* The pages keep their offsets (pgoff): the reverse map finds them in the same family. */
	vma_set_anon_vma(find_vma(mm, new_addr), anon_vma);
	if (mm->ops->move_page_range)
		err = mm->ops->move_page_range(mm, addr, new_addr, MIN(old_len, new_len));
	if (err) {
		do_munmap(mm, new_addr, new_len);
		return (unsigned long)err;
	}
	do_munmap(mm, addr, old_len);
	return new_addr;
}

/* Checks that do not depend on the address space. */
static int check_arguments(unsigned long addr, unsigned long old_len, unsigned long new_len,
			   unsigned long flags, unsigned long new_addr)
{
	if (flags & ~(unsigned long)(MREMAP_MAYMOVE | MREMAP_FIXED))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if (offset_in_page(addr) || !new_len || old_len > TASK_SIZE || new_len > TASK_SIZE)
		return -EINVAL;
	if (flags & MREMAP_FIXED) {
		if (offset_in_page(new_addr) || new_addr > TASK_SIZE - PAGE_ALIGN(new_len) ||
		    ranges_overlap(addr, PAGE_ALIGN(old_len), new_addr, PAGE_ALIGN(new_len)))
			return -EINVAL;
	}
	return 0;
}

/* RLIMIT_AS and RLIMIT_DATA for the pages a move to new_len adds. */
static bool may_grow(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long old_len,
		     unsigned long new_len)
{
	return new_len <= old_len ||
	       may_expand_vm(mm, vma->vm_flags, (new_len - old_len) >> PAGE_SHIFT);
}

unsigned long do_mremap(struct mm_struct *mm, unsigned long addr, unsigned long old_len,
			unsigned long new_len, unsigned long flags, unsigned long new_addr)
{
	struct vm_area_struct *vma;
	int err = check_arguments(addr, old_len, new_len, flags, new_addr);

	if (err)
		return (unsigned long)err;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	vma = find_vma(mm, addr);
	if (!vma || vma->vm_start > addr || old_len > vma->vm_end - addr)
		return (unsigned long)-EFAULT;
	if (!old_len)
		return (unsigned long)-EINVAL;	/* duplicating a shared mapping: not supported */
	/* A driver's mapping has the size its mmap method accepted. */
	if (new_len > old_len && (vma->vm_flags & (VM_DONTEXPAND | VM_PFNMAP)))
		return (unsigned long)-EFAULT;
	/* Growing locked memory stays within RLIMIT_MEMLOCK. */
	if (new_len > old_len && mlock_future_check(mm, vma->vm_flags, new_len - old_len))
		return (unsigned long)-EAGAIN;
	if (flags & MREMAP_FIXED) {
		err = do_munmap(mm, new_addr, new_len);
		if (err)
			return (unsigned long)err;
		if (!may_grow(mm, vma, old_len, new_len))
			return (unsigned long)-ENOMEM;
		return move_vma(mm, vma, addr, old_len, new_len, new_addr);
	}
	if (new_len <= old_len) {
		err = do_munmap(mm, addr + new_len, old_len - new_len);
		return err ? (unsigned long)err : addr;
	}
	if (vma->vm_end == addr + old_len && !vma_expand_end(mm, vma, addr + new_len))
		return addr;
	if (!(flags & MREMAP_MAYMOVE) || !may_grow(mm, vma, old_len, new_len))
		return (unsigned long)-ENOMEM;
	new_addr = get_unmapped_area(mm, vma->vm_file, 0, new_len, vma->vm_pgoff,
				     vma->vm_flags & VM_SHARED ? MAP_SHARED : MAP_PRIVATE);
	if (IS_ERR_VALUE(new_addr))
		return new_addr;
	return move_vma(mm, vma, addr, old_len, new_len, new_addr);
}
