/* The PL011 UART console driver (arch/arm64/drivers/pl011.c). */
#ifndef ASM_PL011_H
#define ASM_PL011_H

#include <asm/io.h>

void pl011_console_init(void __iomem *base);
void pl011_enable_rx_irq(unsigned int irq);
/* Switch to a new mapping of the same registers (early map -> ioremap). */
void pl011_rebase(void __iomem *base);

#endif
