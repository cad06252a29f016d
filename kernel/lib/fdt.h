/*
 * A reader for the flattened device tree (FDT, "DTB") that the boot loader
 * or QEMU passes in x0: Devicetree Specification v0.4, chapter 5.
 *
 * The blob is read where it lies, never modified, and every read is checked
 * against the sizes in its header, so a corrupt blob yields errors, not
 * stray accesses. Call fdt_check_header() first: the other functions rely
 * on a header it accepted (and on nothing else).
 *
 * Nodes are named by their offset in the structure block, as in libfdt.
 * Functions returning an int return a node offset (>= 0) or a negative
 * errno: -ENOENT when there is no such node or property, -EINVAL when the
 * blob is malformed or an argument is wrong.
 */
#ifndef KERNEL_FDT_H
#define KERNEL_FDT_H

#include <kernel/types.h>

#define FDT_MAGIC	0xd00dfeed

/* Structure block tokens. */
#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9

/* Deeper nodes are refused by fdt_parent_offset() and fdt_read_reg(). */
#define FDT_MAX_DEPTH	32

/* The header at the start of a blob; every field is big-endian. */
struct fdt_header {
	u32 magic;
	u32 totalsize;
	u32 off_dt_struct;
	u32 off_dt_strings;
	u32 off_mem_rsvmap;
	u32 version;
	u32 last_comp_version;
	u32 boot_cpuid_phys;
	u32 size_dt_strings;
	u32 size_dt_struct;	/* from version 17 on */
};

/* Big-endian reads from any alignment. */
u32 fdt_read_u32(const void *p);
u64 fdt_read_u64(const void *p);
/* A number of one or two cells, as in reg (cells outside 1..2 read as 0). */
u64 fdt_read_cells(const void *p, int cells);

/* 0 when the header is sane: magic, version 16 or 17, blocks inside. */
int fdt_check_header(const void *fdt);
u32 fdt_totalsize(const void *fdt);

/* Entry index of the memory reservation map (/memreserve/). */
int fdt_get_mem_rsv(const void *fdt, int index, u64 *addr, u64 *size);

/*
 * The node after offset in document order (offset < 0: the root). When
 * depth is not NULL it follows the walk: +1 into a child, -1 per node
 * left; with offset < 0 it is set to 0 for the root. The walk stops with
 * -ENOENT when depth would drop below 0, that is on leaving the subtree
 * where it started, and at the end of the tree.
 */
int fdt_next_node(const void *fdt, int offset, int *depth);
int fdt_first_subnode(const void *fdt, int node);
int fdt_next_subnode(const void *fdt, int node);
int fdt_parent_offset(const void *fdt, int node);

/* The child called name, or "name@unit" when name has no '@'. */
int fdt_subnode_offset(const void *fdt, int parent, const char *name);
int fdt_subnode_offset_namelen(const void *fdt, int parent, const char *name,
			       size_t namelen);
/* An absolute path such as "/cpus/cpu@1" or "/chosen"; no aliases. */
int fdt_path_offset(const void *fdt, const char *path);

/* The node's name with its unit address ("" for the root), or NULL. */
const char *fdt_get_name(const void *fdt, int node, int *lenp);

/* A property's value and length (*lenp, when not NULL), or NULL. */
const void *fdt_getprop(const void *fdt, int node, const char *name,
			int *lenp);
/* A string property; NULL also when it is not NUL-terminated. */
const char *fdt_getprop_string(const void *fdt, int node, const char *name);
/* The index-th 32-bit cell of a property (e.g. one of "interrupts"). */
bool fdt_getprop_cell(const void *fdt, int node, const char *name, int index,
		      u32 *val);
/* A property holding one number of one or two cells (linux,initrd-start). */
bool fdt_getprop_number(const void *fdt, int node, const char *name,
			u64 *val);

/* Whether str is one of the NUL-separated strings in list[0..len). */
bool fdt_stringlist_contains(const char *list, int len, const char *str);
bool fdt_node_is_compatible(const void *fdt, int node, const char *compat);

/* The next node after start (-1: from the top) with that property. */
int fdt_node_offset_by_compatible(const void *fdt, int start,
				  const char *compat);
int fdt_node_offset_by_prop_value(const void *fdt, int start,
				  const char *name, const void *val, int len);
/* device_type: "memory" for RAM banks, "cpu" for processors. */
int fdt_node_offset_by_device_type(const void *fdt, int start,
				   const char *type);

/*
 * #address-cells and #size-cells of a node, which describe its children's
 * reg (defaults 2 and 1 when absent).
 */
int fdt_address_cells(const void *fdt, int node);
int fdt_size_cells(const void *fdt, int node);

/*
 * The index-th (address, size) pair of the node's reg, decoded with its
 * parent's cell counts (addresses of 1-2 cells, sizes of 0-2). The parent's
 * "ranges" are not applied: on QEMU's virt machine they are the identity.
 */
int fdt_read_reg(const void *fdt, int node, int index, u64 *addr, u64 *size);
/* The same for a node whose parent the caller knows: no search for it (an O(n) walk). */
int fdt_read_reg_in(const void *fdt, int parent, int node, int index, u64 *addr, u64 *size);

#endif
