# The cpio reader and the ramfs with its initramfs unpacker. Their input
# is a small tree made here under build/host/ramfs-tree and packed by the
# real cpio (newc, crc, and two newc archives back to back); the tests
# unpack the archives and compare with the tree on disk byte for byte.
# They read build/host/, so they run from the repository root.
HOST_TESTS += cpio ramfs
host_cpio_SRCS := tests/host/test_cpio.c kernel/lib/cpio.c
host_ramfs_SRCS := tests/host/test_ramfs.c tests/host/hosttree.c kernel/fs/ramfs.c kernel/fs/ramfs_file.c \
	kernel/fs/initramfs.c kernel/lib/cpio.c kernel/lib/inflate.c kernel/lib/rbtree.c mm/slub.c mm/slab_common.c mm/page_alloc.c

ramfs_DIR := $(BUILD)/host/ramfs-tree
ramfs_ARCHIVES := $(BUILD)/host/ramfs-newc.cpio $(BUILD)/host/ramfs-crc.cpio \
	$(BUILD)/host/ramfs-aligned.cpio \
	$(BUILD)/host/ramfs-twice.cpio $(BUILD)/host/ramfs-newc.cpio.gz \
	$(BUILD)/host/ramfs-gz-cpio.img $(BUILD)/host/ramfs-cpio-gz.img \
	$(BUILD)/host/ramfs-gz-gz.img

# Files, nested directories, symlinks (relative, absolute, to a directory,
# dangling), an empty file, a file of exactly one page, one of several
# pages plus a bit, a hard link pair, modes other than 0644.
$(BUILD)/host/ramfs-tree.stamp: tests/host/ramfs.mk | $(BUILD)/host
	rm -rf $(ramfs_DIR) && mkdir -p $(ramfs_DIR)/dir/sub/deeper $(ramfs_DIR)/empty-dir
	printf 'hello world\n' > $(ramfs_DIR)/hello.txt
	printf 'deep\n' > $(ramfs_DIR)/dir/sub/deeper/file.txt
	: > $(ramfs_DIR)/empty
	seq 100000 | head -c 4096 > $(ramfs_DIR)/page.bin
	seq 7 100000 | head -c 12411 > $(ramfs_DIR)/dir/big.bin
	printf '#!/bin/sh\necho init\n' > $(ramfs_DIR)/init && chmod 0755 $(ramfs_DIR)/init
	printf 'secret\n' > $(ramfs_DIR)/dir/private && chmod 0600 $(ramfs_DIR)/dir/private
	printf 'linked\n' > $(ramfs_DIR)/dir/hard1 && ln $(ramfs_DIR)/dir/hard1 $(ramfs_DIR)/hard2
	ln -s hello.txt $(ramfs_DIR)/link
	ln -s dir/sub $(ramfs_DIR)/dirlink
	ln -s /dir/sub/deeper/file.txt $(ramfs_DIR)/abslink
	ln -s nowhere $(ramfs_DIR)/dangling
	touch $@

$(BUILD)/host/ramfs-newc.cpio: $(BUILD)/host/ramfs-tree.stamp
	cd $(ramfs_DIR) && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet > $(abspath $@)

$(BUILD)/host/ramfs-crc.cpio: $(BUILD)/host/ramfs-tree.stamp
	cd $(ramfs_DIR) && find . | LC_ALL=C sort | cpio -o -H crc -R 0:0 --quiet > $(abspath $@)

# The same archive with the data of files of a page or more on page
# boundaries (names padded with NULs), as make packs the initramfs.
$(BUILD)/host/ramfs-aligned.cpio: $(BUILD)/host/ramfs-newc.cpio qemu/cpio-align.py
	python3 qemu/cpio-align.py < $< > $@

# The second archive adds a file and replaces hello.txt, as a second
# initrd appended to the first would.
$(BUILD)/host/ramfs-extra.cpio: $(BUILD)/host/ramfs-tree.stamp
	rm -rf $(BUILD)/host/ramfs-extra && mkdir -p $(BUILD)/host/ramfs-extra/dir
	printf 'second\n' > $(BUILD)/host/ramfs-extra/dir/added
	printf 'replaced\n' > $(BUILD)/host/ramfs-extra/hello.txt
	cd $(BUILD)/host/ramfs-extra && find dir/added hello.txt | cpio -o -H newc --quiet > $(abspath $@)

$(BUILD)/host/ramfs-twice.cpio: $(BUILD)/host/ramfs-newc.cpio $(BUILD)/host/ramfs-extra.cpio
	cat $^ > $@

# Compressed images as distributions make them, and parts of both kinds
# back to back: a cpio part starts at a multiple of 4, a gzip part anywhere.
$(BUILD)/host/%.cpio.gz: $(BUILD)/host/%.cpio
	gzip -9 -n -c $< > $@

$(BUILD)/host/ramfs-gz-cpio.img: $(BUILD)/host/ramfs-newc.cpio.gz $(BUILD)/host/ramfs-extra.cpio
	cp $< $@ && truncate -s %4 $@ && cat $(BUILD)/host/ramfs-extra.cpio >> $@

$(BUILD)/host/ramfs-cpio-gz.img: $(BUILD)/host/ramfs-newc.cpio $(BUILD)/host/ramfs-extra.cpio.gz
	cat $^ > $@

$(BUILD)/host/ramfs-gz-gz.img: $(BUILD)/host/ramfs-newc.cpio.gz $(BUILD)/host/ramfs-extra.cpio.gz
	cp $< $@ && head -c 7 /dev/zero >> $@ && cat $(BUILD)/host/ramfs-extra.cpio.gz >> $@

$(BUILD)/host/cpio $(BUILD)/host/ramfs: $(ramfs_ARCHIVES)
$(BUILD)/host/cpio $(BUILD)/host/ramfs: HOST_CFLAGS += -DRAMFS_FIXTURES='"$(BUILD)/host"'
