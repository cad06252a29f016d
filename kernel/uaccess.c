/*
 * User memory access for system calls (kernel/uaccess.h). The range is
 * first made present through the fault handler, with the VMA deciding
 * what is allowed; then a plain copy cannot fault. (Processes are single
 * threaded today, so nothing can unmap the range in between.)
 */
#include <kernel/uaccess.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/errno.h>
#include <mm/memory.h>

long copy_from_user(void *dst, unsigned long src, size_t len)
{
	if (!current->mm || fault_in_user_range(current->mm, src, len, false))
		return -EFAULT;
	memcpy(dst, (const void *)src, len);
	return 0;
}

long copy_to_user(unsigned long dst, const void *src, size_t len)
{
	if (!current->mm || fault_in_user_range(current->mm, dst, len, true))
		return -EFAULT;
	memcpy((void *)dst, src, len);
	return 0;
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
