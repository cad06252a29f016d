/*
 * kernel/lib/cmdline.c: how a boot command line is cut into options and init
 * arguments, on ordinary and awkward lines (blanks only, quotes, `--` in
 * odd places, lines and argument lists over the limits).
 */
#include <string.h>
#include <kernel/lib/cmdline.h>
#include "htest.h"

#define CHECK_STR(got, want)						\
	do {								\
		const char *__g = (got), *__w = (want);			\
		if (!__g || strcmp(__g, __w))				\
			htest_fail(__FILE__, __LINE__, "%s: got \"%s\", want \"%s\"", \
				   #got, __g ? __g : "(null)", __w);	\
	} while (0)

/* Check init's arguments against a NULL-terminated list. */
static void check_init_args(const char *const *want)
{
	const char *argv[CMDLINE_MAX_INIT_ARGS];
	int n = cmdline_init_args(argv, CMDLINE_MAX_INIT_ARGS);
	int i;

	for (i = 0; want[i]; i++) {
		CHECK(i < n);
		CHECK_STR(argv[i], want[i]);
	}
	CHECK_EQ(n, i);
}

HTEST(empty_and_blank_lines)
{
	static const char *const none[] = { NULL };

	cmdline_parse("");
	CHECK(!cmdline_has("quiet"));
	CHECK(cmdline_get("") == NULL);
	check_init_args(none);
	cmdline_parse(" \t\n  \r ");
	CHECK(!cmdline_has("quiet"));
	check_init_args(none);
	CHECK_STR(boot_command_line, " \t\n  \r ");
}

HTEST(keys_values_and_flags)
{
	cmdline_parse("console=ttyAMA0  loglevel=8\trdinit=/init quiet key= a=b=c");
	CHECK_STR(cmdline_get("console"), "ttyAMA0");
	CHECK_STR(cmdline_get("loglevel"), "8");
	CHECK_STR(cmdline_get("rdinit"), "/init");
	CHECK_STR(cmdline_get("quiet"), "");
	CHECK(cmdline_has("quiet"));
	CHECK_STR(cmdline_get("key"), "");
	CHECK_STR(cmdline_get("a"), "b=c");
	CHECK(cmdline_get("console=ttyAMA0") == NULL);
	CHECK(cmdline_get("consol") == NULL);
	CHECK(cmdline_get("panic") == NULL);
	CHECK_STR(boot_command_line,
		  "console=ttyAMA0  loglevel=8\trdinit=/init quiet key= a=b=c");
}

HTEST(last_value_wins_and_dashes_match_underscores)
{
	cmdline_parse("loglevel=3 slub-debug=FZ loglevel=7 panic_timeout=5");
	CHECK_STR(cmdline_get("loglevel"), "7");
	CHECK_STR(cmdline_get("slub_debug"), "FZ");
	CHECK_STR(cmdline_get("slub-debug"), "FZ");
	CHECK_STR(cmdline_get("panic-timeout"), "5");
	CHECK(!cmdline_has("slub_debugx"));
}

HTEST(quotes_group_words_and_are_removed)
{
	static const char *const none[] = { NULL };

	cmdline_parse("ktest=\"mm buddy\" x=\"a b\"c \"rdinit=/bin/my init\" q=\"\"");
	CHECK_STR(cmdline_get("ktest"), "mm buddy");
	CHECK_STR(cmdline_get("x"), "a bc");
	CHECK_STR(cmdline_get("rdinit"), "/bin/my init");
	CHECK_STR(cmdline_get("q"), "");
	check_init_args(none);
	CHECK_STR(boot_command_line,
		  "ktest=\"mm buddy\" x=\"a b\"c \"rdinit=/bin/my init\" q=\"\"");
}

HTEST(unterminated_quote_runs_to_the_end)
{
	cmdline_parse("a=1 b=\"two words  quiet");
	CHECK_STR(cmdline_get("a"), "1");
	CHECK_STR(cmdline_get("b"), "two words  quiet");
	CHECK(!cmdline_has("quiet"));
}

HTEST(double_dash_hands_the_rest_to_init)
{
	static const char *const sh[] = { "sh", "-c", "echo hi", NULL };
	static const char *const all[] = { "quiet", "loglevel=1", NULL };
	static const char *const none[] = { NULL };
	static const char *const again[] = { "a", "--", "b", "", NULL };

	cmdline_parse("console=ttyAMA0 loglevel=8 rdinit=/init -- sh -c \"echo hi\"");
	CHECK_STR(cmdline_get("rdinit"), "/init");
	check_init_args(sh);

	cmdline_parse("-- quiet loglevel=1");
	CHECK(!cmdline_has("quiet"));
	CHECK(!cmdline_has("loglevel"));
	check_init_args(all);

	cmdline_parse("quiet --");
	CHECK(cmdline_has("quiet"));
	check_init_args(none);

	cmdline_parse("-- a -- b \"\"");
	check_init_args(again);
}

HTEST(dashes_inside_words_are_ordinary)
{
	static const char *const none[] = { NULL };
	static const char *const dash[] = { "-", NULL };

	cmdline_parse("a--b --x -- -");
	CHECK(cmdline_has("a--b"));
	CHECK(cmdline_has("__x"));
	check_init_args(dash);
	cmdline_parse("\"--\"x");
	CHECK(cmdline_has("--x"));
	check_init_args(none);
}

HTEST(reparsing_forgets_the_old_line)
{
	static const char *const none[] = { NULL };

	cmdline_parse("quiet -- init-arg");
	cmdline_parse("loglevel=2");
	CHECK(!cmdline_has("quiet"));
	CHECK_STR(cmdline_get("loglevel"), "2");
	check_init_args(none);
}

HTEST(long_lines_are_cut_safely)
{
	static char line[3 * COMMAND_LINE_SIZE];
	size_t len = 0;

	for (int i = 0; len + 16 < sizeof(line); i++)
		len += snprintf(line + len, sizeof(line) - len, "k%d=%d ", i, i);
	cmdline_parse(line);
	CHECK_EQ(strlen(boot_command_line), COMMAND_LINE_SIZE - 1);
	CHECK(!strncmp(boot_command_line, line, COMMAND_LINE_SIZE - 1));
	CHECK_STR(cmdline_get("k0"), "0");
	CHECK_STR(cmdline_get("k63"), "63");
	CHECK(!cmdline_has("k64"));		/* over CMDLINE_MAX_PARAMS */
	CHECK_EQ(cmdline_dropped.chars, len - (COMMAND_LINE_SIZE - 1));
	CHECK(cmdline_dropped.chars_from == line + COMMAND_LINE_SIZE - 1);
	CHECK(cmdline_dropped.options > 0);
	CHECK_STR(cmdline_dropped.first_option, "k64=64");
	CHECK_EQ(cmdline_dropped.init_args, 0);

	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	line[0] = '"';
	cmdline_parse(line);
	CHECK_EQ(strlen(boot_command_line), COMMAND_LINE_SIZE - 1);
	CHECK(!cmdline_has("x"));
}

HTEST(init_argument_limits)
{
	static char line[COMMAND_LINE_SIZE];
	const char *argv[CMDLINE_MAX_INIT_ARGS + 8];
	size_t len = snprintf(line, sizeof(line), "--");

	for (int i = 0; i < CMDLINE_MAX_INIT_ARGS + 8; i++)
		len += snprintf(line + len, sizeof(line) - len, " a%d", i);
	cmdline_parse(line);
	CHECK_EQ(cmdline_init_args(argv, ARRAY_SIZE(argv)), CMDLINE_MAX_INIT_ARGS);
	CHECK_STR(argv[CMDLINE_MAX_INIT_ARGS - 1], "a31");
	CHECK_EQ(cmdline_dropped.init_args, 8);
	CHECK_STR(cmdline_dropped.first_init_arg, "a32");
	CHECK_EQ(cmdline_dropped.chars, 0);
	CHECK_EQ(cmdline_dropped.options, 0);
	CHECK_EQ(cmdline_init_args(argv, 3), 3);
	CHECK_STR(argv[2], "a2");
	CHECK_EQ(cmdline_init_args(argv, 0), 0);
}

HTEST(a_line_within_the_limits_drops_nothing)
{
	cmdline_parse("rdinit=/bin/sh quiet -- a b");
	CHECK_EQ(cmdline_dropped.chars, 0);
	CHECK_EQ(cmdline_dropped.options, 0);
	CHECK_EQ(cmdline_dropped.init_args, 0);
	cmdline_parse("");
	CHECK_EQ(cmdline_dropped.chars, 0);
}

HTEST(unknown_options_are_listed_as_written)
{
	char buf[64];

	cmdline_parse("rdinit=/init foo slub-debug=FZ bar=1 \"baz=a b\" empty= quiet -- x=1 y");
	CHECK_EQ(cmdline_unknown(buf, sizeof(buf)), 4);
	CHECK_STR(buf, "foo bar=1 baz=a b empty=");
	CHECK_EQ(cmdline_unknown(buf, 8), 4);		/* cut, still counted */
	CHECK_STR(buf, "foo bar");
	cmdline_parse("panic=-1 loglevel=8 console=ttyAMA0 -- foo");
	CHECK_EQ(cmdline_unknown(buf, sizeof(buf)), 0);
	CHECK_STR(buf, "");
}
