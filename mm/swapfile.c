/*
 * Swap areas: swapon(2) and swapoff(2), the table of areas in use, their
 * priorities and /proc/swaps, with Linux's rules and errors
 * (mm/swapfile.c there). An area is a disk (/dev/vdX) whose first page
 * holds the header mkswap wrote (mm/swap_header.c checks it). Regular
 * files are refused with EINVAL, as Linux refuses them on ramfs and
 * tmpfs, which have no blocks to swap to: every file of tkern is on one
 * of those.
 *
 * Locking: swap_lock covers the table. swapon reads the header from the
 * disk, which sleeps, so it first reserves a free entry under the lock
 * (SWP_USED: a second swapon of the same disk sees it and gets EBUSY),
 * then reads without the lock, then makes the area usable (SWP_WRITEOK).
 *
 * Relies on the block layer (kernel/block/blkdev.h) for the disk and the
 * VFS for opening the path.
 */
#include <mm/swap.h>
#include <mm/mm.h>
#include <mm/gfp.h>
#include <mm/slab.h>
#include <kernel/block/blkdev.h>
#include <kernel/fs/fs.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/printk.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>

/* Areas at once; Linux's limit is as small (32 less the entry types it reserves). */
#define MAX_SWAPFILES 32

#define SWP_USED 0x1		/* the entry is taken, maybe not ready */
#define SWP_WRITEOK 0x2		/* the area is swapped on */

struct swap_info_struct {
	unsigned int flags;
	int prio;			/* higher is used first */
	struct file *swap_file;		/* the node it was opened by, held until swapoff */
	struct gendisk *disk;
	unsigned long max;		/* pages in the area, the header's included */
	unsigned long pages;		/* usable slots: max less the header and bad pages */
	unsigned long inuse_pages;
};

static struct swap_info_struct swap_info[MAX_SWAPFILES];
static DEFINE_SPINLOCK(swap_lock);
/*
 * Areas swapped on without a priority get -2, -3, ... in turn (Linux
 * starts below -1, which it keeps for nothing); swapoff of one of them
 * moves those below it up by one.
 */
static int least_priority = -1;
static unsigned long swap_total, swap_free;

unsigned long total_swap_pages(void)
{
	return READ_ONCE(swap_total);
}

unsigned long nr_swap_pages(void)
{
	return READ_ONCE(swap_free);
}

/* The disk a swapon or swapoff names, or -EINVAL: regular files, character devices. */
static struct gendisk *swap_disk(struct file *file)
{
	struct inode *inode = file->f_inode;
	struct gendisk *disk = S_ISBLK(inode->i_mode) ? get_gendisk(inode->i_rdev) : NULL;

	return disk ? disk : ERR_PTR(-EINVAL);
}

/* Take a free entry for disk: -EBUSY when disk is an area already, -EPERM when all are taken. */
static struct swap_info_struct *reserve_swap_info(struct gendisk *disk)
{
	struct swap_info_struct *si = NULL;
	int i;

	spin_lock(&swap_lock);
	for (i = 0; i < MAX_SWAPFILES; i++) {
		if ((swap_info[i].flags & SWP_USED) && swap_info[i].disk == disk) {
			spin_unlock(&swap_lock);
			return ERR_PTR(-EBUSY);
		}
		if (!si && !(swap_info[i].flags & SWP_USED))
			si = &swap_info[i];
	}
	if (si) {
		memset(si, 0, sizeof(*si));
		si->flags = SWP_USED;
		si->disk = disk;
	}
	spin_unlock(&swap_lock);
	return si ? si : ERR_PTR(-EPERM);
}

static void release_swap_info(struct swap_info_struct *si)
{
	spin_lock(&swap_lock);
	si->flags = 0;
	si->disk = NULL;
	spin_unlock(&swap_lock);
}

/* Read and check the disk's first page: 0, -EINVAL (logged as Linux logs it) or -EIO. */
static int read_swap_header(struct swap_info_struct *si)
{
	unsigned long dev_pages = si->disk->capacity / PAGE_SECTORS;
	struct page *page = alloc_page(GFP_KERNEL);
	struct swap_area_geometry geo;
	const char *why = "Unable to find swap-space signature";
	int err = -EINVAL;

	if (!page)
		return -ENOMEM;
	if (dev_pages) {
		err = blk_rw_pages(si->disk, REQ_OP_READ, 0, &page, PAGE_SECTORS);
		if (!err)
			err = parse_swap_header(page_address(page), PAGE_SIZE, dev_pages, &geo,
						&why);
	}
	__free_page(page);
	if (err == -EINVAL)
		pr_warn("%s\n", why);
	if (err)
		return err;
	si->max = geo.maxpages;
	si->pages = geo.nr_good_pages;
	return 0;
}

/* The area is ready: give it its priority and count its pages. */
static void enable_swap_info(struct swap_info_struct *si, unsigned long swap_flags)
{
	spin_lock(&swap_lock);
	si->prio = (swap_flags & SWAP_FLAG_PREFER) ? (int)(swap_flags & SWAP_FLAG_PRIO_MASK)
						   : --least_priority;
	si->flags |= SWP_WRITEOK;
	swap_total += si->pages;
	swap_free += si->pages;
	spin_unlock(&swap_lock);
	pr_info("Adding %luk swap on %s.  Priority:%d extents:1 across:%luk\n",
		si->pages * (PAGE_SIZE / 1024), si->swap_file->f_path ? si->swap_file->f_path
		: si->disk->disk_name, si->prio, si->pages * (PAGE_SIZE / 1024));
}

/* Capabilities follow the effective uid in tkern: root has CAP_SYS_ADMIN. */
static bool capable_sys_admin(void)
{
	return current->cred.euid == 0;
}

/* The file a swapon or swapoff path names, opened as Linux opens it. */
static struct file *open_swap_file(u64 specialfile)
{
	struct file *file;
	int err;
	char *path = getname(specialfile, &err);

	if (!path)
		return ERR_PTR(err);
	file = vfs_open_at(AT_FDCWD, path, O_RDWR | O_LARGEFILE, 0);
	kfree(path);
	return file;
}

static long swapon_file(struct file *file, unsigned long swap_flags)
{
	struct gendisk *disk = swap_disk(file);
	struct swap_info_struct *si;
	int err;

	if (IS_ERR(disk))
		return PTR_ERR(disk);
	si = reserve_swap_info(disk);
	if (IS_ERR(si))
		return PTR_ERR(si);
	err = read_swap_header(si);
	if (err) {
		release_swap_info(si);
		return err;
	}
	si->swap_file = file;
	enable_swap_info(si, swap_flags);
	return 0;
}

long sys_swapon(u64 specialfile, u64 swap_flags, u64 a2 __unused, u64 a3 __unused,
		u64 a4 __unused, u64 a5 __unused)
{
	struct file *file;
	long err;

	if (swap_flags & ~(u64)SWAP_FLAGS_VALID)
		return -EINVAL;
	if (!capable_sys_admin())
		return -EPERM;
	file = open_swap_file(specialfile);
	if (IS_ERR(file))
		return PTR_ERR(file);
	err = swapon_file(file, (unsigned long)swap_flags);
	if (err)
		fput(file);
	return err;
}

/* Take the area on disk out of use (under swap_lock); NULL when disk is none. */
static struct swap_info_struct *take_swap_info(struct gendisk *disk)
{
	struct swap_info_struct *si = NULL;
	int i;

	for (i = 0; i < MAX_SWAPFILES && !si; i++)
		if ((swap_info[i].flags & SWP_WRITEOK) && swap_info[i].disk == disk)
			si = &swap_info[i];
	if (!si)
		return NULL;
	/* Areas that got their priority after this one move up into its place (Linux). */
	if (si->prio < 0) {
		for (i = 0; i < MAX_SWAPFILES; i++)
			if ((swap_info[i].flags & SWP_WRITEOK) && swap_info[i].prio < si->prio)
				swap_info[i].prio++;
		least_priority++;
	}
	swap_total -= si->pages;
	swap_free -= si->pages - si->inuse_pages;
	si->flags = 0;
	si->disk = NULL;
	return si;
}

long sys_swapoff(u64 specialfile, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
		 u64 a4 __unused, u64 a5 __unused)
{
	struct gendisk *disk;
	struct swap_info_struct *si = NULL;
	struct file *file, *swap_file = NULL;

	if (!capable_sys_admin())
		return -EPERM;
	file = open_swap_file(specialfile);
	if (IS_ERR(file))
		return PTR_ERR(file);
	disk = swap_disk(file);
	if (!IS_ERR(disk)) {
		spin_lock(&swap_lock);
		si = take_swap_info(disk);
		if (si)
			swap_file = si->swap_file;
		spin_unlock(&swap_lock);
	}
	fput(file);
	if (!si)
		return -EINVAL;
	fput(swap_file);
	return 0;
}

/* Linux pads the name to 40 columns, and keeps columns with a tab after short numbers. */
static void show_swap_area(struct seq_buf *m, const struct swap_info_struct *si)
{
	const char *name = si->swap_file->f_path ? si->swap_file->f_path : si->disk->disk_name;
	unsigned long size = si->pages * (PAGE_SIZE / 1024);
	unsigned long used = si->inuse_pages * (PAGE_SIZE / 1024);
	int len = (int)strlen(name);

	seq_buf_printf(m, "%s%*s%s\t%lu\t%s%lu\t%s%d\n", name, len < 40 ? 40 - len : 1, " ",
		       "partition", size, size < 10000000 ? "\t" : "", used,
		       used < 10000000 ? "\t" : "", si->prio);
}

void swaps_show(struct seq_buf *m)
{
	int i;

	seq_buf_printf(m, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	spin_lock(&swap_lock);
	for (i = 0; i < MAX_SWAPFILES; i++)
		if (swap_info[i].flags & SWP_WRITEOK)
			show_swap_area(m, &swap_info[i]);
	spin_unlock(&swap_lock);
}
