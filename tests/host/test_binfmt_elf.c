/*
 * kernel/binfmt_elf.c and kernel/exec_stack.c on the host: load plans of
 * real static AArch64 programs (built by tests/host/binfmt_elf.mk) checked
 * against readelf, the broken-file corpus of tests/user/elf-corpus, blind
 * truncations and byte flips, and the initial stack decoded back.
 * Every file is read into a buffer of its exact size, so ASan reports any
 * byte the loader reads past the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kernel/binfmt_elf.h>
#include <kernel/exec_stack.h>
#include <kernel/errno.h>
#include "htest.h"
#include "rng.h"

#define STACK_TOP 0xfffffffff000UL

static unsigned char *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long len;

	if (!f)
		htest_fail(__FILE__, __LINE__, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(len ? len : 1);
	if (fread(buf, 1, len, f) != (size_t)len)
		htest_fail(__FILE__, __LINE__, "short read on %s", path);
	fclose(f);
	*size = len;
	return buf;
}

/* Run the loader on a copy of data[0 .. size) in a buffer of exactly that size. */
static int plan_exact(const unsigned char *data, size_t size,
		      struct elf_load_plan *plan)
{
	unsigned char *copy = malloc(size ? size : 1);
	int err;

	memcpy(copy, data, size);
	err = elf_plan_load(copy, size, plan);
	free(copy);
	return err;
}

/* ---------------------------------------------------------- readelf */

struct readelf_load {
	unsigned long offset, vaddr, filesz, memsz;
	unsigned int prot;
};

struct readelf_view {
	unsigned long entry;
	unsigned int phnum;
	bool dyn;
	unsigned int nr_loads;
	struct readelf_load loads[ELF_MAX_LOADS];
};

static void parse_load(const char *line, struct readelf_view *v)
{
	struct readelf_load *l = &v->loads[v->nr_loads];
	unsigned long paddr;
	const char *flags;
	int end = 0;

	CHECK(v->nr_loads < ELF_MAX_LOADS);
	CHECK(sscanf(line, " LOAD %lx %lx %lx %lx %lx %n", &l->offset, &l->vaddr,
		     &paddr, &l->filesz, &l->memsz, &end) == 5);
	flags = line + end;
	l->prot = (flags[0] == 'R' ? PROT_READ : 0) |
		  (flags[1] == 'W' ? PROT_WRITE : 0) |
		  (flags[2] == 'E' ? PROT_EXEC : 0);
	v->nr_loads++;
}

static void readelf(const char *path, struct readelf_view *v)
{
	char cmd[512], line[512];
	FILE *p;

	memset(v, 0, sizeof(*v));
	snprintf(cmd, sizeof(cmd), "%s -hlW %s", READELF, path);
	p = popen(cmd, "r");
	CHECK(p);
	while (fgets(line, sizeof(line), p)) {
		if (strstr(line, "Entry point address:"))
			v->entry = strtoul(strchr(line, ':') + 1, NULL, 16);
		else if (strstr(line, "Number of program headers:"))
			v->phnum = strtoul(strchr(line, ':') + 1, NULL, 10);
		else if (strstr(line, "  Type:") && strstr(line, "DYN"))
			v->dyn = true;
		else if (!strncmp(line, "  LOAD ", 7))
			parse_load(line, v);
	}
	CHECK_EQ(pclose(p), 0);
	CHECK(v->nr_loads > 0);
}

/* The plan of a valid program agrees with readelf, field by field. */
static void check_sample(const char *name, bool pie)
{
	struct elf_load_plan plan;
	struct readelf_view v;
	const struct elf_segment *seg;
	unsigned char *file;
	char path[256];
	size_t size;
	unsigned int i;

	snprintf(path, sizeof(path), "%s/%s", ELF_SAMPLES, name);
	readelf(path, &v);
	file = read_file(path, &size);
	CHECK_EQ(plan_exact(file, size, &plan), 0);
	free(file);
	CHECK_EQ(plan.static_pie, pie);
	CHECK_EQ(v.dyn, pie);
	CHECK_EQ(plan.load_bias != 0, pie);
	CHECK_EQ(plan.load_bias % PAGE_SIZE, 0);
	CHECK_EQ(plan.entry, plan.load_bias + v.entry);
	CHECK_EQ(plan.phnum, v.phnum);
	CHECK_EQ(plan.phent, sizeof(Elf64_Phdr));
	CHECK_EQ(plan.nr_segments, v.nr_loads);
	for (i = 0; i < v.nr_loads; i++) {
		seg = &plan.segments[i];
		CHECK_EQ(seg->vaddr, plan.load_bias + v.loads[i].vaddr);
		CHECK_EQ(seg->offset, v.loads[i].offset);
		CHECK_EQ(seg->filesz, v.loads[i].filesz);
		CHECK_EQ(seg->memsz, v.loads[i].memsz);
		CHECK_EQ(seg->prot, v.loads[i].prot);
		CHECK_EQ(seg->start, seg->vaddr & PAGE_MASK);
		CHECK_EQ(seg->end, PAGE_ALIGN(seg->vaddr + seg->memsz));
	}
	seg = &plan.segments[plan.nr_segments - 1];
	CHECK_EQ(plan.elf_brk, seg->vaddr + seg->memsz);
	CHECK_EQ(plan.elf_bss, seg->vaddr + seg->filesz);
	CHECK_EQ(plan.start_brk, PAGE_ALIGN(plan.elf_brk));
	/* The first segment maps the file from offset 0: the table is in it. */
	CHECK_EQ(v.loads[0].offset, 0);
	CHECK_EQ(plan.phdr_addr, plan.segments[0].vaddr + sizeof(Elf64_Ehdr));
	CHECK(!plan.exec_stack);
	printf("# %s: entry %#lx, %u segments, brk %#lx\n", name, plan.entry,
	       plan.nr_segments, plan.start_brk);
}

HTEST(static_hello_matches_readelf)
{
	check_sample("hello", false);
}

HTEST(layout_demo_matches_readelf)
{
	check_sample("layout", false);
}

HTEST(static_pie_is_placed_at_dyn_base)
{
	struct elf_load_plan plan;
	unsigned char *file;
	size_t size;

	check_sample("hello-pie", true);
	file = read_file(ELF_SAMPLES "/hello-pie", &size);
	CHECK_EQ(plan_exact(file, size, &plan), 0);
	free(file);
	CHECK(plan.segments[0].vaddr <= ELF_ET_DYN_BASE);
	CHECK(ELF_ET_DYN_BASE - plan.segments[0].vaddr < 0x10000);
}

/* ---------------------------------------------------------- corpus */

static int errno_value(const char *name)
{
	static const struct { const char *name; int value; } names[] = {
		{ "ENOEXEC", ENOEXEC }, { "EINVAL", EINVAL }, { "EPERM", EPERM },
		{ "ENOMEM", ENOMEM }, { "E2BIG", E2BIG },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(names[i].name, name))
			return names[i].value;
	htest_fail(__FILE__, __LINE__, "unknown errno %s", name);
}

static void check_corpus_file(const char *name, const char *errno_name,
			      const char *reason)
{
	struct elf_load_plan plan;
	unsigned char *file;
	char path[512];
	size_t size;
	int err;

	snprintf(path, sizeof(path), "%s/corpus/%s", ELF_SAMPLES, name);
	file = read_file(path, &size);
	err = elf_plan_load(file, size, &plan);
	free(file);
	printf("# %-22s %-7s %s\n", name, errno_name, plan.reason);
	if (err != -errno_value(errno_name) || !strstr(plan.reason, reason))
		htest_fail(__FILE__, __LINE__, "%s: got %d \"%s\", want -%s \"...%s...\"",
			   name, err, plan.reason, errno_name, reason);
}

HTEST(broken_corpus_refused)
{
	char line[512], *name, *errno_name, *reason;
	FILE *manifest = fopen(ELF_SAMPLES "/corpus/MANIFEST", "r");
	int count = 0;

	CHECK(manifest);
	while (fgets(line, sizeof(line), manifest)) {
		line[strcspn(line, "\n")] = 0;
		name = strtok(line, "\t");
		errno_name = strtok(NULL, "\t");
		reason = strtok(NULL, "\t");
		CHECK(name && errno_name && reason);
		check_corpus_file(name, errno_name, reason);
		count++;
	}
	fclose(manifest);
	CHECK(count >= 30);
}

/* Files exactly on a boundary (make_corpus.py's ACCEPT list) load. */
HTEST(boundary_cases_accepted)
{
	char line[256], path[512];
	FILE *list = fopen(ELF_SAMPLES "/corpus/ACCEPT", "r");
	struct elf_load_plan plan;
	unsigned char *file;
	int count = 0, err;
	size_t size;

	CHECK(list);
	while (fgets(line, sizeof(line), list)) {
		line[strcspn(line, "\n")] = 0;
		snprintf(path, sizeof(path), "%s/corpus/%s", ELF_SAMPLES, line);
		file = read_file(path, &size);
		err = elf_plan_load(file, size, &plan);
		free(file);
		if (err)
			htest_fail(__FILE__, __LINE__, "%s: refused with %d \"%s\", must load",
				   line, err, plan.reason);
		count++;
	}
	fclose(list);
	CHECK_EQ(count, 3);
}

/* How many bytes of a valid file the loader needs: headers and segments. */
static size_t bytes_needed(const struct elf_load_plan *plan)
{
	const struct elf_segment *seg;
	size_t need = 0;

	for (seg = plan->segments; seg < plan->segments + plan->nr_segments; seg++)
		need = MAX(need, seg->offset + seg->filesz);
	return need;
}

/* Every length near the header and near the end of the last segment. */
static size_t next_step(size_t len, size_t need)
{
	if (len < 8192 || (len + 64 > need && len < need + 64))
		return 1;
	return 4093;
}

/*
 * Every prefix of a valid file that cuts a header or a segment is refused
 * with a reason; the rest of the file (section headers) is not needed.
 */
HTEST(every_truncation_refused)
{
	struct elf_load_plan plan;
	unsigned char *file;
	size_t size, len, need;
	int err = 0;

	file = read_file(ELF_SAMPLES "/hello", &size);
	CHECK_EQ(plan_exact(file, size, &plan), 0);
	need = bytes_needed(&plan);
	for (len = 0; len < size; len += next_step(len, need)) {
		err = plan_exact(file, len, &plan);
		if ((len < need) != (err == -ENOEXEC) || (err && !plan.reason[0]))
			break;
	}
	free(file);
	if (len < size)
		htest_fail(__FILE__, __LINE__, "prefix of %zu bytes (%zu needed): %d \"%s\"",
			   len, need, err, plan.reason);
}

/* Random bytes in the headers: no crash, no over-read, a reason if refused. */
HTEST(random_header_damage)
{
	struct elf_load_plan plan;
	unsigned char *file, *copy;
	size_t size, headers;
	unsigned long long rng = 0x6e6f657865632d36ULL;
	int i, j, err, refused = 0;

	file = read_file(ELF_SAMPLES "/hello", &size);
	headers = sizeof(Elf64_Ehdr) + 12 * sizeof(Elf64_Phdr);
	copy = malloc(size);
	for (i = 0; i < 3000; i++) {
		memcpy(copy, file, size);
		for (j = 0; j < 1 + (int)(rng_next(&rng) % 4); j++)
			copy[rng_next(&rng) % headers] = rng_next(&rng);
		err = elf_plan_load(copy, size, &plan);
		CHECK(err == 0 || err == -ENOEXEC || err == -EINVAL || err == -EPERM);
		CHECK(err == 0 || plan.reason[0]);
		refused += err != 0;
	}
	printf("# %d of 3000 damaged files refused\n", refused);
	free(copy);
	free(file);
}

/* ---------------------------------------------------------- initial stack */

/* A stack buffer standing for [STACK_TOP - size, STACK_TOP), filled with 0xaa. */
struct test_stack {
	unsigned char *buf;
	size_t size;
	unsigned long base;
};

static void stack_init(struct test_stack *s, size_t size)
{
	s->buf = malloc(size);
	s->size = size;
	s->base = STACK_TOP - size;
	memset(s->buf, 0xaa, size);
}

static u64 word_at(const struct test_stack *s, unsigned long uaddr)
{
	u64 w;

	CHECK(uaddr >= s->base && uaddr + 8 <= STACK_TOP && uaddr % 8 == 0);
	memcpy(&w, s->buf + (uaddr - s->base), 8);
	return w;
}

static const char *string_at(const struct test_stack *s, unsigned long uaddr)
{
	const char *str = (const char *)s->buf + (uaddr - s->base);

	CHECK(uaddr >= s->base && uaddr < STACK_TOP);
	CHECK(memchr(str, 0, STACK_TOP - uaddr));
	return str;
}

static bool untouched(const struct test_stack *s, unsigned long from, unsigned long to)
{
	unsigned long a;

	for (a = from; a < to; a++)
		if (s->buf[a - s->base] != 0xaa)
			return false;
	return true;
}

static void plan_of_hello(struct elf_load_plan *plan)
{
	unsigned char *file;
	size_t size;

	file = read_file(ELF_SAMPLES "/hello", &size);
	CHECK_EQ(plan_exact(file, size, plan), 0);
	free(file);
}

static const u8 random_bytes[AT_RANDOM_BYTES] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
};

/* Walk a pointer array from *pos; check each string and that they follow each other. */
static unsigned long check_strings(const struct test_stack *s, unsigned long *pos,
				   const char *const *want, unsigned long next_string)
{
	unsigned long p;

	for (; *want; want++) {
		p = word_at(s, *pos);
		*pos += 8;
		CHECK_EQ(p, next_string);
		CHECK(!strcmp(string_at(s, p), *want));
		next_string = p + strlen(*want) + 1;
	}
	CHECK_EQ(word_at(s, *pos), 0);
	*pos += 8;
	return next_string;
}

/* Read the auxv from pos into aux[tag] (tags below 64); returns the pair count. */
static int read_auxv(const struct test_stack *s, unsigned long pos, u64 aux[64])
{
	u64 tag;
	int n = 0;

	memset(aux, 0xff, 64 * sizeof(u64));
	do {
		tag = word_at(s, pos);
		CHECK(tag < 64);
		aux[tag] = word_at(s, pos + 8);
		pos += 16;
		n++;
	} while (tag != AT_NULL);
	return n;
}

HTEST(stack_layout_decodes)
{
	static const char *const argv[] = { "layout", "-v", "two words", NULL };
	static const char *const envp[] = { "HOME=/", "TERM=linux", NULL };
	struct arg_ranges ranges;
	struct exec_stack_args args = {
		argv, envp, "/bin/layout", random_bytes, 0x1234, 1, 2, 3, 4, &ranges,
	};
	struct elf_load_plan plan;
	struct test_stack s;
	unsigned long pos, strings;
	u64 aux[64];
	long sp;

	plan_of_hello(&plan);
	stack_init(&s, EXEC_STACK_BUF_SIZE);
	sp = create_elf_tables(&plan, &args, STACK_TOP, s.buf, s.size);
	CHECK(sp > 0 && sp % 16 == 0);
	CHECK(untouched(&s, s.base, sp));
	CHECK_EQ(word_at(&s, sp), 3);
	pos = sp + 8;
	strings = word_at(&s, pos);
	CHECK_EQ(ranges.arg_start, strings);	/* what /proc/<pid>/cmdline reads */
	strings = check_strings(&s, &pos, argv, strings);
	CHECK_EQ(ranges.arg_end, strings);
	CHECK_EQ(ranges.env_start, strings);
	strings = check_strings(&s, &pos, envp, strings);
	CHECK_EQ(ranges.env_end, strings);
	CHECK_EQ(read_auxv(&s, pos, aux), 18);
	CHECK_EQ(aux[AT_PHDR], plan.phdr_addr);
	CHECK_EQ(aux[AT_PHENT], 56);
	CHECK_EQ(aux[AT_PHNUM], plan.phnum);
	CHECK_EQ(aux[AT_PAGESZ], 4096);
	CHECK_EQ(aux[AT_BASE], 0);
	CHECK_EQ(aux[AT_FLAGS], 0);
	CHECK_EQ(aux[AT_ENTRY], plan.entry);
	CHECK_EQ(aux[AT_UID], 1);
	CHECK_EQ(aux[AT_EUID], 2);
	CHECK_EQ(aux[AT_GID], 3);
	CHECK_EQ(aux[AT_EGID], 4);
	CHECK_EQ(aux[AT_SECURE], 0);
	CHECK_EQ(aux[AT_HWCAP], 0x1234);
	CHECK_EQ(aux[AT_CLKTCK], 100);
	CHECK_EQ(aux[AT_EXECFN], strings);
	CHECK(!strcmp(string_at(&s, strings), "/bin/layout"));
	CHECK_EQ(strings + sizeof("/bin/layout"), STACK_TOP - 8);
	CHECK_EQ(word_at(&s, STACK_TOP - 8), 0);
	CHECK(aux[AT_RANDOM] >= pos + 18 * 16 && aux[AT_RANDOM] % 16 == 0);
	CHECK(!memcmp(s.buf + (aux[AT_RANDOM] - s.base), random_bytes, 16));
	CHECK(aux[AT_RANDOM] + 16 <= word_at(&s, sp + 8));
	free(s.buf);
}

HTEST(stack_empty_argv_gets_empty_string)
{
	static const char *const none[] = { NULL };
	struct exec_stack_args args = { none, none, "/init", random_bytes, 0, 0, 0, 0, 0, NULL };
	struct elf_load_plan plan;
	struct test_stack s;
	long sp;

	plan_of_hello(&plan);
	stack_init(&s, EXEC_STACK_BUF_SIZE);
	sp = create_elf_tables(&plan, &args, STACK_TOP, s.buf, s.size);
	CHECK(sp > 0);
	CHECK_EQ(word_at(&s, sp), 1);
	CHECK(!strcmp(string_at(&s, word_at(&s, sp + 8)), ""));
	CHECK_EQ(word_at(&s, sp + 16), 0);
	CHECK_EQ(word_at(&s, sp + 24), 0);
	free(s.buf);
}

/*
 * ARG_MAX counts the strings, execfn and one pointer per argument: "/x"
 * (3 bytes) plus one argument of len + 1 bytes plus 8 is exactly ARG_MAX
 * when len = ARG_MAX - 12.
 */
static long stack_with_one_arg(size_t len, struct test_stack *s)
{
	struct exec_stack_args args = { NULL, NULL, "/x", random_bytes, 0, 0, 0, 0, 0, NULL };
	const char *argv[2] = { NULL, NULL };
	struct elf_load_plan plan;
	char *arg = malloc(len + 1);
	long sp;

	memset(arg, 'a', len);
	arg[len] = 0;
	argv[0] = arg;
	args.argv = argv;
	plan_of_hello(&plan);
	sp = create_elf_tables(&plan, &args, STACK_TOP, s->buf, s->size);
	free(arg);
	return sp;
}

HTEST(stack_arg_max_boundary)
{
	struct test_stack s;

	stack_init(&s, EXEC_STACK_BUF_SIZE);
	CHECK_EQ(stack_with_one_arg(ARG_MAX - 12 + 1, &s), -E2BIG);
	CHECK(untouched(&s, s.base, STACK_TOP));
	CHECK(stack_with_one_arg(ARG_MAX - 12, &s) > 0);
	free(s.buf);
}

HTEST(stack_too_much_environment)
{
	static char big[4000];
	const char *envp[41];
	struct exec_stack_args args = { NULL, envp, "/x", random_bytes, 0, 0, 0, 0, 0, NULL };
	struct elf_load_plan plan;
	struct test_stack s;
	int i;

	memset(big, 'e', sizeof(big) - 1);
	for (i = 0; i < 40; i++)
		envp[i] = big;
	envp[40] = NULL;
	plan_of_hello(&plan);
	stack_init(&s, EXEC_STACK_BUF_SIZE);
	CHECK_EQ(create_elf_tables(&plan, &args, STACK_TOP, s.buf, s.size), -E2BIG);
	CHECK(untouched(&s, s.base, STACK_TOP));
	envp[30] = NULL;
	CHECK(create_elf_tables(&plan, &args, STACK_TOP, s.buf, s.size) > 0);
	free(s.buf);
}

HTEST(stack_buffer_too_small)
{
	static const char *const argv[] = { "prog", NULL };
	struct exec_stack_args args = { argv, NULL, "/prog", random_bytes, 0, 0, 0, 0, 0, NULL };
	struct elf_load_plan plan;
	struct test_stack s;

	plan_of_hello(&plan);
	stack_init(&s, 256);
	CHECK_EQ(create_elf_tables(&plan, &args, STACK_TOP, s.buf, s.size), -E2BIG);
	CHECK(untouched(&s, s.base, STACK_TOP));
	free(s.buf);
	stack_init(&s, 512);
	CHECK(create_elf_tables(&plan, &args, STACK_TOP, s.buf, s.size) > 0);
	free(s.buf);
}
