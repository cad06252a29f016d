/*
 * What the kernel would otherwise provide to mm/ when it is compiled for
 * the host: printk, panic, symbol lookup, the "physical" arena, the
 * per-thread CPU number and the swap the overcommit policy counts (none:
 * tests/host/test_overcommit.c gives commit_limit its swap itself).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kernel/printk.h>
#include <kernel/lockdep.h>
#include <mm/swap.h>
#include <asm/memory.h>
#include "shim.h"
#include <mm/vmscan.h>
#include <kernel/rwsem.h>
#include <mm/lru.h>
#include <mm/rmap.h>

uintptr_t host_va_offset;
u64 kimage_voffset;
__thread unsigned int host_cpu_id;
unsigned long host_tlb_flushes;
int console_loglevel = LOGLEVEL_DEFAULT;
unsigned long host_printk_errors;	/* messages at KERN_ERR or worse */
char host_last_report[4096];		/* text of the last such message */

int vprintk(const char *fmt, va_list args)
{
	char buf[1024];
	int level = 6;
	int n;

	if (fmt[0] == KERN_SOH[0] && fmt[1] >= '0' && fmt[1] <= '7') {
		level = fmt[1] - '0';
		fmt += 2;
	} else if (fmt[0] == KERN_SOH[0] && fmt[1] == 'c') {
		fmt += 2;
	}
	n = vsnprintf(buf, sizeof(buf), fmt, args);
	if (level <= 3) {
		__atomic_add_fetch(&host_printk_errors, 1, __ATOMIC_RELAXED);
		snprintf(host_last_report, sizeof(host_last_report), "%s", buf);
	}
	if (level <= console_loglevel && getenv("HOST_TEST_QUIET") == NULL)
		fputs(buf, stderr);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vprintk(fmt, args);
	va_end(args);
	return n;
}

void panic(const char *fmt, ...)
{
	va_list args;

	fputs("Kernel panic: ", stderr);
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fputc('\n', stderr);
	abort();
}

/* Fault injection's task filter: the host's one "task" is marked when host_fault_marked says. */
bool host_fault_marked;
unsigned long host_fault_failures;

bool fault_current_may_fail(void)
{
	return host_fault_marked;
}

void fault_current_failed(bool backtrace __attribute__((unused)))
{
	host_fault_failures++;
}

bool ksym_lookup(unsigned long addr, const char **name, unsigned long *offset,
		 unsigned long *size)
{
	(void)addr;
	(void)name;
	(void)offset;
	(void)size;
	return false;
}

unsigned long total_swap_pages(void)
{
	return 0;
}

/* The host tests run one thread: exit_mmap's write lock is never contended. */
void down_write(struct rw_semaphore *sem)
{
	sem->count = RWSEM_WRITER_LOCKED;
}

void up_write(struct rw_semaphore *sem)
{
	sem->count = 0;
}

/*
 * No reclaim on the host: the allocator's callers see a machine without
 * swap. Weak: test_vmscan builds the real mm/vmscan.c and mm/lru.c.
 */
__attribute__((weak)) bool current_is_reclaiming(void)
{
	return false;
}

__attribute__((weak)) bool reclaim_allowed(gfp_t gfp __attribute__((unused)))
{
	return false;
}

__attribute__((weak)) unsigned long try_to_free_pages(void)
{
	return 0;
}

__attribute__((weak)) void wakeup_kswapd(void)
{
}

/* A failed allocation's report: the host's tests read the message, not the stack. */
void dump_stack(void)
{
}

/* Nothing on the host puts pages on an LRU list or gives them a reverse map. */
__attribute__((weak)) void lru_del(struct page *page __attribute__((unused)))
{
}

__attribute__((weak)) void page_remove_anon_vma(struct page *page __attribute__((unused)))
{
}

/* ... nor shmem objects whose pages reclaim could write out. */
__attribute__((weak)) bool shmem_pageout(struct page *page __attribute__((unused)))
{
	return false;
}

struct mem_range host_arena_create(size_t size, phys_addr_t phys_base)
{
	/* Aligned like a real RAM bank, so that large buddy blocks line up. */
	void *arena = aligned_alloc(4UL << 20, size);

	if (!arena) {
		perror("aligned_alloc");
		exit(2);
	}
	memset(arena, 0xa5, size);
	host_va_offset = (uintptr_t)arena - phys_base;
	return (struct mem_range){ phys_base, phys_base + size };
}

void host_arena_destroy(struct mem_range ram)
{
	free(__va(ram.start));
}

/* The lock validator stays off on the host: its hooks are never reached. */
bool prove_locking;
bool debug_locks;

void lock_acquire(struct lockdep_map *map __attribute__((unused)),
		  bool trylock __attribute__((unused)), unsigned long ip __attribute__((unused)))
{
}

void spin_acquire(struct lockdep_map *map __attribute__((unused)),
		  bool trylock __attribute__((unused)))
{
}

void lock_release(struct lockdep_map *map __attribute__((unused)))
{
}

void __might_sleep(const char *file __attribute__((unused)), int line __attribute__((unused)))
{
}
