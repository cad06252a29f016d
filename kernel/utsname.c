/*
 * Who the machine says it is: uname, sethostname and setdomainname.
 *
 * tkern answers as a Linux compatibility layer does: sysname "Linux", so
 * that programs written for Linux take their Linux paths, and a release
 * that starts like the Linux version whose system calls tkern follows
 * (6.1), which programs compare with the features they need. Its own
 * name and version are in the release's tail and in the version field.
 * The host and domain names start as Linux's do, "(none)", until set.
 */
#include <kernel/syscalls.h>
#include <kernel/sched.h>
#include <kernel/uaccess.h>
#include <kernel/lib/string.h>
#include <kernel/errno.h>
#include <kernel/version.h>
#include <kernel/fs/procfs.h>

#define UTS_LEN 64	/* characters in each field, without the NUL */

struct new_utsname {
	char sysname[UTS_LEN + 1];
	char nodename[UTS_LEN + 1];
	char release[UTS_LEN + 1];
	char version[UTS_LEN + 1];
	char machine[UTS_LEN + 1];
	char domainname[UTS_LEN + 1];
};

static DEFINE_SPINLOCK(uts_lock);
static struct new_utsname utsname = {
	.sysname = "Linux",
	.nodename = "(none)",
	.release = "6.1.0-tkern-" TKERN_VERSION,
	.version = "#1 SMP tkern " TKERN_VERSION,
	.machine = "aarch64",
	.domainname = "(none)",
};

long sys_uname(u64 buf, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
	       u64 a4 __unused, u64 a5 __unused)
{
	struct new_utsname copy;

	spin_lock(&uts_lock);
	copy = utsname;
	spin_unlock(&uts_lock);
	return copy_to_user(buf, &copy, sizeof(copy)) ? -EFAULT : 0;
}

/* field = name[0, len): the caller checked len against UTS_LEN. */
static void store_uts_field(char *field, const char *name, size_t len)
{
	spin_lock(&uts_lock);
	memcpy(field, name, len);
	field[len] = '\0';
	spin_unlock(&uts_lock);
}

/* Only uid 0 may rename the machine (Linux: CAP_SYS_ADMIN). */
static long set_uts_field(char *field, u64 name, u64 len)
{
	char copy[UTS_LEN];

	if (current->cred.euid != 0)
		return -EPERM;
	if (len > UTS_LEN)
		return -EINVAL;
	if (copy_from_user(copy, name, len))
		return -EFAULT;
	store_uts_field(field, copy, len);
	return 0;
}

long sys_sethostname(u64 name, u64 len, u64 a2 __unused, u64 a3 __unused,
		     u64 a4 __unused, u64 a5 __unused)
{
	return set_uts_field(utsname.nodename, name, len);
}

long sys_setdomainname(u64 name, u64 len, u64 a2 __unused, u64 a3 __unused,
		       u64 a4 __unused, u64 a5 __unused)
{
	return set_uts_field(utsname.domainname, name, len);
}

/* Linux's line, with tkern's own name and version where Linux names its builder. */
void version_show(struct seq_buf *m)
{
	seq_buf_printf(m, "%s version %s (tkern %s) (%s) %s\n", utsname.sysname,
		       utsname.release, TKERN_VERSION, __VERSION__, utsname.version);
}

/* /proc/sys/kernel/{hostname,ostype,osrelease}: one field and a newline. */
void uts_field_show(struct seq_buf *m, enum uts_field which)
{
	const char *field = which == UTS_HOSTNAME ? utsname.nodename :
			    which == UTS_OSTYPE ? utsname.sysname : utsname.release;

	spin_lock(&uts_lock);
	seq_buf_printf(m, "%s\n", field);
	spin_unlock(&uts_lock);
}

/* Linux keeps what fits and drops the rest, as /proc/sys/kernel/hostname does. */
void set_hostname(const char *name, size_t len)
{
	store_uts_field(utsname.nodename, name, MIN(len, (size_t)UTS_LEN));
}
