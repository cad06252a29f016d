/*
 * Flattened device tree reader (see kernel/lib/fdt.h for the interface).
 *
 * A blob is a header, a memory reservation map, a structure block of
 * big-endian 32-bit tokens (BEGIN_NODE name, PROP len nameoff value,
 * END_NODE, NOP, END) and a strings block holding property names.
 * Everything here reduces to fdt_next_tag(), which decodes one token and
 * checks that it, its name and its value lie inside the structure block;
 * property names are checked against the strings block the same way.
 * fdt_check_header() has made sure both blocks lie inside the blob.
 */
#include <kernel/lib/fdt.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>

/* Keeps offsets, and offsets plus a few bytes, within an int. */
#define FDT_MAX_TOTALSIZE	(1U << 30)

#define FDT_V16_HEADER_SIZE	offsetof(struct fdt_header, size_dt_struct)
#define FDT_V17_HEADER_SIZE	sizeof(struct fdt_header)
#define FDT_RSV_ENTRY_SIZE	16

u32 fdt_read_u32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

u64 fdt_read_u64(const void *p)
{
	return (u64)fdt_read_u32(p) << 32 | fdt_read_u32((const u8 *)p + 4);
}

u64 fdt_read_cells(const void *p, int cells)
{
	if (cells == 1)
		return fdt_read_u32(p);
	if (cells == 2)
		return fdt_read_u64(p);
	return 0;
}

static u32 header_field(const void *fdt, size_t field)
{
	return fdt_read_u32((const u8 *)fdt + field);
}

#define FDT_HEADER(fdt, field) \
	header_field(fdt, offsetof(struct fdt_header, field))

u32 fdt_totalsize(const void *fdt)
{
	return FDT_HEADER(fdt, totalsize);
}

static const u8 *struct_block(const void *fdt)
{
	return (const u8 *)fdt + FDT_HEADER(fdt, off_dt_struct);
}

/* Version 16 headers have no size_dt_struct: the block runs to the end. */
static u32 struct_size(const void *fdt)
{
	if (FDT_HEADER(fdt, version) < 17)
		return FDT_HEADER(fdt, totalsize) - FDT_HEADER(fdt, off_dt_struct);
	return FDT_HEADER(fdt, size_dt_struct);
}

/* Whether [off, off + size) lies within [start, total). */
static bool block_fits(u32 off, u32 size, u32 start, u32 total)
{
	return off >= start && off <= total && size <= total - off;
}

int fdt_check_header(const void *fdt)
{
	u32 total = FDT_HEADER(fdt, totalsize);
	u32 version = FDT_HEADER(fdt, version);
	u32 header_size = version >= 17 ? FDT_V17_HEADER_SIZE
					: FDT_V16_HEADER_SIZE;

	if (FDT_HEADER(fdt, magic) != FDT_MAGIC)
		return -EINVAL;
	if (version < 16 || FDT_HEADER(fdt, last_comp_version) > 17)
		return -EINVAL;
	if (total < header_size || total > FDT_MAX_TOTALSIZE)
		return -EINVAL;
	if (!IS_ALIGNED(FDT_HEADER(fdt, off_dt_struct), 4) ||
	    !IS_ALIGNED(FDT_HEADER(fdt, off_mem_rsvmap), 8))
		return -EINVAL;
	if (!block_fits(FDT_HEADER(fdt, off_mem_rsvmap), FDT_RSV_ENTRY_SIZE,
			header_size, total))
		return -EINVAL;
	if (!block_fits(FDT_HEADER(fdt, off_dt_struct), 0, header_size, total) ||
	    !block_fits(FDT_HEADER(fdt, off_dt_struct), struct_size(fdt),
			header_size, total))
		return -EINVAL;
	if (!block_fits(FDT_HEADER(fdt, off_dt_strings),
			FDT_HEADER(fdt, size_dt_strings), header_size, total))
		return -EINVAL;
	return 0;
}

/*
 * The reservation map is a list of (address, size) pairs ended by a pair
 * of zeros; it has no size of its own, so the blob's end bounds it.
 */
int fdt_get_mem_rsv(const void *fdt, int index, u64 *addr, u64 *size)
{
	u32 total = FDT_HEADER(fdt, totalsize);
	u32 map = FDT_HEADER(fdt, off_mem_rsvmap);
	const u8 *entry;

	if (index < 0)
		return -EINVAL;
	for (int i = 0; i <= index; i++) {
		if (map + FDT_RSV_ENTRY_SIZE > total)
			return -EINVAL;
		entry = (const u8 *)fdt + map;
		*addr = fdt_read_u64(entry);
		*size = fdt_read_u64(entry + 8);
		if (*addr == 0 && *size == 0)
			return -ENOENT;
		map += FDT_RSV_ENTRY_SIZE;
	}
	return 0;
}

/*
 * Decode the token at offset in the structure block and set *next to the
 * offset of the token after it. Returns the token or -EINVAL when it, or
 * what follows it, does not fit in the block.
 */
static int fdt_next_tag(const void *fdt, int offset, int *next)
{
	const u8 *base = struct_block(fdt);
	u32 size = struct_size(fdt);
	u32 pos = offset, tag, len;
	size_t name_len;

	if (offset < 0 || !IS_ALIGNED(pos, 4) || pos + 4 > size)
		return -EINVAL;
	tag = fdt_read_u32(base + pos);
	pos += 4;
	switch (tag) {
	case FDT_BEGIN_NODE:
		name_len = strnlen((const char *)base + pos, size - pos);
		if (name_len == size - pos)
			return -EINVAL;		/* name not terminated */
		pos += name_len + 1;
		break;
	case FDT_PROP:
		if (size - pos < 8)
			return -EINVAL;
		len = fdt_read_u32(base + pos);
		pos += 8;
		if (len > size - pos)
			return -EINVAL;
		pos += len;
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		break;
	default:
		return -EINVAL;
	}
	*next = ALIGN_UP(pos, 4);
	return tag;
}

/* The property name at nameoff, or NULL when it runs out of the block. */
static const char *fdt_string(const void *fdt, u32 nameoff)
{
	const char *strings = (const char *)fdt + FDT_HEADER(fdt, off_dt_strings);
	u32 size = FDT_HEADER(fdt, size_dt_strings);

	if (nameoff >= size || strnlen(strings + nameoff, size - nameoff) ==
			       size - nameoff)
		return NULL;
	return strings + nameoff;
}

int fdt_next_node(const void *fdt, int offset, int *depth)
{
	int next = 0, tag;

	if (offset >= 0) {
		if (fdt_next_tag(fdt, offset, &next) != FDT_BEGIN_NODE)
			return -EINVAL;
	} else if (depth) {
		*depth = -1;		/* the root will bring it to 0 */
	}
	for (;;) {
		offset = next;
		tag = fdt_next_tag(fdt, offset, &next);
		switch (tag) {
		case FDT_BEGIN_NODE:
			if (depth)
				(*depth)++;
			return offset;
		case FDT_END_NODE:
			if (depth && --(*depth) < 0)
				return -ENOENT;
			break;
		case FDT_PROP:
		case FDT_NOP:
			break;
		case FDT_END:
			return -ENOENT;
		default:
			return tag;	/* an error */
		}
	}
}

int fdt_first_subnode(const void *fdt, int node)
{
	int depth = 0;

	node = fdt_next_node(fdt, node, &depth);
	if (node >= 0 && depth != 1)
		return -ENOENT;
	return node;
}

/*
 * Skip the node's own subtree to the next node at its depth. Counting the
 * node as depth 1 lets the walk go on past its end (depth 0) and stop
 * only on leaving the parent.
 */
int fdt_next_subnode(const void *fdt, int node)
{
	int depth = 1;

	do {
		node = fdt_next_node(fdt, node, &depth);
	} while (node >= 0 && depth > 1);
	return node;
}

/*
 * The tree has no parent links: walk from the root remembering the
 * current node at each depth until we reach the node.
 */
int fdt_parent_offset(const void *fdt, int node)
{
	int stack[FDT_MAX_DEPTH];
	int depth, offset;

	for (offset = fdt_next_node(fdt, -1, &depth); offset >= 0;
	     offset = fdt_next_node(fdt, offset, &depth)) {
		if (depth >= FDT_MAX_DEPTH || offset > node)
			return -EINVAL;
		stack[depth] = offset;
		if (offset == node)
			return depth > 0 ? stack[depth - 1] : -ENOENT;
	}
	return offset;
}

const char *fdt_get_name(const void *fdt, int node, int *lenp)
{
	const char *name;
	int next;

	if (fdt_next_tag(fdt, node, &next) != FDT_BEGIN_NODE)
		return NULL;
	name = (const char *)struct_block(fdt) + node + 4;
	if (lenp)
		*lenp = strlen(name);
	return name;
}

int fdt_subnode_offset_namelen(const void *fdt, int parent, const char *name,
			       size_t namelen)
{
	bool has_unit;
	int node;

	namelen = strnlen(name, namelen);
	has_unit = memchr(name, '@', namelen) != NULL;

	for (node = fdt_first_subnode(fdt, parent); node >= 0;
	     node = fdt_next_subnode(fdt, node)) {
		const char *child = fdt_get_name(fdt, node, NULL);

		if (strncmp(child, name, namelen))
			continue;
		if (child[namelen] == '\0' ||
		    (child[namelen] == '@' && !has_unit))
			return node;
	}
	return node;
}

int fdt_subnode_offset(const void *fdt, int parent, const char *name)
{
	return fdt_subnode_offset_namelen(fdt, parent, name, strlen(name));
}

int fdt_path_offset(const void *fdt, const char *path)
{
	int node;

	if (*path != '/')
		return -EINVAL;
	node = fdt_next_node(fdt, -1, NULL);
	while (node >= 0) {
		const char *slash;
		size_t len;

		while (*path == '/')
			path++;
		if (*path == '\0')
			return node;
		slash = strchr(path, '/');
		len = slash ? (size_t)(slash - path) : strlen(path);
		node = fdt_subnode_offset_namelen(fdt, node, path, len);
		path += len;
	}
	return node;
}

/* Properties come first in a node, before any child's BEGIN_NODE. */
const void *fdt_getprop(const void *fdt, int node, const char *name,
			int *lenp)
{
	const u8 *base = struct_block(fdt);
	int offset, next, tag;

	if (lenp)
		*lenp = 0;
	if (fdt_next_tag(fdt, node, &next) != FDT_BEGIN_NODE)
		return NULL;
	for (;;) {
		const char *prop_name;

		offset = next;
		tag = fdt_next_tag(fdt, offset, &next);
		if (tag == FDT_NOP)
			continue;
		if (tag != FDT_PROP)
			return NULL;
		prop_name = fdt_string(fdt, fdt_read_u32(base + offset + 8));
		if (prop_name && !strcmp(prop_name, name)) {
			if (lenp)
				*lenp = fdt_read_u32(base + offset + 4);
			return base + offset + 12;
		}
	}
}

const char *fdt_getprop_string(const void *fdt, int node, const char *name)
{
	int len;
	const char *s = fdt_getprop(fdt, node, name, &len);

	if (!s || len == 0 || s[len - 1] != '\0')
		return NULL;
	return s;
}

bool fdt_getprop_cell(const void *fdt, int node, const char *name, int index,
		      u32 *val)
{
	int len;
	const u8 *cells = fdt_getprop(fdt, node, name, &len);

	if (!cells || index < 0 || index >= len / 4)
		return false;
	*val = fdt_read_u32(cells + 4 * index);
	return true;
}

bool fdt_getprop_number(const void *fdt, int node, const char *name,
			u64 *val)
{
	int len;
	const void *cells = fdt_getprop(fdt, node, name, &len);

	if (!cells || (len != 4 && len != 8))
		return false;
	*val = fdt_read_cells(cells, len / 4);
	return true;
}

bool fdt_stringlist_contains(const char *list, int len, const char *str)
{
	size_t want = strlen(str) + 1;

	while (len > 0) {
		size_t item = strnlen(list, len);

		if (item == (size_t)len)
			return false;	/* the last string is not terminated */
		if (item + 1 == want && !memcmp(list, str, item))
			return true;
		list += item + 1;
		len -= item + 1;
	}
	return false;
}

bool fdt_node_is_compatible(const void *fdt, int node, const char *compat)
{
	int len;
	const char *list = fdt_getprop(fdt, node, "compatible", &len);

	return list && fdt_stringlist_contains(list, len, compat);
}

int fdt_node_offset_by_compatible(const void *fdt, int start,
				  const char *compat)
{
	int node;

	for (node = fdt_next_node(fdt, start, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		if (fdt_node_is_compatible(fdt, node, compat))
			return node;
	}
	return node;
}

int fdt_node_offset_by_prop_value(const void *fdt, int start,
				  const char *name, const void *val, int len)
{
	int node;

	for (node = fdt_next_node(fdt, start, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		int prop_len;
		const void *prop = fdt_getprop(fdt, node, name, &prop_len);

		if (prop && prop_len == len && !memcmp(prop, val, len))
			return node;
	}
	return node;
}

int fdt_node_offset_by_device_type(const void *fdt, int start,
				   const char *type)
{
	return fdt_node_offset_by_prop_value(fdt, start, "device_type", type,
					     strlen(type) + 1);
}

static int cells_prop(const void *fdt, int node, const char *name, u32 dflt)
{
	u32 cells;

	if (!fdt_getprop_cell(fdt, node, name, 0, &cells))
		return dflt;
	return cells > 4 ? -EINVAL : (int)cells;
}

int fdt_address_cells(const void *fdt, int node)
{
	return cells_prop(fdt, node, "#address-cells", 2);
}

int fdt_size_cells(const void *fdt, int node)
{
	return cells_prop(fdt, node, "#size-cells", 1);
}

int fdt_read_reg(const void *fdt, int node, int index, u64 *addr, u64 *size)
{
	int parent = fdt_parent_offset(fdt, node);

	if (parent < 0)
		return parent;
	return fdt_read_reg_in(fdt, parent, node, index, addr, size);
}

int fdt_read_reg_in(const void *fdt, int parent, int node, int index, u64 *addr, u64 *size)
{
	int address_cells, size_cells, len, stride;
	const u8 *reg;

	address_cells = fdt_address_cells(fdt, parent);
	size_cells = fdt_size_cells(fdt, parent);
	if (address_cells < 1 || address_cells > 2 || size_cells < 0 ||
	    size_cells > 2)
		return -EINVAL;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg)
		return -ENOENT;
	stride = 4 * (address_cells + size_cells);
	if (index < 0 || index >= len / stride)
		return -ENOENT;
	reg += index * stride;
	*addr = fdt_read_cells(reg, address_cells);
	*size = fdt_read_cells(reg + 4 * address_cells, size_cells);
	return 0;
}
