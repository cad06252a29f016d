/*
 * The PL011 UART, the console of QEMU's virt machine. Output polls the
 * transmit FIFO; input is interrupt-driven: every received byte goes to
 * console_receive_char(), which keeps the line buffer.
 * The boot loader (or QEMU) has already set the baud rate; we keep it.
 */
#include <kernel/fs/console.h>
#include <kernel/printk.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/barrier.h>
#include <asm/pl011.h>

#define UART_DR 0x00
#define UART_FR 0x18
#define UART_FR_RXFE (1u << 4)
#define UART_FR_TXFF (1u << 5)
#define UART_CR 0x30
#define UART_CR_UARTEN (1u << 0)
#define UART_CR_TXE (1u << 8)
#define UART_CR_RXE (1u << 9)
#define UART_IMSC 0x38
#define UART_ICR 0x44
#define UART_INT_RX (1u << 4)
#define UART_INT_RT (1u << 6)	/* receive timeout: bytes waiting, FIFO not full */

static void __iomem *uart_base;

static void pl011_putc(char c)
{
	while (readl(uart_base + UART_FR) & UART_FR_TXFF)
		cpu_relax();
	writel((u8)c, uart_base + UART_DR);
}

static void pl011_write(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (text[i] == '\n')
			pl011_putc('\r');
		pl011_putc(text[i]);
	}
}

static struct console pl011_console = {
	.name = "ttyAMA0",
	.write = pl011_write,
};

static void pl011_interrupt(unsigned int irq __unused, void *data __unused)
{
	while (!(readl(uart_base + UART_FR) & UART_FR_RXFE))
		console_receive_char((char)(readl(uart_base + UART_DR) & 0xff));
	writel(UART_INT_RX | UART_INT_RT, uart_base + UART_ICR);
}

void pl011_console_init(void __iomem *base)
{
	uart_base = base;
	writel(readl(base + UART_CR) | UART_CR_UARTEN | UART_CR_TXE | UART_CR_RXE,
	       base + UART_CR);
	register_console(&pl011_console);
}

void pl011_enable_rx_irq(unsigned int irq)
{
	request_irq(irq, pl011_interrupt, NULL);
	writel(UART_INT_RX | UART_INT_RT, uart_base + UART_IMSC);
}

void pl011_rebase(void __iomem *base)
{
	uart_base = base;
}
