/*
 * The initramfs unpacker: each cpio member becomes a ramfs inode with the
 * member's mode, owner and mtime (also its atime). It does what Linux's init/initramfs.c
 * does with the same archive:
 *  - names are paths from the root ("./bin/sh", "bin/sh" and "/bin/sh"
 *    are the same); parent directories are not created, so a member
 *    whose parent is missing is skipped;
 *  - a member replaces an existing name of another type (an empty
 *    directory, or any non-directory), and rewrites a regular file;
 *  - an existing directory only takes the member's mode and owner;
 *  - a directory's mtime is set after the whole archive, since adding
 *    the names below it changes it (Linux's dir_utime);
 *  - members with nlink >= 2 and the same inode number become hard
 *    links; cpio puts the data on the last of them, which is written
 *    without truncating what the others linked.
 *
 * Relies on kernel/lib/cpio.c, kernel/fs/ramfs.c and kmalloc.
 */
#include <kernel/lib/cpio.h>
#include <kernel/errno.h>
#include <kernel/fs/initramfs.h>
#include <kernel/printk.h>
#include <kernel/fs/ramfs.h>
#include <kernel/lib/string.h>
#include <mm/slab.h>

/* A member seen with nlink >= 2, kept so later members can link to it. */
struct hardlink {
	struct list_head list;
	u32 ino, devmajor, devminor;
	umode_t type;
	struct inode *inode;	/* held with ramfs_iget() */
};

/* A directory whose archive mtime is set at the end. */
struct dir_time {
	struct list_head list;
	struct inode *dir;	/* held with ramfs_iget() */
	u32 mtime;
};

static int remember_dir_time(struct list_head *dirs, struct inode *dir, u32 mtime)
{
	struct dir_time *t = kmalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	t->dir = dir;
	t->mtime = mtime;
	ramfs_iget(dir);
	list_add_tail(&t->list, dirs);
	return 0;
}

static void set_dir_times(struct list_head *dirs)
{
	struct dir_time *t, *next;

	list_for_each_entry_safe(t, next, dirs, list) {
		t->dir->i_mtime = t->dir->i_atime = (struct timespec64){ .tv_sec = t->mtime };
		ramfs_iput(t->dir);
		kfree(t);
	}
}

static struct inode *find_link(struct list_head *links, const struct cpio_entry *e)
{
	struct hardlink *h;

	list_for_each_entry(h, links, list)
		if (h->ino == e->ino && h->devmajor == e->devmajor &&
		    h->devminor == e->devminor && h->type == (e->mode & S_IFMT))
			return h->inode;
	return NULL;
}

static int remember_link(struct list_head *links, const struct cpio_entry *e,
			 struct inode *inode)
{
	struct hardlink *h;

	if (e->nlink < 2)
		return 0;
	h = kmalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	h->ino = e->ino;
	h->devmajor = e->devmajor;
	h->devminor = e->devminor;
	h->type = e->mode & S_IFMT;
	h->inode = inode;
	ramfs_iget(inode);
	list_add_tail(&h->list, links);
	return 0;
}

static void forget_links(struct list_head *links)
{
	struct hardlink *h, *next;

	list_for_each_entry_safe(h, next, links, list) {
		ramfs_iput(h->inode);
		kfree(h);
	}
}

static void set_attributes(struct inode *inode, const struct cpio_entry *e)
{
	inode->i_mode = (inode->i_mode & S_IFMT) | (e->mode & S_IALLUGO);
	inode->i_uid = e->uid;
	inode->i_gid = e->gid;
	/* As Linux: atime and mtime from the archive, ctime the time of unpacking. */
	inode->i_mtime = (struct timespec64){ .tv_sec = e->mtime };
	inode->i_atime = inode->i_mtime;
}

/* Make room for a member of type mode: what is there must be of that type. */
static void clean_path(const char *name, umode_t mode)
{
	struct inode *old;

	if (ramfs_lookup(ramfs_root(), name, 0, &old))
		return;
	if (((old->i_mode ^ mode) & S_IFMT) == 0)
		return;
	if (S_ISDIR(old->i_mode))
		ramfs_rmdir(ramfs_root(), name);
	else
		ramfs_unlink(ramfs_root(), name);
}

/*
 * The inode a regular file or special member goes to: an earlier hard
 * link to it, the existing file (emptied), or a new one.
 */
static int open_member(const struct cpio_entry *e, struct list_head *links,
		       struct inode **inode)
{
	struct inode *link = find_link(links, e);
	u32 rdev = MKDEV(e->rdevmajor, e->rdevminor);
	int err;

	if (link) {
		clean_path(e->name, 0);
		*inode = link;
		return ramfs_link(link, ramfs_root(), e->name);
	}
	if (S_ISREG(e->mode) && ramfs_lookup(ramfs_root(), e->name, 0, inode) == 0)
		return ramfs_truncate(*inode, 0);
	err = ramfs_mknod(ramfs_root(), e->name, e->mode & (S_IFMT | S_IALLUGO), rdev, inode);
	if (!err)
		err = remember_link(links, e, *inode);
	return err;
}

static int unpack_file(const struct cpio_entry *e, struct list_head *links)
{
	struct inode *inode;
	long written;
	int err;

	err = open_member(e, links, &inode);
	if (err)
		return err;
	set_attributes(inode, e);
	if (!S_ISREG(e->mode) || e->filesize == 0)
		return 0;
	written = ramfs_write(inode, e->data, e->filesize, 0);
	if (written < 0)
		return written;
	return written == e->filesize ? 0 : -ENOMEM;
}

static int unpack_dir(const struct cpio_entry *e, struct list_head *dirs)
{
	struct inode *dir;
	int err;

	err = ramfs_mkdir(ramfs_root(), e->name, e->mode);
	if (err && err != -EEXIST)
		return err;
	err = ramfs_lookup(ramfs_root(), e->name, 0, &dir);
	if (err)
		return err;
	if (!S_ISDIR(dir->i_mode))
		return -EEXIST;
	set_attributes(dir, e);
	return remember_dir_time(dirs, dir, e->mtime);
}

static int unpack_symlink(const struct cpio_entry *e)
{
	struct inode *link;
	char *target;
	int err;

	if (e->filesize >= PATH_MAX)
		return -ENAMETOOLONG;
	target = kmalloc(e->filesize + 1, GFP_KERNEL);
	if (!target)
		return -ENOMEM;
	memcpy(target, e->data, e->filesize);
	target[e->filesize] = '\0';
	clean_path(e->name, 0);
	err = ramfs_symlink(target, ramfs_root(), e->name);
	kfree(target);
	if (!err)
		err = ramfs_lookup(ramfs_root(), e->name, 0, &link);
	if (!err)
		set_attributes(link, e);
	return err;
}

static int unpack_member(const struct cpio_entry *e, struct list_head *links,
			 struct list_head *dirs)
{
	if (e->name[0] == '\0')
		return -ENOENT;
	clean_path(e->name, e->mode);
	switch (e->mode & S_IFMT) {
	case S_IFDIR:
		return unpack_dir(e, dirs);
	case S_IFLNK:
		return unpack_symlink(e);
	case S_IFREG:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		return unpack_file(e, links);
	default:
		return -EINVAL;
	}
}

int initramfs_unpack(const void *archive, size_t len)
{
	LIST_HEAD(links);
	LIST_HEAD(dirs);
	struct cpio_reader r;
	struct cpio_entry e;
	int ret;

	cpio_reader_init(&r, archive, len);
	while ((ret = cpio_next(&r, &e)) > 0) {
		int err = unpack_member(&e, &links, &dirs);

		if (err == -ENOMEM) {
			ret = err;
			break;
		}
		if (err)
			pr_warn("initramfs: %s: skipped (error %d)\n", e.name, err);
	}
	if (ret == -EINVAL)
		pr_err("initramfs: %s at offset %zu\n", r.error, r.pos);
	forget_links(&links);
	set_dir_times(&dirs);
	return ret;
}
