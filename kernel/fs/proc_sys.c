/*
 * /proc/sys: the few kernel settings programs read (and root may change),
 * as Linux's sysctl files present them: one value and a newline. A write
 * replaces the value from the start of what was written (Linux's sysctl
 * files ignore the position too), a trailing newline dropped; opening
 * one for writing needs uid 0 (the files are root's, mode 0644).
 *
 * pipe-max-size is kept here for the pipe code (pipe_max_size); the
 * overcommit settings live in mm/overcommit.c, which consults them.
 * vm/swappiness and vm/min_free_kbytes, the knobs of page reclaim, are
 * kept with Linux's defaults and ranges; min_free_kbytes sets the zone's
 * watermarks (mm/page_alloc.c), swappiness is read by nothing, since
 * anonymous pages are all tkern can reclaim (docs/reclaim.md).
 * vm/drop_caches is write-only, as Linux's: there is no page cache to
 * drop; 2 (or 3) gives back what the slab caches and the per-CPU page
 * lists hold free, as Linux's drop_slab.
 */
#include <kernel/fs/procfs.h>
#include <kernel/sched.h>
#include <kernel/errno.h>
#include <kernel/uaccess.h>
#include <kernel/lib/string.h>
#include <mm/slab.h>
#include <kernel/printk.h>
#include <mm/mm.h>
#include <mm/overcommit.h>
#include <kernel/ipc/shm.h>
#include <kernel/ipc/util.h>
#include <kernel/watchdog.h>

#define SYSCTL_WRITE_MAX 256	/* longer writes are refused (Linux: -EINVAL for numbers) */
#define CORE_PATTERN_LEN 128
#define PID_MAX_DEFAULT 32768
#define PIPE_MAX_SIZE_DEFAULT (1024 * 1024)

unsigned int pipe_max_size = PIPE_MAX_SIZE_DEFAULT;
static char core_pattern[CORE_PATTERN_LEN] = "core";
static DEFINE_SPINLOCK(sysctl_lock);
static int vm_swappiness = 60;
static int min_free_kbytes;

/* A decimal number with nothing after it: 0, or -EINVAL. */
static int parse_ulong(const char *s, unsigned long *value)
{
	unsigned long v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (~0UL - 9) / 10)
			return -EINVAL;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	*value = v;
	return 0;
}

static void show_number(struct seq_buf *m, unsigned long value)
{
	seq_buf_printf(m, "%lu\n", value);
}

static void pid_max_show(struct seq_buf *m)
{
	show_number(m, PID_MAX_DEFAULT);
}

static void tainted_show(struct seq_buf *m)
{
	show_number(m, 0);
}

static void hostname_show(struct seq_buf *m)
{
	uts_field_show(m, UTS_HOSTNAME);
}

static int hostname_store(const char *value, size_t len)
{
	set_hostname(value, len);
	return 0;
}

static void ostype_show(struct seq_buf *m)
{
	uts_field_show(m, UTS_OSTYPE);
}

static void osrelease_show(struct seq_buf *m)
{
	uts_field_show(m, UTS_OSRELEASE);
}

static void core_pattern_show(struct seq_buf *m)
{
	spin_lock(&sysctl_lock);
	seq_buf_printf(m, "%s\n", core_pattern);
	spin_unlock(&sysctl_lock);
}

static int core_pattern_store(const char *value, size_t len)
{
	spin_lock(&sysctl_lock);
	strscpy(core_pattern, value, MIN(len + 1, sizeof(core_pattern)));
	spin_unlock(&sysctl_lock);
	return 0;
}

static void overcommit_show(struct seq_buf *m)
{
	show_number(m, (unsigned long)READ_ONCE(sysctl_overcommit_memory));
}

/* A setting that takes 0 .. max (Linux's proc_dointvec_minmax). */
static int store_int_range(const char *value, int *setting, unsigned long max)
{
	unsigned long v;

	if (parse_ulong(value, &v) || v > max)
		return -EINVAL;
	WRITE_ONCE(*setting, (int)v);
	return 0;
}

static int overcommit_store(const char *value, size_t len __unused)
{
	return store_int_range(value, &sysctl_overcommit_memory, 2);
}

static void overcommit_ratio_show(struct seq_buf *m)
{
	show_number(m, (unsigned long)READ_ONCE(sysctl_overcommit_ratio));
}

/* Ratio and kbytes are two ways of saying one limit: setting one clears the other (Linux). */
static int overcommit_ratio_store(const char *value, size_t len __unused)
{
	unsigned long ratio;

	if (parse_ulong(value, &ratio) || ratio > 0x7fffffffUL)
		return -EINVAL;
	WRITE_ONCE(sysctl_overcommit_ratio, (int)ratio);
	WRITE_ONCE(sysctl_overcommit_kbytes, 0);
	return 0;
}

static void overcommit_kbytes_show(struct seq_buf *m)
{
	show_number(m, READ_ONCE(sysctl_overcommit_kbytes));
}

static int overcommit_kbytes_store(const char *value, size_t len __unused)
{
	unsigned long kbytes;

	if (parse_ulong(value, &kbytes))
		return -EINVAL;
	WRITE_ONCE(sysctl_overcommit_kbytes, kbytes);
	WRITE_ONCE(sysctl_overcommit_ratio, 0);
	return 0;
}

static void pipe_max_size_show(struct seq_buf *m)
{
	show_number(m, READ_ONCE(pipe_max_size));
}

/* Linux rounds up to a power of two number of pages, and takes at least one page. */
static int pipe_max_size_store(const char *value, size_t len __unused)
{
	unsigned long size, rounded = PAGE_SIZE;

	if (parse_ulong(value, &size) || size > 0x80000000UL)
		return -EINVAL;
	while (rounded < size)
		rounded <<= 1;
	WRITE_ONCE(pipe_max_size, (unsigned int)rounded);
	return 0;
}

static void shmmax_show(struct seq_buf *m)
{
	show_number(m, READ_ONCE(shm_ctlmax));
}

/* A setting any number may be written to (Linux's proc_doulongvec_minmax without bounds). */
static int store_ulong(const char *value, unsigned long *setting)
{
	unsigned long v;

	if (parse_ulong(value, &v))
		return -EINVAL;
	WRITE_ONCE(*setting, v);
	return 0;
}

static int shmmax_store(const char *value, size_t len __unused)
{
	return store_ulong(value, &shm_ctlmax);
}

static void shmall_show(struct seq_buf *m)
{
	show_number(m, READ_ONCE(shm_ctlall));
}

static int shmall_store(const char *value, size_t len __unused)
{
	return store_ulong(value, &shm_ctlall);
}

static void shmmni_show(struct seq_buf *m)
{
	show_number(m, (unsigned long)READ_ONCE(shm_ctlmni));
}

/* Linux bounds shmmni by the identifiers' index space (IPCMNI, 32768). */
static int shmmni_store(const char *value, size_t len __unused)
{
	unsigned long nr;

	if (parse_ulong(value, &nr) || nr > IPCMNI)
		return -EINVAL;
	WRITE_ONCE(shm_ctlmni, (int)nr);
	return 0;
}

static void watchdog_thresh_show(struct seq_buf *m)
{
	show_number(m, (unsigned long)READ_ONCE(watchdog_thresh));
}

/* Linux's range: 0 (off) to 60 seconds. */
static int watchdog_thresh_store(const char *value, size_t len __unused)
{
	return store_int_range(value, &watchdog_thresh, 60);
}

static void softlockup_panic_show(struct seq_buf *m)
{
	show_number(m, (unsigned long)READ_ONCE(softlockup_panic));
}

static int softlockup_panic_store(const char *value, size_t len __unused)
{
	return store_int_range(value, &softlockup_panic, 1);
}

static void hung_task_timeout_show(struct seq_buf *m)
{
	show_number(m, READ_ONCE(hung_task_timeout_secs));
}

static int hung_task_timeout_store(const char *value, size_t len __unused)
{
	return store_ulong(value, &hung_task_timeout_secs);
}

static void hung_task_panic_show(struct seq_buf *m)
{
	show_number(m, (unsigned long)READ_ONCE(hung_task_panic));
}

static int hung_task_panic_store(const char *value, size_t len __unused)
{
	return store_int_range(value, &hung_task_panic, 1);
}

static void swappiness_show(struct seq_buf *m)
{
	show_number(m, (unsigned long)READ_ONCE(vm_swappiness));
}

/* Linux's range since 5.8: 0 (anonymous pages last) to 200 (anonymous pages first). */
static int swappiness_store(const char *value, size_t len __unused)
{
	return store_int_range(value, &vm_swappiness, 200);
}

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0;

	while ((r + 1) * (r + 1) <= x)
		r++;
	return r;
}

/*
 * Linux's default (init_per_zone_wmark_min): the square root of 16 times
 * the free memory in kB, kept between 128 kB and 256 MiB.
 */
static void min_free_kbytes_init(void)
{
	unsigned long kbytes = int_sqrt(nr_free_pages() * (PAGE_SIZE / 1024) * 16);

	min_free_kbytes = (int)MIN(MAX(kbytes, 128UL), 262144UL);
	setup_per_zone_wmarks((unsigned long)min_free_kbytes);
}

static void min_free_kbytes_show(struct seq_buf *m)
{
	show_number(m, (unsigned long)READ_ONCE(min_free_kbytes));
}

/* The watermarks follow at once, as Linux's min_free_kbytes_sysctl_handler sets them. */
static int min_free_kbytes_store(const char *value, size_t len __unused)
{
	int err = store_int_range(value, &min_free_kbytes, 0x7fffffffUL);

	if (!err)
		setup_per_zone_wmarks((unsigned long)min_free_kbytes);
	return err;
}

/* 1 page cache (tkern has none), 2 slab objects, 3 both, 4 stop logging. */
static int drop_caches_store(const char *value, size_t len __unused)
{
	static bool quiet;
	unsigned long v;

	if (parse_ulong(value, &v) || v < 1 || v > 4)
		return -EINVAL;
	if (!quiet)
		pr_info("%s (%d): drop_caches: %lu\n", current->comm, current->pid, v);
	quiet |= v & 4;
	if (v & 2) {
		kmem_cache_shrink_all();
		drain_all_pages();
	}
	return 0;
}

static const struct sysctl_entry {
	const char *path;	/* under /proc/sys */
	void (*show)(struct seq_buf *m);		/* NULL: write-only, even for root */
	int (*store)(const char *value, size_t len);	/* NULL: read-only */
} sysctls[] = {
	{ "kernel/pid_max", pid_max_show, NULL },
	{ "kernel/tainted", tainted_show, NULL },
	{ "kernel/core_pattern", core_pattern_show, core_pattern_store },
	{ "kernel/ostype", ostype_show, NULL },
	{ "kernel/osrelease", osrelease_show, NULL },
	{ "kernel/hostname", hostname_show, hostname_store },
	{ "kernel/shmmax", shmmax_show, shmmax_store },
	{ "kernel/shmall", shmall_show, shmall_store },
	{ "kernel/shmmni", shmmni_show, shmmni_store },
	{ "kernel/watchdog_thresh", watchdog_thresh_show, watchdog_thresh_store },
	{ "kernel/softlockup_panic", softlockup_panic_show, softlockup_panic_store },
	{ "kernel/hung_task_timeout_secs", hung_task_timeout_show, hung_task_timeout_store },
	{ "kernel/hung_task_panic", hung_task_panic_show, hung_task_panic_store },
	{ "vm/overcommit_memory", overcommit_show, overcommit_store },
	{ "vm/overcommit_ratio", overcommit_ratio_show, overcommit_ratio_store },
	{ "vm/overcommit_kbytes", overcommit_kbytes_show, overcommit_kbytes_store },
	{ "vm/swappiness", swappiness_show, swappiness_store },
	{ "vm/min_free_kbytes", min_free_kbytes_show, min_free_kbytes_store },
	{ "vm/drop_caches", NULL, drop_caches_store },
	{ "fs/pipe-max-size", pipe_max_size_show, pipe_max_size_store },
};

/* A write-only file opened for writing has no text to show. */
static int sysctl_show(struct seq_buf *m, long index)
{
	if (sysctls[index].show)
		sysctls[index].show(m);
	return 0;
}

static int sysctl_index(struct file *file)
{
	return (int)(long)file->f_inode->i_private;
}

static int sysctl_open(struct inode *inode, struct file *file)
{
	bool writable = sysctls[(long)inode->i_private].store && current->cred.fsuid == 0;

	if ((file->f_mode & FMODE_WRITE) && !writable)
		return -EACCES;
	if ((file->f_mode & FMODE_READ) && !sysctls[(long)inode->i_private].show)
		return -EACCES;
	return proc_open_text(file, sysctl_show, (long)inode->i_private);
}

long proc_write_value(unsigned long buf, size_t len, loff_t *pos,
		      int (*store)(const char *value, size_t len, long id), long id)
{
	char value[SYSCTL_WRITE_MAX + 1];
	size_t n = len;
	int err;

	if (len > SYSCTL_WRITE_MAX)
		return -EINVAL;
	if (copy_from_user(value, buf, len))
		return -EFAULT;
	value[len] = '\0';
	if (n && value[n - 1] == '\n')
		value[--n] = '\0';
	err = store(value, n, id);
	if (err)
		return err;
	*pos += (loff_t)len;
	return (long)len;
}

static int store_entry(const char *value, size_t len, long index)
{
	return sysctls[index].store(value, len);
}

static long sysctl_write(struct file *file, unsigned long buf, size_t len, loff_t *pos)
{
	return proc_write_value(buf, len, pos, store_entry, sysctl_index(file));
}

static const struct file_operations sysctl_ro_fops = {
	.open = sysctl_open, .read = proc_text_read, .llseek = proc_text_llseek,
	.release = proc_text_release,
};

static const struct file_operations sysctl_rw_fops = {
	.open = sysctl_open, .read = proc_text_read, .write = sysctl_write,
	.llseek = proc_text_llseek, .release = proc_text_release,
};

void proc_sys_init(struct inode *proc)
{
	unsigned int i;

	min_free_kbytes_init();
	for (i = 0; i < ARRAY_SIZE(sysctls); i++) {
		bool rw = sysctls[i].store != NULL;
		umode_t mode = (sysctls[i].show ? 0444 : 0) | (rw ? 0200 : 0);
		char path[64];

		snprintf(path, sizeof(path), "sys/%s", sysctls[i].path);
		proc_create(proc, path, S_IFREG | mode, rw ? &sysctl_rw_fops : &sysctl_ro_fops, i);
	}
}
