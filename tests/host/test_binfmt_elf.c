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
