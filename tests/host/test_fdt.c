/*
 * kernel/lib/fdt.c on real device trees dumped from QEMU's virt machine and on
 * hand-written ones (tests/host/dts/), all built into build/host/ by
 * fdt.mk. Each blob is loaded into a buffer of exactly its size, so ASan
 * reports any read past its end. The same walk is then run over truncated
 * and randomly corrupted copies: it must end, and read nothing outside.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kernel/lib/fdt.h>
#include <kernel/errno.h>
#include "htest.h"

#define VIRT_BOOTARGS "console=ttyAMA0 loglevel=8 rdinit=/init -- sh -c \"echo hi\""

static u8 *load_blob(const char *path, size_t *sizep)
{
	FILE *f = fopen(path, "rb");
	u8 *blob;
	long size;

	if (!f)
		htest_fail(__FILE__, __LINE__,
			   "cannot open %s: build it with make and run from the repository root",
			   path);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	blob = malloc(size);
	if (!blob || fread(blob, 1, size, f) != (size_t)size)
		htest_fail(__FILE__, __LINE__, "cannot read %s", path);
	fclose(f);
	if (sizep)
		*sizep = size;
	return blob;
}

static void put_u32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* The reg entries of every device_type = "memory" node, in order. */
static int memory_ranges(const void *fdt, u64 *base, u64 *size, int max)
{
	int n = 0;

	for (int node = fdt_node_offset_by_device_type(fdt, -1, "memory");
	     node >= 0; node = fdt_node_offset_by_device_type(fdt, node, "memory"))
		for (int i = 0; n < max && !fdt_read_reg(fdt, node, i, &base[n], &size[n]); i++)
			n++;
	return n;
}

/* The MPIDR (reg) of every cpu under /cpus, skipping cpu-map. */
static int cpu_mpidrs(const void *fdt, u64 *mpidr, int max)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	int n = 0;
	u64 size;

	for (int node = fdt_first_subnode(fdt, cpus); node >= 0 && n < max;
	     node = fdt_next_subnode(fdt, node)) {
		const char *type = fdt_getprop_string(fdt, node, "device_type");

		if (type && !strcmp(type, "cpu") &&
		    !fdt_read_reg(fdt, node, 0, &mpidr[n], &size))
			n++;
	}
	return n;
}

static void check_reg(const void *fdt, int node, int index, u64 want_addr,
		      u64 want_size)
{
	u64 addr = 0, size = 0;

	CHECK_EQ(fdt_read_reg(fdt, node, index, &addr, &size), 0);
	CHECK_EQ(addr, want_addr);
	CHECK_EQ(size, want_size);
}

/* Check the (type, number, flags) triple of an "interrupts" entry. */
static void check_irq(const void *fdt, int node, int index, u32 type, u32 num,
		      u32 flags)
{
	u32 cell[3];

	for (int i = 0; i < 3; i++)
		CHECK(fdt_getprop_cell(fdt, node, "interrupts", 3 * index + i, &cell[i]));
	CHECK_EQ(cell[0], type);
	CHECK_EQ(cell[1], num);
	CHECK_EQ(cell[2] & 0xf, flags);
}

static void check_timer_ppis(const void *fdt)
{
	int timer = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");
	static const u32 ppis[] = { 13, 14, 11, 10 };	/* S, NS, virt, hyp */
	u32 extra;

	CHECK(timer >= 0);
	for (int i = 0; i < 4; i++)
		check_irq(fdt, timer, i, 1, ppis[i], 4);
	CHECK(!fdt_getprop_cell(fdt, timer, "interrupts", 12, &extra));
}

static void check_uart(const void *fdt)
{
	int uart = fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");

	CHECK(uart >= 0);
	check_reg(fdt, uart, 0, 0x09000000, 0x1000);
	check_irq(fdt, uart, 0, 0, 1, 4);
	CHECK_EQ(fdt_node_offset_by_compatible(fdt, uart, "arm,pl011"), -ENOENT);
}

static void check_psci(const void *fdt, const char *method)
{
	int psci = fdt_path_offset(fdt, "/psci");

	CHECK(psci >= 0);
	CHECK(!strcmp(fdt_getprop_string(fdt, psci, "method"), method));
	CHECK(fdt_node_is_compatible(fdt, psci, "arm,psci-0.2"));
	CHECK(!fdt_node_is_compatible(fdt, psci, "arm,psci-0"));
}

HTEST(virt_gicv2_with_kernel_initrd_and_bootargs)
{
	u8 *fdt = load_blob("build/host/virt-gicv2.dtb", NULL);
	u64 base[4], size[4], mpidr[8], start, end;
	int chosen, gic;

	CHECK_EQ(fdt_check_header(fdt), 0);
	CHECK_EQ(memory_ranges(fdt, base, size, 4), 1);
	CHECK_EQ(base[0], 0x40000000);
	CHECK_EQ(size[0], 512ULL << 20);

	chosen = fdt_path_offset(fdt, "/chosen");
	CHECK(chosen >= 0);
	CHECK(!strcmp(fdt_getprop_string(fdt, chosen, "bootargs"), VIRT_BOOTARGS));
	CHECK(fdt_getprop_number(fdt, chosen, "linux,initrd-start", &start));
	CHECK(fdt_getprop_number(fdt, chosen, "linux,initrd-end", &end));
	CHECK_EQ(end - start, 4096);
	CHECK(start >= base[0] && end <= base[0] + size[0]);
	CHECK_EQ(fdt_path_offset(fdt, fdt_getprop_string(fdt, chosen, "stdout-path")),
		 fdt_node_offset_by_compatible(fdt, -1, "arm,pl011"));

	CHECK_EQ(cpu_mpidrs(fdt, mpidr, 8), 4);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(mpidr[i], i);
	CHECK(!strcmp(fdt_getprop_string(fdt, fdt_path_offset(fdt, "/cpus/cpu@3"),
					 "enable-method"), "psci"));

	CHECK_EQ(fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3"), -ENOENT);
	gic = fdt_node_offset_by_compatible(fdt, -1, "arm,cortex-a15-gic");
	CHECK(gic >= 0);
	check_reg(fdt, gic, 0, 0x08000000, 0x10000);	/* distributor */
	check_reg(fdt, gic, 1, 0x08010000, 0x10000);	/* CPU interface */
	CHECK_EQ(fdt_read_reg(fdt, gic, 2, &start, &end), -ENOENT);

	check_uart(fdt);
	check_timer_ppis(fdt);
	check_psci(fdt, "hvc");
	free(fdt);
}

HTEST(virt_gicv3_2g)
{
	u8 *fdt = load_blob("build/host/virt-gicv3.dtb", NULL);
	u64 base[4], size[4], mpidr[8];
	int gic, its;

	CHECK_EQ(fdt_check_header(fdt), 0);
	CHECK_EQ(memory_ranges(fdt, base, size, 4), 1);
	CHECK_EQ(base[0], 0x40000000);
	CHECK_EQ(size[0], 2ULL << 30);
	CHECK(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "bootargs", NULL) == NULL);
	CHECK_EQ(cpu_mpidrs(fdt, mpidr, 8), 4);

	gic = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	CHECK(gic >= 0);
	CHECK(!fdt_node_is_compatible(fdt, gic, "arm,cortex-a15-gic"));
	check_reg(fdt, gic, 0, 0x08000000, 0x10000);	/* distributor */
	check_reg(fdt, gic, 1, 0x080a0000, 0xf60000);	/* redistributors */

	its = fdt_node_offset_by_compatible(fdt, gic, "arm,gic-v3-its");
	CHECK(its > gic);
	CHECK_EQ(fdt_parent_offset(fdt, its), gic);
	CHECK_EQ(fdt_subnode_offset(fdt, gic, "its"), its);
	check_reg(fdt, its, 0, 0x08080000, 0x20000);

	check_uart(fdt);
	check_timer_ppis(fdt);
	check_psci(fdt, "hvc");
	free(fdt);
}

HTEST(virt_el2_uses_smc)
{
	u8 *fdt = load_blob("build/host/virt-el2.dtb", NULL);
	u64 mpidr[8];

	CHECK_EQ(fdt_check_header(fdt), 0);
	CHECK_EQ(cpu_mpidrs(fdt, mpidr, 8), 2);
	CHECK(fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3") >= 0);
	check_psci(fdt, "smc");
	check_timer_ppis(fdt);
	free(fdt);
}

HTEST(names_paths_and_parents)
{
	u8 *fdt = load_blob("build/host/dts/cells32.dtb", NULL);
	int root = fdt_path_offset(fdt, "/");
	int soc = fdt_path_offset(fdt, "/soc");
	int uart = fdt_path_offset(fdt, "/soc/uart@9000000");
	int len;

	CHECK_EQ(fdt_check_header(fdt), 0);
	CHECK_EQ(root, 0);
	CHECK(!strcmp(fdt_get_name(fdt, root, &len), ""));
	CHECK_EQ(len, 0);
	CHECK(soc > 0 && uart > soc);
	CHECK(!strcmp(fdt_get_name(fdt, uart, &len), "uart@9000000"));
	CHECK_EQ(len, 12);
	CHECK_EQ(fdt_path_offset(fdt, "/soc/uart"), uart);
	CHECK_EQ(fdt_path_offset(fdt, "//soc//uart/"), uart);
	CHECK_EQ(fdt_path_offset(fdt, "/soc/uart@9"), -ENOENT);
	CHECK_EQ(fdt_path_offset(fdt, "/soc/uar"), -ENOENT);
	CHECK_EQ(fdt_path_offset(fdt, "/nothing/uart"), -ENOENT);
	CHECK_EQ(fdt_path_offset(fdt, "soc"), -EINVAL);
	CHECK_EQ(fdt_parent_offset(fdt, uart), soc);
	CHECK_EQ(fdt_parent_offset(fdt, soc), root);
	CHECK_EQ(fdt_parent_offset(fdt, root), -ENOENT);
	CHECK_EQ(fdt_parent_offset(fdt, uart + 4), -EINVAL);
	CHECK(fdt_get_name(fdt, uart + 4, NULL) == NULL);
	CHECK(fdt_getprop(fdt, uart + 1, "reg", &len) == NULL);
	CHECK_EQ(fdt_first_subnode(fdt, uart), -ENOENT);
	CHECK_EQ(fdt_next_subnode(fdt, fdt_path_offset(fdt, "/cpus")), -ENOENT);
	free(fdt);
}

HTEST(cells_reservations_and_numbers)
{
	u8 *fdt = load_blob("build/host/dts/cells32.dtb", NULL);
	int chosen = fdt_path_offset(fdt, "/chosen");
	u64 base[4], size[4], mpidr[4], addr, len;
	u32 cell;

	CHECK_EQ(memory_ranges(fdt, base, size, 4), 3);
	CHECK_EQ(base[0], 0x80000000);
	CHECK_EQ(size[0], 0x10000000);
	CHECK_EQ(base[1], 0xc0000000);
	CHECK_EQ(size[2], 0x1000);

	CHECK_EQ(fdt_get_mem_rsv(fdt, 0, &addr, &len), 0);
	CHECK_EQ(addr, 0x80000000);
	CHECK_EQ(len, 0x1000);
	CHECK_EQ(fdt_get_mem_rsv(fdt, 1, &addr, &len), 0);
	CHECK_EQ(addr, 0x8f000000);
	CHECK_EQ(fdt_get_mem_rsv(fdt, 2, &addr, &len), -ENOENT);
	CHECK_EQ(fdt_get_mem_rsv(fdt, -1, &addr, &len), -EINVAL);

	CHECK(fdt_getprop_number(fdt, chosen, "linux,initrd-start", &addr));
	CHECK_EQ(addr, 0x188000000ULL);
	CHECK(fdt_getprop_number(fdt, chosen, "linux,initrd-end", &addr));
	CHECK_EQ(addr, 0x88100000);
	CHECK(!fdt_getprop_number(fdt, chosen, "bootargs", &addr));
	CHECK(!fdt_getprop_number(fdt, chosen, "missing", &addr));

	check_reg(fdt, fdt_path_offset(fdt, "/soc/uart"), 0, 0x109000000ULL, 0);
	CHECK_EQ(cpu_mpidrs(fdt, mpidr, 4), 2);
	CHECK_EQ(mpidr[1], 0x100);
	CHECK_EQ(fdt_node_offset_by_device_type(fdt, -1, "cpu"),
		 fdt_path_offset(fdt, "/cpus/cpu@0"));
	CHECK(fdt_getprop_cell(fdt, 0, "#size-cells", 0, &cell));
	CHECK_EQ(cell, 1);
	CHECK(!fdt_getprop_cell(fdt, 0, "#size-cells", 1, &cell));
	CHECK(!fdt_getprop_cell(fdt, 0, "#size-cells", -1, &cell));
	free(fdt);
}

HTEST(strings_lists_and_odd_properties)
{
	u8 *fdt = load_blob("build/host/dts/cells32.dtb", NULL);
	int odd = fdt_path_offset(fdt, "/soc/odd");
	int uart = fdt_path_offset(fdt, "/soc/uart");
	u64 addr, size;
	int len;

	CHECK(fdt_node_is_compatible(fdt, uart, "vendor,uart"));
	CHECK(fdt_node_is_compatible(fdt, uart, "arm,pl011"));
	CHECK(fdt_node_is_compatible(fdt, uart, "arm,primecell"));
	CHECK(!fdt_node_is_compatible(fdt, uart, "arm,pl01"));
	CHECK(!fdt_node_is_compatible(fdt, uart, "arm,pl0111"));
	CHECK(!fdt_node_is_compatible(fdt, uart, ""));
	CHECK(fdt_stringlist_contains("a\0bc\0", 5, "bc"));
	CHECK(!fdt_stringlist_contains("a\0bc", 4, "bc"));
	CHECK(fdt_stringlist_contains("\0x", 3, ""));
	CHECK(!fdt_stringlist_contains("", 0, ""));

	CHECK(fdt_getprop(fdt, odd, "unterminated", &len) != NULL);
	CHECK_EQ(len, 2);
	CHECK(fdt_getprop_string(fdt, odd, "unterminated") == NULL);
	CHECK(fdt_getprop(fdt, odd, "empty", &len) != NULL);
	CHECK_EQ(len, 0);
	CHECK(fdt_getprop_string(fdt, odd, "empty") == NULL);
	CHECK(fdt_getprop(fdt, odd, "absent", &len) == NULL);
	CHECK_EQ(fdt_address_cells(fdt, odd), -EINVAL);
	CHECK_EQ(fdt_size_cells(fdt, odd), 1);
	CHECK_EQ(fdt_read_reg(fdt, fdt_path_offset(fdt, "/soc/odd/child"), 0,
			      &addr, &size), -EINVAL);
	CHECK_EQ(fdt_read_reg(fdt, odd, 0, &addr, &size), -ENOENT);
	free(fdt);
}

HTEST(deep_trees_are_refused_past_max_depth)
{
	u8 *fdt = load_blob("build/host/dts/deep.dtb", NULL);
	char path[512] = "";
	int node = 0, depth;
	u32 leaf;

	for (int i = 0; i < 40; i++)
		snprintf(path + strlen(path), sizeof(path) - strlen(path), "/n%d", i);
	node = fdt_path_offset(fdt, path);
	CHECK(node > 0);
	CHECK(fdt_getprop_cell(fdt, node, "leaf", 0, &leaf));
	CHECK_EQ(leaf, 40);
	CHECK_EQ(fdt_parent_offset(fdt, node), -EINVAL);
	CHECK(!strcmp(fdt_get_name(fdt, fdt_parent_offset(fdt, fdt_path_offset(fdt, "/n0/n1")),
				  NULL), "n0"));
	depth = 0;
	CHECK_EQ(fdt_next_node(fdt, node, &depth), -ENOENT);
	free(fdt);
}

HTEST(nop_tokens_are_skipped)
{
	size_t blob_size;
	u8 *fdt = load_blob("build/host/virt-gicv2.dtb", &blob_size);
	int chosen = fdt_path_offset(fdt, "/chosen");
	const u8 *value;
	u8 *prop;
	int len;
	u64 start;

	value = fdt_getprop(fdt, chosen, "bootargs", &len);
	CHECK(value != NULL);
	/* Overwrite the whole property, tag to padding, with NOP tokens. */
	prop = (u8 *)value - 12;
	for (int i = 0; i < 12 + ((len + 3) & ~3); i += 4)
		put_u32(prop + i, FDT_NOP);
	CHECK_EQ(fdt_check_header(fdt), 0);
	CHECK(fdt_getprop(fdt, chosen, "bootargs", NULL) == NULL);
	CHECK(fdt_getprop_number(fdt, chosen, "linux,initrd-start", &start));
	CHECK_EQ(fdt_path_offset(fdt, "/chosen"), chosen);
	free(fdt);
}

static void set_field(u8 *fdt, size_t field, u32 value)
{
	put_u32(fdt + field, value);
}

#define HDR(field) offsetof(struct fdt_header, field)

HTEST(bad_headers_are_refused)
{
	size_t size;
	u8 *good = load_blob("build/host/virt-gicv3.dtb", &size);
	u8 *fdt = malloc(size);
	u32 total = fdt_read_u32(good + HDR(totalsize));
	u32 strings = fdt_read_u32(good + HDR(off_dt_strings));
	static const struct { size_t field; u32 value; } bad[] = {
		{ HDR(magic), 0xfeedd00d },
		{ HDR(version), 15 },
		{ HDR(last_comp_version), 18 },
		{ HDR(totalsize), 39 },
		{ HDR(totalsize), 0xffffffff },
		{ HDR(off_dt_struct), 0x20 },
		{ HDR(off_dt_struct), 0x7fffffff },
		{ HDR(off_dt_struct), 0x3a },
		{ HDR(off_mem_rsvmap), 0 },
		{ HDR(off_mem_rsvmap), 0x2c },
		{ HDR(off_mem_rsvmap), 0xfffffff8 },
		{ HDR(size_dt_struct), 0xfffffff0 },
		{ HDR(off_dt_strings), 0xffffff00 },
		{ HDR(size_dt_strings), 0x7fffffff },
	};

	CHECK_EQ(fdt_totalsize(good), size);
	CHECK(total == size && strings < total);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		memcpy(fdt, good, size);
		CHECK_EQ(fdt_check_header(fdt), 0);
		set_field(fdt, bad[i].field, bad[i].value);
		if (fdt_check_header(fdt) != -EINVAL)
			htest_fail(__FILE__, __LINE__, "bad header %zu accepted", i);
	}
	free(fdt);
	free(good);
}

/*
 * Everything a kernel would ask of a blob, and a little more; the answers
 * do not matter, only that every call returns and stays inside the blob.
 */
static int walk_everything(const void *fdt)
{
	int node, depth, len, steps = 0;
	u64 addr, size;
	u32 cell, sum = 0;

	for (node = fdt_next_node(fdt, -1, &depth); node >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		const u8 *reg = fdt_getprop(fdt, node, "reg", &len);
		const char *name = fdt_get_name(fdt, node, &len);

		CHECK(name != NULL && (int)strlen(name) == len);
		if (reg)
			for (int i = 0; i < len; i++)
				sum += reg[i];
		fdt_getprop_string(fdt, node, "compatible");
		fdt_node_is_compatible(fdt, node, "arm,pl011");
		fdt_getprop_cell(fdt, node, "interrupts", 2, &cell);
		fdt_read_reg(fdt, node, 1, &addr, &size);
		fdt_first_subnode(fdt, node);
		fdt_next_subnode(fdt, node);
		CHECK(++steps < 100000);
	}
	for (node = fdt_node_offset_by_device_type(fdt, -1, "memory"); node >= 0;
	     node = fdt_node_offset_by_device_type(fdt, node, "memory"))
		fdt_read_reg(fdt, node, 0, &addr, &size);
	for (node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3"); node >= 0;
	     node = fdt_node_offset_by_compatible(fdt, node, "arm,gic-v3"))
		fdt_read_reg(fdt, node, 1, &addr, &size);
	for (int i = 0; i < 64 && !fdt_get_mem_rsv(fdt, i, &addr, &size); i++)
		;
	fdt_getprop_string(fdt, fdt_path_offset(fdt, "/chosen"), "bootargs");
	fdt_getprop_number(fdt, fdt_path_offset(fdt, "/chosen"), "linux,initrd-end", &addr);
	cpu_mpidrs(fdt, &addr, 1);
	fdt_path_offset(fdt, "/intc@8000000/its");
	(void)sum;
	return steps;
}

static u32 rng_state = 12345;

static u32 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static const char *const corpus[] = {
	"build/host/virt-gicv2.dtb", "build/host/virt-gicv3.dtb",
	"build/host/dts/cells32.dtb", "build/host/dts/deep.dtb",
};

/*
 * A copy of the blob rearranged so that one block (the strings, or the
 * structure) comes last, cut to n bytes, in a buffer that ends right
 * there: a read past the cut is a read past the buffer, which ASan reports.
 */
static u8 *cut_last_block(const u8 *good, bool strings_last, u32 n)
{
	u32 struct_off = fdt_read_u32(good + HDR(off_dt_struct));
	u32 struct_size = fdt_read_u32(good + HDR(size_dt_struct));
	u32 strings_off = fdt_read_u32(good + HDR(off_dt_strings));
	u32 strings_size = fdt_read_u32(good + HDR(size_dt_strings));
	u32 prefix = MIN(struct_off, strings_off);	/* header and rsvmap */
	u32 first_off = strings_last ? struct_off : strings_off;
	u32 first_size = strings_last ? struct_size : strings_size;
	u32 last_off = strings_last ? strings_off : struct_off;
	u32 cut_at = prefix + ALIGN_UP(first_size, 4);
	u8 *fdt = calloc(1, cut_at + n);

	memcpy(fdt, good, prefix);
	memcpy(fdt + prefix, good + first_off, first_size);
	memcpy(fdt + cut_at, good + last_off, n);
	set_field(fdt, HDR(totalsize), cut_at + n);
	set_field(fdt, strings_last ? HDR(off_dt_struct) : HDR(off_dt_strings), prefix);
	set_field(fdt, strings_last ? HDR(off_dt_strings) : HDR(off_dt_struct), cut_at);
	set_field(fdt, strings_last ? HDR(size_dt_strings) : HDR(size_dt_struct), n);
	return fdt;
}

HTEST(truncated_blobs_stay_in_bounds)
{
	for (size_t b = 0; b < ARRAY_SIZE(corpus); b++) {
		size_t size;
		u8 *good = load_blob(corpus[b], &size);
		u32 sizes[2] = { fdt_read_u32(good + HDR(size_dt_struct)),
				 fdt_read_u32(good + HDR(size_dt_strings)) };

		int nodes = walk_everything(good);

		/* A blob cut short and told so by its header. */
		for (size_t n = 40; n < size; n += 1 + n / 32) {
			u8 *fdt = malloc(n);

			memcpy(fdt, good, n);
			set_field(fdt, HDR(totalsize), n);
			if (fdt_check_header(fdt) == 0)
				walk_everything(fdt);
			free(fdt);
		}
		/* The structure block, then the strings block, cut short. */
		for (int strings = 0; strings < 2; strings++) {
			u8 *whole = cut_last_block(good, strings, sizes[strings]);

			CHECK_EQ(walk_everything(whole), nodes);
			free(whole);
			for (u32 n = 0; n < sizes[strings]; n += 1 + n / 64) {
				u8 *fdt = cut_last_block(good, strings, n);

				CHECK_EQ(fdt_check_header(fdt), 0);
				walk_everything(fdt);
				free(fdt);
			}
		}
		free(good);
	}
}

/* Change a few bytes or whole words, favouring lengths and offsets. */
static void corrupt(u8 *fdt, size_t size)
{
	int changes = 1 + rng() % 4;

	for (int i = 0; i < changes; i++) {
		size_t at = rng() % (size - 3);

		switch (rng() % 4) {
		case 0:
			fdt[at] ^= 1 << (rng() % 8);
			break;
		case 1:
			put_u32(fdt + (at & ~3UL), rng() % 16);
			break;
		case 2:
			put_u32(fdt + (at & ~3UL), rng());
			break;
		default:
			put_u32(fdt + (at & ~3UL), 0xffffffff - rng() % 16);
			break;
		}
	}
}

HTEST(corrupted_blobs_stay_in_bounds)
{
	int accepted = 0;

	for (size_t b = 0; b < ARRAY_SIZE(corpus); b++) {
		size_t size;
		u8 *good = load_blob(corpus[b], &size);
		u8 *fdt = malloc(size);

		for (int round = 0; round < 1500; round++) {
			memcpy(fdt, good, size);
			corrupt(fdt, size);
			if (fdt_check_header(fdt) == 0) {
				walk_everything(fdt);
				accepted++;
			}
		}
		free(fdt);
		free(good);
	}
	CHECK(accepted > 3000);		/* most damage is past the header */
}
