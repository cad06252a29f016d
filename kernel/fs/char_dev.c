/*
 * Character devices by number: which file operations a device node's
 * i_rdev stands for (Linux's major/minor numbers), and the nodes of /dev
 * and links that rootfs_init() makes when the initramfs has none.
 */
#include <kernel/fs/fs.h>
#include <kernel/fs/tty.h>
#include <kernel/errno.h>
#include <kernel/printk.h>

extern const struct file_operations null_fops, zero_fops, full_fops, random_fops;

static const struct {
	const char *name;	/* in /dev */
	u32 major, minor;
	umode_t mode;
	const struct file_operations *fops;
} chrdevs[] = {
	{ "null", 1, 3, 0666, &null_fops },
	{ "zero", 1, 5, 0666, &zero_fops },
	{ "full", 1, 7, 0666, &full_fops },
	{ "random", 1, 8, 0666, &random_fops },
	{ "urandom", 1, 9, 0666, &random_fops },
	{ "tty", 5, 0, 0666, &tty_fops },
	{ "console", 5, 1, 0600, &console_fops },
	/* The PL011 UART under Linux's name for it: the same terminal as the console. */
	{ "ttyAMA0", 204, 64, 0620, &tty_fops },
};

const struct file_operations *chrdev_fops(u32 rdev)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(chrdevs); i++)
		if (MKDEV(chrdevs[i].major, chrdevs[i].minor) == rdev)
			return chrdevs[i].fops;
	return NULL;
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
	for (i = 0; i < ARRAY_SIZE(dev_links); i++) {
		err = ramfs_symlink(dev_links[i].target, dev, dev_links[i].name);
		if (err && err != -EEXIST)
			pr_warn("vfs: cannot make /dev/%s (error %d)\n", dev_links[i].name, err);
	}
}
