/*
 * User memory access for system calls (kernel/uaccess.h). The range must
 * lie in user space (a kernel address is refused at once); then the copy
 * runs in arch/arm64/lib/copy_user.S, with EL0's permissions, and its
 * every user access is in the exception-fixup table. A page not yet present faults and is brought in
 * by the page-fault handler, as for the process itself; a bad address
 * makes the copy stop, and the call returns -EFAULT. Since the fault
 * may sleep, a copy is a place that may sleep (might_fault, as Linux's).
 */
#include <kernel/uaccess.h>
#include <kernel/sched.h>
#include <kernel/lib/string.h>
#include <kernel/errno.h>
#include <asm/page-def.h>

/* Bytes not copied (0 when all were); see copy_user.S. */
unsigned long __arch_copy_from_user(void *to, const void *from, size_t n);
unsigned long __arch_copy_to_user(void *to, const void *from, size_t n);

bool access_ok(unsigned long addr, size_t len)
{
	/* LAB 7 BEGIN: true only for a task with user memory and a range wholly below USER_SPACE_END */
	/* LAB 7 STUB: (void)addr; */
	/* LAB 7 STUB: (void)len; */
	/* LAB 7 STUB: return true; */
	/* Never addr + len: near the top of the address space the sum wraps to a small number. */
	return current->mm && addr <= USER_SPACE_END && len <= USER_SPACE_END - addr;
	/* LAB 7 END */
}

long copy_from_user(void *dst, unsigned long src, size_t len)
{
	unsigned long left;

	might_fault();
	if (!access_ok(src, len))
		return -EFAULT;
	left = __arch_copy_from_user(dst, (const void *)src, len);
	if (left)
		memset((char *)dst + len - left, 0, left);	/* never leave stale kernel bytes */
	return left ? -EFAULT : 0;
}

long copy_to_user(unsigned long dst, const void *src, size_t len)
{
	might_fault();
	if (!access_ok(dst, len))
		return -EFAULT;
	return __arch_copy_to_user((void *)dst, src, len) ? -EFAULT : 0;
}

/* One page at a time: a string may end just before an unmapped page. */
long strncpy_from_user(char *dst, unsigned long src, size_t size)
{
	size_t i = 0;

	while (i < size) {
		size_t chunk = MIN(size - i, PAGE_SIZE - ((src + i) & ~PAGE_MASK));
		const char *end;

		if (copy_from_user(&dst[i], src + i, chunk))
			return -EFAULT;
		end = memchr(&dst[i], '\0', chunk);
		if (end)
			return (long)(end - dst);
		i += chunk;
	}
	return -ENAMETOOLONG;
}
