/*
 * User processes from the kernel's side: a program run in a kernel thread
 * (which becomes a process) leaves nothing behind when it ends: its pages,
 * page tables, VMAs, ASID, stack and task are all given back.
 */
#include <kernel/ktest.h>
#include <kernel/sched.h>
#include <kernel/syscalls.h>
#include <kernel/atomic.h>
#include <kernel/time.h>
#include <asm/timer.h>
#include <mm/slab.h>
#include <kernel/fs/fs.h>
#include <kernel/err.h>

#define WAIT_LIMIT_NS 60000000000ull

static atomic_t exec_failures;

static int run_program(void *argv)
{
	const char *const *args = argv;

	exec_first_process(args[0], args);
	atomic_inc(&exec_failures);	/* only reached when exec failed */
	return 1;
}

static bool run_and_wait(const char *const *argv, unsigned long tasks_before)
{
	u64 deadline = ktime_get_ns() + WAIT_LIMIT_NS;

	if (!kthread_run(run_program, (void *)argv, "user"))
		return false;
	while (nr_tasks() > tasks_before) {
		if (ktime_get_ns() > deadline)
			return false;
		msleep(10);
	}
	return true;
}

KTEST(process, programs_leave_nothing_behind)
{
	static const char *const hello[] = { "/bin/hello", NULL };
	static const char *const memory[] = { "/bin/memory", NULL };
	static const char *const segv[] = { "/bin/segv", NULL };
	static const char *const layout[] = { "/bin/layout", NULL };
	static const char *const signals[] = { "/bin/signals", NULL };
	static const char *const exec[] = { "/bin/exec", "50", NULL };	/* 50 stress cycles */
	static const char *const *const programs[] = { hello, memory, segv, layout, signals,
							 exec };
	unsigned long tasks = nr_tasks(), pages_before, areas_before, pages, areas;
	unsigned int i;

	atomic_set(&exec_failures, 0);
	KT_ASSERT(run_and_wait(hello, tasks));	/* first use fills caches */
	ktest_memory_in_use(&pages_before, &areas_before);
	for (i = 0; i < ARRAY_SIZE(programs); i++)
		KT_EXPECT(run_and_wait(programs[i], tasks));
	ktest_memory_in_use(&pages, &areas);
	KT_EXPECT_EQ(atomic_read(&exec_failures), 0);
	KT_EXPECT_EQ(pages, pages_before);
	KT_EXPECT_EQ(areas, areas_before);
}

static bool stop_at_once(void *ctx __unused, const char *name __unused,
			 unsigned int namelen __unused, loff_t next_pos __unused,
			 unsigned long ino __unused, unsigned int d_type __unused)
{
	return false;
}

/* List /proc as ls would: the entries of processes that are gone go (kernel/fs/procfs.c). */
static void tidy_proc(void)
{
	struct file *proc = vfs_open_at(AT_FDCWD, "/proc", O_RDONLY | O_DIRECTORY, 0);
	loff_t pos = 0;

	if (IS_ERR(proc))
		return;
	proc->f_op->iterate(proc, &pos, stop_at_once, NULL);
	fput(proc);
}

/* Pages, vmalloc areas and slab objects in use, with /proc tidied first. */
static void memory_in_use(unsigned long *pages, unsigned long *areas, unsigned long *objects)
{
	unsigned long slab_pages;

	tidy_proc();
	ktest_memory_in_use(pages, areas);
	slab_totals(objects, &slab_pages);
}

/*
 * Threads, futexes, vfork and posix_spawn: every thread's task and stack,
 * the shared mm, files and fs_struct, and each slab object come back.
 */
KTEST(process, threads_leave_nothing_behind)
{
	static const char *const threads[] = { "/bin/threads", NULL };
	static const char *const futex[] = { "/bin/futex", NULL };
	static const char *const spawn[] = { "/bin/spawn", NULL };
	static const char *const *const programs[] = { threads, futex, spawn };
	unsigned long tasks = nr_tasks(), pages_before, areas_before, objects_before;
	unsigned long pages, areas, objects;
	unsigned int i;

	atomic_set(&exec_failures, 0);
	for (i = 0; i < ARRAY_SIZE(programs); i++)	/* first use fills caches */
		KT_ASSERT(run_and_wait(programs[i], tasks));
	memory_in_use(&pages_before, &areas_before, &objects_before);
	for (i = 0; i < ARRAY_SIZE(programs); i++)
		KT_EXPECT(run_and_wait(programs[i], tasks));
	memory_in_use(&pages, &areas, &objects);
	KT_EXPECT_EQ(atomic_read(&exec_failures), 0);
	KT_EXPECT_EQ(pages, pages_before);
	KT_EXPECT_EQ(areas, areas_before);
	KT_EXPECT_EQ(objects, objects_before);
}

KTEST(process, exec_of_a_broken_file_fails_cleanly)
{
	static const char *const overlap[] = { "/elf-corpus/overlap", NULL };
	static const char *const missing[] = { "/no/such/program", NULL };
	unsigned long tasks = nr_tasks(), pages_before, areas_before, pages, areas;

	ktest_memory_in_use(&pages_before, &areas_before);
	atomic_set(&exec_failures, 0);

	KT_EXPECT(run_and_wait(overlap, tasks));
	KT_EXPECT(run_and_wait(missing, tasks));
	KT_EXPECT_EQ(atomic_read(&exec_failures), 2);
	ktest_memory_in_use(&pages, &areas);
	KT_EXPECT_EQ(pages, pages_before);
	KT_EXPECT_EQ(areas, areas_before);
}
