/*
 * The address-space bookkeeping (mm/mmap.c) on the host, over the real
 * slab and buddy allocators. The page-table hooks of struct mm_ops are
 * stand-ins that record what they were asked to do. After changes the
 * mm is checked whole: a valid red-black tree whose augmented gaps are
 * right, the list in the same order, no overlaps, map_count and total_vm
 * right, and no two neighbours left that should have been merged. Every
 * test ends with every object back in the allocator and nothing left
 * committed (Committed_AS, mm/overcommit.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kernel/errno.h>
#include <kernel/smp.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include <mm/vma.h>
#include <mm/overcommit.h>
#include "htest.h"
#include "rbcheck.h"
#include "rng.h"
#include "shim.h"

#define RAM_BASE 0x40000000UL
#define RAM_SIZE (64UL << 20)
#define PG PAGE_SIZE
#define BASE (UL(0x40000000))	/* where the tests place fixed mappings */
#define MAP_ANON_FIXED (MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)
#define RW (PROT_READ | PROT_WRITE)

/* An IPI stand-in for slab flushing, as in test_slub.c; weak so a shared one wins. */
__attribute__((weak)) void on_each_cpu(void (*func)(void *info), void *info)
{
	unsigned int self = host_cpu_id;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		host_cpu_id = cpu;
		func(info);
	}
	host_cpu_id = self;
}

/* ---- the recording hooks ---- */

static unsigned long unmapped_pages, unmap_calls, protect_calls, copy_calls;
static unsigned long fullmm_unmaps, pgtables_freed, unmaps_before_free;
static long file_refs;

static void test_unmap_region(struct mm_struct *mm, struct vm_area_struct *vma,
			      unsigned long start, unsigned long end, bool fullmm)
{
	CHECK(vma->vm_mm == mm);
	CHECK_EQ(fullmm, atomic_read(&mm->mm_users) == 0);
	fullmm_unmaps += fullmm;
	CHECK(start == vma->vm_start && end == vma->vm_end);
	CHECK(!find_vma_intersection(mm, start, end) || find_vma(mm, start) != vma);
	unmapped_pages += (end - start) / PG;
	unmap_calls++;
}

static void test_free_pgtables(struct mm_struct *mm)
{
	CHECK_EQ(atomic_read(&mm->mm_users), 0);
	CHECK(!mm->mm_rb.rb_node);
	unmaps_before_free = unmap_calls;
	pgtables_freed++;
}

static void test_change_protection(struct vm_area_struct *vma, unsigned long start,
				   unsigned long end)
{
	CHECK(vma->vm_start <= start && end <= vma->vm_end);
	CHECK(vma->vm_page_prot == vm_get_page_prot(vma->vm_flags));
	protect_calls++;
}

static int test_copy_page_range(struct vm_area_struct *dst, struct vm_area_struct *src)
{
	CHECK(dst != src && dst->vm_start == src->vm_start && dst->vm_end == src->vm_end);
	copy_calls++;
	return 0;
}

static void test_link_file(struct vm_area_struct *vma)
{
	(void)vma;
	file_refs++;
}

static void test_unlink_file(struct vm_area_struct *vma)
{
	(void)vma;
	file_refs--;
}

static bool is_test_object(struct file *file);

static void test_file_info(struct file *file, unsigned int *major, unsigned int *minor,
			   unsigned long *ino, const char **path)
{
	if (is_test_object(file)) {	/* as Linux shows shared anonymous memory */
		*major = 0;
		*minor = 1;
		*ino = 1024;
		*path = "/dev/zero (deleted)";
		return;
	}
	*major = 254;
	*minor = 0;
	*ino = 247498;
	*path = "/usr/bin/head";
}

static unsigned long moved_pages, zapped_pages;

static void test_zap_page_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	CHECK(find_vma_intersection(mm, start, end));	/* the VMA stays */
	zapped_pages += (end - start) / PG;
}

static int test_move_page_range(struct mm_struct *mm, unsigned long old, unsigned long new,
				unsigned long len)
{
	(void)mm;
	(void)old;
	(void)new;
	moved_pages += len / PG;
	return 0;
}

/* The limits test_rlimit answers; start() lifts them all. */
static unsigned long test_rlim[RLIM_NLIMITS];

static unsigned long test_rlimit(unsigned int resource)
{
	return test_rlim[resource];
}

/* What test_capable_ipc_lock answers: root or not. */
static bool test_root;

static bool test_capable_ipc_lock(void)
{
	return test_root;
}

static bool test_capable_sys_admin(void)
{
	return test_root;
}

/* Stand-ins for open files: only their addresses matter. */
static char file_a, file_b, file_dev;

/*
 * file_dev stands for a driver like /dev/mapdrv: its mmap method accepts
 * offsets below 4 pages, gives the VMA its vm_ops and a fixed size.
 */
static const struct vm_operations_struct test_vm_ops;
static unsigned long call_mmap_calls;

/*
 * A stand-in for mm/shmem.c's objects behind shared anonymous memory:
 * one counts the VMAs that map it (its vm_ops open and close, which every
 * split, fork copy and unmap must call) and holds the charge of its pages
 * until the last one goes, as the kernel's object does until its file's
 * last reference goes.
 */
struct test_object {
	long vmas;
	unsigned long charged;
};
static long objects_alive;

static struct test_object *object_of(struct vm_area_struct *vma)
{
	return (struct test_object *)vma->vm_file;
}

static void test_object_open(struct vm_area_struct *vma)
{
	object_of(vma)->vmas++;
}

static void test_object_close(struct vm_area_struct *vma)
{
	struct test_object *object = object_of(vma);

	if (--object->vmas)
		return;
	vm_unacct_memory((long)object->charged);
	free(object);
	objects_alive--;
}

static const struct vm_operations_struct test_object_ops = {
	.open = test_object_open,
	.close = test_object_close,
};

static int test_shmem_zero_setup(struct vm_area_struct *vma)
{
	unsigned long pages = vma->vm_flags & VM_NORESERVE ? 0 : vma_pages(vma);
	struct test_object *object;

	CHECK(!vma->vm_file && !vma->vm_ops);
	if (pages && vm_enough_memory_mm(vma->vm_mm, pages))
		return -ENOMEM;
	object = calloc(1, sizeof(*object));
	CHECK(object);
	object->vmas = 1;
	object->charged = pages;
	objects_alive++;
	vma->vm_file = (struct file *)object;
	vma->vm_ops = &test_object_ops;
	test_link_file(vma);
	return 0;
}

static bool is_test_object(struct file *file)
{
	return file != (struct file *)&file_a && file != (struct file *)&file_b &&
	       file != (struct file *)&file_dev;
}

static int test_call_mmap(struct file *file, struct vm_area_struct *vma)
{
	CHECK(vma->vm_file == file && !vma->vm_ops);
	CHECK(!find_vma_intersection(vma->vm_mm, vma->vm_start, vma->vm_end));
	call_mmap_calls++;
	/* mremap moving an object's mapping: one more VMA maps it. */
	if (is_test_object(file)) {
		vma->vm_ops = &test_object_ops;
		test_object_open(vma);
		return 0;
	}
	if (file != (struct file *)&file_dev)
		return 0;
	if (vma->vm_pgoff >= 4)
		return -EINVAL;
	vma->vm_flags |= VM_DONTEXPAND;
	vma->vm_ops = &test_vm_ops;
	return 0;
}

static const struct mm_ops test_ops = {
	.rlimit = test_rlimit,
	.capable_ipc_lock = test_capable_ipc_lock,
	.capable_sys_admin = test_capable_sys_admin,
	.call_mmap = test_call_mmap,
	.shmem_zero_setup = test_shmem_zero_setup,
	.unmap_region = test_unmap_region,
	.free_pgtables = test_free_pgtables,
	.move_page_range = test_move_page_range,
	.zap_page_range = test_zap_page_range,
	.change_protection = test_change_protection,
	.copy_page_range = test_copy_page_range,
	.link_file = test_link_file,
	.unlink_file = test_unlink_file,
	.file_info = test_file_info,
};

/* ---- set-up and leak checks ---- */

static unsigned long free_pages_at_start;

static unsigned long settle(void)
{
	kmem_cache_shrink_all();
	return nr_free_pages();
}

static unsigned long admin_reserve_at_boot;

static struct mm_struct *start(void)
{
	static bool booted;
	struct mm_struct *mm;

	if (!booted) {
		setenv("HOST_TEST_QUIET", "1", 0);
		page_alloc_init(host_arena_create(RAM_SIZE, RAM_BASE), NULL, 0);
		kmem_cache_init();
		mmap_init();
		admin_reserve_at_boot = sysctl_admin_reserve_kbytes;
		booted = true;
	}
	free_pages_at_start = settle();
	for (unsigned int i = 0; i < RLIM_NLIMITS; i++)
		test_rlim[i] = RLIM_INFINITY;
	unmapped_pages = unmap_calls = protect_calls = copy_calls = moved_pages = zapped_pages = 0;
	fullmm_unmaps = pgtables_freed = 0;
	call_mmap_calls = 0;
	file_refs = 0;
	test_root = false;
	sysctl_overcommit_memory = OVERCOMMIT_GUESS;
	sysctl_overcommit_ratio = 50;
	sysctl_overcommit_kbytes = 0;
	sysctl_admin_reserve_kbytes = admin_reserve_at_boot;
	mm = mm_alloc(&test_ops);
	CHECK(mm);
	mm->mmap_base = BASE + 1024 * PG;
	return mm;
}

static void finish(struct mm_struct *mm)
{
	mmput(mm);
	CHECK_EQ(file_refs, 0);
	CHECK_EQ(objects_alive, 0);
	CHECK_EQ(settle(), free_pages_at_start);
	CHECK_EQ(vm_memory_committed(), 0);
}

/* ---- whole-mm checks ---- */

static bool vma_less(const struct rb_node *a, const struct rb_node *b)
{
	return rb_entry(a, struct vm_area_struct, vm_rb)->vm_start <
	       rb_entry(b, struct vm_area_struct, vm_rb)->vm_start;
}

static unsigned long expected_gap(struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma_prev(vma->vm_mm, vma);
	unsigned long lo = prev ? prev->vm_end : 0, hi = vma->vm_start;

	if (vma->vm_flags & VM_GROWSDOWN)
		hi = hi > STACK_GUARD_GAP ? hi - STACK_GUARD_GAP : 0;
	return hi > lo ? hi - lo : 0;
}

static unsigned long node_gap(const struct rb_node *node)
{
	return node ? rb_entry(node, struct vm_area_struct, vm_rb)->rb_subtree_gap : 0;
}

static void check_gap(const struct rb_node *node)
{
	struct vm_area_struct *vma = rb_entry(node, struct vm_area_struct, vm_rb);
	unsigned long want = expected_gap(vma);

	want = MAX(want, MAX(node_gap(node->rb_left), node_gap(node->rb_right)));
	CHECK_EQ(vma->rb_subtree_gap, want);
}

static const struct rbcheck vma_check = { vma_less, check_gap };

/* Would mm/mmap.c have merged these two? */
static bool mergeable(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	return a->vm_end == b->vm_start && a->vm_flags == b->vm_flags &&
	       a->vm_file == b->vm_file && !(a->vm_flags & VM_SPECIAL) &&
	       !((a->vm_flags & VM_SHARED) && !a->vm_file) &&
	       a->vm_pgoff + vma_pages(a) == b->vm_pgoff;
}

static void check_mm(struct mm_struct *mm)
{
	struct vm_area_struct *vma, *prev = NULL;
	struct rb_node *node = rb_first(&mm->mm_rb);
	unsigned long pages = 0, locked = 0;
	int count = 0;

	CHECK_EQ(rbcheck_tree(&mm->mm_rb, &vma_check), mm->map_count);
	list_for_each_entry(vma, &mm->mmap, vm_list) {
		CHECK(node == &vma->vm_rb);
		CHECK(vma->vm_mm == mm);
		CHECK(vma->vm_start < vma->vm_end);
		CHECK(vma->vm_start % PG == 0 && vma->vm_end % PG == 0);
		CHECK(vma->vm_page_prot == vm_get_page_prot(vma->vm_flags));
		if (prev) {
			CHECK(prev->vm_end <= vma->vm_start);
			CHECK(!mergeable(prev, vma));
		}
		pages += vma_pages(vma);
		if (vma->vm_flags & VM_LOCKED)
			locked += vma_pages(vma);
		CHECK(!(vma->vm_flags & VM_LOCKONFAULT) || (vma->vm_flags & VM_LOCKED));
		count++;
		prev = vma;
		node = rb_next(node);
	}
	CHECK(node == NULL);
	CHECK_EQ(count, mm->map_count);
	CHECK_EQ(pages, mm->total_vm);
	CHECK_EQ(locked, mm->locked_vm);
}

/* The mm as text, "start-end perms" per VMA, addresses in pages from BASE. */
static const char *layout(struct mm_struct *mm)
{
	static char buf[1024];
	struct vm_area_struct *vma;
	size_t len = 0;

	buf[0] = '\0';
	list_for_each_entry(vma, &mm->mmap, vm_list)
		len += snprintf(buf + len, sizeof(buf) - len, "%s%ld-%ld %c%c%c", len ? " " : "",
				(long)(vma->vm_start - BASE) / (long)PG,
				(long)(vma->vm_end - BASE) / (long)PG,
				vma->vm_flags & VM_READ ? 'r' : '-',
				vma->vm_flags & VM_WRITE ? 'w' : '-',
				vma->vm_flags & VM_EXEC ? 'x' : '-');
	return buf;
}

#define CHECK_LAYOUT(mm, want)							\
	do {									\
		check_mm(mm);							\
		if (strcmp(layout(mm), want) != 0)				\
			htest_fail(__FILE__, __LINE__, "layout \"%s\", want \"%s\"", \
				   layout(mm), want);				\
	} while (0)

/* A fixed private anonymous mapping of pages [first, first + n) from BASE. */
static long map_at(struct mm_struct *mm, long first, long n, unsigned long prot)
{
	return (long)do_mmap(mm, NULL, BASE + first * PG, n * PG, prot, MAP_ANON_FIXED, 0);
}

static int unmap_at(struct mm_struct *mm, long first, long n)
{
	return do_munmap(mm, BASE + first * PG, n * PG);
}

static int protect_at(struct mm_struct *mm, long first, long n, unsigned long prot)
{
	return do_mprotect(mm, BASE + first * PG, n * PG, prot);
}

/* ---- finding ---- */

HTEST(find_vma_edges)
{
	struct mm_struct *mm = start();
	struct vm_area_struct *a, *b, *prev;

	CHECK(find_vma(mm, 0) == NULL);
	CHECK(find_vma_prev(mm, BASE, &prev) == NULL && prev == NULL);
	map_at(mm, 0, 2, PROT_READ);
	map_at(mm, 4, 2, RW);
	a = find_vma(mm, 0);
	b = vma_next(mm, a);
	CHECK(a && b && a->vm_start == BASE && b->vm_start == BASE + 4 * PG);
	CHECK(find_vma(mm, BASE - 1) == a);
	CHECK(find_vma(mm, BASE + 2 * PG - 1) == a);
	CHECK(find_vma(mm, BASE + 2 * PG) == b);	/* in the gap: the next one */
	CHECK(find_vma(mm, BASE + 6 * PG - 1) == b);
	CHECK(find_vma(mm, BASE + 6 * PG) == NULL);
	CHECK(find_vma_prev(mm, BASE + 3 * PG, &prev) == b && prev == a);
	CHECK(find_vma_prev(mm, BASE + PG, &prev) == a && prev == NULL);
	CHECK(find_vma_prev(mm, BASE + 9 * PG, &prev) == NULL && prev == b);
	CHECK(find_vma_intersection(mm, BASE + 2 * PG, BASE + 4 * PG) == NULL);
	CHECK(find_vma_intersection(mm, BASE + 2 * PG, BASE + 4 * PG + 1) == b);
	CHECK(find_vma_intersection(mm, BASE - PG, BASE) == NULL);
	CHECK(find_vma_intersection(mm, BASE + PG, BASE + 5 * PG) == a);
	CHECK(vma_prev(mm, a) == NULL && vma_next(mm, b) == NULL);
	finish(mm);
}

/* find_vma's one-entry cache never answers for a VMA that moved or left. */
HTEST(find_vma_cache_follows_unmap_and_split)
{
	struct mm_struct *mm = start();
	struct vm_area_struct *a, *lower, *upper;

	map_at(mm, 0, 4, RW);
	a = find_vma(mm, BASE + PG);
	CHECK(a && mm->mmap_cache == a);
	/* The split keeps a as one of the halves; the cache must not answer for the other. */
	CHECK_EQ(protect_at(mm, 2, 2, PROT_READ), 0);
	lower = find_vma(mm, BASE + PG);
	upper = find_vma(mm, BASE + 3 * PG);
	CHECK(lower && upper && lower != upper && (lower == a || upper == a));
	CHECK(lower->vm_end == BASE + 2 * PG && upper->vm_start == BASE + 2 * PG);
	CHECK(find_vma(mm, BASE) == lower);
	CHECK_EQ(unmap_at(mm, 0, 2), 0);
	CHECK(mm->mmap_cache != lower);
	CHECK(find_vma(mm, BASE) == upper);		/* below it now: the next one */
	CHECK_EQ(unmap_at(mm, 2, 2), 0);
	CHECK(mm->mmap_cache == NULL && find_vma(mm, BASE + 3 * PG) == NULL);
	finish(mm);
}

/* ---- split and merge ---- */

HTEST(split_keeps_offsets_and_counts)
{
	struct mm_struct *mm = start();
	struct vm_area_struct *vma;

	map_at(mm, 0, 8, RW);
	vma = find_vma(mm, BASE);
	CHECK_EQ(__split_vma(mm, vma, BASE + 2 * PG, 1), 0);
	CHECK(vma->vm_start == BASE + 2 * PG && vma->vm_pgoff == (BASE >> PAGE_SHIFT) + 2);
	CHECK_EQ(__split_vma(mm, vma, BASE + 5 * PG, 0), 0);
	CHECK(vma->vm_end == BASE + 5 * PG);
	CHECK_EQ(find_vma(mm, BASE + 5 * PG)->vm_pgoff, (BASE >> PAGE_SHIFT) + 5);
	CHECK_EQ(mm->map_count, 3);
	CHECK_EQ(mm->total_vm, 8);
	CHECK(strcmp(layout(mm), "0-2 rw- 2-5 rw- 5-8 rw-") == 0);
	/* Three identical neighbours on purpose: mprotect to the same flags leaves them. */
	sysctl_max_map_count = 3;
	CHECK_EQ(split_vma(mm, vma, BASE + 3 * PG, 1), -ENOMEM);
	sysctl_max_map_count = DEFAULT_MAX_MAP_COUNT;
	CHECK_EQ(split_vma(mm, vma, BASE + 3 * PG, 1), 0);
	CHECK_EQ(mm->map_count, 4);
	finish(mm);
}

HTEST(mmap_merges_with_neighbours)
{
	struct mm_struct *mm = start();

	map_at(mm, 0, 2, RW);
	map_at(mm, 2, 2, RW);			/* grows the one before */
	CHECK_LAYOUT(mm, "0-4 rw-");
	map_at(mm, 6, 2, RW);
	map_at(mm, 5, 1, RW);			/* grows the one after down */
	CHECK_LAYOUT(mm, "0-4 rw- 5-8 rw-");
	map_at(mm, 4, 1, RW);			/* fills the hole: all one */
	CHECK_LAYOUT(mm, "0-8 rw-");
	map_at(mm, 8, 1, PROT_READ);		/* other rights: its own */
	CHECK_LAYOUT(mm, "0-8 rw- 8-9 r--");
	map_at(mm, 3, 2, PROT_READ);		/* MAP_FIXED over the middle */
	CHECK_LAYOUT(mm, "0-3 rw- 3-5 r-- 5-8 rw- 8-9 r--");
	CHECK_EQ(unmapped_pages, 2);
	CHECK_EQ(mm->total_vm, 9);
	finish(mm);
}

HTEST(merge_rules_for_files_and_shared_memory)
{
	struct mm_struct *mm = start();
	struct file *fa = (struct file *)&file_a, *fb = (struct file *)&file_b;
	unsigned long flags = MAP_PRIVATE | MAP_FIXED;

	CHECK_EQ(do_mmap(mm, fa, BASE, 2 * PG, PROT_READ, flags, 0), BASE);
	CHECK_EQ(do_mmap(mm, fa, BASE + 2 * PG, 2 * PG, PROT_READ, flags, 2), BASE + 2 * PG);
	CHECK_LAYOUT(mm, "0-4 r--");		/* offsets follow on: one VMA */
	CHECK_EQ(do_mmap(mm, fa, BASE + 4 * PG, PG, PROT_READ, flags, 9), BASE + 4 * PG);
	CHECK_EQ(do_mmap(mm, fb, BASE + 5 * PG, PG, PROT_READ, flags, 5), BASE + 5 * PG);
	CHECK_LAYOUT(mm, "0-4 r-- 4-5 r-- 5-6 r--");
	CHECK_EQ(file_refs, 3);
	/* Two shared anonymous areas side by side stay two. */
	CHECK_EQ(do_mmap(mm, NULL, BASE + 8 * PG, PG, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, 0),
		 BASE + 8 * PG);
	CHECK_EQ(do_mmap(mm, NULL, BASE + 9 * PG, PG, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, 0),
		 BASE + 9 * PG);
	CHECK_EQ(mm->map_count, 5);
	CHECK(find_vma(mm, BASE + 8 * PG)->vm_flags & VM_MAYSHARE);
	/* Each maps an object of its own, held as a file. */
	CHECK_EQ(objects_alive, 2);
	CHECK(find_vma(mm, BASE + 8 * PG)->vm_file != find_vma(mm, BASE + 9 * PG)->vm_file);
	CHECK_EQ(file_refs, 5);
	/* Splitting a file VMA takes a reference for the new half. */
	CHECK_EQ(do_munmap(mm, BASE + PG, PG), 0);
	CHECK_EQ(file_refs, 6);
	CHECK_EQ(find_vma(mm, BASE + 2 * PG)->vm_pgoff, 2);
	check_mm(mm);
	finish(mm);
}

HTEST(driver_mmap_method_shapes_its_vmas)
{
	struct mm_struct *mm = start();
	struct file *dev = (struct file *)&file_dev;
	unsigned long flags = MAP_SHARED | MAP_FIXED, moved;
	struct vm_area_struct *vma;

	/* Refused by the method: nothing mapped, no reference kept. */
	CHECK_EQ(do_mmap(mm, dev, BASE, 2 * PG, RW, flags, 4), (unsigned long)-EINVAL);
	CHECK_EQ(mm->map_count, 0);
	CHECK_EQ(file_refs, 0);
	CHECK_EQ(do_mmap(mm, dev, BASE, 2 * PG, RW, flags, 0), BASE);
	vma = find_vma(mm, BASE);
	CHECK(vma->vm_ops == &test_vm_ops && (vma->vm_flags & VM_DONTEXPAND));
	/* Offsets that follow on do not merge a driver's VMAs. */
	CHECK_EQ(do_mmap(mm, dev, BASE + 2 * PG, 2 * PG, RW, flags, 2), BASE + 2 * PG);
	CHECK_LAYOUT(mm, "0-2 rw- 2-4 rw-");
	CHECK_EQ(call_mmap_calls, 3);
	/* Its size is fixed; moved, the new VMA goes through the method again. */
	CHECK_EQ(do_mremap(mm, BASE, 2 * PG, 3 * PG, 1, 0), (unsigned long)-EFAULT);
	moved = do_mremap(mm, BASE, 2 * PG, 2 * PG, 3, BASE + 8 * PG);
	CHECK_EQ(moved, BASE + 8 * PG);
	CHECK(find_vma(mm, moved)->vm_ops == &test_vm_ops);
	CHECK_EQ(find_vma(mm, moved)->vm_pgoff, 0);
	/* Splitting keeps the vm_ops in both halves; mprotect does not merge them back. */
	CHECK_EQ(do_mprotect(mm, BASE + 3 * PG, PG, PROT_READ), 0);
	CHECK(find_vma(mm, BASE + 3 * PG)->vm_ops == &test_vm_ops);
	CHECK(find_vma(mm, BASE + 2 * PG)->vm_ops == &test_vm_ops);
	CHECK_EQ(do_mprotect(mm, BASE + 3 * PG, PG, RW), 0);
	CHECK_EQ(mm->map_count, 3);
	check_mm(mm);
	finish(mm);
}

HTEST(vma_merge_directly)
{
	struct mm_struct *mm = start();
	unsigned long flags = VM_READ | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	struct vm_area_struct *prev, *merged;

	map_at(mm, 0, 2, PROT_READ);
	map_at(mm, 3, 2, PROT_READ);
	prev = find_vma(mm, BASE);
	merged = vma_merge(mm, prev, BASE + 2 * PG, BASE + 3 * PG, flags, NULL, NULL,
			   (BASE >> PAGE_SHIFT) + 2);
	CHECK(merged == prev && mm->map_count == 1 && prev->vm_end == BASE + 5 * PG);
	/* A wrong offset, or VM_SPECIAL, merges nothing. */
	CHECK(vma_merge(mm, prev, BASE + 5 * PG, BASE + 6 * PG, flags, NULL, NULL, 0) == NULL);
	CHECK(vma_merge(mm, prev, BASE + 5 * PG, BASE + 6 * PG, flags | VM_IO, NULL, NULL,
			(BASE >> PAGE_SHIFT) + 5) == NULL);
	mm->total_vm += 1;	/* vma_merge grows VMAs; accounting is its callers' */
	check_mm(mm);
	finish(mm);
}

/* ---- get_unmapped_area ---- */

HTEST(get_unmapped_area_top_down)
{
	struct mm_struct *mm = start();
	unsigned long top = mm->mmap_base, addr;

	CHECK_EQ(do_mmap(mm, NULL, 0, 2 * PG, RW, MAP_PRIVATE | MAP_ANONYMOUS, 0), top - 2 * PG);
	CHECK_EQ(do_mmap(mm, NULL, 0, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, 0), top - 3 * PG);
	/* The same rights as the one above it: placed right below and merged. */
	CHECK_EQ(do_mmap(mm, NULL, 0, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, 0), top - 4 * PG);
	CHECK_EQ(mm->map_count, 2);
	/* Leave a 2-page hole: 2 pages go there, 3 pages below everything. */
	CHECK_EQ(do_munmap(mm, top - 4 * PG, 2 * PG), 0);
	CHECK_EQ(map_at(mm, 1019, 1, PROT_EXEC), (long)(top - 5 * PG));
	CHECK_EQ(get_unmapped_area(mm, NULL, 0, 2 * PG, 0, 0), top - 4 * PG);
	CHECK_EQ(get_unmapped_area(mm, NULL, 0, 3 * PG, 0, 0), top - 8 * PG);
	/* Hints: taken when free (rounded up to a page), else ignored. */
	CHECK_EQ(get_unmapped_area(mm, NULL, BASE + 1, PG, 0, 0), BASE + PG);
	CHECK_EQ(get_unmapped_area(mm, NULL, top - PG, PG, 0, 0), top - 3 * PG);
	CHECK_EQ(get_unmapped_area(mm, NULL, UL(1) << 47, PG, 0, 0), UL(1) << 47);
	CHECK_EQ(get_unmapped_area(mm, NULL, TASK_SIZE - PG, 2 * PG, 0, 0), top - 4 * PG);
	/* A hint below MMAP_MIN_ADDR is moved up to it. */
	addr = do_mmap(mm, NULL, PG, PG, RW, MAP_PRIVATE | MAP_ANONYMOUS, 0);
	CHECK_EQ(addr, MMAP_MIN_ADDR);
	check_mm(mm);
	finish(mm);
}

HTEST(get_unmapped_area_fixed_and_errors)
{
	struct mm_struct *mm = start();

	CHECK_EQ(get_unmapped_area(mm, NULL, BASE, PG, 0, MAP_FIXED), BASE);
	CHECK_EQ(get_unmapped_area(mm, NULL, BASE + 1, PG, 0, MAP_FIXED), -EINVAL);
	CHECK_EQ(get_unmapped_area(mm, NULL, TASK_SIZE - PG, 2 * PG, 0, MAP_FIXED), -ENOMEM);
	CHECK_EQ(get_unmapped_area(mm, NULL, PG, PG, 0, MAP_FIXED), -EPERM);
	CHECK_EQ(get_unmapped_area(mm, NULL, 0, TASK_SIZE, 0, 0), -ENOMEM);
	CHECK_EQ(do_mmap(mm, NULL, BASE, 0, RW, MAP_ANON_FIXED, 0), -EINVAL);
	CHECK_EQ(do_mmap(mm, NULL, BASE, -PG + 1, RW, MAP_ANON_FIXED, 0), -ENOMEM);
	CHECK_EQ(do_mmap(mm, NULL, BASE, PG, RW, MAP_ANONYMOUS | MAP_FIXED, 0), -EINVAL);
	CHECK_EQ(do_mmap(mm, NULL, BASE, PG, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, 0),
		 -EINVAL);
	/* MAP_FIXED_NOREPLACE: fine on free space, EEXIST on any overlap, EINVAL unaligned. */
	CHECK_EQ(do_mmap(mm, NULL, BASE, 2 * PG, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			 0), BASE);
	CHECK_EQ(do_mmap(mm, NULL, BASE + PG, 2 * PG, RW,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, 0), -EEXIST);
	CHECK_EQ(do_mmap(mm, NULL, BASE + 2 * PG + 1, PG, RW,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, 0), -EINVAL);
	CHECK_EQ(do_mmap(mm, NULL, BASE + 2 * PG, PG, RW,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, 0), BASE + 2 * PG);
	CHECK_LAYOUT(mm, "0-3 rw-");
	CHECK(find_vma(mm, BASE)->vm_flags & VM_ACCOUNT);
	finish(mm);
}

HTEST(get_unmapped_area_falls_back_and_runs_out)
{
	struct mm_struct *mm = start();
	unsigned long len = TASK_SIZE - TASK_UNMAPPED_BASE;

	mm->mmap_base = MMAP_MIN_ADDR + 4 * PG;
	CHECK_EQ(get_unmapped_area(mm, NULL, 0, 4 * PG, 0, 0), MMAP_MIN_ADDR);
	CHECK_EQ(get_unmapped_area(mm, NULL, 0, 5 * PG, 0, 0), TASK_UNMAPPED_BASE);
	/* Far more than RAM: only without a commitment, as Linux's heuristic allows. */
	CHECK_EQ(do_mmap(mm, NULL, TASK_UNMAPPED_BASE, len - 8 * PG, RW,
			 MAP_ANON_FIXED | MAP_NORESERVE, 0), TASK_UNMAPPED_BASE);
	CHECK_EQ(get_unmapped_area(mm, NULL, 0, 5 * PG, 0, 0), TASK_SIZE - 8 * PG);
	CHECK_EQ(get_unmapped_area(mm, NULL, 0, 9 * PG, 0, 0), -ENOMEM);
	CHECK_EQ(do_mmap(mm, NULL, 0, 9 * PG, RW, MAP_PRIVATE | MAP_ANONYMOUS, 0), -ENOMEM);
	check_mm(mm);
	finish(mm);
}

/* Below mmap_base is full: the lowest gap above TASK_UNMAPPED_BASE that fits. */
HTEST(bottom_up_fallback_fills_the_lowest_gap)
{
	struct mm_struct *mm = start();
	unsigned long hole = TASK_UNMAPPED_BASE + 16 * PG;

	mm->mmap_base = MMAP_MIN_ADDR + 4 * PG;
	CHECK_EQ(do_mmap(mm, NULL, hole, 32 * PG, RW, MAP_ANON_FIXED, 0), hole);
	CHECK_EQ(do_mmap(mm, NULL, hole + 64 * PG, PG, RW, MAP_ANON_FIXED, 0), hole + 64 * PG);
	CHECK_EQ(get_unmapped_area(mm, NULL, 0, 5 * PG, 0, 0), TASK_UNMAPPED_BASE);
	CHECK_EQ(get_unmapped_area(mm, NULL, 0, 16 * PG, 0, 0), TASK_UNMAPPED_BASE);
	CHECK_EQ(get_unmapped_area(mm, NULL, 0, 17 * PG, 0, 0), hole + 32 * PG);
	CHECK_EQ(get_unmapped_area(mm, NULL, 0, 32 * PG, 0, 0), hole + 32 * PG);
	CHECK_EQ(get_unmapped_area(mm, NULL, 0, 33 * PG, 0, 0), hole + 65 * PG);
	check_mm(mm);
	finish(mm);
}

HTEST(stack_guard_gap_is_kept_free)
{
	struct mm_struct *mm = start();
	unsigned long stack = BASE + 2048 * PG;

	CHECK_EQ(do_mmap(mm, NULL, stack, 4 * PG, RW,
			 MAP_ANON_FIXED | MAP_GROWSDOWN, 0), stack);
	mm->mmap_base = stack + 4 * PG;
	CHECK_EQ(get_unmapped_area(mm, NULL, 0, PG, 0, 0), stack - STACK_GUARD_GAP - PG);
	CHECK_EQ(get_unmapped_area(mm, NULL, stack - PG, PG, 0, 0), stack - STACK_GUARD_GAP - PG);
	check_mm(mm);
	finish(mm);
}

/* ---- munmap ---- */

HTEST(munmap_punches_holes)
{
	struct mm_struct *mm = start();

	map_at(mm, 0, 16, RW);
	CHECK_EQ(unmap_at(mm, 4, 2), 0);		/* middle */
	CHECK_LAYOUT(mm, "0-4 rw- 6-16 rw-");
	CHECK_EQ(unmap_at(mm, 0, 1), 0);		/* lower end */
	CHECK_EQ(unmap_at(mm, 15, 1), 0);		/* upper end */
	CHECK_LAYOUT(mm, "1-4 rw- 6-15 rw-");
	CHECK_EQ(unmapped_pages, 4);
	CHECK_EQ(unmap_at(mm, 20, 4), 0);		/* nothing there: fine */
	CHECK_EQ(unmapped_pages, 4);
	CHECK_EQ(do_munmap(mm, BASE + 1, PG), -EINVAL);
	CHECK_EQ(do_munmap(mm, BASE, 0), -EINVAL);
	CHECK_EQ(do_munmap(mm, TASK_SIZE - PG, 2 * PG), -EINVAL);
	CHECK_EQ(do_munmap(mm, BASE + 2 * PG, 1), 0);	/* length rounds up */
	CHECK_LAYOUT(mm, "1-2 rw- 3-4 rw- 6-15 rw-");
	finish(mm);
}

HTEST(munmap_across_many_vmas)
{
	struct mm_struct *mm = start();

	for (long i = 0; i < 20; i++)
		map_at(mm, 2 * i, 2, i % 2 ? PROT_READ : RW);
	CHECK_EQ(mm->map_count, 20);
	unmap_calls = 0;
	CHECK_EQ(unmap_at(mm, 3, 34), 0);
	CHECK_LAYOUT(mm, "0-2 rw- 2-3 r-- 37-38 rw- 38-40 r--");
	CHECK_EQ(unmapped_pages, 34);
	CHECK_EQ(unmap_calls, 18);
	finish(mm);
}

/* exit_mmap unmaps each VMA as a teardown, then frees the page tables once. */
HTEST(exit_tears_down_every_vma_then_the_tables)
{
	struct mm_struct *mm = start();

	map_at(mm, 0, 4, RW);
	map_at(mm, 10, 4, PROT_READ);
	map_at(mm, 20, 4, RW);
	CHECK_EQ(unmap_at(mm, 10, 4), 0);
	CHECK_EQ(fullmm_unmaps, 0);
	mmput(mm);
	CHECK_EQ(unmap_calls, 3);
	CHECK_EQ(fullmm_unmaps, 2);
	CHECK_EQ(pgtables_freed, 1);
	CHECK_EQ(unmaps_before_free, 3);
	CHECK_EQ(file_refs, 0);
	CHECK_EQ(settle(), free_pages_at_start);
}

HTEST(munmap_split_respects_map_count)
{
	struct mm_struct *mm = start();

	map_at(mm, 0, 8, RW);
	map_at(mm, 10, 8, PROT_READ);
	sysctl_max_map_count = 2;
	CHECK_EQ(unmap_at(mm, 2, 2), -ENOMEM);		/* would make a third */
	CHECK_EQ(unmap_at(mm, 6, 6), 0);		/* trims two: allowed */
	sysctl_max_map_count = DEFAULT_MAX_MAP_COUNT;
	CHECK_LAYOUT(mm, "0-6 rw- 12-18 r--");
	finish(mm);
}

/* ---- mprotect ---- */

HTEST(mprotect_splits_and_merges_back)
{
	struct mm_struct *mm = start();

	map_at(mm, 0, 10, RW);
	CHECK_EQ(protect_at(mm, 3, 2, PROT_READ), 0);
	CHECK_LAYOUT(mm, "0-3 rw- 3-5 r-- 5-10 rw-");
	CHECK_EQ(protect_at(mm, 3, 2, RW), 0);
	CHECK_LAYOUT(mm, "0-10 rw-");
	CHECK_EQ(protect_at(mm, 0, 2, PROT_READ), 0);	/* lower end */
	CHECK_EQ(protect_at(mm, 8, 2, PROT_READ), 0);	/* upper end */
	CHECK_LAYOUT(mm, "0-2 r-- 2-8 rw- 8-10 r--");
	CHECK_EQ(protect_at(mm, 2, 1, PROT_READ), 0);	/* joins the one before */
	CHECK_EQ(protect_at(mm, 7, 1, PROT_READ), 0);	/* joins the one after */
	CHECK_LAYOUT(mm, "0-3 r-- 3-7 rw- 7-10 r--");
	CHECK_EQ(protect_at(mm, 3, 4, PROT_READ), 0);	/* all three become one */
	CHECK_LAYOUT(mm, "0-10 r--");
	CHECK_EQ(protect_calls, 7);
	CHECK_EQ(protect_at(mm, 0, 10, PROT_READ), 0);	/* no change: no work */
	CHECK_EQ(protect_calls, 7);
	CHECK_EQ(protect_at(mm, 0, 10, PROT_NONE), 0);
	CHECK_LAYOUT(mm, "0-10 ---");
	CHECK(!(find_vma(mm, BASE)->vm_page_prot & PTE_USER));
	finish(mm);
}

HTEST(mprotect_errors)
{
	struct mm_struct *mm = start();
	struct vm_area_struct *vma;

	map_at(mm, 0, 4, RW);
	map_at(mm, 6, 4, RW);
	CHECK_EQ(do_mprotect(mm, BASE + 1, PG, PROT_READ), -EINVAL);
	CHECK_EQ(do_mprotect(mm, BASE, PG, 0x100), -EINVAL);
	CHECK_EQ(do_mprotect(mm, BASE, PG, PROT_READ | PROT_GROWSDOWN | PROT_GROWSUP), -EINVAL);
	CHECK_EQ(do_mprotect(mm, BASE, PG, PROT_READ | PROT_GROWSDOWN), -EINVAL);
	CHECK_EQ(do_mprotect(mm, BASE, 0, PROT_READ), 0);
	CHECK_EQ(do_mprotect(mm, BASE + 4 * PG, 2 * PG, PROT_READ), -ENOMEM);
	CHECK_EQ(do_mprotect(mm, -PG, 2 * PG, PROT_READ), -ENOMEM);
	/* A hole in the middle: what lies before it is changed, then -ENOMEM. */
	CHECK_EQ(protect_at(mm, 2, 6, PROT_READ), -ENOMEM);
	CHECK_LAYOUT(mm, "0-2 rw- 2-4 r-- 6-10 rw-");
	/* Nothing beyond VM_MAY*: a VMA that may never be written. */
	vma = vm_area_alloc(mm);
	vma->vm_start = BASE + 20 * PG;
	vma->vm_end = BASE + 21 * PG;
	vma->vm_flags = VM_READ | VM_MAYREAD;
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
	CHECK_EQ(insert_vm_struct(mm, vma), 0);
	CHECK_EQ(protect_at(mm, 20, 1, RW), -EACCES);
	CHECK_EQ(protect_at(mm, 20, 1, PROT_NONE), 0);
	vma = vm_area_alloc(mm);
	vma->vm_start = BASE + 20 * PG;
	vma->vm_end = BASE + 22 * PG;
	CHECK_EQ(insert_vm_struct(mm, vma), -ENOMEM);
	vm_area_free(vma);
	check_mm(mm);
	finish(mm);
}

HTEST(mprotect_accounts_private_writable)
{
	struct mm_struct *mm = start();

	map_at(mm, 0, 2, PROT_READ);
	map_at(mm, 2, 2, PROT_READ);
	CHECK(!(find_vma(mm, BASE)->vm_flags & VM_ACCOUNT));
	CHECK_EQ(protect_at(mm, 2, 2, RW), 0);
	CHECK_EQ(protect_at(mm, 2, 2, PROT_READ), 0);
	/* Once committed, stays committed: the two no longer match, as in Linux. */
	CHECK_LAYOUT(mm, "0-2 r-- 2-4 r--");
	finish(mm);
}

/* ---- brk ---- */

HTEST(brk_grows_and_shrinks)
{
	struct mm_struct *mm = start();
	unsigned long heap = BASE + 100 * PG;

	mm->start_brk = mm->brk = heap;
	CHECK_EQ(mm_brk(mm, 0), heap);			/* a query */
	CHECK_EQ(mm_brk(mm, heap + 100), heap + 100);
	CHECK_LAYOUT(mm, "100-101 rw-");
	CHECK_EQ(mm_brk(mm, heap + 3 * PG), heap + 3 * PG);
	CHECK_LAYOUT(mm, "100-103 rw-");
	CHECK_EQ(mm_brk(mm, heap + 3 * PG - 5), heap + 3 * PG - 5);	/* same pages */
	CHECK_EQ(mm_brk(mm, heap + PG + 1), heap + PG + 1);
	CHECK_LAYOUT(mm, "100-102 rw-");
	CHECK_EQ(unmapped_pages, 1);
	CHECK_EQ(mm_brk(mm, heap - 1), heap + PG + 1);	/* below start_brk */
	CHECK_EQ(mm_brk(mm, heap), heap);
	CHECK_LAYOUT(mm, "");
	CHECK_EQ(mm_brk(mm, TASK_SIZE + PG), heap);
	finish(mm);
}

HTEST(brk_refuses_collisions_and_rlimit)
{
	struct mm_struct *mm = start();
	unsigned long heap = BASE + 100 * PG;

	mm->start_brk = mm->brk = heap;
	map_at(mm, 110, 1, PROT_READ);
	CHECK_EQ(mm_brk(mm, heap + 9 * PG), heap + 9 * PG);	/* one page left free */
	CHECK_EQ(mm_brk(mm, heap + 9 * PG + 1), heap + 9 * PG);
	CHECK_EQ(mm_brk(mm, heap + 20 * PG), heap + 9 * PG);
	CHECK_LAYOUT(mm, "100-109 rw- 110-111 r--");
	/* RLIMIT_DATA counts the heap and the initialised data together. */
	mm->start_data = BASE;
	mm->end_data = BASE + 4 * PG;
	test_rlim[RLIMIT_DATA] = 8 * PG;
	CHECK_EQ(mm_brk(mm, heap + 5 * PG), heap + 9 * PG);	/* even shrinking */
	CHECK_EQ(mm_brk(mm, heap + 4 * PG), heap + 4 * PG);
	CHECK_EQ(mm_brk(mm, heap + 4 * PG + 1), heap + 4 * PG);
	/* The heap never merges into a VMA below start_brk. */
	test_rlim[RLIMIT_DATA] = RLIM_INFINITY;
	CHECK_EQ(mm_brk(mm, heap), heap);
	map_at(mm, 99, 1, RW);
	CHECK_EQ(mm_brk(mm, heap + PG), heap + PG);
	CHECK(strcmp(layout(mm), "99-100 rw- 100-101 rw- 110-111 r--") == 0);
	finish(mm);
}

/* ---- fork and /proc/<pid>/maps ---- */

/*
 * may_expand_vm: RLIMIT_AS counts every page, RLIMIT_DATA the private
 * writable ones that are not stacks, whichever way the space grows or
 * turns writable.
 */
HTEST(rlimits_bound_mmap_brk_mremap_and_stack)
{
	struct mm_struct *mm = start();
	unsigned long stack = BASE + 2048 * PG;

	map_at(mm, 0, 4, RW);
	map_at(mm, 10, 4, PROT_READ);
	test_rlim[RLIMIT_AS] = 10 * PG;
	CHECK_EQ(map_at(mm, 20, 3, PROT_READ), -ENOMEM);
	CHECK_EQ(map_at(mm, 20, 2, PROT_READ), (long)(BASE + 20 * PG));
	CHECK_EQ(map_at(mm, 20, 2, RW), (long)(BASE + 20 * PG));	/* replaces: no growth */
	CHECK_EQ(do_mremap(mm, BASE, 4 * PG, 5 * PG, 1, 0), (unsigned long)-ENOMEM);
	test_rlim[RLIMIT_AS] = RLIM_INFINITY;
	/* Data: rw- private is 6 pages now; r-- and shared pages do not count. */
	test_rlim[RLIMIT_DATA] = 8 * PG;
	CHECK_EQ(map_at(mm, 30, 3, RW), -ENOMEM);
	CHECK_EQ(map_at(mm, 30, 8, PROT_READ), (long)(BASE + 30 * PG));
	CHECK_EQ(do_mmap(mm, NULL, BASE + 40 * PG, 8 * PG, RW,
			 MAP_FIXED | MAP_SHARED | MAP_ANONYMOUS, 0), BASE + 40 * PG);
	CHECK_EQ(do_mremap(mm, BASE, 4 * PG, 6 * PG, 0, 0), BASE);	/* 8 pages: the limit */
	CHECK_EQ(do_mremap(mm, BASE, 6 * PG, 7 * PG, 1, 0), (unsigned long)-ENOMEM);
	CHECK_EQ(do_mprotect(mm, BASE + 10 * PG, PG, RW), -ENOMEM);	/* r-- turning into data */
	CHECK_EQ(do_mprotect(mm, BASE + 20 * PG, PG, RW | PROT_EXEC), 0);	/* data already */
	mm->start_brk = mm->brk = BASE + 100 * PG;
	CHECK_EQ(mm_brk(mm, BASE + 101 * PG), BASE + 100 * PG);
	test_rlim[RLIMIT_DATA] = RLIM_INFINITY;
	CHECK_EQ(mm_brk(mm, BASE + 101 * PG), BASE + 101 * PG);
	/* The stack grows down to RLIMIT_STACK, and within RLIMIT_AS. */
	CHECK_EQ(do_mmap(mm, NULL, stack, 4 * PG, RW, MAP_ANON_FIXED | MAP_GROWSDOWN, 0), stack);
	test_rlim[RLIMIT_STACK] = 8 * PG;
	CHECK_EQ(expand_stack(find_vma(mm, stack), stack - 4 * PG), 0);
	CHECK_EQ(expand_stack(find_vma(mm, stack - 4 * PG), stack - 5 * PG), -ENOMEM);
	test_rlim[RLIMIT_STACK] = RLIM_INFINITY;
	test_rlim[RLIMIT_AS] = mm->total_vm * PG;
	CHECK_EQ(expand_stack(find_vma(mm, stack - 4 * PG), stack - 5 * PG), -ENOMEM);
	test_rlim[RLIMIT_AS] = RLIM_INFINITY;
	CHECK_EQ(expand_stack(find_vma(mm, stack - 4 * PG), stack - 5 * PG), 0);
	check_mm(mm);
	finish(mm);
}

HTEST(dup_mmap_copies_every_vma)
{
	struct mm_struct *mm = start(), *child;
	struct file *fa = (struct file *)&file_a;

	map_at(mm, 0, 4, RW);
	map_at(mm, 4, 4, PROT_READ);
	CHECK_EQ(do_mmap(mm, fa, BASE + 10 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, 3),
		 BASE + 10 * PG);
	map_at(mm, 20, 1, RW);
	find_vma(mm, BASE + 20 * PG)->vm_flags |= VM_DONTCOPY;
	mm->start_brk = 5;
	child = mm_alloc(&test_ops);
	CHECK_EQ(dup_mmap(child, mm), 0);
	CHECK_EQ(child->map_count, 3);
	CHECK_EQ(copy_calls, 3);
	CHECK_EQ(file_refs, 2);
	CHECK_EQ(child->start_brk, 5);
	check_mm(child);
	CHECK(strcmp(layout(child), "0-4 rw- 4-8 r-- 10-11 r--") == 0);
	CHECK_EQ(do_munmap(child, BASE, 8 * PG), 0);
	CHECK_LAYOUT(mm, "0-4 rw- 4-8 r-- 10-11 r-- 20-21 rw-");
	mmput(child);
	finish(mm);
}

/* ---- commit accounting (mm/overcommit.c) ---- */

/*
 * Each change moves vm_committed_as by what Linux's would: private
 * writable and shared anonymous pages are charged, MAP_NORESERVE and
 * read-only private pages are not, write permission once given keeps
 * its charge, and every page charged comes back when it is unmapped.
 */
HTEST(commit_follows_mmap_mprotect_munmap_brk_mremap)
{
	struct mm_struct *mm = start();
	unsigned long heap = BASE + 100 * PG, moved;

	CHECK_EQ(map_at(mm, 0, 4, RW), (long)BASE);
	CHECK_EQ(vm_memory_committed(), 4);
	CHECK_EQ(map_at(mm, 10, 4, PROT_READ), (long)(BASE + 10 * PG));
	CHECK_EQ(do_mmap(mm, NULL, BASE + 20 * PG, 4 * PG, RW, MAP_ANON_FIXED | MAP_NORESERVE, 0),
		 BASE + 20 * PG);
	CHECK_EQ(vm_memory_committed(), 4);
	CHECK_EQ(do_mmap(mm, NULL, BASE + 30 * PG, 2 * PG, PROT_READ,
			 MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, 0), BASE + 30 * PG);
	CHECK_EQ(vm_memory_committed(), 6);
	CHECK_EQ(protect_at(mm, 10, 2, RW), 0);
	CHECK_EQ(vm_memory_committed(), 8);
	CHECK_EQ(protect_at(mm, 10, 2, PROT_READ), 0);
	CHECK_EQ(protect_at(mm, 10, 2, RW), 0);
	CHECK_EQ(vm_memory_committed(), 8);
	CHECK_EQ(protect_at(mm, 20, 4, PROT_READ), 0);
	CHECK_EQ(protect_at(mm, 20, 4, RW), 0);		/* NORESERVE stays uncharged */
	CHECK_EQ(vm_memory_committed(), 8);
	CHECK_EQ(unmap_at(mm, 1, 2), 0);
	CHECK_EQ(vm_memory_committed(), 6);
	mm->start_brk = mm->brk = heap;
	CHECK_EQ(mm_brk(mm, heap + 3 * PG), heap + 3 * PG);
	CHECK_EQ(vm_memory_committed(), 9);
	CHECK_EQ(mm_brk(mm, heap + PG), heap + PG);
	CHECK_EQ(vm_memory_committed(), 7);
	CHECK_EQ(do_mremap(mm, BASE + 3 * PG, PG, 3 * PG, 0, 0), BASE + 3 * PG);	/* in place */
	CHECK_EQ(vm_memory_committed(), 9);
	moved = do_mremap(mm, BASE + 3 * PG, 3 * PG, 8 * PG, 1, 0);	/* 10-12 is in the way */
	CHECK(!IS_ERR_VALUE(moved) && moved != BASE + 3 * PG);
	CHECK_EQ(vm_memory_committed(), 14);
	check_mm(mm);
	finish(mm);
}

/*
 * Shared anonymous memory maps one object, whatever happens to its VMAs:
 * splits, fork's copies and a moving mremap each open it, every VMA that
 * goes closes it, and its charge goes with the last.
 */
HTEST(shared_anonymous_object_follows_its_vmas)
{
	struct mm_struct *mm = start(), *child;
	struct vm_area_struct *vma;
	struct test_object *object;
	unsigned long moved;

	CHECK_EQ(do_mmap(mm, NULL, BASE, 4 * PG, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, 0),
		 BASE);
	object = object_of(find_vma(mm, BASE));
	CHECK_EQ(vm_memory_committed(), 4);
	CHECK_EQ(protect_at(mm, 1, 1, PROT_READ), 0);	/* three VMAs now */
	CHECK_EQ(mm->map_count, 3);
	CHECK_EQ(object->vmas, 3);
	CHECK_EQ(find_vma(mm, BASE + 2 * PG)->vm_pgoff, 2);
	child = mm_alloc(&test_ops);
	CHECK_EQ(dup_mmap(child, mm), 0);
	CHECK_EQ(object->vmas, 6);
	CHECK_EQ(vm_memory_committed(), 4);		/* charged once */
	mmput(child);
	CHECK_EQ(object->vmas, 3);
	CHECK_EQ(unmap_at(mm, 0, 2), 0);
	CHECK_EQ(object->vmas, 1);
	CHECK_EQ(vm_memory_committed(), 4);
	map_at(mm, 4, 1, PROT_READ);			/* no room to grow in place */
	moved = do_mremap(mm, BASE + 2 * PG, 2 * PG, 4 * PG, 1, 0);
	CHECK(!IS_ERR_VALUE(moved) && moved != BASE + 2 * PG);
	vma = find_vma(mm, moved);
	CHECK(object_of(vma) == object && vma->vm_pgoff == 2);
	CHECK_EQ(object->vmas, 1);
	CHECK_EQ(objects_alive, 1);
	CHECK_EQ(do_munmap(mm, moved, 4 * PG), 0);
	CHECK_EQ(objects_alive, 0);
	CHECK_EQ(vm_memory_committed(), 0);
	check_mm(mm);
	finish(mm);
}

/* fork charges the child's private copies; shared anonymous memory is charged once. */
HTEST(commit_charges_fork_copies)
{
	struct mm_struct *mm = start(), *child;

	map_at(mm, 0, 4, RW);
	map_at(mm, 4, 4, PROT_READ);
	CHECK_EQ(do_mmap(mm, NULL, BASE + 10 * PG, 2 * PG, RW,
			 MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, 0), BASE + 10 * PG);
	map_at(mm, 20, 4, RW | PROT_EXEC);
	CHECK_EQ(vm_memory_committed(), 10);
	child = mm_alloc(&test_ops);
	CHECK_EQ(dup_mmap(child, mm), 0);
	CHECK_EQ(vm_memory_committed(), 18);
	mmput(child);
	CHECK_EQ(vm_memory_committed(), 10);
	/* Room for the first copy only: the fork fails, its child's exit gives that back. */
	sysctl_overcommit_memory = OVERCOMMIT_NEVER;
	sysctl_overcommit_kbytes = 15 * PG / 1024;
	test_root = true;
	child = mm_alloc(&test_ops);
	CHECK_EQ(dup_mmap(child, mm), -ENOMEM);
	CHECK_EQ(vm_memory_committed(), 14);
	mmput(child);
	CHECK_EQ(vm_memory_committed(), 10);
	finish(mm);
}

/*
 * The three modes on a 64 MiB arena: 0 refuses one request larger than
 * RAM, 1 nothing, 2 anything that would reach CommitLimit, keeping the
 * admin reserve from all but root and MAP_NORESERVE ignored.
 */
HTEST(overcommit_modes_refuse_as_linux)
{
	struct mm_struct *mm = start();
	unsigned long ram = totalram_pages() * PG, limit, used, addr;
	const unsigned long flags = MAP_PRIVATE | MAP_ANONYMOUS;

	CHECK_EQ(do_mmap(mm, NULL, 0, ram + PG, RW, flags, 0), -ENOMEM);
	CHECK(!IS_ERR_VALUE(do_mmap(mm, NULL, 0, ram + PG, RW, flags | MAP_NORESERVE, 0)));
	CHECK(!IS_ERR_VALUE(do_mmap(mm, NULL, 0, ram, RW, flags, 0)));
	sysctl_overcommit_memory = OVERCOMMIT_ALWAYS;
	CHECK(!IS_ERR_VALUE(do_mmap(mm, NULL, 0, 16 * ram, RW, flags, 0)));
	CHECK_EQ(vm_memory_committed(), 17 * ram / PG);
	mmput(mm);
	mm = start();
	sysctl_overcommit_memory = OVERCOMMIT_NEVER;
	limit = vm_commit_limit();
	CHECK_EQ(limit, totalram_pages() / 2);
	test_root = true;
	CHECK_EQ(do_mmap(mm, NULL, 0, limit * PG, RW, flags, 0), -ENOMEM);
	CHECK_EQ(do_mmap(mm, NULL, 0, limit * PG, RW, flags | MAP_NORESERVE, 0), -ENOMEM);
	CHECK(!IS_ERR_VALUE(do_mmap(mm, NULL, 0, (limit - 1) * PG, PROT_READ, flags, 0)));
	used = mm->total_vm;
	CHECK_EQ(vm_memory_committed(), 0);
	/* Root may use the admin reserve; the user reserve is total_vm / 32 of the caller. */
	CHECK(!IS_ERR_VALUE(do_mmap(mm, NULL, 0, (limit - used / 32 - 1) * PG, RW, flags, 0)));
	CHECK_EQ(do_mmap(mm, NULL, 0, PG, RW, flags, 0), -ENOMEM);
	CHECK(!IS_ERR_VALUE(do_mmap(mm, NULL, 0, PG, PROT_READ, flags, 0)));
	mmput(mm);
	mm = start();
	sysctl_overcommit_memory = OVERCOMMIT_NEVER;
	sysctl_overcommit_kbytes = 1024 * PG / 1024;
	CHECK_EQ(vm_commit_limit(), 1024);
	/* Not root: the admin reserve is kept back. */
	sysctl_admin_reserve_kbytes = 512 * PG / 1024;
	CHECK_EQ(do_mmap(mm, NULL, 0, 512 * PG, RW, flags, 0), -ENOMEM);
	addr = do_mmap(mm, NULL, 0, 511 * PG, RW, flags, 0);
	CHECK(!IS_ERR_VALUE(addr));
	CHECK_EQ(do_munmap(mm, addr, 511 * PG), 0);
	test_root = true;
	CHECK_EQ(do_mmap(mm, NULL, 0, 1024 * PG, RW, flags, 0), -ENOMEM);
	CHECK(!IS_ERR_VALUE(do_mmap(mm, NULL, 0, 1023 * PG, RW, flags, 0)));
	finish(mm);
}

HTEST(show_map_matches_linux_format)
{
	struct mm_struct *mm = start();
	char buf[1024];
	struct seq_buf m;

	CHECK_EQ(do_mmap(mm, (struct file *)&file_a, 0x56147d768000, 6 * PG, PROT_READ | PROT_EXEC,
			 MAP_PRIVATE | MAP_FIXED, 2), 0x56147d768000);
	mm->start_brk = mm->brk = 0x5614ae641000;
	CHECK_EQ(mm_brk(mm, 0x5614ae662000), 0x5614ae662000);
	CHECK_EQ(do_mmap(mm, NULL, 0x7f5e2723b000, 3 * PG, RW, MAP_ANON_FIXED, 0), 0x7f5e2723b000);
	CHECK_EQ(do_mmap(mm, NULL, 0x7f5e27300000, PG, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, 0),
		 0x7f5e27300000);
	CHECK_EQ(do_mmap(mm, NULL, 0xfffffffde000, 0x21000, RW,
			 MAP_ANON_FIXED | MAP_GROWSDOWN, 0), 0xfffffffde000);
	mm->start_stack = 0xffffffffe000;
	seq_buf_init(&m, buf, sizeof(buf));
	show_map(&m, mm);
	CHECK(strcmp(buf,
		"56147d768000-56147d76e000 r-xp 00002000 fe:00 247498                     /usr/bin/head\n"
		"5614ae641000-5614ae662000 rw-p 00000000 00:00 0                          [heap]\n"
		"7f5e2723b000-7f5e2723e000 rw-p 00000000 00:00 0 \n"
		"7f5e27300000-7f5e27301000 rw-s 00000000 00:01 1024                       /dev/zero (deleted)\n"
		"fffffffde000-fffffffff000 rw-p 00000000 00:00 0                          [stack]\n") == 0 ||
	      (printf("# %s", buf), 0));
	finish(mm);
}

/* ---- the map_count limit ---- */

HTEST(map_count_limit)
{
	struct mm_struct *mm = start();
	unsigned long addr = 0;
	int i;

	mm->mmap_base = TASK_SIZE / 2;
	/* Alternating rights so that no two merge. */
	for (i = 0; i <= DEFAULT_MAX_MAP_COUNT; i++) {
		addr = do_mmap(mm, NULL, 0, PG, i % 2 ? PROT_READ : RW,
			       MAP_PRIVATE | MAP_ANONYMOUS, 0);
		CHECK(!IS_ERR_VALUE(addr));
	}
	CHECK_EQ(mm->map_count, DEFAULT_MAX_MAP_COUNT + 1);
	CHECK_EQ(do_mmap(mm, NULL, 0, PG, RW, MAP_PRIVATE | MAP_ANONYMOUS, 0), -ENOMEM);
	CHECK_EQ(do_munmap(mm, addr, PG), 0);
	CHECK_EQ(do_mmap(mm, NULL, 0, 3 * PG, RW, MAP_PRIVATE | MAP_ANONYMOUS, 0),
		 addr - 2 * PG);
	CHECK_EQ(do_munmap(mm, addr - PG, PG), -ENOMEM);	/* a hole would add one */
	CHECK_EQ(do_mprotect(mm, addr - PG, PG, PROT_READ), -ENOMEM);
	/* No check_mm: rbcheck's height check is quadratic at this size. */
	CHECK_EQ(mm->map_count, DEFAULT_MAX_MAP_COUNT + 1);
	finish(mm);
}

/* ---- random operations against a page-by-page model ---- */

#define MODEL_PAGES 512
/* Model bits of a page; 0 is unmapped. */
#define M_MAPPED 0x10
#define M_ACCOUNT 0x20
#define M_LOCKED 0x40

static unsigned char model[MODEL_PAGES];
/* How often the rarer paths ran: the bottom-up fallback, mprotect over a hole, mlock. */
static int fallbacks, holes, locks;

static unsigned char model_flags(unsigned long vm_flags)
{
	return M_MAPPED | (vm_flags & VM_ACCESS_FLAGS) | (vm_flags & VM_ACCOUNT ? M_ACCOUNT : 0) |
	       (vm_flags & VM_LOCKED ? M_LOCKED : 0);
}

static unsigned long model_unmap(long first, long n)
{
	unsigned long pages = 0;

	for (long i = first; i < first + n && i < MODEL_PAGES; i++) {
		pages += model[i] != 0;
		model[i] = 0;
	}
	return pages;
}

static void model_map(long first, long n, unsigned long prot)
{
	model_unmap(first, n);
	for (long i = first; i < first + n; i++)
		model[i] = M_MAPPED | prot | (prot & PROT_WRITE ? M_ACCOUNT : 0);
}

/* Linux's rule, page by page: stop with -ENOMEM at the first hole. */
static int model_protect(long first, long n, unsigned long prot)
{
	if (!model[first])
		return -ENOMEM;
	for (long i = first; i < first + n; i++) {
		unsigned char old = model[i];

		if (!old)
			return -ENOMEM;
		if ((old & 7) == prot)
			continue;
		model[i] = M_MAPPED | prot | (old & (M_ACCOUNT | M_LOCKED));
		if ((prot & PROT_WRITE) && !(old & (M_ACCOUNT | PROT_WRITE)))
			model[i] |= M_ACCOUNT;
	}
	return 0;
}

/* mlock and munlock: the same rule, the lock bit set or cleared. */
static int model_lock(long first, long n, bool lock)
{
	for (long i = first; i < first + n; i++) {
		if (!model[i])
			return -ENOMEM;
		model[i] = lock ? model[i] | M_LOCKED : model[i] & ~M_LOCKED;
	}
	return 0;
}

/* The highest run of n free pages, as top-down placement must find it, or -1. */
static long model_topdown(long n)
{
	for (long first = MODEL_PAGES - n; first >= 0; first--) {
		long i = first;

		while (i < first + n && !model[i])
			i++;
		if (i == first + n)
			return first;
	}
	return -1;
}

/* Every page agrees, and there are as many VMAs as runs of equal pages. */
static void compare_with_model(struct mm_struct *mm)
{
	unsigned char seen[MODEL_PAGES] = { 0 };
	struct vm_area_struct *vma;
	int runs = 0;

	check_mm(mm);
	list_for_each_entry(vma, &mm->mmap, vm_list) {
		if (vma->vm_end <= BASE)
			continue;	/* the filler below the window */
		CHECK(vma->vm_start >= BASE && vma->vm_end <= BASE + MODEL_PAGES * PG);
		CHECK_EQ(vma->vm_pgoff, vma->vm_start >> PAGE_SHIFT);
		for (unsigned long a = vma->vm_start; a < vma->vm_end; a += PG)
			seen[(a - BASE) / PG] = model_flags(vma->vm_flags);
	}
	for (long i = 0; i < MODEL_PAGES; i++) {
		if (seen[i] != model[i])
			htest_fail(__FILE__, __LINE__, "page %ld: %#x, model %#x", i, seen[i],
				   model[i]);
		runs += model[i] && (i == 0 || model[i - 1] != model[i]);
	}
	CHECK_EQ(runs + 1, mm->map_count);
}

static long random_op(struct mm_struct *mm, unsigned long long *rng)
{
	long n = 1 + rng_next(rng) % 24, first = rng_next(rng) % (MODEL_PAGES - n + 1);
	unsigned long prot = rng_next(rng) % 8, before = unmapped_pages, got;
	long want;

	switch (rng_next(rng) % 6) {
	case 4:
		want = model_lock(first, n, true);
		locks += want == 0;
		CHECK_EQ(do_mlock(mm, BASE + first * PG, n * PG, 0), want);
		return 0;
	case 5:
		want = model_lock(first, n, false);
		CHECK_EQ(do_munlock(mm, BASE + first * PG, n * PG), want);
		return 0;
	case 0:
		want = model_unmap(first, n);
		CHECK_EQ(unmap_at(mm, first, n), 0);
		CHECK_EQ(unmapped_pages - before, want);
		return 0;
	case 1:
		want = model_unmap(first, n);
		model_map(first, n, prot);
		CHECK_EQ(map_at(mm, first, n, prot), (long)(BASE + first * PG));
		CHECK_EQ(unmapped_pages - before, want);
		return 0;
	case 2:
		want = model_protect(first, n, prot);
		holes += want != 0;
		CHECK_EQ(protect_at(mm, first, n, prot), want);
		return 0;
	default:
		want = model_topdown(n);
		got = do_mmap(mm, NULL, 0, n * PG, prot, MAP_PRIVATE | MAP_ANONYMOUS, 0);
		if (want < 0) {
			/* Nothing fits below mmap_base: the bottom-up fallback, outside the model. */
			CHECK_EQ(got, TASK_UNMAPPED_BASE);
			fallbacks++;
			return do_munmap(mm, got, n * PG);
		}
		model_map(want, n, prot);
		CHECK_EQ(got, BASE + want * PG);
		return 0;
	}
}

HTEST(random_operations_match_the_model)
{
	struct mm_struct *mm = start();
	unsigned long long rng = 0x9e3779b97f4a7c15ULL;

	memset(model, 0, sizeof(model));
	mm->mmap_base = BASE + MODEL_PAGES * PG;
	/* A filler below the window, so that top-down placement stays inside it. */
	CHECK_EQ(do_mmap(mm, NULL, MMAP_MIN_ADDR, BASE - MMAP_MIN_ADDR, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, 0), MMAP_MIN_ADDR);
	for (int op = 0; op < 10000; op++) {
		CHECK_EQ(random_op(mm, &rng), 0);
		compare_with_model(mm);
	}
	CHECK(fallbacks > 0 && holes > 0 && locks > 0);
	finish(mm);
}

HTEST(mremap_in_place_moves_and_errors)
{
	struct mm_struct *mm = start();
	unsigned long moved;

	map_at(mm, 0, 4, RW);
	map_at(mm, 6, 2, PROT_READ);
	CHECK_EQ(do_mremap(mm, BASE, 4 * PG, 2 * PG, 0, 0), BASE);	/* shrink */
	CHECK_LAYOUT(mm, "0-2 rw- 6-8 r--");
	CHECK_EQ(do_mremap(mm, BASE, 2 * PG, 6 * PG, 0, 0), BASE);	/* grow into the hole */
	CHECK_LAYOUT(mm, "0-6 rw- 6-8 r--");
	CHECK_EQ(do_mremap(mm, BASE, 6 * PG, 8 * PG, 0, 0), (unsigned long)-ENOMEM);
	moved = do_mremap(mm, BASE, 6 * PG, 8 * PG, 1, 0);		/* MREMAP_MAYMOVE */
	CHECK(!IS_ERR_VALUE(moved) && moved != BASE);
	CHECK_EQ(moved_pages, 6);
	CHECK(!find_vma_intersection(mm, BASE, BASE + 6 * PG));
	CHECK_EQ(find_vma(mm, moved)->vm_end, moved + 8 * PG);
	CHECK_EQ(do_mremap(mm, moved + 1, PG, PG, 1, 0), (unsigned long)-EINVAL);
	CHECK_EQ(do_mremap(mm, moved, PG, 0, 1, 0), (unsigned long)-EINVAL);
	CHECK_EQ(do_mremap(mm, moved, PG, PG, 2, BASE), (unsigned long)-EINVAL);
	CHECK_EQ(do_mremap(mm, BASE, PG, 2 * PG, 1, 0), (unsigned long)-EFAULT);
	CHECK_EQ(do_mremap(mm, moved, 9 * PG, 9 * PG, 1, 0), (unsigned long)-EFAULT);
	CHECK_EQ(do_mremap(mm, moved, 2 * PG, 2 * PG, 3, moved + PG), (unsigned long)-EINVAL);
	CHECK_EQ(do_mremap(mm, moved, 2 * PG, 2 * PG, 3, BASE), BASE);	/* FIXED */
	CHECK_EQ(find_vma(mm, BASE)->vm_end, BASE + 2 * PG);
	finish(mm);
}

HTEST(madvise_and_msync_check_ranges)
{
	struct mm_struct *mm = start();

	map_at(mm, 0, 2, RW);
	map_at(mm, 3, 2, RW);
	CHECK_EQ(do_madvise(mm, BASE, 2 * PG, 4), 0);			/* MADV_DONTNEED */
	CHECK_EQ(zapped_pages, 2);
	CHECK_EQ(do_madvise(mm, BASE, 5 * PG, 4), -ENOMEM);		/* the hole at 2 */
	CHECK_EQ(zapped_pages, 6);					/* both parts done */
	CHECK_EQ(unmapped_pages, 0);
	CHECK_EQ(do_madvise(mm, BASE + 1, PG, 4), -EINVAL);
	CHECK_EQ(do_madvise(mm, BASE, PG, 12345), -EINVAL);
	CHECK_EQ(do_madvise(mm, BASE, PG, 3), 0);			/* MADV_WILLNEED */
	CHECK_EQ(do_msync(mm, BASE, 2 * PG, 4), 0);			/* MS_SYNC */
	CHECK_EQ(do_msync(mm, BASE, 5 * PG, 4), -ENOMEM);
	CHECK_EQ(do_msync(mm, BASE, PG, 5), -EINVAL);			/* ASYNC | SYNC */
	CHECK_EQ(do_msync(mm, BASE + 1, PG, 1), -EINVAL);
	CHECK_LAYOUT(mm, "0-2 rw- 3-5 rw-");
	finish(mm);
}

/* ---- mlock (mm/mlock.c) ---- */

static bool locked_at(struct mm_struct *mm, long page)
{
	return find_vma(mm, BASE + page * PG)->vm_flags & VM_LOCKED;
}

HTEST(mlock_splits_merges_and_counts)
{
	struct mm_struct *mm = start();

	map_at(mm, 0, 10, RW);
	CHECK_EQ(do_mlock(mm, BASE + 3 * PG, 4 * PG, 0), 0);
	CHECK_LAYOUT(mm, "0-3 rw- 3-7 rw- 7-10 rw-");
	CHECK(locked_at(mm, 3) && !locked_at(mm, 2) && !locked_at(mm, 7));
	CHECK_EQ(mm->locked_vm, 4);
	CHECK_EQ(do_mlock(mm, BASE + 5 * PG, 4 * PG, 0), 0);	/* overlapping: grows the locked VMA */
	CHECK_LAYOUT(mm, "0-3 rw- 3-9 rw- 9-10 rw-");
	CHECK_EQ(mm->locked_vm, 6);
	CHECK_EQ(do_munlock(mm, BASE + 4 * PG, 1), 0);		/* one byte: its page */
	CHECK_EQ(mm->map_count, 5);
	CHECK_EQ(mm->locked_vm, 5);
	CHECK_EQ(do_munlock(mm, BASE, 10 * PG), 0);
	CHECK_LAYOUT(mm, "0-10 rw-");
	CHECK_EQ(mm->locked_vm, 0);
	/* An unaligned start locks from its page; the length counts from the start. */
	CHECK_EQ(do_mlock(mm, BASE + PG - 100, 200, 0), 0);
	CHECK_LAYOUT(mm, "0-2 rw- 2-10 rw-");
	CHECK_EQ(mm->locked_vm, 2);
	/* Different protections stay apart, each locked. */
	CHECK_EQ(protect_at(mm, 5, 1, PROT_READ), 0);
	CHECK_EQ(do_mlock(mm, BASE, 10 * PG, 0), 0);
	CHECK_LAYOUT(mm, "0-5 rw- 5-6 r-- 6-10 rw-");
	CHECK_EQ(mm->locked_vm, 10);
	/* munmap and the MAP_FIXED that replaces take their pages off the count. */
	CHECK_EQ(unmap_at(mm, 0, 2), 0);
	CHECK_EQ(mm->locked_vm, 8);
	CHECK_EQ(map_at(mm, 8, 2, RW), (long)(BASE + 8 * PG));
	CHECK_EQ(mm->locked_vm, 6);
	CHECK_LAYOUT(mm, "2-5 rw- 5-6 r-- 6-8 rw- 8-10 rw-");
	finish(mm);
}

HTEST(mlock_on_fault_and_errors)
{
	struct mm_struct *mm = start();

	map_at(mm, 0, 3, RW);
	map_at(mm, 4, 3, RW);
	CHECK_EQ(do_mlock(mm, BASE, PG, 2), -EINVAL);		/* mlock2's unknown flag */
	CHECK_EQ(do_mlock(mm, BASE, PG, 1), 0);			/* MLOCK_ONFAULT */
	CHECK(find_vma(mm, BASE)->vm_flags & VM_LOCKONFAULT);
	CHECK_EQ(do_mlock(mm, BASE, PG, 0), 0);			/* now populated: no ONFAULT */
	CHECK(!(find_vma(mm, BASE)->vm_flags & VM_LOCKONFAULT));
	CHECK_EQ(mm->locked_vm, 1);
	/* A hole: -ENOMEM, and the VMA before it keeps the lock. */
	CHECK_EQ(do_mlock(mm, BASE, 7 * PG, 0), -ENOMEM);
	CHECK(locked_at(mm, 2) && !locked_at(mm, 4));
	CHECK_EQ(mm->locked_vm, 3);
	CHECK_EQ(do_munlock(mm, BASE + 3 * PG, PG), -ENOMEM);	/* nothing mapped there */
	CHECK_EQ(do_mlock(mm, BASE + 10 * PG, PG, 0), -ENOMEM);
	CHECK_EQ(do_mlock(mm, BASE, 0, 0), 0);
	test_root = true;					/* no limit: the wrap is seen */
	CHECK_EQ(do_mlock(mm, BASE + PG, -2 * PG, 0), -EINVAL);
	test_root = false;
	check_mm(mm);
	finish(mm);
}

HTEST(mlock_respects_rlimit_memlock)
{
	struct mm_struct *mm = start();

	map_at(mm, 0, 20, RW);
	test_rlim[RLIMIT_MEMLOCK] = 8 * PG;
	CHECK_EQ(do_mlock(mm, BASE, 8 * PG, 0), 0);
	CHECK_EQ(do_mlock(mm, BASE + 8 * PG, PG, 0), -ENOMEM);
	CHECK_EQ(do_mlock(mm, BASE, 8 * PG, 0), 0);		/* counted once */
	CHECK_EQ(do_mlock(mm, BASE, 9 * PG, 0), -ENOMEM);
	CHECK_EQ(do_mlockall(mm, MCL_CURRENT), -ENOMEM);	/* 20 pages mapped */
	CHECK_EQ((long)do_mmap(mm, NULL, 0, PG, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, 0),
		 -EAGAIN);
	test_root = true;					/* CAP_IPC_LOCK */
	CHECK_EQ(do_mlock(mm, BASE, 20 * PG, 0), 0);
	CHECK_EQ(mm->locked_vm, 20);
	test_root = false;
	CHECK_EQ(do_munlock(mm, BASE, 20 * PG), 0);
	test_rlim[RLIMIT_MEMLOCK] = 0;
	CHECK_EQ(do_mlock(mm, BASE, PG, 0), -EPERM);
	CHECK_EQ(do_mlock(mm, BASE, PG, 2), -EINVAL);		/* flags are looked at first */
	CHECK_EQ(do_mlockall(mm, MCL_FUTURE), -EPERM);
	CHECK_EQ(do_mlockall(mm, 0), -EINVAL);
	CHECK_EQ((long)do_mmap(mm, NULL, 0, PG, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, 0),
		 -EPERM);
	CHECK_EQ(do_munlock(mm, BASE, PG), 0);
	test_root = true;
	CHECK_EQ(do_mlock(mm, BASE, PG, 0), 0);
	check_mm(mm);
	finish(mm);
}

HTEST(mlockall_future_locks_mmap_brk_mremap_and_stack)
{
	struct mm_struct *mm = start();
	unsigned long stack = BASE + 2048 * PG;

	map_at(mm, 0, 4, RW);
	CHECK_EQ(do_mlockall(mm, MCL_ONFAULT), -EINVAL);
	CHECK_EQ(do_mlockall(mm, 8), -EINVAL);
	CHECK_EQ(do_mlockall(mm, MCL_FUTURE), 0);
	CHECK(!locked_at(mm, 0));				/* FUTURE alone: not what exists */
	CHECK_EQ(map_at(mm, 10, 2, RW), (long)(BASE + 10 * PG));
	CHECK(locked_at(mm, 10));
	mm->start_brk = mm->brk = BASE + 100 * PG;
	CHECK_EQ(mm_brk(mm, BASE + 102 * PG), BASE + 102 * PG);
	CHECK(locked_at(mm, 100));
	CHECK_EQ(mm->locked_vm, 4);
	CHECK_EQ(do_mremap(mm, BASE + 10 * PG, 2 * PG, 3 * PG, 0, 0), BASE + 10 * PG);
	CHECK_EQ(mm->locked_vm, 5);
	CHECK_EQ(do_mmap(mm, NULL, stack, 4 * PG, RW, MAP_ANON_FIXED | MAP_GROWSDOWN, 0), stack);
	CHECK_EQ(expand_stack(find_vma(mm, stack), stack - 2 * PG), 0);
	CHECK_EQ(mm->locked_vm, 11);
	/* At the limit: no more locked memory of any kind. */
	test_rlim[RLIMIT_MEMLOCK] = 11 * PG;
	CHECK_EQ(mm_brk(mm, BASE + 103 * PG), BASE + 102 * PG);
	CHECK_EQ(map_at(mm, 20, 1, RW), -EAGAIN);
	CHECK_EQ(do_mremap(mm, BASE + 10 * PG, 3 * PG, 4 * PG, 1, 0), (unsigned long)-EAGAIN);
	CHECK_EQ(expand_stack(find_vma(mm, stack), stack - 3 * PG), -ENOMEM);
	check_mm(mm);
	/* MCL_ONFAULT with FUTURE marks new mappings to be filled in when touched. */
	test_rlim[RLIMIT_MEMLOCK] = RLIM_INFINITY;
	CHECK_EQ(do_mlockall(mm, MCL_FUTURE | MCL_ONFAULT), 0);
	CHECK_EQ(map_at(mm, 30, 1, RW), (long)(BASE + 30 * PG));
	CHECK(find_vma(mm, BASE + 30 * PG)->vm_flags & VM_LOCKONFAULT);
	CHECK_EQ(do_mlockall(mm, MCL_CURRENT), 0);
	CHECK(locked_at(mm, 0) && !(find_vma(mm, BASE + 30 * PG)->vm_flags & VM_LOCKONFAULT));
	CHECK_EQ(mm->def_flags, 0);				/* CURRENT alone ends FUTURE */
	CHECK_EQ(mm->locked_vm, mm->total_vm);
	do_munlockall(mm);
	CHECK_EQ(mm->locked_vm, 0);
	CHECK_EQ(map_at(mm, 40, 1, RW), (long)(BASE + 40 * PG));
	CHECK(!locked_at(mm, 40));
	check_mm(mm);
	finish(mm);
}

HTEST(locks_are_not_inherited_and_skip_drivers)
{
	struct mm_struct *mm = start(), *child;
	struct file *dev = (struct file *)&file_dev;

	map_at(mm, 0, 4, RW);
	CHECK_EQ(do_mlockall(mm, MCL_CURRENT | MCL_FUTURE), 0);
	child = mm_alloc(&test_ops);
	CHECK_EQ(dup_mmap(child, mm), 0);
	CHECK_EQ(child->locked_vm, 0);
	CHECK_EQ(child->def_flags, 0);
	CHECK(!(find_vma(child, BASE)->vm_flags & VM_LOCKED_MASK));
	mmput(child);
	/* A driver's mapping is never locked or counted. */
	CHECK_EQ(do_mmap(mm, dev, BASE + 10 * PG, 2 * PG, PROT_READ, MAP_SHARED | MAP_FIXED, 0),
		 BASE + 10 * PG);
	CHECK(!locked_at(mm, 10));
	CHECK_EQ(do_mlock(mm, BASE + 10 * PG, 2 * PG, 0), 0);
	CHECK(!locked_at(mm, 10));
	CHECK_EQ(mm->locked_vm, 4);
	check_mm(mm);
	finish(mm);
}
