/*
 * sysfs, the little of it that programs look for: `mount -t sysfs sysfs
 * /sys` makes a read-only tree with /sys/devices/system/cpu/online,
 * possible, present and offline (Linux's CPU lists, "0-3") and a cpuN
 * directory per possible CPU, and the slab statistics of
 * /sys/kernel/slab (kernel/fs/sysfs_slab.c). glibc counts CPUs from these:
 * get_nprocs() and sysconf(_SC_NPROCESSORS_ONLN) read online,
 * get_nprocs_conf() and _SC_NPROCESSORS_CONF count the cpuN directories.
 *
 * It is built as /proc is (kernel/fs/procfs.c): a ramfs instance whose
 * directories are the kernel's and whose files make their text at open
 * (proc_open_text). kernel/fs/namespace.c makes the instance at mount
 * and calls sysfs_fill; umount frees it like a tmpfs.
 */
#include <kernel/fs/sysfs.h>
#include <kernel/fs/procfs.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/lib/bitmap.h>

enum cpu_list { CPU_ONLINE, CPU_POSSIBLE, CPU_PRESENT, CPU_OFFLINE };

static const char *const cpu_list_names[] = {
	[CPU_ONLINE] = "online", [CPU_POSSIBLE] = "possible",
	[CPU_PRESENT] = "present", [CPU_OFFLINE] = "offline",
};

/* Every CPU in the device tree is possible and present: tkern has no CPU hotplug. */
static int cpu_list_show(struct seq_buf *m, long which)
{
	unsigned long possible = cpu_possible_mask();
	unsigned long online = cpu_online_mask();

	if (which == CPU_ONLINE)
		seq_buf_bitmap_list(m, online);
	else if (which == CPU_OFFLINE)
		seq_buf_bitmap_list(m, possible & ~online);
	else
		seq_buf_bitmap_list(m, possible);
	seq_buf_printf(m, "\n");
	return 0;
}

/* Linux's kernfs refuses to open a file without a store method for writing, root too. */
static int cpu_list_open(struct inode *inode, struct file *file)
{
	if (file->f_mode & FMODE_WRITE)
		return -EACCES;
	return proc_open_text(file, cpu_list_show, (long)inode->i_private);
}

static const struct file_operations cpu_list_fops = {
	.open = cpu_list_open,
	PROC_TEXT_OPS,
};

/* Linux's sysfs directories are rwxr-xr-x, its read-only files r--r--r--. */
static struct inode *sysfs_cpu_dir(struct inode *root)
{
	struct inode *dir = proc_mkdir(root, "devices", 0755);

	dir = dir ? proc_mkdir(dir, "system", 0755) : NULL;
	return dir ? proc_mkdir(dir, "cpu", 0755) : NULL;
}

int sysfs_fill(struct inode *root)
{
	struct inode *cpu = sysfs_cpu_dir(root);
	char name[16];
	unsigned int i;

	proc_mark_kernel_dir(root);
	if (!cpu)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(cpu_list_names); i++)
		if (!proc_create(cpu, cpu_list_names[i], S_IFREG | 0444, &cpu_list_fops, (long)i))
			return -ENOMEM;
	for (i = 0; i < nr_cpus_possible; i++) {
		snprintf(name, sizeof(name), "cpu%u", i);
		if (!proc_mkdir(cpu, name, 0755))
			return -ENOMEM;
	}
	return sysfs_slab_fill(root);
}
