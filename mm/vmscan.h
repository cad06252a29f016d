/*
 * Page reclaim (mm/vmscan.c): what the allocator and swapon call, and
 * what /proc/vmstat shows of it.
 */
#ifndef MM_VMSCAN_H
#define MM_VMSCAN_H

#include <kernel/types.h>
#include <kernel/lib/seq_buf.h>

#include <mm/gfp.h>

/* One reclaim of up to nr_to_reclaim pages, counted as kswapd's or direct: how many came back. */
unsigned long shrink_node_pages(unsigned long nr_to_reclaim, bool kswapd);
bool current_is_reclaiming(void);
bool reclaim_allowed(gfp_t gfp);
unsigned long try_to_free_pages(void);
/* mm/kswapd.c */
void wakeup_kswapd(void);
int kswapd_run(void);
void reclaim_vmstat_show(struct seq_buf *m);

#endif
