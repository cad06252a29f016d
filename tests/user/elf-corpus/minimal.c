/*
 * A small valid static AArch64 executable that the broken-ELF corpus is
 * made from. Its shape is that of any program: a code segment of a few
 * pages and a data segment with bytes from the file; it ends with
 * exit_group(0).
 */
static volatile long exit_status[512] = { 0, 1 };

/* Code-segment bytes that are never run: they give the segment its size. */
asm(".pushsection .text\n\t.balign 16\n\t.space 8192\n\t.popsection");

void _start(void)
{
	register long x0 asm("x0") = exit_status[0];
	register long x8 asm("x8") = 94;	/* exit_group */

	asm volatile("svc #0" : : "r"(x0), "r"(x8) : "memory");
	for (;;)
		;
}
