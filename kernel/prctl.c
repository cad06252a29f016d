/*
 * prctl: a process's small settings, as Linux's kernel/sys.c has them.
 * What tkern keeps: the thread's name (PR_SET_NAME/PR_GET_NAME, what ps
 * and top show, 15 characters) and the parent-death signal
 * (PR_SET_PDEATHSIG: the signal this task gets when its parent process
 * ends, which daemons and test harnesses use so their helpers do not
 * outlive them). Every other option answers EINVAL, as Linux does for an
 * option it does not know.
 */
#include <kernel/syscalls.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/uaccess.h>
#include <kernel/lib/string.h>
#include <kernel/errno.h>

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_SET_NAME 15
#define PR_GET_NAME 16

/* As strncpy_from_user: up to TASK_COMM_LEN - 1 bytes, the rest cut off. */
static long set_name(unsigned long uname)
{
	char name[TASK_COMM_LEN];
	size_t i;

	for (i = 0; i < TASK_COMM_LEN - 1; i++) {
		if (copy_from_user(&name[i], uname + i, 1))
			return -EFAULT;
		if (!name[i])
			break;
	}
	name[i] = '\0';
	strscpy(current->comm, name, sizeof(current->comm));
	return 0;
}

long sys_prctl(u64 option, u64 arg2, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
	       u64 a5 __unused)
{
	int sig = current->pdeath_signal;

	switch ((int)option) {
	case PR_SET_PDEATHSIG:
		if (arg2 > NSIG)
			return -EINVAL;
		current->pdeath_signal = (int)arg2;
		return 0;
	case PR_GET_PDEATHSIG:
		return copy_to_user(arg2, &sig, sizeof(sig)) ? -EFAULT : 0;
	case PR_SET_NAME:
		return set_name(arg2);
	case PR_GET_NAME:
		return copy_to_user(arg2, current->comm, TASK_COMM_LEN) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}
