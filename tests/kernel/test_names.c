/*
 * Names from inside the kernel: a FIFO's ring hung on its inode from the
 * first open to the last close, and thousands of renames, exchanges,
 * links, FIFO and O_TMPFILE opens leaving pages, slab objects and ramfs inodes as
 * they were. The errnos are compared with Linux by tests/user/names.c,
 * fifo.c and nodes.c; these tests check what user space cannot see.
 */
#include <kernel/ktest.h>
#include <kernel/fs/fs.h>
#include <kernel/errno.h>
#include <mm/slab.h>

static void memory_in_use(unsigned long *pages, unsigned long *objects)
{
	unsigned long areas, slab_pages;

	ktest_memory_in_use(pages, &areas);
	slab_totals(objects, &slab_pages);
}

static int locked(int (*op)(struct inode *, const char *), const char *path)
{
	int err;

	spin_lock(&vfs_lock);
	err = op(ramfs_root(), path);
	spin_unlock(&vfs_lock);
	return err;
}

static int mkfifo_at_root(const char *path)
{
	int err;

	spin_lock(&vfs_lock);
	err = ramfs_mknod(ramfs_root(), path, S_IFIFO | 0600, 0, NULL);
	spin_unlock(&vfs_lock);
	return err;
}

KTEST(names, fifo_ring_lives_from_first_open_to_last_close)
{
	struct file *rd, *wr;
	struct inode *inode;

	KT_ASSERT_EQ(mkfifo_at_root("/ktest-fifo"), 0);
	KT_ASSERT_EQ(vfs_lookup_at(AT_FDCWD, "/ktest-fifo", 0, &inode), 0);
	KT_EXPECT(inode->i_pipe == NULL);
	KT_EXPECT_EQ(PTR_ERR(vfs_open_at(AT_FDCWD, "/ktest-fifo", O_WRONLY | O_NONBLOCK, 0)),
		     -ENXIO);
	KT_EXPECT(inode->i_pipe == NULL);
	rd = vfs_open_at(AT_FDCWD, "/ktest-fifo", O_RDONLY | O_NONBLOCK, 0);
	KT_ASSERT(!IS_ERR(rd));
	KT_EXPECT(inode->i_pipe != NULL);
	wr = vfs_open_at(AT_FDCWD, "/ktest-fifo", O_WRONLY | O_NONBLOCK, 0);
	KT_ASSERT(!IS_ERR(wr));
	KT_EXPECT(wr->private_data == rd->private_data);
	fput(rd);
	KT_EXPECT(inode->i_pipe != NULL);
	fput(wr);
	KT_EXPECT(inode->i_pipe == NULL);
	KT_EXPECT_EQ(locked(ramfs_unlink, "/ktest-fifo"), 0);
	vfs_iput(inode);
}

/* One round of every kind of name change (an O_TMPFILE given a name too), ending with the tree as it began: 0 if all worked. */
static int churn_names(void)
{
	struct inode *root = ramfs_root(), *file = NULL;
	struct file *fifo, *tmp;
	int err;

	spin_lock(&vfs_lock);
	err = ramfs_mkdir(root, "/kt-a", 0755);
	err |= ramfs_mkdir(root, "/kt-a/sub", 0755);
	err |= ramfs_mkdir(root, "/kt-b", 0755);
	err |= ramfs_mknod(root, "/kt-a/f", S_IFREG | 0644, 0, &file);
	if (file)
		ramfs_write(file, "data", 4, 8000);
	err |= ramfs_link(file, root, "/kt-b/g");
	err |= ramfs_mknod(root, "/kt-b/h", S_IFREG | 0644, 0, NULL);
	err |= ramfs_rename(root, "/kt-a/f", root, "/kt-b/h", 0);
	err |= ramfs_rename(root, "/kt-a/sub", root, "/kt-b/sub", RENAME_NOREPLACE);
	err |= ramfs_mkdir(root, "/kt-a/empty", 0755);
	err |= ramfs_rename(root, "/kt-b/sub", root, "/kt-a/empty", 0);
	err |= ramfs_rename(root, "/kt-a", root, "/kt-b", RENAME_EXCHANGE);
	err |= ramfs_mknod(root, "/kt-b/fifo", S_IFIFO | 0600, 0, NULL);
	spin_unlock(&vfs_lock);
	fifo = vfs_open_at(AT_FDCWD, "/kt-b/fifo", O_RDWR, 0);
	if (IS_ERR(fifo))
		err |= PTR_ERR(fifo);
	else
		fput(fifo);
	tmp = vfs_open_at(AT_FDCWD, "/kt-b", O_TMPFILE | O_RDWR, 0600);
	if (IS_ERR(tmp)) {
		err |= PTR_ERR(tmp);
	} else {
		spin_lock(&vfs_lock);
		ramfs_write(tmp->f_inode, "temporary", 9, 0);
		err |= ramfs_link(tmp->f_inode, root, "/kt-b/tmp");
		spin_unlock(&vfs_lock);
		fput(tmp);
	}
	spin_lock(&vfs_lock);
	err |= ramfs_remove_tree(root, "kt-a");
	err |= ramfs_remove_tree(root, "kt-b");
	spin_unlock(&vfs_lock);
	return err;
}

KTEST(names, thousands_of_renames_links_and_fifos_leave_nothing_behind)
{
	unsigned long pages_before, objects_before, inodes_before, pages, objects;
	int i;

	KT_ASSERT_EQ(churn_names(), 0);	/* the first round fills the caches */
	memory_in_use(&pages_before, &objects_before);
	inodes_before = ramfs_nr_inodes();
	for (i = 0; i < 2000; i++)
		KT_ASSERT_EQ(churn_names(), 0);
	memory_in_use(&pages, &objects);
	KT_EXPECT_EQ(ramfs_nr_inodes(), inodes_before);
	KT_EXPECT_EQ(pages, pages_before);
	KT_EXPECT_EQ(objects, objects_before);
}
