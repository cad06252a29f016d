/* #! scripts (kernel/binfmt_script.c): how execve runs a script's interpreter. */
#ifndef KERNEL_BINFMT_SCRIPT_H
#define KERNEL_BINFMT_SCRIPT_H

#include <kernel/exec_args.h>

/* Does the file start with "#!"? */
bool is_script(const void *file, size_t size);

/*
 * The script path (size bytes read in file), run with args: its
 * interpreter's path into interp, and the interpreter's arguments and the
 * same environment into new_args (empty before, finished after). 0, or
 * -ENOEXEC for an unusable #! line, -E2BIG, -ENOMEM, -ENAMETOOLONG.
 */
int load_script(const void *file, size_t size, const char *path, const struct exec_args *args,
		char *interp, size_t interp_size, struct exec_args *new_args);

#endif
