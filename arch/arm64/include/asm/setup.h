/*
 * What kernel/main.c asks of the architecture while booting, in order.
 */
#ifndef ASM_SETUP_H
#define ASM_SETUP_H

#include <kernel/types.h>
#include <mm/mm.h>
#include <asm/io.h>

extern char _text[], _stext[], _etext[], _srodata[], _erodata[];
extern char _sdata[], _edata[], __bss_start[], __bss_end[], _end[];
extern char early_pg_dir[], boot_stack[];

#include <asm/thread_info.h>	/* KERNEL_STACK_SIZE */
#define OVERFLOW_STACK_SIZE 4096

struct cpu;
void cpu_set_stack(struct cpu *cpu, void *base);
/* Run fn on the stack ending at top; fn never returns. */
void __noreturn call_on_stack(void *top, void (*fn)(void));

void cpu_detect_features(void);
/* The ASID allocator's width: the CPU's, or asid_bits=8 from the command line. */
void setup_asid_bits(void);
/* Record this CPU's identification registers for /proc/cpuinfo (each CPU at start). */
void cpuinfo_store_cpu(void);
void print_cpu_features(void);
/* Build swapper_pg_dir for RAM [ram.start, ram.end) and switch TTBR1 to it. */
void paging_init(struct mem_range ram);
/* Map device registers before vmalloc exists, in the fixmap range. */
void __iomem *early_ioremap(phys_addr_t phys, size_t size);
void early_iounmap(void __iomem *addr, size_t size);
/* Table pages come from the buddy allocator from now on. */
void pgtable_use_page_allocator(void);
/* After boot: TTBR0 no longer maps the identity map (called on every CPU). */
void cpu_leave_idmap(void);
/* Physical pages of the static table pool, to keep out of the buddy allocator. */
struct mem_range pgtable_pool_range(void);
void print_memory_layout(struct mem_range ram);
/* Count kernel mappings both writable and executable (should be none). */
unsigned long check_wx_mappings(void);

void smp_init(const u64 *mpidrs, unsigned int count);
void smp_send_stop(void);

#endif
