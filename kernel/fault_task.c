/*
 * Fault injection from the running task's side (mm/fault_inject.h makes
 * the decisions): the mark that /proc/<pid>/make-it-fail sets (fork
 * copies it, as in Linux), the boot options, and a check Linux does not
 * have: a system call on which a failure was forced must end in success
 * or in an error a caller can expect of memory running out (ENOMEM,
 * EAGAIN, or EINTR and the restarts when a signal came meanwhile). Any
 * other error means an error path turned "no memory" into something else
 * (an ENOENT for a file that exists, say), and is reported.
 */
#include <kernel/fault_task.h>
#include <kernel/sched.h>
#include <kernel/printk.h>
#include <kernel/errno.h>
#include <kernel/lib/cmdline.h>
#include <asm/stacktrace.h>
#include <mm/fault_inject.h>

bool fault_current_may_fail(void)
{
	return current->make_it_fail;
}

void fault_current_failed(bool backtrace)
{
	current->fault_injected = true;
	if (backtrace)
		dump_stack();
}

static bool expected_error(long ret)
{
	return ret >= 0 || ret == -ENOMEM || ret == -EAGAIN || ret == -EINTR ||
	       ret == -ERESTARTSYS || ret == -ERESTARTNOHAND;
}

void fault_check_syscall(u64 nr, long ret)
{
	if (!expected_error(ret))
		pr_warn("FAULT_INJECTION: %s[%d]: system call %llu returned %ld after a forced failure\n",
			current->comm, current->pid, (unsigned long long)nr, ret);
}

void fault_inject_setup(void)
{
	for (unsigned int i = 0; fault_attrs[i]; i++) {
		const char *value = cmdline_get(fault_attrs[i]->name);

		if (value && setup_fault_attr(fault_attrs[i], value))
			pr_warn("FAULT_INJECTION: failed to parse arguments: %s=%s\n",
				fault_attrs[i]->name, value);
	}
}
