/*
 * ramfs: the in-memory file system the initramfs is unpacked into, and
 * for now the only one. There is no superblock, dentry cache or page
 * cache: an inode holds its own data (a directory its entries, a file an
 * array of pages, a symlink its target) and lives as long as a name or a
 * user refers to it. Path lookup follows Linux's rules (fs/namei.c) and
 * returns Linux's errnos.
 *
 * Callers serialise: the VFS on top holds one lock around every call.
 * Memory comes from kmalloc and, for file data, from the page allocator.
 * ramfs knows no users and no clock: it asks the VFS for the time, the
 * owner of a new inode (below) and whether the caller may search, create
 * or delete (kernel/fs/permission.h); the host tests provide their own.
 */
#ifndef KERNEL_RAMFS_H
#define KERNEL_RAMFS_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/lib/rbtree.h>
#include <kernel/fs/stat.h>

struct page;
struct pipe_inode_info;
struct file_operations;
struct inode;

/*
 * One instance of ramfs: the root file system, /proc, each tmpfs mount
 * (kernel/fs/namespace.c makes them). ramfs counts what the instance
 * uses: its file pages, limited to s_max_pages when that is not 0 (a
 * write past it fails with -ENOSPC), and the references users hold on its
 * inodes (ramfs_iget), so that an unmount can tell it is busy.
 */
struct super_block {
	unsigned long s_max_pages;	/* 0: no limit */
	unsigned long s_nr_pages;	/* file pages allocated */
	unsigned long s_users;		/* i_count summed over its inodes */
	unsigned long s_nr_inodes;	/* inodes alive */
	unsigned long s_magic;		/* statfs's f_type */
	u32 s_dev;			/* st_dev of its files */
	const char *s_type;		/* "rootfs", "proc", "tmpfs" */
	struct inode *s_root;
};

/*
 * Hooks for inodes whose contents are computed rather than stored (the
 * /proc tree, kernel/fs/procfs.c). Plain ramfs inodes have none; each hook
 * may be NULL. Names in a directory with i_op cannot be created or
 * removed by path (-EPERM): only its owner changes them.
 */
struct inode_operations {
	/* Before name is looked up in this directory: add, refresh or drop its entry. */
	void (*revalidate)(struct inode *dir, const char *name, unsigned int len);
	/* Before this directory is listed: bring every entry up to date. */
	void (*revalidate_all)(struct inode *dir);
	/* Before this symlink's target is read: recompute i_link (0 or -errno). */
	int (*get_link)(struct inode *link);
	/*
	 * A "magic" link (/proc/<pid>/fd/N, cwd): following it leads to this
	 * inode itself rather than to where its text points, so a file with
	 * no name or no path (deleted, a pipe) is reached too. 0 or -errno.
	 */
	int (*follow_inode)(struct inode *link, struct inode **result);
};

/* d_type in getdents64 records. */
#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_BLK 6
#define DT_REG 8
#define DT_LNK 10
#define DT_SOCK 12

#define NAME_MAX 255		/* bytes in one path component */
#define PATH_MAX 4096		/* bytes in a path, its NUL included */
#define MAXSYMLINKS 40		/* symlinks one lookup may follow */
#define RAMFS_MAX_FILE_SIZE (1LL << 30)	/* beyond it: -EFBIG */

typedef u32 umode_t;
typedef s64 loff_t;

/* A time stamp: seconds and nanoseconds since 1970 (CLOCK_REALTIME), as Linux's. */
struct timespec64 {
	s64 tv_sec;
	long tv_nsec;
};

/* Linux's encoding of a device number in st_rdev (new_encode_dev). */
static inline u32 MKDEV(u32 major, u32 minor)
{
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

struct inode {
	unsigned long i_ino;
	umode_t i_mode;
	u32 i_uid;
	u32 i_gid;
	unsigned int i_nlink;	/* names and, for a directory, "." and subdirectories' ".." */
	unsigned int i_count;	/* users beyond the names: open files, cwds */
	u32 i_rdev;		/* character and block devices */
	bool i_linkable;	/* no name yet, but linkat may give it one (O_TMPFILE) */
	loff_t i_size;
	struct timespec64 i_atime;	/* last read (relatime, see kernel/fs/inode.c) */
	struct timespec64 i_mtime;	/* last change of the contents */
	struct timespec64 i_ctime;	/* last change of the contents or the attributes */
	struct super_block *i_sb;	/* the instance it belongs to; NULL: none (pipes) */
	/*
	 * Mounts: a directory another instance is mounted on has that
	 * instance's root in i_mounted (lookups go there instead), and the
	 * root has the directory it covers in i_covers (".." leaves by it).
	 */
	struct inode *i_mounted;
	struct inode *i_covers;
	const struct inode_operations *i_op;	/* NULL for plain ramfs inodes */
	const struct file_operations *i_fop;	/* what open() gives; NULL: the VFS default */
	void *i_private;			/* the owner of i_fop's (e.g. a pid) */
	struct list_head i_mmap;	/* VMAs mapping this file (mm/filemap.c's lock) */
	union {
		struct {	/* S_IFREG: page i holds bytes [i * PAGE_SIZE, ...) */
			/* NULL entries are holes; a shmem object's may be swap entries (ramfs_slot_is_swap) */
			struct page **pages;
			unsigned long nr_slots;	/* length of the pages array */
		};
		struct {	/* S_IFDIR */
			struct list_head entries;	/* struct ramfs_dirent, by d_off */
			struct rb_root names;		/* the same entries, by name */
			struct inode *parent;		/* what ".." names */
			loff_t next_off;		/* d_off of the next entry added */
		};
		char *i_link;	/* S_IFLNK: the target, NUL-terminated */
		struct pipe_inode_info *i_pipe;	/* S_IFIFO: the ring while the FIFO is open */
	};
};

/* A name in a directory. d_off orders entries and is readdir's cookie. */
struct ramfs_dirent {
	struct list_head list;
	struct rb_node rb;	/* in the directory's names tree */
	struct inode *inode;
	loff_t d_off;
	unsigned int namelen;
	char name[];		/* NUL-terminated */
};

/* What stat() and statx() report. */
struct kstat {
	unsigned long ino;
	umode_t mode;
	unsigned int nlink;
	u32 uid;
	u32 gid;
	u32 rdev;
	loff_t size;
	u32 blksize;
	u64 blocks;		/* 512-byte units actually allocated */
	struct timespec64 atime, mtime, ctime;
};

/* ---- the tree ---- */

int ramfs_init(void);			/* make an empty root directory */
void ramfs_destroy(void);		/* free every inode and page (tests) */
struct inode *ramfs_root(void);
unsigned long ramfs_nr_inodes(void);	/* inodes alive, for leak checks */

void ramfs_iget(struct inode *inode);	/* a user keeps a reference */
void ramfs_iput(struct inode *inode);	/* ...and drops it */

/* ---- path lookup ---- */

#define LOOKUP_FOLLOW    0x1	/* follow a symlink in the last component */
#define LOOKUP_DIRECTORY 0x2	/* the result must be a directory */

/*
 * Resolve path from dir (absolute paths from the root). The inode found
 * is borrowed: ramfs_iget() it to keep it past the next change to the
 * tree.
 */
int ramfs_lookup(struct inode *dir, const char *path, unsigned int flags,
		 struct inode **result);

/* ---- changing the tree: paths as for ramfs_lookup ---- */

/* A new inode of any type but directory and symlink; -EEXIST if the name is taken. */
int ramfs_mknod(struct inode *dir, const char *path, umode_t mode, u32 rdev,
		struct inode **result);
int ramfs_mkdir(struct inode *dir, const char *path, umode_t mode);
int ramfs_symlink(const char *target, struct inode *dir, const char *path);
int ramfs_link(struct inode *old, struct inode *dir, const char *path);	/* old: not a directory */
int ramfs_unlink(struct inode *dir, const char *path);

/* renameat2's flags */
#define RENAME_NOREPLACE 0x1	/* -EEXIST if the new name is taken */
#define RENAME_EXCHANGE  0x2	/* swap the two names, both must exist */
#define RENAME_WHITEOUT  0x4	/* overlayfs's: -EINVAL here, as Linux's ramfs */

/*
 * rename(2)/renameat2(2) with Linux's rules and errnos: the new name is
 * replaced (a directory only by a directory, empty), two names of one
 * inode are left alone, a directory cannot move below itself; "." or
 * ".." or "/" on either side is -EBUSY. Link counts follow.
 */
int ramfs_rename(struct inode *olddir, const char *oldpath, struct inode *newdir,
		 const char *newpath, unsigned int flags);
/* Known bits, and RENAME_EXCHANGE alone: renameat2 checks before it reads the paths. */
bool rename_flags_valid(unsigned int flags);
int ramfs_rmdir(struct inode *dir, const char *path);

/*
 * For file systems built on ramfs (pipes, /proc): a new inode with no
 * name, held once by the caller (ramfs_iput frees it); a new entry name
 * in dir, and the inode dir's entry name has, without a path walk or
 * hooks (NULL: name taken / none). ramfs_remove_tree() drops dir's entry
 * name and, for a directory, everything below it.
 */
struct inode *ramfs_new_unlinked(umode_t mode);
/*
 * O_TMPFILE: a regular file with no name, for dir's file system. The
 * result is borrowed like a lookup's: ramfs_iget it before the tree
 * changes (the first ramfs_iput then frees it). linkable: linkat may
 * name it once (O_TMPFILE without O_EXCL).
 */
int ramfs_tmpfile(struct inode *dir, umode_t mode, bool linkable, struct inode **result);
struct inode *ramfs_add_child(struct inode *dir, const char *name, umode_t mode);
struct inode *ramfs_find_child(struct inode *dir, const char *name);
int ramfs_remove_tree(struct inode *dir, const char *name);

/*
 * For mounts: a new directory with no name, the root of instance sb, held
 * once by the caller; ramfs_kill_root() removes everything below such a
 * root and frees it, once nothing holds any of it but that reference.
 */
struct inode *ramfs_new_root(umode_t mode, struct super_block *sb);
void ramfs_kill_root(struct inode *root);

/* ---- file contents ---- */

/*
 * A slot of a shmem object's page array (mm/shmem.c) may hold, instead of
 * a page, the swap entry its page went to: the entry with bit 0 set, which
 * no page pointer has (Linux's xa_mk_value, swp_to_radix_entry). Only
 * shmem puts them there; its files have no name and no descriptor, so
 * read(), write() and truncate() never meet one, and the fault path and
 * mincore() of mm/ ask ramfs_slot_page.
 */
static inline bool ramfs_slot_is_swap(const struct page *slot)
{
	return (unsigned long)slot & 1;
}

/* The page in a slot, NULL for a hole or a swap entry. */
static inline struct page *ramfs_slot_page(struct page *slot)
{
	return ramfs_slot_is_swap(slot) ? NULL : slot;
}

/* Like pread/pwrite: bytes done, or -errno when none. Holes read as zeroes. */
long ramfs_read(struct inode *inode, void *buf, size_t len, loff_t pos);
long ramfs_write(struct inode *inode, const void *buf, size_t len, loff_t pos);
int ramfs_truncate(struct inode *inode, loff_t size);
/*
 * Pages for bytes [offset, offset + len) (0 <= offset, 0 < len, the end
 * within RAMFS_MAX_FILE_SIZE); the size grows to cover them unless
 * keep_size. 0 or -ENOMEM (the pages allocated so far stay).
 */
int ramfs_fallocate(struct inode *inode, bool keep_size, loff_t offset, loff_t len);

/*
 * The page holding bytes [pgoff * PAGE_SIZE, ...) of a regular file, a
 * hole filled with a zeroed page first, so that a mapping of the file can
 * share it. The file keeps its reference: a mapping takes its own. The
 * caller checks pgoff against i_size. NULL when memory runs out, or the
 * instance is full (ramfs_full).
 */
struct page *ramfs_get_page(struct inode *inode, unsigned long pgoff);
/* Whether the instance holding inode has no page left to give (a tmpfs's size=). */
bool ramfs_full(const struct inode *inode);

/*
 * Make the nr pages from first on in mem_map (whole, each with a reference
 * the file now holds) the file's pages from pgoff on, in place of any
 * there; the file grows to cover them. The initramfs gives its
 * page-aligned file data this way instead of copying it, a file at a
 * time. 0, -ENOMEM (nothing taken: the caller keeps its references) or
 * -EISDIR/-EINVAL.
 */
int ramfs_adopt_pages(struct inode *inode, unsigned long pgoff, struct page *first,
		      unsigned long nr);

/* The target of a symlink, copied into buf without a NUL, like readlink. */
long ramfs_readlink(struct inode *inode, char *buf, size_t len);

void ramfs_getattr(struct inode *inode, struct kstat *stat);

/*
 * Directory entries from *pos on, "." and ".." first: actor is called for
 * each until it returns false (the caller's buffer is full), and *pos
 * moves past each entry accepted. Entries added or removed meanwhile do
 * not make others repeat or vanish.
 */
typedef bool (*filldir_t)(void *ctx, const char *name, unsigned int namelen,
			  loff_t next_pos, unsigned long ino, unsigned int d_type);
int ramfs_readdir(struct inode *dir, loff_t *pos, filldir_t actor, void *ctx);

unsigned int ramfs_dtype(umode_t mode);

/* ---- what ramfs asks of the VFS (kernel/fs/inode.c) ---- */

/* The time to stamp on an inode now: the wall clock. */
struct timespec64 current_time(void);
/*
 * A new inode's owner and mode: the caller's fsuid, and its fsgid or, in
 * a setgid directory, the directory's group (a new directory there is
 * setgid too). dir is the parent; mode holds the type and the permission
 * bits after the umask.
 */
void inode_init_owner(struct inode *inode, const struct inode *dir, umode_t mode);

/* ---- between kernel/fs/ramfs.c and kernel/fs/ramfs_file.c ---- */

unsigned long ramfs_nr_pages(struct inode *inode);	/* allocated, holes not counted */

#endif
