/*
 * ramfs file contents: a regular file is an array of page pointers, one
 * slot per PAGE_SIZE bytes of the file, NULL for a hole. Pages come from
 * the buddy allocator one at a time, zeroed, so that a later mmap of the
 * file can map the very pages that hold it (ramfs_get_page). The slot
 * array itself is kmalloc'd and grows by doubling.
 *
 * Invariant: bytes past i_size in the last page are zero, so a file that
 * grows again (write past the end, truncate up) shows zeroes there.
 */
#include <kernel/errno.h>
#include <kernel/fs/ramfs.h>
#include <kernel/lib/string.h>
#include <mm/mm.h>
#include <mm/slab.h>

static int check_regular(struct inode *inode)
{
	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode->i_mode))
		return -EINVAL;
	return 0;
}

/* Room in the slot array for pages [0, nr). */
static int reserve_slots(struct inode *inode, unsigned long nr)
{
	unsigned long want = MAX(inode->nr_slots * 2, 4UL);
	struct page **pages;

	if (nr <= inode->nr_slots)
		return 0;
	want = MAX(want, nr);
	pages = krealloc(inode->pages, want * sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	memset(pages + inode->nr_slots, 0, (want - inode->nr_slots) * sizeof(*pages));
	inode->pages = pages;
	inode->nr_slots = want;
	return 0;
}

/* The instance's size limit is reached (a tmpfs mount's size=). */
static bool sb_full(const struct super_block *sb)
{
	return sb && sb->s_max_pages && sb->s_nr_pages >= sb->s_max_pages;
}

/* The page at pgoff, a new one from gfp's kind if it is a hole. */
static struct page *get_or_add_page(struct inode *inode, unsigned long pgoff, gfp_t gfp)
{
	struct page *page;

	if (reserve_slots(inode, pgoff + 1))
		return NULL;
	page = inode->pages[pgoff];
	if (!page && !sb_full(inode->i_sb)) {
		page = alloc_page(gfp);
		inode->pages[pgoff] = page;
		if (page && inode->i_sb)
			inode->i_sb->s_nr_pages++;
	}
	return page;
}

bool ramfs_full(const struct inode *inode)
{
	return sb_full(inode->i_sb);
}

struct page *ramfs_get_page(struct inode *inode, unsigned long pgoff)
{
	return get_or_add_page(inode, pgoff, GFP_KERNEL | __GFP_ZERO);
}

int ramfs_adopt_pages(struct inode *inode, unsigned long pgoff, struct page *first,
		      unsigned long nr)
{
	int err = check_regular(inode);
	unsigned long i;

	if (!err)
		err = reserve_slots(inode, pgoff + nr);
	if (err)
		return err;
	for (i = 0; i < nr; i++) {
		struct page **slot = &inode->pages[pgoff + i];

		if (*slot)
			put_page(*slot);
		else if (inode->i_sb)
			inode->i_sb->s_nr_pages++;
		*slot = first + i;
	}
	inode->i_size = MAX(inode->i_size, (loff_t)((pgoff + nr) * PAGE_SIZE));
	return 0;
}

/* The page under pgoff if there is one: reads never fill holes. */
static struct page *find_page(struct inode *inode, unsigned long pgoff)
{
	return pgoff < inode->nr_slots ? inode->pages[pgoff] : NULL;
}

long ramfs_read(struct inode *inode, void *buf, size_t len, loff_t pos)
{
	size_t done = 0;
	int err = check_regular(inode);

	if (err)
		return err;
	if (pos < 0)
		return -EINVAL;
	if (pos >= inode->i_size)
		return 0;
	len = MIN(len, (size_t)(inode->i_size - pos));
	while (done < len) {
		size_t offset = (pos + done) % PAGE_SIZE;
		size_t n = MIN(len - done, PAGE_SIZE - offset);
		struct page *page = find_page(inode, (pos + done) / PAGE_SIZE);

		if (page)
			memcpy((char *)buf + done, (char *)page_address(page) + offset, n);
		else
			memset((char *)buf + done, 0, n);
		done += n;
	}
	return done;
}

long ramfs_write(struct inode *inode, const void *buf, size_t len, loff_t pos)
{
	size_t done = 0;
	int err = check_regular(inode);

	if (err)
		return err;
	if (pos < 0)
		return -EINVAL;
	if (len == 0)
		return 0;
	if (pos >= RAMFS_MAX_FILE_SIZE)
		return -EFBIG;
	len = MIN(len, (size_t)(RAMFS_MAX_FILE_SIZE - pos));
	while (done < len) {
		size_t offset = (pos + done) % PAGE_SIZE;
		size_t n = MIN(len - done, PAGE_SIZE - offset);
		/*
		 * A new page the write fills whole need not be zeroed first:
		 * unpacking the initramfs writes nearly all its pages so.
		 */
		gfp_t gfp = n == PAGE_SIZE ? GFP_KERNEL : GFP_KERNEL | __GFP_ZERO;
		struct page *page = get_or_add_page(inode, (pos + done) / PAGE_SIZE, gfp);

		if (!page) {
			err = sb_full(inode->i_sb) ? -ENOSPC : -ENOMEM;
			break;
		}
		memcpy((char *)page_address(page) + offset, (const char *)buf + done, n);
		done += n;
	}
	if (pos + (loff_t)done > inode->i_size)
		inode->i_size = pos + done;
	return done ? (long)done : err;
}

/* Pages wholly past size are let go (a mapping may still hold one); the last one is cut. */
static void shrink(struct inode *inode, loff_t size)
{
	unsigned long keep = DIV_ROUND_UP(size, PAGE_SIZE);
	struct page *last;

	for (unsigned long i = keep; i < inode->nr_slots; i++) {
		if (inode->pages[i]) {
			put_page(inode->pages[i]);
			if (inode->i_sb)
				inode->i_sb->s_nr_pages--;
		}
		inode->pages[i] = NULL;
	}
	last = size % PAGE_SIZE ? find_page(inode, size / PAGE_SIZE) : NULL;
	if (last)
		memset((char *)page_address(last) + size % PAGE_SIZE, 0,
		       PAGE_SIZE - size % PAGE_SIZE);
	if (size == 0) {
		kfree(inode->pages);
		inode->pages = NULL;
		inode->nr_slots = 0;
	}
}

int ramfs_truncate(struct inode *inode, loff_t size)
{
	int err = check_regular(inode);

	if (err)
		return err;
	if (size < 0)
		return -EINVAL;
	if (size > RAMFS_MAX_FILE_SIZE)
		return -EFBIG;
	if (size < inode->i_size || size == 0)
		shrink(inode, size);
	inode->i_size = size;
	return 0;
}

int ramfs_fallocate(struct inode *inode, bool keep_size, loff_t offset, loff_t len)
{
	unsigned long pgoff, last = (unsigned long)(offset + len - 1) / PAGE_SIZE;
	int err = check_regular(inode);

	if (err)
		return err;
	for (pgoff = (unsigned long)offset / PAGE_SIZE; pgoff <= last; pgoff++)
		if (!ramfs_get_page(inode, pgoff))
			return -ENOMEM;
	if (!keep_size && offset + len > inode->i_size)
		inode->i_size = offset + len;
	return 0;
}

/* Pages actually allocated, for st_blocks. */
unsigned long ramfs_nr_pages(struct inode *inode)
{
	unsigned long nr = 0;

	for (unsigned long i = 0; i < inode->nr_slots; i++)
		nr += inode->pages[i] != NULL;
	return nr;
}
