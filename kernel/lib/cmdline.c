/*
 * Boot command line parsing (see kernel/lib/cmdline.h). The line is copied
 * twice: boot_command_line keeps it as received, and a second copy is cut
 * into words in place, quotes removed, each key ended at its '='. The
 * option table and init's argv then point into that copy, so nothing is
 * allocated: this runs before any allocator exists.
 */
#include <kernel/lib/cmdline.h>
#include <kernel/lib/string.h>

struct cmdline_param {
	const char *key;
	const char *value;	/* bare_word for a bare word, "" for `key=` */
};

static const char bare_word[] = "";

char boot_command_line[COMMAND_LINE_SIZE];
static char words[COMMAND_LINE_SIZE];
static struct cmdline_param params[CMDLINE_MAX_PARAMS];
static int nr_params;
static const char *init_args[CMDLINE_MAX_INIT_ARGS];
static int nr_init_args;
struct cmdline_dropped cmdline_dropped;

/*
 * Every option some part of tkern looks up (docs/cmdline.md lists them):
 * the others are reported as unknown. A new option joins this table.
 */
static const char *const known_options[] = {
	"rdinit", "console", "loglevel", "quiet", "panic", "ktest", "kbench", "slub_debug",
	"asid_bits", "spinlock", "failslab", "fail_page_alloc", "fail_vmalloc",
	"watchdog_thresh", "nowatchdog", "nosoftlockup", "softlockup_panic",
	"hung_task_timeout_secs", "hung_task_panic", "page_table_check", "prove_locking",
};

static bool is_blank(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/*
 * Cut the word starting at *pos (not a blank): remove its quotes, where
 * blanks do not end it, and terminate it. Returns it and moves *pos past
 * it. The word only shrinks, so it is rewritten where it lies.
 */
static char *next_word(char **pos)
{
	char *word = *pos, *in = *pos, *out = *pos;
	bool in_quote = false;

	for (; *in && (in_quote || !is_blank(*in)); in++) {
		if (*in == '"')
			in_quote = !in_quote;
		else
			*out++ = *in;
	}
	*pos = *in ? in + 1 : in;
	*out = '\0';
	return word;
}

static void add_param(char *word)
{
	char *equals = strchr(word, '=');

	if (nr_params == CMDLINE_MAX_PARAMS) {
		if (!cmdline_dropped.options++)
			cmdline_dropped.first_option = word;
		return;
	}
	params[nr_params].key = word;
	params[nr_params].value = bare_word;
	if (equals) {
		*equals = '\0';
		params[nr_params].value = equals + 1;
	}
	nr_params++;
}

static void add_init_arg(const char *word)
{
	if (nr_init_args < CMDLINE_MAX_INIT_ARGS)
		init_args[nr_init_args++] = word;
	else if (!cmdline_dropped.init_args++)
		cmdline_dropped.first_init_arg = word;
}

void cmdline_parse(const char *bootargs)
{
	char *pos = words;
	bool after_dashes = false;

	size_t len = strlen(bootargs);

	strscpy(boot_command_line, bootargs, sizeof(boot_command_line));
	strscpy(words, bootargs, sizeof(words));
	nr_params = 0;
	nr_init_args = 0;
	memset(&cmdline_dropped, 0, sizeof(cmdline_dropped));
	if (len >= COMMAND_LINE_SIZE) {
		cmdline_dropped.chars = len - (COMMAND_LINE_SIZE - 1);
		cmdline_dropped.chars_from = bootargs + COMMAND_LINE_SIZE - 1;
	}
	for (;;) {
		char *word;

		while (is_blank(*pos))
			pos++;
		if (*pos == '\0')
			break;
		word = next_word(&pos);
		if (after_dashes) {
			add_init_arg(word);
		} else if (!strcmp(word, "--")) {
			after_dashes = true;
		} else {
			add_param(word);
		}
	}
}

/* Keys compare with '-' and '_' as the same character, as in Linux. */
static bool key_equal(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char ca = *a == '-' ? '_' : *a;
		char cb = *b == '-' ? '_' : *b;

		if (ca != cb)
			return false;
	}
	return *a == *b;
}

const char *cmdline_get(const char *key)
{
	for (int i = nr_params - 1; i >= 0; i--) {
		if (key_equal(params[i].key, key))
			return params[i].value;
	}
	return NULL;
}

bool cmdline_has(const char *key)
{
	return cmdline_get(key) != NULL;
}

int cmdline_init_args(const char **argv, int max)
{
	int n = MIN(max, nr_init_args);

	for (int i = 0; i < n; i++)
		argv[i] = init_args[i];
	return n;
}

static bool known(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(known_options); i++)
		if (key_equal(key, known_options[i]))
			return true;
	return false;
}

/* Add str to the NUL-terminated text in buf, as much as fits. */
static void append(char *buf, size_t size, const char *str)
{
	size_t len = strlen(buf);

	strscpy(buf + len, str, size - len);
}

int cmdline_unknown(char *buf, size_t size)
{
	int n = 0;

	buf[0] = '\0';
	for (int i = 0; i < nr_params; i++) {
		if (known(params[i].key))
			continue;
		if (n++)
			append(buf, size, " ");
		append(buf, size, params[i].key);
		if (params[i].value != bare_word) {
			append(buf, size, "=");
			append(buf, size, params[i].value);
		}
	}
	return n;
}
