/*
 * Building the initial user stack (see kernel/exec_stack.h). The layout is
 * computed first, from the top down, and checked against the limits and
 * the buffer; only then is anything written, so a refusal writes nothing.
 * The order of the strings and of the auxv entries is Linux's
 * (fs/exec.c copies execfn, then envp, then argv downwards;
 * create_elf_tables in fs/binfmt_elf.c does the rest).
 */
#include <kernel/exec_stack.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>

/* The kernel buffer and the user addresses it stands for. */
struct stack_image {
	u8 *buf;
	unsigned long base;	/* user address of buf[0] */
};

/* Where each part goes, all user addresses. */
struct stack_layout {
	unsigned long argc, envc;
	unsigned long arg_bytes, env_bytes, execfn_bytes;
	unsigned long arg_strings, env_strings, execfn;
	unsigned long random;
	unsigned long sp;
};

/* Linux gives a program run with argc == 0 one empty argument instead. */
static const char *const empty_argv[] = { "", NULL };

#define NR_AUXV 18

/* Count a NULL-terminated string list and the bytes of its strings. */
static int count_strings(const char *const *list, unsigned long *count,
			 unsigned long *bytes)
{
	size_t len;

	*count = 0;
	*bytes = 0;
	for (; list && *list; list++) {
		len = strnlen(*list, MAX_ARG_STRLEN) + 1;
		if (len > MAX_ARG_STRLEN)
			return -E2BIG;
		(*count)++;
		*bytes += len;
	}
	return 0;
}

static int measure(const struct exec_stack_args *args, struct stack_layout *l)
{
	unsigned long total;

	if (count_strings(args->argv, &l->argc, &l->arg_bytes) ||
	    count_strings(args->envp, &l->envc, &l->env_bytes))
		return -E2BIG;
	l->execfn_bytes = strnlen(args->execfn, MAX_ARG_STRLEN) + 1;
	if (l->execfn_bytes > MAX_ARG_STRLEN)
		return -E2BIG;
	total = l->arg_bytes + l->env_bytes + l->execfn_bytes +
		(l->argc + l->envc) * sizeof(u64);
	return total > ARG_MAX ? -E2BIG : 0;
}

/*
 * From the top down: one empty word (as Linux leaves), execfn, the envp
 * strings, the argv strings, the AT_RANDOM bytes 16-byte aligned, then the
 * words argc .. AT_NULL with sp 16-byte aligned as the AArch64 ABI needs.
 */
static void place(unsigned long stack_top, struct stack_layout *l)
{
	unsigned long p = stack_top - sizeof(u64);
	unsigned long words = 1 + (l->argc + 1) + (l->envc + 1) + 2 * NR_AUXV;

	l->execfn = p -= l->execfn_bytes;
	l->env_strings = p -= l->env_bytes;
	l->arg_strings = p -= l->arg_bytes;
	p = ALIGN_DOWN(p, 16);
	l->random = p -= AT_RANDOM_BYTES;
	l->sp = ALIGN_DOWN(p - words * sizeof(u64), 16);
}

static void put_bytes(struct stack_image *st, unsigned long uaddr,
		      const void *src, size_t n)
{
	memcpy(st->buf + (uaddr - st->base), src, n);
}

static void push_word(struct stack_image *st, unsigned long *uaddr, u64 value)
{
	put_bytes(st, *uaddr, &value, sizeof(value));
	*uaddr += sizeof(value);
}

/*
 * Copy the strings of list upwards from *strings and push a pointer to
 * each at *pos, then the NULL that ends the array.
 */
static void put_string_array(struct stack_image *st, const char *const *list,
			     unsigned long *pos, unsigned long strings)
{
	size_t len;

	for (; list && *list; list++) {
		len = strlen(*list) + 1;
		put_bytes(st, strings, *list, len);
		push_word(st, pos, strings);
		strings += len;
	}
	push_word(st, pos, 0);
}

static void put_auxv(struct stack_image *st, unsigned long *pos,
		     const struct elf_load_plan *plan,
		     const struct exec_stack_args *args,
		     const struct stack_layout *l)
{
	const u64 auxv[NR_AUXV][2] = {
		{ AT_HWCAP, args->hwcap },
		{ AT_PAGESZ, PAGE_SIZE },
		{ AT_CLKTCK, USER_HZ },
		{ AT_PHDR, plan->phdr_addr },
		{ AT_PHENT, plan->phent },
		{ AT_PHNUM, plan->phnum },
		{ AT_BASE, 0 },		/* no interpreter */
		{ AT_FLAGS, 0 },
		{ AT_ENTRY, plan->entry },
		{ AT_UID, args->uid },
		{ AT_EUID, args->euid },
		{ AT_GID, args->gid },
		{ AT_EGID, args->egid },
		{ AT_SECURE, 0 },
		{ AT_RANDOM, l->random },
		{ AT_HWCAP2, 0 },
		{ AT_EXECFN, l->execfn },
		{ AT_NULL, 0 },
	};
	unsigned int i;

	for (i = 0; i < NR_AUXV; i++) {
		push_word(st, pos, auxv[i][0]);
		push_word(st, pos, auxv[i][1]);
	}
}

long create_elf_tables(const struct elf_load_plan *plan,
		       const struct exec_stack_args *args,
		       unsigned long stack_top, void *buf, size_t size)
{
	struct exec_stack_args a = *args;
	struct stack_image st = { buf, stack_top - size };
	struct stack_layout l;
	unsigned long pos;

	if (!a.argv || !a.argv[0])
		a.argv = empty_argv;
	if (measure(&a, &l))
		return -E2BIG;
	place(stack_top, &l);
	if (l.sp < st.base || l.sp > stack_top)
		return -E2BIG;
	memset(st.buf + (l.sp - st.base), 0, stack_top - l.sp);
	put_bytes(&st, l.execfn, a.execfn, l.execfn_bytes - 1);
	put_bytes(&st, l.random, a.random, AT_RANDOM_BYTES);
	pos = l.sp;
	push_word(&st, &pos, l.argc);
	put_string_array(&st, a.argv, &pos, l.arg_strings);
	put_string_array(&st, a.envp, &pos, l.env_strings);
	put_auxv(&st, &pos, plan, &a, &l);
	if (a.ranges)
		*a.ranges = (struct arg_ranges){ l.arg_strings, l.arg_strings + l.arg_bytes,
						 l.env_strings, l.env_strings + l.env_bytes };
	return l.sp;
}
