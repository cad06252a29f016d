/*
 * Host stand-in for asm/string.h: no assembly functions, so the host tests
 * of kernel/lib/string.c (tests/host/test_string.c) check its C versions.
 */
#ifndef ASM_STRING_H
#define ASM_STRING_H

#endif
