/*
 * #! scripts, as Linux's fs/binfmt_script.c runs them. A file that starts
 * with "#!" names its interpreter on that first line, with at most one
 * argument (everything after the name's first space or tab, inner spaces
 * kept, trailing ones dropped); execve then runs the interpreter with
 *
 *	argv = interpreter [argument] script-path original-argv[1..]
 *
 * and the same environment. Only the file's first BINPRM_BUF_SIZE bytes
 * are read: a line that does not end within them is accepted only if the
 * interpreter's name does, and otherwise fails with ENOEXEC, rather than
 * running a truncated path. The interpreter may be a script itself;
 * kernel/exec.c stops such a chain with ELOOP after Linux's 5 rewrites.
 */
#include <kernel/binfmt_script.h>
#include <kernel/lib/string.h>
#include <kernel/errno.h>
#include <mm/slab.h>

#define BINPRM_BUF_SIZE 256

static bool spacetab(char c)
{
	return c == ' ' || c == '\t';
}

static char *next_non_spacetab(char *s, const char *end)
{
	for (; s < end; s++)
		if (!spacetab(*s))
			return s;
	return NULL;
}

static char *next_terminator(char *s, const char *end)
{
	for (; s < end; s++)
		if (spacetab(*s) || !*s)
			return s;
	return NULL;
}

/* Linux's strnchr: the first c in s[0..count), stopping at a NUL. */
static char *strnchr(char *s, size_t count, char c)
{
	for (; count-- && *s; s++)
		if (*s == c)
			return s;
	return NULL;
}

bool is_script(const void *file, size_t size)
{
	return size >= 2 && !memcmp(file, "#!", 2);
}

/* Find the interpreter and its argument in buf, NUL-terminating them; -ENOEXEC if unusable. */
static int parse_line(char *buf, char **name, char **arg)
{
	char *buf_end = buf + BINPRM_BUF_SIZE - 1;
	char *i_end = strnchr(buf, BINPRM_BUF_SIZE, '\n'), *i_sep;

	if (!i_end) {
		i_end = next_non_spacetab(buf + 2, buf_end);
		if (!i_end || !next_terminator(i_end, buf_end))
			return -ENOEXEC;	/* all blanks, or a name cut off by the limit */
		i_end = buf_end;
	}
	while (spacetab(i_end[-1]))
		i_end--;
	*name = next_non_spacetab(buf + 2, i_end);
	if (!*name || *name == i_end)
		return -ENOEXEC;
	*arg = NULL;
	i_sep = next_terminator(*name, i_end);
	if (i_sep && *i_sep)
		*arg = next_non_spacetab(i_sep, i_end);
	*i_end = '\0';
	if (*arg)
		*i_sep = '\0';
	return 0;
}

int load_script(const void *file, size_t size, const char *path, const struct exec_args *args,
		char *interp, size_t interp_size, struct exec_args *new_args)
{
	char buf[BINPRM_BUF_SIZE] = { 0 };	/* a short file reads as NUL-padded, as in Linux */
	const char **argv;
	char *name, *arg;
	int i, n = 0, err;

	memcpy(buf, file, MIN(size, sizeof(buf)));
	err = parse_line(buf, &name, &arg);
	if (err)
		return err;
	if (strlen(name) >= interp_size)
		return -ENAMETOOLONG;
	argv = kmalloc((args->argc + 3) * sizeof(*argv), GFP_KERNEL);
	if (!argv)
		return -ENOMEM;
	argv[n++] = name;
	if (arg)
		argv[n++] = arg;
	argv[n++] = path;	/* in place of the caller's argv[0] */
	for (i = 1; i < args->argc; i++)
		argv[n++] = args->argv[i];
	argv[n] = NULL;
	err = exec_args_add_kernel(new_args, argv, true);
	if (!err)
		err = exec_args_add_kernel(new_args, args->envp, false);
	if (!err)
		err = exec_args_finish(new_args);
	if (!err)
		strscpy(interp, name, interp_size);
	kfree(argv);
	return err;
}
