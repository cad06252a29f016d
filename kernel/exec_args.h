/*
 * The argument and environment strings of an execve, copied into the
 * kernel before the old program's memory goes away (kernel/exec_args.c).
 */
#ifndef KERNEL_EXEC_ARGS_H
#define KERNEL_EXEC_ARGS_H

#include <kernel/types.h>

struct exec_args {
	char *strings;		/* every string, NUL-terminated, back to back */
	size_t used, size;
	size_t *offsets;	/* where each string starts in strings */
	size_t nr, nr_slots;
	int argc;		/* the first argc strings are argv, the rest envp */
	const char **argv;	/* NULL-terminated arrays, made by exec_args_finish */
	const char **envp;
};

/*
 * Append the strings of a NULL-terminated array: from user space (uarray
 * is a user address; 0 means an empty array) or from the kernel. -E2BIG
 * when they pass ARG_MAX or a string passes MAX_ARG_STRLEN, -EFAULT for a
 * bad pointer, -ENOMEM. Add argv completely before envp.
 */
int exec_args_add_user(struct exec_args *args, unsigned long uarray, bool is_argv);
int exec_args_add_kernel(struct exec_args *args, const char *const *array, bool is_argv);

/* Make args->argv and args->envp; 0 or -ENOMEM. */
int exec_args_finish(struct exec_args *args);
void exec_args_free(struct exec_args *args);

#endif
