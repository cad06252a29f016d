/*
 * The string functions arm64 implements in assembly (arch/arm64/lib/),
 * which kernel/lib/string.c then leaves out, as Linux's lib/string.c does
 * for an architecture's __HAVE_ARCH_* functions.
 */
#ifndef ASM_STRING_H
#define ASM_STRING_H

#define __HAVE_ARCH_MEMCPY

#endif
