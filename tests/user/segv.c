/*
 * A program that dies of SIGSEGV: it writes through a NULL pointer. On
 * tkern the kernel prints one line (pid, name, fault, address, pc) and
 * the process ends as killed by signal 11, as on Linux.
 */
#include <stdio.h>

/* Read at run time, so the compiler cannot see the bad pointer coming. */
static volatile unsigned long address = 16;

int main(void)
{
	volatile int *nowhere = (volatile int *)address;

	printf("about to write to address 16\n");
	fflush(stdout);
	*nowhere = 1;
	printf("still alive: the write did not fault\n");
	return 1;
}
