/*
 * getdents64: directory entries as struct linux_dirent64 records, each
 * 8-byte aligned. The file type lists the entries (f_op->iterate) into a
 * kernel buffer; the records are copied out after, and the position moves
 * only past what reached the caller.
 */
#include <kernel/fs/fs.h>
#include <kernel/fs/fdtable.h>
#include <kernel/fs/fs_syscalls.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>
#include <mm/slab.h>

#define GETDENTS_BUF_MAX (16 * 1024)

struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;
	u16 d_reclen;
	u8 d_type;
	char d_name[];
};

struct getdents_ctx {
	char *buf;
	size_t size;
	size_t used;
	bool too_small;		/* not even the first record fitted */
};

static bool fill_dirent(void *data, const char *name, unsigned int namelen,
			loff_t next_pos, unsigned long ino, unsigned int d_type)
{
	struct getdents_ctx *ctx = data;
	size_t reclen = ALIGN_UP(offsetof(struct linux_dirent64, d_name) + namelen + 1, 8);
	struct linux_dirent64 *d;

	if (ctx->used + reclen > ctx->size) {
		ctx->too_small = ctx->used == 0;
		return false;
	}
	d = (struct linux_dirent64 *)(ctx->buf + ctx->used);
	memset(d, 0, reclen);
	d->d_ino = ino;
	d->d_off = next_pos;
	d->d_reclen = (u16)reclen;
	d->d_type = (u8)d_type;
	memcpy(d->d_name, name, namelen);
	ctx->used += reclen;
	return true;
}

long sys_getdents64(u64 fd, u64 dirent, u64 count, u64 a3 __unused, u64 a4 __unused,
		    u64 a5 __unused)
{
	struct file *file = fdget((int)fd);
	struct getdents_ctx ctx = { .size = MIN(count, (u64)GETDENTS_BUF_MAX) };
	loff_t pos;
	int err;

	if (!file || (fd >> 31))
		return -EBADF;
	if (!file->f_op->iterate)
		return -ENOTDIR;
	ctx.buf = kmalloc(MAX(ctx.size, 1UL), GFP_KERNEL);
	if (!ctx.buf)
		return -ENOMEM;
	pos = file->f_pos;
	err = file->f_op->iterate(file, &pos, fill_dirent, &ctx);
	if (!err && ctx.too_small)
		err = -EINVAL;
	if (!err && copy_to_user(dirent, ctx.buf, ctx.used))
		err = -EFAULT;
	if (!err)
		file->f_pos = pos;
	kfree(ctx.buf);
	return err ? err : (long)ctx.used;
}
