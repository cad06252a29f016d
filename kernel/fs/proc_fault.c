/*
 * Fault injection's run-time files (mm/fault_inject.h). Linux keeps them
 * in debugfs, /sys/kernel/debug/<name>/; tkern has no debugfs and puts the
 * same files under /proc/sys/debug/<name>/ for failslab, fail_page_alloc
 * and fail_vmalloc: probability, interval, times, space, verbose,
 * task-filter, ignore-gfp-wait, min-order (fail_page_alloc), and two of
 * tkern's own: seed (restarts the random choices) and failures (how many
 * were forced). Numbers read as "N\n", the filters as "Y\n" or "N\n" and
 * accept Y/N/1/0, as debugfs's booleans. Writing interval also restarts
 * its count, so that "interval N, times 1" fails exactly the N-th call.
 * Root's files (0600, 0400 for failures).
 *
 * Also /proc/<pid>/make-it-fail: "0\n" or "1\n", the task filter's mark
 * (kernel/fault_task.c).
 */
#include <kernel/fs/procfs.h>
#include <kernel/sched.h>
#include <kernel/errno.h>
#include <kernel/uaccess.h>
#include <kernel/lib/string.h>
#include <kernel/printk.h>
#include <mm/fault_inject.h>

enum fault_file {
	FF_PROBABILITY, FF_INTERVAL, FF_TIMES, FF_SPACE, FF_VERBOSE, FF_TASK_FILTER,
	FF_IGNORE_GFP_WAIT, FF_MIN_ORDER, FF_SEED, FF_FAILURES, NR_FAULT_FILES
};

static const char *const fault_file_names[NR_FAULT_FILES] = {
	[FF_PROBABILITY] = "probability", [FF_INTERVAL] = "interval", [FF_TIMES] = "times",
	[FF_SPACE] = "space", [FF_VERBOSE] = "verbose", [FF_TASK_FILTER] = "task-filter",
	[FF_IGNORE_GFP_WAIT] = "ignore-gfp-wait", [FF_MIN_ORDER] = "min-order",
	[FF_SEED] = "seed", [FF_FAILURES] = "failures",
};

/* A file's id: which attribute, which file. */
static struct fault_attr *attr_of(long id)
{
	return fault_attrs[id / NR_FAULT_FILES];
}

static int fault_file_show(struct seq_buf *m, long id)
{
	struct fault_attr *attr = attr_of(id);

	switch (id % NR_FAULT_FILES) {
	case FF_PROBABILITY: seq_buf_printf(m, "%lu\n", READ_ONCE(attr->probability)); break;
	case FF_INTERVAL: seq_buf_printf(m, "%lu\n", READ_ONCE(attr->interval)); break;
	case FF_TIMES: seq_buf_printf(m, "%ld\n", READ_ONCE(attr->times)); break;
	case FF_SPACE: seq_buf_printf(m, "%ld\n", READ_ONCE(attr->space)); break;
	case FF_VERBOSE: seq_buf_printf(m, "%d\n", READ_ONCE(attr->verbose)); break;
	case FF_TASK_FILTER: seq_buf_printf(m, "%c\n", READ_ONCE(attr->task_filter) ? 'Y' : 'N'); break;
	case FF_IGNORE_GFP_WAIT:
		seq_buf_printf(m, "%c\n", READ_ONCE(attr->ignore_gfp_wait) ? 'Y' : 'N');
		break;
	case FF_MIN_ORDER: seq_buf_printf(m, "%u\n", READ_ONCE(attr->min_order)); break;
	case FF_SEED: seq_buf_printf(m, "0\n"); break;	/* write-only in spirit: the state moves */
	default: seq_buf_printf(m, "%lu\n", READ_ONCE(attr->failures)); break;
	}
	return 0;
}

/* "-12", "7": a decimal number with nothing after it. */
static int parse_number(const char *s, long *value)
{
	bool negative = *s == '-';
	long v = 0;

	s += negative;
	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 0x7fffffffffffffL)
			return -EINVAL;
		v = v * 10 + (*s - '0');
	}
	*value = negative ? -v : v;
	return 0;
}

/* debugfs's booleans: the first character, Y/y/1 or N/n/0. */
static int parse_bool(const char *s, bool *value)
{
	if (*s == 'Y' || *s == 'y' || *s == '1')
		*value = true;
	else if (*s == 'N' || *s == 'n' || *s == '0')
		*value = false;
	else
		return -EINVAL;
	return 0;
}

static int store_bool(const char *value, bool *field)
{
	bool b;

	if (parse_bool(value, &b))
		return -EINVAL;
	WRITE_ONCE(*field, b);
	return 0;
}

static int fault_file_store(const char *value, size_t len __unused, long id)
{
	struct fault_attr *attr = attr_of(id);
	unsigned long flags;
	long v;

	if (id % NR_FAULT_FILES == FF_TASK_FILTER)
		return store_bool(value, &attr->task_filter);
	if (id % NR_FAULT_FILES == FF_IGNORE_GFP_WAIT)
		return store_bool(value, &attr->ignore_gfp_wait);
	if (parse_number(value, &v))
		return -EINVAL;
	if (id % NR_FAULT_FILES == FF_SEED) {
		fault_attr_seed(attr, (u64)v);
		return 0;
	}
	spin_lock_irqsave(&attr->lock, flags);
	switch (id % NR_FAULT_FILES) {
	case FF_PROBABILITY: attr->probability = (unsigned long)MIN(MAX(v, 0L), 100L); break;
	case FF_INTERVAL: attr->interval = (unsigned long)MAX(v, 1L); attr->count = 0; break;
	case FF_TIMES: attr->times = MAX(v, -1L); break;
	case FF_SPACE: attr->space = v; break;
	case FF_VERBOSE: attr->verbose = (int)v; break;
	default: attr->min_order = (unsigned int)MIN(MAX(v, 0L), 31L); break;
	}
	spin_unlock_irqrestore(&attr->lock, flags);
	return 0;
}

static int fault_file_open(struct inode *inode, struct file *file)
{
	if ((file->f_mode & FMODE_WRITE) && current->cred.fsuid != 0)
		return -EACCES;
	return proc_open_text(file, fault_file_show, (long)inode->i_private);
}

static long fault_file_write(struct file *file, unsigned long buf, size_t len, loff_t *pos)
{
	return proc_write_value(buf, len, pos, fault_file_store, (long)file->f_inode->i_private);
}

static const struct file_operations fault_file_fops = {
	.open = fault_file_open, .read = proc_text_read, .write = fault_file_write,
	.llseek = proc_text_llseek, .release = proc_text_release,
};

void proc_fault_init(struct inode *proc)
{
	char path[64];

	for (long a = 0; fault_attrs[a]; a++)
		for (long f = 0; f < NR_FAULT_FILES; f++) {
			if (f == FF_MIN_ORDER && fault_attrs[a] != &fail_page_alloc)
				continue;
			snprintf(path, sizeof(path), "sys/debug/%s/%s", fault_attrs[a]->name,
				 fault_file_names[f]);
			proc_create(proc, path, S_IFREG | (f == FF_FAILURES ? 0400 : 0600),
				    &fault_file_fops, a * NR_FAULT_FILES + f);
		}
}

/* ------------------------------------------------------- make-it-fail */

static int show_make_it_fail(struct seq_buf *m, long pid)
{
	struct task_struct *task = find_get_task_by_pid((int)pid);

	if (!task)
		return -ENOENT;
	seq_buf_printf(m, "%d\n", READ_ONCE(task->make_it_fail));
	put_task_struct(task);
	return 0;
}

static int store_make_it_fail(const char *value, size_t len __unused, long pid)
{
	struct task_struct *task;
	long v;

	while (*value == ' ')
		value++;
	if (parse_number(value, &v) || v < 0 || v > 1)
		return -EINVAL;
	task = find_get_task_by_pid((int)pid);
	if (!task)
		return -ESRCH;
	WRITE_ONCE(task->make_it_fail, v == 1);
	put_task_struct(task);
	return 0;
}

static int make_it_fail_open(struct inode *inode, struct file *file)
{
	return proc_open_text(file, show_make_it_fail, (long)inode->i_private);
}

static long make_it_fail_write(struct file *file, unsigned long buf, size_t len, loff_t *pos)
{
	return proc_write_value(buf, len, pos, store_make_it_fail, (long)file->f_inode->i_private);
}

const struct file_operations proc_pid_make_it_fail_fops = {
	.open = make_it_fail_open, .read = proc_text_read, .write = make_it_fail_write,
	.llseek = proc_text_llseek, .release = proc_text_release,
};
