/*
 * The VFS: open files (struct file) and what a file type must provide to
 * be read, written, listed or seeked (struct file_operations), over the
 * inodes of kernel/fs/ramfs.h. Linux's names and user-visible values
 * (O_* as arm64 defines them, AT_*, SEEK_*).
 *
 * Locking: ramfs has none of its own, so every call into it is made with
 * vfs_lock held; user memory is never touched under it (data goes
 * through kernel buffers), and nothing sleeps under it. /proc's hooks
 * look at other tasks under it: vfs_lock comes before a task's
 * alloc_lock (task_lock), which comes before its files_struct's
 * file_lock and its fs_struct's lock; no reference to a file is dropped
 * under vfs_lock (the last fput takes it).
 */
#ifndef KERNEL_FS_H
#define KERNEL_FS_H

#include <kernel/types.h>
#include <kernel/atomic.h>
#include <kernel/spinlock.h>
#include <kernel/fs/ramfs.h>
#include <kernel/err.h>
#include <asm/page-def.h>

/*
 * Linux's cap on the bytes one read, write or getrandom moves: larger
 * counts are cut to it (the call returns fewer), never refused.
 */
#define MAX_RW_COUNT (0x7fffffffL & PAGE_MASK)

/* open(2) flags: arm64's values (O_DIRECTORY..O_LARGEFILE differ from x86). */
#define O_ACCMODE 00000003
#define O_RDONLY 00000000
#define O_WRONLY 00000001
#define O_RDWR 00000002
#define O_CREAT 00000100
#define O_EXCL 00000200
#define O_NOCTTY 00000400
#define O_TRUNC 00001000
#define O_APPEND 00002000
#define O_NONBLOCK 00004000
#define O_DSYNC 00010000
#define O_DIRECTORY 00040000
#define O_NOFOLLOW 00100000
#define O_DIRECT 00200000
#define O_LARGEFILE 00400000
#define O_NOATIME 01000000
#define O_CLOEXEC 02000000
#define O_PATH 010000000
#define __O_TMPFILE 020000000
#define O_TMPFILE (__O_TMPFILE | O_DIRECTORY)	/* as user space passes it */

#define AT_FDCWD (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR 0x200
#define AT_EACCESS 0x200
#define AT_SYMLINK_FOLLOW 0x400
#define AT_EMPTY_PATH 0x1000

#define OFFSET_MAX 0x7fffffffffffffffLL	/* the largest file position */

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* Not a user flag: execve's open, which asks for execute permission instead of read. */
#define __FMODE_EXEC 040

/* f_mode: what the descriptor may do, from O_ACCMODE. */
#define FMODE_READ 0x1
#define FMODE_WRITE 0x2
#define FMODE_LSEEK 0x4		/* has a position: lseek, pread and pwrite work */
#define FMODE_PATH 0x8		/* O_PATH: names the file, no I/O (fdget passes it over) */

/* The flags F_SETFL may change (Linux's SETFL_MASK, the ones we keep). */
#define SETFL_MASK (O_APPEND | O_NONBLOCK)

/* st_dev of each file system, as stat() reports it. */
#define RAMFS_DEV 1
#define PIPEFS_DEV 0xc
#define PROC_DEV 0x16

struct file;
struct vm_area_struct;

/*
 * What a kind of file does. buf is a user address: each implementation
 * copies (through a kernel buffer if it holds a lock). pos is the
 * position to use and advance: &file->f_pos, or pread's own.
 */
struct file_operations {
	int (*open)(struct inode *inode, struct file *file);
	long (*read)(struct file *file, unsigned long buf, size_t len, loff_t *pos);
	long (*write)(struct file *file, unsigned long buf, size_t len, loff_t *pos);
	loff_t (*llseek)(struct file *file, loff_t offset, int whence);
	long (*ioctl)(struct file *file, unsigned int cmd, unsigned long arg);
	/* Directory entries from *pos on, as ramfs_readdir. */
	int (*iterate)(struct file *file, loff_t *pos, filldir_t actor, void *ctx);
	void (*release)(struct file *file);
	/* What the file is ready for now, POLL* bits (kernel/fs/poll.h); NULL: always read and write. */
	unsigned int (*poll)(struct file *file);
	/*
	 * A device's mapping (mm/filemap.c's call_mmap): check the new VMA and
	 * give it vm_ops; 0 or -errno. NULL: a regular file maps its pages,
	 * anything else cannot be mapped.
	 */
	int (*mmap)(struct file *file, struct vm_area_struct *vma);
	/*
	 * fsync and fdatasync of a file whose data lives on a device (a disk:
	 * its write cache flushed); 0 or -errno. NULL: as kernel/fs/sync.c says.
	 */
	int (*fsync)(struct file *file);
};

/*
 * An open file: what open() made, shared by every descriptor dup() or
 * fork() copied from it. f_inode is held (ramfs_iget) for the file's
 * life, so a later file-backed mmap reaches the pages through it
 * (ramfs_get_page(file->f_inode, pgoff)).
 */
struct file {
	const struct file_operations *f_op;
	struct inode *f_inode;
	loff_t f_pos;
	unsigned int f_flags;		/* O_* status flags as open left them, F_SETFL changes */
	unsigned int f_mode;		/* FMODE_* */
	atomic_t f_count;		/* descriptors and mappings using it */
	char *f_path;			/* absolute path it was opened by (maps); may be NULL */
	unsigned int f_version;		/* a pipe's writers ever opened, when this end opened */
	void *private_data;		/* the file type's own (a pipe, a /proc text) */
};

extern spinlock_t vfs_lock;

/* ---- open files (kernel/fs/file.c) ---- */

void files_cache_init(void);	/* at boot, before the first open */

/*
 * A file on inode with f_op and one reference. The caller's reference to
 * the inode moves into the file (and stays the caller's on NULL: no memory).
 */
struct file *alloc_file(struct inode *inode, unsigned int flags,
			const struct file_operations *fop);
void get_file(struct file *file);
/* For mm_ops.file_info (/proc/<pid>/maps of a file mapping): device, inode, path. */
void file_maps_info(struct file *file, unsigned int *major, unsigned int *minor,
		    unsigned long *ino, const char **path);
/* ramfs_iget/ramfs_iput under vfs_lock. */
void vfs_iget(struct inode *inode);
void vfs_iput(struct inode *inode);
void fput(struct file *file);

/* The defaults for ramfs regular files and directories (kernel/fs/read_write.c). */
extern const struct file_operations ramfs_file_operations;
/* A FIFO's (kernel/fs/pipe.c): its ring is made at the first open. */
extern const struct file_operations fifo_fops;
/* /dev/zero's (kernel/fs/mem_devices.c): a private mmap of it is anonymous memory. */
extern const struct file_operations zero_fops;
extern const struct file_operations ramfs_dir_operations;
loff_t generic_file_llseek(struct file *file, loff_t offset, int whence, loff_t size);

/* ---- times (kernel/fs/inode.c), vfs_lock held ---- */

/* The file's data changed: mtime and ctime are now. */
void file_update_time(struct inode *inode);
/* The file (or directory) was read: atime is now if relatime says so. */
void touch_atime(struct inode *inode);
/* Written or truncated: setuid and setgid go unless the caller is uid 0 (kernel/fs/attr.c). */
void file_remove_privs(struct inode *inode);
/*
 * Set a regular file's size (0 <= length), unmapping the pages past a
 * smaller one from every process, the times moved as tmpfs moves them
 * (stamp: always, as ftruncate) (kernel/fs/truncate.c): 0 or -errno.
 * vfs_lock not held.
 */
int do_truncate(struct inode *inode, loff_t length, bool stamp);

/* ---- paths (kernel/fs/namei.c) ---- */

/*
 * Resolve a kernel-space path from dfd (AT_FDCWD: the working directory)
 * with LOOKUP_* flags; the result is held (ramfs_iput it).
 */
int vfs_lookup_at(int dfd, const char *path, unsigned int flags, struct inode **result);
/*
 * What a *at call's user path names, with its AT_SYMLINK_NOFOLLOW and
 * AT_EMPTY_PATH ("" is dfd's own file) flags: held (vfs_iput it)
 * (kernel/fs/stat.c).
 */
int user_path_at(int dfd, u64 upath, unsigned int at_flags, struct inode **result);
/* Where a *at path starts: borrowed (the cwd and open files hold theirs). */
int start_dir(int dfd, const char *path, struct inode **dir);
/* Copy a path from user space into a kmalloc'd buffer of PATH_MAX (kfree it). */
char *getname(unsigned long upath, int *err);
/* The absolute path of directory dir into buf; its length or -errno. */
int dir_path(struct inode *dir, char *buf, size_t size);
/* The same with vfs_lock already held. */
int build_dir_path(struct inode *dir, char *buf, size_t size);
/*
 * The path from the root of the file path names from dir (NULL: the
 * working directory), with no ".", ".." or symlinks left: kmalloc'd,
 * NULL when the file is not there or memory runs out.
 */
char *absolute_path(struct inode *dir, const char *path);

/*
 * A new pipe's read end (ends[0]) and write end (ends[1]), each holding
 * its inode, with O_NONBLOCK from flags; 0, or -ENOMEM with nothing left
 * (kernel/fs/pipe.c).
 */
int create_pipe_files(struct file **ends, unsigned int flags);
/* F_GETPIPE_SZ and F_SETPIPE_SZ: the ring's size in bytes, or -errno (-EBADF: not a pipe). */
long pipe_fcntl(struct file *file, unsigned int cmd, unsigned long arg);
/* Bytes free in the ring of pipe end file now, or -EBADF for anything else. */
long pipe_space(struct file *file);

/* ---- opening (kernel/fs/open.c) ---- */

struct file *vfs_open_at(int dfd, const char *path, unsigned int flags, umode_t mode);
/* The device files of /dev: their operations by rdev, NULL when unknown. */
const struct file_operations *chrdev_fops(u32 rdev);
/* /dev/mapdrv's buffer (kernel/fs/mapdrv.c); at boot, before the first open. */
void mapdrv_init(void);

#endif
