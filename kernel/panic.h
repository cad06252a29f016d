/* State the panic path shares with the boot options and the oops report. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include <kernel/types.h>

extern int panic_timeout;	/* panic= boot option */
extern bool oops_in_progress;	/* a fault report with backtrace is already out */

#endif
