/*
 * The initial user stack of a new program, as the ELF ABI and Linux lay it
 * out: argc, the argv and envp pointer arrays, the auxiliary vector, and
 * above them the strings and AT_RANDOM's bytes. It is built in a kernel
 * buffer that stands for the top of the stack; the caller maps that buffer
 * (or copies it) at the user address it stands for. docs/exec.md draws it.
 */
#ifndef KERNEL_EXEC_STACK_H
#define KERNEL_EXEC_STACK_H

#include <kernel/types.h>
#include <kernel/binfmt_elf.h>

/*
 * How much argument and environment a program may receive: the strings
 * (with execfn) plus one pointer for each argv and envp entry. Linux allows
 * a quarter of the stack rlimit (2 MiB with the usual 8 MiB) but never less
 * than ARG_MAX, 128 KiB; we keep that minimum.
 */
#define ARG_MAX (32 * PAGE_SIZE)

/* Linux's limit for one string: 32 pages. */
#define MAX_ARG_STRLEN (32 * PAGE_SIZE)

/* A buffer this large holds any layout create_elf_tables accepts. */
#define EXEC_STACK_BUF_SIZE (ARG_MAX + PAGE_SIZE)

/* The AArch64 tick rate user space sees (sysconf(_SC_CLK_TCK)). */
#define USER_HZ 100

#define AT_RANDOM_BYTES 16

/* Where the argv and envp strings went (for /proc/<pid>/cmdline and environ). */
struct arg_ranges {
	unsigned long arg_start, arg_end;
	unsigned long env_start, env_end;
};

struct exec_stack_args {
	const char *const *argv;	/* NULL-terminated, kernel copies */
	const char *const *envp;	/* NULL-terminated */
	const char *execfn;		/* the path execve was given */
	const u8 *random;		/* AT_RANDOM_BYTES bytes */
	unsigned long hwcap;
	unsigned int uid, euid, gid, egid;
	struct arg_ranges *ranges;	/* filled in when not NULL */
};

/*
 * Lay out the initial stack for a program whose plan is *plan. buf stands
 * for user addresses [stack_top - size, stack_top); stack_top is 16-byte
 * aligned. Returns the initial sp (a user address), or -E2BIG when the
 * arguments exceed ARG_MAX or MAX_ARG_STRLEN or do not fit in buf.
 */
long create_elf_tables(const struct elf_load_plan *plan,
		       const struct exec_stack_args *args,
		       unsigned long stack_top, void *buf, size_t size);

#endif
