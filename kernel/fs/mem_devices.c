/*
 * /dev/null, /dev/zero and /dev/full (Linux's drivers/char/mem.c): null
 * reads as empty and swallows writes; zero reads as endless zero bytes
 * and swallows writes too; full reads like zero but every write fails
 * with ENOSPC, for testing how programs take a full disk. All accept any
 * seek and stay at 0. A shared mapping of zero is a new shared memory
 * object (mm/shmem.c), so that processes sharing it after fork see each
 * other's pages; a private one never reaches its mmap method (the mmap
 * call makes it anonymous memory).
 */
#include <kernel/fs/fs.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <mm/shmem.h>

#define ZERO_CHUNK 256

static long null_read(struct file *file __unused, unsigned long buf __unused,
		      size_t len __unused, loff_t *pos __unused)
{
	return 0;
}

static long null_write(struct file *file __unused, unsigned long buf __unused, size_t len,
		       loff_t *pos __unused)
{
	return (long)len;
}

static loff_t null_lseek(struct file *file, loff_t offset __unused, int whence __unused)
{
	file->f_pos = 0;
	return 0;
}

static long zero_read(struct file *file __unused, unsigned long buf, size_t len,
		      loff_t *pos __unused)
{
	static const char zeroes[ZERO_CHUNK];
	size_t done = 0;

	while (done < len) {
		size_t n = MIN(len - done, sizeof(zeroes));

		if (copy_to_user(buf + done, zeroes, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return (long)done;
}

static long full_write(struct file *file __unused, unsigned long buf __unused,
		       size_t len __unused, loff_t *pos __unused)
{
	return -ENOSPC;
}

const struct file_operations null_fops = {
	.read = null_read,
	.write = null_write,
	.llseek = null_lseek,
};

static int zero_mmap(struct file *file __unused, struct vm_area_struct *vma)
{
	return shmem_zero_setup(vma);
}

const struct file_operations zero_fops = {
	.read = zero_read,
	.write = null_write,
	.llseek = null_lseek,
	.mmap = zero_mmap,
};

const struct file_operations full_fops = {
	.read = zero_read,
	.write = full_write,
	.llseek = null_lseek,
};
