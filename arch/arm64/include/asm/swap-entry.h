/*
 * Where a swapped-out page's swap entry sits in a level-3 descriptor.
 * The entry is stored in place of the page's descriptor, with bit 0
 * (valid) clear, so the MMU ignores every other bit and any access
 * faults; the fault handler reads the entry back from the bits below:
 *
 *  63      48 47                          12 11   7 6     2 1 0
 * +----------+------------------------------+------+-------+-+-+
 * |    0     |  slot (offset in the area)   |  0   | type  |0|0|
 * +----------+------------------------------+------+-------+-+-+
 *
 * The slot sits where a valid descriptor has the page's frame number,
 * which makes dumps easy to read: 36 bits, more slots than any disk
 * tkern drives. The type (which area) takes five bits, for
 * MAX_SWAPFILES 32 areas. Slot 0 is an area's header and never holds a
 * page, so no entry is ever 0, the value of an empty descriptor.
 * (Linux's arm64 layout differs: type in bits 3-7, offset from bit 8,
 * bit 2 an "exclusive" flag.)
 */
#ifndef ASM_SWAP_ENTRY_H
#define ASM_SWAP_ENTRY_H

#include <asm/pgtable-hwdef.h>

#define SWP_TYPE_SHIFT 2
#define SWP_TYPE_BITS 5
#define SWP_OFFSET_SHIFT 12
#define SWP_OFFSET_BITS 36

static inline u64 arch_swp_entry_to_pte(unsigned int type, unsigned long offset)
{
	return ((u64)type << SWP_TYPE_SHIFT) | ((u64)offset << SWP_OFFSET_SHIFT);
}

static inline unsigned int arch_pte_swp_type(u64 pte)
{
	return (unsigned int)(pte >> SWP_TYPE_SHIFT) & ((1u << SWP_TYPE_BITS) - 1);
}

static inline unsigned long arch_pte_swp_offset(u64 pte)
{
	return (unsigned long)(pte >> SWP_OFFSET_SHIFT) & ((UL(1) << SWP_OFFSET_BITS) - 1);
}

/* A descriptor that holds a swap entry: not valid, not empty. */
static inline bool arch_pte_is_swap(u64 pte)
{
	return pte && !(pte & PTE_VALID);
}

#endif
