/*
 * mm->mmap_lock, with Linux's helper names. Held for reading by the page
 * fault handler and by readers of the VMAs (/proc/<pid>/maps); for writing
 * by whatever changes them (mmap, munmap, mprotect, brk, mremap, madvise,
 * exec, fork's copy). Never held across a user copy: a fault in the copy
 * would take it again (see docs/mm-concurrency.md).
 */
#ifndef MM_MMAP_LOCK_H
#define MM_MMAP_LOCK_H

#include <mm/vma.h>

static inline void mmap_read_lock(struct mm_struct *mm)
{
	down_read(&mm->mmap_lock);
}

/* For a reader that must not wait: the OOM killer looking at a victim that may be itself. */
static inline bool mmap_read_trylock(struct mm_struct *mm)
{
	return down_read_trylock(&mm->mmap_lock);
}

static inline void mmap_read_unlock(struct mm_struct *mm)
{
	up_read(&mm->mmap_lock);
}

static inline void mmap_write_lock(struct mm_struct *mm)
{
	down_write(&mm->mmap_lock);
}

static inline void mmap_write_unlock(struct mm_struct *mm)
{
	up_write(&mm->mmap_lock);
}

static inline void mmap_write_downgrade(struct mm_struct *mm)
{
	downgrade_write(&mm->mmap_lock);
}

#endif
