/*
 * /proc: a small pseudo file system grown on ramfs (kernel/fs/procfs.c).
 * Its files hold no data: each open runs a generator that writes the
 * text into a buffer the file then reads from, so what one open sees is
 * a snapshot. The per-process directories are made when first looked
 * up and dropped when their thread exits (proc_flush_pid).
 */
#ifndef KERNEL_PROCFS_H
#define KERNEL_PROCFS_H

#include <kernel/types.h>
#include <kernel/lib/seq_buf.h>
#include <kernel/fs/fs.h>

struct inode;
struct task_struct;

/* Make /proc and its fixed entries; at boot, with vfs_lock held. */
void proc_init(void);

/*
 * Thread pid of process tgid has left its address space (it can no
 * longer be looked up): drop /proc/<pid> and /proc/<tgid>/task/<pid> now,
 * as Linux's proc_flush_pid does at release. Takes vfs_lock.
 */
void proc_flush_pid(int tgid, int pid);

/* /proc/meminfo, also the monitor's meminfo command (kernel/fs/proc_meminfo.c). */
void meminfo_show(struct seq_buf *m);
void vmstat_show(struct seq_buf *m);
/* /proc/uptime and /proc/loadavg (kernel/fs/proc_misc.c), /proc/version (kernel/utsname.c). */
void uptime_show(struct seq_buf *m);
void loadavg_show(struct seq_buf *m);
void version_show(struct seq_buf *m);
/* /proc/cpuinfo (arch/arm64/kernel/cpuinfo.c), /proc/stat (kernel/fs/proc_stat.c). */
void cpuinfo_show(struct seq_buf *m);
void stat_show(struct seq_buf *m);
/* /proc/devices: the character devices by major (kernel/fs/char_dev.c). */
void devices_show(struct seq_buf *m);
/* /proc/filesystems and the text of /proc/<pid>/mounts (kernel/fs/namespace.c). */
void filesystems_show(struct seq_buf *m);
void mounts_show(struct seq_buf *m);

/* The utsname fields /proc/sys/kernel shows, and hostname's setter (kernel/utsname.c). */
enum uts_field { UTS_HOSTNAME, UTS_OSTYPE, UTS_OSRELEASE };
void uts_field_show(struct seq_buf *m, enum uts_field which);
void set_hostname(const char *name, size_t len);

/* /proc/sys (kernel/fs/proc_sys.c); what its writable files keep for others. */
void proc_sys_init(struct inode *proc);
extern unsigned int pipe_max_size;
/*
 * A write to a sysctl-like file: the text (at most 256 bytes, one trailing
 * newline dropped) to store(value, its length, id); len, or store's error.
 */
long proc_write_value(unsigned long buf, size_t len, loff_t *pos,
		      int (*store)(const char *value, size_t len, long id), long id);

/* /proc/sys/debug/<failslab ...>/ and /proc/<pid>/make-it-fail (kernel/fs/proc_fault.c). */
void proc_fault_init(struct inode *proc);
extern const struct file_operations proc_pid_make_it_fail_fops;

/*
 * dir's subdirectory name, made with mode if missing, as the kernel's
 * (names in it cannot be made or removed by path); NULL when memory runs
 * out. vfs_lock held. proc_mark_kernel_dir makes dir the kernel's.
 */
struct inode *proc_mkdir(struct inode *dir, const char *name, umode_t mode);
void proc_mark_kernel_dir(struct inode *dir);

/*
 * A file at path below dir (directories on the way made as the kernel's),
 * opened with fops, with id in i_private; NULL when memory runs out.
 * vfs_lock held.
 */
struct inode *proc_create(struct inode *dir, const char *path, umode_t mode,
			  const struct file_operations *fops, long id);

/*
 * The text of a /proc file for pid (0 for the kernel-wide files) into
 * m: 0, or -ENOENT when the process is gone. Used by kernel/fs/proc_pid.c.
 */
typedef int (*proc_show_t)(struct seq_buf *m, long id);

/* /proc/<pid>/ entries (kernel/fs/proc_pid.c); vfs_lock held. */
int proc_pid_fill(struct inode *dir, int pid);
/*
 * Give dir and everything below it the process's effective uid and gid,
 * as Linux shows a process's entries (they follow a setuid at the next
 * lookup); vfs_lock held.
 */
void proc_pid_set_owner(struct inode *dir, int pid);
/* fd/, fdinfo/, cwd and root of /proc/<pid>/ (kernel/fs/proc_fd.c); vfs_lock held. */
int proc_fd_fill(struct inode *dir, int pid);
/* exe's target for pid into buf (NUL-terminated); 0 or -ENOENT. */
int proc_pid_exe(int pid, char *buf, size_t size);

/*
 * Numbered directories (/proc/<pid>, /proc/<pid>/task/<tid>) kept in step
 * with the live tasks; vfs_lock held. One: the entry name in dir is made
 * with make() if alive() says the id lives, else dropped. All: dir's
 * numbered entries become exactly ids.
 */
void proc_sync_one(struct inode *dir, const char *name, unsigned int len,
		   bool (*alive)(struct inode *dir, int id),
		   void (*make)(struct inode *dir, int id));
void proc_sync_all(struct inode *dir, const int *ids, int n,
		   void (*make)(struct inode *dir, int id));

/* Open file operations for a file whose text show() makes. */
int proc_open_text(struct file *file, proc_show_t show, long id);
long proc_text_read(struct file *file, unsigned long buf, size_t len, loff_t *pos);
loff_t proc_text_llseek(struct file *file, loff_t offset, int whence);
void proc_text_release(struct file *file);
#define PROC_TEXT_OPS .read = proc_text_read, .llseek = proc_text_llseek, \
	.release = proc_text_release

/* /proc/<pid>/limits and task/<tid>/limits (kernel/fs/proc_limits.c). */
extern const struct file_operations proc_pid_limits_fops;
/* /proc/<pid>/oom_score, oom_score_adj and oom_adj (kernel/fs/proc_oom.c). */
extern const struct file_operations proc_oom_score_fops, proc_oom_score_adj_fops,
	proc_oom_adj_fops;

/* /proc/<pid>/smaps, smaps_rollup and pagemap (kernel/fs/proc_task_mmu.c). */
extern const struct file_operations proc_pid_smaps_fops;
extern const struct file_operations proc_pid_smaps_rollup_fops;
extern const struct file_operations proc_pid_pagemap_fops;
struct vm_area_struct;
/*
 * Add the pages of vma present now that are a file's to *file, those of
 * shared anonymous memory to *shmem (status's RssFile, RssShmem; statm's
 * shared): under the mm's mmap_lock.
 */
void proc_count_shared_pages(struct vm_area_struct *vma, unsigned long *file,
			     unsigned long *shmem);

#endif
