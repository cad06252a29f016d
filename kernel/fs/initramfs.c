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
 * The image may be several parts back to back, each cpio or gzip (holding
 * cpio), with NUL padding between, as Linux's unpack_to_rootfs accepts;
 * a broken part ends unpacking, and what came before it stays.
 *
 * The boot image is unpacked in place (initramfs_unpack_in_place): a file
 * whose data starts on a page boundary of it (qemu/cpio-align.py makes
 * such archives) takes its whole pages as they are, instead of a copy;
 * the image's other pages go back to the page allocator afterwards.
 *
 * Relies on kernel/lib/cpio.c, kernel/lib/inflate.c, kernel/fs/ramfs.c,
 * kmalloc and kvmalloc (an inflated part lives in memory while unpacked).
 */
#include <kernel/lib/cpio.h>
#include <kernel/lib/inflate.h>
#include <kernel/errno.h>
#include <kernel/fs/initramfs.h>
#include <kernel/printk.h>
#include <kernel/fs/ramfs.h>
#include <kernel/lib/string.h>
#include <mm/gfp.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

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

/*
 * In place: the whole pages of file data that starts on a page boundary
 * of the (reserved) boot image become the file's own pages. Returns the
 * bytes they hold; the rest, a last partial page at least, is copied.
 */
static size_t adopt_image_pages(struct inode *inode, const struct cpio_entry *e)
{
	size_t whole = e->filesize / PAGE_SIZE;
	struct page *first = virt_to_page(e->data);

	if (!IS_ALIGNED((uintptr_t)e->data, PAGE_SIZE) || whole == 0)
		return 0;
	if (ramfs_adopt_pages(inode, 0, first, whole))
		return 0;
	adopt_reserved_pages(first, whole);
	return whole * PAGE_SIZE;
}

static int unpack_file(const struct cpio_entry *e, struct list_head *links, bool in_place)
{
	struct inode *inode;
	size_t adopted = 0;
	long written;
	int err;

	err = open_member(e, links, &inode);
	if (err)
		return err;
	set_attributes(inode, e);
	if (!S_ISREG(e->mode) || e->filesize == 0)
		return 0;
	if (in_place)
		adopted = adopt_image_pages(inode, e);
	if (adopted == e->filesize)
		return 0;
	written = ramfs_write(inode, e->data + adopted, e->filesize - adopted, adopted);
	if (written < 0)
		return written;
	return (size_t)written == e->filesize - adopted ? 0 : -ENOMEM;
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
			 struct list_head *dirs, bool in_place)
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
		return unpack_file(e, links, in_place);
	default:
		return -EINVAL;
	}
}

/*
 * The cpio archives from *pos on, up to the end of buf or to a part that
 * is not cpio; *pos ends there. what names the buffer in messages;
 * in_place says buf is the boot image, whose pages files may take.
 */
static int unpack_archives(const u8 *buf, size_t len, size_t *pos, const char *what,
			   bool in_place)
{
	LIST_HEAD(links);
	LIST_HEAD(dirs);
	struct cpio_reader r;
	struct cpio_entry e;
	int ret;

	cpio_reader_init(&r, buf, len);
	r.pos = *pos;
	while ((ret = cpio_next(&r, &e)) > 0) {
		int err = unpack_member(&e, &links, &dirs, in_place);

		if (err == -ENOMEM) {
			ret = err;
			break;
		}
		if (err)
			pr_warn("initramfs: %s: skipped (error %d)\n", e.name, err);
	}
	if (ret == -EINVAL)
		pr_err("initramfs: %s at offset %zu%s\n", r.error, r.pos, what);
	forget_links(&links);
	set_dir_times(&dirs);
	*pos = r.pos;
	return ret;
}

/* The other formats Linux unpacks, named so that the message says what to do. */
static const struct {
	const char *magic;
	size_t len;
	const char *name;
} other_formats[] = {
	{ "BZh", 3, "bzip2" },
	{ "\x5d\x00\x00", 3, "lzma" },
	{ "\xfd" "7zXZ", 5, "xz" },
	{ "\x89" "LZO", 4, "lzo" },
	{ "\x02\x21\x4c\x18", 4, "lz4" },
	{ "\x28\xb5\x2f\xfd", 4, "zstd" },
};

static int refuse_part(const u8 *p, size_t left, size_t pos, const char *what)
{
	for (size_t i = 0; i < ARRAY_SIZE(other_formats); i++)
		if (left >= other_formats[i].len &&
		    memcmp(p, other_formats[i].magic, other_formats[i].len) == 0) {
			pr_err("initramfs: %s-compressed data at offset %zu%s: only gzip is supported\n",
			       other_formats[i].name, pos, what);
			return -EINVAL;
		}
	pr_err("initramfs: neither cpio nor gzip at offset %zu%s\n", pos, what);
	return -EINVAL;
}

static bool is_gzip(const u8 *p, size_t left)
{
	return left >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

/*
 * How much room a gzip member will want: its ISIZE when it is the last
 * part of the image (the usual case) and that size is plausible (up to
 * 16 times the compressed size: gzip -9 gets 3 to 4 on an initramfs),
 * else 4 times; gunzip_part() doubles it when it was too small.
 */
static size_t first_guess(const u8 *p, size_t left)
{
	size_t isize;

	while (left > 0 && p[left - 1] == 0)
		left--;
	if (left < 4)
		return 4;
	isize = p[left - 4] | p[left - 3] << 8 | p[left - 2] << 16 | (size_t)p[left - 1] << 24;
	return isize >= left && isize / 16 <= left ? isize : 4 * left;
}

/* Inflate the gzip member at p into a kvmalloc'd buffer; NULL for no memory. */
static u8 *gunzip_part(struct inflate_state *s, const u8 *p, size_t left, int *err)
{
	size_t size = MAX(first_guess(p, left), (size_t)PAGE_SIZE);
	u8 *out = kvmalloc(size);

	inflate_init(s, p, left, NULL, 0);	/* nothing read yet, should no buffer come */
	if (!out && size > 4 * left) {	/* the bytes taken for ISIZE were not one */
		size = 4 * left;
		out = kvmalloc(size);
	}
	for (;;) {
		if (!out) {
			*err = -ENOMEM;
			return NULL;
		}
		inflate_init(s, p, left, out, size);
		*err = gunzip(s);
		if (*err != -ENOSPC)
			return out;
		kvfree(out);
		size *= 2;
		out = kvmalloc(size);
	}
}

/*
 * A gzip member holds cpio archives and nothing else. When the stream is
 * broken, the members inflated before the fault are still unpacked, as
 * Linux's streaming unpacker has written them by the time it finds out.
 */
static int unpack_gzip(const u8 *buf, size_t len, size_t *pos)
{
	struct inflate_state *s = kmalloc(sizeof(*s), GFP_KERNEL);
	size_t inner = 0;
	char what[64];
	int err, cpio_err;
	u8 *out;

	if (!s)
		return -ENOMEM;
	out = gunzip_part(s, buf + *pos, len - *pos, &err);
	if (out) {
		snprintf(what, sizeof(what), " of the data inflated from offset %zu", *pos);
		cpio_err = unpack_archives(out, s->out_pos, &inner, what, false);
		if (!cpio_err && inner < s->out_pos)
			cpio_err = refuse_part(out + inner, s->out_pos - inner, inner, what);
		kvfree(out);
		if (!err)
			err = cpio_err;
	}
	if (s->error)
		pr_err("initramfs: gzip data at offset %zu: %s at offset %zu\n", *pos, s->error,
		       *pos + s->in_pos);
	*pos += s->in_pos;
	kfree(s);
	return err;
}

static int unpack_image(const void *image, size_t len, bool in_place)
{
	const u8 *buf = image;
	size_t pos = 0, start;
	int err = 0;

	while (!err) {
		while (pos < len && buf[pos] == '\0')
			pos++;
		if (pos == len)
			break;
		start = pos;
		if (is_gzip(buf + pos, len - pos))
			err = unpack_gzip(buf, len, &pos);
		else
			err = unpack_archives(buf, len, &pos, "", in_place);
		if (!err && pos == start)
			err = refuse_part(buf + pos, len - pos, pos, "");
	}
	return err;
}

int initramfs_unpack(const void *image, size_t len)
{
	return unpack_image(image, len, false);
}

unsigned long initramfs_unpack_in_place(const void *image, size_t len, int *err)
{
	*err = unpack_image(image, len, true);
	return free_reserved_area(__pa(image), __pa(image) + len);
}
