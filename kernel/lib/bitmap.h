/*
 * CPU masks as text, in the two forms Linux prints them (lib/bitmap.c's
 * %*pb and %*pbl): /proc/<pid>/status's Cpus_allowed and
 * Cpus_allowed_list, and sysfs's cpu/online, possible and present.
 */
#ifndef KERNEL_LIB_BITMAP_H
#define KERNEL_LIB_BITMAP_H

#include <kernel/lib/seq_buf.h>

/*
 * The first nbits (at most 64) of mask in hex, most significant first,
 * zero-padded to whole digits, a comma between groups of 32 bits: "f",
 * "04", "00000001,00000000".
 */
void seq_buf_bitmap_hex(struct seq_buf *m, unsigned long mask, unsigned int nbits);

/* The set bits of mask as ranges: "0-3", "0,2-3", "5"; nothing for an empty mask. */
void seq_buf_bitmap_list(struct seq_buf *m, unsigned long mask);

#endif
