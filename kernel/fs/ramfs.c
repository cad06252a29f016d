/*
 * ramfs inodes, directories and path lookup (see kernel/fs/ramfs.h). File
 * contents are in kernel/fs/ramfs_file.c.
 *
 * A directory is a list of struct ramfs_dirent in the order the names
 * were added; each entry's d_off is fixed when it is added, so readdir
 * can resume at a position even after entries around it went away. The
 * same entries are in a red-black tree by name, so that a lookup in a
 * directory of a few hundred names (/bin) is a few comparisons, not a
 * walk of the list (Linux hashes names in the dcache instead).
 * Inodes come from their own kmem_cache, entries from kmalloc.
 *
 * An inode is freed when its last name is gone (i_nlink == 0) and no user
 * holds it (i_count == 0). A removed directory that someone still uses
 * as a working directory keeps its parent alive, so ".." stays valid.
 */
#include <kernel/errno.h>
#include <kernel/fs/ramfs.h>
#include <kernel/fs/permission.h>
#include <kernel/lib/string.h>
#include <mm/slab.h>

static struct kmem_cache *ramfs_inode_cache;
static struct inode *root;
static unsigned long next_ino = 1;
static unsigned long nr_inodes;

/* What the last component of a path is, as Linux's nameidata says. */
enum last_type { LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT };

struct nameidata {
	struct inode *dir;	/* where the walk is: at the end, the parent */
	const char *last;	/* the last component, not NUL-terminated */
	unsigned int last_len;
	enum last_type last_type;
	bool trailing_slash;	/* the path ended in '/' */
	unsigned int nr_links;	/* symlinks followed so far */
};

static int resolve(struct nameidata *nd, const char *path, unsigned int flags,
		   struct inode **result);

/* ------------------------------------------------------------- inodes */

/*
 * A directory's size is Linux tmpfs's made-up one, which programs print
 * (ls -l, stat): two entries' worth for "." and "..", and 20 bytes more
 * per name. Directories of computed trees (/proc) stay at 0, as Linux's.
 */
#define BOGO_DIRENT_SIZE 20

static void dir_size_add(struct inode *dir, int names)
{
	dir->i_size += names * BOGO_DIRENT_SIZE;
}


static struct inode *new_inode(umode_t mode)
{
	struct inode *inode = kmem_cache_zalloc(ramfs_inode_cache, GFP_KERNEL);

	if (!inode)
		return NULL;
	inode->i_ino = next_ino++;
	inode->i_mode = mode;
	inode->i_nlink = 1;
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time();
	INIT_LIST_HEAD(&inode->i_mmap);
	if (S_ISDIR(mode)) {
		INIT_LIST_HEAD(&inode->entries);
		inode->names = RB_ROOT;
		inode->i_nlink = 2;
		inode->next_off = 2;	/* 0 and 1 are "." and ".." */
	}
	nr_inodes++;
	return inode;
}

/* A new inode joins sb's instance (NULL: none). */
static void set_sb(struct inode *inode, struct super_block *sb)
{
	inode->i_sb = sb;
	if (sb)
		sb->s_nr_inodes++;
}

static void evict(struct inode *inode)
{
	if (S_ISREG(inode->i_mode))
		ramfs_truncate(inode, 0);
	else if (S_ISLNK(inode->i_mode))
		kfree(inode->i_link);
	else if (S_ISDIR(inode->i_mode) && inode != root && inode->parent)
		ramfs_iput(inode->parent);
	if (inode->i_sb)
		inode->i_sb->s_nr_inodes--;
	kmem_cache_free(ramfs_inode_cache, inode);
	nr_inodes--;
}

static void maybe_evict(struct inode *inode)
{
	if (inode->i_nlink == 0 && inode->i_count == 0)
		evict(inode);
}

void ramfs_iget(struct inode *inode)
{
	inode->i_count++;
	if (inode->i_sb)
		inode->i_sb->s_users++;
}

void ramfs_iput(struct inode *inode)
{
	inode->i_count--;
	if (inode->i_sb)
		inode->i_sb->s_users--;
	maybe_evict(inode);
}

struct inode *ramfs_root(void)
{
	return root;
}

unsigned long ramfs_nr_inodes(void)
{
	return nr_inodes;
}

int ramfs_init(void)
{
	ramfs_inode_cache = kmem_cache_create("ramfs_inode", sizeof(struct inode),
					      0, 0, NULL);
	if (!ramfs_inode_cache)
		return -ENOMEM;
	root = new_inode(S_IFDIR | 0755);
	if (!root) {
		kmem_cache_destroy(ramfs_inode_cache);
		return -ENOMEM;
	}
	dir_size_add(root, 2);
	root->parent = root;
	return 0;
}

/* -------------------------------------------------------- directories */

/* The tree's order: by length, then by bytes; any total order would do. */
static int compare_name(const char *name, unsigned int len, const struct ramfs_dirent *d)
{
	if (len != d->namelen)
		return len < d->namelen ? -1 : 1;
	return memcmp(name, d->name, len);
}

static struct ramfs_dirent *__find_entry(struct inode *dir, const char *name, unsigned int len)
{
	struct rb_node *node = dir->names.rb_node;

	while (node) {
		struct ramfs_dirent *d = rb_entry(node, struct ramfs_dirent, rb);
		int cmp = compare_name(name, len, d);

		if (cmp == 0)
			return d;
		node = cmp < 0 ? node->rb_left : node->rb_right;
	}
	return NULL;
}

/* A lookup: computed directories bring the entry up to date first. */
static struct ramfs_dirent *find_entry(struct inode *dir, const char *name, unsigned int len)
{
	if (dir->i_op && dir->i_op->revalidate)
		dir->i_op->revalidate(dir, name, len);
	return __find_entry(dir, name, len);
}

static int refresh_link(struct inode *link)
{
	return link->i_op && link->i_op->get_link ? link->i_op->get_link(link) : 0;
}

/* d joins dir's tree of names; callers have checked the name is not there. */
static void link_name(struct inode *dir, struct ramfs_dirent *d)
{
	struct rb_node **link = &dir->names.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (compare_name(d->name, d->namelen,
				 rb_entry(parent, struct ramfs_dirent, rb)) < 0)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&d->rb, parent, link);
	rb_insert_color(&d->rb, &dir->names);
}

/* d leaves dir's list and tree; the caller frees it. */
static void unlink_name(struct inode *dir, struct ramfs_dirent *d)
{
	list_del(&d->list);
	rb_erase(&d->rb, &dir->names);
}

/* A name came or went: the directory's contents changed. */
static void dir_changed(struct inode *dir)
{
	dir->i_mtime = dir->i_ctime = current_time();
}

static int add_entry(struct inode *dir, const char *name, unsigned int len,
		     struct inode *inode)
{
	struct ramfs_dirent *d = kmalloc(sizeof(*d) + len + 1, GFP_KERNEL);

	if (!d)
		return -ENOMEM;
	d->inode = inode;
	d->d_off = dir->next_off++;
	d->namelen = len;
	memcpy(d->name, name, len);
	d->name[len] = '\0';
	list_add_tail(&d->list, &dir->entries);
	link_name(dir, d);
	dir_changed(dir);
	return 0;
}

/* The name goes; the inode too if that was its last name and nobody uses it. */
static void remove_entry(struct inode *dir, struct ramfs_dirent *d)
{
	struct inode *inode = d->inode;

	unlink_name(dir, d);
	kfree(d);
	inode->i_nlink--;
	inode->i_ctime = current_time();	/* its link count changed */
	maybe_evict(inode);
}

/*
 * Tear the whole tree down, depth first without recursion, climbing back
 * through the parent pointers. Users must have dropped their references:
 * an inode still held would outlive its cache.
 */
void ramfs_destroy(void)
{
	struct inode *dir = root;

	while (dir) {
		struct ramfs_dirent *d;
		struct inode *child;

		if (list_empty(&dir->entries)) {
			struct inode *parent = dir == root ? NULL : dir->parent;

			dir->parent = NULL;	/* the parent is freed here, not by evict */
			evict(dir);
			dir = parent;
			continue;
		}
		d = list_first_entry(&dir->entries, struct ramfs_dirent, list);
		child = d->inode;
		if (S_ISDIR(child->i_mode)) {
			unlink_name(dir, d);
			kfree(d);
			dir = child;
		} else {
			remove_entry(dir, d);
		}
	}
	root = NULL;
	kmem_cache_destroy(ramfs_inode_cache);
	ramfs_inode_cache = NULL;
}

unsigned int ramfs_dtype(umode_t mode)
{
	return (mode & S_IFMT) >> 12;	/* Linux's DT_* are the S_IFMT values shifted */
}

int ramfs_readdir(struct inode *dir, loff_t *pos, filldir_t actor, void *ctx)
{
	struct ramfs_dirent *d;

	if (!S_ISDIR(dir->i_mode))
		return -ENOTDIR;
	if (dir->i_op && dir->i_op->revalidate_all)
		dir->i_op->revalidate_all(dir);
	if (*pos == 0) {
		if (!actor(ctx, ".", 1, 1, dir->i_ino, DT_DIR))
			return 0;
		*pos = 1;
	}
	if (*pos == 1) {
		if (!actor(ctx, "..", 2, 2, dir->parent->i_ino, DT_DIR))
			return 0;
		*pos = 2;
	}
	list_for_each_entry(d, &dir->entries, list) {
		if (d->d_off < *pos)
			continue;
		if (!actor(ctx, d->name, d->namelen, d->d_off + 1, d->inode->i_ino,
			   ramfs_dtype(d->inode->i_mode)))
			return 0;
		*pos = d->d_off + 1;
	}
	return 0;
}

/* -------------------------------------------------------- path lookup */

/* The root of a mounted instance leaves by the directory it covers. */
static struct inode *dotdot(struct inode *dir)
{
	while (dir->i_covers)
		dir = dir->i_covers;
	return dir->parent;
}

/* What is mounted on dir, if anything: lookups see that instead. */
static struct inode *follow_mounts(struct inode *inode)
{
	while (inode->i_mounted)
		inode = inode->i_mounted;
	return inode;
}

/* Where a symlink leads, counted against the limit of one lookup. */
static int follow_link(struct nameidata *nd, struct inode *link, struct inode **result)
{
	struct nameidata sub = { .dir = nd->dir, .nr_links = nd->nr_links + 1 };
	int err;

	if (sub.nr_links > MAXSYMLINKS)
		return -ELOOP;
	if (link->i_op && link->i_op->follow_inode) {
		nd->nr_links = sub.nr_links;
		return link->i_op->follow_inode(link, result);
	}
	err = refresh_link(link);
	if (err)
		return err;
	err = resolve(&sub, link->i_link, LOOKUP_FOLLOW, result);
	nd->nr_links = sub.nr_links;
	return err;
}

/* Move nd->dir one component down (or up); the result must be a directory. */
static int walk_component(struct nameidata *nd, const char *name, unsigned int len)
{
	struct ramfs_dirent *d;
	struct inode *next;
	int err;

	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		nd->dir = dotdot(nd->dir);
		return 0;
	}
	d = find_entry(nd->dir, name, len);
	if (!d)
		return -ENOENT;
	next = follow_mounts(d->inode);
	if (S_ISLNK(next->i_mode)) {
		err = follow_link(nd, next, &next);
		if (err)
			return err;
	}
	if (!S_ISDIR(next->i_mode))
		return -ENOTDIR;
	nd->dir = next;
	return 0;
}

static enum last_type classify(const char *name, unsigned int len)
{
	if (len == 1 && name[0] == '.')
		return LAST_DOT;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return LAST_DOTDOT;
	return LAST_NORM;
}

/*
 * Walk every component but the last, leaving nd->dir at the parent and
 * nd->last at the last component (LAST_ROOT when the path is all '/').
 */
static int walk_parent(struct nameidata *nd, const char *path)
{
	if (*path == '\0')
		return -ENOENT;
	if (strnlen(path, PATH_MAX) == PATH_MAX)
		return -ENAMETOOLONG;
	if (*path == '/')
		nd->dir = root;
	nd->last_type = LAST_ROOT;
	nd->last_len = 0;
	nd->trailing_slash = false;
	for (;;) {
		const char *name;
		unsigned int len = 0;
		int err;

		while (*path == '/')
			path++;
		if (*path == '\0')
			return 0;
		err = may_lookup(nd->dir);	/* every directory passed through, the last's parent too */
		if (err)
			return err;
		name = path;
		while (name[len] != '\0' && name[len] != '/')
			len++;
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		path = name + len;
		while (*path == '/')
			path++;
		if (*path == '\0') {
			nd->last = name;
			nd->last_len = len;
			nd->last_type = classify(name, len);
			nd->trailing_slash = name[len] == '/';
			return 0;
		}
		err = walk_component(nd, name, len);
		if (err)
			return err;
	}
}

/* The inode the last component names, following a final symlink if asked. */
static int resolve_last(struct nameidata *nd, unsigned int flags, struct inode **result)
{
	struct ramfs_dirent *d;
	struct inode *inode;

	switch (nd->last_type) {
	case LAST_ROOT:
	case LAST_DOT:
		*result = nd->dir;
		return 0;
	case LAST_DOTDOT:
		*result = dotdot(nd->dir);
		return 0;
	case LAST_NORM:
		break;
	}
	d = find_entry(nd->dir, nd->last, nd->last_len);
	if (!d)
		return -ENOENT;
	inode = follow_mounts(d->inode);
	if (S_ISLNK(inode->i_mode) && (flags & LOOKUP_FOLLOW || nd->trailing_slash))
		return follow_link(nd, inode, result);
	*result = inode;
	return 0;
}

static int resolve(struct nameidata *nd, const char *path, unsigned int flags,
		   struct inode **result)
{
	int err = walk_parent(nd, path);

	if (!err)
		err = resolve_last(nd, flags, result);
	if (!err && (flags & LOOKUP_DIRECTORY || nd->trailing_slash) &&
	    !S_ISDIR((*result)->i_mode))
		err = -ENOTDIR;
	return err;
}

int ramfs_lookup(struct inode *dir, const char *path, unsigned int flags,
		 struct inode **result)
{
	struct nameidata nd = { .dir = dir };

	return resolve(&nd, path, flags, result);
}

/* ---------------------------------------------------- changing the tree */

/*
 * The parent directory of a new name, as Linux's filename_create(): the
 * name must be an ordinary one, free, and in a directory still linked.
 * A trailing slash is only for directories.
 */
static int create_parent(struct inode *dir, const char *path, bool is_dir,
			 struct nameidata *nd)
{
	int err;

	nd->dir = dir;
	nd->nr_links = 0;
	err = walk_parent(nd, path);
	if (err)
		return err;
	if (nd->last_type != LAST_NORM)
		return -EEXIST;
	if (nd->dir->i_op)
		return -EPERM;	/* a computed directory: its owner decides its names */
	if (find_entry(nd->dir, nd->last, nd->last_len))
		return -EEXIST;
	if (nd->trailing_slash && !is_dir)
		return -ENOENT;
	if (nd->dir->i_nlink == 0)
		return -ENOENT;
	return may_create(nd->dir);
}

static int add_new(struct nameidata *nd, struct inode *inode)
{
	int err;

	set_sb(inode, nd->dir->i_sb);
	err = add_entry(nd->dir, nd->last, nd->last_len, inode);

	if (err) {
		inode->i_nlink = 0;
		evict(inode);
		return err;
	}
	dir_size_add(nd->dir, 1);
	return 0;
}

int ramfs_mknod(struct inode *dir, const char *path, umode_t mode, u32 rdev,
		struct inode **result)
{
	struct nameidata nd;
	struct inode *inode;
	int err;

	if (S_ISDIR(mode) || S_ISLNK(mode))
		return -EINVAL;
	err = create_parent(dir, path, false, &nd);
	if (err)
		return err;
	inode = new_inode(mode);
	if (!inode)
		return -ENOMEM;
	inode_init_owner(inode, nd.dir, mode);
	inode->i_rdev = rdev;
	err = add_new(&nd, inode);
	if (!err && result)
		*result = inode;
	return err;
}

int ramfs_mkdir(struct inode *dir, const char *path, umode_t mode)
{
	struct nameidata nd;
	struct inode *inode;
	int err;

	err = create_parent(dir, path, true, &nd);
	if (err)
		return err;
	inode = new_inode(S_IFDIR | (mode & S_IALLUGO));
	if (!inode)
		return -ENOMEM;
	dir_size_add(inode, 2);
	inode_init_owner(inode, nd.dir, inode->i_mode);
	err = add_new(&nd, inode);
	if (err)
		return err;
	inode->parent = nd.dir;
	nd.dir->i_nlink++;
	return 0;
}

int ramfs_symlink(const char *target, struct inode *dir, const char *path)
{
	size_t len = strnlen(target, PATH_MAX);
	struct nameidata nd;
	struct inode *inode;
	int err;

	if (len == 0)
		return -ENOENT;
	if (len == PATH_MAX)
		return -ENAMETOOLONG;
	err = create_parent(dir, path, false, &nd);
	if (err)
		return err;
	inode = new_inode(S_IFLNK | 0777);
	if (!inode)
		return -ENOMEM;
	inode_init_owner(inode, nd.dir, inode->i_mode);
	inode->i_link = kmalloc(len + 1, GFP_KERNEL);
	if (!inode->i_link) {
		inode->i_nlink = 0;
		evict(inode);
		return -ENOMEM;
	}
	memcpy(inode->i_link, target, len + 1);
	inode->i_size = len;
	return add_new(&nd, inode);
}

/* The new name is checked first: linking anything onto a taken name is -EEXIST, as on Linux. */
int ramfs_link(struct inode *old, struct inode *dir, const char *path)
{
	struct nameidata nd;
	int err;

	err = create_parent(dir, path, false, &nd);
	if (err)
		return err;
	if (old->i_op || old->i_fop || old->i_sb != nd.dir->i_sb)
		return -EXDEV;	/* another mount (/proc, a tmpfs, a pipe's inode) */
	if (S_ISDIR(old->i_mode))
		return -EPERM;
	if (old->i_nlink == 0 && !old->i_linkable)
		return -ENOENT;
	err = add_entry(nd.dir, nd.last, nd.last_len, old);
	if (err)
		return err;
	dir_size_add(nd.dir, 1);
	old->i_nlink++;
	old->i_ctime = current_time();
	old->i_linkable = false;	/* only once, as Linux's I_LINKABLE */
	return 0;
}

/*
 * An empty directory victim in dir loses its "." and its ".." in dir; it
 * keeps dir alive (a reference, dropped by evict) for as long as someone
 * still uses it as a working directory. Its name goes in remove_entry.
 */
static void detach_dir(struct inode *dir, struct inode *victim)
{
	dir->i_nlink--;
	ramfs_iget(dir);
	victim->i_nlink = 1;
}

/* The parent of an existing name, and its entry (NULL for ".", "..", "/"). */
static int remove_parent(struct inode *dir, const char *path, struct nameidata *nd,
			 struct ramfs_dirent **entry)
{
	int err;

	nd->dir = dir;
	nd->nr_links = 0;
	err = walk_parent(nd, path);
	if (err)
		return err;
	*entry = NULL;
	if (nd->last_type != LAST_NORM)
		return 0;
	if (nd->dir->i_op)
		return -EPERM;
	*entry = find_entry(nd->dir, nd->last, nd->last_len);
	return *entry ? 0 : -ENOENT;
}

int ramfs_unlink(struct inode *dir, const char *path)
{
	struct ramfs_dirent *d;
	struct nameidata nd;
	int err;

	err = remove_parent(dir, path, &nd, &d);
	if (err)
		return err;
	if (!d)
		return -EISDIR;
	if (nd.trailing_slash)
		return S_ISDIR(d->inode->i_mode) ? -EISDIR : -ENOTDIR;
	err = may_delete(nd.dir, d->inode, false);
	if (err)
		return err;
	remove_entry(nd.dir, d);
	dir_size_add(nd.dir, -1);
	dir_changed(nd.dir);
	return 0;
}

int ramfs_rmdir(struct inode *dir, const char *path)
{
	struct ramfs_dirent *d;
	struct nameidata nd;
	struct inode *victim;
	int err;

	err = remove_parent(dir, path, &nd, &d);
	if (err)
		return err;
	switch (nd.last_type) {
	case LAST_DOT:
		return -EINVAL;
	case LAST_DOTDOT:
		return -ENOTEMPTY;
	case LAST_ROOT:
		return -EBUSY;
	case LAST_NORM:
		break;
	}
	victim = d->inode;
	err = may_delete(nd.dir, victim, true);
	if (err)
		return err;
	if (victim->i_mounted)
		return -EBUSY;
	if (!list_empty(&victim->entries))
		return -ENOTEMPTY;
	detach_dir(nd.dir, victim);
	remove_entry(nd.dir, d);
	dir_size_add(nd.dir, -1);
	dir_changed(nd.dir);
	return 0;
}

/* ------------------------------------------------------------- rename */

bool rename_flags_valid(unsigned int flags)
{
	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return false;
	return !(flags & RENAME_EXCHANGE) || !(flags & (RENAME_NOREPLACE | RENAME_WHITEOUT));
}

/*
 * Is dir inode itself or one of the directories above it? The walk ends
 * at the root of inode's own file system, whose parent is itself: the
 * rootfs's or a mounted tmpfs's (stopping only at the rootfs's would
 * loop for ever inside a tmpfs, vfs_lock held).
 */
static bool is_ancestor(struct inode *dir, struct inode *inode)
{
	while (inode != dir) {
		if (!inode->parent || inode->parent == inode)
			return false;
		inode = inode->parent;
	}
	return true;
}

/* A directory changes parent: its ".." leaves from's link count for to's. */
static void reparent(struct inode *inode, struct inode *from, struct inode *to)
{
	if (!S_ISDIR(inode->i_mode) || from == to)
		return;
	from->i_nlink--;
	to->i_nlink++;
	inode->parent = to;
}

/* Both sides of a rename, as Linux's do_renameat2 finds them: its errnos in its order. */
struct rename_data {
	struct nameidata old, new;
	struct ramfs_dirent *od, *nd;	/* nd: NULL when the new name is free */
};

static int rename_lookup(struct rename_data *rd, const char *oldpath, const char *newpath,
			 unsigned int flags)
{
	int err = walk_parent(&rd->old, oldpath);

	if (!err)
		err = walk_parent(&rd->new, newpath);
	if (err)
		return err;
	if (rd->old.dir->i_sb != rd->new.dir->i_sb)
		return -EXDEV;	/* two mounts: Linux checks this right after the walks */
	if (rd->old.last_type != LAST_NORM)
		return -EBUSY;
	if (rd->new.last_type != LAST_NORM)
		return flags & RENAME_NOREPLACE ? -EEXIST : -EBUSY;
	if (rd->old.dir->i_op || rd->new.dir->i_op)
		return -EPERM;	/* a computed directory: its owner decides its names */
	if (rd->old.dir->i_nlink == 0)
		return -ENOENT;
	rd->od = __find_entry(rd->old.dir, rd->old.last, rd->old.last_len);
	if (!rd->od || rd->new.dir->i_nlink == 0)
		return -ENOENT;
	rd->nd = __find_entry(rd->new.dir, rd->new.last, rd->new.last_len);
	if (rd->nd && (flags & RENAME_NOREPLACE))
		return -EEXIST;
	return 0;
}

/*
 * As Linux's vfs_rename: the old name may go, the new one may be made or
 * replaced (type mismatches answer here, EISDIR/ENOTDIR), and a directory
 * that changes parent must itself be writable, for its "..".
 */
static int rename_permission(struct rename_data *rd, bool exchange)
{
	struct inode *source = rd->od->inode, *target = rd->nd ? rd->nd->inode : NULL;
	bool is_dir = S_ISDIR(source->i_mode);
	bool new_is_dir = target && S_ISDIR(target->i_mode);
	int err = may_delete(rd->old.dir, source, is_dir);

	if (!err)
		err = target ? may_delete(rd->new.dir, target, exchange ? new_is_dir : is_dir)
			     : may_create(rd->new.dir);
	if (err || rd->old.dir == rd->new.dir)
		return err;
	if (is_dir)
		err = inode_permission(source, MAY_WRITE);
	if (!err && exchange && new_is_dir)
		err = inode_permission(target, MAY_WRITE);
	return err;
}

/* Trailing slashes, a directory into itself, and what may replace what. */
static int rename_check(struct rename_data *rd, unsigned int flags)
{
	bool exchange = flags & RENAME_EXCHANGE;
	struct inode *source = rd->od->inode, *target = rd->nd ? rd->nd->inode : NULL;
	int err;

	if (exchange && !target)
		return -ENOENT;
	if (exchange && !S_ISDIR(target->i_mode) && rd->new.trailing_slash)
		return -ENOTDIR;
	if (!S_ISDIR(source->i_mode) &&
	    (rd->old.trailing_slash || (!exchange && rd->new.trailing_slash)))
		return -ENOTDIR;
	if (rd->old.dir != rd->new.dir && is_ancestor(source, rd->new.dir))
		return -EINVAL;
	if (rd->old.dir != rd->new.dir && target && is_ancestor(target, rd->old.dir))
		return exchange ? -EINVAL : -ENOTEMPTY;
	if (source == target)
		return 1;	/* two names of one inode: nothing to do */
	err = rename_permission(rd, exchange);
	if (err)
		return err;
	if (source->i_op || (target && target->i_op))
		return -EBUSY;	/* a computed directory (/proc) is where Linux has a mount point */
	if (source->i_mounted || (target && target->i_mounted))
		return -EBUSY;	/* a mount point stays: moved or replaced, its mount would be lost */
	if (flags & RENAME_WHITEOUT)
		return -EINVAL;	/* as Linux's ramfs: no whiteouts */
	if (target && !exchange && S_ISDIR(target->i_mode) && !list_empty(&target->entries))
		return -ENOTEMPTY;
	return 0;
}

/* The source's entry moves to the new name, replacing what was there. */
static int rename_move(struct rename_data *rd)
{
	struct inode *inode = rd->od->inode;

	if (rd->nd) {
		struct inode *victim = rd->nd->inode;

		rd->nd->inode = inode;
		if (S_ISDIR(victim->i_mode))
			detach_dir(rd->new.dir, victim);
		victim->i_nlink--;
		maybe_evict(victim);
	} else {
		int err = add_entry(rd->new.dir, rd->new.last, rd->new.last_len, inode);

		if (err)
			return err;
		dir_size_add(rd->new.dir, 1);
	}
	dir_size_add(rd->old.dir, -1);
	unlink_name(rd->old.dir, rd->od);
	kfree(rd->od);
	reparent(inode, rd->old.dir, rd->new.dir);
	return 0;
}

static void rename_exchange(struct rename_data *rd)
{
	struct inode *a = rd->od->inode, *b = rd->nd->inode;

	rd->od->inode = b;
	rd->nd->inode = a;
	reparent(a, rd->old.dir, rd->new.dir);
	reparent(b, rd->new.dir, rd->old.dir);
}

/* Both directories changed; the inode moved changes too (its ctime, as Linux's file systems). */
static void renamed(struct rename_data *rd, struct inode *source)
{
	dir_changed(rd->old.dir);
	dir_changed(rd->new.dir);
	source->i_ctime = current_time();
}

int ramfs_rename(struct inode *olddir, const char *oldpath, struct inode *newdir,
		 const char *newpath, unsigned int flags)
{
	struct rename_data rd = { .old = { .dir = olddir }, .new = { .dir = newdir } };
	struct inode *source;
	int err;

	if (!rename_flags_valid(flags))
		return -EINVAL;
	err = rename_lookup(&rd, oldpath, newpath, flags);
	if (!err)
		err = rename_check(&rd, flags);
	if (err)
		return err < 0 ? err : 0;
	source = rd.od->inode;
	if (flags & RENAME_EXCHANGE) {
		rename_exchange(&rd);
		rd.od->inode->i_ctime = current_time();	/* the target, now under the old name */
	} else {
		err = rename_move(&rd);
		if (err)
			return err;
	}
	renamed(&rd, source);
	return 0;
}

/* ---------------------------------------------------------- attributes */

long ramfs_readlink(struct inode *inode, char *buf, size_t len)
{
	size_t n;
	int err;

	if (!S_ISLNK(inode->i_mode))
		return -EINVAL;
	err = refresh_link(inode);
	if (err)
		return err;
	n = MIN(len, (size_t)inode->i_size);
	memcpy(buf, inode->i_link, n);
	return n;
}

void ramfs_getattr(struct inode *inode, struct kstat *stat)
{
	if (S_ISLNK(inode->i_mode))
		refresh_link(inode);
	stat->ino = inode->i_ino;
	stat->mode = inode->i_mode;
	stat->nlink = inode->i_nlink;
	stat->uid = inode->i_uid;
	stat->gid = inode->i_gid;
	stat->rdev = inode->i_rdev;
	stat->size = inode->i_size;
	stat->blksize = PAGE_SIZE;
	stat->blocks = S_ISREG(inode->i_mode) ? ramfs_nr_pages(inode) * (PAGE_SIZE / 512) : 0;
	stat->atime = inode->i_atime;
	stat->mtime = inode->i_mtime;
	stat->ctime = inode->i_ctime;
}

/* ------------------------------------- for file systems built on ramfs */

struct inode *ramfs_new_unlinked(umode_t mode)
{
	struct inode *inode = S_ISDIR(mode) ? NULL : new_inode(mode);

	if (inode) {
		inode_init_owner(inode, NULL, mode);
		inode->i_nlink = 0;
		inode->i_count = 1;
	}
	return inode;
}

int ramfs_tmpfile(struct inode *dir, umode_t mode, bool linkable, struct inode **result)
{
	struct inode *inode;

	if (dir->i_op)
		return -EOPNOTSUPP;	/* /proc has no temporary files */
	inode = new_inode(S_IFREG | (mode & S_IALLUGO));
	if (!inode)
		return -ENOMEM;
	inode_init_owner(inode, dir, inode->i_mode);
	set_sb(inode, dir->i_sb);
	inode->i_nlink = 0;
	inode->i_linkable = linkable;
	*result = inode;
	return 0;
}

struct inode *ramfs_add_child(struct inode *dir, const char *name, umode_t mode)
{
	unsigned int len = strnlen(name, NAME_MAX + 1);
	struct inode *inode;

	if (len > NAME_MAX || __find_entry(dir, name, len))
		return NULL;
	inode = new_inode(mode);
	if (!inode)
		return NULL;
	set_sb(inode, dir->i_sb);
	if (add_entry(dir, name, len, inode)) {
		inode->i_nlink = 0;
		evict(inode);
		return NULL;
	}
	if (S_ISDIR(mode)) {
		inode->parent = dir;
		dir->i_nlink++;
	}
	return inode;
}

/* Drop entry d of dir; a directory loses its contents first, depth first. */
static void remove_subtree(struct inode *dir, struct ramfs_dirent *d)
{
	struct inode *victim = d->inode;

	if (S_ISDIR(victim->i_mode)) {
		struct ramfs_dirent *e, *next;

		list_for_each_entry_safe(e, next, &victim->entries, list)
			remove_subtree(victim, e);
		detach_dir(dir, victim);
	}
	remove_entry(dir, d);
}

struct inode *ramfs_find_child(struct inode *dir, const char *name)
{
	struct ramfs_dirent *d = __find_entry(dir, name, strnlen(name, NAME_MAX + 1));

	return d ? d->inode : NULL;
}

int ramfs_remove_tree(struct inode *dir, const char *name)
{
	struct ramfs_dirent *d = __find_entry(dir, name, strnlen(name, NAME_MAX + 1));

	if (!d)
		return -ENOENT;
	remove_subtree(dir, d);
	return 0;
}

/* ------------------------------------------------------------- mounts */

struct inode *ramfs_new_root(umode_t mode, struct super_block *sb)
{
	struct inode *inode = new_inode(S_IFDIR | (mode & S_IALLUGO));

	if (!inode)
		return NULL;
	inode->parent = inode;	/* never used: dotdot() leaves by i_covers */
	set_sb(inode, sb);
	sb->s_root = inode;
	ramfs_iget(inode);
	return inode;
}

void ramfs_kill_root(struct inode *dir)
{
	struct ramfs_dirent *d, *next;

	list_for_each_entry_safe(d, next, &dir->entries, list)
		remove_subtree(dir, d);
	dir->parent = NULL;
	dir->i_nlink = 0;
	ramfs_iput(dir);
}
