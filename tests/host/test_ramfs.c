/*
 * ramfs and the initramfs unpacker (kernel/fs/ramfs.c, kernel/fs/ramfs_file.c,
 * kernel/fs/initramfs.c) over the buddy allocator and SLUB in a 64 MiB arena.
 * Archives made by cpio from build/host/ramfs-tree are unpacked and
 * compared with the tree on disk byte for byte; path lookup, directory
 * changes and file contents are checked against Linux's errnos. Every
 * test starts from an empty ramfs and ends by destroying it, and then
 * every page must be back in the allocator. What ramfs asks of the VFS
 * (the time, a new inode's owner, permission to search, create and
 * delete) is answered here by a fake clock and a caller the tests set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kernel/errno.h>
#include <kernel/fs/initramfs.h>
#include <kernel/fs/ramfs.h>
#include <kernel/fs/permission.h>
#include <kernel/smp.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include "htest.h"
#include "fixture.h"
#include "hosttree.h"
#include "newc.h"
#include "rng.h"
#include "shim.h"

#define RAM_BASE 0x40000000UL
#define RAM_SIZE (64UL << 20)
#define TREE RAMFS_FIXTURES "/ramfs-tree"

/* An IPI stand-in, as in test_slub.c: each CPU in turn, on this thread. */
__attribute__((weak)) void on_each_cpu(void (*func)(void *info), void *info)
{
	unsigned int self = host_cpu_id;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		host_cpu_id = cpu;
		func(info);
	}
	host_cpu_id = self;
}

/* ------------------------------------ the VFS, as far as ramfs asks */

static struct timespec64 fake_now = { .tv_sec = 1000 };
static u32 caller_uid, caller_gid;
static struct inode *no_search, *no_write;	/* the caller lacks x, w on these directories */
static int nr_lookups;				/* may_lookup calls, one per directory passed */

struct timespec64 current_time(void)
{
	return fake_now;
}

/* The caller's ids, or the directory's group in a setgid one: enough to see ramfs call it. */
void inode_init_owner(struct inode *inode, const struct inode *dir, umode_t mode)
{
	inode->i_uid = caller_uid;
	inode->i_gid = dir && (dir->i_mode & S_ISGID) ? dir->i_gid : caller_gid;
	inode->i_mode = mode;
}

int may_lookup(struct inode *dir)
{
	nr_lookups++;
	return dir == no_search ? -EACCES : 0;
}

int inode_permission(struct inode *inode, int mask)
{
	return inode == no_write && (mask & MAY_WRITE) ? -EACCES : 0;
}

int may_create(struct inode *dir)
{
	return dir == no_write ? -EACCES : 0;
}

int may_delete(struct inode *dir, struct inode *victim, bool isdir)
{
	if (dir == no_write)
		return -EACCES;
	if (isdir != S_ISDIR(victim->i_mode))
		return isdir ? -ENOTDIR : -EISDIR;
	return 0;
}

static bool same_time(struct timespec64 a, struct timespec64 b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

static void tick(void)
{
	fake_now.tv_nsec++;
}

/* No vmalloc area here: the inflated initramfs comes from the C library. */
void *kvmalloc(unsigned long size)
{
	return malloc(size);
}

void kvfree(const void *addr)
{
	free((void *)addr);
}

static unsigned long free_before;

static unsigned long settle(void)
{
	kmem_cache_shrink_all();
	return nr_free_pages();
}

/* A fresh, empty ramfs; the allocators are booted on first use. */
static struct inode *begin(void)
{
	static bool booted;

	if (!booted) {
		setenv("HOST_TEST_QUIET", "1", 0);
		page_alloc_init(host_arena_create(RAM_SIZE, RAM_BASE), NULL, 0);
		kmem_cache_init();
		booted = true;
	}
	if (ramfs_root())	/* a failed test left it */
		ramfs_destroy();
	caller_uid = caller_gid = 0;
	no_search = no_write = NULL;
	free_before = settle();
	CHECK_EQ(ramfs_init(), 0);
	return ramfs_root();
}

static void end(void)
{
	ramfs_destroy();
	CHECK_EQ(ramfs_nr_inodes(), 0);
	CHECK_EQ(settle(), free_before);
}

static struct inode *lookup(const char *path, unsigned int flags)
{
	struct inode *inode = NULL;

	CHECK_EQ(ramfs_lookup(ramfs_root(), path, flags, &inode), 0);
	return inode;
}

static int lookup_err(struct inode *dir, const char *path, unsigned int flags)
{
	struct inode *inode;

	return ramfs_lookup(dir, path, flags, &inode);
}

static struct inode *new_file(const char *path, const char *text)
{
	struct inode *inode;

	CHECK_EQ(ramfs_mknod(ramfs_root(), path, S_IFREG | 0644, 0, &inode), 0);
	if (text)
		CHECK_EQ(ramfs_write(inode, text, strlen(text), 0), (long)strlen(text));
	return inode;
}

/* ------------------------------------------------ unpacking the tree */

static void compare_contents(struct inode *inode, const struct host_file *f)
{
	static char want[1 << 16], got[1 << 16];
	long n = host_read(TREE, f, want, sizeof(want));

	CHECK(n >= 0 && n == f->size);
	if (S_ISLNK(f->mode))
		CHECK_EQ(ramfs_readlink(inode, got, sizeof(got)), n);
	else
		CHECK_EQ(ramfs_read(inode, got, sizeof(got), 0), n);
	CHECK(memcmp(want, got, n) == 0);
}

static void compare_file(const struct host_file *f)
{
	struct inode *inode = lookup(f->path, 0);
	struct kstat st;

	ramfs_getattr(inode, &st);
	CHECK_EQ(st.mode, f->mode);
	if (!S_ISDIR(f->mode))
		CHECK_EQ(st.size, f->size);
	CHECK_EQ(st.mtime.tv_sec, f->mtime);	/* directories too, though names were added after */
	CHECK_EQ(st.mtime.tv_nsec, 0);
	CHECK(same_time(st.atime, st.mtime));
	CHECK_EQ(st.nlink, f->nlink);
	CHECK_EQ(st.uid, 0);
	if (S_ISREG(f->mode) || S_ISLNK(f->mode))
		compare_contents(inode, f);
}

static bool count_entry(void *ctx, const char *name, unsigned int namelen, loff_t next,
			unsigned long ino, unsigned int d_type)
{
	(void)name, (void)next, (void)ino, (void)d_type;
	if (namelen > 2 || name[0] != '.' || (namelen == 2 && name[1] != '.'))
		++*(int *)ctx;
	return true;
}

/* Names in the ramfs tree, found through readdir alone. */
static int count_tree(struct inode *dir)
{
	struct ramfs_dirent *d;
	loff_t pos = 0;
	int n = 0;

	CHECK_EQ(ramfs_readdir(dir, &pos, count_entry, &n), 0);
	list_for_each_entry(d, &dir->entries, list)
		if (S_ISDIR(d->inode->i_mode))
			n += count_tree(d->inode);
	return n;
}

static void check_tree(void)
{
	static struct host_file files[64];
	int n = host_tree_list(TREE, files, 64);

	CHECK(n > 10);
	for (int i = 0; i < n; i++)
		compare_file(&files[i]);
	CHECK_EQ(count_tree(ramfs_root()), n);
	CHECK_EQ(lookup("dir/hard1", 0), lookup("hard2", 0));
	CHECK_EQ(lookup("abslink", LOOKUP_FOLLOW), lookup("dir/sub/deeper/file.txt", 0));
	CHECK_EQ(lookup("dirlink/deeper/file.txt", 0), lookup("dir/sub/deeper/file.txt", 0));
	CHECK_EQ(lookup_err(ramfs_root(), "dangling", LOOKUP_FOLLOW), -ENOENT);
}

static void unpack_fixture(const char *name)
{
	struct blob b = load(name);

	CHECK_EQ(initramfs_unpack(b.buf, b.len), 0);
	free(b.buf);
}

HTEST(unpack_newc_matches_the_tree)
{
	begin();
	unpack_fixture("ramfs-newc.cpio");
	check_tree();
	end();
}

HTEST(unpack_page_aligned_archive_matches_the_tree)
{
	begin();
	unpack_fixture("ramfs-aligned.cpio");
	check_tree();
	end();
}

/*
 * The image as the boot loader leaves it: pages of "RAM" the allocator
 * was told are reserved. Taken here from the allocator and marked so.
 */
static void *reserved_copy(const struct blob *b, unsigned int order, struct page **block)
{
	unsigned long i;

	*block = alloc_pages(GFP_KERNEL, order);
	CHECK(*block != NULL && b->len <= (PAGE_SIZE << order));
	memcpy(page_address(*block), b->buf, b->len);
	for (i = 0; i < (1UL << order); i++) {
		(*block)[i]._refcount = 0;
		SetPageFlag(&(*block)[i], PG_reserved);
	}
	return page_address(*block);
}

/*
 * In place: the page-aligned files take the image's pages, the rest of
 * the image goes back to the allocator, and once the files are gone all
 * of it is free again.
 */
HTEST(unpack_in_place_takes_the_image_pages)
{
	struct blob b;
	struct page *block;
	struct inode *big;
	phys_addr_t image_pa;
	unsigned long freed, pages;
	void *image;
	int err;

	begin();
	b = load("ramfs-aligned.cpio");
	pages = b.len / PAGE_SIZE;	/* wholly inside the image: its last one is partial */
	image = reserved_copy(&b, 5, &block);
	free(b.buf);
	image_pa = __pa(image);
	freed = initramfs_unpack_in_place(image, b.len, &err);
	CHECK_EQ(err, 0);
	check_tree();
	big = lookup("dir/big.bin", 0);
	CHECK(big->nr_slots >= 3 && big->pages[0] && big->pages[2]);
	CHECK(page_to_phys(big->pages[0]) >= image_pa &&
	      page_to_phys(big->pages[2]) < image_pa + b.len);
	/* page.bin's one page and big.bin's three whole pages stayed; its tail was copied. */
	CHECK_EQ(freed, pages - 4);
	/* The block's pages past those were not wholly the image's: given back here. */
	CHECK_EQ(free_reserved_area(image_pa + pages * PAGE_SIZE, image_pa + 32 * PAGE_SIZE),
		 32 - pages);
	end();
}

HTEST(unpack_crc_matches_the_tree)
{
	begin();
	unpack_fixture("ramfs-crc.cpio");
	check_tree();
	end();
}

HTEST(second_archive_adds_and_replaces)
{
	char buf[32];

	begin();
	unpack_fixture("ramfs-twice.cpio");
	CHECK_EQ(ramfs_read(lookup("hello.txt", 0), buf, sizeof(buf), 0), 9);
	CHECK(memcmp(buf, "replaced\n", 9) == 0);
	CHECK_EQ(ramfs_read(lookup("dir/added", 0), buf, sizeof(buf), 0), 7);
	CHECK_EQ(lookup("dir/sub/deeper/file.txt", 0)->i_size, 5);
	end();
}

HTEST(unpacking_twice_gives_the_same_tree)
{
	begin();
	unpack_fixture("ramfs-newc.cpio");
	unpack_fixture("ramfs-newc.cpio");
	check_tree();
	end();
}

HTEST(broken_archive_keeps_what_came_before)
{
	struct blob b;

	begin();
	b = load("ramfs-newc.cpio");
	for (size_t len = 1; len < b.len; len += 509) {
		char *copy = malloc(len);

		memcpy(copy, b.buf, len);
		initramfs_unpack(copy, len);
		free(copy);
	}
	CHECK_EQ(initramfs_unpack(b.buf, 1000), -EINVAL);
	CHECK(lookup("abslink", 0));
	free(b.buf);
	end();
}

/* ------------------------------------------------ compressed images */

HTEST(unpack_gzip_matches_the_tree)
{
	begin();
	unpack_fixture("ramfs-newc.cpio.gz");
	check_tree();
	end();
}

/* What ramfs-extra.cpio adds to the tree, and what it replaces. */
static void check_extra_applied(void)
{
	char buf[32];

	CHECK_EQ(ramfs_read(lookup("hello.txt", 0), buf, sizeof(buf), 0), 9);
	CHECK(memcmp(buf, "replaced\n", 9) == 0);
	CHECK_EQ(ramfs_read(lookup("dir/added", 0), buf, sizeof(buf), 0), 7);
	CHECK_EQ(lookup("dir/sub/deeper/file.txt", 0)->i_size, 5);
	CHECK_EQ(lookup("dir/hard1", 0), lookup("hard2", 0));
}

HTEST(gzip_and_cpio_parts_back_to_back)
{
	static const char *const images[] = { "ramfs-gz-cpio.img", "ramfs-cpio-gz.img",
					      "ramfs-gz-gz.img" };

	for (int i = 0; i < 3; i++) {
		begin();
		unpack_fixture(images[i]);
		check_extra_applied();
		end();
	}
}

/* The image with its byte at offset at changed: what initramfs_unpack says. */
static int unpack_changed(const struct blob *b, size_t len, size_t at, unsigned char x)
{
	unsigned char *copy = malloc(len);
	int ret;

	memcpy(copy, b->buf, len);
	if (at < len)
		copy[at] ^= x;
	ret = initramfs_unpack(copy, len);
	free(copy);
	return ret;
}

HTEST(broken_gzip_part_keeps_what_came_before)
{
	struct blob plain = load("ramfs-newc.cpio"), b = load("ramfs-cpio-gz.img");

	begin();
	/* ISIZE: found after the whole member was inflated, and unpacked */
	CHECK_EQ(unpack_changed(&b, b.len, b.len - 3, 0x40), -EINVAL);
	check_extra_applied();
	end();
	begin();
	CHECK_EQ(unpack_changed(&b, b.len - 20, b.len, 0), -EINVAL);	/* cut short */
	CHECK_EQ(lookup("dir/big.bin", 0)->i_size, 12411);
	CHECK(lookup("abslink", 0));
	end();
	begin();
	CHECK_EQ(unpack_changed(&b, b.len, plain.len + 2, 0x01), -EINVAL);	/* method */
	check_tree();
	CHECK_EQ(lookup_err(ramfs_root(), "dir/added", 0), -ENOENT);
	end();
	free(plain.buf);
	free(b.buf);
}

HTEST(cut_and_corrupted_gzip_images_never_overrun)
{
	struct blob b = load("ramfs-gz-gz.img"), first = load("ramfs-newc.cpio.gz");
	size_t padding = 7;	/* the NULs ramfs.mk puts between the two members */

	begin();
	/* Cut anywhere but between the members (a whole image then): refused. */
	for (size_t len = 1; len < b.len; len += 37)
		if (len < first.len || len > first.len + padding)
			CHECK(unpack_changed(&b, len, len, 0) != 0);
	for (size_t at = 0; at < b.len; at += 11)
		unpack_changed(&b, b.len, at, 0x81);
	end();
	free(first.buf);
	free(b.buf);
}

HTEST(parts_that_are_not_cpio_or_gzip_are_refused)
{
	struct newc a = { 0 };

	begin();
	newc_add(&a, "kept", S_IFREG | 0644, "x", 1);
	newc_finish(&a);
	newc_put(&a, "\0\0\0\0\xfd" "7zXZ\0", 10);	/* xz */
	CHECK_EQ(initramfs_unpack(a.buf, a.len), -EINVAL);
	CHECK(lookup("kept", 0));
	a.len -= 6;
	newc_put(&a, "\0\0" "0707", 6);	/* a cpio part, misaligned */
	CHECK_EQ(initramfs_unpack(a.buf, a.len), -EINVAL);
	a.len -= 10;
	newc_put(&a, "junk", 4);
	CHECK_EQ(initramfs_unpack(a.buf, a.len), -EINVAL);
	CHECK_EQ(initramfs_unpack("\0\0\0\0\0\0\0\0", 8), 0);
	free(a.buf);
	end();
}

HTEST(missing_parents_are_not_created)
{
	struct newc a = { 0 };

	begin();
	newc_add(&a, "a/b/c", S_IFREG | 0644, "x", 1);
	newc_add(&a, "d", S_IFDIR | 0700, "", 0);
	newc_add(&a, "d/e", S_IFREG | 0644, "y", 1);
	newc_add(&a, "", S_IFREG | 0644, "", 0);
	newc_finish(&a);
	CHECK_EQ(initramfs_unpack(a.buf, a.len), 0);
	CHECK_EQ(lookup_err(ramfs_root(), "a", 0), -ENOENT);
	CHECK_EQ(lookup("d", 0)->i_mode, S_IFDIR | 0700);
	CHECK_EQ(lookup("d/e", 0)->i_size, 1);
	free(a.buf);
	end();
}

HTEST(members_replace_other_types)
{
	struct newc a = { 0 };

	begin();
	newc_add(&a, "x", S_IFREG | 0644, "file", 4);
	newc_add(&a, "x", S_IFDIR | 0755, "", 0);	/* the file goes */
	newc_add(&a, "y", S_IFDIR | 0755, "", 0);
	newc_add(&a, "y/z", S_IFREG | 0644, "", 0);
	newc_add(&a, "y", S_IFLNK | 0777, "x", 1);	/* not empty: stays */
	newc_add(&a, "w", S_IFLNK | 0777, "x", 1);
	newc_add(&a, "w", S_IFLNK | 0777, "y", 1);	/* a symlink is redone */
	newc_add(&a, ".", S_IFDIR | 0700, "", 0);	/* the root takes the mode */
	newc_add(&a, "/dev", S_IFDIR | 0755, "", 0);
	newc_add(&a, "/dev/console", S_IFCHR | 0600, "", 0);
	newc_finish(&a);
	CHECK_EQ(initramfs_unpack(a.buf, a.len), 0);
	CHECK(S_ISDIR(lookup("x", 0)->i_mode));
	CHECK(S_ISDIR(lookup("y", 0)->i_mode));
	CHECK_EQ(lookup("w", LOOKUP_FOLLOW), lookup("y", 0));
	CHECK_EQ(ramfs_root()->i_mode, S_IFDIR | 0700);
	CHECK_EQ(lookup("dev/console", 0)->i_rdev, MKDEV(1, 3));
	free(a.buf);
	end();
}

HTEST(hard_links_share_the_data)
{
	struct newc a = { 0 };
	char buf[8];

	begin();
	newc_add_ino(&a, "one", S_IFREG | 0644, "", 0, 77, 3);
	newc_add_ino(&a, "two", S_IFREG | 0644, "", 0, 77, 3);
	newc_add_ino(&a, "three", S_IFREG | 0644, "data", 4, 77, 3);
	newc_finish(&a);
	CHECK_EQ(initramfs_unpack(a.buf, a.len), 0);
	CHECK_EQ(lookup("one", 0), lookup("three", 0));
	CHECK_EQ(lookup("two", 0)->i_nlink, 3);
	CHECK_EQ(ramfs_read(lookup("one", 0), buf, sizeof(buf), 0), 4);
	free(a.buf);
	end();
}

/* -------------------------------------------------------- path lookup */

HTEST(lookup_dots_and_slashes)
{
	struct inode *root = begin(), *sub;

	CHECK_EQ(ramfs_mkdir(root, "a", 0755), 0);
	CHECK_EQ(ramfs_mkdir(root, "a/b", 0755), 0);
	sub = lookup("a/b", 0);
	CHECK_EQ(lookup("/", 0), root);
	CHECK_EQ(lookup("//", 0), root);
	CHECK_EQ(lookup("/..", 0), root);
	CHECK_EQ(lookup("/../../.", 0), root);
	CHECK_EQ(lookup(".", 0), root);
	CHECK_EQ(lookup("//a///b/", 0), sub);
	CHECK_EQ(lookup("a/./b/../b/.", 0), sub);
	CHECK_EQ(lookup("a/b/..", 0), lookup("a", 0));
	CHECK_EQ(lookup_err(root, "", 0), -ENOENT);
	CHECK_EQ(lookup_err(root, "a/c", 0), -ENOENT);
	CHECK_EQ(lookup_err(root, "a/c/d", 0), -ENOENT);
	end();
}

HTEST(lookup_relative_to_a_directory)
{
	struct inode *root = begin(), *a, *found;

	CHECK_EQ(ramfs_mkdir(root, "a", 0755), 0);
	a = lookup("a", 0);
	new_file("a/f", "x");
	CHECK_EQ(ramfs_lookup(a, "f", 0, &found), 0);
	CHECK_EQ(found, lookup("a/f", 0));
	CHECK_EQ(ramfs_lookup(a, "..", 0, &found), 0);
	CHECK_EQ(found, root);
	CHECK_EQ(ramfs_lookup(a, "/a", 0, &found), 0);
	CHECK_EQ(found, a);
	CHECK_EQ(ramfs_mkdir(a, "sub", 0755), 0);
	CHECK(lookup("a/sub", 0));
	end();
}

HTEST(lookup_through_files_is_enotdir)
{
	struct inode *root = begin();

	new_file("f", "x");
	CHECK_EQ(lookup_err(root, "f/", 0), -ENOTDIR);
	CHECK_EQ(lookup_err(root, "f/.", 0), -ENOTDIR);
	CHECK_EQ(lookup_err(root, "f/x", 0), -ENOTDIR);
	CHECK_EQ(lookup_err(root, "f", LOOKUP_DIRECTORY), -ENOTDIR);
	CHECK_EQ(ramfs_symlink("f", root, "l"), 0);
	CHECK_EQ(lookup_err(root, "l/", 0), -ENOTDIR);
	CHECK(S_ISLNK(lookup("l", 0)->i_mode));
	CHECK(S_ISREG(lookup("l", LOOKUP_FOLLOW)->i_mode));
	end();
}

HTEST(name_and_path_limits)
{
	struct inode *root = begin();
	char name[NAME_MAX + 2], path[PATH_MAX + 1];

	memset(name, 'n', sizeof(name));
	name[NAME_MAX] = '\0';
	CHECK_EQ(lookup_err(root, name, 0), -ENOENT);
	CHECK_EQ(ramfs_mkdir(root, name, 0755), 0);
	name[NAME_MAX] = 'n';
	name[NAME_MAX + 1] = '\0';
	CHECK_EQ(lookup_err(root, name, 0), -ENAMETOOLONG);
	CHECK_EQ(ramfs_mkdir(root, name, 0755), -ENAMETOOLONG);
	/* 4095 bytes is a path; 4096 is not, whatever it says */
	for (int i = 0; i < PATH_MAX; i += 2)
		memcpy(path + i, "./", 2);
	path[PATH_MAX - 1] = '\0';
	CHECK_EQ(lookup("/", 0), lookup(path, 0));
	path[PATH_MAX - 1] = '.';
	path[PATH_MAX] = '\0';
	CHECK_EQ(lookup_err(root, path, 0), -ENAMETOOLONG);
	end();
}

HTEST(symlinks_absolute_relative_and_chained)
{
	struct inode *root = begin();
	char name[16], target[16];

	CHECK_EQ(ramfs_mkdir(root, "d", 0755), 0);
	new_file("d/f", "x");
	CHECK_EQ(ramfs_symlink("f", root, "d/rel"), 0);
	CHECK_EQ(ramfs_symlink("/d/f", root, "abs"), 0);
	CHECK_EQ(ramfs_symlink("../d", root, "d/up"), 0);
	CHECK_EQ(lookup("d/rel", LOOKUP_FOLLOW), lookup("d/f", 0));
	CHECK_EQ(lookup("abs", LOOKUP_FOLLOW), lookup("d/f", 0));
	CHECK_EQ(lookup("d/up/up/up/f", 0), lookup("d/f", 0));
	CHECK_EQ(lookup("d/up/", 0), lookup("d", 0));
	/* a chain of 40 links resolves, one more is a loop */
	CHECK_EQ(ramfs_symlink("d/f", root, "l0"), 0);
	for (int i = 1; i <= MAXSYMLINKS; i++) {
		snprintf(name, sizeof(name), "l%d", i);
		snprintf(target, sizeof(target), "l%d", i - 1);
		CHECK_EQ(ramfs_symlink(target, root, name), 0);
	}
	CHECK_EQ(lookup("l39", LOOKUP_FOLLOW), lookup("d/f", 0));
	CHECK_EQ(lookup_err(root, "l40", LOOKUP_FOLLOW), -ELOOP);
	CHECK_EQ(ramfs_symlink("loop2", root, "loop1"), 0);
	CHECK_EQ(ramfs_symlink("loop1", root, "loop2"), 0);
	CHECK_EQ(lookup_err(root, "loop1", LOOKUP_FOLLOW), -ELOOP);
	CHECK_EQ(lookup_err(root, "loop1/x", 0), -ELOOP);
	CHECK_EQ(ramfs_symlink("self/x", root, "self"), 0);
	CHECK_EQ(lookup_err(root, "self", LOOKUP_FOLLOW), -ELOOP);
	CHECK_EQ(ramfs_symlink("", root, "empty"), -ENOENT);
	end();
}

/* ------------------------------------------------- changing the tree */

HTEST(mkdir_and_rmdir)
{
	struct inode *root = begin();

	CHECK_EQ(ramfs_mkdir(root, "a", 0755), 0);
	CHECK_EQ(ramfs_mkdir(root, "a/b/", 0755), 0);
	CHECK_EQ(root->i_nlink, 3);
	CHECK_EQ(lookup("a", 0)->i_nlink, 3);
	CHECK_EQ(ramfs_mkdir(root, "a", 0755), -EEXIST);
	CHECK_EQ(ramfs_mkdir(root, "/", 0755), -EEXIST);
	CHECK_EQ(ramfs_mkdir(root, "a/.", 0755), -EEXIST);
	CHECK_EQ(ramfs_mkdir(root, "a/..", 0755), -EEXIST);
	CHECK_EQ(ramfs_mkdir(root, "x/y", 0755), -ENOENT);
	new_file("a/f", NULL);
	CHECK_EQ(ramfs_mkdir(root, "a/f/g", 0755), -ENOTDIR);
	CHECK_EQ(ramfs_rmdir(root, "a"), -ENOTEMPTY);
	CHECK_EQ(ramfs_rmdir(root, "a/f"), -ENOTDIR);
	CHECK_EQ(ramfs_rmdir(root, "a/b/."), -EINVAL);
	CHECK_EQ(ramfs_rmdir(root, "a/b/.."), -ENOTEMPTY);
	CHECK_EQ(ramfs_rmdir(root, "/"), -EBUSY);
	CHECK_EQ(ramfs_rmdir(root, "a/nope"), -ENOENT);
	CHECK_EQ(ramfs_rmdir(root, "a/b/"), 0);
	CHECK_EQ(lookup("a", 0)->i_nlink, 2);
	CHECK_EQ(ramfs_unlink(root, "a/f"), 0);
	CHECK_EQ(ramfs_rmdir(root, "a"), 0);
	CHECK_EQ(root->i_nlink, 2);
	CHECK_EQ(ramfs_nr_inodes(), 1);
	end();
}

HTEST(unlink_rules)
{
	struct inode *root = begin();

	new_file("f", "x");
	CHECK_EQ(ramfs_mkdir(root, "d", 0755), 0);
	CHECK_EQ(ramfs_unlink(root, "d"), -EISDIR);
	CHECK_EQ(ramfs_unlink(root, "d/"), -EISDIR);
	CHECK_EQ(ramfs_unlink(root, "/"), -EISDIR);
	CHECK_EQ(ramfs_unlink(root, "f/"), -ENOTDIR);
	CHECK_EQ(ramfs_unlink(root, "g"), -ENOENT);
	CHECK_EQ(ramfs_mknod(root, "g/", S_IFREG | 0644, 0, NULL), -ENOENT);
	CHECK_EQ(ramfs_mknod(root, "f", S_IFREG | 0644, 0, NULL), -EEXIST);
	CHECK_EQ(ramfs_mknod(root, "e", S_IFDIR | 0755, 0, NULL), -EINVAL);
	CHECK_EQ(ramfs_symlink("f", root, "l"), 0);
	CHECK_EQ(ramfs_unlink(root, "l"), 0);	/* the link, not its target */
	CHECK(lookup("f", 0));
	CHECK_EQ(ramfs_unlink(root, "f"), 0);
	CHECK_EQ(lookup_err(root, "f", 0), -ENOENT);
	end();
}

HTEST(open_files_outlive_their_names)
{
	struct inode *root = begin(), *f, *d;
	char buf[8];

	f = new_file("f", "data");
	ramfs_iget(f);
	CHECK_EQ(ramfs_unlink(root, "f"), 0);
	CHECK_EQ(ramfs_nr_inodes(), 2);
	CHECK_EQ(ramfs_read(f, buf, sizeof(buf), 0), 4);
	CHECK_EQ(ramfs_link(f, root, "again"), -ENOENT);
	ramfs_iput(f);
	CHECK_EQ(ramfs_nr_inodes(), 1);
	/* a removed working directory: empty, but ".." still works */
	CHECK_EQ(ramfs_mkdir(root, "p", 0755), 0);
	CHECK_EQ(ramfs_mkdir(root, "p/cwd", 0755), 0);
	d = lookup("p/cwd", 0);
	ramfs_iget(d);
	CHECK_EQ(ramfs_rmdir(root, "p/cwd"), 0);
	CHECK_EQ(ramfs_rmdir(root, "p"), 0);
	CHECK_EQ(ramfs_mkdir(d, "new", 0755), -ENOENT);
	CHECK_EQ(ramfs_mknod(d, "new", S_IFREG, 0, NULL), -ENOENT);
	CHECK_EQ(lookup_err(d, "..", LOOKUP_DIRECTORY), 0);
	CHECK_EQ(ramfs_nr_inodes(), 3);
	ramfs_iput(d);
	CHECK_EQ(ramfs_nr_inodes(), 1);
	end();
}

HTEST(hard_links)
{
	struct inode *root = begin(), *f;

	f = new_file("f", "x");
	CHECK_EQ(ramfs_mkdir(root, "d", 0755), 0);
	CHECK_EQ(ramfs_link(f, root, "d/g"), 0);
	CHECK_EQ(f->i_nlink, 2);
	CHECK_EQ(ramfs_link(lookup("d", 0), root, "e"), -EPERM);
	CHECK_EQ(ramfs_link(f, root, "d/g"), -EEXIST);
	CHECK_EQ(ramfs_unlink(root, "f"), 0);
	CHECK_EQ(lookup("d/g", 0), f);
	CHECK_EQ(f->i_nlink, 1);
	end();
}

HTEST(link_checks_the_new_name_first)
{
	struct inode *root = begin();

	new_file("f", "x");
	CHECK_EQ(ramfs_mkdir(root, "d", 0755), 0);
	CHECK_EQ(ramfs_link(lookup("d", 0), root, "f"), -EEXIST);	/* before EPERM */
	CHECK_EQ(ramfs_link(lookup("f", 0), root, "."), -EEXIST);
	CHECK_EQ(ramfs_link(lookup("f", 0), root, "g/"), -ENOENT);
	end();
}

HTEST(tmpfile_is_linked_once_or_freed)
{
	struct inode *root = begin(), *t, *x;

	CHECK_EQ(ramfs_tmpfile(root, 0600, true, &t), 0);
	ramfs_iget(t);		/* the open file's */
	CHECK_EQ(t->i_nlink, 0);
	CHECK_EQ(ramfs_nr_inodes(), 2);
	CHECK_EQ(ramfs_link(t, root, "named"), 0);
	CHECK_EQ(t->i_nlink, 1);
	CHECK_EQ(ramfs_unlink(root, "named"), 0);
	CHECK_EQ(ramfs_link(t, root, "again"), -ENOENT);	/* linkable once */
	ramfs_iput(t);
	CHECK_EQ(ramfs_nr_inodes(), 1);
	CHECK_EQ(ramfs_tmpfile(root, 0600, false, &x), 0);	/* O_EXCL */
	ramfs_iget(x);
	CHECK_EQ(ramfs_link(x, root, "excl"), -ENOENT);
	ramfs_iput(x);
	CHECK_EQ(ramfs_nr_inodes(), 1);
	end();
}

HTEST(rename_replaces_and_keeps_link_counts)
{
	struct inode *root = begin(), *a, *b, *victim;
	char buf[8] = { 0 };

	a = new_file("a", "alpha");
	b = new_file("b", "beta");
	ramfs_iget(b);		/* an open file on the name about to be replaced */
	CHECK_EQ(ramfs_rename(root, "a", root, "b", 0), 0);
	CHECK_EQ(lookup("b", 0), a);
	CHECK_EQ(lookup_err(root, "a", 0), -ENOENT);
	CHECK_EQ(b->i_nlink, 0);
	CHECK_EQ(ramfs_nr_inodes(), 3);
	CHECK_EQ(ramfs_read(b, buf, sizeof(buf), 0), 4);	/* still readable */
	ramfs_iput(b);
	CHECK_EQ(ramfs_nr_inodes(), 2);
	/* Two names of one inode: nothing happens, both stay. */
	CHECK_EQ(ramfs_link(a, root, "c"), 0);
	CHECK_EQ(ramfs_rename(root, "b", root, "c", 0), 0);
	CHECK_EQ(lookup("b", 0), a);
	CHECK_EQ(lookup("c", 0), a);
	CHECK_EQ(a->i_nlink, 2);
	/* Directories: across parents the ".." counts move. */
	CHECK_EQ(ramfs_mkdir(root, "d1", 0755), 0);
	CHECK_EQ(ramfs_mkdir(root, "d2", 0755), 0);
	CHECK_EQ(ramfs_mkdir(root, "d1/sub", 0755), 0);
	CHECK_EQ(ramfs_mkdir(root, "d2/empty", 0755), 0);
	victim = lookup("d2/empty", 0);
	CHECK_EQ(ramfs_rename(root, "d1/sub", root, "d2/empty", 0), 0);
	CHECK_EQ(lookup("d1", 0)->i_nlink, 2);
	CHECK_EQ(lookup("d2", 0)->i_nlink, 3);
	CHECK_EQ(lookup_err(root, "d2/empty/..", 0), 0);
	CHECK_EQ(lookup("d2/empty/..", 0), lookup("d2", 0));
	CHECK(lookup("d2/empty", 0) != victim);
	CHECK_EQ(root->i_nlink, 4);
	CHECK_EQ(ramfs_nr_inodes(), 5);	/* root, a, d1, d2, sub: the replaced directory is gone */
	end();
}

HTEST(rename_errors_in_linux_order)
{
	struct inode *root = begin();

	new_file("f", "x");
	CHECK_EQ(ramfs_mkdir(root, "d", 0755), 0);
	CHECK_EQ(ramfs_mkdir(root, "d/in", 0755), 0);
	CHECK_EQ(ramfs_mkdir(root, "e", 0755), 0);
	new_file("e/x", "x");
	CHECK_EQ(ramfs_rename(root, "f", root, "g", 8), -EINVAL);
	CHECK_EQ(ramfs_rename(root, "f", root, "g", RENAME_EXCHANGE | RENAME_NOREPLACE), -EINVAL);
	CHECK_EQ(ramfs_rename(root, "f", root, "g", RENAME_EXCHANGE | RENAME_WHITEOUT), -EINVAL);
	CHECK_EQ(ramfs_rename(root, "f", root, "g", RENAME_WHITEOUT), -EINVAL);
	CHECK_EQ(ramfs_rename(root, "/", root, "g", 0), -EBUSY);
	CHECK_EQ(ramfs_rename(root, "d/.", root, "g", 0), -EBUSY);
	CHECK_EQ(ramfs_rename(root, "d", root, "..", 0), -EBUSY);
	CHECK_EQ(ramfs_rename(root, "d", root, "..", RENAME_NOREPLACE), -EEXIST);
	CHECK_EQ(ramfs_rename(root, "none", root, "g", 0), -ENOENT);
	CHECK_EQ(ramfs_rename(root, "f/", root, "g", 0), -ENOTDIR);
	CHECK_EQ(ramfs_rename(root, "f", root, "g/", 0), -ENOTDIR);
	CHECK_EQ(ramfs_rename(root, "f", root, "f/x", 0), -ENOTDIR);
	CHECK_EQ(ramfs_rename(root, "d", root, "d/in/x", 0), -EINVAL);
	CHECK_EQ(ramfs_rename(root, "d/in", root, "d", 0), -ENOTEMPTY);
	CHECK_EQ(ramfs_rename(root, "d/in", root, "d", RENAME_EXCHANGE), -EINVAL);
	CHECK_EQ(ramfs_rename(root, "d", root, "e", 0), -ENOTEMPTY);
	CHECK_EQ(ramfs_rename(root, "d", root, "f", 0), -ENOTDIR);
	CHECK_EQ(ramfs_rename(root, "f", root, "d", 0), -EISDIR);
	CHECK_EQ(ramfs_rename(root, "f", root, "e/x", RENAME_NOREPLACE), -EEXIST);
	CHECK_EQ(ramfs_rename(root, "f", root, "none", RENAME_EXCHANGE), -ENOENT);
	CHECK_EQ(ramfs_rename(root, "f", root, "d", RENAME_WHITEOUT), -EISDIR);
	CHECK_EQ(ramfs_rename(root, "/proc-less", root, "g", 0), -ENOENT);
	CHECK_EQ(ramfs_nr_inodes(), 6);
	end();
}

HTEST(rename_exchange_swaps_names_and_parents)
{
	struct inode *root = begin(), *f, *d;

	CHECK_EQ(ramfs_mkdir(root, "p", 0755), 0);
	CHECK_EQ(ramfs_mkdir(root, "q", 0755), 0);
	f = new_file("p/f", "x");
	CHECK_EQ(ramfs_mkdir(root, "q/d", 0755), 0);
	d = lookup("q/d", 0);
	CHECK_EQ(ramfs_rename(root, "p/f", root, "q/d", RENAME_EXCHANGE), 0);
	CHECK_EQ(lookup("p/f", 0), d);
	CHECK_EQ(lookup("q/d", 0), f);
	CHECK_EQ(d->parent, lookup("p", 0));
	CHECK_EQ(lookup("p", 0)->i_nlink, 3);
	CHECK_EQ(lookup("q", 0)->i_nlink, 2);
	CHECK_EQ(root->i_nlink, 4);
	/* Two directories: each takes the other's parent, the counts stay. */
	CHECK_EQ(ramfs_mkdir(root, "q/e", 0755), 0);
	CHECK_EQ(ramfs_rename(root, "p/f", root, "q/e", RENAME_EXCHANGE), 0);
	CHECK_EQ(lookup("q/e", 0), d);
	CHECK_EQ(d->parent, lookup("q", 0));
	CHECK_EQ(lookup("p", 0)->i_nlink, 3);
	CHECK_EQ(lookup("q", 0)->i_nlink, 3);
	end();
}

HTEST(rename_from_and_into_removed_directories)
{
	struct inode *root = begin(), *gone;

	new_file("f", "x");
	CHECK_EQ(ramfs_mkdir(root, "gone", 0755), 0);
	gone = lookup("gone", 0);
	ramfs_iget(gone);	/* someone's working directory */
	CHECK_EQ(ramfs_rmdir(root, "gone"), 0);
	CHECK_EQ(ramfs_rename(root, "f", gone, "f", 0), -ENOENT);
	CHECK_EQ(ramfs_rename(gone, "f", root, "g", 0), -ENOENT);
	CHECK_EQ(ramfs_rename(gone, "..", root, "g", 0), -EBUSY);
	ramfs_iput(gone);
	CHECK_EQ(ramfs_nr_inodes(), 2);
	end();
}

struct names {
	char seen[64][16];
	int n;
	int room;
};

static bool collect(void *ctx, const char *name, unsigned int namelen, loff_t next,
		    unsigned long ino, unsigned int d_type)
{
	struct names *s = ctx;

	(void)next, (void)ino, (void)d_type;
	if (s->room-- == 0)
		return false;
	snprintf(s->seen[s->n++], 16, "%.*s", (int)namelen, name);
	return true;
}

HTEST(readdir_resumes_across_changes)
{
	struct inode *root = begin();
	struct names s = { .n = 0 };
	char name[16];
	loff_t pos = 0;

	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		new_file(name, NULL);
	}
	s.room = 4;
	CHECK_EQ(ramfs_readdir(root, &pos, collect, &s), 0);
	CHECK_EQ(s.n, 4);
	CHECK(strcmp(s.seen[0], ".") == 0 && strcmp(s.seen[1], "..") == 0);
	CHECK(strcmp(s.seen[3], "f1") == 0);
	CHECK_EQ(ramfs_unlink(root, "f1"), 0);	/* seen already */
	CHECK_EQ(ramfs_unlink(root, "f5"), 0);	/* not yet */
	new_file("late", NULL);
	s.room = 100;
	CHECK_EQ(ramfs_readdir(root, &pos, collect, &s), 0);
	CHECK_EQ(s.n, 4 + 7 + 1);
	CHECK(strcmp(s.seen[4], "f2") == 0);
	CHECK(strcmp(s.seen[s.n - 1], "late") == 0);
	s.room = 100;
	CHECK_EQ(ramfs_readdir(root, &pos, collect, &s), 0);	/* at the end: nothing */
	CHECK_EQ(s.n, 12);
	CHECK_EQ(ramfs_readdir(lookup("late", 0), &pos, collect, &s), -ENOTDIR);
	end();
}

/*
 * A directory of hundreds of names, made, removed and renamed in a
 * shuffled order: every lookup must agree with a plain record of which
 * names exist (names of the same length and a shared prefix included),
 * and readdir must still list them in the order they were added.
 */
#define MANY_NAMES 400

static void many_name(char *buf, int i)
{
	snprintf(buf, 16, i % 3 ? "n%d" : "bin%03d", i);
}

static bool count_listed(void *ctx, const char *name, unsigned int namelen, loff_t next,
			 unsigned long ino, unsigned int d_type)
{
	int *n = ctx;

	(void)name, (void)namelen, (void)next, (void)ino, (void)d_type;
	(*n)++;
	return true;
}

/* others: the names besides the numbered ones ("." and ".." included). */
static void check_many(const bool *present, int others)
{
	char name[16];
	int listed = 0, expected = others;
	loff_t pos = 0;

	for (int i = 0; i < MANY_NAMES; i++) {
		many_name(name, i);
		CHECK_EQ(lookup_err(ramfs_root(), name, 0), present[i] ? 0 : -ENOENT);
		expected += present[i];
	}
	CHECK_EQ(ramfs_readdir(ramfs_root(), &pos, count_listed, &listed), 0);
	CHECK_EQ(listed, expected);
}

HTEST(a_large_directory_finds_every_name)
{
	static bool present[MANY_NAMES];
	unsigned long long seed = 0x5eed;
	int order[MANY_NAMES];
	char name[16], other[24];

	begin();
	for (int i = 0; i < MANY_NAMES; i++)
		order[i] = i;
	for (int i = MANY_NAMES - 1; i > 0; i--) {
		int j = rng_next(&seed) % (i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	for (int i = 0; i < MANY_NAMES; i++) {
		many_name(name, order[i]);
		new_file(name, NULL);
		present[order[i]] = true;
	}
	check_many(present, 2);
	for (int i = 0; i < MANY_NAMES; i += 2) {
		many_name(name, order[i]);
		CHECK_EQ(ramfs_unlink(ramfs_root(), name), 0);
		present[order[i]] = false;
	}
	check_many(present, 2);
	CHECK_EQ(ramfs_mkdir(ramfs_root(), "moved", 0755), 0);
	for (int i = 1; i < MANY_NAMES; i += 4) {
		many_name(name, order[i]);
		snprintf(other, sizeof(other), "moved/%s", name);
		CHECK_EQ(ramfs_rename(ramfs_root(), name, ramfs_root(), other, 0), 0);
	}
	for (int i = 1; i < MANY_NAMES; i += 4)
		present[order[i]] = false;
	check_many(present, 3);
	for (int i = 1; i < MANY_NAMES; i += 4) {
		many_name(name, order[i]);
		snprintf(other, sizeof(other), "moved/%s", name);
		CHECK_EQ(lookup_err(ramfs_root(), other, 0), 0);
	}
	end();
}

/* ------------------------------------------------------ file contents */

HTEST(write_read_with_holes)
{
	struct inode *f;
	static char buf[3 * PAGE_SIZE];
	struct kstat st;

	begin();
	f = new_file("f", NULL);
	CHECK_EQ(ramfs_write(f, "end", 3, 2 * PAGE_SIZE + 10), 3);
	CHECK_EQ(f->i_size, 2 * PAGE_SIZE + 13);
	ramfs_getattr(f, &st);
	CHECK_EQ(st.blocks, PAGE_SIZE / 512);	/* the holes take nothing */
	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(ramfs_read(f, buf, sizeof(buf), 0), 2 * PAGE_SIZE + 13);
	for (size_t i = 0; i < 2 * PAGE_SIZE + 10; i++)
		CHECK_EQ(buf[i], 0);
	CHECK(memcmp(buf + 2 * PAGE_SIZE + 10, "end", 3) == 0);
	CHECK_EQ(ramfs_read(f, buf, 10, f->i_size), 0);
	CHECK_EQ(ramfs_read(f, buf, 10, f->i_size + 100), 0);
	CHECK_EQ(ramfs_read(f, buf, 10, -1), -EINVAL);
	CHECK_EQ(ramfs_write(f, buf, 10, -1), -EINVAL);
	CHECK_EQ(ramfs_write(f, "across", 6, PAGE_SIZE - 3), 6);
	CHECK_EQ(ramfs_read(f, buf, 6, PAGE_SIZE - 3), 6);
	CHECK(memcmp(buf, "across", 6) == 0);
	CHECK_EQ(ramfs_read(ramfs_root(), buf, 1, 0), -EISDIR);
	end();
}

HTEST(truncate_frees_and_zeroes)
{
	static char buf[2 * PAGE_SIZE];
	unsigned long free_pages;
	struct inode *f;

	begin();
	f = new_file("f", NULL);
	memset(buf, 'a', sizeof(buf));
	CHECK_EQ(ramfs_write(f, buf, sizeof(buf), 0), (long)sizeof(buf));
	free_pages = nr_free_pages();
	CHECK_EQ(ramfs_truncate(f, 100), 0);
	CHECK_EQ(nr_free_pages(), free_pages + 1);
	CHECK_EQ(ramfs_truncate(f, 2 * PAGE_SIZE), 0);	/* grows back as zeroes */
	CHECK_EQ(ramfs_read(f, buf, sizeof(buf), 0), (long)sizeof(buf));
	CHECK_EQ(buf[99], 'a');
	for (size_t i = 100; i < sizeof(buf); i++)
		CHECK_EQ(buf[i], 0);
	CHECK_EQ(ramfs_truncate(f, -1), -EINVAL);
	CHECK_EQ(ramfs_truncate(f, RAMFS_MAX_FILE_SIZE + 1), -EFBIG);
	CHECK_EQ(ramfs_write(f, "x", 1, RAMFS_MAX_FILE_SIZE), -EFBIG);
	CHECK_EQ(ramfs_write(f, "xy", 2, RAMFS_MAX_FILE_SIZE - 1), 1);
	CHECK_EQ(f->i_size, RAMFS_MAX_FILE_SIZE);
	CHECK_EQ(ramfs_truncate(f, 0), 0);
	CHECK(f->pages == NULL);
	CHECK_EQ(ramfs_truncate(ramfs_root(), 0), -EISDIR);
	end();
}

HTEST(fallocate_allocates_and_keeps_or_grows_the_size)
{
	unsigned long free_pages;
	struct inode *f;

	begin();
	f = new_file("f", NULL);
	CHECK_EQ(ramfs_fallocate(f, true, 100, 2 * PAGE_SIZE), 0);	/* pages 0, 1 and 2 */
	CHECK_EQ(f->i_size, 0);
	CHECK_EQ(ramfs_nr_pages(f), 3);
	CHECK_EQ(ramfs_fallocate(f, false, PAGE_SIZE, 10), 0);	/* page 1 again: no new one */
	CHECK_EQ(f->i_size, PAGE_SIZE + 10);
	CHECK_EQ(ramfs_nr_pages(f), 3);
	CHECK_EQ(ramfs_fallocate(f, false, 0, 5), 0);	/* inside: the size stays */
	CHECK_EQ(f->i_size, PAGE_SIZE + 10);
	free_pages = nr_free_pages();
	CHECK_EQ(ramfs_truncate(f, 1), 0);	/* pages wholly past the end go, kept-size ones too */
	CHECK_EQ(ramfs_nr_pages(f), 1);
	CHECK_EQ(nr_free_pages(), free_pages + 2);
	CHECK_EQ(ramfs_fallocate(ramfs_root(), false, 0, 1), -EISDIR);
	CHECK_EQ(ramfs_truncate(f, 0), 0);
	end();
}

HTEST(get_page_fills_holes_with_the_files_own_pages)
{
	struct inode *f;
	struct page *page;

	begin();
	f = new_file("f", NULL);
	CHECK_EQ(ramfs_truncate(f, 3 * PAGE_SIZE), 0);
	page = ramfs_get_page(f, 1);
	CHECK(page);
	CHECK_EQ(ramfs_get_page(f, 1), page);
	memcpy((char *)page_address(page) + 5, "mapped", 6);
	{
		char buf[6];

		CHECK_EQ(ramfs_read(f, buf, 6, PAGE_SIZE + 5), 6);
		CHECK(memcmp(buf, "mapped", 6) == 0);
	}
	end();
}

/* A computed directory for the hook tests: "n<k>" exists for k < hook_limit. */
static int hook_limit, revalidations, listings;

static void hook_revalidate(struct inode *dir, const char *name, unsigned int len)
{
	char buf[16];

	revalidations++;
	if (len < 2 || len > 3 || name[0] != 'n')
		return;
	snprintf(buf, sizeof(buf), "%.*s", (int)len, name);
	if (atoi(buf + 1) < hook_limit && !ramfs_find_child(dir, buf))
		ramfs_add_child(dir, buf, S_IFREG | 0444);
	else if (atoi(buf + 1) >= hook_limit)
		ramfs_remove_tree(dir, buf);
}

static void hook_revalidate_all(struct inode *dir)
{
	listings++;
	hook_revalidate(dir, "n0", 2);
	hook_revalidate(dir, "n1", 2);
}

static int hook_get_link(struct inode *link)
{
	snprintf(link->i_link, 8, "n%d", hook_limit - 1);
	link->i_size = strlen(link->i_link);
	return 0;
}

static const struct inode_operations hook_dir_ops = {
	.revalidate = hook_revalidate,
	.revalidate_all = hook_revalidate_all,
};

static const struct inode_operations hook_link_ops = {
	.get_link = hook_get_link,
};

HTEST(hooks_compute_entries_and_links)
{
	struct inode *root = begin(), *dir, *link, *inode;
	loff_t pos = 0;
	int entries = 0;
	char buf[8];

	CHECK_EQ(ramfs_mkdir(root, "c", 0555), 0);
	dir = lookup("c", 0);
	CHECK(ramfs_add_child(dir, "sub", S_IFDIR | 0555) != NULL);
	CHECK(ramfs_add_child(dir, "sub", S_IFDIR | 0555) == NULL);	/* taken */
	CHECK(ramfs_add_child(lookup("c/sub", 0), "leaf", S_IFREG | 0444) != NULL);
	link = ramfs_add_child(dir, "last", S_IFLNK | 0777);
	link->i_link = kzalloc(8, GFP_KERNEL);
	link->i_op = &hook_link_ops;
	dir->i_op = &hook_dir_ops;
	hook_limit = 2;
	CHECK_EQ(lookup_err(root, "c/n1", 0), 0);
	CHECK_EQ(lookup_err(root, "c/n5", 0), -ENOENT);
	CHECK(revalidations >= 2);
	CHECK_EQ(ramfs_readlink(link, buf, sizeof(buf)), 2);
	CHECK(memcmp(buf, "n1", 2) == 0);
	CHECK_EQ(ramfs_lookup(root, "c/last", LOOKUP_FOLLOW, &inode), 0);
	CHECK(inode == ramfs_find_child(dir, "n1"));
	CHECK_EQ(ramfs_readdir(dir, &pos, count_entry, &entries), 0);
	CHECK_EQ(listings, 1);
	CHECK_EQ(entries, 4);	/* sub, last, n1, n0 */
	hook_limit = 1;		/* n1 goes on its next lookup */
	CHECK_EQ(lookup_err(root, "c/n1", 0), -ENOENT);
	CHECK_EQ(lookup_err(root, "c/last", LOOKUP_FOLLOW), 0);	/* now n0 */
	/* names in a computed directory are not for paths to change */
	CHECK_EQ(ramfs_mkdir(root, "c/x", 0755), -EPERM);
	CHECK_EQ(ramfs_unlink(root, "c/n0"), -EPERM);
	CHECK_EQ(ramfs_rmdir(root, "c/sub"), -EPERM);
	CHECK_EQ(ramfs_rename(root, "c/n0", root, "x", 0), -EPERM);
	CHECK_EQ(ramfs_rename(root, "c", root, "x", 0), -EBUSY);	/* where /proc is mounted */
	CHECK_EQ(ramfs_mkdir(root, "empty", 0755), 0);
	CHECK_EQ(ramfs_rename(root, "empty", root, "c", 0), -EBUSY);
	CHECK_EQ(ramfs_rmdir(root, "empty"), 0);
	CHECK_EQ(ramfs_link(link, root, "x"), -EXDEV);
	CHECK_EQ(ramfs_link(dir, root, "x"), -EXDEV);
	/* a whole subtree goes at once, even while a file in it is open */
	inode = lookup("c/sub/leaf", 0);
	ramfs_iget(inode);
	CHECK_EQ(ramfs_remove_tree(dir, "sub"), 0);
	CHECK_EQ(ramfs_remove_tree(dir, "sub"), -ENOENT);
	CHECK_EQ(lookup_err(root, "c/sub", 0), -ENOENT);
	ramfs_iput(inode);
	dir->i_op = NULL;
	end();
}

HTEST(unlinked_inodes_live_while_held)
{
	struct inode *root = begin(), *fifo = ramfs_new_unlinked(S_IFIFO | 0600);
	unsigned long before = ramfs_nr_inodes();

	(void)root;
	CHECK(fifo != NULL);
	CHECK(ramfs_new_unlinked(S_IFDIR | 0755) == NULL);
	CHECK_EQ(fifo->i_nlink, 0);
	ramfs_iget(fifo);
	ramfs_iput(fifo);
	CHECK_EQ(ramfs_nr_inodes(), before);
	ramfs_iput(fifo);
	CHECK_EQ(ramfs_nr_inodes(), before - 1);
	end();
}

/* -------------------------------------------- owners, times, permission */

HTEST(new_inodes_get_the_callers_owner_and_the_time)
{
	struct inode *root = begin(), *f, *d, *fifo;

	caller_uid = 1000;
	caller_gid = 100;
	tick();
	f = new_file("f", NULL);
	CHECK_EQ(f->i_uid, 1000);
	CHECK_EQ(f->i_gid, 100);
	CHECK(same_time(f->i_atime, fake_now) && same_time(f->i_mtime, fake_now) &&
	      same_time(f->i_ctime, fake_now));
	CHECK(same_time(root->i_mtime, fake_now) && same_time(root->i_ctime, fake_now));
	CHECK_EQ(ramfs_mkdir(root, "g", 02775), 0);
	d = lookup("g", 0);
	CHECK_EQ(d->i_mode, S_IFDIR | 02775);
	d->i_gid = 50;
	CHECK_EQ(ramfs_symlink("x", root, "g/l"), 0);
	CHECK_EQ(lookup("g/l", 0)->i_uid, 1000);
	CHECK_EQ(lookup("g/l", 0)->i_gid, 50);	/* a setgid directory's group */
	fifo = ramfs_new_unlinked(S_IFIFO | 0600);	/* a pipe's */
	CHECK_EQ(fifo->i_uid, 1000);
	ramfs_iput(fifo);
	end();
}

HTEST(names_change_the_directory_and_links_the_inode)
{
	struct inode *root = begin(), *f, *d;
	struct timespec64 made;

	CHECK_EQ(ramfs_mkdir(root, "d", 0755), 0);
	d = lookup("d", 0);
	f = new_file("f", "x");
	made = fake_now;
	tick();
	CHECK_EQ(ramfs_link(f, root, "d/g"), 0);
	CHECK(same_time(f->i_ctime, fake_now));
	CHECK(same_time(f->i_mtime, made));
	CHECK(same_time(d->i_mtime, fake_now));
	CHECK(same_time(root->i_mtime, made));
	tick();
	CHECK_EQ(ramfs_unlink(root, "d/g"), 0);
	CHECK(same_time(f->i_ctime, fake_now));
	CHECK(same_time(d->i_mtime, fake_now) && same_time(d->i_ctime, fake_now));
	tick();
	CHECK_EQ(ramfs_mkdir(root, "d/e", 0755), 0);
	tick();
	CHECK_EQ(ramfs_rmdir(root, "d/e"), 0);
	CHECK(same_time(d->i_mtime, fake_now));
	CHECK(same_time(root->i_mtime, made));	/* only the parent of a name changes */
	end();
}

HTEST(every_directory_walked_is_searched)
{
	struct inode *root = begin(), *f;

	CHECK_EQ(ramfs_mkdir(root, "a", 0755), 0);
	CHECK_EQ(ramfs_mkdir(root, "a/b", 0755), 0);
	f = new_file("a/b/f", NULL);
	nr_lookups = 0;
	CHECK_EQ(lookup("/a/b/f", 0), f);
	CHECK_EQ(nr_lookups, 3);	/* /, a and b: the last one's parent too */
	nr_lookups = 0;
	CHECK_EQ(lookup("/", 0), root);
	CHECK_EQ(nr_lookups, 0);
	no_search = lookup("a", 0);
	CHECK_EQ(lookup_err(root, "a", 0), 0);		/* naming it needs only its parent */
	CHECK_EQ(lookup_err(root, "a/b", 0), -EACCES);
	CHECK_EQ(lookup_err(root, "a/.", 0), -EACCES);
	CHECK_EQ(lookup_err(root, "a/nothing", 0), -EACCES);	/* before ENOENT */
	CHECK_EQ(ramfs_symlink("a/b/f", root, "l"), 0);
	CHECK_EQ(lookup_err(root, "l", LOOKUP_FOLLOW), -EACCES);	/* through a symlink too */
	CHECK_EQ(lookup_err(root, "l", 0), 0);
	CHECK_EQ(ramfs_mkdir(root, "a/b/c", 0755), -EACCES);
	CHECK_EQ(ramfs_unlink(root, "a/b/f"), -EACCES);
	end();
}

HTEST(creating_and_removing_need_the_directory)
{
	struct inode *root = begin();

	CHECK_EQ(ramfs_mkdir(root, "d", 0755), 0);
	CHECK_EQ(ramfs_mkdir(root, "d/sub", 0755), 0);
	new_file("d/f", NULL);
	no_write = lookup("d", 0);
	CHECK_EQ(ramfs_mknod(root, "d/g", S_IFREG | 0644, 0, NULL), -EACCES);
	CHECK_EQ(ramfs_mknod(root, "d/f", S_IFREG | 0644, 0, NULL), -EEXIST);	/* EEXIST first */
	CHECK_EQ(ramfs_mkdir(root, "d/e", 0755), -EACCES);
	CHECK_EQ(ramfs_symlink("x", root, "d/l"), -EACCES);
	CHECK_EQ(ramfs_link(lookup("d/f", 0), root, "d/h"), -EACCES);
	CHECK_EQ(ramfs_unlink(root, "d/f"), -EACCES);
	CHECK_EQ(ramfs_unlink(root, "d/none"), -ENOENT);	/* ENOENT first */
	CHECK_EQ(ramfs_rmdir(root, "d/sub"), -EACCES);
	CHECK_EQ(ramfs_unlink(root, "d/sub"), -EACCES);	/* before EISDIR, as Linux */
	CHECK_EQ(ramfs_mkdir(root, "d/sub/ok", 0755), 0);	/* another directory: allowed */
	CHECK_EQ(ramfs_nr_inodes(), 5);
	no_write = NULL;
	CHECK_EQ(ramfs_unlink(root, "d/sub"), -EISDIR);
	CHECK_EQ(ramfs_rmdir(root, "d/f"), -ENOTDIR);
	CHECK_EQ(ramfs_rmdir(root, "d/sub"), -ENOTEMPTY);
	end();
}

/* A second instance mounted by hand, as kernel/fs/namespace.c does it. */
static struct inode *mount_on(struct inode *dir, struct super_block *sb)
{
	struct inode *mroot = ramfs_new_root(01777, sb);

	CHECK(mroot != NULL);
	ramfs_iget(dir);
	dir->i_mounted = mroot;
	mroot->i_covers = dir;
	return mroot;
}

static void umount_from(struct inode *dir)
{
	struct inode *mroot = dir->i_mounted;

	dir->i_mounted = NULL;
	mroot->i_covers = NULL;
	ramfs_kill_root(mroot);
	ramfs_iput(dir);
}

HTEST(mounts_are_crossed_both_ways)
{
	struct inode *root = begin(), *mnt, *mroot, *f;
	struct super_block sb = { 0 };

	CHECK_EQ(ramfs_mkdir(root, "mnt", 0755), 0);
	new_file("mnt/hidden", "under");
	mnt = lookup("mnt", 0);
	mroot = mount_on(mnt, &sb);
	CHECK(lookup("mnt", LOOKUP_DIRECTORY) == mroot);
	CHECK(lookup("/mnt/.", 0) == mroot);
	CHECK_EQ(lookup_err(root, "mnt/hidden", 0), -ENOENT);
	CHECK_EQ(ramfs_mkdir(root, "mnt/sub", 0755), 0);
	f = new_file("mnt/sub/f", "on the mount");
	CHECK(f->i_sb == &sb && lookup("mnt/sub", 0)->i_sb == &sb);
	CHECK(lookup("mnt/sub/../..", 0) == root);
	CHECK(lookup("mnt/..", 0) == root);
	CHECK_EQ(sb.s_nr_inodes, 3);
	CHECK_EQ(sb.s_users, 1);	/* the mount's own reference */
	ramfs_iget(f);
	CHECK_EQ(sb.s_users, 2);
	ramfs_iput(f);
	CHECK_EQ(ramfs_rmdir(root, "mnt"), -EBUSY);
	umount_from(mnt);
	CHECK_EQ(sb.s_nr_inodes, 0);
	CHECK(lookup("mnt/hidden", 0) != NULL);
	CHECK_EQ(ramfs_rmdir(root, "mnt"), -ENOTEMPTY);
	end();
}

HTEST(a_size_limit_gives_enospc)
{
	struct inode *root = begin(), *mnt, *f;
	struct super_block sb = { .s_max_pages = 2 };
	char page[4096] = { 0 };

	CHECK_EQ(ramfs_mkdir(root, "t", 0755), 0);
	mnt = lookup("t", 0);
	mount_on(mnt, &sb);
	f = new_file("t/f", "x");
	CHECK_EQ(sb.s_nr_pages, 1);
	CHECK_EQ(ramfs_write(f, page, sizeof(page), 4096), 4096);
	CHECK_EQ(ramfs_write(f, page, sizeof(page), 8192), -ENOSPC);
	CHECK_EQ(ramfs_write(f, page, 10, 100), 10);	/* a page it has */
	CHECK(ramfs_get_page(f, 5) == NULL);
	CHECK_EQ(ramfs_truncate(f, 4096), 0);
	CHECK_EQ(sb.s_nr_pages, 1);
	CHECK_EQ(ramfs_write(f, page, sizeof(page), 8192), 4096);
	CHECK_EQ(sb.s_nr_pages, 2);
	umount_from(mnt);
	CHECK_EQ(sb.s_nr_pages, 0);
	end();
}
