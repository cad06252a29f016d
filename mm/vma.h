/*
 * A process's address space as bookkeeping: struct mm_struct and its
 * virtual memory areas (struct vm_area_struct), with Linux's names. This
 * part only decides which ranges are mapped and how; it touches no page
 * table. Whatever must happen to pages when a range goes away, changes
 * protection or is copied for fork is asked of the page-table layer
 * through struct mm_ops (mm/memory.c provides the kernel's; the host tests
 * bring their own). The algorithms are in mm/mmap.c; docs/mmap.md explains
 * them.
 *
 * Locking (docs/mm-concurrency.md): every call here that changes the
 * VMAs needs mm->mmap_lock held for writing, and every lookup at least for
 * reading; the system calls and exec take it (mm/mmap_lock.h), the fault
 * path takes it for reading.
 */
#ifndef MM_VMA_H
#define MM_VMA_H

#include <kernel/types.h>
#include <kernel/errno.h>
#include <kernel/list.h>
#include <kernel/lib/rbtree.h>
#include <kernel/atomic.h>
#include <kernel/lib/seq_buf.h>
#include <kernel/rwsem.h>
#include <kernel/spinlock.h>
#include <kernel/resource.h>
#include <asm/page-def.h>
#include <mm/pgtable.h>

struct file;		/* opaque until the file layer maps files */
struct anon_vma;	/* opaque here: mm/rmap.h */
struct mm_struct;
struct vm_area_struct;
struct page;

/* ---- the user half of the address space ---- */

#define TASK_SIZE (UL(1) << VA_BITS)
#define STACK_TOP TASK_SIZE
/* Below this no mapping is placed, and MAP_FIXED is refused (-EPERM). */
#define MMAP_MIN_ADDR UL(0x10000)
/* Where the bottom-up fallback search starts: Linux's TASK_UNMAPPED_BASE. */
#define TASK_UNMAPPED_BASE PAGE_ALIGN(TASK_SIZE / 4)
/* Kept free below a VM_GROWSDOWN area (Linux's stack_guard_gap, 256 pages). */
#define STACK_GUARD_GAP (UL(256) << PAGE_SHIFT)
/* Linux's default vm.max_map_count (USHRT_MAX - 5). */
#define DEFAULT_MAX_MAP_COUNT 65530

extern int sysctl_max_map_count;

/* ---- mmap's and mprotect's arguments: Linux's values ---- */

#define PROT_NONE 0x0
#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4
#define PROT_SEM 0x8
#define PROT_GROWSDOWN 0x01000000
#define PROT_GROWSUP 0x02000000

#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE 0x0f
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_GROWSDOWN 0x0100
#define MAP_DENYWRITE 0x0800
#define MAP_EXECUTABLE 0x1000
#define MAP_LOCKED 0x2000
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE 0x8000
#define MAP_NONBLOCK 0x10000
#define MAP_STACK 0x20000
#define MAP_HUGETLB 0x40000
#define MAP_FIXED_NOREPLACE 0x100000
#define MAP_UNINITIALIZED 0x4000000
/* What MAP_SHARED_VALIDATE accepts of a file with no flags of its own (MAP_SYNC is DAX's). */
#define LEGACY_MAP_MASK (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_DENYWRITE | \
			 MAP_EXECUTABLE | MAP_UNINITIALIZED | MAP_GROWSDOWN | MAP_LOCKED | \
			 MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB)

/* ---- vm_flags: Linux's bit values ---- */

#define VM_NONE 0x00000000UL
#define VM_READ 0x00000001UL
#define VM_WRITE 0x00000002UL
#define VM_EXEC 0x00000004UL
#define VM_SHARED 0x00000008UL
#define VM_MAYREAD 0x00000010UL	/* what mprotect may later allow */
#define VM_MAYWRITE 0x00000020UL
#define VM_MAYEXEC 0x00000040UL
#define VM_MAYSHARE 0x00000080UL
#define VM_GROWSDOWN 0x00000100UL	/* a stack: grows down on faults below it */
#define VM_PFNMAP 0x00000400UL
#define VM_LOCKED 0x00002000UL
#define VM_IO 0x00004000UL
#define VM_DONTCOPY 0x00020000UL	/* not inherited by fork */
#define VM_DONTEXPAND 0x00040000UL	/* never grown by merging */
#define VM_LOCKONFAULT 0x00080000UL	/* locked, but pages come at their first touch */
#define VM_ACCOUNT 0x00100000UL	/* private writable: counted as committed */
#define VM_NORESERVE 0x00200000UL
#define VM_MIXEDMAP 0x10000000UL

#define VM_ACCESS_FLAGS (VM_READ | VM_WRITE | VM_EXEC)
/* The lock bits: set by mlock's family and MAP_LOCKED, cleared in fork's child. */
#define VM_LOCKED_MASK (VM_LOCKED | VM_LOCKONFAULT)
/* Areas a driver set up by hand: never merged, never split by mprotect rules. */
#define VM_SPECIAL (VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP)
/* What brk's heap gets (arm64: data is not executable). */
#define VM_DATA_DEFAULT_FLAGS (VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)

/*
 * One mapped range [vm_start, vm_end) with one set of rights. In the
 * mm's tree and list by address; no two overlap.
 */
struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;		/* first byte after */
	struct mm_struct *vm_mm;
	unsigned long vm_flags;		/* VM_* */
	pgprot_t vm_page_prot;		/* leaf attributes for pages of this area */
	unsigned long vm_pgoff;		/* file offset of vm_start, in pages */
	struct file *vm_file;		/* NULL: anonymous memory */
	struct anon_vma *anon_vma;	/* its anonymous pages' reverse map (mm/rmap.c), or NULL */
	struct list_head anon_vma_node;	/* on anon_vma's list, while it has one */
	struct rb_node vm_rb;		/* in mm->mm_rb, by vm_start */
	/* Largest free gap just below any area of this subtree: get_unmapped_area. */
	unsigned long rb_subtree_gap;
	struct list_head vm_list;	/* in mm->mmap, by vm_start */
	struct list_head shared;	/* file VMAs: in the inode's i_mmap (mm/filemap.c) */
	/* A driver's own fault handling (its mmap method sets it); NULL for the others. */
	const struct vm_operations_struct *vm_ops;
};

/*
 * A fault's answer when the access must raise SIGBUS: a page past the end
 * of a mapped file or device. Other failures are -errno (-ENOMEM).
 */
#define VM_FAULT_SIGBUS (-EIO)

/* FAULT_FLAG_*: how the access that faulted was made. */
#define FAULT_FLAG_WRITE 0x01

/*
 * One fault, as mm/memory.c's handlers and a vm_operations_struct.fault
 * method see it (Linux's struct vm_fault). The fault walks the page
 * tables once, making the missing ones, and every handler after it uses
 * the level-3 entry found then (pte, whose value then was orig_pte).
 */
struct vm_fault {
	struct vm_area_struct *vma;
	unsigned long address;		/* the faulting address, page aligned */
	unsigned long pgoff;		/* its page's offset in the mapped object, in pages */
	unsigned int flags;		/* FAULT_FLAG_* */
	pte_t *pte;			/* the entry for address (mm/memory.c's handlers) */
	pte_t orig_pte;			/* what it held when the fault read it */
	struct page *page;		/* the method's answer, with a reference for the mapping */
	bool major;			/* set by the method: the page had to be read from a disk */
};

/*
 * What a mapping of a driver or of a shared memory object (mm/shmem.c)
 * does, in place of the anonymous and the file pages of mm/memory.c.
 * fault finds the page for vmf->pgoff and sets vmf->page (holding a
 * reference that becomes the mapping's); the fault path maps it. Returns
 * 0, VM_FAULT_SIGBUS or -ENOMEM. open is called for each new VMA copied
 * from one that has these operations (a split's other half, fork's copy),
 * close for each VMA that goes away: System V shared memory counts its
 * attaches so. Either may be NULL; a VMA with close never merges.
 */
struct vm_operations_struct {
	void (*open)(struct vm_area_struct *vma);
	void (*close)(struct vm_area_struct *vma);
	int (*fault)(struct vm_fault *vmf);
};

/* What the page-table and file layers do for the bookkeeping; NULL hooks are skipped. */
struct mm_ops {
	/*
	 * vma, already out of the tree, is going away: drop its pages in
	 * [start, end). fullmm: the whole address space goes (exit_mmap), and
	 * free_pgtables follows, so no page table needs checking here.
	 */
	void (*unmap_region)(struct mm_struct *mm, struct vm_area_struct *vma,
			     unsigned long start, unsigned long end, bool fullmm);
	/* exit_mmap, after every VMA's unmap_region: free all the page tables. */
	void (*free_pgtables)(struct mm_struct *mm);
	/* madvise(MADV_DONTNEED): drop the pages in [start, end) of a VMA that stays. */
	void (*zap_page_range)(struct mm_struct *mm, unsigned long start, unsigned long end);
	/* madvise(MADV_PAGEOUT): write the private anonymous pages of [start, end) to swap now. */
	void (*pageout_range)(struct mm_struct *mm, unsigned long start, unsigned long end);
	/* vma's vm_page_prot changed on [start, end): update mapped pages. */
	void (*change_protection)(struct vm_area_struct *vma, unsigned long start,
				  unsigned long end);
	/* fork: dst is a copy of src in the child; share or copy its pages. */
	int (*copy_page_range)(struct vm_area_struct *dst, struct vm_area_struct *src);
	/*
	 * mremap: map the pages present in [old, old + len) at new as well,
	 * one more reference each (unmapping old then drops the old ones).
	 */
	int (*move_page_range)(struct mm_struct *mm, unsigned long old, unsigned long new,
			       unsigned long len);
	/* mmap of file with prot: 0 or -errno; may take flags away from *vm_flags. */
	int (*file_mmap_check)(struct file *file, unsigned long prot, unsigned long *vm_flags);
	/*
	 * The file's own mmap method on a new VMA, not yet in the tree (Linux's
	 * call_mmap): it may refuse (-errno), set vm_ops, add flags.
	 */
	int (*call_mmap)(struct file *file, struct vm_area_struct *vma);
	/*
	 * Shared anonymous memory: give the new VMA, not yet in the tree, an
	 * object of its size to map (vm_file, holding the VMA's reference and
	 * its place on the object's list of mappings; vm_ops). 0 or -ENOMEM.
	 * Without it such a VMA maps nothing but its own pages.
	 */
	int (*shmem_zero_setup)(struct vm_area_struct *vma);
	/*
	 * A new VMA refers to vma->vm_file (a reference, and a place on the
	 * file's list of mappings) / a VMA that referred to it is freed.
	 */
	void (*link_file)(struct vm_area_struct *vma);
	void (*unlink_file)(struct vm_area_struct *vma);
	/* vma has just been given an anon_vma (a copy's, or a neighbour's it took over) / loses it. */
	void (*anon_vma_link)(struct vm_area_struct *vma);
	void (*anon_vma_unlink)(struct vm_area_struct *vma);
	/* For /proc/<pid>/maps: the file's device numbers, inode number and path. */
	void (*file_info)(struct file *file, unsigned int *major, unsigned int *minor,
			  unsigned long *ino, const char **path);
	/* The last mmdrop: give back what mm_create set up (the root table). */
	void (*destroy_context)(struct mm_struct *mm);
	/*
	 * The calling process's soft limit (RLIMIT_AS, DATA, STACK), read at
	 * each check as Linux reads rlimit(); without it there is no limit.
	 */
	unsigned long (*rlimit)(unsigned int resource);
	/*
	 * Whether the calling process may lock memory past RLIMIT_MEMLOCK
	 * (Linux's capable(CAP_IPC_LOCK)); without the hook it may not.
	 */
	bool (*capable_ipc_lock)(void);
	/*
	 * Whether the calling process has CAP_SYS_ADMIN, which strict
	 * overcommit lets into the admin reserve; without the hook it has not.
	 */
	bool (*capable_sys_admin)(void);
};

/* The kinds of resident page an address space counts, Linux's names and order. */
enum {
	MM_FILEPAGES,	/* a file's page-cache pages, and any other page not anonymous */
	MM_ANONPAGES,	/* PG_anon pages: zero-filled at first touch, or copies */
	MM_SWAPENTS,	/* entries that point to a swap slot (VmSwap) */
	MM_SHMEMPAGES,	/* tkern cannot tell shmem pages from a file's: always 0 */
	NR_MM_COUNTERS
};

struct mm_struct {
	struct rb_root mm_rb;		/* VMAs by address, augmented with rb_subtree_gap */
	struct list_head mmap;		/* the same VMAs in address order */
	/*
	 * The VMA find_vma found last (Linux's mmap_cache of 2.6): faults come
	 * in runs on one VMA. Any VMA leaving the tree clears it.
	 */
	struct vm_area_struct *mmap_cache;
	int map_count;
	const struct mm_ops *ops;
	/*
	 * mm_users: tasks using the address space (threads share one); the
	 * last mmput unmaps everything. mm_count: references to the struct
	 * itself, all the users together counting as one; the last mmdrop
	 * frees the root table and the struct.
	 */
	atomic_t mm_users;
	atomic_t mm_count;
	struct rw_semaphore mmap_lock;	/* the VMAs: faults read, mmap/munmap/... write */
	spinlock_t page_table_lock;	/* installing entries beside other faults */

	pte_t *pgd;			/* TTBR0 root; set up by the page-table layer */
	/*
	 * The ASID and the generation it belongs to (arch/arm64/mm/context.c):
	 * given at the first switch to the mm, renewed at the first switch after
	 * a rollover, never given back. 0 until the mm first runs.
	 */
	atomic_long_t context_id;

	unsigned long mmap_base;	/* top of the top-down mmap area */
	unsigned long start_code, end_code;
	unsigned long start_data, end_data;
	unsigned long start_brk, brk;
	unsigned long start_stack;
	unsigned long arg_start, arg_end;	/* argv's strings on the stack (cmdline) */
	unsigned long env_start, env_end;	/* envp's strings (environ) */
	unsigned long sigpage;		/* the signal return trampoline's page, or 0 */

	unsigned long total_vm;		/* pages mapped */
	unsigned long locked_vm;	/* pages in VM_LOCKED areas (VmLck) */
	/* Flags every new mapping and heap growth gets: mlockall(MCL_FUTURE)'s VM_LOCKED. */
	unsigned long def_flags;
	/* Pages present by kind (Linux's rss_stat): mapping adds, unmapping subtracts. */
	atomic_long_t rss_stat[NR_MM_COUNTERS];
	atomic_long_t pgtables_bytes;	/* page-table pages below the root, in bytes */
	/* Faults of this address space; faults on several CPUs add atomically. */
	unsigned long min_flt, maj_flt;
};

/* ---- small helpers ---- */

static inline long get_mm_counter(struct mm_struct *mm, int member)
{
	return atomic_long_read(&mm->rss_stat[member]);
}

static inline void add_mm_counter(struct mm_struct *mm, int member, long value)
{
	atomic_long_add(value, &mm->rss_stat[member]);
}

/* VmRSS: every kind together. */
static inline unsigned long get_mm_rss(struct mm_struct *mm)
{
	return (unsigned long)(get_mm_counter(mm, MM_FILEPAGES) +
			       get_mm_counter(mm, MM_ANONPAGES) +
			       get_mm_counter(mm, MM_SHMEMPAGES));
}

static inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

static inline bool vma_is_anonymous(const struct vm_area_struct *vma)
{
	return !vma->vm_file;
}

/* Errors travel in the address, as in Linux: the top 4095 values are -errno. */
static inline bool IS_ERR_VALUE(unsigned long x)
{
	return x >= (unsigned long)-4095;
}

static inline unsigned long offset_in_page(unsigned long addr)
{
	return addr & ~PAGE_MASK;
}

/* The calling process's soft limit, through the mm's hook (none without one). */
static inline unsigned long mm_rlimit(struct mm_struct *mm, unsigned int resource)
{
	return mm->ops->rlimit ? mm->ops->rlimit(resource) : RLIM_INFINITY;
}

/* The leaf attributes for an area with these flags: Linux's protection_map. */
pgprot_t vm_get_page_prot(unsigned long vm_flags);

/* ---- the address space ---- */

/* Create the VMA and mm caches; after kmem_cache_init(). */
void mmap_init(void);

/* An empty address space with one user and one reference, or NULL. */
struct mm_struct *mm_alloc(const struct mm_ops *ops);
/*
 * mmget takes a user (a task that will run in the mm, or someone who will
 * look at its VMAs); mmput drops one, and the last unmaps everything and
 * drops the users' reference. mmgrab and mmdrop do the same for the
 * struct alone, which then stays readable but may hold no VMA.
 */
static inline void mmget(struct mm_struct *mm)
{
	atomic_inc(&mm->mm_users);
}

static inline void mmgrab(struct mm_struct *mm)
{
	atomic_inc(&mm->mm_count);
}

void mmput(struct mm_struct *mm);
void mmdrop(struct mm_struct *mm);
/* Unmap and free every VMA. */
void exit_mmap(struct mm_struct *mm);
/*
 * Move vma's end up to new_end if the space (and a stack's guard gap) is
 * free and the limits allow; else -ENOMEM.
 */
int vma_expand_end(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long new_end);

/*
 * mremap (mm/mremap.c): the new address, or -errno as an IS_ERR_VALUE.
 * flags are MREMAP_MAYMOVE and MREMAP_FIXED.
 */
unsigned long do_mremap(struct mm_struct *mm, unsigned long addr, unsigned long old_len,
			unsigned long new_len, unsigned long flags, unsigned long new_addr);

/* msync (mm/msync.c): 0, -EINVAL, -ENOMEM or -EBUSY as Linux's. */
int do_msync(struct mm_struct *mm, unsigned long start, unsigned long len, int flags);

/* madvise (mm/madvise.c): 0, -EINVAL or -ENOMEM as Linux's. */
int do_madvise(struct mm_struct *mm, unsigned long start, unsigned long len, int advice);

/*
 * A fault at addr just below a VM_GROWSDOWN area (the stack): grow it
 * down to cover addr. -ENOMEM past RLIMIT_STACK or RLIMIT_AS, or when
 * the stack would come within STACK_GUARD_GAP of the mapping below;
 * -EFAULT if vma does not grow down.
 */
int expand_stack(struct vm_area_struct *vma, unsigned long addr);

/* The flexible layout: mmap_base below the stack's room, stack_limit = RLIMIT_STACK. */
void arch_pick_mmap_layout(struct mm_struct *mm, unsigned long stack_limit);

/*
 * Linux's may_expand_vm: may mm grow by npages of a mapping with flags?
 * RLIMIT_AS bounds every mapping, RLIMIT_DATA the private writable ones
 * that are not stacks (the heap among them).
 */
bool may_expand_vm(struct mm_struct *mm, unsigned long flags, unsigned long npages);

/* fork: give the empty mm a copy of oldmm's VMAs and layout. 0 or -ENOMEM. */
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm);

/* ---- locking (mm/mlock.c) ---- */

/* mlock2's flag and mlockall's: Linux's values. */
#define MLOCK_ONFAULT 0x01
#define MCL_CURRENT 1
#define MCL_FUTURE 2
#define MCL_ONFAULT 4

/*
 * mlock (flags 0) and mlock2 (flags MLOCK_ONFAULT or 0) on [start, start +
 * len), which need not be aligned: the VMAs get VM_LOCKED (and
 * VM_LOCKONFAULT), split and merged as mprotect's. 0, -EINVAL (flags),
 * -EPERM (RLIMIT_MEMLOCK is 0), -ENOMEM (over the limit, or a hole in the
 * range: the VMAs before it keep the change). The caller populates the
 * range afterwards, outside mmap_lock. munlock takes the bits away.
 */
int do_mlock(struct mm_struct *mm, unsigned long start, unsigned long len, int flags);
int do_munlock(struct mm_struct *mm, unsigned long start, unsigned long len);
/* mlockall: 0, -EINVAL, -EPERM or -ENOMEM. munlockall cannot fail. */
int do_mlockall(struct mm_struct *mm, int flags);
void do_munlockall(struct mm_struct *mm);
/* Linux's can_do_mlock: RLIMIT_MEMLOCK is not 0, or the caller is exempt from it. */
bool can_do_mlock(struct mm_struct *mm);
/*
 * Linux's mlock_future_check: may a mapping of len bytes with vm_flags
 * be added to mm's locked memory? 0 or -EAGAIN.
 */
int mlock_future_check(struct mm_struct *mm, unsigned long vm_flags, unsigned long len);

/* ---- finding ---- */

/* The first VMA with vm_end > addr, or NULL. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
/* The same, and in *pprev the VMA before it (the last one when none is found). */
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev);
/* The first VMA overlapping [start, end), or NULL. */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end);
/* Neighbours in address order, NULL past either end. */
struct vm_area_struct *vma_next(struct mm_struct *mm, struct vm_area_struct *vma);
void vma_set_anon_vma(struct vm_area_struct *vma, struct anon_vma *anon_vma);
struct vm_area_struct *vma_prev(struct mm_struct *mm, struct vm_area_struct *vma);
struct vm_area_struct *vma_first(struct mm_struct *mm);

/* ---- changing ---- */

struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
void vm_area_free(struct vm_area_struct *vma);

/* Add vma, which must not overlap another: 0 or -ENOMEM. */
int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma);

/*
 * Cut vma at addr (page aligned, strictly inside). The new VMA takes the
 * lower part if new_below, else the upper part. split_vma refuses with
 * -ENOMEM when the mm already has sysctl_max_map_count VMAs.
 */
int __split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
		int new_below);
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
	      int new_below);

/*
 * [addr, end) is free and prev is the VMA before it (or NULL). Grow prev
 * and/or the VMA after it over the range when they fit the new area's
 * flags, file and offset; returns the VMA that now covers the range, or
 * NULL if the caller must make a new one.
 */
struct vm_area_struct *vma_merge(struct mm_struct *mm, struct vm_area_struct *prev,
				 unsigned long addr, unsigned long end,
				 unsigned long vm_flags, struct anon_vma *anon_vma,
				 struct file *file, unsigned long pgoff);

/*
 * [start, end) lies inside vma and is to get newflags (mprotect, mlock).
 * Merge it into prev (the VMA before vma, or NULL) or the next VMA where
 * they match, else split it off vma. Returns the VMA now covering
 * [start, end), or NULL (-ENOMEM: too many VMAs to split).
 */
struct vm_area_struct *vma_modify_flags(struct mm_struct *mm, struct vm_area_struct *prev,
					struct vm_area_struct *vma, unsigned long start,
					unsigned long end, unsigned long newflags);

/*
 * A free range of len bytes: addr itself for MAP_FIXED, else addr if it is
 * free (a hint), else the highest fit below mmap_base. Returns the address,
 * or -ENOMEM / -EINVAL as an IS_ERR_VALUE.
 */
unsigned long get_unmapped_area(struct mm_struct *mm, struct file *file, unsigned long addr,
				unsigned long len, unsigned long pgoff, unsigned long flags);

/* Map [addr, addr + len) with vm_flags, replacing what is there. Returns addr or -errno. */
unsigned long mmap_region(struct mm_struct *mm, struct file *file, unsigned long addr,
			  unsigned long len, unsigned long vm_flags, unsigned long pgoff);

/* mmap(2) without the file descriptor: checks, placement, mmap_region. */
unsigned long do_mmap(struct mm_struct *mm, struct file *file, unsigned long addr,
		      unsigned long len, unsigned long prot, unsigned long flags,
		      unsigned long pgoff);

/* munmap(2): 0, or -EINVAL / -ENOMEM. */
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len);

/* mprotect(2): 0, or -EINVAL / -ENOMEM / -EACCES. */
int do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len,
		unsigned long prot);

/* brk(2): the new break on success, the old one on failure. */
unsigned long mm_brk(struct mm_struct *mm, unsigned long brk);

/*
 * Map [addr, addr + len) as anonymous data, replacing what is there (an
 * ELF loader's bss): 0 or -errno.
 */
int vm_brk_flags(struct mm_struct *mm, unsigned long addr, unsigned long len,
		 unsigned long flags);

/* /proc/<pid>/maps: one line per VMA in Linux's format. */
void show_map(struct seq_buf *m, struct mm_struct *mm);
/* What a maps line says: smaps prints one per area, smaps_rollup one for them all. */
struct vma_header {
	unsigned long start, end, flags, offset, ino;
	unsigned int major, minor;
	const char *name;		/* NULL: none */
};
void show_vma_header(struct seq_buf *m, const struct vma_header *h);
/* vma's line of /proc/<pid>/maps. */
void show_map_vma(struct seq_buf *m, struct mm_struct *mm, struct vm_area_struct *vma);

extern struct kmem_cache *vm_area_cachep;
extern struct kmem_cache *mm_cachep;

#endif
