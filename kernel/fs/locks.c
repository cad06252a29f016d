/*
 * fcntl's record locks and flock(2) (kernel/fs/locks.h): struct flock in and out,
 * Linux's checks and errnos (fcntl_getlk, fcntl_setlk, flock_to_posix_lock),
 * waiting for F_SETLKW with deadlock detection (posix_locks_deadlock), and
 * dropping locks on close (locks_remove_posix) and on the last fput of a
 * file (locks_remove_file).
 *
 * Every lock of the system is on file_locks, every F_SETLKW waiting for
 * one on blocked_waiters, both under file_lock_lock (a spinlock: nothing
 * sleeps or touches user memory under it; new locks are allocated before
 * it is taken). A change to any lock wakes every waiter, which then looks
 * again: simple, and cheap for the few locks programs hold.
 */
#include <kernel/fs/fs.h>
#include <kernel/fs/fdtable.h>
#include <kernel/fs/fs_syscalls.h>
#include <kernel/fs/locks.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/uaccess.h>
#include <kernel/wait.h>
#include <kernel/errno.h>
#include <mm/slab.h>

#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38

#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

/* Linux's bound on the walk along a chain of waiters. */
#define MAX_DEADLK_ITERATIONS 10

/* arm64's struct flock (the same as flock64). */
struct flock {
	short l_type;
	short l_whence;
	s64 l_start;
	s64 l_len;
	int l_pid;
};

/* A F_SETLKW caller asleep: whose lock it waits for. */
struct lock_waiter {
	struct list_head list;
	void *owner;
	void *blocker;
};

static DEFINE_SPINLOCK(file_lock_lock);
static LIST_HEAD(file_locks);
static LIST_HEAD(blocked_waiters);
static DECLARE_WAIT_QUEUE_HEAD(file_lock_wait);
static unsigned long lock_changes;	/* bumped on every change, for the waiters */

/* The range of l, from file's position or size as l_whence says, into fl. */
static int flock_to_posix_lock(struct file *file, struct file_lock *fl, const struct flock *l)
{
	switch (l->l_whence) {
	case SEEK_SET:
		fl->fl_start = 0;
		break;
	case SEEK_CUR:
		fl->fl_start = file->f_pos;
		break;
	case SEEK_END:
		spin_lock(&vfs_lock);
		fl->fl_start = file->f_inode->i_size;
		spin_unlock(&vfs_lock);
		break;
	default:
		return -EINVAL;
	}
	if (l->l_start > OFFSET_MAX - fl->fl_start)
		return -EOVERFLOW;
	fl->fl_start += l->l_start;
	if (fl->fl_start < 0)
		return -EINVAL;
	if (l->l_len > 0) {
		if (l->l_len - 1 > OFFSET_MAX - fl->fl_start)
			return -EOVERFLOW;
		fl->fl_end = fl->fl_start + l->l_len - 1;
	} else if (l->l_len < 0) {
		if (fl->fl_start + l->l_len < 0)
			return -EINVAL;
		fl->fl_end = fl->fl_start - 1;
		fl->fl_start += l->l_len;
	} else {
		fl->fl_end = OFFSET_MAX;
	}
	if (l->l_type != F_RDLCK && l->l_type != F_WRLCK && l->l_type != F_UNLCK)
		return -EINVAL;
	fl->fl_type = (unsigned char)l->l_type;
	fl->fl_inode = file->f_inode;
	return 0;
}

static void posix_lock_to_flock(struct flock *l, const struct file_lock *fl)
{
	l->l_type = fl->fl_type;
	l->l_whence = SEEK_SET;
	l->l_start = fl->fl_start;
	l->l_len = fl->fl_end == OFFSET_MAX ? 0 : fl->fl_end - fl->fl_start + 1;
	l->l_pid = fl->fl_pid;
}

/* The owner and pid of a request by the running task through file. */
static void set_owner(struct file_lock *fl, struct file *file, bool ofd)
{
	fl->fl_flags = ofd ? FL_OFDLCK : FL_POSIX;
	fl->fl_owner = ofd ? (void *)file : (void *)current->files;
	fl->fl_pid = ofd ? -1 : current->tgid;
}

static long fcntl_getlk(struct file *file, struct flock *l, bool ofd)
{
	struct file_lock req, *conflict;
	int err;

	if (l->l_type != F_RDLCK && l->l_type != F_WRLCK)
		return -EINVAL;
	err = flock_to_posix_lock(file, &req, l);
	if (err)
		return err;
	if (ofd && l->l_pid)
		return -EINVAL;
	set_owner(&req, file, ofd);
	spin_lock(&file_lock_lock);
	conflict = posix_find_conflict(&file_locks, &req);
	if (conflict)
		posix_lock_to_flock(l, conflict);
	else
		l->l_type = F_UNLCK;
	spin_unlock(&file_lock_lock);
	return 0;
}

/* Whether owner waiting for blocker closes a circle of waiters. file_lock_lock held. */
static bool posix_locks_deadlock(void *owner, void *blocker)
{
	struct lock_waiter *w;
	int i;

	for (i = 0; i < MAX_DEADLK_ITERATIONS; i++) {
		if (blocker == owner)
			return true;
		list_for_each_entry(w, &blocked_waiters, list)
			if (w->owner == blocker)
				break;
		if (&w->list == &blocked_waiters)
			return false;
		blocker = w->blocker;
	}
	return false;
}

static void locks_free_list(struct list_head *freed)
{
	struct file_lock *fl, *tmp;

	list_for_each_entry_safe(fl, tmp, freed, fl_list)
		kfree(fl);
}

/*
 * One try at req: 0 when taken, -EAGAIN when another owner's lock is in
 * the way (*blocker: its owner), -EDEADLK when waiting would close a
 * circle. file_lock_lock held.
 */
static int posix_lock_try(const struct file_lock *req, struct file_lock *spare[2],
			  struct list_head *freed, void **blocker)
{
	struct file_lock *conflict = posix_find_conflict(&file_locks, req);

	if (!conflict) {
		posix_lock_apply(&file_locks, req, spare, freed);
		lock_changes++;
		return 0;
	}
	*blocker = conflict->fl_owner;
	/* Linux looks for circles among POSIX owners only. */
	if (req->fl_flags == FL_POSIX && conflict->fl_flags == FL_POSIX &&
	    posix_locks_deadlock(req->fl_owner, conflict->fl_owner))
		return -EDEADLK;
	return -EAGAIN;
}

/* Take req, sleeping while it conflicts if wait (F_SETLKW). */
static int posix_lock_file(const struct file_lock *req, bool wait)
{
	struct file_lock *spare[2] = { kmalloc(sizeof(struct file_lock), GFP_KERNEL),
				       kmalloc(sizeof(struct file_lock), GFP_KERNEL) };
	struct lock_waiter waiter = { .owner = req->fl_owner };
	unsigned long seen;
	LIST_HEAD(freed);
	int err = -ENOMEM;

	INIT_LIST_HEAD(&waiter.list);
	while (spare[0] && spare[1]) {
		spin_lock(&file_lock_lock);
		err = posix_lock_try(req, spare, &freed, &waiter.blocker);
		list_del_init(&waiter.list);
		if (err == -EAGAIN && wait)
			list_add(&waiter.list, &blocked_waiters);
		seen = lock_changes;
		spin_unlock(&file_lock_lock);
		if (err != -EAGAIN || !wait)
			break;
		err = wait_event_interruptible(file_lock_wait, READ_ONCE(lock_changes) != seen);
		if (err)
			break;
	}
	if (!list_empty(&waiter.list)) {
		spin_lock(&file_lock_lock);
		list_del(&waiter.list);
		spin_unlock(&file_lock_lock);
	}
	if (!err)
		wake_up(&file_lock_wait);
	kfree(spare[0]);
	kfree(spare[1]);
	locks_free_list(&freed);
	return err;
}

/* Linux's check_fmode_for_setlk: a read lock needs a readable descriptor, a write lock a writable one. */
static int check_fmode_for_setlk(struct file *file, const struct file_lock *fl)
{
	if (fl->fl_type == F_RDLCK && !(file->f_mode & FMODE_READ))
		return -EBADF;
	if (fl->fl_type == F_WRLCK && !(file->f_mode & FMODE_WRITE))
		return -EBADF;
	return 0;
}

static long fcntl_setlk(struct file *file, const struct flock *l, bool ofd, bool wait)
{
	struct file_lock req;
	int err = flock_to_posix_lock(file, &req, l);

	if (!err)
		err = check_fmode_for_setlk(file, &req);
	if (!err && ofd && l->l_pid)
		err = -EINVAL;
	if (err)
		return err;
	set_owner(&req, file, ofd);
	return posix_lock_file(&req, wait);
}

long fcntl_lock(struct file *file, unsigned int cmd, unsigned long uflock)
{
	bool ofd = cmd >= F_OFD_GETLK;
	struct flock l;
	long err;

	if (copy_from_user(&l, uflock, sizeof(l)))
		return -EFAULT;
	if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
		err = fcntl_getlk(file, &l, ofd);
		if (!err && copy_to_user(uflock, &l, sizeof(l)))
			err = -EFAULT;
		return err;
	}
	return fcntl_setlk(file, &l, ofd, cmd == F_SETLKW || cmd == F_OFD_SETLKW);
}

/* Drop every lock of owner on inode (NULL: on any file) of the kinds in flags. */
static void locks_remove_owner(void *owner, struct inode *inode, unsigned int flags)
{
	struct file_lock *fl, *tmp;
	LIST_HEAD(freed);

	/*
	 * Every close and last fput comes here, and most find no lock at all:
	 * an unlocked look first. A lock the owner adds while it closes the
	 * file in another thread may be missed either way.
	 */
	if (READ_ONCE(file_locks.next) == &file_locks)
		return;
	spin_lock(&file_lock_lock);
	list_for_each_entry_safe(fl, tmp, &file_locks, fl_list)
		if (fl->fl_owner == owner && (!inode || fl->fl_inode == inode) &&
		    (fl->fl_flags & flags))
			list_move(&fl->fl_list, &freed);
	if (!list_empty(&freed))
		lock_changes++;
	spin_unlock(&file_lock_lock);
	if (list_empty(&freed))
		return;
	locks_free_list(&freed);
	wake_up(&file_lock_wait);
}

void locks_remove_posix(struct file *file, struct files_struct *files)
{
	locks_remove_owner(files, file->f_inode, FL_POSIX);
}

void locks_remove_file(struct file *file)
{
	locks_remove_owner(file, NULL, FL_OFDLCK | FL_FLOCK);
}

static void locks_remove_flock(struct file *file)
{
	locks_remove_owner(file, NULL, FL_FLOCK);
}

/* flock's operation as a lock type (Linux's flock_translate_cmd). */
static int flock_translate_cmd(unsigned long cmd)
{
	switch (cmd) {
	case LOCK_SH:
		return F_RDLCK;
	case LOCK_EX:
		return F_WRLCK;
	case LOCK_UN:
		return F_UNLCK;
	default:
		return -EINVAL;
	}
}

/*
 * As Linux's flock_lock_inode: a lock of another type held through file
 * is let go first, so a conversion that has to wait (or fails with
 * LOCK_NB) leaves the file unlocked by it meanwhile.
 */
static void flock_drop_other_type(struct file *file, int type)
{
	struct file_lock *fl;
	bool held = false;

	spin_lock(&file_lock_lock);
	list_for_each_entry(fl, &file_locks, fl_list)
		if (fl->fl_owner == file && fl->fl_flags == FL_FLOCK && fl->fl_type != type)
			held = true;
	spin_unlock(&file_lock_lock);
	if (held)
		locks_remove_flock(file);
}

long sys_flock(u64 fd, u64 cmd, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
	       u64 a5 __unused)
{
	struct file *file = (fd >> 31) ? NULL : fget((int)fd);
	struct file_lock req = { .fl_flags = FL_FLOCK, .fl_pid = -1, .fl_end = OFFSET_MAX };
	int type = flock_translate_cmd(cmd & ~(u64)LOCK_NB);
	long err;

	if (!file)
		return -EBADF;
	if (type < 0) {
		fput(file);
		return type;
	}
	req.fl_owner = file;
	req.fl_inode = file->f_inode;
	req.fl_type = (unsigned char)type;
	flock_drop_other_type(file, type);
	err = posix_lock_file(&req, !(cmd & LOCK_NB));
	fput(file);
	return err;
}
