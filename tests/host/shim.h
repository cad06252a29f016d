/* Helpers the host shim gives to unit tests. */
#ifndef HOST_SHIM_H
#define HOST_SHIM_H

#include <mm/mm.h>

extern unsigned long host_printk_errors;
extern char host_last_report[4096];
extern unsigned long host_tlb_flushes;
/* Fault injection: whether the task filter lets the host fail, and the failures forced. */
extern bool host_fault_marked;
extern unsigned long host_fault_failures;

/* A malloc'd block standing in for RAM at physical address phys_base. */
struct mem_range host_arena_create(size_t size, phys_addr_t phys_base);
void host_arena_destroy(struct mem_range ram);

#endif
