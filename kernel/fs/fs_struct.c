/*
 * The working directory and umask of tasks (see kernel/fs/fs_struct.h).
 * Relies on the VFS's inode counts (vfs_iget/vfs_iput) to keep the
 * working directory alive while some task has it.
 */
#include <kernel/fs/fs_struct.h>
#include <kernel/fs/fs.h>
#include <kernel/fs/ramfs.h>
#include <kernel/sched.h>
#include <kernel/errno.h>
#include <mm/slab.h>

/* The boot's reference is never dropped, so init_fs is never freed. */
struct fs_struct init_fs = { .users = 1, .lock = SPINLOCK_INIT(init_fs.lock), .umask = 022 };

void share_init_fs(struct task_struct *task)
{
	__atomic_add_fetch(&init_fs.users, 1, __ATOMIC_RELAXED);
	task->fs = &init_fs;
}

void set_fs_pwd(struct fs_struct *fs, struct inode *dir)
{
	struct inode *old;

	spin_lock(&fs->lock);
	old = fs->pwd;
	fs->pwd = dir;
	spin_unlock(&fs->lock);
	if (old)
		vfs_iput(old);
}

struct inode *fs_pwd(struct fs_struct *fs)
{
	struct inode *dir = READ_ONCE(fs->pwd);

	return dir ? dir : ramfs_root();
}

/* pwd is held by the caller; the reference moves in, or is dropped on failure. */
static struct fs_struct *alloc_fs(struct inode *pwd, unsigned int umask)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs) {
		if (pwd)
			vfs_iput(pwd);
		return NULL;
	}
	fs->users = 1;
	spin_lock_init(&fs->lock);
	fs->umask = umask;
	fs->pwd = pwd;
	return fs;
}

static void put_fs(struct fs_struct *fs)
{
	if (__atomic_sub_fetch(&fs->users, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (fs->pwd)
		vfs_iput(fs->pwd);
	kfree(fs);
}

int copy_fs(struct task_struct *child, struct task_struct *parent, bool share)
{
	struct fs_struct *old = parent->fs, *fs = old;
	struct inode *pwd;

	if (share) {
		__atomic_add_fetch(&old->users, 1, __ATOMIC_RELAXED);
	} else {
		/*
		 * vfs_lock before fs->lock, as the readers of /proc/<pid>/cwd
		 * take them (task_cwd_inode's callers hold vfs_lock): the
		 * other order deadlocks against them.
		 */
		spin_lock(&vfs_lock);
		spin_lock(&old->lock);
		pwd = old->pwd;
		if (pwd)
			ramfs_iget(pwd);
		spin_unlock(&old->lock);
		spin_unlock(&vfs_lock);
		fs = alloc_fs(pwd, READ_ONCE(old->umask));
		if (!fs)
			return -ENOMEM;
	}
	exit_fs(child);
	child->fs = fs;
	return 0;
}

int init_fs_struct(struct task_struct *task)
{
	struct fs_struct *fs;

	vfs_iget(ramfs_root());
	fs = alloc_fs(ramfs_root(), 022);
	if (!fs)
		return -ENOMEM;
	exit_fs(task);
	task->fs = fs;
	return 0;
}

void exit_fs(struct task_struct *task)
{
	struct fs_struct *fs = task->fs;

	task_lock(task);	/* against task_cwd_path */
	task->fs = NULL;
	task_unlock(task);
	if (fs)
		put_fs(fs);
}

/* Borrowed: vfs_lock keeps it (dropping its reference takes that lock). */
int task_cwd_inode(struct task_struct *task, struct inode **dir)
{
	int err = -ENOENT;

	task_lock(task);
	if (task->fs) {
		spin_lock(&task->fs->lock);
		*dir = fs_pwd(task->fs);
		spin_unlock(&task->fs->lock);
		err = 0;
	}
	task_unlock(task);
	return err;
}

int task_cwd_path(struct task_struct *task, char *buf, size_t size)
{
	struct inode *dir;
	int err = task_cwd_inode(task, &dir);

	return err ? err : build_dir_path(dir, buf, size);
}
