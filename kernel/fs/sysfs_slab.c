/*
 * /sys/kernel/slab/<cache>/: the counters of Linux's CONFIG_SLUB_STATS
 * (alloc_fastpath, alloc_slowpath, free_fastpath, free_slowpath,
 * alloc_slab, free_slab), one directory per cache that exists when sysfs
 * is mounted. Allocations minus frees is the exact number of a cache's
 * objects in use, which /proc/slabinfo cannot give (it counts the objects
 * on every CPU's own slabs as active): the test programs' leak checks
 * read it (tests/user/slabcount.h).
 *
 * A debug cache (slub_debug: every letter stores the callers) also has
 * alloc_calls, its objects in use counted by the code that allocated
 * them (Linux's file of that name, now debugfs's alloc_traces).
 *
 * A file's id is its cache's address with the counter (or ALLOC_CALLS)
 * in the low bits (caches are cache-line aligned); mm/slab_common.c
 * checks at open that the cache still exists. Relies on the procfs
 * helpers for the tree.
 */
#include <kernel/fs/sysfs.h>
#include <kernel/fs/procfs.h>
#include <kernel/errno.h>
#include <mm/slab.h>

#define ITEM_MASK (L1_CACHE_BYTES - 1)
#define ALLOC_CALLS NR_SLUB_STAT_ITEMS	/* the item after the counters */

static int slab_file_show(struct seq_buf *m, long id)
{
	struct kmem_cache *s = (struct kmem_cache *)(id & ~(long)ITEM_MASK);
	long item = id & ITEM_MASK;

	if (item == ALLOC_CALLS)
		return slab_alloc_calls_show_live(m, s);
	return slab_stat_show_live(m, s, (enum stat_item)item);
}

/* Linux makes the statistics files root's alone (0600); writing them is not kept here. */
static int slab_file_open(struct inode *inode, struct file *file)
{
	if (file->f_mode & FMODE_WRITE)
		return -EACCES;
	return proc_open_text(file, slab_file_show, (long)inode->i_private);
}

static const struct file_operations slab_file_fops = {
	.open = slab_file_open,
	PROC_TEXT_OPS,
};

static int add_cache_dir(struct kmem_cache *s, void *slab_dir)
{
	struct inode *dir = proc_mkdir(slab_dir, s->name, 0755);
	int item;

	if (!dir)
		return -ENOMEM;
	for (item = 0; item < NR_SLUB_STAT_ITEMS; item++)
		if (!proc_create(dir, slub_stat_name(item), S_IFREG | 0400, &slab_file_fops,
				 (long)s | item))
			return -ENOMEM;
	if ((s->flags & SLAB_DEBUG_FLAGS) &&
	    !proc_create(dir, "alloc_calls", S_IFREG | 0400, &slab_file_fops, (long)s | ALLOC_CALLS))
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
