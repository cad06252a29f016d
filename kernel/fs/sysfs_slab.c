/*
 * /sys/kernel/slab/<cache>/: the counters of Linux's CONFIG_SLUB_STATS
 * (alloc_fastpath, alloc_slowpath, free_fastpath, free_slowpath,
 * alloc_slab, free_slab), one directory per cache that exists when sysfs
 * is mounted. Allocations minus frees is the exact number of a cache's
 * objects in use, which /proc/slabinfo cannot give (it counts the objects
 * on every CPU's own slabs as active): the test programs' leak checks
 * read it (tests/user/slabcount.h).
 *
 * A file's id is its cache's address with the counter in the low bits
 * (caches are cache-line aligned); mm/slab_common.c checks at open that
 * the cache still exists. Relies on the procfs helpers for the tree.
 */
#include <kernel/fs/sysfs.h>
#include <kernel/fs/procfs.h>
#include <kernel/errno.h>
#include <mm/slab.h>

#define ITEM_MASK (L1_CACHE_BYTES - 1)

static int slab_stat_file_show(struct seq_buf *m, long id)
{
	return slab_stat_show_live(m, (struct kmem_cache *)(id & ~(long)ITEM_MASK),
				   (enum stat_item)(id & ITEM_MASK));
}

/* Linux makes the statistics files root's alone (0600); writing them is not kept here. */
static int slab_stat_open(struct inode *inode, struct file *file)
{
	if (file->f_mode & FMODE_WRITE)
		return -EACCES;
	return proc_open_text(file, slab_stat_file_show, (long)inode->i_private);
}

static const struct file_operations slab_stat_fops = {
	.open = slab_stat_open,
	PROC_TEXT_OPS,
};

static int add_cache_dir(struct kmem_cache *s, void *slab_dir)
{
	struct inode *dir = proc_mkdir(slab_dir, s->name, 0755);
	int item;

	if (!dir)
		return -ENOMEM;
	for (item = 0; item < NR_SLUB_STAT_ITEMS; item++)
		if (!proc_create(dir, slub_stat_name(item), S_IFREG | 0400, &slab_stat_fops,
				 (long)s | item))
			return -ENOMEM;
	return 0;
}

int sysfs_slab_fill(struct inode *root)
{
	struct inode *kernel = proc_mkdir(root, "kernel", 0755);
	struct inode *slab = kernel ? proc_mkdir(kernel, "slab", 0755) : NULL;

	if (!slab)
		return -ENOMEM;
	return for_each_slab_cache(add_cache_dir, slab);
}
