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
#define CMDLINE_MAX_PARAMS	64	/* further options are ignored */
#define CMDLINE_MAX_INIT_ARGS	32	/* further init arguments too */

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

#endif
