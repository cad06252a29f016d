/*
 * CPU masks as text (see bitmap.h). Only masks of up to 64 bits: NR_CPUS
 * is 8, so one unsigned long holds any mask tkern has.
 */
#include <kernel/lib/bitmap.h>

void seq_buf_bitmap_hex(struct seq_buf *m, unsigned long mask, unsigned int nbits)
{
	unsigned int digits = (nbits + 3) / 4;

	if (nbits < 64)
		mask &= (1UL << nbits) - 1;
	if (digits > 8) {
		seq_buf_printf(m, "%0*lx,%08lx", (int)(digits - 8), mask >> 32, mask & 0xffffffffUL);
		return;
	}
	seq_buf_printf(m, "%0*lx", (int)digits, mask);
}

/* The last bit of the run of set bits that starts at first. */
static unsigned int run_end(unsigned long mask, unsigned int first)
{
	unsigned int last = first;

	while (last < 63 && (mask >> (last + 1)) & 1)
		last++;
	return last;
}

void seq_buf_bitmap_list(struct seq_buf *m, unsigned long mask)
{
	const char *sep = "";
	unsigned int bit, last;

	for (bit = 0; bit < 64; bit = last + 1) {
		last = bit;
		if (!((mask >> bit) & 1))
			continue;
		last = run_end(mask, bit);
		if (last == bit)
			seq_buf_printf(m, "%s%u", sep, bit);
		else
			seq_buf_printf(m, "%s%u-%u", sep, bit, last);
		sep = ",";
	}
}
