/*
 * printk and friends: formatted kernel messages with Linux's log levels.
 * A message may start with a KERN_<LEVEL> prefix; messages less urgent than
 * the console level (the `loglevel=` boot option) are not printed.
 * Besides the C formats, %pS prints a code address as symbol+offset/size.
 */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <kernel/types.h>
#include <stdarg.h>

#define KERN_SOH "\001"
#define KERN_EMERG KERN_SOH "0"
#define KERN_ALERT KERN_SOH "1"
#define KERN_CRIT KERN_SOH "2"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"
#define KERN_CONT KERN_SOH "c"	/* continues the previous line */

#define LOGLEVEL_DEFAULT 7	/* print everything above debug */

extern int console_loglevel;

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list args);

#define pr_emerg(fmt, ...) printk(KERN_EMERG fmt, ##__VA_ARGS__)
#define pr_alert(fmt, ...) printk(KERN_ALERT fmt, ##__VA_ARGS__)
#define pr_crit(fmt, ...) printk(KERN_CRIT fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...) printk(KERN_ERR fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) printk(KERN_DEBUG fmt, ##__VA_ARGS__)

/* Copy the newest part of the kernel log into buf, NUL-terminated. */
size_t log_buf_copy(char *buf, size_t size);
void printk_bust_lock(void);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/*
 * Symbol lookup for %pS and backtraces. Returns false when the address is
 * not inside a known function.
 */
bool ksym_lookup(unsigned long addr, const char **name, unsigned long *offset,
		 unsigned long *size);

void panic(const char *fmt, ...) __printf(1, 2) __noreturn;

#define BUG_ON(cond)							\
	do {								\
		if (unlikely(cond))					\
			panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond); \
	} while (0)

#define WARN_ON(cond)							\
	({								\
		bool __warned = !!(cond);				\
		if (unlikely(__warned))					\
			pr_warn("WARNING at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		__warned;						\
	})

#endif
