/*
 * Credentials: who a process acts as. Each task has a real id (who
 * started it), an effective id (whose rights it uses now), a saved id (an
 * effective id it may take back) and a file-system id (used for file
 * access, and which follows the effective id), for users and for groups,
 * plus the supplementary groups. The rules are Linux's (kernel/sys.c and
 * kernel/groups.c there): root, meaning an effective uid of 0 (when
 * Linux's CAP_SETUID and CAP_SETGID are effective), may set any id; any
 * other process may only move among its real, effective and saved ids.
 * -1 leaves an id as it is, and is not an id otherwise (EINVAL).
 *
 * Each task changes only its own cred, so no lock is needed to write it;
 * readers elsewhere (kill's check, /proc) see each id whole.
 */
#include <kernel/cred.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>

#define NO_ID 0xffffffffu	/* -1: "unchanged" where allowed, else invalid */

/* The four ids of one kind (user or group) in a cred. */
struct id_set {
	u32 *real, *eff, *saved, *fs;
};

static struct id_set uid_set(struct cred *cred)
{
	return (struct id_set){ &cred->uid, &cred->euid, &cred->suid, &cred->fsuid };
}

static struct id_set gid_set(struct cred *cred)
{
	return (struct id_set){ &cred->gid, &cred->egid, &cred->sgid, &cred->fsgid };
}

/* Linux's CAP_SETUID/CAP_SETGID: effective only while the effective uid is 0. */
static bool capable_setid(void)
{
	return current->cred.euid == 0;
}

/* One of the real, effective or saved ids: what an unprivileged process may take. */
static bool is_own_id(struct id_set ids, u32 id)
{
	return id == *ids.real || id == *ids.eff || id == *ids.saved;
}

/* setuid, setgid: root sets all four; others only the effective (and fs) id, to the real or saved. */
static long set_id(struct id_set ids, u32 id)
{
	if (id == NO_ID)
		return -EINVAL;
	if (capable_setid())
		*ids.real = *ids.saved = id;
	else if (id != *ids.real && id != *ids.saved)
		return -EPERM;
	*ids.eff = *ids.fs = id;
	return 0;
}

/*
 * setreuid, setregid: the real id may become the effective one, the
 * effective any of the three. The saved id becomes the new effective id
 * when the real one is set, or the effective one is set to anything but
 * the real: so a process that swapped ids can swap them back, and one
 * that set both cannot.
 */
static long set_re_id(struct id_set ids, u32 real, u32 eff)
{
	u32 old_real = *ids.real, old_eff = *ids.eff;
	bool root = capable_setid();

	if ((real != NO_ID && real != old_real && real != old_eff && !root) ||
	    (eff != NO_ID && !is_own_id(ids, eff) && !root))
		return -EPERM;
	if (real != NO_ID)
		*ids.real = real;
	if (eff != NO_ID)
		*ids.eff = eff;
	if (real != NO_ID || (eff != NO_ID && eff != old_real))
		*ids.saved = *ids.eff;
	*ids.fs = *ids.eff;
	return 0;
}

/* setresuid, setresgid: each of the three may become any of the current three. */
static long set_res_id(struct id_set ids, u32 real, u32 eff, u32 saved)
{
	if (!capable_setid() && ((real != NO_ID && !is_own_id(ids, real)) ||
				 (eff != NO_ID && !is_own_id(ids, eff)) ||
				 (saved != NO_ID && !is_own_id(ids, saved))))
		return -EPERM;
	if (real != NO_ID)
		*ids.real = real;
	if (eff != NO_ID)
		*ids.eff = eff;
	if (saved != NO_ID)
		*ids.saved = saved;
	*ids.fs = *ids.eff;
	return 0;
}

static long get_res_id(struct id_set ids, u64 real, u64 eff, u64 saved)
{
	if (copy_to_user(real, ids.real, sizeof(u32)) || copy_to_user(eff, ids.eff, sizeof(u32)) ||
	    copy_to_user(saved, ids.saved, sizeof(u32)))
		return -EFAULT;
	return 0;
}

/*
 * setfsuid, setfsgid: always the old fs id back, so a bad id or a refusal
 * is seen only by asking again (glibc's own documented oddity).
 */
static long set_fs_id(struct id_set ids, u32 id)
{
	u32 old = *ids.fs;

	if (id != NO_ID && (is_own_id(ids, id) || id == old || capable_setid()))
		*ids.fs = id;
	return old;
}

long sys_getuid(u64 a0 __unused, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
		u64 a4 __unused, u64 a5 __unused)
{
	return current->cred.uid;
}

long sys_geteuid(u64 a0 __unused, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
		 u64 a4 __unused, u64 a5 __unused)
{
	return current->cred.euid;
}

long sys_getgid(u64 a0 __unused, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
		u64 a4 __unused, u64 a5 __unused)
{
	return current->cred.gid;
}

long sys_getegid(u64 a0 __unused, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
		 u64 a4 __unused, u64 a5 __unused)
{
	return current->cred.egid;
}

long sys_setuid(u64 uid, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
		u64 a5 __unused)
{
	return set_id(uid_set(&current->cred), (u32)uid);
}

long sys_setgid(u64 gid, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
		u64 a5 __unused)
{
	return set_id(gid_set(&current->cred), (u32)gid);
}

long sys_setreuid(u64 ruid, u64 euid, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
		  u64 a5 __unused)
{
	return set_re_id(uid_set(&current->cred), (u32)ruid, (u32)euid);
}

long sys_setregid(u64 rgid, u64 egid, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
		  u64 a5 __unused)
{
	return set_re_id(gid_set(&current->cred), (u32)rgid, (u32)egid);
}

long sys_setresuid(u64 ruid, u64 euid, u64 suid, u64 a3 __unused, u64 a4 __unused,
		   u64 a5 __unused)
{
	return set_res_id(uid_set(&current->cred), (u32)ruid, (u32)euid, (u32)suid);
}

long sys_setresgid(u64 rgid, u64 egid, u64 sgid, u64 a3 __unused, u64 a4 __unused,
		   u64 a5 __unused)
{
	return set_res_id(gid_set(&current->cred), (u32)rgid, (u32)egid, (u32)sgid);
}

long sys_getresuid(u64 ruid, u64 euid, u64 suid, u64 a3 __unused, u64 a4 __unused,
		   u64 a5 __unused)
{
	return get_res_id(uid_set(&current->cred), ruid, euid, suid);
}

long sys_getresgid(u64 rgid, u64 egid, u64 sgid, u64 a3 __unused, u64 a4 __unused,
		   u64 a5 __unused)
{
	return get_res_id(gid_set(&current->cred), rgid, egid, sgid);
}

long sys_setfsuid(u64 uid, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
		  u64 a4 __unused, u64 a5 __unused)
{
	return set_fs_id(uid_set(&current->cred), (u32)uid);
}

long sys_setfsgid(u64 gid, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
		  u64 a4 __unused, u64 a5 __unused)
{
	return set_fs_id(gid_set(&current->cred), (u32)gid);
}

long sys_getgroups(u64 size, u64 list, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
		   u64 a5 __unused)
{
	const struct cred *cred = &current->cred;
	int n = cred->ngroups;

	if ((int)size < 0)
		return -EINVAL;
	if (size == 0)
		return n;	/* just how many */
	if (n > (int)size)
		return -EINVAL;
	return copy_to_user(list, cred->groups, n * sizeof(u32)) ? -EFAULT : n;
}

/* Kept sorted, as Linux keeps them (getgroups shows it) for a binary search. */
static void sort_groups(u32 *groups, int n)
{
	int i, j;

	for (i = 1; i < n; i++) {
		u32 gid = groups[i];

		for (j = i; j > 0 && groups[j - 1] > gid; j--)
			groups[j] = groups[j - 1];
		groups[j] = gid;
	}
}

/* Root only. tkern keeps at most NGROUPS_MAX (32) groups; Linux 65536. */
long sys_setgroups(u64 size, u64 list, u64 a2 __unused, u64 a3 __unused, u64 a4 __unused,
		   u64 a5 __unused)
{
	u32 groups[NGROUPS_MAX];
	int n = (int)size, i;

	if (!capable_setid())
		return -EPERM;
	if ((unsigned int)n > NGROUPS_MAX)
		return -EINVAL;
	if (copy_from_user(groups, list, n * sizeof(u32)))
		return -EFAULT;
	for (i = 0; i < n; i++) {
		if (groups[i] == NO_ID)
			return -EINVAL;
	}
	sort_groups(groups, n);
	memcpy(current->cred.groups, groups, n * sizeof(u32));
	current->cred.ngroups = n;
	return 0;
}

bool ptrace_may_access(struct task_struct *task)
{
	const struct cred *cred = &current->cred, *tcred = &task->cred;
	u32 uid = cred->fsuid, gid = cred->fsgid;

	if (task->tgid == current->tgid || cred->euid == 0)
		return true;
	return uid == tcred->uid && uid == tcred->euid && uid == tcred->suid &&
	       gid == tcred->gid && gid == tcred->egid && gid == tcred->sgid;
}
