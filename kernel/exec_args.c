/*
 * Copying execve's argv and envp into the kernel. The strings go back to
 * back into one buffer that doubles as needed, so a short command line
 * costs one small allocation; the limits are Linux's (ARG_MAX for all of
 * them with their pointers, MAX_ARG_STRLEN for one), checked while
 * copying so that a huge argv cannot make the kernel allocate without end.
 */
#include <kernel/exec_args.h>
#include <kernel/exec_stack.h>
#include <kernel/uaccess.h>
#include <kernel/lib/string.h>
#include <kernel/errno.h>
#include <mm/slab.h>

#define FIRST_STRINGS_SIZE 512
#define FIRST_NR_SLOTS 16

static int grow(void **buf, size_t *size, size_t elem, size_t first)
{
	size_t new_size = *size ? *size * 2 : first;
	void *bigger = kmalloc(new_size * elem, GFP_KERNEL);

	if (!bigger)
		return -ENOMEM;
	if (*buf)
		memcpy(bigger, *buf, *size * elem);
	kfree(*buf);
	*buf = bigger;
	*size = new_size;
	return 0;
}

static size_t bytes_counted(const struct exec_args *args)
{
	return args->used + args->nr * sizeof(char *);
}

/*
 * Copy one string to the end of the buffer, growing it until the string
 * fits or a limit is reached.
 */
static int add_string(struct exec_args *args, unsigned long src, bool from_user)
{
	long len;
	int err;

	if (args->nr == args->nr_slots &&
	    (err = grow((void **)&args->offsets, &args->nr_slots, sizeof(size_t), FIRST_NR_SLOTS)))
		return err;
	for (;;) {
		size_t room = MIN(args->size - args->used, MAX_ARG_STRLEN);

		if (!room)
			len = -E2BIG;
		else if (from_user)
			len = strncpy_from_user(args->strings + args->used, src, room);
		else
			len = strscpy(args->strings + args->used, (const char *)src, room);
		if (len >= 0)
			break;
		if (len == -EFAULT)
			return -EFAULT;
		if (room == MAX_ARG_STRLEN || args->size >= ARG_MAX)
			return -E2BIG;
		if ((err = grow((void **)&args->strings, &args->size, 1, FIRST_STRINGS_SIZE)))
			return err;
	}
	args->offsets[args->nr++] = args->used;
	args->used += (size_t)len + 1;
	return bytes_counted(args) > ARG_MAX ? -E2BIG : 0;
}

int exec_args_add_user(struct exec_args *args, unsigned long uarray, bool is_argv)
{
	unsigned long ptr;
	unsigned long i;
	int err;

	for (i = 0; uarray; i++) {
		if (copy_from_user(&ptr, uarray + i * sizeof(ptr), sizeof(ptr)))
			return -EFAULT;
		if (!ptr)
			break;
		err = add_string(args, ptr, true);
		if (err)
			return err;
		if (is_argv)
			args->argc++;
	}
	return 0;
}

int exec_args_add_kernel(struct exec_args *args, const char *const *array, bool is_argv)
{
	int err;

	for (; array && *array; array++) {
		err = add_string(args, (unsigned long)*array, false);
		if (err)
			return err;
		if (is_argv)
			args->argc++;
	}
	return 0;
}

int exec_args_finish(struct exec_args *args)
{
	const char **ptrs = kmalloc((args->nr + 2) * sizeof(*ptrs), GFP_KERNEL);
	size_t i, envc = args->nr - (size_t)args->argc;

	if (!ptrs)
		return -ENOMEM;
	args->argv = ptrs;
	args->envp = ptrs + args->argc + 1;
	for (i = 0; i < (size_t)args->argc; i++)
		args->argv[i] = args->strings + args->offsets[i];
	args->argv[args->argc] = NULL;
	for (i = 0; i < envc; i++)
		args->envp[i] = args->strings + args->offsets[args->argc + i];
	args->envp[envc] = NULL;
	return 0;
}

void exec_args_free(struct exec_args *args)
{
	kfree(args->strings);
	kfree(args->offsets);
	kfree(args->argv);
	memset(args, 0, sizeof(*args));
}
