/* Host stand-in for asm/page.h: clear_page is a memset. */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <asm/page-def.h>
#include <string.h>

static inline void clear_page(void *addr)
{
	memset(addr, 0, PAGE_SIZE);
}

#endif
