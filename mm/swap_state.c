/*
 * Swap-in and the swap cache's rule. A page read back from a slot is
 * kept in the cache (mm/swapfile.c holds it, per slot) for as long as
 * some page-table entry still refers to the slot: the processes that
 * share a slot since a fork each find that one page, read once, and go
 * on sharing it read-only until one writes (copy-on-write). When the
 * last entry goes (swap_free), the slot and the cache's reference go.
 *
 * A fault reads the slot it needs together with its neighbours in use,
 * up to an aligned window of eight slots (Linux's page_cluster 3), in
 * one bio: pages swapped out together sit in neighbouring slots
 * (mm/swap_slots.c) and are usually wanted together again. The
 * neighbours wait in the cache for their own faults.
 *
 * The read happens before the pages enter the cache, so nobody can map
 * a page whose read has not finished; two faults on one slot at once
 * may both read it, and the second one's copy is dropped for the
 * first's.
 */
#include <mm/swap.h>
#include <mm/lru.h>
#include <mm/mm.h>
#include <mm/gfp.h>
#include <kernel/errno.h>
#include <asm/swap-entry.h>

#define READAHEAD_WINDOW 8

static void put_pages(struct page **pages, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (pages[i])
			put_page(pages[i]);
}

/* Read the run of n slots from first; the page for entry, with a reference, or NULL. */
static struct page *read_run(swp_entry_t entry, swp_entry_t first, unsigned int n, int *err)
{
	struct page *pages[READAHEAD_WINDOW] = { NULL }, *wanted = NULL, *kept;
	unsigned long base = arch_pte_swp_offset(first);
	unsigned int type = arch_pte_swp_type(first), i;

	for (i = 0; i < n; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		if (!pages[i]) {
			put_pages(pages, n);
			*err = -ENOMEM;
			return NULL;
		}
		/* Only private anonymous pages go to swap: they come back as such. */
		SetPageFlag(pages[i], PG_anon);
	}
	*err = swap_read_pages(first, pages, n);
	for (i = 0; i < n && !*err; i++) {
		kept = add_to_swap_cache(arch_swp_entry_to_pte(type, base + i), pages[i]);
		/* In the cache now: reclaim may drop it again if it goes unused. */
		if (kept == pages[i])
			lru_cache_add(kept);
		if (base + i == arch_pte_swp_offset(entry))
			wanted = kept;
		else if (kept)
			put_page(kept);
	}
	put_pages(pages, n);
	/* The slot was freed meanwhile (its entry zapped): the fault will find the entry gone. */
	if (!wanted && !*err)
		*err = -EAGAIN;
	return wanted;
}

struct page *swapin_readahead(swp_entry_t entry, bool *major, int *err)
{
	struct page *page = lookup_swap_cache(entry);
	swp_entry_t first;
	unsigned int n;

	*major = false;
	if (page)
		return page;
	n = swap_readahead_run(entry, READAHEAD_WINDOW, &first);
	*major = true;
	return read_run(entry, first, n, err);
}
