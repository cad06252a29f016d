/*
 * Where a process's memory lies: prints one address from each part of the
 * address space (code, initialised data, bss, heap, stack), then moves the
 * program break with brk and sbrk and prints it again. Compare the output
 * with /proc/self/maps and with `readelf -lW` of this file.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdint.h>
#include <unistd.h>

int initialised_global = 42;	/* .data */
int zeroed_global;		/* .bss */

static void show(const char *part, const void *addr)
{
	printf("%-32s %p\n", part, addr);
}

int main(void)
{
	int on_stack = 0;
	char *brk_start = sbrk(0);
	char *after;

	show("code (main)", (const void *)(uintptr_t)main);
	show("data (initialised_global)", &initialised_global);
	show("bss (zeroed_global)", &zeroed_global);
	show("stack (a local variable)", &on_stack);
	show("heap (initial program break)", brk_start);
	if (brk(brk_start + 4096))
		perror("brk");
	show("heap after brk(+4096)", sbrk(0));
	after = sbrk(-4096);
	if (after == (char *)-1)
		perror("sbrk");
	show("heap after sbrk(-4096)", sbrk(0));
	return zeroed_global;
}
