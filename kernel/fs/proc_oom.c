/*
 * /proc/<pid>/oom_score, oom_score_adj and oom_adj (and the same in
 * task/<tid>/): what the OOM killer (mm/oom_kill.c) thinks of a process,
 * and the bias its owner may give it, as Linux's fs/proc/base.c has them.
 *
 * oom_score is the badness scaled to 0..2000 (0 for what is never chosen,
 * init and kernel threads included). oom_score_adj is the process's
 * (its signal_struct's: every thread shares it, fork copies it, execve
 * keeps it), -1000..1000. Going below oom_score_adj_min, which only a
 * root writer moves (to what it writes), needs root (Linux's
 * CAP_SYS_RESOURCE): so a process may raise its own value and lower it
 * again, but not below where root left it. Who may write at all is the
 * file's mode, 0644, owned by the process's effective uid.
 *
 * The legacy oom_adj (-17..15) is the same value on another scale; its
 * writes may not go below the current value without root.
 */
#include <kernel/fs/procfs.h>
#include <kernel/sched.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>
#include <kernel/printk.h>
#include <mm/oom.h>

#define PROC_NUMBUF 13	/* Linux's: a write is cut to 12 bytes */
#define OOM_DISABLE (-17)	/* the legacy oom_adj's range */
#define OOM_ADJUST_MAX 15

static bool oom_adj_warned;	/* the legacy file's deprecation is said once */

static int show_oom_score(struct seq_buf *m, long pid)
{
	struct task_struct *task = find_get_task_by_pid((int)pid);

	if (!task)
		return -ESRCH;
	seq_buf_printf(m, "%lu\n", oom_score(task));
	put_task_struct(task);
	return 0;
}

static int show_oom_score_adj(struct seq_buf *m, long pid)
{
	struct task_struct *task = find_get_task_by_pid((int)pid);

	if (!task)
		return -ESRCH;
	seq_buf_printf(m, "%d\n", READ_ONCE(task->signal->oom_score_adj));
	put_task_struct(task);
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Linux's strstrip: s without the white space around it (cut in place). */
static char *strstrip(char *s)
{
	size_t len = strlen(s);

	while (len && is_space(s[len - 1]))
		s[--len] = '\0';
	while (is_space(*s))
		s++;
	return s;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 16;
}

/*
 * Linux's kstrtoint(s, 0, res): a sign, then 0x for hexadecimal or 0 for
 * octal, at least one digit, and at most a newline after them; -EINVAL
 * otherwise, -ERANGE beyond an int. s is at most 12 bytes, so the digits
 * cannot overflow a long long.
 */
static int kstrtoint(const char *s, int *res)
{
	bool negative = *s == '-';
	long long value = 0;
	int base = 10, digits = 0;

	if (*s == '-' || *s == '+')
		s++;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16) {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	for (; digit_value(*s) < base; s++, digits++)
		value = value * base + digit_value(*s);
	if (*s == '\n')
		s++;
	if (!digits || *s)
		return -EINVAL;
	value = negative ? -value : value;
	if (value != (int)value)
		return -ERANGE;
	*res = (int)value;
	return 0;
}

/*
 * Linux's __set_oom_adj, without its vfork and shared-mm cases
 * (docs/oom.md). The legacy file's floor is the current value itself,
 * and it leaves oom_score_adj_min alone.
 */
static int set_oom_adj(int pid, int value, bool legacy)
{
	struct task_struct *task = find_get_task_by_pid(pid);
	struct signal_struct *signal;
	bool privileged = current->cred.euid == 0;
	int err = 0, floor;

	if (!task)
		return -ESRCH;
	signal = task->signal;
	floor = legacy ? READ_ONCE(signal->oom_score_adj) : READ_ONCE(signal->oom_score_adj_min);
	if (value < floor && !privileged)
		err = -EACCES;
	if (!err) {
		WRITE_ONCE(signal->oom_score_adj, (short)value);
		if (privileged && !legacy)
			WRITE_ONCE(signal->oom_score_adj_min, (short)value);
	}
	put_task_struct(task);
	return err;
}

/* A write of at most 12 bytes, parsed: 0 or an errno. */
static int read_oom_value(unsigned long buf, size_t *len, int *value)
{
	char buffer[PROC_NUMBUF] = { 0 };

	*len = MIN(*len, sizeof(buffer) - 1);
	if (copy_from_user(buffer, buf, *len))
		return -EFAULT;
	return kstrtoint(strstrip(buffer), value);
}

static long oom_score_adj_write(struct file *file, unsigned long buf, size_t len,
				loff_t *pos __unused)
{
	int value, err = read_oom_value(buf, &len, &value);

	if (!err && (value < OOM_SCORE_ADJ_MIN || value > OOM_SCORE_ADJ_MAX))
		err = -EINVAL;
	if (!err)
		err = set_oom_adj((int)(long)file->f_inode->i_private, value, false);
	return err ? err : (long)len;
}

/*
 * The legacy oom_adj, -17 (OOM_DISABLE) .. 15, is oom_score_adj scaled by
 * 17 / 1000, rounding toward 0, and at most 15; a write of 15 stands for 1000.
 */
static int show_oom_adj(struct seq_buf *m, long pid)
{
	struct task_struct *task = find_get_task_by_pid((int)pid);
	int adj;

	if (!task)
		return -ESRCH;
	adj = READ_ONCE(task->signal->oom_score_adj);
	put_task_struct(task);
	seq_buf_printf(m, "%d\n", MIN(adj * -OOM_DISABLE / OOM_SCORE_ADJ_MAX, OOM_ADJUST_MAX));
	return 0;
}

static long oom_adj_write(struct file *file, unsigned long buf, size_t len, loff_t *pos __unused)
{
	int pid = (int)(long)file->f_inode->i_private;
	int value, err = read_oom_value(buf, &len, &value);

	if (!err && (value < OOM_DISABLE || value > OOM_ADJUST_MAX))
		err = -EINVAL;
	if (err)
		return err;
	value = value == OOM_ADJUST_MAX ? OOM_SCORE_ADJ_MAX :
		value * OOM_SCORE_ADJ_MAX / -OOM_DISABLE;
	err = set_oom_adj(pid, value, true);
	if (err)
		return err;
	if (!__atomic_exchange_n(&oom_adj_warned, true, __ATOMIC_RELAXED))
		pr_warn("%s (%d): /proc/%d/oom_adj is deprecated, please use "
			"/proc/%d/oom_score_adj instead.\n", current->comm, current->pid, pid, pid);
	return (long)len;
}

static int oom_score_open(struct inode *inode, struct file *file)
{
	return proc_open_text(file, show_oom_score, (long)inode->i_private);
}

static int oom_score_adj_open(struct inode *inode, struct file *file)
{
	return proc_open_text(file, show_oom_score_adj, (long)inode->i_private);
}

static int oom_adj_open(struct inode *inode, struct file *file)
{
	return proc_open_text(file, show_oom_adj, (long)inode->i_private);
}

const struct file_operations proc_oom_adj_fops = {
	.open = oom_adj_open, .write = oom_adj_write, PROC_TEXT_OPS,
};
const struct file_operations proc_oom_score_fops = { .open = oom_score_open, PROC_TEXT_OPS };
const struct file_operations proc_oom_score_adj_fops = {
	.open = oom_score_adj_open, .write = oom_score_adj_write, PROC_TEXT_OPS,
};
