HOST_TESTS += vma
host_vma_SRCS := tests/host/test_vma.c tests/host/rbcheck.c mm/mmap.c mm/mremap.c mm/madvise.c mm/msync.c mm/mlock.c mm/overcommit.c kernel/lib/rbtree.c \
	mm/slub.c mm/slab_common.c mm/page_alloc.c
