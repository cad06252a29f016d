/* System calls (kernel/sys.c) and the user-process life cycle (kernel/exec.c). */
#ifndef KERNEL_SYSCALLS_H
#define KERNEL_SYSCALLS_H

#include <kernel/types.h>
#include <kernel/spinlock.h>

/* Run system call nr with the six argument registers; the result or -errno. */
long invoke_syscall(u64 x8, const u64 *args);

/*
 * Replace the running kernel thread's (empty) user side by the program at
 * path, with argv (NULL-terminated; NULL for just the path), and enter it
 * at EL0. Returns only on failure, with -errno.
 */
int exec_first_process(const char *path, const char *const *argv);

/*
 * End the running process. status is the exit code (0-255) from exit, or
 * a signal number for a process killed by one; the first process's end
 * powers the machine off, as Linux's does.
 */
void __noreturn do_exit_user(int status);
#define EXIT_BY_SIGNAL 0x100	/* or'ed into status: killed, not exited */
#define EXIT_CORE_DUMPED 0x80	/* with EXIT_BY_SIGNAL: Linux would have written a core */
/* exit_group and fatal signals: every thread of the process ends. */
void __noreturn do_group_exit(int status);

/* A process ends and waits, as a zombie, for its parent's wait4. */
void __noreturn exit_to_zombie(int status);
extern struct task_struct *init_process;
/* Guards the parent/child links (kernel/exit.c). */
extern spinlock_t tasklist_lock;

long sys_clone(u64 flags, u64 newsp, u64 parent_tid, u64 tls, u64 child_tid, u64 a5);
long sys_clone3(u64 uargs, u64 size, u64 a2, u64 a3, u64 a4, u64 a5);

struct mm_struct;
struct signal_struct;
/* Threads of an mm (kernel/fork.c): the last user's put tears it down. */
void mm_put_user(struct task_struct *task, struct mm_struct *mm);
/*
 * What a task owes user space when it leaves its memory (exit, execve):
 * its robust futexes released, clear_child_tid zeroed and woken (how
 * pthread_join wakes), its vfork parent let go. current only.
 */
void mm_release(struct task_struct *task);
/* mm_release's first half, which execve does before building the new program. */
void mm_release_futexes(struct task_struct *task);
void complete_vfork_done(struct task_struct *task);
/*
 * execve from a task sharing its signal actions with another process
 * (clone(CLONE_SIGHAND) without CLONE_THREAD): it takes a copy of its own
 * first, so resetting the handlers leaves the other's alone. 0 or -ENOMEM.
 */
int unshare_sighand(struct task_struct *task);
/*
 * execve from a process with several threads: kill the others and wait
 * for them; a thread other than the leader takes the leader's place and
 * pid (Linux's de_thread). 0, or -EAGAIN when the process is being killed.
 */
int de_thread(struct task_struct *task);
long sys_wait4(u64 pid, u64 wstatus, u64 options, u64 rusage, u64 a4, u64 a5);
long sys_waitid(u64 which, u64 upid, u64 infop, u64 options, u64 rusage, u64 a5);
long sys_execve(u64 path, u64 argv, u64 envp, u64 a3, u64 a4, u64 a5);
long sys_prctl(u64 option, u64 arg2, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_uname(u64 buf, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_personality(u64 persona, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_sethostname(u64 name, u64 len, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_setdomainname(u64 name, u64 len, u64 a2, u64 a3, u64 a4, u64 a5);

#endif
