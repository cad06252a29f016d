/*
 * /proc/<pid>/limits: a process's resource limits (kernel/resource.c) as
 * Linux's proc_pid_limits prints them: a header, then one row per limit
 * with its soft and hard value ("unlimited" for RLIM_INFINITY) and unit.
 * Anyone may read it, as on Linux.
 */
#include <kernel/fs/procfs.h>
#include <kernel/sched.h>
#include <kernel/errno.h>

struct limit_name {
	const char *name;
	const char *unit;	/* NULL: the row ends after the hard limit */
};

static const struct limit_name limit_names[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = { "Max cpu time", "seconds" },
	[RLIMIT_FSIZE] = { "Max file size", "bytes" },
	[RLIMIT_DATA] = { "Max data size", "bytes" },
	[RLIMIT_STACK] = { "Max stack size", "bytes" },
	[RLIMIT_CORE] = { "Max core file size", "bytes" },
	[RLIMIT_RSS] = { "Max resident set", "bytes" },
	[RLIMIT_NPROC] = { "Max processes", "processes" },
	[RLIMIT_NOFILE] = { "Max open files", "files" },
	[RLIMIT_MEMLOCK] = { "Max locked memory", "bytes" },
	[RLIMIT_AS] = { "Max address space", "bytes" },
	[RLIMIT_LOCKS] = { "Max file locks", "locks" },
	[RLIMIT_SIGPENDING] = { "Max pending signals", "signals" },
	[RLIMIT_MSGQUEUE] = { "Max msgqueue size", "bytes" },
	[RLIMIT_NICE] = { "Max nice priority", NULL },
	[RLIMIT_RTPRIO] = { "Max realtime priority", NULL },
	[RLIMIT_RTTIME] = { "Max realtime timeout", "us" },
};

/* A value in its 20-column field and the space after it. */
static void show_limit_value(struct seq_buf *m, unsigned long value)
{
	if (value == RLIM_INFINITY)
		seq_buf_printf(m, "%-20s ", "unlimited");
	else
		seq_buf_printf(m, "%-20lu ", value);
}

static int show_limits(struct seq_buf *m, long pid)
{
	struct task_struct *task = find_get_task_by_pid((int)pid);
	struct rlimit rlim[RLIM_NLIMITS];
	unsigned int i;

	if (!task)
		return -ESRCH;
	for (i = 0; i < RLIM_NLIMITS; i++)
		do_prlimit(task, i, NULL, &rlim[i]);
	put_task_struct(task);
	seq_buf_printf(m, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit", "Hard Limit",
		       "Units");
	for (i = 0; i < RLIM_NLIMITS; i++) {
		seq_buf_printf(m, "%-25s ", limit_names[i].name);
		show_limit_value(m, rlim[i].rlim_cur);
		show_limit_value(m, rlim[i].rlim_max);
		if (limit_names[i].unit)
			seq_buf_printf(m, "%-10s", limit_names[i].unit);
		seq_buf_printf(m, "\n");
	}
	return 0;
}

static int limits_open(struct inode *inode, struct file *file)
{
	return proc_open_text(file, show_limits, (long)inode->i_private);
}

const struct file_operations proc_pid_limits_fops = { .open = limits_open, PROC_TEXT_OPS };
