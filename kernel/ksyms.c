/*
 * The kernel's own symbol table, for %pS and backtraces. The build links
 * the kernel once, lists its functions with nm, turns the list into
 * build/ksyms.S (kernel/gen_ksyms.py) and links again with it; the table
 * sits at the end of .rodata, so adding it moves no function.
 */
#include <kernel/printk.h>

extern const unsigned long ksym_count;
extern const unsigned long ksym_addrs[];	/* sorted */
extern const unsigned int ksym_sizes[];
extern const unsigned int ksym_name_offsets[];
extern const char ksym_names[];

bool ksym_lookup(unsigned long addr, const char **name, unsigned long *offset,
		 unsigned long *size)
{
	unsigned long low = 0, high = ksym_count;

	/* Find the last symbol starting at or below addr. */
	while (low < high) {
		unsigned long mid = low + (high - low) / 2;

		if (ksym_addrs[mid] <= addr)
			low = mid + 1;
		else
			high = mid;
	}
	if (low == 0)
		return false;
	low--;
	if (addr - ksym_addrs[low] >= ksym_sizes[low])
		return false;
	*name = ksym_names + ksym_name_offsets[low];
	*offset = addr - ksym_addrs[low];
	*size = ksym_sizes[low];
	return true;
}
