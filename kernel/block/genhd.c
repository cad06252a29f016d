/*
 * The disks the drivers added: lookup by device number and by name,
 * /proc/partitions and the block half of /proc/devices in Linux's
 * formats, and their /dev nodes. Disks are added at boot, before rootfs
 * makes /dev and before the first process, and never go away: the list
 * is read without a lock.
 */
#include <kernel/block/blkdev.h>
#include <kernel/fs/fs.h>
#include <kernel/fs/stat.h>
#include <kernel/lib/string.h>
#include <kernel/errno.h>
#include <kernel/printk.h>

static LIST_HEAD(all_disks);

void add_disk(struct gendisk *disk)
{
	list_add_tail(&disk->list, &all_disks);
}

static u32 disk_devt(const struct gendisk *disk)
{
	return MKDEV(disk->major, disk->first_minor);
}

struct gendisk *get_gendisk(u32 dev)
{
	struct gendisk *disk;

	list_for_each_entry(disk, &all_disks, list)
		if (disk_devt(disk) == dev)
			return disk;
	return NULL;
}

struct gendisk *get_gendisk_by_name(const char *name)
{
	struct gendisk *disk;

	list_for_each_entry(disk, &all_disks, list)
		if (!strcmp(disk->disk_name, name))
			return disk;
	return NULL;
}

/*
 * Linux's show_partition: 1 KiB blocks, disks without capacity left out,
 * and nothing at all, not even the header, on a machine without disks.
 */
void partitions_show(struct seq_buf *m)
{
	struct gendisk *disk;

	if (!list_empty(&all_disks))
		seq_buf_printf(m, "major minor  #blocks  name\n\n");
	list_for_each_entry(disk, &all_disks, list)
		if (disk->capacity)
			seq_buf_printf(m, "%4u  %7u %10llu %s\n", disk->major, disk->first_minor,
				       (unsigned long long)disk->capacity >> 1, disk->disk_name);
}

void blkdev_show(struct seq_buf *m)
{
	if (!list_empty(&all_disks))
		seq_buf_printf(m, "%3u virtblk\n", VIRTBLK_MAJOR);
}

/* 0600 root: what Linux's devtmpfs gives a disk when no udev changes it. */
void disk_make_nodes(struct inode *dev)
{
	struct gendisk *disk;
	int err;

	list_for_each_entry(disk, &all_disks, list) {
		err = ramfs_mknod(dev, disk->disk_name, S_IFBLK | 0600, disk_devt(disk), NULL);
		if (err && err != -EEXIST)
			pr_warn("vfs: cannot make /dev/%s (error %d)\n", disk->disk_name, err);
	}
}
