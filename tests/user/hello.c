/*
 * The smallest program the loader must run: a static glibc "hello world".
 * Its start-up code reads AT_PHDR (to find PT_TLS), AT_RANDOM (the stack
 * protector's canary) and AT_PAGESZ from the auxiliary vector.
 */
#include <stdio.h>

int main(void)
{
	printf("hello, world\n");
	return 0;
}
