/*
 * The root file system: an empty ramfs, filled from the initramfs the boot
 * loader handed over (the device tree's /chosen/linux,initrd-start/-end).
 * Also the one helper everything that reads a whole file needs today
 * (the monitor, the tests; later execve).
 */
#include <kernel/rootfs.h>
#include <kernel/machine.h>
#include <kernel/initramfs.h>
#include <kernel/printk.h>
#include <kernel/errno.h>
#include <mm/vmalloc.h>

void rootfs_init(void)
{
	size_t size = machine.initrd.end - machine.initrd.start;
	int err;

	if (ramfs_init())
		panic("rootfs: no memory for the root directory");
	if (size == 0) {
		pr_info("rootfs: no initramfs; / is empty\n");
		return;
	}
	err = initramfs_unpack(__va(machine.initrd.start), size);
	if (err)
		pr_err("rootfs: initramfs at %#llx (%zu bytes) is damaged (error %d); kept what came before\n",
		       (unsigned long long)machine.initrd.start, size, err);
	pr_info("rootfs: unpacked %zu bytes of initramfs, %lu inodes\n", size,
		ramfs_nr_inodes());
}

void *read_whole_file(const char *path, size_t *size)
{
	struct inode *inode;
	void *data;
	long got;
	int err = ramfs_lookup(ramfs_root(), path, LOOKUP_FOLLOW, &inode);

	if (err)
		return ERR_PTR(err);
	if (!S_ISREG(inode->i_mode))
		return ERR_PTR(S_ISDIR(inode->i_mode) ? -EISDIR : -EACCES);
	data = kvmalloc(inode->i_size);
	if (!data)
		return ERR_PTR(-ENOMEM);
	got = ramfs_read(inode, data, inode->i_size, 0);
	if (got < 0) {
		kvfree(data);
		return ERR_PTR(got);
	}
	*size = (size_t)got;
	return data;
}
