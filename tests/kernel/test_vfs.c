/*
 * The VFS from inside the kernel: descriptor tables (lowest free slot,
 * growth past the first 64, the 1024 limit, close-on-exec, fork's copy
 * sharing files), opening by path relative to the working directory,
 * /proc's entries following the processes, and nothing left behind by
 * thousands of opens, pipes, closes and table copies.
 */
#include <kernel/ktest.h>
#include <kernel/fs/fs.h>
#include <kernel/fs/fs_struct.h>
#include <kernel/fs/fdtable.h>
#include <kernel/sched.h>
#include <kernel/errno.h>
#include <mm/slab.h>

static struct file *open_null(void)
{
	return vfs_open_at(AT_FDCWD, "/dev/null", O_RDWR, 0);
}

static void memory_in_use(unsigned long *pages, unsigned long *objects)
{
	unsigned long areas, slab_pages;

	ktest_memory_in_use(pages, &areas);
	slab_totals(objects, &slab_pages);
}

KTEST(vfs, fd_table_lowest_free_and_growth)
{
	struct files_struct *files = files_alloc();
	struct file *file = open_null();
	int fd, i, nofile;

	KT_ASSERT(files && !IS_ERR(file));
	for (i = 0; i < 100; i++) {
		get_file(file);
		KT_EXPECT_EQ(fd_install_from(files, 0, file, false), i);
	}
	KT_EXPECT(files->max_fds >= 100);
	KT_EXPECT_EQ(close_fd(files, 7), 0);
	KT_EXPECT_EQ(close_fd(files, 7), -EBADF);
	get_file(file);
	KT_EXPECT_EQ(fd_install_from(files, 0, file, false), 7);
	get_file(file);
	KT_EXPECT_EQ(fd_install_from(files, 500, file, true), 500);
	KT_EXPECT(get_close_on_exec(files, 500));
	get_file(file);
	fd = replace_fd(files, NR_OPEN, file, false);
	KT_EXPECT_EQ(fd, -EBADF);
	fput(file);
	get_file(file);
	/* The caller's RLIMIT_NOFILE ends the search. */
	nofile = (int)rlimit(RLIMIT_NOFILE);
	KT_EXPECT_EQ(fd_install_from(files, nofile - 1, file, false), nofile - 1);
	get_file(file);
	KT_EXPECT_EQ(fd_install_from(files, nofile - 1, file, false), -EMFILE);
	fput(file);
	KT_EXPECT_EQ(atomic_read(&file->f_count), 103);
	put_files_struct(files);
	KT_EXPECT_EQ(atomic_read(&file->f_count), 1);
	fput(file);
}

KTEST(vfs, fork_copy_and_close_on_exec)
{
	struct files_struct *files = files_alloc(), *copy;
	struct file *file = open_null();

	KT_ASSERT(files && !IS_ERR(file));
	get_file(file);
	KT_EXPECT_EQ(fd_install_from(files, 0, file, false), 0);
	get_file(file);
	KT_EXPECT_EQ(fd_install_from(files, 0, file, true), 1);
	copy = dup_fd(files);
	KT_ASSERT(copy);
	KT_EXPECT_EQ(atomic_read(&file->f_count), 5);
	KT_EXPECT(get_close_on_exec(copy, 1));
	do_close_on_exec(copy);
	KT_EXPECT(copy->fd[0] == file && copy->fd[1] == NULL);
	KT_EXPECT(files->fd[1] == file);
	KT_EXPECT_EQ(atomic_read(&file->f_count), 4);
	put_files_struct(copy);
	put_files_struct(files);
	KT_EXPECT_EQ(atomic_read(&file->f_count), 1);
	fput(file);
}

KTEST(vfs, open_errors_and_relative_paths)
{
	struct file *file;
	struct inode *inode;

	KT_EXPECT_EQ(PTR_ERR(vfs_open_at(AT_FDCWD, "/no/such", O_RDONLY, 0)), -ENOENT);
	KT_EXPECT_EQ(PTR_ERR(vfs_open_at(AT_FDCWD, "/dev", O_WRONLY, 0)), -EISDIR);
	KT_EXPECT_EQ(PTR_ERR(vfs_open_at(AT_FDCWD, "/dev/null", O_RDONLY | O_DIRECTORY, 0)),
		     -ENOTDIR);
	KT_EXPECT_EQ(PTR_ERR(vfs_open_at(42, "null", O_RDONLY, 0)), -EBADF);
	KT_ASSERT_EQ(vfs_lookup_at(AT_FDCWD, "/dev", LOOKUP_DIRECTORY, &inode), 0);
	/* Its own working directory, not the one all kernel threads share. */
	KT_ASSERT_EQ(init_fs_struct(current), 0);
	set_fs_pwd(current->fs, inode);	/* the reference moves in */
	file = vfs_open_at(AT_FDCWD, "zero", O_RDONLY, 0);
	KT_EXPECT(!IS_ERR(file));
	if (!IS_ERR(file))
		fput(file);
	exit_fs(current);		/* drops the directory too */
	share_init_fs(current);
}

KTEST(vfs, proc_follows_processes)
{
	struct inode *inode;

	KT_EXPECT_EQ(vfs_lookup_at(AT_FDCWD, "/proc/meminfo", 0, &inode), 0);
	vfs_iput(inode);
	KT_EXPECT_EQ(vfs_lookup_at(AT_FDCWD, "/proc/999999/maps", 0, &inode), -ENOENT);
	KT_EXPECT_EQ(vfs_lookup_at(AT_FDCWD, "/proc/0", 0, &inode), -ENOENT);
	KT_EXPECT_EQ(vfs_lookup_at(AT_FDCWD, "/proc/self", 0, &inode), 0);
	KT_EXPECT(S_ISLNK(inode->i_mode));
	vfs_iput(inode);
}

KTEST(vfs, thousands_of_opens_and_pipes_leave_nothing_behind)
{
	unsigned long pages_before, objects_before, pages, objects;
	int round;

	for (round = 0; round < 2; round++) {
		int i;

		if (round == 1)
			memory_in_use(&pages_before, &objects_before);
		for (i = 0; i < 2000; i++) {
			struct files_struct *files = files_alloc(), *copy;
			struct file *ends[2];
			struct file *a = vfs_open_at(AT_FDCWD, "/proc/meminfo", O_RDONLY, 0);
			struct file *b = vfs_open_at(AT_FDCWD, "/ktest-vfs", O_CREAT | O_RDWR | O_TRUNC,
						     0600);

			KT_ASSERT(files && !IS_ERR(a) && !IS_ERR(b));
			spin_lock(&vfs_lock);
			ramfs_write(b->f_inode, "some bytes", 10, 5000);
			ramfs_unlink(ramfs_root(), "/ktest-vfs");
			spin_unlock(&vfs_lock);
			KT_ASSERT_EQ(create_pipe_files(ends, O_NONBLOCK), 0);
			fd_install_from(files, 0, a, false);
			fd_install_from(files, 70, b, true);
			fd_install_from(files, 1, ends[0], false);
			fd_install_from(files, 2, ends[1], true);
			copy = dup_fd(files);
			KT_ASSERT(copy);
			do_close_on_exec(copy);
			put_files_struct(copy);
			put_files_struct(files);
		}
	}
	memory_in_use(&pages, &objects);
	KT_EXPECT_EQ(pages, pages_before);
	KT_EXPECT_EQ(objects, objects_before);
}
