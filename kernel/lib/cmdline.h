/*
 * The boot command line (/chosen/bootargs), split as Linux splits it:
 * words separated by blanks, each a bare `flag` or a `key=value`; double
 * quotes group blanks into a word and are removed; everything after a lone
 * `--` is handed to init as argv[1..]. The options are listed in
 * docs/cmdline.md.
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <kernel/types.h>

#define COMMAND_LINE_SIZE	1024	/* longer lines are cut */
#define CMDLINE_MAX_PARAMS	64	/* further options are dropped */
#define CMDLINE_MAX_INIT_ARGS	32	/* further init arguments too */

/* What the last cmdline_parse() could not keep, for the boot to say. */
struct cmdline_dropped {
	size_t chars;			/* characters past COMMAND_LINE_SIZE - 1 */
	const char *chars_from;		/* the first of them, in the caller's bootargs */
	int options;			/* options past CMDLINE_MAX_PARAMS */
	const char *first_option;	/* the first of them, the whole word */
	int init_args;			/* init arguments past CMDLINE_MAX_INIT_ARGS */
	const char *first_init_arg;
};
extern struct cmdline_dropped cmdline_dropped;

/* The line as received (cut to COMMAND_LINE_SIZE - 1 characters). */
extern char boot_command_line[COMMAND_LINE_SIZE];

/* Parse bootargs, replacing whatever an earlier call parsed. */
void cmdline_parse(const char *bootargs);

/*
 * The value of the last `key=value` (or "" for a bare `key`), or NULL when
 * the key is absent. As in Linux, '-' and '_' match each other in keys.
 */
const char *cmdline_get(const char *key);
bool cmdline_has(const char *key);

/* Copy up to max of init's arguments (those after `--`); returns how many. */
int cmdline_init_args(const char **argv, int max);

/*
 * The kept options tkern has no use for (not in the table of cmdline.c),
 * written as on the line ("foo bar=1", blank-separated, quotes gone) into
 * buf, cut to size (at least 1); returns how many there are.
 */
int cmdline_unknown(char *buf, size_t size);

#endif
