/*
 * Mounts: a small table of the ramfs instances in use (struct
 * super_block in kernel/fs/ramfs.h) and where they are mounted. The root
 * file system ("rootfs", the initramfs) and /proc are there from boot;
 * mount(2) adds tmpfs (and ramfs) instances on directories, and sysfs
 * ones filled with the CPU files (kernel/fs/sysfs.c), and umount2(2)
 * takes them away. Path lookup crosses mounts in ramfs itself: a covered
 * directory's i_mounted leads down to the instance's root, the root's
 * i_covers leads ".." back up.
 *
 * /proc is a directory of the root file system whose inodes belong to
 * their own instance (proc_super()): it is listed as a mount and has its
 * own st_dev and statfs answers, but cannot be unmounted.
 *
 * The table and the instances change only under vfs_lock.
 */
#include <kernel/fs/mount.h>
#include <kernel/fs/fs.h>
#include <kernel/fs/fs_syscalls.h>
#include <kernel/fs/procfs.h>
#include <kernel/fs/sysfs.h>
#include <kernel/sched.h>
#include <kernel/errno.h>
#include <kernel/uaccess.h>
#include <kernel/lib/string.h>
#include <mm/mm.h>
#include <mm/slab.h>

#define MAX_MOUNTS 16
#define TMPFS_FIRST_MINOR 0x20	/* anonymous devices 0:N, after pipefs's and proc's */
#define MOUNT_TYPE_LEN 16
#define MNT_FORCE 0x1
#define MNT_DETACH 0x2
#define MNT_EXPIRE 0x4
#define UMOUNT_NOFOLLOW 0x8

static struct super_block rootfs_sb = {
	.s_magic = TMPFS_MAGIC, .s_dev = RAMFS_DEV, .s_type = "rootfs",
};
static struct super_block proc_sb = {
	.s_magic = PROC_SUPER_MAGIC, .s_dev = PROC_DEV, .s_type = "proc",
};

/*
 * Slot i holds a mount while mnt_sb is set. Slots 0 and 1 are the root
 * file system's and /proc's, for good. A freed slot is reused, so the
 * slots are not in mount order; /proc/mounts follows mnt_seq instead, as
 * Linux lists a namespace's mounts oldest first (a mount always after
 * the one it sits on, which is what a program unmounting the last line
 * first relies on).
 */
static struct vfsmount mounts[MAX_MOUNTS];
static unsigned long mounts_made;	/* the last mnt_seq given */

static void add_boot_mount(int slot, struct super_block *sb, const char *devname)
{
	mounts[slot].mnt_id = slot + 1;
	mounts[slot].mnt_sb = sb;
	mounts[slot].mnt_flags = MS_RELATIME;
	mounts[slot].mnt_seq = ++mounts_made;
	strscpy(mounts[slot].mnt_devname, devname, sizeof(mounts[slot].mnt_devname));
}

void mnt_init(void)
{
	struct inode *root = ramfs_root();

	root->i_sb = &rootfs_sb;
	rootfs_sb.s_root = root;
	rootfs_sb.s_nr_inodes = 1;
	add_boot_mount(0, &rootfs_sb, "rootfs");
	mounts[0].mnt_flags = 0;	/* Linux shows rootfs without relatime */
	add_boot_mount(1, &proc_sb, "proc");
}

void proc_super_adopt(struct inode *proc)
{
	if (proc->i_sb)
		proc->i_sb->s_nr_inodes--;
	proc->i_sb = &proc_sb;
	proc_sb.s_root = proc;
	proc_sb.s_nr_inodes++;
}

u32 inode_dev(struct inode *inode)
{
	return inode->i_sb ? inode->i_sb->s_dev : RAMFS_DEV;
}

const struct vfsmount *inode_mount(struct inode *inode)
{
	unsigned int i;

	for (i = 0; i < MAX_MOUNTS; i++)
		if (inode->i_sb && mounts[i].mnt_sb == inode->i_sb)
			return &mounts[i];
	return NULL;
}

/* ------------------------------------------------------ /proc files */

void filesystems_show(struct seq_buf *m)
{
	seq_buf_printf(m, "nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\nnodev\tpipefs\nnodev\tramfs\n");
}

/* Linux escapes blanks, newlines and backslashes in mount paths as octal. */
static void show_escaped(struct seq_buf *m, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			seq_buf_printf(m, "\\%03o", (unsigned char)*s);
		else
			seq_buf_printf(m, "%c", *s);
	}
}

static void show_mount_flags(struct seq_buf *m, unsigned long flags)
{
	seq_buf_printf(m, "rw%s%s%s%s", flags & MS_NOSUID ? ",nosuid" : "",
		       flags & MS_NODEV ? ",nodev" : "", flags & MS_NOEXEC ? ",noexec" : "",
		       flags & MS_NOATIME ? ",noatime" :
		       flags & MS_RELATIME ? ",relatime" : "");
}

/* tmpfs's own options, where they differ from the defaults, as Linux shows them. */
static void show_tmpfs_options(struct seq_buf *m, const struct vfsmount *mnt)
{
	const struct super_block *sb = mnt->mnt_sb;

	if (mnt->mnt_size_given)
		seq_buf_printf(m, ",size=%luk", sb->s_max_pages * (PAGE_SIZE / 1024));
	if ((sb->s_root->i_mode & 07777) != 01777)
		seq_buf_printf(m, ",mode=%03o", sb->s_root->i_mode & 07777);
	if (sb->s_root->i_uid)
		seq_buf_printf(m, ",uid=%u", sb->s_root->i_uid);
	if (sb->s_root->i_gid)
		seq_buf_printf(m, ",gid=%u", sb->s_root->i_gid);
	seq_buf_printf(m, ",inode64");
}

static void show_mount(struct seq_buf *m, const struct vfsmount *mnt, char *path)
{
	const char *where = "/";

	if (mnt->mnt_sb == &proc_sb)
		where = "/proc";
	else if (mnt->mnt_mountpoint && build_dir_path(mnt->mnt_mountpoint, path, PATH_MAX) >= 0)
		where = path;
	show_escaped(m, mnt->mnt_devname);
	seq_buf_printf(m, " ");
	show_escaped(m, where);
	seq_buf_printf(m, " %s ", mnt->mnt_sb->s_type);
	show_mount_flags(m, mnt->mnt_flags);
	if (!strcmp(mnt->mnt_sb->s_type, "tmpfs"))
		show_tmpfs_options(m, mnt);
	else if (mnt->mnt_sb == &rootfs_sb)	/* Linux's rootfs is a tmpfs of default size */
		seq_buf_printf(m, ",size=%luk,nr_inodes=%lu,inode64",
			       totalram_pages() / 2 * (PAGE_SIZE / 1024), totalram_pages() / 2);
	seq_buf_printf(m, " 0 0\n");
}

/* The mount made first after the one numbered seq (0: the first); vfs_lock held. */
static const struct vfsmount *next_mount(unsigned long seq)
{
	const struct vfsmount *next = NULL;

	for (unsigned int i = 0; i < MAX_MOUNTS; i++)
		if (mounts[i].mnt_sb && mounts[i].mnt_seq > seq &&
		    (!next || mounts[i].mnt_seq < next->mnt_seq))
			next = &mounts[i];
	return next;
}

void mounts_show(struct seq_buf *m)
{
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);

	if (!path)
		return;
	spin_lock(&vfs_lock);
	for (const struct vfsmount *mnt = next_mount(0); mnt; mnt = next_mount(mnt->mnt_seq))
		show_mount(m, mnt, path);
	spin_unlock(&vfs_lock);
	kfree(path);
}

/* ------------------------------------------------------------ mount(2) */

struct mount_request {
	char type[MOUNT_TYPE_LEN];
	char devname[32];
	char *options;			/* kmalloc'd, PAGE_SIZE; "" when none */
	unsigned long flags;
	umode_t mode;
	u32 uid, gid;
	unsigned long max_pages;
	bool size_given;
};

/* A number with an optional k, m, g or % suffix, in bytes: 0 or -EINVAL. */
static int parse_size(const char *s, unsigned long *bytes)
{
	unsigned long v = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (unsigned long)(*p - '0');
	if (p == s)
		return -EINVAL;
	if (*p == 'k' || *p == 'K')
		v <<= 10;
	else if (*p == 'm' || *p == 'M')
		v <<= 20;
	else if (*p == 'g' || *p == 'G')
		v <<= 30;
	else if (*p == '%')
		v = totalram_pages() * v / 100 * PAGE_SIZE;
	else if (*p)
		return -EINVAL;
	if (*p && p[1])
		return -EINVAL;
	*bytes = v;
	return 0;
}

static int parse_number(const char *s, unsigned int base, unsigned long *value)
{
	unsigned long v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s >= '0' + (int)base)
			return -EINVAL;
		v = v * base + (unsigned long)(*s - '0');
	}
	*value = v;
	return 0;
}

/* One name=value of tmpfs's options; -EINVAL for what tmpfs does not know. */
static int parse_tmpfs_option(struct mount_request *req, char *opt)
{
	char *value = strchr(opt, '=');
	unsigned long v;

	if (value)
		*value++ = '\0';
	if (!value)
		return -EINVAL;
	if (!strcmp(opt, "size")) {
		if (parse_size(value, &v))
			return -EINVAL;
		req->max_pages = DIV_ROUND_UP(v, PAGE_SIZE);
		req->size_given = true;
		return 0;
	}
	if (parse_number(value, !strcmp(opt, "mode") ? 8 : 10, &v))
		return -EINVAL;
	if (!strcmp(opt, "mode"))
		req->mode = (umode_t)(v & 07777);
	else if (!strcmp(opt, "uid"))
		req->uid = (u32)v;
	else if (!strcmp(opt, "gid"))
		req->gid = (u32)v;
	else
		return -EINVAL;
	return 0;
}

/* ramfs ignores options it does not know, as Linux's does; tmpfs refuses them. */
static int parse_options(struct mount_request *req)
{
	bool tmpfs = !strcmp(req->type, "tmpfs");
	char *opt = req->options, *comma;
	int err;

	if (!strcmp(req->type, "sysfs")) {
		req->mode = 0555;	/* Linux's /sys; it takes no options tkern knows */
		return 0;
	}
	req->mode = tmpfs ? 01777 : 0755;
	while (*opt) {
		comma = strchr(opt, ',');
		if (comma)
			*comma = '\0';
		err = *opt ? parse_tmpfs_option(req, opt) : 0;
		if (err && tmpfs)
			return err;
		if (!comma)
			break;
		opt = comma + 1;
	}
	if (!tmpfs)
		req->max_pages = 0;
	return 0;
}

static int free_slot(void)
{
	int i;

	for (i = 2; i < MAX_MOUNTS; i++)
		if (!mounts[i].mnt_sb)
			return i;
	return -ENOMEM;
}

static void set_sb_type(struct super_block *sb, const char *type)
{
	if (!strcmp(type, "tmpfs")) {
		sb->s_type = "tmpfs";
		sb->s_magic = TMPFS_MAGIC;
	} else if (!strcmp(type, "sysfs")) {
		sb->s_type = "sysfs";
		sb->s_magic = SYSFS_MAGIC;
	} else {
		sb->s_type = "ramfs";
		sb->s_magic = RAMFS_MAGIC;
	}
}

/* Mount a new instance on dir. vfs_lock held. */
static int do_new_mount(struct mount_request *req, struct inode *dir)
{
	struct super_block *sb;
	struct inode *root;
	int slot = free_slot();

	if (dir->i_mounted || dir->i_covers || dir == ramfs_root() || dir->i_op)
		return -EBUSY;
	if (slot < 0)
		return slot;
	sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	root = sb ? ramfs_new_root(req->mode, sb) : NULL;
	if (!root) {
		kfree(sb);
		return -ENOMEM;
	}
	set_sb_type(sb, req->type);
	if (sb->s_magic == SYSFS_MAGIC && sysfs_fill(root)) {
		ramfs_kill_root(root);
		kfree(sb);
		return -ENOMEM;
	}
	sb->s_dev = MKDEV(0, TMPFS_FIRST_MINOR + (u32)slot);
	sb->s_max_pages = req->max_pages;
	root->i_uid = req->uid;
	root->i_gid = req->gid;
	ramfs_iget(dir);
	dir->i_mounted = root;
	root->i_covers = dir;
	mounts[slot] = (struct vfsmount){
		.mnt_id = slot + 1, .mnt_sb = sb,
		.mnt_mountpoint = dir, .mnt_flags = req->flags, .mnt_size_given = req->size_given,
		.mnt_seq = ++mounts_made,
	};
	strscpy(mounts[slot].mnt_devname, req->devname, sizeof(mounts[slot].mnt_devname));
	return 0;
}

/* Strings from user space: type (needed), source and data (may be NULL). */
static int copy_mount_strings(struct mount_request *req, u64 source, u64 type, u64 data)
{
	long len = strncpy_from_user(req->type, type, sizeof(req->type));

	if (len == -EFAULT)
		return -EFAULT;
	if (len < 0 || len == sizeof(req->type))
		return -ENODEV;
	strscpy(req->devname, "none", sizeof(req->devname));	/* Linux's name for no source */
	if (source) {
		len = strncpy_from_user(req->devname, source, sizeof(req->devname));
		if (len == -EFAULT)
			return -EFAULT;
		req->devname[sizeof(req->devname) - 1] = '\0';
	}
	req->options = kzalloc(PAGE_SIZE, GFP_KERNEL);
	if (!req->options)
		return -ENOMEM;
	if (data && strncpy_from_user(req->options, data, PAGE_SIZE) == -EFAULT)
		return -EFAULT;
	req->options[PAGE_SIZE - 1] = '\0';
	return 0;
}

#define MOUNT_FLAGS_KEPT (MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_RELATIME)

/*
 * The flags tkern honours: the ones it shows; MS_SILENT and MS_NODIRATIME
 * change nothing here. Read-only mounts, remounts, bind and move mounts
 * and propagation changes are not written: -EINVAL.
 */
static int check_mount_flags(unsigned long *flags)
{
	if ((*flags & MS_MGC_MSK) == MS_MGC_VAL)
		*flags &= ~(unsigned long)MS_MGC_MSK;
	if (*flags & ~(unsigned long)(MOUNT_FLAGS_KEPT | MS_SILENT | MS_NODIRATIME))
		return -EINVAL;
	if (!(*flags & MS_NOATIME))
		*flags |= MS_RELATIME;	/* Linux's default */
	*flags &= MOUNT_FLAGS_KEPT;
	return 0;
}

static int mount_on(struct mount_request *req, struct inode *dir)
{
	int err;

	if (current->cred.euid != 0)
		return -EPERM;
	err = check_mount_flags(&req->flags);
	if (err)
		return err;
	if (!strcmp(req->type, "proc"))
		return 0;	/* /proc is there from boot, wherever it is asked for */
	if (strcmp(req->type, "tmpfs") && strcmp(req->type, "ramfs") && strcmp(req->type, "sysfs"))
		return -ENODEV;
	err = parse_options(req);
	if (err)
		return err;
	spin_lock(&vfs_lock);
	err = do_new_mount(req, dir);
	spin_unlock(&vfs_lock);
	return err;
}

long sys_mount(u64 source, u64 utarget, u64 utype, u64 flags, u64 data, u64 a5 __unused)
{
	struct mount_request req = { .flags = flags };
	struct inode *dir = NULL;
	char *target = NULL;
	int err = copy_mount_strings(&req, source, utype, data);

	if (!err)
		target = getname(utarget, &err);
	if (target)
		err = vfs_lookup_at(AT_FDCWD, target, LOOKUP_FOLLOW, &dir);
	if (!err && !S_ISDIR(dir->i_mode))
		err = -ENOTDIR;
	if (!err)
		err = mount_on(&req, dir);
	if (dir)
		vfs_iput(dir);
	kfree(target);
	kfree(req.options);
	return err;
}

/* ---------------------------------------------------------- umount2(2) */

/* The mount whose root is root, or NULL. vfs_lock held. */
static struct vfsmount *mount_of_root(struct inode *root)
{
	unsigned int i;

	for (i = 2; i < MAX_MOUNTS; i++)
		if (mounts[i].mnt_sb && mounts[i].mnt_sb->s_root == root)
			return &mounts[i];
	return NULL;
}

/* vfs_lock held; root is borrowed (not held by the caller). */
static int do_umount(struct inode *root)
{
	struct vfsmount *mnt = mount_of_root(root);
	struct super_block *sb;
	struct inode *dir;

	if (!mnt)
		return root == ramfs_root() ? -EBUSY : -EINVAL;
	sb = mnt->mnt_sb;
	if (sb->s_users > 1 || root->i_mounted)
		return -EBUSY;	/* open files, working directories, mounts inside */
	dir = root->i_covers;
	dir->i_mounted = NULL;
	root->i_covers = NULL;
	ramfs_kill_root(root);
	ramfs_iput(dir);
	kfree(sb);
	memset(mnt, 0, sizeof(*mnt));
	return 0;
}

long sys_umount2(u64 utarget, u64 flags, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
		 u64 a5 __unused)
{
	struct inode *start, *root;
	char *target;
	int err;

	if (flags & ~(u64)(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if ((flags & MNT_EXPIRE) && (flags & (MNT_FORCE | MNT_DETACH)))
		return -EINVAL;
	target = getname(utarget, &err);
	if (!target)
		return err;
	err = start_dir(AT_FDCWD, target, &start);
	if (!err) {
		spin_lock(&vfs_lock);
		err = ramfs_lookup(start, target, flags & UMOUNT_NOFOLLOW ? 0 : LOOKUP_FOLLOW, &root);
		if (!err)
			err = current->cred.euid != 0 ? -EPERM : do_umount(root);
		spin_unlock(&vfs_lock);
	}
	kfree(target);
	return err;
}
