/*
 * The initramfs as the kernel sees it: unpacked into the ramfs at boot,
 * its programs accepted by the ELF loader's checks, and every file of the
 * broken-ELF corpus refused with the errno and reason its MANIFEST names
 * (tests/user/elf-corpus/make_corpus.py makes both). The image was
 * unpacked in place: a program's pages are the image's own, and no page
 * of the image is left reserved.
 */
#include <kernel/ktest.h>
#include <kernel/fs/rootfs.h>
#include <kernel/binfmt_elf.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/lib/string.h>
#include <kernel/machine.h>
#include <kernel/fs/ramfs.h>
#include <mm/mm.h>
#include <mm/vmalloc.h>

static struct elf_load_plan plan;

static int errno_by_name(const char *name)
{
	if (!strcmp(name, "ENOEXEC"))
		return -ENOEXEC;
	if (!strcmp(name, "EINVAL"))
		return -EINVAL;
	if (!strcmp(name, "EPERM"))
		return -EPERM;
	if (!strcmp(name, "E2BIG"))
		return -E2BIG;
	return 0;
}

static int plan_file(const char *path)
{
	size_t size;
	void *data = read_whole_file(path, &size);
	int err;

	if (IS_ERR(data))
		return (int)PTR_ERR(data) - 1000;	/* not an ELF verdict: stands out */
	err = elf_plan_load(data, size, &plan);
	kvfree(data);
	return err;
}

KTEST(initramfs, unpacked_at_boot)
{
	struct inode *inode;

	KT_ASSERT(machine.initrd.end > machine.initrd.start);
	KT_EXPECT_EQ(ramfs_lookup(ramfs_root(), "/bin/hello", LOOKUP_FOLLOW, &inode), 0);
	KT_EXPECT_EQ(ramfs_lookup(ramfs_root(), "/elf-corpus/MANIFEST", 0, &inode), 0);
	KT_EXPECT_EQ(ramfs_lookup(ramfs_root(), "/no/such/file", 0, &inode), -ENOENT);
}

/* make aligns the data of every file of a page or more (qemu/cpio-align.py). */
KTEST(initramfs, file_pages_are_the_image_pages)
{
	struct inode *inode;
	phys_addr_t first, last;

	KT_ASSERT_EQ(ramfs_lookup(ramfs_root(), "/bin/hello", LOOKUP_FOLLOW, &inode), 0);
	KT_ASSERT(inode->i_size > (loff_t)PAGE_SIZE && inode->nr_slots > 1);
	KT_ASSERT(inode->pages[0] && inode->pages[1]);
	first = page_to_phys(inode->pages[0]);
	last = page_to_phys(inode->pages[1]);
	KT_EXPECT(first >= machine.initrd.start && first < machine.initrd.end);
	KT_EXPECT_EQ(last, first + PAGE_SIZE);
}

KTEST(initramfs, no_page_of_the_image_stays_reserved)
{
	unsigned long pfn = DIV_ROUND_UP(machine.initrd.start, PAGE_SIZE);
	unsigned long end = machine.initrd.end >> PAGE_SHIFT, reserved = 0;

	for (; pfn < end; pfn++)
		reserved += PageFlag(pfn_to_page(pfn), PG_reserved);
	KT_EXPECT_EQ(reserved, 0ul);
}

KTEST(initramfs, static_programs_are_accepted)
{
	static const char *const programs[] = { "/bin/hello", "/bin/layout", "/bin/minimal" };
	unsigned int i, s;

	for (i = 0; i < ARRAY_SIZE(programs); i++) {
		bool entry_in_text = false;

		KT_EXPECT_EQ(plan_file(programs[i]), 0);
		for (s = 0; s < plan.nr_segments; s++)
			entry_in_text |= (plan.segments[s].prot & PROT_EXEC) &&
					 plan.entry >= plan.segments[s].vaddr &&
					 plan.entry < plan.segments[s].vaddr + plan.segments[s].filesz;
		KT_EXPECT(entry_in_text);
	}
}

/* One MANIFEST line: name, errno name, text the reason contains (tab-separated). */
static void check_corpus_line(struct ktest_ctx *t, char *line)
{
	char *errno_name = strchr(line, '\t'), *reason, path[96];
	int expected, got;

	KT_ASSERT(errno_name);
	*errno_name++ = '\0';
	reason = strchr(errno_name, '\t');
	KT_ASSERT(reason);
	*reason++ = '\0';
	expected = errno_by_name(errno_name);
	snprintf(path, sizeof(path), "/elf-corpus/%s", line);
	got = plan_file(path);
	if (got != expected || !strstr(plan.reason, reason))
		ktest_fail(t, __FILE__, __LINE__, "%s: got %d (%s), expected %s (%s)", line, got,
			   plan.reason, errno_name, reason);
}

KTEST(initramfs, broken_elf_corpus_refused)
{
	size_t size;
	char *manifest = read_whole_file("/elf-corpus/MANIFEST", &size), *line, *end;
	int cases = 0;

	KT_ASSERT(!IS_ERR(manifest));
	for (line = manifest; line < manifest + size; line = end + 1) {
		end = memchr(line, '\n', manifest + size - line);
		if (!end)
			break;
		*end = '\0';
		check_corpus_line(t, line);
		cases++;
	}
	kvfree(manifest);
	pr_info("initramfs: %d broken ELF files checked\n", cases);
	KT_EXPECT(cases > 30);
}
