/*
 * Resource limits: getrlimit, setrlimit and prlimit64 with Linux's rules,
 * and the checks that live outside mm/ (RLIMIT_NPROC at fork,
 * RLIMIT_FSIZE at write and truncate). The limits are per process, in the
 * signal_struct its threads share: fork copies them with it, execve keeps
 * it. mm/ reads RLIMIT_AS, DATA and STACK through mm_ops (mm/memory.c),
 * the descriptor table RLIMIT_NOFILE (kernel/fs/fdtable.c).
 * docs/rlimits.md.
 */
#include <kernel/resource.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/syscalls.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <mm/mm.h>

/* Linux's THREAD_SIZE on arm64: fork_init sizes max_threads by it. */
#define LINUX_THREAD_SIZE (16 * 1024)
#define MIN_THREADS 20

/* Changes of any process's limits, so that a soft and hard pair is read whole. */
static DEFINE_SPINLOCK(rlimit_lock);

unsigned long rlimit(unsigned int resource)
{
	return READ_ONCE(current->signal->rlim[resource].rlim_cur);
}

/* Capabilities follow the effective uid in tkern: root has them all. */
bool capable_ipc_lock(void)
{
	return current->cred.euid == 0;
}

/*
 * Linux's fork_init: max_threads is what thread stacks could take of an
 * eighth of RAM, and init may have half of that as processes and as
 * queued signals.
 */
static unsigned long init_nproc(void)
{
	unsigned long threads = totalram_pages() * PAGE_SIZE / (8 * LINUX_THREAD_SIZE);

	return MAX(threads, MIN_THREADS) / 2;
}

void init_rlimits(struct rlimit *rlim)
{
	unsigned int i;

	for (i = 0; i < RLIM_NLIMITS; i++)
		rlim[i] = (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
	rlim[RLIMIT_STACK].rlim_cur = _STK_LIM;
	rlim[RLIMIT_CORE].rlim_cur = 0;
	rlim[RLIMIT_NPROC] = (struct rlimit){ init_nproc(), init_nproc() };
	rlim[RLIMIT_NOFILE] = (struct rlimit){ 1024, 4096 };
	rlim[RLIMIT_MEMLOCK] = (struct rlimit){ 8UL << 20, 8UL << 20 };
	rlim[RLIMIT_SIGPENDING] = rlim[RLIMIT_NPROC];
	rlim[RLIMIT_MSGQUEUE] = (struct rlimit){ 819200, 819200 };
	rlim[RLIMIT_NICE] = (struct rlimit){ 0, 0 };
	rlim[RLIMIT_RTPRIO] = (struct rlimit){ 0, 0 };
}

int do_prlimit(struct task_struct *task, unsigned int resource, const struct rlimit *new,
	       struct rlimit *old)
{
	struct rlimit *rlim;
	int err = 0;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new && new->rlim_cur > new->rlim_max)
		return -EINVAL;
	if (new && resource == RLIMIT_NOFILE && new->rlim_max > NR_OPEN)
		return -EPERM;
	rlim = &task->signal->rlim[resource];
	spin_lock(&rlimit_lock);
	if (new && new->rlim_max > rlim->rlim_max && current->cred.euid != 0)
		err = -EPERM;
	if (!err && old)
		*old = *rlim;
	if (!err && new) {
		WRITE_ONCE(rlim->rlim_cur, new->rlim_cur);
		WRITE_ONCE(rlim->rlim_max, new->rlim_max);
	}
	spin_unlock(&rlimit_lock);
	return err;
}

long sys_getrlimit(u64 resource, u64 rlim, u64 a2 __unused, u64 a3 __unused,
		   u64 a4 __unused, u64 a5 __unused)
{
	struct rlimit value;
	int err = do_prlimit(current, (unsigned int)MIN(resource, RLIM_NLIMITS), NULL, &value);

	if (err)
		return err;
	return copy_to_user(rlim, &value, sizeof(value)) ? -EFAULT : 0;
}

long sys_setrlimit(u64 resource, u64 rlim, u64 a2 __unused, u64 a3 __unused,
		   u64 a4 __unused, u64 a5 __unused)
{
	struct rlimit value;

	if (copy_from_user(&value, rlim, sizeof(value)))
		return -EFAULT;
	return do_prlimit(current, (unsigned int)MIN(resource, RLIM_NLIMITS), &value, NULL);
}

/*
 * Linux's check_prlimit_permission: another process's limits are for root
 * or for a caller whose real uid and gid are all of the target's ids.
 */
static bool may_prlimit(struct task_struct *task)
{
	const struct cred *cred = &current->cred, *tcred = &task->cred;

	if (task == current || cred->euid == 0)
		return true;
	return cred->uid == tcred->uid && cred->uid == tcred->euid && cred->uid == tcred->suid &&
	       cred->gid == tcred->gid && cred->gid == tcred->egid && cred->gid == tcred->sgid;
}

/* Linux's order: the new value is read, the task found and checked, then the limit changed. */
long sys_prlimit64(u64 pid, u64 resource, u64 new_limit, u64 old_limit,
		   u64 a4 __unused, u64 a5 __unused)
{
	struct rlimit new, old;
	struct task_struct *task = current;
	int id = (int)pid, err;

	if (new_limit && copy_from_user(&new, new_limit, sizeof(new)))
		return -EFAULT;
	if (id) {
		task = id > 0 ? find_get_task_by_pid(id) : NULL;
		if (!task)
			return -ESRCH;
	}
	err = may_prlimit(task) ? 0 : -EPERM;
	if (!err)
		err = do_prlimit(task, (unsigned int)MIN(resource, RLIM_NLIMITS),
				 new_limit ? &new : NULL, old_limit ? &old : NULL);
	if (id)
		put_task_struct(task);
	if (!err && old_limit && copy_to_user(old_limit, &old, sizeof(old)))
		return -EFAULT;
	return err;
}

/*
 * Linux counts a user's tasks, threads and zombies included, until they
 * are reaped; a real uid of 0 is exempt, and so is an effective one
 * (CAP_SYS_RESOURCE). The count itself is made by sched_add_child
 * (kernel/pid.c), under the lock that adds the child to the task list:
 * two forks at once cannot both take the last place.
 */
unsigned long nproc_limit(void)
{
	if (current->cred.uid == 0 || current->cred.euid == 0)
		return RLIM_INFINITY;
	return rlimit(RLIMIT_NPROC);
}

int check_fsize(unsigned long long end)
{
	kernel_siginfo_t info;

	if (end <= rlimit(RLIMIT_FSIZE))
		return 0;
	prepare_user_info(&info, SIGXFSZ, SI_USER);
	send_sig_info(SIGXFSZ, &info, current);
	return -EFBIG;
}
