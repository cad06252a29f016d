/*
 * /proc/meminfo in Linux's layout (name padded to 16 columns, value in
 * kB in 8), with the counters tkern keeps; the lines for what it does
 * not have (page cache, ...) are there with 0 so that tools that parse
 * the file find them. Also /proc/vmstat's page counts and faults,
 * "name value" per line as in Linux.
 */
#include <kernel/fs/procfs.h>
#include <kernel/sched.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include <mm/memory.h>
#include <mm/overcommit.h>
#include <mm/shmem.h>
#include <mm/swap.h>
#include <mm/lru.h>
#include <mm/vmscan.h>
#include <mm/oom.h>
#include <asm/page-def.h>

static void show_kb(struct seq_buf *m, const char *name, unsigned long kb)
{
	seq_buf_printf(m, "%-16s%8lu kB\n", name, kb);
}

void meminfo_show(struct seq_buf *m)
{
	unsigned long kb_per_page = PAGE_SIZE / 1024, objects, slab_pages;

	slab_totals(&objects, &slab_pages);
	show_kb(m, "MemTotal:", totalram_pages() * kb_per_page);
	show_kb(m, "MemFree:", nr_free_pages() * kb_per_page);
	show_kb(m, "MemAvailable:", nr_free_pages() * kb_per_page);
	show_kb(m, "Buffers:", 0);
	show_kb(m, "Cached:", 0);
	show_kb(m, "SwapCached:", swap_cache_pages() * kb_per_page);
	show_kb(m, "Active:", lru_pages(LRU_ACTIVE_ANON) * kb_per_page);
	show_kb(m, "Inactive:", lru_pages(LRU_INACTIVE_ANON) * kb_per_page);
	show_kb(m, "Active(anon):", lru_pages(LRU_ACTIVE_ANON) * kb_per_page);
	show_kb(m, "Inactive(anon):", lru_pages(LRU_INACTIVE_ANON) * kb_per_page);
	show_kb(m, "Active(file):", 0);
	show_kb(m, "Inactive(file):", 0);
	show_kb(m, "SwapTotal:", total_swap_pages() * kb_per_page);
	show_kb(m, "SwapFree:", nr_swap_pages() * kb_per_page);
	show_kb(m, "Shmem:", shmem_nr_pages() * kb_per_page);
	show_kb(m, "Slab:", slab_pages * kb_per_page);
	show_kb(m, "SReclaimable:", 0);
	show_kb(m, "SUnreclaim:", slab_pages * kb_per_page);
	show_kb(m, "KernelStack:", nr_tasks() * (KERNEL_STACK_SIZE / 1024));
	show_kb(m, "CommitLimit:", vm_commit_limit() * kb_per_page);
	show_kb(m, "Committed_AS:", vm_memory_committed() * kb_per_page);
	show_kb(m, "VmallocTotal:", (VMALLOC_END - VMALLOC_START) / 1024);
}

/* The few vmstat counters tkern keeps: the course's fault-counting lab reads pgfault. */
void vmstat_show(struct seq_buf *m)
{
	seq_buf_printf(m, "nr_free_pages %lu\n", nr_free_pages());
	seq_buf_printf(m, "pgfault %lu\n", vm_page_faults());
	seq_buf_printf(m, "pgmajfault %lu\n", vm_major_faults());
	seq_buf_printf(m, "pswpin %lu\n", vm_pswpin());
	seq_buf_printf(m, "pswpout %lu\n", vm_pswpout());
	reclaim_vmstat_show(m);
	seq_buf_printf(m, "oom_kill %lu\n", vm_oom_kills());
}
