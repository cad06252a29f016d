/*
 * The architecture's own string functions (arch/arm64/lib/), which the host
 * tests of kernel/lib/string.c cannot reach: every alignment of source and
 * destination within a word, every length up to 200 (each bit of the tail
 * and a few rounds of the 64-byte loop), a few longer ones, checked byte by byte
 * against a plain loop, with guard bytes around the destination. And
 * clear_page (DC ZVA on QEMU's CPUs; its STP fallback, for a DCZID_EL0
 * that forbids DC ZVA, does not run here).
 */
#include <kernel/ktest.h>
#include <kernel/lib/string.h>
#include <asm/page.h>
#include <mm/gfp.h>
#include <mm/mm.h>
#include <mm/slab.h>

#define SPAN 4096
#define SHORT_SPAN 256
#define GUARD 0xa5

static void fill_pattern(u8 *p, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (u8)(i * 7 + seed * 13 + 1);
}

/*
 * memcpy of len bytes from src+so to dst+dof: only those bytes of dst's
 * first span change, to src's.
 */
static bool copy_is_exact(u8 *dst, const u8 *src, size_t dof, size_t so, size_t len,
			  size_t span)
{
	memset(dst, GUARD, span);
	if (memcpy(dst + dof, src + so, len) != dst + dof)
		return false;
	for (size_t i = 0; i < span; i++) {
		bool inside = i >= dof && i < dof + len;

		if (dst[i] != (inside ? src[so + i - dof] : GUARD))
			return false;
	}
	return true;
}

KTEST(string, memcpy_every_alignment_and_short_length)
{
	u8 *src = kmalloc(SPAN + 64, GFP_KERNEL), *dst = kmalloc(SPAN + 64, GFP_KERNEL);
	unsigned int bad = 0;

	KT_ASSERT(src && dst);
	fill_pattern(src, SPAN + 64, 3);
	for (size_t so = 0; so < 8; so++)
		for (size_t dof = 0; dof < 8; dof++)
			for (size_t len = 0; len <= 200; len++)
				bad += !copy_is_exact(dst, src, dof, so, len, SHORT_SPAN);
	KT_EXPECT_EQ(bad, 0u);
	kfree(src);
	kfree(dst);
}

KTEST(string, memcpy_long_unaligned_copies)
{
	static const size_t lens[] = { 511, 1024, 4093, 4096, SPAN };
	u8 *src = kmalloc(SPAN + 64, GFP_KERNEL), *dst = kmalloc(SPAN + 64, GFP_KERNEL);
	unsigned int bad = 0;

	KT_ASSERT(src && dst);
	fill_pattern(src, SPAN + 64, 5);
	for (size_t i = 0; i < ARRAY_SIZE(lens); i++)
		for (size_t so = 0; so < 8; so += 3)
			for (size_t dof = 0; dof < 8; dof += 4)
				bad += !copy_is_exact(dst, src, dof, so, MIN(lens[i], (size_t)SPAN - 8),
						      SPAN + 64);
	KT_EXPECT_EQ(bad, 0u);
	kfree(src);
	kfree(dst);
}

/* clear_page zeroes its page, all of it, and nothing of the next one. */
KTEST(string, clear_page_zeroes_exactly_one_page)
{
	struct page *pages = alloc_pages(GFP_KERNEL, 1);
	u8 *p = pages ? page_address(pages) : NULL;
	unsigned int bad = 0;

	KT_ASSERT(p);
	memset(p, 0xff, 2 * PAGE_SIZE);
	clear_page(p);
	for (size_t i = 0; i < 2 * PAGE_SIZE; i++)
		bad += p[i] != (i < PAGE_SIZE ? 0 : 0xff);
	KT_EXPECT_EQ(bad, 0u);
	__free_pages(pages, 1);
}
