/*
 * The root file system: an empty ramfs, filled from the initramfs the boot
 * loader handed over (the device tree's /chosen/linux,initrd-start/-end),
 * plus /dev and /proc when the archive lacks them. Also the helpers
 * execve needs: reading a whole file, the exec permission check, and the
 * program's path for /proc/<pid>/exe. Relative paths start at the
 * running task's working directory.
 */
#include <kernel/fs/rootfs.h>
#include <kernel/machine.h>
#include <kernel/fs/initramfs.h>
#include <kernel/printk.h>
#include <kernel/errno.h>
#include <kernel/fs/fs.h>
#include <kernel/fs/procfs.h>
#include <kernel/fs/permission.h>
#include <kernel/fs/mount.h>
#include <kernel/sched.h>
#include <kernel/lib/string.h>
#include <mm/vmalloc.h>
#include <mm/slab.h>

void chrdev_make_nodes(void);

void rootfs_init(void)
{
	size_t size = machine.initrd.end - machine.initrd.start;
	unsigned long freed;
	int err;

	if (ramfs_init())
		panic("rootfs: no memory for the root directory");
	mnt_init();
	files_cache_init();
	if (size == 0) {
		pr_info("rootfs: no initramfs; / is empty\n");
	} else {
		freed = initramfs_unpack_in_place(__va(machine.initrd.start), size, &err);
		if (err)
			pr_err("rootfs: initramfs at %#llx (%zu bytes) is damaged (error %d); kept what came before\n",
			       (unsigned long long)machine.initrd.start, size, err);
		pr_info("rootfs: unpacked %zu bytes of initramfs, %lu inodes\n", size,
			ramfs_nr_inodes());
		pr_info("Freeing initrd memory: %luK\n",
			freed * (PAGE_SIZE / 1024));
	}
	spin_lock(&vfs_lock);
	chrdev_make_nodes();
	proc_init();
	spin_unlock(&vfs_lock);
}

/*
 * The contents of a held regular file, into a kvmalloc'd buffer. The
 * size is read once: another task may grow the file between the
 * allocation and the read, which then stops at the buffer's end (a
 * file that shrank meanwhile reads short, as read(2) would).
 */
static void *read_inode(struct inode *inode, size_t *size)
{
	size_t room = (size_t)READ_ONCE(inode->i_size);
	void *data = kvmalloc(room);
	long got;

	if (!data)
		return ERR_PTR(-ENOMEM);
	spin_lock(&vfs_lock);
	got = ramfs_read(inode, data, room, 0);
	spin_unlock(&vfs_lock);
	if (got < 0) {
		kvfree(data);
		return ERR_PTR(got);
	}
	*size = (size_t)got;
	return data;
}

void *read_whole_file(const char *path, size_t *size)
{
	struct inode *inode;
	void *data;
	int err = vfs_lookup_at(AT_FDCWD, path, LOOKUP_FOLLOW, &inode);

	if (err)
		return ERR_PTR(err);
	if (S_ISREG(inode->i_mode))
		data = read_inode(inode, size);
	else
		data = ERR_PTR(S_ISDIR(inode->i_mode) ? -EISDIR : -EACCES);
	vfs_iput(inode);
	return data;
}

static bool on_noexec_mount(struct inode *inode)
{
	const struct vfsmount *mnt;
	bool noexec;

	spin_lock(&vfs_lock);
	mnt = inode_mount(inode);
	noexec = mnt && (mnt->mnt_flags & MS_NOEXEC);
	spin_unlock(&vfs_lock);
	return noexec;
}

int may_exec(const char *path)
{
	struct inode *inode;
	int err = vfs_lookup_at(AT_FDCWD, path, LOOKUP_FOLLOW, &inode);

	if (err)
		return err;
	if (!S_ISREG(inode->i_mode) || on_noexec_mount(inode))
		err = -EACCES;
	else
		err = inode_permission(inode, MAY_EXEC);
	vfs_iput(inode);
	return err;
}

void set_exe_path(struct task_struct *task, const char *path)
{
	char *abs = absolute_path(NULL, path);

	strscpy(task->exe_path, abs ? abs : path, sizeof(task->exe_path));
	kfree(abs);
}
