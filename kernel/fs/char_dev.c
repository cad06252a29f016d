/*
 * Character devices by number: which file operations a device node's
 * i_rdev stands for (Linux's major/minor numbers), /proc/devices, and the
 * nodes of /dev and links that rootfs_init() makes when the initramfs has
 * none, the disks' among them (kernel/block/genhd.c).
 */
#include <kernel/fs/fs.h>
#include <kernel/fs/procfs.h>
#include <kernel/lib/string.h>
#include <kernel/fs/tty.h>
#include <kernel/block/blkdev.h>
#include <kernel/errno.h>
#include <kernel/printk.h>

extern const struct file_operations null_fops, zero_fops, full_fops, random_fops, mapdrv_fops;

/*
 * By major number, as /proc/devices lists them; region is the name the
 * driver registered its numbers under in Linux (one for all of mem's).
 */
static const struct {
	const char *name;	/* in /dev */
	u32 major, minor;
	umode_t mode;
	const struct file_operations *fops;
	const char *region;
} chrdevs[] = {
	{ "null", 1, 3, 0666, &null_fops, "mem" },
	{ "zero", 1, 5, 0666, &zero_fops, "mem" },
	{ "full", 1, 7, 0666, &full_fops, "mem" },
	{ "random", 1, 8, 0666, &random_fops, "mem" },
	{ "urandom", 1, 9, 0666, &random_fops, "mem" },
	{ "tty", 5, 0, 0666, &tty_fops, "/dev/tty" },
	{ "console", 5, 1, 0600, &console_fops, "/dev/console" },
	/* The PL011 UART under Linux's name for it: the same terminal as the console. */
	{ "ttyAMA0", 204, 64, 0620, &tty_fops, "ttyAMA" },
	/* The course material's driver (kernel/fs/mapdrv.c), at its major. */
	{ "mapdrv", 254, 0, 0666, &mapdrv_fops, "mapdrv" },
};

const struct file_operations *chrdev_fops(u32 rdev)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(chrdevs); i++)
		if (MKDEV(chrdevs[i].major, chrdevs[i].minor) == rdev)
			return chrdevs[i].fops;
	return NULL;
}

/*
 * /proc/devices in Linux's format: each registered major with its name,
 * then the block devices'.
 */
void devices_show(struct seq_buf *m)
{
	unsigned int i;

	seq_buf_printf(m, "Character devices:\n");
	for (i = 0; i < ARRAY_SIZE(chrdevs); i++) {
		if (i && chrdevs[i].major == chrdevs[i - 1].major &&
		    !strcmp(chrdevs[i].region, chrdevs[i - 1].region))
			continue;
		seq_buf_printf(m, "%3u %s\n", chrdevs[i].major, chrdevs[i].region);
	}
	seq_buf_printf(m, "\nBlock devices:\n");
	blkdev_show(m);
}

/* The links of Linux's /dev into the reader's descriptors (udev and devtmpfs make them). */
static const struct {
	const char *name, *target;
} dev_links[] = {
	{ "fd", "/proc/self/fd" },
	{ "stdin", "/proc/self/fd/0" },
	{ "stdout", "/proc/self/fd/1" },
	{ "stderr", "/proc/self/fd/2" },
};

/* /dev, its nodes and links, each unless the initramfs brought it. vfs_lock held. */
void chrdev_make_nodes(void)
{
	struct inode *root = ramfs_root(), *dev;
	unsigned int i;
	int err = ramfs_mkdir(root, "/dev", 0755);

	if (err && err != -EEXIST)
		pr_warn("vfs: cannot make /dev (error %d)\n", err);
	if (ramfs_lookup(root, "/dev", LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &dev))
		return;
	for (i = 0; i < ARRAY_SIZE(chrdevs); i++) {
		err = ramfs_mknod(dev, chrdevs[i].name, S_IFCHR | chrdevs[i].mode,
				  MKDEV(chrdevs[i].major, chrdevs[i].minor), NULL);
		if (err && err != -EEXIST)
			pr_warn("vfs: cannot make /dev/%s (error %d)\n", chrdevs[i].name, err);
	}
	disk_make_nodes(dev);
	for (i = 0; i < ARRAY_SIZE(dev_links); i++) {
		err = ramfs_symlink(dev_links[i].target, dev, dev_links[i].name);
		if (err && err != -EEXIST)
			pr_warn("vfs: cannot make /dev/%s (error %d)\n", dev_links[i].name, err);
	}
}
