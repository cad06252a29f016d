/*
 * Page-sized helpers in assembly (arch/arm64/lib/clear_page.S). The host
 * build of mm/ has its own stand-in (tests/host/include/asm/page.h).
 */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

/* Zero the page at addr, which must be page aligned (DC ZVA where allowed). */
void clear_page(void *addr);

#endif
