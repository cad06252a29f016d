/*
 * The C string and memory functions the kernel implements itself
 * (kernel/lib/string.c), with the standard signatures, so that the host build
 * of mm/ can use the C library's instead.
 */
#ifndef KERNEL_STRING_H
#define KERNEL_STRING_H

#include <kernel/types.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
unsigned long strtoul(const char *s, char **end, int base);
long strtol(const char *s, char **end, int base);

/*
 * Copy at most size - 1 bytes and always terminate. Returns the length
 * copied, or -E2BIG when src did not fit (as Linux's strscpy).
 */
long strscpy(char *dst, const char *src, size_t size);

#endif
